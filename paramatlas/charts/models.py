"""Charts of the home, model and calibration pages."""

from __future__ import annotations

from functools import cache
from typing import Any

import altair as alt

from paramatlas.charts.common import VERDICT_COLORS, Spec, size_axis, verdict_bars, with_data
from paramatlas.readings import Estimate
from paramatlas.views.models import RunView

# The rows a page's filterable table shows (null: all); paramatlas-tables.js sets it.
SHOWN = alt.param(name="shown", value=None)
FOLLOWS_TABLE = "shown == null || indexof(shown, datum.slug) >= 0"


def following_table(dataset: str) -> alt.Chart:
    """A chart of the named dataset that draws only the rows its page's table shows."""
    return alt.Chart(alt.NamedData(dataset)).transform_filter(FOLLOWS_TABLE)


@cache
def _estimates_template() -> Spec:
    base = following_table("estimates").encode(
        y=alt.Y(
            "name:N",
            sort=alt.EncodingSortField("order_B", order="descending"),
            title=None,
            axis=alt.Axis(labelLimit=220),
        ),
    )
    log_x = alt.Scale(type="log")
    tooltip = [
        alt.Tooltip("name:N", title="model"),
        alt.Tooltip("estimate:N", title="best estimate"),
        alt.Tooltip("range:N", title="plausible range"),
        alt.Tooltip("grade:N", title="grade"),
        alt.Tooltip("known:N", title="known size"),
    ]
    weights = alt.Color(
        "weights:N",
        title="weights",
        scale=alt.Scale(domain=["open", "proprietary"], range=["#1565c0", "#ef6c00"]),
    )
    band = base.mark_rule(strokeWidth=2, opacity=0.6).encode(
        x=alt.X("low_B:Q", scale=log_x, axis=size_axis("parameters (log scale)")),
        x2="high_B:Q",
        color=weights,
        tooltip=tooltip,
        href="url:N",
    )
    point = (
        base.transform_filter("isValid(datum.params_B)")
        .mark_point(filled=True, size=40)
        .encode(x=alt.X("params_B:Q", scale=log_x), color=weights, tooltip=tooltip, href="url:N")
    )
    known = (
        base.transform_filter("isValid(datum.known_B)")
        .mark_tick(color="#000000", thickness=2, size=10)
        .encode(x=alt.X("known_B:Q", scale=log_x))
    )
    chart = alt.layer(band, point, known).add_params(SHOWN)
    # Its picture is written from this spec's data without the chart engine (charts.static).
    chart = chart.properties(
        width="container", height=alt.Step(12), usermeta={"picture": "size-rows"}
    )
    return chart.to_dict(validate=True)


def estimates_chart(rows: list[dict[str, Any]]) -> Spec:
    """Every model's answer on a log axis: best estimate (point), plausible range (line), known
    size (tick); `rows` from `paramatlas.views.overview.answer_rows`."""
    return with_data(_estimates_template(), estimates=rows)


# A picture drawn at build time shows at most this many models, the chart's first rows in its
# own order: its size and its drawing time stay the same whatever the registry's size (the
# interactive chart, a reader's reach away, draws every one).
PICTURE_ROWS = 50


def estimates_picture(rows: list[dict[str, Any]]) -> Spec:
    """The estimates chart of the PICTURE_ROWS largest answers (the chart's top rows)."""
    return estimates_chart(_largest(rows, "order_B"))


