"""The sidebars of a page the navigation does not list (a model page: most of the site) hold
the navigation, where no item is the page's, and the page's table of contents. Two such pages
whose links to the listed pages read alike and whose contents list the same headings get the
same sidebars, byte for byte: the theme draws them once for all such pages (overrides/main.html
asks here), instead of once a page. tests/e2e/test_build.py holds a site built so equal to one
built without this hook."""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.utils import get_relative_url

_drawn: dict[tuple, str] = {}


def on_env(env, config, files):
    _drawn.clear()  # a new build (mkdocs serve rebuilds in one process)
    env.globals["paramatlas_shared_sidebars"] = shared_sidebars
    return env


def contents_key(items) -> tuple:
    """What the theme reads of a table of contents: each entry's link, title and children."""
    return tuple(
        (item.url, item.title, getattr(item, "typeset", None), contents_key(item.children))
        for item in items
    )


def sidebars_key(page, nav, base_url: str) -> tuple | None:
    """What the theme reads for the sidebars of a page the navigation does not list; None for a
    listed page, which its navigation marks as the current one."""
    if page is None or nav is None or any(listed is page for listed in nav.pages):
        return None
    return (
        base_url,
        tuple(page.meta.get("hide") or ()),
        tuple(get_relative_url(listed.url, page.url) for listed in nav.pages),
        contents_key(page.toc),
    )


def shared_sidebars(page, nav, base_url: str, caller: Callable[[], str]) -> str:
    """The sidebars `caller` draws, drawn once for every unlisted page that shares their key."""
    key = sidebars_key(page, nav, base_url)
    if key is None:
        return caller()
    if key not in _drawn:
        _drawn[key] = caller()
    return _drawn[key]
