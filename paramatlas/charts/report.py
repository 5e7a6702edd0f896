"""Charts of the report pages: case study, λ analysis, anchors, and methods side by side."""

from __future__ import annotations

from functools import cache
from typing import Any

import altair as alt

from paramatlas.analyses.anchors import AnchorRow
from paramatlas.analyses.case_study import CaseStudyView
from paramatlas.charts.common import Spec, size_axis, with_data
from paramatlas.charts.models import runs_chart
from paramatlas.present import published_text, size
from paramatlas.rules import confidence_word
from paramatlas.views.calibrations import CalibrationView
from paramatlas.views.disagreement import Disagreement


@cache
def _intervals_template(height: int, published_marks: bool, note: str) -> Spec:
    base = alt.Chart(alt.NamedData("rows")).encode(
        y=alt.Y(
            "label:N",
            sort=alt.EncodingSortField("order"),
            title=None,
            axis=alt.Axis(labelLimit=260),
        )
    )
    x = alt.X(
        "low_B:Q", scale=alt.Scale(type="log"), axis=size_axis("total parameters (log scale)")
    )
    rule = (
        base.transform_filter("isValid(datum.low_B)")
        .mark_rule(strokeWidth=3)
        .encode(x=x, x2="high_B:Q", color=alt.Color("kind:N", title=None))
    )
    point = (
        base.transform_filter("isValid(datum.params_B)")
        .mark_point(filled=True, size=70)
        .encode(
            x=alt.X("params_B:Q", scale=alt.Scale(type="log")),
            color="kind:N",
            tooltip=[
                alt.Tooltip("label:N", title="method"),
                alt.Tooltip("estimate:N", title="estimate"),
                alt.Tooltip("interval:N", title="interval"),
                alt.Tooltip("note:N", title=note),
            ],
        )
    )
    published = (
        base.transform_filter("isValid(datum.published_B)")
        .mark_point(shape="diamond", size=90, color="#000000", filled=False)
        .encode(x=alt.X("published_B:Q", scale=alt.Scale(type="log")))
    )
    layers = [rule, point, published] if published_marks else [rule, point]
    return alt.layer(*layers).properties(width="container", height=height).to_dict(validate=True)


def intervals_chart(rows: list[dict[str, Any]], note: str) -> Spec:
    """Every sizing of one model as an interval on a log axis; diamonds: published figures.
    Each row's `note` is shown in its tooltip under the title `note`."""
    published = any(r.get("published_B") for r in rows)
    return with_data(_intervals_template(max(120, 38 * len(rows)), published, note), rows=rows)


def interval_row(
    label: str, params_B: float | None, low_B: float | None, high_B: float | None, **rest: Any
) -> dict[str, Any]:
    """A row of an intervals chart, with its sizes also as text for the tooltip."""
    return {
        "label": label,
        "params_B": params_B,
        "low_B": low_B,
        "high_B": high_B,
        "estimate": size(params_B) if params_B else "not published",
        "interval": f"{size(low_B)}–{size(high_B)}"
        if low_B and high_B and low_B != high_B
        else "none",
        **rest,
    }


@cache
def _sweep_template() -> Spec:
    chart = (
        alt.Chart(alt.NamedData("sweep"))
        .mark_line(point=True)
        .encode(
            x=alt.X("lambda:Q", title="λ (penalty per wrong answer)"),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("calibration:N"),
            tooltip=[
                alt.Tooltip("calibration:N"),
                alt.Tooltip("statistic:N"),
                alt.Tooltip("lambda:Q"),
                alt.Tooltip("value:Q", format=".4f"),
            ],
        )
        .properties(width=260, height=170)
        .facet(facet=alt.Facet("statistic:N", title=None), columns=2)
        .resolve_scale(y="independent")
    )
    return chart.to_dict(validate=True)


def sweep_chart(rows: list[dict[str, Any]]) -> Spec:
    """Fit statistics of each calibration across its λ sweep, one panel per statistic."""
    return with_data(_sweep_template(), sweep=rows)


