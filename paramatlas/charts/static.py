"""The pictures drawn at build time, each written from its spec's data without the chart engine,
and the picture of a model page's verdicts per tier (seven stacked bars with intervals): well
under a millisecond, where the engine took about 45 ms a picture, twice per page (phone and
wide), and more than a second to start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from paramatlas.charts.common import Spec
from paramatlas.charts.drawing import one_line, template
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
    svg = template("stacked_shares.svg.j2").render(
        bars=_bars(verdicts, centre, band, colors, top),
        intervals=[
            {"x": _pct(centre[w["tier"]]), "y1": _y(w["low"], top), "y2": _y(w["high"], top)}
            for w in spec["datasets"]["wilson"]
        ],
        tiers=[{"x": _pct(centre[t]), "name": t} for t in tiers],
        ticks=[{"y": _y(v * top, top), "label": f"{v * top:.0%}"} for v in SHARE_TICKS],
        legend=[
            {"x": _pct(PLOT_LEFT + i * legend_step), "name": name, "fill": fill}
            for i, (name, fill) in enumerate(colors.items())
        ],
        x_title=encoding["x"]["title"],
        y_title=encoding["y"]["title"],
        left=_pct(PLOT_LEFT),
        right=_pct(PLOT_RIGHT),
        plot_top=PLOT_TOP,
        plot_bottom=PLOT_TOP + PLOT_HEIGHT,
        height=HEIGHT,
    )
    return one_line(svg)


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
