"""The theme's frame of a page the navigation does not list (a model page: most of the site) is
the same for every such page with the same sidebars and front matter, but for the page's title
(where the frame reads it, as written in its front matter), its content and its canonical
address. The theme draws that frame once for all such pages, with a marker in each of those
places, and each page is its frame with the markers filled in, instead of a whole draw of the
theme's template a page. tests/e2e/test_build.py holds a site built so equal to one built
without this hook.

A page is drawn as ever when the frame could read it otherwise: a title not given as written
in its front matter, a heading of its own (the theme then adds none), an edit link or
neighbours in the navigation."""

from __future__ import annotations

import re

from jinja2 import pass_context
from markupsafe import Markup
from shared_sidebars import sidebars_key

TEMPLATE = "paramatlas_frame.html"  # overrides/: the page is drawn by `framed` below
TITLE, CONTENT, CANONICAL = "\0paramatlas-title\0", "\0paramatlas-content\0", "\0paramatlas-url\0"
MARKER = re.compile(f"({TITLE}|{CONTENT}|{CANONICAL})")

_frames: dict[tuple, list[str] | None] = {}


def on_env(env, config, files):
    _frames.clear()  # a new build (mkdocs serve rebuilds in one process)
    env.globals["paramatlas_framed"] = framed
    return env


def on_page_markdown(markdown, page, config, files):
    if page.meta.get("html_body") and "template" not in page.meta:
        page.meta["template"] = TEMPLATE
    return markdown


class Marked:
    """The page as the frame reads it: its title, content and canonical address are markers."""

    def __init__(self, page) -> None:
        self._page = page
        self.title = TITLE
        self.content = CONTENT
        self.canonical_url = CANONICAL if page.canonical_url else page.canonical_url
        self.meta = {**page.meta, "title": TITLE}

    def __getattr__(self, name: str):
        return getattr(self._page, name)


def frame_key(page, nav, base_url: str) -> tuple | None:
    """What the frame of an unlisted page reads besides its markers (its sidebars' key and its
    front matter), or None when the page must be drawn as ever."""
    sidebars = sidebars_key(page, nav, base_url)
    title = page.meta.get("title")
    if (
        sidebars is None
        or not isinstance(title, str)
        or not title
        or page.title != title
        or "<h1" in page.content
        or page.edit_url
        or page.previous_page
        or page.next_page
        or page.ancestors
        or page.is_homepage
    ):
        return None
    meta = {k: v for k, v in page.meta.items() if k != "title"}
    return sidebars, repr(sorted(meta.items()))


@pass_context
def framed(context) -> Markup:
    """The page drawn by the site's own template, main.html: its frame, filled in."""
    page, main = context["page"], context.environment.get_template("main.html")
    values = dict(context.get_all())
    key = frame_key(page, context.get("nav"), context.get("base_url"))
    if key is None:
        return Markup(main.render(values))
    if key not in _frames:
        parts = MARKER.split(main.render({**values, "page": Marked(page)}))
        _frames[key] = parts if parts.count(CONTENT) == 1 else None
    parts = _frames[key]
    if parts is None:  # the theme read the content elsewhere too: no frame for these pages
        return Markup(main.render(values))
    fill = {TITLE: page.meta["title"], CONTENT: page.content, CANONICAL: page.canonical_url}
    return Markup("".join(fill.get(part, part) if i % 2 else part for i, part in enumerate(parts)))
