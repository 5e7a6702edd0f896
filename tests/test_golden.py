"""Golden-file (snapshot) tests: every generated page and download, pinned byte for byte.

`tests/golden/` mirrors the output of `render_all(load_report(tests/fixtures/data_min))`: one
file per generated Markdown page or download (CSV, JSON, feed.xml) or chart spec kept in a file
of its own, at the same relative path,
e.g. `tests/golden/models/small-10b.md`. Any change to the generator, its templates or the
fixture that alters an output fails here with a diff; a page added or removed fails too.

To update after an intended change: `make golden` (rewrites tests/golden/ and drops the files of
pages that no longer exist), then review `git diff tests/golden/` and commit it with the change.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

import jinja2
import pytest
from pytest_regressions.common import check_text_files
from pytest_regressions.file_regression import FileRegressionFixture

from paramatlas.build import load_report
from paramatlas.pages import environment, render_all

GOLDEN = Path(__file__).parent / "golden"
FIXTURE = Path(__file__).parent / "fixtures" / "data_min"


def rendered() -> dict[str, str]:
    """Every page, and the spec of every chart a page shows as a picture (a file of its own,
    named by its digest; the drawn SVGs are vl-convert's, pinned by their own tests)."""
    env = environment()
    pages = render_all(load_report(FIXTURE), env)
    specs = {p: text for p, text in env.globals["pictures"].items() if p.endswith(".json")}
    return pages | specs


PAGES = rendered()


def check_bytes(obtained: Path, expected: Path) -> None:
    """Fail unless both files hold the same bytes; show a line diff when the lines differ.

    pytest-regressions' own text check compares `splitlines()`, which is blind to line endings
    and to the final newline, so it is only used here to explain a difference.
    """
    __tracebackhide__ = True
    got, want = obtained.read_bytes(), expected.read_bytes()
    if got == want:
        return
    try:
        check_text_files(obtained, expected, encoding="utf-8")  # raises with a unified diff
    except UnicodeDecodeError as exc:
        msg = f"{expected} is not valid UTF-8: {exc}"
        raise AssertionError(msg) from None
    at = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
    at = min(len(got), len(want)) if at is None else at
    msg = (
        f"{expected} has the same lines as {obtained} but not the same bytes "
        f"(line endings, final newline or encoding?); first difference at byte {at}: "
        f"expected {want[max(at - 20, 0) : at + 20]!r}, got {got[max(at - 20, 0) : at + 20]!r}"
    )
    raise AssertionError(msg)


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_matches_golden(path: str, file_regression: FileRegressionFixture) -> None:
    file_regression.check(
        PAGES[path],
        fullpath=GOLDEN / path,
        binary=False,
        encoding="utf-8",  # not the locale's
        newline="",  # write "\n" as is, on every platform
        extension=PurePosixPath(path).suffix,  # names the .obtained file when they differ
        check_fn=check_bytes,
    )


def test_golden_files_are_the_generated_pages() -> None:
    golden = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    missing, extra = sorted(set(PAGES) - golden), sorted(golden - set(PAGES))
    assert not (missing or extra), (
        "tests/golden/ does not match the generated pages; run `make golden` and review the diff.\n"
        f"generated but not in tests/golden/: {missing}\n"
        f"in tests/golden/ but no longer generated: {extra}"
    )


def test_a_changed_template_fails_the_golden_check(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).parents[1] / "paramatlas" / "templates", templates)
    page = templates / "model.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("Known", "Kno wn"), "utf-8")
    env = environment()
    env.loader = jinja2.FileSystemLoader(templates)
    changed = render_all(load_report(FIXTURE), env)
    obtained = tmp_path / "small-10b.md"
    obtained.write_text(changed["models/small-10b.md"], encoding="utf-8", newline="")
    with pytest.raises(AssertionError, match="Kno wn"):
        check_bytes(obtained, GOLDEN / "models" / "small-10b.md")
    assert changed["index.md"] == PAGES["index.md"]  # only the changed template's pages move
