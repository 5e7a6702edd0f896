"""Glossary terms in a page, so that a reader hovering λ, LOO or IKP sees what they mean: as
Markdown's abbreviation definitions for a page written in Markdown, as <abbr> marks for a
page written as HTML."""

from __future__ import annotations

import bisect
import html

from paramatlas import present


def abbreviations(text: str) -> str:
    """The glossary's abbreviation definitions for a page: a reader hovering λ, LOO or IKP
    anywhere in its text sees what they mean (Markdown's abbr extension). Only the terms the
    text holds: a definition of a term the page never uses changes nothing in it, yet costs
    the abbreviation pass over every text node of the page (about 0.9× of mkdocs' CPU without
    them on the 2,000-file pages, the same site byte for byte)."""
    used = terms_in(text)
    return "\n" + "".join(f"*[{t}]: {present.DEFINITIONS[t]}\n" for t in used)


def terms_in(text: str) -> list[str]:
    """The glossary terms a page's text holds, in the glossary's order."""
    return [t for t in present.DEFINITIONS if t in text]


# What a glossary term is never marked in: a tag, the text of an element that is not prose
# (code, scripts, drawings) or is marked already, a Markdown heading's line.
_NOT_PROSE = ("code", "pre", "script", "svg", "abbr")


def abbreviate(page: str) -> str:
    """A page written as HTML, with each glossary term its text uses marked as Markdown's abbr
    extension marks it in a Markdown page: <abbr title="meaning">term</abbr>. The terms are
    found with str.find and each place judged alone: a regular expression tried at every
    character of the page cost a millisecond a page."""
    used = terms_in(page)
    if not used:
        return page
    not_prose = _elements(page, _NOT_PROSE)
    starts = [start for start, _ in not_prose]
    out, done = [], 0
    for at, term in _whole_words(page, used):
        if at < done or _in_tag(page, at) or _on_heading_line(page, at):
            continue
        inside = bisect.bisect_right(starts, at) - 1
        if inside >= 0 and at < not_prose[inside][1]:
            continue
        meaning = html.escape(present.DEFINITIONS[term], quote=True)
        out += (page[done:at], f'<abbr title="{meaning}">{term}</abbr>')
        done = at + len(term)
    out.append(page[done:])
    return "".join(out)


def _whole_words(page: str, terms: list[str]) -> list[tuple[int, str]]:
    """Where each term stands as a whole word, in page order, the longest first where two
    start at one place."""
    found = []
    for term in terms:
        at = page.find(term)
        while at != -1:
            end = at + len(term)
            if not (_is_word(page[at - 1 : at]) or _is_word(page[end : end + 1])):
                found.append((at, -len(term), term))
            at = page.find(term, at + 1)
    return [(at, term) for at, _, term in sorted(found)]


def _is_word(char: str) -> bool:
    """A character of a word, as a regular expression's \\w reads it (false past either end)."""
    return char.isalnum() or char == "_"


def _in_tag(page: str, at: int) -> bool:
    """Between a "<" and the first ">" after it."""
    return page.rfind("<", 0, at) > page.rfind(">", 0, at) and page.find(">", at) != -1


def _on_heading_line(page: str, at: int) -> bool:
    return page.startswith("## ", page.rfind("\n", 0, at) + 1)


def _elements(page: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the elements of these names stand, from the start of each to the end of the
    first closing tag after it, merged into disjoint spans in page order."""
    spans = []
    for name in names:
        at = page.find(f"<{name}")
        while at != -1:
            after = at + 1 + len(name)
            if _is_word(page[after : after + 1]):  # <abbrev> is not <abbr>
                at = page.find(f"<{name}", after)
                continue
            close = page.find(f"</{name}>", after)
            if close == -1:
                break
            end = close + len(name) + 3
            spans.append((at, end))
            at = page.find(f"<{name}", end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
