"""A long table as a page holds it: its first rows in the page, where a reader without
JavaScript reads them, and the rest in a file of their own that the table's tools fetch when
a reader reaches for the table (paramatlas-tables.js). The page then weighs the same at 200
models or 20,000."""

from __future__ import annotations

import html
from typing import Any

from paramatlas.cache import digest
from paramatlas.present import compact_json

# Where the rows past a page's first go (and other data a page's script fetches), and how many
# rows a page holds.
TABLE_FILES = "assets/tables/"
PAGE_ROWS = 50


def data_file(stem: str, data: dict[str, Any], files: dict[str, str]) -> str:
    """`data` in a file of its own for a page's script to fetch: its path under the docs
    folder, named by the digest of its bytes (the same for the same data) so that a reader's
    cache never mixes two builds. An infinite or NaN float is written as null."""
    payload = compact_json(data)
    path = f"{TABLE_FILES}{stem}-{digest(payload)[:12]}.json"
    files[path] = payload
    return path


def table_html(
    table_id: str,
    head: str,
    rows: list[str],
    root: str,
    files: dict[str, str],
    noun: str,
    page_rows: int = PAGE_ROWS,
    url_root: str | None = None,
    elsewhere: str | None = None,
) -> str:
    """The table with its first `page_rows` rows; the others go into `files` (a path under the
    docs folder: its text), named by their digest so that a reader's cache never mixes rows
    of two builds. `root` is the page's way to the site's root as its raw HTML is read;
    `url_root` (by default `root`) the same from the page's address, where a script resolves
    the file and the links of the rows it brings in: the rows past `page_rows` must link from
    it. `head` and `rows` are HTML, escaped by their maker; so is `elsewhere`, the note's
    word on where a reader without JavaScript finds every row (by default the downloads; empty
    where no other place holds them)."""
    shown, rest = rows[:page_rows], rows[page_rows:]
    attributes, note = "", ""
    if rest:
        path = data_file(table_id, {"rows": rest}, files)
        source = html.escape((root if url_root is None else url_root) + path, quote=True)
        attributes = f' data-rows-src="{source}" data-rows-total="{len(rows)}"'
        if elsewhere is None:
            elsewhere = f'Every {noun} is in the <a href="{root}downloads/">downloads</a>.'
        note = (
            f'\n\n<p class="pa-rows-note" data-for="{table_id}">This page holds the first '
            f"{len(shown)} of the table's {len(rows):,} rows; searching, filtering, sorting or "
            f"showing all brings in the others (with JavaScript).{' ' if elsewhere else ''}"
            f"{elsewhere}</p>"
        )
    body = "\n".join(shown)
    return f'<table id="{table_id}"{attributes}>\n{head}\n<tbody>\n{body}\n</tbody>\n</table>{note}'
