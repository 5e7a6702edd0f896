"""Reading the long tables of generated pages (paramatlas/tables.py) as a reader's browser
does: the rows the page holds, then those of the file it names."""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

ROW = re.compile(r"<tr>.*?</tr>", re.S)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")


def table_rows(page_path: str, page: str, files: dict[str, str]) -> list[str]:
    """Every body row (HTML) of the page's first table with a rows file or none: `files`
    holds the files written beside the pages, by their path under the docs folder."""
    table = re.search(r"<table id=[^>]*>.*?</table>", page, re.S)
    assert table, page_path
    body = table[0].split("<tbody>", 1)[1]
    rows = ROW.findall(body)
    source = re.search(r'data-rows-src="([^"]+)"', table[0])
    if source:
        # The address is relative to the page's folder (an index page's source and address
        # agree on it).
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), source[1]))
        rows += json.loads(files[path])["rows"]
    return rows


def site_tables(site: Path) -> dict[str, str]:
    """The rows files of a built site's long tables, by their path in the site."""
    return {p.relative_to(site).as_posix(): p.read_text() for p in site.glob("assets/tables/*")}


def cell_texts(row: str) -> list[str]:
    """The text of each cell of a row, as a reader reads it."""
    return [html.unescape(TAG.sub("", c)).strip() for c in CELL.findall(row)]


def page_text(page: str) -> str:
    """A page's text as a reader reads it: no tags (a glossary term's <abbr> included),
    entities read."""
    return html.unescape(TAG.sub("", page))


def first_link(row: str) -> str:
    return html.unescape(re.search(r'href="([^"]+)"', row)[1])
