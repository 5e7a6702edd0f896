"""The pull requests contributors send most: a newer run of a model, and a new run of an open
model of known size. Published calibrations are fixed records: neither may move them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from paramatlas.build import load_report
from paramatlas.errors import DataErrors
from tests.conftest import DATA


def add_run(data: Path, model: str, moved: int, tier: str) -> str:
    """Copy a model's upstream count set as its newest run (dated the day after every run the
    data hold), `moved` answers of `tier` turned from correct to wrong (and no reported
    accuracy: the counts speak for themselves). Returns the new run's id."""
    runs = [json.loads(p.read_text()) for p in (data / "results").rglob("*.json")]
    date = (max(dt.date.fromisoformat(r["date"]) for r in runs) + dt.timedelta(days=1)).isoformat()
    run_id = f"{date}-clean1311"
    source = json.loads((data / "results" / model / "upstream-clean1311.json").read_text())
    source.update(run_id=run_id, date=date)
    source.pop("reported", None)
    source["tiers"][tier]["correct"] -= moved
    source["tiers"][tier]["wrong"] += moved
    (data / "results" / model / f"{run_id}.json").write_text(json.dumps(source, indent=2))
    return run_id


def add_open_model(data: Path, slug: str, params_B: float, more: str) -> Path:
    """Append an open dense model of known size to the registry (`more`: further YAML lines of
    the entry); returns the registry's path."""
    registry = data / "models.yaml"
    entry = (
        f"- slug: {slug}\n  name: {slug.title()}\n  vendor: lab\n  family: new\n"
        f"  arch: dense\n  open: true\n  params_B: {params_B}\n{more}"
    )
    registry.write_text(registry.read_text() + entry)
    return registry


@pytest.fixture(scope="module")
def contributed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("contrib") / "data"
    shutil.copytree(DATA, data)
    add_run(data, "claude-opus-4.1", 5, "T4")
    add_run(data, "llama-3.1-8b", 10, "T3")
    return data


def test_validate_and_build_accept_newer_runs(contributed: Path, run_cli) -> None:
    code, out, err = run_cli("--data", str(contributed), "validate")
    assert (code, err) == (0, "") and out.startswith("ok:")
    load_report(contributed)  # raises DataErrors on any drift from the published figures


def test_published_calibrations_do_not_move(contributed: Path) -> None:
    before, after = load_report(DATA), load_report(contributed)
    for old, new in zip(before.calibrations, after.calibrations, strict=True):
        assert new.headline.fit == old.headline.fit
        assert [c.reproduced for c in new.comparisons] == [c.reproduced for c in old.comparisons]
        assert all(c.ok for c in new.comparisons)


def test_the_newer_run_gets_its_own_estimate(contributed: Path) -> None:
    before, after = load_report(DATA), load_report(contributed)
    old = before.est.estimate("claude-opus-4.1")
    new = after.est.estimate("claude-opus-4.1")
    runs = [json.loads(p.read_text()) for p in (contributed / "results/claude-opus-4.1").iterdir()]
    newest = max(runs, key=lambda run: run["date"])["run_id"]
    assert new.run_id == newest != old.run_id
    assert new.accuracy < old.accuracy and new.params_B < old.params_B


def test_a_cohort_models_new_run_shows_as_a_refit_what_if(contributed: Path) -> None:
    def paper(data: Path):
        return next(c for c in load_report(data).calibrations if c.spec.name == "ikp-paper")

    view, base = paper(contributed), paper(DATA)
    assert view.refit is not None and view.refit.fit.slope != view.headline.fit.slope
    # What the contribution adds to the what-if, beyond the registry corrections already there.
    added = set(view.refit_changes["changes"]) - set(base.refit_changes.get("changes", []))
    assert added == {"llama-3.1-8b"}
    assert view.refit_changes["joins"] == base.refit_changes.get("joins", [])


def test_a_pinned_run_that_goes_missing_is_named(
    contributed: Path, tmp_path: Path, run_cli
) -> None:
    data = tmp_path / "data"
    shutil.copytree(contributed, data)
    (data / "results" / "llama-3.1-8b" / "upstream-clean1311.json").unlink()
    code, _, err = run_cli("--data", str(data), "validate")
    assert code == 1
    assert "calibration/ikp-paper.yaml: cohort[" in err and "no run 'upstream-clean1311'" in err


