"""The sidebars drawn once for the pages the navigation does not list: a page gets another's
only when everything the theme reads for them is the same (hooks/shared_sidebars.py)."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

from mkdocs.structure.toc import AnchorLink

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location(
    "shared_sidebars", ROOT / "paramatlas" / "site" / "hooks" / "shared_sidebars.py"
)
shared_sidebars = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shared_sidebars)


def page(url: str, *headings: str, hide: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(
        url=url, meta={"hide": list(hide)}, toc=[AnchorLink(h, h.lower(), 2) for h in headings]
    )


LISTED = [page(""), page("models/"), page("methodology/")]
NAV = SimpleNamespace(pages=LISTED)


def drawn_for(*pages: SimpleNamespace, base_url: str = "../..") -> list[str]:
    """What each page gets, drawing each time a caller is asked: the draw names its page."""
    shared_sidebars.on_env(SimpleNamespace(globals={}), None, None)
    return [
        shared_sidebars.shared_sidebars(p, NAV, base_url, caller=lambda p=p: f"drawn for {p.url}")
        for p in pages
    ]


def test_unlisted_pages_alike_share_one_drawing() -> None:
    a, b = page("models/a/", "Answer", "Runs"), page("models/b/", "Answer", "Runs")
    assert drawn_for(a, b) == ["drawn for models/a/"] * 2


def test_another_heading_another_depth_or_another_hidden_sidebar_is_drawn_again() -> None:
    a = page("models/a/", "Answer", "Runs")
    for other in (
        page("models/b/", "Answer", "History"),
        page("models/b/", "Answer"),
        page("calibration/b/", "Answer", "Runs"),  # its link to models/ reads otherwise
        page("models/b/", "Answer", "Runs", hide=("toc",)),
    ):
        assert drawn_for(a, other) == ["drawn for models/a/", f"drawn for {other.url}"]
    nested = page("models/b/", "Answer", "Runs")
    nested.toc[1].children.append(AnchorLink("Run 1", "run-1", 3))
    assert drawn_for(a, nested)[1] == "drawn for models/b/"


def test_a_listed_page_is_always_drawn_for_itself() -> None:
    # Its navigation marks it as the current page.
    calls = []
    shared_sidebars.on_env(SimpleNamespace(globals={}), None, None)
    for _ in range(2):
        shared_sidebars.shared_sidebars(LISTED[1], NAV, "..", caller=lambda: calls.append(1) or "")
    assert len(calls) == 2


def test_a_new_build_draws_afresh() -> None:
    a = page("models/a/", "Answer")
    drawn_for(a)
    shared_sidebars.on_env(SimpleNamespace(globals={}), None, None)
    assert shared_sidebars.shared_sidebars(a, NAV, "../..", caller=lambda: "new") == "new"
