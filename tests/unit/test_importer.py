"""`paramatlas import`: upstream per-probe files become compact result files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from paramatlas.importer import convert
from paramatlas.schema import DEFAULT_JUDGE
from tests.conftest import DATA, FIXTURES, UPSTREAM

UP = FIXTURES / "upstream"


@pytest.fixture
def data_min(data_min: Path) -> Path:
    """The small dataset with the fixture pack's cleaned probe list, which the importer reads."""
    (data_min / "probes").mkdir(exist_ok=True)
    shutil.copy(UP / "clean-1311.json", data_min / "probes" / "clean-1311.json")
    return data_min


def test_evaluator_file_to_the_clean_count_set(data_min: Path) -> None:
    result = convert(UP / "evaluator.json", model="tiny-1b", data_dir=data_min)
    assert result["scoring"] == {
        "probes": "clean-1311",
        "researcher_verdicts": "3-way",
        "query_errors": "excluded",
    }
    assert result["run_id"] == "2026-04-25-clean1311"
    assert result["judge"] == "judge/model-a"
    # T1: CORRECT, WRONG (not in the clean list), REFUSAL, CORRECT.
    assert result["tiers"]["T1"] == {"correct": 2, "weak": 0, "wrong": 0, "refusal": 1}
    # T2: WRONG, REFUSAL, CORRECT, and one empty answer: a query error, dropped and counted.
    assert result["tiers"]["T2"] == {"correct": 1, "weak": 0, "wrong": 1, "refusal": 1}
    assert result["query_errors"] == {"T1": 0, "T2": 1, "T3": 0, "T4": 0, "T5": 0, "T6": 0, "T7": 0}


def test_evaluator_with_4way_file_to_the_refit_count_set(data_min: Path) -> None:
    result = convert(
        UP / "evaluator.json", model="tiny-1b", data_dir=data_min, v2_path=UP / "evaluator_v2.json"
    )
    assert result["scoring"]["probes"] == "all-1400"
    assert result["run_id"] == "2026-04-25-all1400-v2"
    assert result["query_errors"] is None
    assert result["tiers"]["T1"] == {"correct": 2, "weak": 0, "wrong": 1, "refusal": 1}
    # T2's empty answer was judged REFUSAL and counts as one here.
    assert result["tiers"]["T2"] == {"correct": 1, "weak": 0, "wrong": 1, "refusal": 2}
    # T3's researcher probe takes its 4-way verdict (WRONG) from the v2 file.
    assert result["tiers"]["T3"] == {"correct": 1, "weak": 0, "wrong": 2, "refusal": 1}
    assert result["tiers"]["T6"]["weak"] == 1  # a CORRECT_WEAK researcher verdict


def test_estimator_output_needs_a_date(data_min: Path) -> None:
    from paramatlas.errors import DataErrors

    with pytest.raises(
        DataErrors,
        match="reeval_timestamp: the file does not say when it was "
        r"run \(expected --date YYYY-MM-DD\)",
    ):
        convert(UP / "estimator.json", model="tiny-1b", data_dir=data_min)
    import datetime as dt

    result = convert(
        UP / "estimator.json",
        model="tiny-1b",
        data_dir=data_min,
        date=dt.date(2026, 5, 1),
        workers=16,
    )
    same = convert(UP / "evaluator.json", model="tiny-1b", data_dir=data_min)
    assert result["tiers"] == same["tiers"]
    assert (result["workers"], result["run_id"]) == (16, "2026-05-01-clean1311")


def test_import_command_writes_a_valid_file_and_refuses_to_overwrite(
    data_min: Path, run_cli
) -> None:
    args = (
        "--data",
        str(data_min),
        "import",
        str(UP / "evaluator.json"),
        "--model",
        "secret-x",
        "--workers",
        "8",
    )
    code, out, err = run_cli(*args)
    target = data_min / "results/secret-x/2026-04-25-clean1311.json"
    assert (code, out, err) == (0, f"wrote {target}\n", "")
    assert json.loads(target.read_text())["workers"] == 8
    assert run_cli("--data", str(data_min), "validate", str(target))[0] == 0
    code, _, err = run_cli(*args)
    assert code == 1
    assert err.startswith(f"{target}: run_id: a result file with this run id exists")


def test_import_rejects_a_bad_verdict(data_min: Path, tmp_path: Path, run_cli) -> None:
    data = json.loads((UP / "evaluator.json").read_text())
    data["results"][5]["verdict"] = "MAYBE"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    code, _, err = run_cli("--data", str(data_min), "import", str(bad), "--model", "secret-x")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{bad}: results[5].verdict: got 'MAYBE' (expected one of ['CORRECT', 'REFUSAL', 'WRONG'])"
    )


