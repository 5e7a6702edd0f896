"""Faults a maintainer meets: Ctrl-C, a killed build, a full disk, a folder that cannot be
written, a web server running as another user. Each ends in one line and leaves the previous
site, and no litter."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLI, ROOT, cli_process, without_progress
from tests.e2e.test_build import tree_digest

pytestmark = pytest.mark.e2e


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.fixture
def previous(data_min: Path, tmp_path: Path, run_cli) -> Path:
    """A site built before the fault."""
    out = tmp_path / "out" / "site"
    assert run_cli("--data", str(data_min), "build", "--out", str(out))[0] == 0
    return out


def test_ctrl_c_during_a_build_leaves_the_previous_site(data_min: Path, previous: Path) -> None:
    before = tree_digest(previous)
    build = subprocess.Popen(
        [sys.executable, "-c", CLI, "--data", str(data_min), "build", "--out", str(previous)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As a terminal's foreground job: a test run in the background has SIGINT ignored,
        # which its children inherit (and Python then never raises KeyboardInterrupt).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    said = []  # the build announces mkdocs as it starts it: the signal lands while it runs
    while not any("mkdocs: building" in line for line in said) and build.poll() is None:
        said.append(build.stderr.readline())
    assert list(previous.parent.glob(".site.tmp-*")), said  # mkdocs writes into the staging
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=120)
    assert build.returncode == 130, said
    assert without_progress("".join(said) + err) == ["interrupted: nothing was replaced"]
    assert tree_digest(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == ["site"]


def test_what_a_killed_build_left_is_removed_and_ignored(
    data_min: Path, previous: Path, run_cli
) -> None:
    pid = dead_pid()
    litter = [previous.parent / f".site.tmp-{pid}-x1y2", previous.parent / f".site.old-{pid}"]
    for folder in litter:
        folder.mkdir()
        (folder / "index.html").write_text("half a site")
    assert run_cli("--data", str(data_min), "build", "--out", str(previous))[0] == 0
    assert sorted(p.name for p in previous.parent.iterdir()) == ["site"]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", ".site.tmp-123-abc/", ".site.old-123/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == [".site.tmp-123-abc/", ".site.old-123/"]


@pytest.mark.parametrize(
    ("code", "cause"),
    [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")],
)
def test_a_disk_that_refuses_writes_ends_in_one_line(
    data_min: Path, previous: Path, run_cli, monkeypatch: pytest.MonkeyPatch, code: int, cause: str
) -> None:
    before = tree_digest(previous)

    def refusing(write):  # the disk takes nothing more inside the site's staging folder
        def refuse(path: Path, content, *args, **kwargs) -> int:
            if ".site.tmp-" in str(path):
                raise OSError(code, os.strerror(code), str(path))
            return write(path, content, *args, **kwargs)

        return refuse

    monkeypatch.setattr(Path, "write_bytes", refusing(Path.write_bytes))
    monkeypatch.setattr(Path, "write_text", refusing(Path.write_text))
    status, _, err = run_cli("--data", str(data_min), "build", "--out", str(previous))
    (line,) = without_progress(err)
    assert status == 1
    assert line.startswith(f"error: {previous.parent}/.site.tmp-") and line.endswith(cause)
    assert tree_digest(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == ["site"]


def test_the_site_gets_the_modes_a_web_server_needs(data_min: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run = cli_process(
        "--data", str(data_min), "build", "--out", str(out), before="import os; os.umask(0o022); "
    )
    assert run.returncode == 0, run.stderr
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o004, path  # readable by others
        assert not path.is_dir() or mode & 0o001, path  # and folders can be entered
