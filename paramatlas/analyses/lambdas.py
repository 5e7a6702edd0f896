"""λ analysis: over-estimate factors of the known-size models at two values of λ."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.analyses.anchors import out_of_sample
from paramatlas.estimator import Estimator
from paramatlas.schema import ModelEntry


@dataclass(frozen=True)
class LambdaRow:
    model: ModelEntry
    in_cohort: bool
    at_headline: float
    """Over-estimate factor at the calibration's headline λ."""
    at_compare: float
    estimate_headline: float
    estimate_compare: float


def lambda_rows(est: Estimator, name: str, compare: float) -> tuple[LambdaRow, ...]:
    """Over-estimate factors of every known-size model at the headline λ and at `compare`,
    each read with the fit made at that λ (LOO for cohort members)."""
    head = est.fitted(name)
    other = est.fitted(name, compare)
    rows = []
    for model in est.data.models:
        if model.params_B is None:
            continue
        sizes = [out_of_sample(est, model, cal) for cal in (head, other)]
        if None in sizes:
            continue
        (a, in_cohort), (b, _) = sizes
        rows.append(LambdaRow(model, in_cohort, a / model.params_B, b / model.params_B, a, b))
    return tuple(sorted(rows, key=lambda r: (r.model.params_B, r.model.slug)))