@pytest.mark.skipif(not UPSTREAM.is_dir(), reason="the IKP data pack is not beside the checkout")
@pytest.mark.parametrize("model", ["deepseek-v3", "qwen-2.5-7b", "gemini-3-flash"])
def test_upstream_per_probe_files_reproduce_the_committed_counts(model: str) -> None:
    probe_file = UPSTREAM / "data/results" / f"{model}.json"
    clean = convert(probe_file, model=model, data_dir=DATA)
    committed = json.loads((DATA / "results" / model / "upstream-clean1311.json").read_text())
    assert (clean["tiers"], clean["query_errors"]) == (
        committed["tiers"],
        committed["query_errors"],
    )
    refit = convert(
        probe_file,
        model=model,
        data_dir=DATA,
        v2_path=UPSTREAM / "data/results_v2" / f"{model}.json",
    )
    committed = json.loads((DATA / "results" / model / "upstream-all1400-v2.json").read_text())
    assert refit["tiers"] == committed["tiers"]


# Registry entries changed by hand after the import, with what changed.
EDITED = {"hy3-preview": {"arch", "params_B", "size_citation", "note"}}


@pytest.mark.skipif(not UPSTREAM.is_dir(), reason="the IKP data pack is not beside the checkout")
def test_import_upstream_regenerates_the_committed_data(tmp_path: Path, run_cli) -> None:
    code, _, _ = run_cli("--data", str(tmp_path), "import-upstream", str(UPSTREAM))
    assert code == 0
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    samples = {p.as_posix() for p in made if p.parts[:2] == ("probes", "samples")}
    assert samples == {
        f"probes/samples/{m}.json" for m in ("deepseek-v3", "gemini-3-flash", "qwen-2.5-7b")
    }
    for rel in made:
        if rel.as_posix() != "models.yaml":
            assert (tmp_path / rel).read_bytes() == (DATA / rel).read_bytes(), rel
    imported = {
        m["slug"]: m for m in yaml.safe_load((tmp_path / "models.yaml").read_text())["models"]
    }
    committed = {m["slug"]: m for m in yaml.safe_load((DATA / "models.yaml").read_text())["models"]}
    assert set(imported) <= set(committed)
    for slug, entry in imported.items():
        changed = {
            k
            for k in entry.keys() | committed[slug].keys()
            if entry.get(k) != committed[slug].get(k)
        }
        assert changed <= EDITED.get(slug, set()), slug


def test_import_refuses_impossible_counts_before_writing(
    data_min: Path, tmp_path: Path, run_cli
) -> None:
    """A file missing some probes gives tier counts its probe set cannot have: import runs the
    checks `validate` runs on a result file and writes nothing."""
    upstream = json.loads((UP / "evaluator.json").read_text())
    upstream["results"] = upstream["results"][1:]  # T1's first probe is missing
    short = tmp_path / "short.json"
    short.write_text(json.dumps(upstream))
    before = sorted(data_min.rglob("*"))
    code, out, err = run_cli("--data", str(data_min), "import", str(short), "--model", "secret-x")
    assert (code, out) == (1, "")
    assert err.startswith("results/secret-x/2026-04-25-clean1311.json: tiers.T1: ")
    assert sorted(data_min.rglob("*")) == before


def test_import_names_the_judge_it_assumes(data_min: Path, tmp_path: Path, run_cli) -> None:
    upstream = json.loads((UP / "evaluator.json").read_text())
    del upstream["judge_model"]
    unnamed = tmp_path / "unnamed.json"
    unnamed.write_text(json.dumps(upstream))
    code, out, _ = run_cli("--data", str(data_min), "import", str(unnamed), "--model", "secret-x")
    written = json.loads((data_min / "results/secret-x/2026-04-25-clean1311.json").read_text())
    assert code == 0 and f"{DEFAULT_JUDGE} assumed" in out
    assert written["judge"] == DEFAULT_JUDGE and "judge assumed" in written["source"]["text"]
    code, out, _ = run_cli(
        "--data",
        str(data_min),
        "import",
        str(unnamed),
        "--model",
        "secret-x",
        "--judge",
        "openai/gpt-5-mini",
        "--run-id",
        "judged",
        "--date",
        "2026-04-25",
    )
    written = json.loads((data_min / "results/secret-x/judged.json").read_text())
    assert code == 0 and "assumed" not in out + written["source"]["text"]
    assert written["judge"] == "openai/gpt-5-mini"
    _, help_text, _ = run_cli("import", "--help")
    assert f"default: {DEFAULT_JUDGE}" in " ".join(help_text.split())
