"""A year of the project in a scratch repository: a release and its ledger committed, the pull
requests contributors send (a newer run of a closed model, a new open model of known size, a
malformed file), and a second release. The tests keep passing at every step: none of them may
depend on today's data standing still."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, cli_process

pytestmark = pytest.mark.e2e

GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
# The suites that read the committed data, and the browser over its built site.
SUITES = ["tests/unit", *sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("tests/test_*.py"))]
SUITES.append("tests/e2e/test_browser.py")


def repo_env(repo: Path) -> dict[str, str]:
    """The scratch repository's own code first, and no published address (a laptop's)."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    env.pop("PARAMATLAS_SITE_URL", None)
    return env


def run(repo: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=repo, capture_output=True, text=True, env=repo_env(repo), check=False
    )


def paramatlas(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli_process(*args, cwd=repo, env=repo_env(repo))


def commit(repo: Path, message: str) -> None:
    for args in (["add", "-A"], ["commit", "-qm", message]):
        subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True)


def checkout_copy(target: Path) -> Path:
    """The working tree as git sees it (tracked and new files, nothing ignored), committed
    into a fresh repository: what a clone of this state would hold."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    commit(target, "the project as it stands")
    return target


def next_version(repo: Path, months: int) -> str:
    """A calendar version after every release the data hold."""
    released = [p.stem for p in (repo / "data" / "releases").glob("*.json")]
    year, month = max((tuple(map(int, v.split(".")[:2])) for v in released), default=(2026, 1))
    year, month = divmod(year * 12 + month - 1 + months, 12)
    return f"{year}.{month + 1}"


def newest_date(data: Path) -> str:
    """The newest date the data hold, of a run or of a release."""
    dated = [*(data / "results").rglob("*.json"), *(data / "releases").glob("*.json")]
    return max(json.loads(p.read_text())["date"] for p in dated)


def contribute(data: Path) -> tuple[str, str]:
    """A newer run of a closed model and a first run of a new open model of known size, each
    dated after every run the data hold (copies of upstream count sets, a few answers moved)."""
    day = (dt.date.fromisoformat(newest_date(data)) + dt.timedelta(days=1)).isoformat()
    closed = next(
        m
        for m in yaml.safe_load((data / "models.yaml").read_text())["models"]
        if not m["open"] and (data / "results" / m["slug"] / "upstream-clean1311.json").exists()
    )["slug"]
    run = json.loads((data / "results" / closed / "upstream-clean1311.json").read_text())
    run.update(run_id=f"{day}-clean1311", date=day)
    run.pop("reported", None)
    run["tiers"]["T4"]["correct"] -= 5
    run["tiers"]["T4"]["wrong"] += 5
    (data / "results" / closed / f"{day}-clean1311.json").write_text(json.dumps(run, indent=2))
    registry = data / "models.yaml"
    registry.write_text(
        registry.read_text()
        + "- slug: lifecycle-open-7b\n  name: Lifecycle Open 7B\n  vendor: lifecycle\n"
        "  family: lifecycle\n  arch: dense\n  open: true\n  params_B: 7.2\n"
        f"  release_date: '{day}'\n  size_citation:\n    text: Model card\n"
        "    url: https://example.org/lifecycle-open-7b\n"
    )
    source = data / "results" / "llama-3.1-8b" / "upstream-clean1311.json"
    new = json.loads(source.read_text()) | {"model": "lifecycle-open-7b", "date": day}
    new.update(run_id=f"{day}-clean1311")
    new.pop("reported", None)
    (data / "results" / "lifecycle-open-7b").mkdir()
    (data / "results" / "lifecycle-open-7b" / f"{day}-clean1311.json").write_text(json.dumps(new))
    return closed, "lifecycle-open-7b"


def test_releases_and_pull_requests_keep_the_tests_green(tmp_path: Path) -> None:
    repo = checkout_copy(tmp_path / "repo")
    shared = ROOT.parent / "shared"
    if shared.is_dir():  # the IKP pack beside the checkout, where the reproduction tests look
        (tmp_path / "shared").symlink_to(shared)
    data = repo / "data"

    first = next_version(repo, 1)
    released = paramatlas(repo, "release", first, "--date", newest_date(data))
    assert released.returncode == 0, released.stderr
    commit(repo, f"Release {first}")

    closed, opened = contribute(data)
    assert paramatlas(repo, "validate").returncode == 0
    commit(repo, "contributed runs")

    suite = run(repo, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITES)
    assert suite.returncode == 0, suite.stdout[-4000:]

    malformed = data / "results" / opened / "malformed.json"
    malformed.write_text('{"model": "lifecycle-open-7b", "tiers": {}}')
    refused = paramatlas(repo, "validate")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"results/{opened}/malformed.json" in refused.stderr
    malformed.unlink()

    second = next_version(repo, 1)
    released = paramatlas(repo, "release", second, "--date", newest_date(data))
    assert released.returncode == 0, released.stderr
    ledger = json.loads((data / "releases" / f"{second}.json").read_text())
    assert {closed, opened} <= set(ledger["models"])
