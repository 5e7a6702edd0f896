"""The pictures drawn at build time, each written from its spec's data without the chart engine,
and the picture of a model page's verdicts per tier (seven stacked bars with intervals): well
under a millisecond, where the engine took about 45 ms a picture, twice per page (phone and
wide), and more than a second to start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import escape

from paramatlas.charts.common import Spec
from paramatlas.charts.drawing import one_line
from paramatlas.charts.drawing import pct as _pct
from paramatlas.charts.drawing import px as _px
from paramatlas.charts.static_heatmap import tier_heatmap_svg
from paramatlas.charts.static_sizes import release_scatter_svg, size_rows_svg

# Vertical layout in pixels: plot, tier labels, axis title, legend.
PLOT_TOP, PLOT_HEIGHT = 24, 200
HEIGHT = PLOT_TOP + PLOT_HEIGHT + 70  # tier labels, axis title, legend
# Horizontal layout in percent of the width: the share axis's labels left of the plot (a
# tenth of a 320-pixel phone holds "100%"), its title above it.
PLOT_LEFT, PLOT_RIGHT = 10.0, 99.0
BAR_SHARE = 0.9  # of each tier's band; Vega-Lite's default padding leaves a tenth
SHARE_TICKS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


def stacked_shares_svg(spec: Spec) -> str:
    """The picture of a spec made by `charts.models.tiers_chart`: the verdict shares of each
    tier stacked from the bottom in the spec's order and colours, the intervals of its
    `wilson` dataset, its axis titles and a legend below."""
    bars_layer, _ = spec["layer"]
    encoding = bars_layer["encoding"]
    colors = dict(
        zip(encoding["color"]["scale"]["domain"], encoding["color"]["scale"]["range"], strict=True)
    )
    top = encoding["y"]["scale"]["domain"][1]
    verdicts = spec["datasets"]["verdicts"]
    tiers = sorted({row["tier"] for row in verdicts})  # a nominal axis sorts its values
    band = (PLOT_RIGHT - PLOT_LEFT) / len(tiers)
    centre = {t: PLOT_LEFT + band * (i + 0.5) for i, t in enumerate(tiers)}
    legend_step = (PLOT_RIGHT - PLOT_LEFT) / len(colors)
    left, right, bottom = _pct(PLOT_LEFT), _pct(PLOT_RIGHT), PLOT_TOP + PLOT_HEIGHT
    # Written here, not by a template like the site's other pictures: it is drawn for every
    # model page, and a template's fifty elements cost twice the same text built here (0.25
    # against 0.13 ms). Text from the spec is escaped as an autoescaping template escapes it.
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="pa-drawn" width="100%" '
        f'height="{HEIGHT}" aria-hidden="true" focusable="false" font-family="sans-serif" '
        'font-size="11" fill="currentColor">'
    ]
    for value in SHARE_TICKS:
        y, label = _y(value * top, top), escape(f"{value * top:.0%}")
        out.append(
            f'<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="currentColor" '
            f'stroke-opacity="0.15"/><text x="{left}" dx="-4" y="{y}" dy="4" '
            f'text-anchor="end">{label}</text>'
        )
    for bar in _bars(verdicts, centre, band, colors, top):
        x, width, y, height, fill = (escape(bar[k]) for k in ("x", "width", "y", "height", "fill"))
        out.append(f'<rect x="{x}" width="{width}" y="{y}" height="{height}" fill="{fill}"/>')
    for w in spec["datasets"]["wilson"]:
        x, y1, y2 = _pct(centre[w["tier"]]), _y(w["low"], top), _y(w["high"], top)
        out.append(
            f'<line x1="{x}" x2="{x}" y1="{y1}" y2="{y2}" stroke="#000000" stroke-width="2"/>'
        )
    out.append(
        f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="currentColor" '
        'stroke-opacity="0.6"/>'
    )
    for t in tiers:
        out.append(
            f'<text x="{_pct(centre[t])}" y="{bottom + 16}" text-anchor="middle">{escape(t)}</text>'
        )
    out.append(
        f'<text x="{left}" y="{bottom + 36}" font-weight="bold">{escape(encoding["x"]["title"])}'
        f'</text><text x="0" y="12" font-weight="bold">{escape(encoding["y"]["title"])}</text>'
    )
    for i, (name, fill) in enumerate(colors.items()):
        x = _pct(PLOT_LEFT + i * legend_step)
        out.append(
            f'<rect x="{x}" y="{bottom + 52}" width="11" height="11" fill="{escape(fill)}"/>'
            f'<text x="{x}" dx="15" y="{bottom + 62}">{escape(name)}</text>'
        )
    out.append("</svg>")
    return one_line("".join(out))


def _bars(
    verdicts: list[dict[str, Any]],
    centre: dict[str, float],
    band: float,
    colors: dict[str, str],
    top: float,
) -> list[dict[str, str]]:
    """One rectangle per tier and verdict, stacked from zero in the rows' `order`."""
    stacked: dict[str, float] = {}
    bars = []
    for row in sorted(verdicts, key=lambda r: (r["tier"], r["order"])):
        low = stacked.get(row["tier"], 0.0)
        high = stacked[row["tier"]] = low + row["share"]
        if row["share"] <= 0:
            continue
        bars.append(
            {
                "x": _pct(centre[row["tier"]] - band * BAR_SHARE / 2),
                "width": _pct(band * BAR_SHARE),
                "y": _y(high, top),
                "height": _px((min(high, top) - min(low, top)) / top * PLOT_HEIGHT),
                "fill": colors[row["verdict"]],
            }
        )
    return bars


def _y(value: float, top: float) -> str:
    """The pixel row of a share on the plot (top of the plot: `top`)."""
    return _px(PLOT_TOP + (1 - min(value, top) / top) * PLOT_HEIGHT)


# A chart's picture, by the name in its spec's `usermeta.picture`.
STATIC_PICTURES: dict[str, Callable[[Spec], str]] = {
    "stacked-shares": stacked_shares_svg,
    "size-rows": size_rows_svg,
    "release-scatter": release_scatter_svg,
    "tier-heatmap": tier_heatmap_svg,
}
