"""One glossary: every term the pages define on hover, and the longer ones, on one page."""

from __future__ import annotations

import html
import re

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


def written_as_html(page: str) -> bool:
    return page.startswith("---\n") and "\nhtml_body: true\n" in page.split("\n---\n")[0] + "\n"


def test_every_page_carries_the_hover_definitions_of_the_terms_it_uses() -> None:
    """A page defines every glossary term its text holds, and no other (a definition nothing
    uses changes nothing on the page, and costs the build)."""
    pages = render_all(load_report(DATA))
    used = 0
    for name, page in pages.items():
        if not name.endswith(".md") or written_as_html(page):
            continue
        body, _, _ = page.partition("\n*[")
        for term in present.DEFINITIONS:
            defined = f"*[{term}]: " in page
            assert defined == (term in body), (name, term)
            used += defined
    assert used  # the committed pages use the glossary's terms
    assert "*[count set]: " in pages["methodology.md"]


# What a page written as HTML leaves unmarked: code, scripts, drawings, Markdown headings.
UNMARKED = re.compile(r"<(code|pre|script|svg)\b.*?</\1>|^## .*$", re.S | re.M)
MARKED = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')


def test_pages_written_as_html_mark_every_term_their_text_holds() -> None:
    """Markdown's abbr extension does not reach HTML: such a page marks each term itself, with
    the glossary's meaning, wherever its text holds it."""
    pages = {n: p for n, p in render_all(load_report(DATA)).items() if written_as_html(p)}
    assert pages
    marked = 0
    for name, page in pages.items():
        assert "\n*[" not in page, name
        body = UNMARKED.sub("", page.split("\n---\n", 1)[1])
        for meaning, term in MARKED.findall(body):
            assert html.unescape(meaning) == present.DEFINITIONS[term], (name, term)
            marked += 1
        text = html.unescape(re.sub(r"<[^>]+>", " ", MARKED.sub(" ", body)))
        for term in present.DEFINITIONS:
            assert not re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text), (name, term)
    assert marked
