"""Vega-Lite specs built with Altair: one function per chart, view-model in, dict out.

Each chart's spec is built and validated once; per-page data goes into its `datasets` entry,
so a page costs a dict copy rather than an Altair build.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import altair as alt

from generator.analysis import AnchorRow, CaseStudyView
from generator.methods import Disagreement
from generator.report import CalibrationView, Estimate, ModelView, RunView

# Log axes labelled in the site's units: 100M, 10B, 1T.
SIZE_LABEL = (
    "datum.value >= 1000 ? format(datum.value / 1000, '~g') + 'T' : "
    "datum.value >= 1 ? format(datum.value, '~g') + 'B' : "
    "format(datum.value * 1000, '~g') + 'M'"
)
SIZE_TICKS = [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000]


def _size_axis(title: str) -> alt.Axis:
    return alt.Axis(title=title, values=SIZE_TICKS, labelExpr=SIZE_LABEL)


VERDICT_COLORS = {"correct": "#2e7d32", "weak": "#9ccc65", "wrong": "#c62828", "refusal": "#9e9e9e"}
Spec = dict[str, Any]


def _with_data(template: Spec, **datasets: list[dict[str, Any]]) -> Spec:
    # Only the top-level `datasets` key differs between pages: a shallow copy is enough, and
    # the shared template is never modified.
    return {**template, "datasets": datasets}


@cache
def _estimates_template(height: int) -> Spec:
    base = alt.Chart(alt.NamedData("estimates")).encode(
        y=alt.Y(
            "name:N",
            sort=alt.EncodingSortField("params_B", order="descending"),
            title=None,
            axis=alt.Axis(labelLimit=220),
        ),
    )
    log_x = alt.Scale(type="log")
    tooltip = [
        alt.Tooltip("name:N", title="model"),
        alt.Tooltip("params_B:Q", title="estimate (B)", format=",.3~r"),
        alt.Tooltip("low_B:Q", title="90% band low (B)", format=",.3~r"),
        alt.Tooltip("high_B:Q", title="90% band high (B)", format=",.3~r"),
        alt.Tooltip("loo_low_B:Q", title="LOO band low (B)", format=",.3~r"),
        alt.Tooltip("loo_high_B:Q", title="LOO band high (B)", format=",.3~r"),
        alt.Tooltip("known_B:Q", title="known size (B)", format=",.3~r"),
    ]
    band = base.mark_rule(color="#b0bec5", strokeWidth=1).encode(
        x=alt.X("low_B:Q", scale=log_x, axis=_size_axis("parameters (log scale)")),
        x2="high_B:Q",
    )
    loo = base.mark_rule(color="#546e7a", strokeWidth=3, opacity=0.6).encode(
        x=alt.X("loo_low_B:Q", scale=log_x),
        x2="loo_high_B:Q",
    )
    point = base.mark_point(filled=True, size=40).encode(
        x=alt.X("params_B:Q", scale=log_x),
        color=alt.Color(
            "weights:N",
            title="weights",
            scale=alt.Scale(domain=["open", "proprietary"], range=["#1565c0", "#ef6c00"]),
        ),
        tooltip=tooltip,
    )
    known = (
        base.transform_filter("isValid(datum.known_B)")
        .mark_tick(color="#000000", thickness=2, size=10)
        .encode(x=alt.X("known_B:Q", scale=log_x))
    )
    chart = alt.layer(band, loo, point, known).properties(width="container", height=height)
    return chart.to_dict(validate=True)


def estimates_chart(models: tuple[ModelView, ...]) -> Spec:
    """Every estimate on a log axis: point, 90% band (thin), LOO band (thick), known size (tick)."""
    rows = [
        {
            "name": m.entry.name,
            "params_B": m.estimate.params_B,
            "low_B": m.estimate.low_B,
            "high_B": m.estimate.high_B,
            "loo_low_B": m.estimate.loo_low_B,
            "loo_high_B": m.estimate.loo_high_B,
            "known_B": m.entry.params_B,
            "weights": "open" if m.entry.open else "proprietary",
        }
        for m in models
        if m.estimate is not None
    ]
    return _with_data(_estimates_template(max(200, 12 * len(rows))), estimates=rows)


def _verdict_bars(y_top: float, **extra: alt.SchemaBase) -> alt.Chart:
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


@cache
def _tiers_template() -> Spec:
    bars = _verdict_bars(1.0)
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
    return (
        alt.layer(bars, interval).properties(width="container", height=260).to_dict(validate=True)
    )


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
    return _with_data(_tiers_template(), verdicts=verdicts, wilson=wilson)


@cache
def _calibration_template() -> Spec:
    log_x = alt.Scale(type="log")
    x = alt.X("params_B:Q", scale=log_x, axis=_size_axis("known parameters (log scale)"))
    band = (
        alt.Chart(alt.NamedData("line"))
        .mark_area(color="#90caf9", opacity=0.35)
        .encode(x=x, y=alt.Y("low:Q", title="accuracy"), y2="high:Q")
    )
    line = alt.Chart(alt.NamedData("line")).mark_line(color="#1565c0").encode(x=x, y="fit:Q")
    points = (
        alt.Chart(alt.NamedData("points"))
        .mark_point(filled=True, size=45)
        .encode(
            x=x,
            y="accuracy:Q",
            shape=alt.Shape(
                "role:N",
                title="model",
                scale=alt.Scale(domain=["cohort", "excluded"], range=["circle", "cross"]),
            ),
            color=alt.Color(
                "arch:N",
                title="architecture",
                scale=alt.Scale(
                    domain=["dense", "moe", "unknown"], range=["#1565c0", "#ef6c00", "#757575"]
                ),
            ),
            tooltip=[
                alt.Tooltip("model:N"),
                alt.Tooltip("params_B:Q", title="known size (B)"),
                alt.Tooltip("accuracy:Q", format=".4f"),
                alt.Tooltip("role:N"),
                alt.Tooltip("fold_error:Q", title="LOO fold error", format=".2f"),
            ],
        )
    )
    return (
        alt.layer(band, line, points)
        .properties(width="container", height=380)
        .to_dict(validate=True)
    )


def calibration_chart(view: CalibrationView) -> Spec:
    """Cohort accuracy against known size, the fit line and its 90% prediction band."""
    cal = view.headline
    half = 1.645 * cal.fit.residual_se
    lo_x, hi_x = math.log10(cal.min_params_B) - 0.2, math.log10(cal.max_params_B) + 0.2
    line = []
    for i in range(41):
        x = lo_x + (hi_x - lo_x) * i / 40
        fit = cal.fit.accuracy_at(x)
        line.append({"params_B": 10**x, "fit": fit, "low": fit - half, "high": fit + half})
    points = [
        {
            "model": p.slug,
            "params_B": p.params_B,
            "accuracy": p.accuracy,
            "arch": p.arch,
            "role": "cohort",
            "fold_error": fold,
        }
        for p, fold in zip(cal.points, cal.loo.fold_errors, strict=True)
    ] + [
        {
            "model": p.slug,
            "params_B": p.params_B,
            "accuracy": p.accuracy,
            "arch": p.arch,
            "role": "excluded",
            "fold_error": None,
        }
        for p in view.excluded_points
    ]
    return _with_data(_calibration_template(), line=line, points=points)


@cache
def _runs_template() -> Spec:
    # Room above 100% for the marks that point at a tier.
    bars = _verdict_bars(
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
    return _with_data(_runs_template(), verdicts=verdicts, marks=marks)


@cache
def _intervals_template(height: int, published_marks: bool) -> Spec:
    base = alt.Chart(alt.NamedData("rows")).encode(
        y=alt.Y(
            "label:N",
            sort=alt.EncodingSortField("order"),
            title=None,
            axis=alt.Axis(labelLimit=260),
        )
    )
    x = alt.X(
        "low_B:Q", scale=alt.Scale(type="log"), axis=_size_axis("total parameters (log scale)")
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
                alt.Tooltip("label:N"),
                alt.Tooltip("params_B:Q", format=",.4~r"),
                alt.Tooltip("low_B:Q", format=",.4~r"),
                alt.Tooltip("high_B:Q", format=",.4~r"),
                alt.Tooltip("published:N"),
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


def intervals_chart(rows: list[dict[str, Any]]) -> Spec:
    """Every sizing of one model as an interval on a log axis; diamonds: published figures."""
    published = any(r.get("published_B") for r in rows)
    return _with_data(_intervals_template(max(120, 38 * len(rows)), published), rows=rows)


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
    return _with_data(_sweep_template(), sweep=rows)


@cache
def _anchors_template() -> Spec:
    x = alt.X("known_B:Q", scale=alt.Scale(type="log"), axis=_size_axis("known size (log scale)"))
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
    return _with_data(
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
            {
                "label": r.short or r.label,
                "params_B": r.params_B,
                "low_B": r.low_B,
                "high_B": r.high_B,
                "published": r.published,
                "kind": kind,
                "published_B": r.published_B,
                "order": order,
            }
        )
    return intervals_chart(rows)


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
        {
            "label": e.label,
            "params_B": e.params_B,
            "low_B": e.low_B or e.params_B,
            "high_B": e.high_B or e.params_B,
            "published": e.confidence,
            "kind": e.method,
            "published_B": None,
            "order": i,
        }
        for i, e in enumerate(d.estimates)
    ]
    return intervals_chart(rows)


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
                axis=_size_axis("estimated parameters (log scale)"),
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
    return _with_data(_history_template(), history=rows)
