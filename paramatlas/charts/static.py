"""Charts simple enough to draw without a chart engine: the picture of a model page's verdicts
per tier (seven stacked bars with intervals) is written from the same spec's data in well
under a millisecond, where the engine takes about 45 ms a picture, twice per page (phone and
wide). One SVG fits every screen: horizontal positions are shares of its width, text and
vertical positions are pixels, so labels keep their size on a phone."""

from __future__ import annotations

import functools
from typing import Any

import jinja2

from paramatlas.charts.common import Spec

# Vertical layout in pixels: plot, tier labels, axis title, legend.
PLOT_TOP, PLOT_HEIGHT = 24, 200
HEIGHT = PLOT_TOP + PLOT_HEIGHT + 70  # tier labels, axis title, legend
# Horizontal layout in percent of the width: the share axis's labels left of the plot (a
# tenth of a 320-pixel phone holds "100%"), its title above it.
PLOT_LEFT, PLOT_RIGHT = 10.0, 99.0
BAR_SHARE = 0.9  # of each tier's band; Vega-Lite's default padding leaves a tenth
SHARE_TICKS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("paramatlas", "templates"),
        autoescape=True,  # tier names and titles come from data
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("stacked_shares.svg.j2")


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
    # One line: the picture sits in a Markdown page's raw HTML block, which a line break
    # followed by indentation or a blank line could end or turn into code.
    svg = _template().render(
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
    return "".join(svg.splitlines())


STATIC_PICTURES = {"stacked-shares": stacked_shares_svg}


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


def _px(value: float) -> str:
    return f"{value:.2f}"


def _pct(value: float) -> str:
    return f"{value:.3f}%"
