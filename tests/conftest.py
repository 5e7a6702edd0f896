"""Shared fixtures: the committed data, a small hand-made dataset, the CLI, one built site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from paramatlas.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = Path(__file__).parent / "fixtures"
UPSTREAM = ROOT.parent / "shared" / "ikp-upstream"
# The `paramatlas` command as Python code, for a process of its own: what only a process shows
# (signals, the environment, the umask).
CLI = "import sys; from paramatlas.cli import main; sys.exit(main(sys.argv[1:]))"


def cli_process(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, before: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run `paramatlas ARGS` in a new process (`before`: Python run first, e.g. a umask)."""
    return subprocess.run(
        [sys.executable, "-c", before + CLI, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def without_progress(err: str) -> list[str]:
    """The lines of standard error that are not progress lines (`paramatlas COMMAND: ...`)."""
    return [line for line in err.splitlines() if not re.match(r"paramatlas [a-z-]+: ", line)]


@pytest.fixture
def data_min(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/data_min (8 models, 1 calibration)."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "data_min", target)
    return target


@pytest.fixture
def write_files() -> Callable[[Path, dict[str, str | bytes]], Path]:
    """Write {relative path: content} under a folder, creating parents."""

    def write(root: Path, files: dict[str, str | bytes]) -> Path:
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `paramatlas ARGS` in-process: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse exits on usage errors and --help
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return code, out.out, out.err

    return run
