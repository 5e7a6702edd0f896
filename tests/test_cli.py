"""The command line contract that scripts and checks rely on."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from paramatlas.build import load_report
from tests.conftest import DATA, ROOT

FIT_KEYS = {
    "calibration",
    "lambda",
    "n",
    "slope",
    "intercept",
    "r_squared",
    "rmse",
    "loo_median_fold",
    "loo_within_2x",
    "loo_within_3x",
    "pi90_factor",
    "cohort",
}
ESTIMATE_KEYS = {
    "model",
    "calibration",
    "lambda",
    "accuracy",
    "params_B",
    "low_B",
    "high_B",
    "loo_low_B",
    "loo_high_B",
    "flags",
    "runs",
}


def test_fit_json_default_and_any_lambda(run_cli) -> None:
    code, out, _ = run_cli("--data", str(DATA), "fit", "--json")
    fit = json.loads(out)
    assert code == 0 and set(fit) >= FIT_KEYS
    assert (fit["calibration"], fit["lambda"], fit["n"], len(fit["cohort"])) == (
        "ikp-paper",
        0.0,
        93,
        93,
    )
    code, out, _ = run_cli(
        "--data", str(DATA), "fit", "--calibration", "ikp-refit-v2", "--lambda", "-0.7", "--json"
    )
    fit = json.loads(out)
    assert (code, fit["lambda"], fit["n"]) == (0, -0.7, 89)


def test_estimate_gives_the_answer_at_the_top_and_the_ikp_reading_as_evidence(run_cli) -> None:
    code, out, _ = run_cli("--data", str(DATA), "estimate", "gemini-2.5-pro", "--json")
    found = json.loads(out)
    report = load_report(DATA)
    answer = report.answer("gemini-2.5-pro").as_json()
    assert code == 0 and {k: found[k] for k in answer} == answer
    reading = found["ikp_reading"]
    assert reading["calibration"] == report.default.spec.name
    assert reading == json.loads(run_cli("--data", str(DATA), "ikp", "gemini-2.5-pro", "--json")[1])


def test_ikp_json(run_cli) -> None:
    code, out, _ = run_cli("--data", str(DATA), "ikp", "claude-opus-4.7", "--json")
    estimate = json.loads(out)
    assert code == 0 and set(estimate) >= ESTIMATE_KEYS
    assert estimate["low_B"] < estimate["params_B"] < estimate["high_B"]
    assert estimate["runs"] == [  # oldest first
        "upstream-all1400-v2",
        "notes-2026-05-replication",
        "upstream-all1400-3way",
        "upstream-clean1311",
    ]
    assert estimate["run_id"] == "upstream-clean1311"  # the only run scored like ikp-paper
    assert estimate["params_B"] == pytest.approx(537.6638462650549, rel=1e-9)  # sensitivity.json


def test_estimate_errors_exit_1(run_cli) -> None:
    for command in ("estimate", "ikp"):
        code, out, err = run_cli("--data", str(DATA), command, "nope", "--json")
        assert (code, out, err) == (1, "", "error: no model 'nope' in models.yaml\n")
    code, _, err = run_cli("--data", str(DATA), "fit", "--lambda", "0.5")
    assert (code, err) == (1, "error: λ=0.5 is outside [−5, 0]\n")


def test_console_script_runs_as_installed() -> None:
    exe = Path(sys.executable).with_name("paramatlas")
    run = subprocess.run(
        [str(exe), "--version"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert (run.returncode, run.stdout.strip()) == (0, "paramatlas 0.1.0")


@pytest.mark.parametrize(
    "command",
    [
        "validate",
        "fit",
        "estimate",
        "ikp",
        "generate",
        "build",
        "import",
        "import-upstream",
        "case-study",
        "analysis",
        "benchmark-fit",
        "arch",
        "compute",
        "release",
        "deploy",
        "compare",
    ],
)
def test_every_command_has_help_and_is_documented(run_cli, command: str) -> None:
    code, out, _ = run_cli(command, "--help")
    assert code == 0 and out.startswith(f"usage: paramatlas {command}")
    assert f"paramatlas {command}" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("name", ["lambda", "anchors", "families", "hazards"])
def test_analysis_json(run_cli, name: str) -> None:
    code, out, _ = run_cli("--data", str(DATA), "analysis", name)
    rows = json.loads(out)
    assert code == 0 and len(rows) > 5


def test_analysis_reproduces_the_pages_numbers(run_cli) -> None:
    rows = json.loads(run_cli("--data", str(DATA), "analysis", "lambda")[1])
    hy3 = next(r for r in rows if r["model"] == "hy3-preview")
    assert (round(hy3["factor"], 2), round(hy3["compare_factor"], 2)) == (3.77, 3.46)
    flagged = json.loads(run_cli("--data", str(DATA), "analysis", "hazards")[1])
    assert {
        "model": "gemini-3.5-flash",
        "run": "notes-2026-05-run1",
        "flag": "judge_contention",
    }.items() <= next(f for f in flagged if f["flag"] == "judge_contention").items()


def test_a_cache_folder_is_never_one_that_holds_what_we_did_not_write(
    data_min: Path, tmp_path: Path, run_cli
) -> None:
    """--cache is written to and pruned: refused for the data folder, a folder of other files
    or a file; a folder an earlier cache wrote is reused."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.pickle").write_text("not ours")
    (tmp_path / "file").write_text("x")
    out = str(tmp_path / "docs")
    for folder in (data_min, data_min / "results", other, tmp_path / "file"):
        code, _, err = run_cli(
            "--data", str(data_min), "--cache", str(folder), "generate", "--out", out
        )
        assert code == 1 and err.startswith(f"error: --cache {folder}: "), err
    assert (other / "keep.pickle").read_text() == "not ours"
    cache = tmp_path / "cache"
    for _ in range(2):
        assert (
            run_cli("--data", str(data_min), "--cache", str(cache), "generate", "--out", out)[0]
            == 0
        )
    assert (cache / ".paramatlas-cache").is_file()


