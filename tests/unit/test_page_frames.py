"""The theme's frame drawn once for the pages the navigation does not list: a page is drawn in
another's frame only when everything the frame reads of it, but its title, content and canonical
address, is the same, and the frame reads those as the page gives them (hooks/page_frames.py)."""

from __future__ import annotations

import importlib.util
import sys
from types import SimpleNamespace

import pytest
from mkdocs.structure.toc import AnchorLink

from tests.conftest import ROOT

HOOKS = ROOT / "paramatlas" / "site" / "hooks"
sys.path.insert(0, str(HOOKS))  # as mkdocs loads a hook: its folder importable
try:
    _spec = importlib.util.spec_from_file_location("page_frames", HOOKS / "page_frames.py")
    page_frames = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(page_frames)
finally:
    sys.path.remove(str(HOOKS))


def page(url: str, title: str, *headings: str, **given: object) -> SimpleNamespace:
    fields = {
        "url": url,
        "title": title,
        "meta": {"title": title, "html_body": True},
        "content": "<p>text</p>",
        "toc": [AnchorLink(h, h.lower(), 2) for h in headings],
        "edit_url": None,
        "previous_page": None,
        "next_page": None,
        "ancestors": [],
        "is_homepage": False,
    }
    return SimpleNamespace(**(fields | given))


LISTED = [page("", "Home"), page("models/", "Models"), page("methodology/", "Methodology")]
NAV = SimpleNamespace(pages=LISTED)


def key(p: SimpleNamespace) -> tuple | None:
    return page_frames.frame_key(p, NAV, "../..")


def test_pages_alike_but_for_title_content_and_address_share_a_frame() -> None:
    a = page("models/a/", "A", "Answer", "Runs")
    b = page("models/b/", "<b>B & co</b>", "Answer", "Runs", content="<table></table>")
    assert key(a) is not None and key(a) == key(b)


def test_another_heading_front_matter_or_folder_is_another_frame() -> None:
    a = page("models/a/", "A", "Answer", "Runs")
    for other in (
        page("models/b/", "B", "Answer", "History"),
        page("models/b/", "B", "Answer", "Runs", meta={"title": "B", "hide": ["toc"]}),
        page("calibration/b/", "B", "Answer", "Runs"),  # its links read otherwise
    ):
        assert key(other) is not None and key(other) != key(a)


@pytest.mark.parametrize(
    "given",
    [
        {"content": "<h1>Own heading</h1>"},  # the theme adds no heading of its own then
        {"meta": {"html_body": True}},  # the theme reads the title through a filter then
        {"meta": {"title": "", "html_body": True}},
        {"meta": {"title": "Another", "html_body": True}},  # not the title as written
        {"edit_url": "https://example.org/edit/a.md"},
        {"previous_page": LISTED[0]},
        {"next_page": LISTED[1]},
        {"ancestors": [SimpleNamespace(title="Section")]},
        {"is_homepage": True},
    ],
)
def test_a_page_the_frame_could_read_otherwise_is_drawn_as_ever(given: dict) -> None:
    assert key(page("models/a/", "A", "Answer", **given)) is None


def test_a_listed_page_is_drawn_as_ever() -> None:
    assert key(LISTED[1]) is None  # its navigation marks it as the current page


def test_only_pages_written_as_html_are_framed() -> None:
    for meta, framed in (({"html_body": True}, True), ({}, False)):
        p = SimpleNamespace(meta=dict(meta))
        page_frames.on_page_markdown("", p, None, None)
        assert (p.meta.get("template") == page_frames.TEMPLATE) == framed
