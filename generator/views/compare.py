"""What the compare page lets a reader put side by side: every model's answer, its IKP reading,
its tier profile and each method's estimate, as the model pages show them."""

from __future__ import annotations

from generator.present import METHOD_NAMES
from generator.views.report import Report


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
                "answer": answer.as_json() if answer else None,
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
