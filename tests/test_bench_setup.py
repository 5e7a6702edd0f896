"""`make bench` installs Lighthouse with `npm ci` from its lock file on a fresh machine: the
lock must stay in sync with package.json as the registry moves (no dependency at "latest")."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

LIGHTHOUSE = ROOT / "tools" / "lighthouse"


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_npm_ci_accepts_the_lock_file(tmp_path: Path) -> None:
    for name in ("package.json", "package-lock.json"):
        shutil.copy(LIGHTHOUSE / name, tmp_path / name)
    run = subprocess.run(
        ["npm", "ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]


def test_the_bench_prints_every_figure_of_a_scale_once_measured(tmp_path: Path) -> None:
    """`make bench` on a small scale: every figure of its table printed, each a number (what
    the figures are is the bench's business; that it still runs on this checkout is ours)."""
    import os
    import sys

    from tests.bench import ROWS

    run = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "bench.py"), "20"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    printed = {line[:32].strip(): line[32:].split() for line in run.stdout.splitlines()}
    assert "20 result files" in run.stdout
    for label, _ in ROWS:
        assert float(printed[label.strip()][0]) >= 0, label


def git(root: Path, *args: str) -> str:
    run = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return run.stdout.strip()


def test_the_bench_holds_the_build_to_the_newest_release_recorded(tmp_path: Path) -> None:
    """The previous release is the newest ledger by version (2026.11 after 2026.9), and its
    commit the one that added that ledger; none before the first release or its commit."""
    from tests.bench import previous_release

    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "bench@example.org")
    git(tmp_path, "config", "user.name", "bench")
    releases = tmp_path / "data" / "releases"
    releases.mkdir(parents=True)
    assert previous_release(tmp_path) is None
    added = {}
    for version in ("2026.9", "2026.11", "2026.10"):
        (releases / f"{version}.json").write_text("{}\n")
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-q", "-m", f"release {version}")
        added[version] = git(tmp_path, "rev-parse", "--short", "HEAD")
    (tmp_path / "later.txt").write_text("a later commit\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "later")
    assert previous_release(tmp_path) == ("release 2026.11", added["2026.11"])
    (releases / "2026.12.json").write_text("{}\n")  # written, not yet committed
    assert previous_release(tmp_path) is None
