"""The pull-request workflow's summary step, run as GitHub runs it (its own script, read from
the workflow file, in bash with -eo pipefail) in a scratch repository: it always writes a
summary, says what the data's problems are when they do not validate, and links the preview
only when the site was built."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
RUN_URL = "https://github.com/owner/paramatlas/actions/runs/1"


def summary_step() -> str:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text())
    (step,) = [
        s for s in workflow["jobs"]["check"]["steps"] if s.get("name", "").startswith("Summarise")
    ]
    return step["run"]


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str]:
    """A checkout with the fixture data committed as the base branch; (folder, base commit)."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "data_min", repo / "data")
    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)  # the job's make install
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*GIT, "add", "data"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", "base"], cwd=repo, check=True)
    base = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    return repo, base


def run_step(repo: Path, base: str, build: str) -> tuple[int, str]:
    summary = repo.parent / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "BASE_SHA": base}
    env.update(BUILD=build, RUN_URL=RUN_URL)
    run = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", summary_step()],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return run.returncode, summary.read_text() if summary.exists() else ""


def test_a_malformed_file_gets_its_problems_as_the_summary(repo: tuple[Path, str]) -> None:
    folder, base = repo
    (folder / "data/results/secret-x/broken.json").write_text('{"model": "secret-x", "tiers": 3}')
    code, summary = run_step(folder, base, build="failure")
    assert code == 1
    assert "## The pull request's data do not validate" in summary
    assert "| results/secret-x/broken.json | tiers |" in summary
    assert "No preview" in summary and RUN_URL in summary and "artifact" not in summary


def test_a_newer_run_gets_its_move_and_the_preview(repo: tuple[Path, str]) -> None:
    folder, base = repo
    run = folder / "data/results/secret-x/r1.json"
    counts = json.loads(run.read_text())
    counts["tiers"]["T1"]["correct"] -= 2
    counts["tiers"]["T1"]["wrong"] += 2
    run.write_text(json.dumps(counts))
    code, summary = run_step(folder, base, build="success")
    assert code == 0
    (line,) = [line for line in summary.splitlines() if line.startswith("| secret-x |")]
    assert "runs changed: r1" in line
    assert f"`site` artifact of [this run]({RUN_URL})" in summary


def test_a_flagged_run_that_does_not_stand_is_still_reported(repo: tuple[Path, str]) -> None:
    """A run judged with too many workers is flagged, and a flagged run may not stand for its
    model, so no answer moves: the summary still lists the run and its flag."""
    folder, base = repo
    run = json.loads((folder / "data/results/secret-x/r1.json").read_text())
    run.update(run_id="r9", workers=64)
    (folder / "data/results/secret-x/r9.json").write_text(json.dumps(run))
    code, summary = run_step(folder, base, build="success")
    section = summary.split("## Runs added or edited")[1].split("##")[0]
    assert code == 0 and "- secret-x, run r9 (new): reads " in section
    assert "  - `judge_contention`: " in section