def test_validate_runs_every_check_a_build_runs(tmp_path: Path, run_cli) -> None:
    """A drifted published figure and a configuration that cannot be counted fail validate
    exactly as they fail the build: by file and field, without a traceback."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    cal = data / "calibration" / "ikp-paper.yaml"
    cal.write_text(cal.read_text().replace("slope: 0.1587", "slope: 0.1687", 1))
    config = data / "architectures" / "qwen-2.5-7b.yaml"
    config.write_text(config.read_text().replace("model_type: qwen2", "model_type: rwkv"))
    code, _, err = run_cli("--data", str(data), "validate")
    assert code == 1 and "Traceback" not in err
    assert "calibration/ikp-paper.yaml: published.rows[" in err
    assert "architectures/qwen-2.5-7b.yaml: config: " in err
    with pytest.raises(DataErrors) as built:
        load_report(data)
    assert {e.file for e in built.value.errors} == {
        "calibration/ikp-paper.yaml",
        "architectures/qwen-2.5-7b.yaml",
    }


def test_counts_must_match_the_probe_set(tmp_path: Path, run_cli) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "results" / "claude-opus-4.1" / "upstream-clean1311.json"
    result = json.loads(path.read_text())
    result["tiers"]["T4"]["correct"] += 3  # 3 answers more than T4 has probes
    path.write_text(json.dumps(result))
    code, _, err = run_cli("--data", str(data), "validate")
    assert code == 1
    assert "results/claude-opus-4.1/upstream-clean1311.json: tiers.T4: " in err
    assert "(expected 188, the probes of T4 in the clean-1311 set)" in err


def test_import_refuses_an_unknown_model_with_close_slugs(tmp_path: Path, run_cli) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = sorted(data.rglob("*"))
    code, _, err = run_cli(
        "--data", str(data), "import", str(DATA / "models.yaml"), "--model", "claude-opus-41"
    )
    assert code == 1 and "unknown model 'claude-opus-41'" in err
    assert "claude-opus-4.1" in err and "data/models.yaml" in err
    assert sorted(data.rglob("*")) == before


def test_a_new_open_model_joins_only_the_refit_what_if(tmp_path: Path, run_cli) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    add_open_model(
        data,
        "new-open-40b",
        40,
        "  release_date: '2026-11-01'\n  size_citation: {text: Model card}\n",
    )
    (data / "results" / "new-open-40b").mkdir()
    run_id = add_run(data, "llama-3.1-8b", 0, "T1")
    moved = data / "results" / "llama-3.1-8b" / f"{run_id}.json"
    run = json.loads(moved.read_text()) | {"model": "new-open-40b"}
    (data / "results" / "new-open-40b" / moved.name).write_text(json.dumps(run))
    moved.unlink()
    assert run_cli("--data", str(data), "validate")[0] == 0
    view = next(c for c in load_report(data).calibrations if c.spec.name == "ikp-paper")
    base = next(c for c in load_report(DATA).calibrations if c.spec.name == "ikp-paper")
    assert view.headline.fit == base.headline.fit  # the published fit does not move
    assert "new-open-40b" in view.refit_changes["joins"]
    # The pull request's summary: the known size first, and the refit it would join.
    code, summary, _ = run_cli("--data", str(data), "compare", str(DATA))
    (row,) = [line for line in summary.splitlines() if line.startswith("| new-open-40b |")]
    assert code == 0 and row.startswith("| new-open-40b | 40B | — | 40B |")
    (what_if,) = [line for line in summary.splitlines() if line.startswith("- ikp-paper (")]
    assert "joins: new-open-40b" in what_if and "the published fit does not move" in what_if


def test_one_mistake_gets_one_message(tmp_path: Path, run_cli) -> None:
    """A registry entry missing its size's citation: that entry is named, and nothing that
    depends on the registry (corrections, results) is reported unknown because of it."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    registry = add_open_model(data, "uncited-7b", 7, "")
    code, _, err = run_cli("--data", str(data), "validate")
    assert code == 1
    assert err.splitlines() == [
        "models.yaml: models[slug=uncited-7b]: a known size (params_B) needs a size_citation",
        "1 problem in the data",
    ]
    # Asked about one result file, validate answers about that file, and says the rest of
    # the data did not load rather than reporting it.
    run = data / "results" / "claude-opus-4.1" / "upstream-clean1311.json"
    code, out, err = run_cli("--data", str(data), "validate", str(run))
    assert (code, out) == (0, "ok: 1 path(s) checked\n")
    assert err.startswith("note: the rest of the data has 1 problem(s)")
    code, _, err = run_cli("--data", str(data), "validate", str(registry))
    assert code == 1 and "uncited-7b" in err and "corrections" not in err


def test_a_file_where_no_data_are_read_is_named(data_min: Path, run_cli) -> None:
    """A result file in a misspelt folder would be left out without a word: it is named."""
    (data_min / "result" / "secret-x").mkdir(parents=True)
    shutil.copy(data_min / "results/secret-x/r1.json", data_min / "result/secret-x/r1.json")
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert code == 1 and err.startswith("result: (file): not a place the data are read from")


def test_validate_path_answers_for_what_it_is_given(data_min: Path, run_cli) -> None:
    code, _, err = run_cli("--data", str(data_min), "validate", str(data_min / "results/typo.json"))
    assert code == 1 and "results/typo.json: (file): no such file or folder" in err
    # The registry takes part in every check across files: a renamed slug orphans its runs.
    registry = data_min / "models.yaml"
    registry.write_text(registry.read_text().replace("slug: secret-x,", "slug: secret-y,"))
    code, _, err = run_cli("--data", str(data_min), "validate", str(registry))
    assert code == 1 and "results/secret-x/r1.json: model: unknown model 'secret-x'" in err


def test_import_names_a_date_it_cannot_read(data_min: Path, run_cli) -> None:
    evaluator = Path(__file__).parent / "fixtures/upstream/evaluator.json"
    code, _, err = run_cli(
        "--data",
        str(data_min),
        "import",
        str(evaluator),
        "--model",
        "secret-x",
        "--date",
        "2026-13-01",
    )
    assert code == 1 and err.startswith("--date: date: '2026-13-01': month must be in 1..12")
