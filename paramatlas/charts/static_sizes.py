"""The home page's pictures, drawn without the chart engine from their specs' data: each model's
answer on a log axis (one row a model), and best estimates against release dates. A build
starts no engine for them, and the same data gives the same bytes on any machine."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from paramatlas.charts.common import SIZE_TICKS, Spec
from paramatlas.charts.drawing import (
    SHAPES,
    TABLEAU20,
    log_share,
    nice_log_domain,
    one_line,
    ordinal,
    pct,
    px,
    size_label,
    template,
)

ROW = 12  # pixels a model, as the spec's step
LEGEND_STEP = 22.0  # percent of the width between legend entries
# Names left of the plot, clipped at its edge (a phone shows their start, as the engine's
# label limit does); the last tick's label needs room right of the plot.
NAMES_WIDTH, PLOT_LEFT, PLOT_RIGHT = 30.0, 31.0, 96.0
ROWS_TOP = 28


def size_rows_svg(spec: Spec) -> str:
    """The picture of a spec made by `charts.models.estimates_chart`: per row, largest
    `order_B` first, the plausible range as a line, the best estimate as a point, the known
    size as a black tick, coloured by the spec's weights scale."""
    band, _, _ = spec["layer"]
    encoding = band["encoding"]
    scale = encoding["color"]["scale"]
    colors = dict(zip(scale["domain"], scale["range"], strict=True))
    rows = sorted(spec["datasets"]["estimates"], key=lambda r: (-r["order_B"], r["name"]))
    values = [r[k] for r in rows for k in ("low_B", "high_B", "params_B", "known_B") if r[k]]
    domain = nice_log_domain(values) if values else (1.0, 10.0)

    def x(value: float) -> str:
        return pct(PLOT_LEFT + log_share(value, domain) * (PLOT_RIGHT - PLOT_LEFT))

    drawn = []
    for i, r in enumerate(rows):
        y = ROWS_TOP + (i + 0.5) * ROW
        drawn.append(
            {
                "name": r["name"],
                "y": px(y),
                "low": x(r["low_B"]),
                "high": x(r["high_B"]),
                "point": x(r["params_B"]) if r["params_B"] else None,
                "known": x(r["known_B"]) if r["known_B"] else None,
                "tick_top": px(y - 5),
                "tick_bottom": px(y + 5),
                "fill": colors[r["weights"]],
            }
        )
    bottom = ROWS_TOP + ROW * len(rows)
    svg = template("size_rows.svg.j2").render(
        rows=drawn,
        ticks=_size_ticks(domain, x),
        legend_title=encoding["color"]["title"],
        legend=[
            {"x": pct(PLOT_LEFT + i * LEGEND_STEP), "name": name, "fill": fill}
            for i, (name, fill) in enumerate(colors.items())
        ],
        point_radius=px(math.sqrt(_point_size(spec, 1) / math.pi)),
        x_title=encoding["x"]["axis"]["title"],
        label_width=pct(NAMES_WIDTH),
        left=pct(PLOT_LEFT),
        right=pct(PLOT_RIGHT),
        plot_top=ROWS_TOP,
        plot_bottom=bottom,
        height=bottom + 40,
    )
    return one_line(svg)


def _point_size(spec: Spec, layer: int | None = None) -> float:
    mark = spec["layer"][layer]["mark"] if layer is not None else spec["mark"]
    return float(mark["size"])


def _size_ticks(domain: tuple[float, float], place: Any) -> list[dict[str, str]]:
    """The size axis's ticks inside the domain; only powers of ten labelled, so that the labels
    fit a phone's width."""
    return [
        {"x": place(v), "label": size_label(v) if math.log10(v).is_integer() else ""}
        for v in SIZE_TICKS
        if domain[0] <= v <= domain[1]
    ]


# The release picture: best estimate (log, up) against release date (left to right).
SCATTER_TOP, SCATTER_HEIGHT = 24, 320
SCATTER_LEFT, SCATTER_RIGHT = 10.0, 98.0
LEGEND_COLUMNS = 3
MONTHS = ("Jan", "Apr", "Jul", "Oct")


