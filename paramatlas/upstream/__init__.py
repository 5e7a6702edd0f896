"""`paramatlas import-upstream`: convert the IKP data pack into data/ in our own format.

Reads the pack's registry, its two published count sets and its two published calibrations,
and writes models.yaml, one result file per model and count set, one calibration file per
published calibration, and sample answers of each model whose per-probe file the pack holds.
Run once per pack snapshot; the output is committed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from paramatlas.upstream.calibrations import (
    benchmark_scores,
    clean_probes,
    paper_calibration,
    refit_calibration,
)
from paramatlas.upstream.common import LICENSE, PAPER, SNAPSHOT, display_name
from paramatlas.upstream.results import paper_results, refit_results, registry
from paramatlas.upstream.samples import SAMPLES_DIR, pack_samples

__all__ = ["display_name", "import_pack", "start_site", "write_json"]

# What every build writes inside a site's folder; a new site's .gitignore keeps it out of git.
BUILT = ("/site/", "/generated/")


def _dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def import_pack(pack: Path, data_dir: Path) -> int:
    """Write the pack's registry, count sets and calibrations into data_dir; count the files."""
    header = (
        "# Model registry. Imported from the IKP data pack "
        f"(ktwu01/ikp@{SNAPSHOT[:7]}, {LICENSE}); edit by hand from here on.\n"
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "models.yaml").write_text(
        header + _dump_yaml({"models": registry(pack)}), encoding="utf-8"
    )
    write_json(data_dir / "probes" / "clean-1311.json", clean_probes(pack))
    written = 2
    for result in paper_results(pack) + refit_results(pack):
        write_json(data_dir / "results" / result["model"] / f"{result['run_id']}.json", result)
        written += 1
    (data_dir / "benchmarks").mkdir(parents=True, exist_ok=True)
    (data_dir / "benchmarks" / "ikp-upstream.yaml").write_text(
        _dump_yaml(benchmark_scores(pack)), encoding="utf-8"
    )
    written += 1
    for calibration in (paper_calibration(pack), refit_calibration(pack)):
        path = data_dir / "calibration" / f"{calibration['name']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump_yaml(calibration), encoding="utf-8")
        written += 1
    for samples in pack_samples(pack):
        write_json(data_dir / SAMPLES_DIR / f"{samples['model']}.json", samples)
        written += 1
    return written


def start_site(folder: Path, pack: Path, title: str) -> int:
    """A new site's folder (`paramatlas init`): the pack imported into folder/data, the site's
    settings with the paper's calibration as the default and the pack's credit, and a
    .gitignore for what builds write. Count the files written."""
    calibration = paper_calibration(pack)["name"]
    written = import_pack(pack, folder / "data")
    site = {
        "title": title,
        "report_version": "dev",
        "default_calibration": calibration,
        "license_note": f"IKP probe results and calibrations are by {PAPER}, licensed {LICENSE}; "
        "paramatlas converted them to its own file format and recomputes every statistic "
        "from the counts.",
    }
    header = (
        "# The site's own settings. Add site_url: https://owner.github.io/repository/ before\n"
        "# publishing (the sitemap, canonical links and citations need the address).\n"
    )
    (folder / "data" / "site.yaml").write_text(header + _dump_yaml(site), encoding="utf-8")
    (folder / ".gitignore").write_text("\n".join(BUILT) + "\n", encoding="utf-8")
    return written + 2
