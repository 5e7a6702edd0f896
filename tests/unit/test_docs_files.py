"""A build writes the site a file at a time: each model page is handed to the writer before the
next one is rendered, with the chart files it names, so the site is never held whole."""

from __future__ import annotations

import pytest

from paramatlas import pages
from paramatlas.build import docs_files, load_report
from paramatlas.charts.html import CHART_FILE
from tests.conftest import FIXTURES


def is_model_page(path: str) -> bool:
    return path.startswith("models/") and path.endswith(".md") and path != "models/index.md"


def test_each_model_page_is_handed_on_before_the_next_is_rendered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = load_report(FIXTURES / "data_min")
    rendered: list[str] = []
    real = pages.abbreviate  # the last step of rendering a page written as HTML

    def spy(page: str) -> str:
        rendered.append(page)
        return real(page)

    monkeypatch.setattr(pages, "abbreviate", spy)
    handed: list[str] = []
    waiting: set[str] = set()  # chart files the last model page named, not yet handed on
    for path, content in docs_files(report):
        waiting.discard(path)
        if is_model_page(path):
            assert not waiting, f"{handed[-1]} named chart files handed on after the next page"
            handed.append(path)
            assert len(rendered) == len(handed)  # this page rendered, the next one not yet
            waiting = set(CHART_FILE.findall(content.decode()))
    assert not waiting
    assert len(handed) == len(report.models) >= 2