@cache
def _anchors_template() -> Spec:
    x = alt.X("known_B:Q", scale=alt.Scale(type="log"), axis=size_axis("known size (log scale)"))
    band = (
        alt.Chart(alt.NamedData("band"))
        .mark_rect(color="#90caf9", opacity=0.3)
        .encode(
            y=alt.Y(
                "low:Q", scale=alt.Scale(type="log"), title="estimate ÷ known size (log scale)"
            ),
            y2="high:Q",
        )
    )
    one = (
        alt.Chart(alt.NamedData("band"))
        .mark_rule(color="#546e7a", strokeDash=[4, 4])
        .encode(y=alt.Y("one:Q", scale=alt.Scale(type="log")))
    )
    points = (
        alt.Chart(alt.NamedData("anchors"))
        .mark_point(filled=True)
        .encode(
            x=x,
            y=alt.Y("factor:Q", scale=alt.Scale(type="log")),
            color=alt.Color(
                "arch:N",
                title="architecture",
                scale=alt.Scale(
                    domain=["dense", "moe", "unknown"], range=["#1565c0", "#ef6c00", "#757575"]
                ),
            ),
            size=alt.Size(
                "highlighted:O",
                title="frontier MoE anchor",
                scale=alt.Scale(domain=["no", "yes"], range=[40, 220]),
            ),
            shape=alt.Shape("sample:N", title="factor from"),
            tooltip=[
                alt.Tooltip("model:N"),
                alt.Tooltip("known_B:Q", title="known (B)"),
                alt.Tooltip("estimate_B:Q", title="estimate (B)", format=",.4~r"),
                alt.Tooltip("factor:Q", format=".2f"),
                alt.Tooltip("sample:N"),
            ],
        )
    )
    labels = (
        alt.Chart(alt.NamedData("anchors"))
        .transform_filter("datum.highlighted == 'yes'")
        .mark_text(dx=8, align="left", fontWeight="bold")
        .encode(x=x, y=alt.Y("factor:Q", scale=alt.Scale(type="log")), text="model:N")
    )
    return (
        alt.layer(band, one, points, labels)
        .properties(width="container", height=380)
        .to_dict(validate=True)
    )


def anchors_chart(rows: list[dict[str, Any]], fold: float) -> Spec:
    """Over- or under-estimate of every known-size model against its size, LOO band behind."""
    return with_data(
        _anchors_template(), anchors=rows, band=[{"low": 1 / fold, "high": fold, "one": 1.0}]
    )


# ---- view-model adapters for the report pages --------------------------------------------


def case_runs_chart(cs: CaseStudyView) -> Spec:
    runs = [(r.run_id, {t: c.model_dump() for t, c in r.tiers.items()}) for r in cs.runs]
    marks = []
    for tier, shift in cs.wrong_shifts:
        marks.append({"tier": tier, "y": 1.08, "text": shift})
    return runs_chart(runs, marks)


def disagreement_chart(cs: CaseStudyView) -> Spec:
    rows = []
    for order, r in enumerate(cs.rows):
        kind = "quoted elsewhere" if r.interval.startswith("quoted") else "IKP"
        rows.append(
            interval_row(
                r.short or r.label,
                r.params_B,
                r.low_B,
                r.high_B,
                note=published_text(r),
                kind=kind,
                published_B=r.published_B,
                order=order,
            )
        )
    return intervals_chart(rows, "published")


def sweep_chart_for(calibrations: tuple[CalibrationView, ...]) -> Spec:
    rows = []
    for view in calibrations:
        for cal in view.sweep:
            for statistic, value in (
                ("slope", cal.fit.slope),
                ("R²", cal.fit.r_squared),
                ("LOO median fold error", cal.loo.median_fold),
                ("90% band factor", cal.fit.pi90_factor),
            ):
                rows.append(
                    {
                        "calibration": view.spec.name,
                        "lambda": cal.lam,
                        "statistic": statistic,
                        "value": value,
                    }
                )
    return sweep_chart(rows)


def anchors_chart_for(rows: tuple[AnchorRow, ...], fold: float) -> Spec:
    data = [
        {
            "model": r.model.slug,
            "known_B": r.model.params_B,
            "estimate_B": r.estimate_B,
            "factor": r.factor,
            "arch": r.model.arch,
            "highlighted": "yes" if r.highlighted else "no",
            "sample": "fit without it (LOO)" if r.out_of_sample else "full fit",
        }
        for r in rows
    ]
    return anchors_chart(data, fold)


def methods_chart(d: Disagreement) -> Spec:
    """One model's estimates, one row per method, on a log axis."""
    rows = [
        interval_row(
            e.label,
            None if e.method == "quoted" else e.params_B,  # a quoted range has no centre
            e.low_B or e.params_B,
            e.high_B or e.params_B,
            note=confidence_word(e.confidence),
            kind=e.method,
            published_B=None,
            order=i,
        )
        for i, e in enumerate(d.estimates)
    ]
    return intervals_chart(rows, "method confidence")