@cache
def _release_template() -> Spec:
    chart = (
        following_table("released")
        .mark_point(filled=True, size=50, opacity=0.85)
        .encode(
            # Dates are days, not instants: read and drawn in UTC, the same for every reader and
            # for the picture drawn at build time, whatever the machine's time zone.
            x=alt.X("released:T", title="release date", scale=alt.Scale(type="utc")),
            y=alt.Y("params_B:Q", scale=alt.Scale(type="log"), axis=size_axis("best estimate")),
            color=alt.Color("vendor:N", title="vendor", scale=alt.Scale(scheme="tableau20")),
            shape=alt.Shape("weights:N", title="weights"),
            href="url:N",
            tooltip=[
                alt.Tooltip("name:N", title="model"),
                alt.Tooltip("vendor:N"),
                alt.Tooltip("released:T", title="released", format="%Y-%m-%d", formatType="utc"),
                alt.Tooltip("size:N", title="best estimate"),
                alt.Tooltip("grade:N"),
            ],
        )
        .add_params(SHOWN)
        .properties(width="container", height=320, usermeta={"picture": "release-scatter"})
    )
    return chart.to_dict(validate=True)


def release_chart(rows: list[dict[str, Any]]) -> Spec:
    """Best estimate against release date, by vendor; every point links to its model page."""
    return with_data(_release_template(), released=rows)


def release_picture(rows: list[dict[str, Any]]) -> Spec:
    """The release chart of the PICTURE_ROWS largest best estimates: a picture of every point
    grew with the registry (10,000 points, 2 MB and most of a cold build's drawing at 20,000
    result files)."""
    return release_chart(_largest(rows, "params_B"))


def _largest(rows: list[dict[str, Any]], size: str) -> list[dict[str, Any]]:
    """The PICTURE_ROWS rows of largest `size`, ties by name."""
    return sorted(rows, key=lambda r: (-r[size], r["name"]))[:PICTURE_ROWS]


@cache
def _heatmap_template() -> Spec:
    chart = (
        following_table("tiers")
        .mark_rect()
        .encode(
            x=alt.X("tier:O", title="tier (T1 best known … T7 most obscure)"),
            y=alt.Y(
                "name:N", sort=alt.SortField("rank"), title=None, axis=alt.Axis(labelLimit=220)
            ),
            color=alt.Color(
                "correct_rate:Q",
                title="correct",
                scale=alt.Scale(scheme="blues", domain=[0, 1]),
                legend=alt.Legend(format=".0%"),
            ),
            href="url:N",
            tooltip=[
                alt.Tooltip("name:N", title="model"),
                alt.Tooltip("tier:O"),
                alt.Tooltip("correct_rate:Q", title="correct", format=".1%"),
                alt.Tooltip("size:N", title="best estimate"),
            ],
        )
        .add_params(SHOWN)
        .properties(width=alt.Step(30), height=alt.Step(12), usermeta={"picture": "tier-heatmap"})
    )
    return chart.to_dict(validate=True)


def tier_heatmap(rows: list[dict[str, Any]]) -> Spec:
    """Correct rate per tier of each model's primary run, models sorted by best estimate."""
    return with_data(_heatmap_template(), tiers=rows)


def heatmap_picture(rows: list[dict[str, Any]]) -> Spec:
    """The heatmap of the PICTURE_ROWS models of largest best estimate (its top rows)."""
    return tier_heatmap([r for r in rows if r["rank"] < PICTURE_ROWS])


@cache
def _tiers_template() -> Spec:
    bars = verdict_bars(1.0)
    interval = (
        alt.Chart(alt.NamedData("wilson"))
        .mark_rule(color="#000000", strokeWidth=2)
        .encode(
            x="tier:N",
            y=alt.Y("low:Q"),
            y2="high:Q",
            tooltip=[
                alt.Tooltip("tier:N"),
                alt.Tooltip("rate:Q", title="correct rate", format=".1%"),
                alt.Tooltip("low:Q", title="Wilson 95% low", format=".1%"),
                alt.Tooltip("high:Q", title="Wilson 95% high", format=".1%"),
            ],
        )
    )
    # Simple enough to be drawn without the chart engine (charts.static): its picture is
    # written from this spec's data, the same on every machine, in a fraction of the time.
    chart = alt.layer(bars, interval).properties(
        width="container", height=260, usermeta={"picture": "stacked-shares"}
    )
    return chart.to_dict(validate=True)


