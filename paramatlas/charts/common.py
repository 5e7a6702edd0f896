"""What every chart shares: the size axis, the verdict colours, the stacked verdict bars, and
the way per-page data goes into a spec built once."""

from __future__ import annotations

from typing import Any

import altair as alt

# Log axes labelled in the site's units: 100M, 10B, 1T.
SIZE_LABEL = (
    "datum.value >= 1000 ? format(datum.value / 1000, '~g') + 'T' : "
    "datum.value >= 1 ? format(datum.value, '~g') + 'B' : "
    "format(datum.value * 1000, '~g') + 'M'"
)
SIZE_TICKS = [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000]


def size_axis(title: str) -> alt.Axis:
    return alt.Axis(title=title, values=SIZE_TICKS, labelExpr=SIZE_LABEL)


VERDICT_COLORS = {"correct": "#2e7d32", "weak": "#9ccc65", "wrong": "#c62828", "refusal": "#9e9e9e"}
Spec = dict[str, Any]


def with_data(template: Spec, **datasets: list[dict[str, Any]]) -> Spec:
    # Only the top-level `datasets` key differs between pages: a shallow copy is enough, and
    # the shared template is never modified.
    return {**template, "datasets": datasets}


def verdict_bars(y_top: float, **extra: alt.SchemaBase) -> alt.Chart:
    """Verdict shares per tier, stacked from correct up (shared by the run charts)."""
    tooltip = [
        alt.Tooltip("tier:N"),
        alt.Tooltip("verdict:N"),
        alt.Tooltip("count:Q"),
        alt.Tooltip("share:Q", format=".1%"),
    ]
    if "xOffset" in extra:
        tooltip.insert(0, alt.Tooltip("run:N"))
    return (
        alt.Chart(alt.NamedData("verdicts"))
        .mark_bar()
        .encode(
            x=alt.X("tier:N", title="tier (T1 common → T7 long tail)"),
            y=alt.Y(
                "share:Q",
                stack="zero",
                title="share of counted probes",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, y_top]),
            ),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(domain=list(VERDICT_COLORS), range=list(VERDICT_COLORS.values())),
            ),
            order=alt.Order("order:Q"),
            tooltip=tooltip,
            **extra,
        )
    )


# Six significant digits: far finer than a pixel or a tooltip's three or four, and a page's
# chart data weighs about a third less than with every float's seventeen.
CHART_DIGITS = 6


def compact(spec: Any) -> Any:
    """The spec with every float rounded to CHART_DIGITS significant digits."""
    if isinstance(spec, float):
        return float(f"{spec:.{CHART_DIGITS}g}")
    if isinstance(spec, dict):
        return {key: compact(value) for key, value in spec.items()}
    if isinstance(spec, list):
        return [compact(value) for value in spec]
    return spec
