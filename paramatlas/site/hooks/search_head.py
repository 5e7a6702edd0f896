"""Index a page without parsing what the index would drop: when every heading from some point to
the end is excluded from search (`data-search-exclude`), the search plugin is handed the page up
to that point only. Its entries are the same; the parse of a model page's long excluded sections
(most of the site's pages, most of their text) is saved."""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

HEADING = re.compile(r"<h[1-6]\b[^>]*>")


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
def on_page_context(context, page, config, nav):
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
    return context
