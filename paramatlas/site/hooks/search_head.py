"""Index a page without parsing what the index would drop: when every heading from some point to
the end is excluded from search (`data-search-exclude`), the search plugin is handed the page up
to that point only. Its entries are the same; the parse of a model page's long excluded sections
(most of the site's pages, most of their text) is saved.

Such a page is then hidden from the plugin while it runs, when what it does to an indexed page
(strip its `data-search-…="…"` attributes, a pattern tried at every character, about 0.7 ms a
model page) would leave the page as it is, and given back before the theme draws it."""

from __future__ import annotations

import re

from mkdocs.plugins import CombinedEvent, event_priority

HEADING = re.compile(r"<h[1-6]\b[^>]*>")
# What the search plugin removes from every page it has seen (without the optional space before
# it: a pattern that starts with text is searched for as text).
SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')

_hidden: dict[str, str] = {}


def excluded_tail(content: str) -> int | None:
    """Where the page's run of excluded sections that lasts to its end begins, if it has one."""
    start = None
    for match in HEADING.finditer(content):
        if "data-search-exclude" in match.group(0):
            start = match.start() if start is None else start
        else:
            start = None
    return start


@event_priority(50)  # before the search plugin reads the page
def _index_head(context, page, config, nav):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    meta = page.meta.get("search") or {}
    cut = excluded_tail(page.content)
    if search is None or meta.get("exclude") or cut is None:
        return context
    whole = page.content
    page.content = whole[:cut]
    search.search_index.add_entry_from_context(page)
    page.content = whole
    page.meta["search"] = {**meta, "exclude": True}  # indexed: the plugin need not read it again
    if not SEARCH_ATTRIBUTE.search(whole):
        _hidden[page.file.src_uri] = whole
        page.content = ""
    return context


@event_priority(-50)  # after the search plugin, before the theme
def _give_back(context, page, config, nav):
    if page.file.src_uri in _hidden:
        page.content = _hidden.pop(page.file.src_uri)
    return context


on_page_context = CombinedEvent(_index_head, _give_back)
