"""Synthetic data with the real shape, for the benchmark: a registry, about two count sets per
model like the committed data, tier counts drawn from a size-dependent recall model."""

from __future__ import annotations

import json
import math
import random
import shutil
from pathlib import Path

import yaml

from paramatlas.stats import TIERS

ROOT = Path(__file__).resolve().parents[1]
PAPER = {"probes": "clean-1311", "researcher_verdicts": "3-way", "query_errors": "excluded"}
REFIT = {"probes": "all-1400", "researcher_verdicts": "4-way", "query_errors": "refusal"}


def _counts(rng: random.Random, size_b: float, every_probe: bool) -> dict[str, dict[str, int]]:
    """Recall falls with tier and rises with log size, as in the real count sets. A count set
    that scores failed queries as refusals counts every probe of the tier (200); one that drops
    them counts fewer."""
    tiers = {}
    for i, tier in enumerate(TIERS):
        p = 1 / (1 + math.exp(-(1.2 * math.log10(size_b) + 2.5 - 1.1 * i + rng.gauss(0, 0.3))))
        total = 200 if every_probe else rng.randint(160, 172)
        correct = sum(rng.random() < p for _ in range(total))
        wrong = sum(rng.random() < 0.4 for _ in range(total - correct))
        tiers[tier] = {
            "correct": correct,
            "weak": 0,
            "wrong": wrong,
            "refusal": total - correct - wrong,
        }
    return tiers


def make_dataset(target: Path, n_files: int, seed: int = 7) -> Path:
    """A data folder with about `n_files` result files (two per model) and both calibrations."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "calibration").mkdir(parents=True)
    models = []
    for i in range(max(4, n_files // 2)):
        is_open = i % 2 == 0
        size = 10 ** rng.uniform(-0.8, 3.2)
        entry = {
            "slug": f"model-{i:05d}",
            "name": f"Model {i}",
            "vendor": f"vendor-{i % 27}",
            "family": f"family-{i % 40}",
            "arch": "dense" if i % 3 else "moe",
            "open": is_open,
            "release_date": f"{2023 + i % 4}-{1 + i % 12:02d}-15",
        }
        if is_open:
            entry |= {
                "params_B": round(size, 3),
                "size_citation": {"text": "synthetic benchmark data"},
            }
        models.append(entry)
        for run_id, scoring, date in (
            ("clean", PAPER, "2026-07-05"),
            ("refit", REFIT, "2026-04-27"),
        ):
            result = {
                "schema_version": 1,
                "model": entry["slug"],
                "run_id": run_id,
                "date": date,
                "judge": "google/gemini-3-flash-preview",
                "workers": 8,
                "scoring": scoring,
                "tiers": _counts(rng, size, scoring["query_errors"] == "refusal"),
                "query_errors": None,
                "source": {"text": "synthetic"},
            }
            path = target / "results" / entry["slug"] / f"{run_id}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(result, indent=2, sort_keys=True))
    (target / "models.yaml").write_text(yaml.safe_dump({"models": models}, sort_keys=False))
    for name in ("ikp-paper.yaml", "ikp-refit-v2.yaml"):
        spec = yaml.safe_load((ROOT / "data/calibration" / name).read_text())
        spec["excluded"], spec["withheld"] = [], []
        spec.pop("published")  # the synthetic counts reproduce nothing published
        spec.pop("cohort")  # the real cohort's models are not here: the rule picks one
        (target / "calibration" / name).write_text(yaml.safe_dump(spec, sort_keys=False))
    shutil.copy(ROOT / "data/site.yaml", target / "site.yaml")
    return target


def add_run(data: Path, model: str, run_id: str, seed: int = 11) -> Path:
    """One more result file for an existing model (the benchmark's one-file rebuild)."""
    rng = random.Random(seed)
    path = data / "results" / model / f"{run_id}.json"
    result = {
        "schema_version": 1,
        "model": model,
        "run_id": run_id,
        "date": "2026-08-01",
        "judge": "google/gemini-3-flash-preview",
        "workers": 8,
        "scoring": PAPER,
        "tiers": _counts(rng, 50.0, every_probe=False),
        "query_errors": None,
        "source": {"text": "synthetic"},
    }
    path.write_text(json.dumps(result, indent=2, sort_keys=True))
    return path
