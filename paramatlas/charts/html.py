"""A chart as it stands in a page: its placeholder, its spec inline or in a file of its own,
and the picture drawn at build time that a reader sees before (and without) the interactive
chart, written into the page from the spec's data (`charts.static`)."""

from __future__ import annotations

import html
import re
from typing import Any

from paramatlas.cache import digest
from paramatlas.charts.common import compact
from paramatlas.charts.static import STATIC_PICTURES
from paramatlas.present import compact_json

# Where a page's chart files go (the specs of pictured charts), and how a page's text names
# them: a page reused from the cache brings the files it names along.
CHART_FILES = "assets/charts/"
CHART_FILE = re.compile(rf"({CHART_FILES}[\w.-]+\.json)")


def json_script(data: dict[str, Any], script_id: str) -> str:
    """Data inline in the page for a script to read (pages work opened from disk, no fetch)."""
    payload = compact_json(data)
    # Inside <script>, "<", ">" and "&" could end the element or start markup: escape them.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{script_id}">{payload}</script>'


def chart_html(
    spec: dict[str, Any],
    chart_id: str,
    description: str,
    picture_root: str | None = None,
    pictures: dict[str, str] | None = None,
    picture: dict[str, Any] | None = None,
    picture_note: str = "",
    spec_root: str | None = None,
) -> str:
    """A chart placeholder with its spec inline. With `picture_root` (the page's way to the
    site's root) it holds instead the chart drawn at build time and a button that draws the
    interactive chart in its place, whose spec is a file (kept in `pictures`, fetched from
    `spec_root`, the root as the page's address sees it, by default `picture_root`). The
    picture draws `picture` (a spec of fewer rows: `picture_note` says which) or the chart's
    own spec."""
    label = html.escape(description, quote=True)
    spec = compact(spec)
    if picture_root is None or pictures is None:
        chart = (
            f'<div class="pa-chart" id="{chart_id}" data-spec="{chart_id}-spec" role="img" '
            f'aria-label="{label}"></div>{json_script(spec, chart_id + "-spec")}'
        )
    else:
        drawn = picture_html(compact(picture) if picture else spec)
        if picture_note:  # goes with the picture when the interactive chart replaces it
            drawn += f'<p class="pa-picture-note">{html.escape(picture_note)}</p>'
        spec_file = compact_json(spec)
        path = f"{CHART_FILES}{chart_id}-{digest(spec_file)[:12]}.json"
        pictures[path] = spec_file
        source = html.escape((picture_root if spec_root is None else spec_root) + path, quote=True)
        chart = (
            f'<div class="pa-chart" id="{chart_id}" data-spec-src="{source}" role="img" '
            f'aria-label="{label}" data-picture>{drawn}</div>'
            '<button type="button" class="pa-explore">Explore this chart</button>'
        )
    return f'<figure class="pa-figure">{chart}<figcaption>{label}</figcaption></figure>'


def picture_html(spec: dict[str, Any]) -> str:
    """The chart drawn at build time, one SVG in the page that fits any width, written from
    its spec's data by the drawer its `usermeta.picture` names."""
    name = spec.get("usermeta", {}).get("picture")
    if name not in STATIC_PICTURES:
        msg = f"a pictured chart's spec names no picture drawer (usermeta.picture: {name!r})"
        raise ValueError(msg)
    return f'<div class="pa-picture">{STATIC_PICTURES[name](spec)}</div>'
