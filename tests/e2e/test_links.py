"""Crawl the built site: every internal link and asset resolves to a file of the site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

LINK = re.compile(r'(?:href|src)="([^"]+)"')


def target(page: Path, site: Path, url: str) -> Path | None:
    """The file an internal link points at, or None for external and in-page links."""
    url = urldefrag(url).url
    if not url or urlsplit(url).scheme or url.startswith(("//", "mailto:", "data:")):
        return None
    url = urlsplit(url).path  # a query (?models=…) is read by the page's script
    base = site if url.startswith("/") else page.parent  # the 404 page links from the root
    path = (base / unquote(url).lstrip("/")).resolve()
    if url.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def test_no_internal_link_is_broken(built_site: Path) -> None:
    broken = []
    pages = sorted(built_site.rglob("*.html"))
    for page in pages:
        for url in LINK.findall(page.read_text()):
            path = target(page, built_site, url)
            if path is not None and not path.is_file():
                broken.append(f"{page.relative_to(built_site)} -> {url}")
    assert len(pages) > 200
    assert broken == []


def test_anchors_to_hazards_exist(built_site: Path) -> None:
    hazards = (built_site / "hazards/index.html").read_text()
    ids = set(re.findall(r'id="([^"]+)"', hazards))
    linked = set()
    for page in built_site.rglob("*.html"):
        linked |= set(re.findall(r'hazards/#([a-z-]+)"', page.read_text()))
    assert linked and linked <= ids