def tiers_chart(run: RunView) -> Spec:
    """Verdict shares per tier, stacked from correct up; black bars: Wilson 95% on correct."""
    verdicts, wilson = [], []
    for row in run.tiers:
        for order, verdict in enumerate(VERDICT_COLORS):
            count = getattr(row, verdict)
            verdicts.append(
                {
                    "tier": row.tier,
                    "verdict": verdict,
                    "count": count,
                    "order": order,
                    "share": count / row.total if row.total else 0.0,
                }
            )
        if row.wilson is not None:
            wilson.append(
                {
                    "tier": row.tier,
                    "rate": row.correct_rate,
                    "low": row.wilson[0],
                    "high": row.wilson[1],
                }
            )
    return with_data(_tiers_template(), verdicts=verdicts, wilson=wilson)


@cache
def _runs_template() -> Spec:
    # Room above 100% for the marks that point at a tier.
    bars = verdict_bars(
        1.15,
        xOffset=alt.XOffset("run:N"),
        opacity=alt.Opacity("run:O", title="run", scale=alt.Scale(range=[0.55, 1.0])),
    )
    notes = (
        alt.Chart(alt.NamedData("marks"))
        .mark_text(dy=-6, fontWeight="bold", color="#c62828")
        .encode(x="tier:N", y=alt.Y("y:Q"), text="text:N")
    )
    return alt.layer(bars, notes).properties(width="container", height=300).to_dict(validate=True)


def runs_chart(
    runs: list[tuple[str, dict[str, dict[str, int]]]], marks: list[dict[str, Any]]
) -> Spec:
    """Verdict shares per tier for several runs side by side; tiers a run lacks stay empty."""
    verdicts = []
    for label, tiers in runs:
        for tier, counts in tiers.items():
            total = sum(counts.values())
            for order, verdict in enumerate(VERDICT_COLORS):
                verdicts.append(
                    {
                        "run": label,
                        "tier": tier,
                        "verdict": verdict,
                        "order": order,
                        "count": counts[verdict],
                        "share": counts[verdict] / total if total else 0.0,
                    }
                )
    return with_data(_runs_template(), verdicts=verdicts, marks=marks)


@cache
def _history_template() -> Spec:
    x = alt.X("release:O", sort=None, title="release")
    band = (
        alt.Chart(alt.NamedData("history"))
        .mark_area(opacity=0.25, color="#90caf9")
        .encode(
            x=x,
            y=alt.Y(
                "low_B:Q",
                scale=alt.Scale(type="log"),
                axis=size_axis("estimated parameters (log scale)"),
            ),
            y2="high_B:Q",
        )
    )
    line = (
        alt.Chart(alt.NamedData("history"))
        .mark_line(point=True, color="#1565c0")
        .encode(
            x=x,
            y=alt.Y("params_B:Q", scale=alt.Scale(type="log")),
            tooltip=[
                alt.Tooltip("release:O"),
                alt.Tooltip("params_B:Q", format=",.4~r"),
                alt.Tooltip("low_B:Q", format=",.4~r"),
                alt.Tooltip("high_B:Q", format=",.4~r"),
            ],
        )
    )
    return alt.layer(band, line).properties(width="container", height=220).to_dict(validate=True)


def history_chart(
    history: list[tuple[str, str, dict[str, Any] | None]], current: Estimate | None
) -> Spec:
    """A model's default estimate in every release and in this build, with its 90% band."""
    rows = [
        {"release": version, "params_B": h["params_B"], "low_B": h["low_B"], "high_B": h["high_B"]}
        for version, _, h in history
        if h
    ]
    if current is not None:
        rows.append(
            {
                "release": "this build",
                "params_B": current.params_B,
                "low_B": current.low_B,
                "high_B": current.high_B,
            }
        )
    return with_data(_history_template(), history=rows)
