"""The package as a user of the Python ecosystem gets it: a wheel built from the checkout,
installed into a new environment outside it, builds a site from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, UPSTREAM

pytestmark = pytest.mark.e2e


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # Nothing of the checkout on the path: the installed package is the only one there is.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a new environment holding the wheel (and, through a .pth file, the
    locked dependencies of the project's environment, which the network is not needed for)."""
    work = tmp_path_factory.mktemp("wheel")
    tracked = run("git", "ls-files", "-z", cwd=ROOT).stdout.split("\0")
    source = work / "source"  # a copy: building writes build/ and *.egg-info beside the code
    for rel in filter(None, tracked):
        target = source / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / rel).is_file():
            target.write_bytes((ROOT / rel).read_bytes())
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    run(*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", work / "dist", source, cwd=work)
    (wheel,) = (work / "dist").glob("paramatlas-*.whl")
    venv = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    run(*pip, "--python", venv / "bin" / "python", "install", "--no-deps", wheel, cwd=work)
    purelib = run(
        venv / "bin" / "python",
        "-c",
        "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        cwd=work,
    )
    Path(purelib.stdout.strip(), "dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    return venv / "bin"


def test_the_wheel_holds_what_a_build_needs(installed: Path) -> None:
    (wheel,) = (installed.parents[1] / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (ROOT / "paramatlas" / "site").rglob("*"):
        if shipped.is_file():
            assert shipped.relative_to(ROOT).as_posix() in names
    for template in (ROOT / "paramatlas" / "templates").iterdir():
        assert template.relative_to(ROOT).as_posix() in names


def test_the_installed_package_is_the_wheel_not_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    found = run(
        installed / "python", "-c", "import paramatlas; print(paramatlas.__file__)", cwd=tmp_path
    )
    assert Path(found.stdout.strip()).is_relative_to(installed.parent)
    version = run(installed / "paramatlas", "--version", cwd=tmp_path).stdout
    assert version.split() == [
        "paramatlas",
        run(
            installed / "python",
            "-c",
            "import paramatlas; print(paramatlas.__version__)",
            cwd=tmp_path,
        ).stdout.strip(),
    ]


def test_a_site_builds_from_any_folder(installed: Path, tmp_path: Path) -> None:
    data = tmp_path / "elsewhere" / "data"
    data.parent.mkdir()
    run("cp", "-r", FIXTURES / "data_min", data, cwd=tmp_path)
    out = tmp_path / "out"
    done = run(installed / "paramatlas", "build", "--data", data, "--out", out, cwd=tmp_path)
    assert f"into {out}" in done.stdout
    assert (out / "index.html").is_file()
    assert (out / "models" / "small-10b" / "index.html").is_file()
    home = (out / "index.html").read_text()
    for asset in ("assets/css/paramatlas.css", "assets/js/paramatlas-tables.js"):
        assert asset in home
        assert (out / asset).is_file()
    assert '<meta name="generator" content="paramatlas">' in home  # the theme overrides


@pytest.mark.skipif(not UPSTREAM.is_dir(), reason="the IKP data pack is not beside the checkout")
def test_init_starts_a_site_that_validates(installed: Path, tmp_path: Path) -> None:
    done = run(installed / "paramatlas", "init", "atlas", UPSTREAM, cwd=tmp_path)
    assert "paramatlas validate --data atlas/data" in done.stdout
    for line in done.stdout.splitlines()[2:]:  # the next steps it prints run as printed
        if line.strip().startswith("paramatlas validate"):
            run(installed / "paramatlas", *line.split()[1:], cwd=tmp_path)
    assert (tmp_path / "atlas" / ".gitignore").read_text().split() == ["/site/", "/generated/"]
