"""Charts of a calibration page: the fit with its cohort, the leave-one-out predictions, and
the MoE members fitted on total against active parameters."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import altair as alt

from paramatlas.charts.common import Spec, size_axis, with_data
from paramatlas.readings import CohortPoint
from paramatlas.views.calibrations import CalibrationView

ARCH_COLOR = alt.Scale(domain=["dense", "moe", "unknown"], range=["#1565c0", "#ef6c00", "#757575"])
LOG = alt.Scale(type="log")


def _vendor_param(vendors: tuple[str, ...]) -> alt.Parameter:
    """A drop-down that fades every model but one vendor's (empty: all at full strength)."""
    return alt.param(
        name="vendor",
        value="",
        bind=alt.binding_select(
            options=["", *vendors], labels=["every vendor", *vendors], name="Highlight "
        ),
    )


HIGHLIGHT = alt.condition("vendor == '' || datum.vendor == vendor", alt.value(1), alt.value(0.12))


def _arch_points(tooltip: list[alt.Tooltip], **encodings: Any) -> alt.Chart:
    return (
        alt.Chart(alt.NamedData("points"))
        .mark_point(filled=True, size=45)
        .encode(
            color=alt.Color("arch:N", title="architecture", scale=ARCH_COLOR),
            opacity=HIGHLIGHT,
            tooltip=tooltip,
            **encodings,
        )
    )


@cache
def _calibration_template(vendors: tuple[str, ...]) -> Spec:
    x = alt.X("params_B:Q", scale=LOG, axis=size_axis("known parameters (log scale)"))
    band = (
        alt.Chart(alt.NamedData("line"))
        .mark_area(color="#90caf9", opacity=0.35)
        .encode(x=x, y=alt.Y("low:Q", title="accuracy"), y2="high:Q")
    )
    line = alt.Chart(alt.NamedData("line")).mark_line(color="#1565c0").encode(x=x, y="fit:Q")
    show_excluded = alt.param(
        name="show_excluded",
        value=True,
        bind=alt.binding_checkbox(name="Show the excluded models "),
    )
    points = (
        _arch_points(
            [
                alt.Tooltip("model:N"),
                alt.Tooltip("vendor:N"),
                alt.Tooltip("params_B:Q", title="known size (B)"),
                alt.Tooltip("accuracy:Q", format=".4f"),
                alt.Tooltip("note:N", title="in the fit"),
            ],
            x=x,
            y="accuracy:Q",
            shape=alt.Shape(
                "role:N",
                title="membership",
                scale=alt.Scale(domain=["cohort", "excluded"], range=["circle", "cross"]),
            ),
            href="href:N",
        )
        .add_params(_vendor_param(vendors), show_excluded)
        .transform_filter("datum.role == 'cohort' || show_excluded")
    )
    return (
        alt.layer(band, line, points)
        .properties(width="container", height=380)
        .to_dict(validate=True)
    )


def _point(view: CalibrationView, slug: str, role: str, **extra: Any) -> dict[str, Any]:
    return {
        "model": slug,
        "vendor": view.vendor_of.get(slug, "unknown"),
        "role": role,
        "href": f"../../models/{slug}/",
        **extra,
    }