def test_help_examples_run_as_printed(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    from paramatlas.cli import EXAMPLES

    monkeypatch.chdir(ROOT)  # the examples read ./data
    for command, _ in EXAMPLES:
        code, out, err = run_cli(*shlex.split(command)[1:])
        assert code == 0 and out and not err, command


def test_every_command_says_what_it_does(run_cli) -> None:
    from paramatlas.cli import parser

    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        assert command.description and command.description.endswith("."), name
    code, out, _ = run_cli("--help")
    assert code == 0 and "exit codes:" in out and "Library code" not in out


def test_help_and_version_load_nothing_heavy() -> None:
    """--help answers without numpy, scipy, pandas, pydantic or Altair (counted in modules
    loaded, not in seconds: CI machines are shared)."""
    probe = (
        "import sys, contextlib, io\n"
        "from paramatlas.cli import main\n"
        "for args in (['--help'], ['--version'], ['build', '--help']):\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        main(args)\n"
        "heavy = {'numpy', 'scipy', 'pandas', 'pydantic', 'altair', 'statsmodels', 'yaml'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"


def test_a_build_loads_no_library_it_does_not_compute_with(data_min: Path, tmp_path: Path) -> None:
    """Generating the site imports neither statsmodels, pandas nor scipy.stats: the Wilson
    interval is its closed form and the t quantile and binomial tail come from
    scipy.special, and each of those libraries costs a build a second or more to import. Nor
    does it start the chart engine (vl_convert): its pictures are written from the specs'
    data, and the chart script ships bundled."""
    probe = (
        "import sys\n"
        "from paramatlas.cli import main\n"
        f"code = main(['--quiet', '--data', {str(data_min)!r}, 'generate', '--out', "
        f"{str(tmp_path / 'docs')!r}])\n"
        "loaded = {'statsmodels', 'pandas', 'scipy.stats', 'vl_convert'} & set(sys.modules)\n"
        "print(code, sorted(loaded))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.split("\n")[-2] == "0 []"


def test_long_commands_say_each_stage_on_stderr_unless_quiet(
    data_min: Path, tmp_path: Path
) -> None:
    """Progress goes to standard error, a line per stage with what it counted; --quiet (before
    or after the command) silences it; standard output and the pages are the same either way."""
    from tests.conftest import cli_process

    runs = {}
    for name, quiet in (("said", []), ("quiet", ["--quiet"]), ("quiet-first", [])):
        first = ["--quiet"] if name == "quiet-first" else []
        out = tmp_path / name
        args = [*first, "--data", str(data_min), "generate", "--out", str(out), *quiet]
        runs[name] = cli_process(*args, cwd=tmp_path)
        assert runs[name].returncode == 0, runs[name].stderr
    stages = [line.split(":")[1].strip() for line in runs["said"].stderr.splitlines()]
    assert stages == ["load", "check and fit", "render and write"]
    assert all(
        line.startswith("paramatlas generate: ") for line in runs["said"].stderr.splitlines()
    )
    models = len(load_report(data_min).models)
    assert f"load: {models} models" in runs["said"].stderr
    assert runs["quiet"].stderr == runs["quiet-first"].stderr == ""
    for name in ("quiet", "quiet-first"):
        assert runs[name].stdout.replace(name, "said") == runs["said"].stdout
        for page in (tmp_path / "said").rglob("*.md"):
            rel = page.relative_to(tmp_path / "said")
            assert (tmp_path / name / rel).read_bytes() == page.read_bytes()
