"""The generator's work grows no faster than the registry: doubling the synthetic data must
not more than double the lines of the generator's code executed to load, check, fit and render
it (a count, not a time: the same on every machine, however busy)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType

import pytest

import paramatlas
from paramatlas.build import docs_files, load_report
from paramatlas.views import grades
from tests.synthetic import make_dataset

PACKAGE = str(Path(paramatlas.__file__).parent)


def lines_run(data: Path) -> int:
    """Lines of the package executed from the data to every file of the docs folder (loops
    and comprehensions count each turn)."""
    count = 0

    def each_line(frame: FrameType, event: str, arg: object) -> object:
        nonlocal count
        if event == "line":
            count += 1
        return each_line

    def calls(frame: FrameType, event: str, arg: object) -> object:
        return each_line if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(calls)
    try:
        dict(docs_files(load_report(data)))
    finally:
        sys.settrace(None)
    return count


def test_doubling_the_data_at_most_doubles_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # The grade measure answers at most GRADE_SAMPLE trainings with their size hidden, each
    # costing a pass over the registry: linear once the registry is past the bound, quadratic
    # below it by design. A small bound puts both sizes past it.
    monkeypatch.setattr(grades, "GRADE_SAMPLE", 20)
    small = lines_run(make_dataset(tmp_path / "small", 200))
    large = lines_run(make_dataset(tmp_path / "large", 400))
    assert large <= 2 * small, f"{large:,} lines for twice the data of {small:,}"