def _fit_point(view: CalibrationView, p: CohortPoint, role: str, note: str) -> dict[str, Any]:
    return _point(
        view, p.slug, role, params_B=p.params_B, accuracy=p.accuracy, arch=p.arch, note=note
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
    reasons = {x.model: x.reason for x in view.spec.excluded}
    points = [
        _fit_point(view, p, "cohort", f"yes, LOO fold error {fold:.2f}×")
        for p, fold in zip(cal.points, cal.loo.fold_errors, strict=True)
    ] + [
        _fit_point(view, p, "excluded", f"no, excluded: {reasons[p.slug]}")
        for p in view.excluded_points
    ]
    return with_data(_calibration_template(view.vendors), line=line, points=points)


@cache
def _loo_template(vendors: tuple[str, ...]) -> Spec:
    x = alt.X("known_B:Q", scale=LOG, axis=size_axis("known parameters (log scale)"))
    y = alt.Y("predicted_B:Q", scale=LOG, axis=size_axis("predicted without it (log scale)"))
    guides = (
        alt.Chart(alt.NamedData("guides"))
        .mark_line(color="#78909c")
        .encode(
            x=alt.X("known_B:Q", scale=LOG),
            y=alt.Y("predicted_B:Q", scale=LOG),
            strokeDash=alt.StrokeDash(
                "guide:N",
                title="guide",
                scale=alt.Scale(domain=["exact", "×/÷ 2"], range=[[1, 0], [4, 3]]),
            ),
            detail="line:N",
        )
    )
    points = _arch_points(
        [
            alt.Tooltip("model:N"),
            alt.Tooltip("vendor:N"),
            alt.Tooltip("known_B:Q", title="known size (B)", format=",.3~r"),
            alt.Tooltip("predicted_B:Q", title="predicted without it (B)", format=",.3~r"),
            alt.Tooltip("fold_error:Q", title="fold error", format=".2f"),
        ],
        x=x,
        y=y,
        href="href:N",
    ).add_params(_vendor_param(vendors))
    return (
        alt.layer(guides, points).properties(width="container", height=380).to_dict(validate=True)
    )


def loo_chart(view: CalibrationView) -> Spec:
    """Each cohort model's known size against the size the fit made without it predicts."""
    h = view.headline
    points = [
        _point(
            view,
            p.slug,
            "cohort",
            known_B=p.params_B,
            predicted_B=predicted,
            fold_error=fold,
            arch=p.arch,
        )
        for p, predicted, fold in h.loo_rows
    ]
    lo, hi = h.min_params_B / 2, h.max_params_B * 2
    guides = [
        {"line": name, "guide": guide, "known_B": k, "predicted_B": k * factor}
        for name, guide, factor in (
            ("exact", "exact", 1),
            ("twice", "×/÷ 2", 2),
            ("half", "×/÷ 2", 0.5),
        )
        for k in (lo, hi)
    ]
    return with_data(_loo_template(view.vendors), points=points, guides=guides)


@cache
def _moe_template() -> Spec:
    measure = alt.param(
        name="measure",
        value="total",
        bind=alt.binding_radio(options=["total", "active"], name="Size measure "),
    )
    x = alt.X("size_B:Q", scale=LOG, axis=size_axis("parameters, total or active (log scale)"))
    chosen = "datum.measure == measure"
    line = (
        alt.Chart(alt.NamedData("lines"))
        .mark_line(color="#ef6c00")
        .encode(x=x, y=alt.Y("fit:Q", title="accuracy"))
        .transform_filter(chosen)
    )
    points = (
        alt.Chart(alt.NamedData("points"))
        .mark_point(filled=True, size=45, color="#ef6c00")
        .encode(
            x=x,
            y="accuracy:Q",
            href="href:N",
            tooltip=[
                alt.Tooltip("model:N"),
                alt.Tooltip("measure:N", title="size measure"),
                alt.Tooltip("size_B:Q", title="size (B)", format=",.3~r"),
                alt.Tooltip("accuracy:Q", format=".4f"),
            ],
        )
        .add_params(measure)
        .transform_filter(chosen)
    )
    return alt.layer(line, points).properties(width="container", height=320).to_dict(validate=True)


def moe_chart(view: CalibrationView) -> Spec:
    """The cohort's MoE members against total or active parameters (a reader's choice)."""
    moe = view.moe
    assert moe is not None  # the page draws this chart only when there are MoE fits
    points, lines = [], []
    for m in (moe.total, moe.active):
        for p, size in zip(moe.points, m.sizes_B, strict=True):
            points.append(
                {
                    "model": p.slug,
                    "measure": m.measure,
                    "size_B": size,
                    "accuracy": p.accuracy,
                    "href": f"../../models/{p.slug}/",
                }
            )
        for size in (min(m.sizes_B), max(m.sizes_B)):
            lines.append(
                {"measure": m.measure, "size_B": size, "fit": m.fit.accuracy_at(math.log10(size))}
            )
    return with_data(_moe_template(), points=points, lines=lines)
