"""Every model at once, for the pages that show them together: the compare page's data, the
release-date chart and the tier heatmap. Each row says what the model page says."""

from __future__ import annotations

from collections.abc import Iterator

from paramatlas.present import METHOD_NAMES, fmt_b
from paramatlas.views.answer import Answer
from paramatlas.views.models import ModelView
from paramatlas.views.report import Report

# The answer's fields the compare page shows: its data file carries only these.
COMPARED_ANSWER = ("estimate_text", "range_text", "grade")


def compared(answer: Answer | None) -> dict[str, object] | None:
    if answer is None:
        return None
    whole = answer.as_json()
    return {k: whole[k] for k in COMPARED_ANSWER}


def compare_data(report: Report) -> dict[str, object]:
    models = []
    for view in sorted(report.models, key=lambda v: v.entry.name):
        slug = view.entry.slug
        answer = report.answer(slug)
        models.append(
            {
                "slug": slug,
                "name": view.entry.name,
                "vendor": view.entry.vendor,
                "known_B": view.entry.params_B,
                "answer": compared(answer),
                "tiers": [
                    {"tier": t.tier, "correct_rate": t.correct_rate}
                    for t in (view.primary.tiers if view.primary else ())
                ],
                "run": view.primary.result.run_id if view.primary else None,
                "methods": [
                    {
                        "method": e.method,
                        "label": e.label,
                        "params_B": e.params_B,
                        "low_B": e.low_B,
                        "high_B": e.high_B,
                        "usable": e.usable,
                    }
                    for e in report.methods.estimates(slug)
                ],
            }
        )
    return {"models": models, "method_names": METHOD_NAMES}


def trainings(report: Report) -> Iterator[tuple[ModelView, Answer]]:
    """Each training with an answer, by its first model (one training, one point)."""
    for view in report.models:
        a = report.answer(view.entry.slug)
        if not view.entry.same_weights_as and a is not None:
            yield view, a


def answer_rows(report: Report) -> list[dict[str, object]]:
    """Each training with a usable answer, for the home page's chart: what its page says."""
    rows = []
    for view, a in trainings(report):
        if not a.usable:
            continue
        rows.append(
            {
                "slug": view.entry.slug,
                "url": f"models/{view.entry.slug}/",
                "name": view.entry.name,
                "params_B": a.params_B if a.central else None,
                "low_B": a.low_B,
                "high_B": a.high_B,
                # Sorting only: a range without a centre sorts by its geometric middle.
                "order_B": a.params_B if a.central else (a.low_B * a.high_B) ** 0.5,
                "estimate": a.value_text,
                "range": a.range_text,
                "grade": a.grade.lower(),
                "known_B": view.entry.params_B,
                "known": fmt_b(view.entry.params_B) if view.entry.params_B else "undisclosed",
                "weights": "open" if view.entry.open else "proprietary",
            }
        )
    return rows


def release_rows(report: Report) -> list[dict[str, object]]:
    """Each training with a release date and a central best estimate."""
    rows = []
    for view, answer in trainings(report):
        if not (view.entry.release_date and answer.central and answer.params_B):
            continue
        rows.append(
            {
                "slug": view.entry.slug,
                "url": f"models/{view.entry.slug}/",
                "name": view.entry.name,
                "vendor": view.entry.vendor,
                "weights": "open" if view.entry.open else "proprietary",
                "released": view.entry.release_date.isoformat(),
                "params_B": answer.params_B,
                "size": fmt_b(answer.params_B),
                "grade": answer.grade.lower(),
            }
        )
    return rows


def heatmap_rows(report: Report) -> list[dict[str, object]]:
    """Correct rate per tier of each model's primary run; rank 0 is the largest best estimate."""

    def best(view: ModelView) -> float:
        answer = report.answer(view.entry.slug)
        return -(answer.params_B or 0.0) if answer and answer.central else 0.0

    ranked = sorted((v for v in report.models if v.primary), key=lambda v: (best(v), v.entry.name))
    return [
        {
            "slug": v.entry.slug,
            "url": f"{v.entry.slug}/",
            "name": v.entry.name,
            "rank": rank,
            "tier": t.tier,
            "correct_rate": t.correct_rate,
            "size": fmt_b(-best(v)) if best(v) else "no central estimate",
        }
        for rank, v in enumerate(ranked)
        for t in v.primary.tiers
        if t.correct_rate is not None
    ]


def unusable_ikp(report: Report) -> frozenset[str]:
    """Models whose headline IKP reading gives no usable size (the home table says so)."""
    out = set()
    for view in report.models:
        readings = report.methods.estimates(view.entry.slug)
        ikp = next((e for e in readings if e.method == "ikp"), None)
        if ikp is not None and not ikp.usable:
            out.add(view.entry.slug)
    return frozenset(out)
