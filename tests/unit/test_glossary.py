"""One glossary: every term the pages define on hover, and the longer ones, on one page."""

from __future__ import annotations

from paramatlas import present
from paramatlas.build import load_report
from paramatlas.pages import glossary, render_all
from tests.conftest import DATA


def test_the_glossary_page_defines_every_term_once() -> None:
    page = render_all(load_report(DATA))["glossary.md"]
    terms = glossary()
    for term in present.DEFINITIONS | present.GLOSSARY_ONLY:
        shown = term if term in terms else term.capitalize()
        assert page.count(f"| {present.md(shown)} | ") == 1, term
    # The words a newcomer meets on the first pages, each defined.
    for term in ("count set", "fold error", "leverage", "LOO band", "grade", "plausible range"):
        assert term in terms or term.capitalize() in terms, term


def test_every_page_carries_the_hover_definitions() -> None:
    pages = render_all(load_report(DATA))
    for name in ("index.md", "methodology.md", "anchors.md"):
        for term in ("count set", "fold error", "leverage", "sibling judge"):
            assert f"*[{term}]: " in pages[name], (name, term)
