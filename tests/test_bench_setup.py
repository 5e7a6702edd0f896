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
