"""Pages whose front matter says `html_body: true` (the model pages, most of the site) are HTML
blocks between Markdown headings of one form, `## Title { data-search-exclude }`. Any Markdown
engine renders them as written; here mkdocs is handed what Markdown would give, the blocks as
they are and each heading as the toc and attr_list extensions write it, without the Markdown
pass that would read every table cell, nor a Markdown instance set up for the page.
tests/unit/test_html_pages.py holds the two equal; tests/e2e/test_build.py, the site built with
and without this hook."""

from __future__ import annotations

import functools
import re

from markdown.extensions.toc import slugify
from mkdocs.structure.toc import get_toc

# A heading line stands between blank lines, as the template writes it; a block has none. The
# blank line before it is part of the match (each block is stripped): a pattern that starts
# with text is searched for as text, one that starts with a lookbehind is tried everywhere.
HEADING = re.compile(r"\n\n## ([^\n{}<>&#]+?) \{ data-search-exclude \}(?=\n\n|\n?\Z)")
# An id attribute: the literal start lets the pattern skip ahead (a leading \b made it test every
# position, about 1 ms a page); the space before it is checked on each match instead.
ID_ATTRIBUTE = re.compile(r'id="([^"]*)"')


def heading(title: str, anchor: str) -> str:
    return (
        f'<h2 data-search-exclude id="{anchor}">{title}'
        f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h2>'
    )


def render(body: str) -> tuple[str, list[dict]]:
    """The page's HTML and its table of contents' tokens, as Python-Markdown makes them."""
    parts = HEADING.split(body)  # block, title, block, title, ..., block
    html = parts[0].strip()
    tokens: list[dict] = []
    for title, block in zip(parts[1::2], parts[2::2], strict=True):
        anchor = unique(slugify(title, "-"), {t["id"] for t in tokens})
        html += ("\n\n" if html else "") + heading(title, anchor)
        if block.strip():
            html += "\n" + block.strip()
        tokens.append(toc_token(title, anchor))
    return html, tokens


def toc_token(title: str, anchor: str) -> dict:
    return {"level": 2, "id": anchor, "name": title, "html": title, "data-toc-label": "",
            "children": []}  # fmt: skip


def unique(anchor: str, taken: set[str]) -> str:
    """The toc extension's way with a repeated heading: a suffix _1, _2, ..."""
    n = 0
    while (anchor + f"_{n}" if n else anchor) in taken:
        n += 1
    return anchor + f"_{n}" if n else anchor


def anchor_ids(html: str) -> set[str]:
    """The values of the page's id attributes (an attribute follows a space or a line break)."""
    return {m[1] for m in ID_ATTRIBUTE.finditer(html) if html[m.start() - 1 : m.start()].isspace()}


def on_page_markdown(markdown, page, config, files):
    if not page.meta.get("html_body"):
        return markdown
    # mkdocs renders a page by page.render(config, files): this page's is what Markdown would
    # give, made here, so no Markdown instance is set up for it (a quarter of a millisecond a
    # page, with the site's extensions).
    page.render = functools.partial(_render_page, page, *render(markdown))
    return ""  # the body is in the page's render; mkdocs keeps no second copy


def _render_page(page, content: str, tokens: list[dict], config, files) -> None:
    """What Page.render sets, as Python-Markdown sets it for this page: its HTML, its table of
    contents and its anchors. Its title is its front matter's, and its links are raw HTML,
    which mkdocs does not check."""
    page.content = content
    page.toc = get_toc(tokens)
    page.present_anchor_ids = anchor_ids(content)
