"""A chart as it stands in a page: its placeholder, its spec inline or in a file of its own,
and the picture drawn at build time that a reader sees before (and without) the interactive
chart."""

from __future__ import annotations

import html
import re
from typing import Any

from paramatlas.cache import digest
from paramatlas.charts.common import compact
from paramatlas.charts.picture import NARROW_MEDIA, WIDTHS, picture_svg, svg_size
from paramatlas.charts.static import STATIC_PICTURES
from paramatlas.present import compact_json

# Where a page's chart files go (pictures, specs of pictured charts), and how a page's text
# names them: a page reused from the cache brings the files it names along.
CHART_FILES = "assets/charts/"
CHART_FILE = re.compile(rf"({CHART_FILES}[\w.-]+\.(?:svg|json))")


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
    interactive chart in its place, whose spec is a file beside the pictures (kept in
    `pictures`, fetched from `spec_root`, the root as the page's address sees it, by default
    `picture_root`). The picture draws `picture` (a spec of fewer rows: `picture_note` says
    which) or the chart's own spec."""
    label = html.escape(description, quote=True)
    spec = compact(spec)
    if picture_root is None or pictures is None:
        chart = (
            f'<div class="pa-chart" id="{chart_id}" data-spec="{chart_id}-spec" role="img" '
            f'aria-label="{label}"></div>{json_script(spec, chart_id + "-spec")}'
        )
    else:
        drawn = picture_html(
            compact(picture) if picture else spec, chart_id, picture_root, pictures
        )
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


def picture_html(spec: dict[str, Any], chart_id: str, root: str, files: dict[str, str]) -> str:
    """The chart drawn for phones and for wider screens; the SVGs go into `files`. A chart
    simple enough to be drawn without the engine is one SVG in the page, fitting any width."""
    static = STATIC_PICTURES.get(spec.get("usermeta", {}).get("picture"))
    if static is not None:
        return f'<div class="pa-picture">{static(spec)}</div>'
    sizes = {}
    for name, width in WIDTHS.items():
        svg = picture_svg(spec, width)
        path = f"{CHART_FILES}{chart_id}-{digest(svg)[:12]}-{name}.svg"
        files[path] = svg
        sizes[name] = (root + path, *svg_size(svg))
    (narrow, nw, nh), (wide, ww, wh) = sizes["narrow"], sizes["wide"]
    return (
        f'<picture class="pa-picture"><source media="{NARROW_MEDIA}" srcset="{narrow}" '
        f'width="{nw}" height="{nh}"><img src="{wide}" alt="" width="{ww}" height="{wh}" '
        'loading="lazy" decoding="async">'
        "</picture>"
    )
