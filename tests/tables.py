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


def address_folder(page_path: str) -> str:
    """The folder a page's address names: an index page's own (index.md, models/index.html),
    else a folder of the page's name (calibration/x.md is served as calibration/x/)."""
    folder, name = posixpath.split(page_path)
    stem = name.rsplit(".", 1)[0]
    return folder if stem == "index" else posixpath.join(folder, stem)


def table_rows(
    page_path: str, page: str, files: dict[str, str], table_id: str | None = None
) -> list[str]:
    """Every body row (HTML) of the page's table `table_id` (by default its first table with
    an id): `files` holds the files written beside the pages, by their path under the docs
    folder."""
    name = re.escape(table_id) if table_id else r'[^"]+'
    table = re.search(rf'<table id="{name}"[\s>].*?</table>', page, re.S)
    assert table, page_path
    body = table[0].split("<tbody>", 1)[1]
    rows = ROW.findall(body)
    source = re.search(r'data-rows-src="([^"]+)"', table[0])
    if source:
        # A script fetches the file: its address is relative to the page's address.
        path = posixpath.normpath(posixpath.join(address_folder(page_path), source[1]))
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