def release_scatter_svg(spec: Spec) -> str:
    """The picture of a spec made by `charts.models.release_chart`: a point per model at its
    release date (UTC days) and best estimate, coloured by vendor and shaped by weights as
    Vega hands out the scheme's colours and its shapes (the field's values sorted)."""
    encoding = spec["encoding"]
    rows = spec["datasets"]["released"]
    days = [_day(r["released"]) for r in rows]
    start, end = (min(days), max(days)) if days else (0.0, 1.0)
    span = (end - start) or 1.0
    domain = nice_log_domain([r["params_B"] for r in rows]) if rows else (1.0, 10.0)
    colors = ordinal([r["vendor"] for r in rows], TABLEAU20)
    shapes = ordinal([r["weights"] for r in rows], SHAPES)
    bottom = SCATTER_TOP + SCATTER_HEIGHT

    def x(day: float) -> str:
        return pct(SCATTER_LEFT + (day - start) / span * (SCATTER_RIGHT - SCATTER_LEFT))

    def y(value: float) -> float:
        return SCATTER_TOP + (1 - log_share(value, domain)) * SCATTER_HEIGHT

    side = math.sqrt(_point_size(spec))
    points = [
        {
            "x": x(day),
            "y": px(y(r["params_B"])),
            "fill": colors[r["vendor"]],
            "square": shapes[r["weights"]] == "square",
        }
        for r, day in zip(rows, days, strict=True)
    ]
    entries = [("color", name, fill) for name, fill in colors.items()]
    # "open weights", "proprietary weights": the shapes' entries name their field.
    entries += [
        ("shape", f"{name} {encoding['shape']['title']}", shape) for name, shape in shapes.items()
    ]
    legend_top = bottom + 52
    svg = template("release_scatter.svg.j2").render(
        points=points,
        radius=px(side / math.sqrt(math.pi)),
        side=px(side),
        half=px(side / 2),
        y_ticks=[
            {"y": px(y(v)), "label": size_label(v)}
            for v in SIZE_TICKS
            if domain[0] <= v <= domain[1]
        ],
        x_ticks=[{"x": x(day), "label": label} for day, label in _date_ticks(start, end)],
        legend=[
            {
                "x": pct(
                    SCATTER_LEFT + (i % LEGEND_COLUMNS) * (100 - SCATTER_LEFT) / LEGEND_COLUMNS
                ),
                "width": pct((100 - SCATTER_LEFT) / LEGEND_COLUMNS - 1),
                "y": legend_top + (i // LEGEND_COLUMNS) * 16,
                "kind": kind,
                "name": name,
                "look": look,
            }
            for i, (kind, name, look) in enumerate(entries)
        ],
        x_title=encoding["x"]["title"],
        y_title=encoding["y"]["axis"]["title"],
        left=pct(SCATTER_LEFT),
        right=pct(SCATTER_RIGHT),
        plot_top=SCATTER_TOP,
        plot_bottom=bottom,
        height=legend_top + 16 * math.ceil(len(entries) / LEGEND_COLUMNS),
    )
    return one_line(svg)


def _day(iso_date: str) -> float:
    """Days since 1970-01-01 of a date read as a UTC day, as the chart reads it."""
    return float(dt.date.fromisoformat(iso_date).toordinal() - dt.date(1970, 1, 1).toordinal())


def _date_ticks(start: float, end: float) -> list[tuple[float, str]]:
    """The first days of the years inside the dates' span, labelled by year; for a span with
    fewer than two, the first days of its quarters, labelled by month and year."""
    first, last = (dt.date(1970, 1, 1) + dt.timedelta(days=d) for d in (start, end))
    years = [dt.date(y, 1, 1) for y in range(first.year, last.year + 1)]
    years = [d for d in years if first <= d <= last]
    if len(years) >= 2:
        return [(_day(d.isoformat()), str(d.year)) for d in years]
    quarters = [dt.date(y, m, 1) for y in range(first.year, last.year + 1) for m in (1, 4, 7, 10)]
    return [
        (_day(d.isoformat()), f"{MONTHS[(d.month - 1) // 3]} {d.year}")
        for d in quarters
        if first <= d <= last
    ]
