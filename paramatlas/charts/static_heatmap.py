"""The models index's picture, drawn without the chart engine from its spec's data: the share
of correct answers in each tier of each model, a cell each, in Vega's "blues" scheme."""

from __future__ import annotations

from paramatlas.charts.common import Spec
from paramatlas.charts.drawing import BLUES, blues, one_line, pct, px, template
from paramatlas.charts.static_sizes import NAMES_WIDTH, PLOT_LEFT, ROW, ROWS_TOP

PLOT_RIGHT = 99.0
LEGEND_WIDTH = 30.0  # percent of the width


def tier_heatmap_svg(spec: Spec) -> str:
    """The picture of a spec made by `charts.models.tier_heatmap`: models top to bottom by
    `rank`, tiers left to right in order, each cell coloured by its correct rate on the spec's
    colour domain."""
    encoding = spec["encoding"]
    low, high = encoding["color"]["scale"]["domain"]
    cells = spec["datasets"]["tiers"]
    names = {r["rank"]: r["name"] for r in cells}
    order = {rank: i for i, rank in enumerate(sorted(names))}
    tiers = sorted({r["tier"] for r in cells})
    band = (PLOT_RIGHT - PLOT_LEFT) / max(len(tiers), 1)
    column = {t: PLOT_LEFT + band * i for i, t in enumerate(tiers)}
    bottom = ROWS_TOP + ROW * len(order)
    svg = template("tier_heatmap.svg.j2").render(
        rows=[
            {"name": names[rank], "y": px(ROWS_TOP + (i + 0.5) * ROW)} for rank, i in order.items()
        ],
        cells=[
            {
                "x": pct(column[r["tier"]]),
                "y": px(ROWS_TOP + order[r["rank"]] * ROW),
                "fill": blues((r["correct_rate"] - low) / (high - low)),
            }
            for r in cells
        ],
        tiers=[{"x": pct(column[t] + band / 2), "name": t} for t in tiers],
        stops=[{"offset": f"{i / (len(BLUES) - 1):.3f}", "color": c} for i, c in enumerate(BLUES)],
        legend_title=encoding["color"]["title"],
        legend_low=f"{low:.0%}",
        legend_high=f"{high:.0%}",
        legend_width=pct(LEGEND_WIDTH),
        legend_end=pct(PLOT_LEFT + LEGEND_WIDTH),
        x_title=encoding["x"]["title"],
        band=pct(band),
        row=ROW,
        label_width=pct(NAMES_WIDTH),
        left=pct(PLOT_LEFT),
        plot_bottom=bottom,
        height=bottom + 40,
    )
    return one_line(svg)
