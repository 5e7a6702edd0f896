"""Every number a calibration file says was published, against what the committed data give.

The build refuses data whose published figures drift (tolerances in `paramatlas.rules`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from paramatlas.errors import DataError
from paramatlas.estimator import Estimator
from paramatlas.readings import Calibrated, EstimateError
from paramatlas.rules import DRIFT_RELATIVE, DRIFT_TOLERANCE
from paramatlas.schema import PublishedRow

_ROW_STATS = {
    "n": lambda c: c.fit.n,
    "slope": lambda c: c.fit.slope,
    "intercept": lambda c: c.fit.intercept,
    "r_squared": lambda c: c.fit.r_squared,
    "rmse": lambda c: c.fit.rmse,
    "residual_se": lambda c: c.fit.residual_se,
    "pi90_factor": lambda c: c.fit.pi90_factor,
    "loo_median_fold": lambda c: c.loo.median_fold,
    "loo_within_2x": lambda c: c.loo.within_2x,
    "loo_within_3x": lambda c: c.loo.within_3x,
    "loo_r_squared": lambda c: c.loo.r_squared,
}
# LOO shares are counts over n: the same data give the same float, so they must be equal.
_EXACT = {"n", "loo_within_2x", "loo_within_3x"}


@dataclass(frozen=True)
class Comparison:
    """One published statistic next to the value the committed data give."""

    field: str
    lam: float
    stat: str
    published: float
    reproduced: float
    tolerance: str
    ok: bool

    @property
    def difference(self) -> float:
        return self.reproduced - self.published


def compare_row(cal: Calibrated, row: PublishedRow, index: int) -> list[Comparison]:
    out = []
    for stat, get in _ROW_STATS.items():
        published = getattr(row, stat)
        if published is None:
            continue
        got = float(get(cal))
        ok = got == published if stat in _EXACT else abs(got - published) <= DRIFT_TOLERANCE
        out.append(
            Comparison(
                f"published.rows[{index}].{stat}",
                row.lam,
                stat,
                published,
                got,
                "exact" if stat in _EXACT else f"±{DRIFT_TOLERANCE:g}",
                ok,
            )
        )
    return out


def _relative_ok(published: float, got: float) -> bool:
    return abs(got - published) <= DRIFT_RELATIVE * abs(published)


def compare_published(est: Estimator, name: str) -> list[Comparison]:
    """Every published number of a calibration against the data: rows, estimates, folds."""
    _, spec = est.calibration(name)
    out: list[Comparison] = []
    if spec.published is None:
        return out
    for i, row in enumerate(spec.published.rows):
        out.extend(compare_row(est.fitted(name, row.lam), row, i))
    head = est.fitted(name)
    for i, pub in enumerate(spec.published.estimates):
        try:
            e = est.estimate(pub.model, name, run_id=pub.run)
        except EstimateError:
            out.append(
                Comparison(
                    f"published.estimates[{i}]",
                    head.lam,
                    f"{pub.model} params_B",
                    pub.params_B,
                    math.nan,
                    "relative",
                    False,
                )
            )
            continue
        for stat, published, got in (
            ("accuracy", pub.accuracy, e.accuracy),
            ("params_B", pub.params_B, e.params_B),
            ("low_B", pub.low_B, e.low_B),
            ("high_B", pub.high_B, e.high_B),
        ):
            ok = (
                abs(got - published) <= DRIFT_TOLERANCE
                if stat == "accuracy"
                else _relative_ok(published, got)
            )
            out.append(
                Comparison(
                    f"published.estimates[{i}].{stat}",
                    head.lam,
                    f"{pub.model} {stat}",
                    published,
                    got,
                    f"±{DRIFT_TOLERANCE:g}"
                    if stat == "accuracy"
                    else f"±{DRIFT_RELATIVE:g} relative",
                    ok,
                )
            )
    folds = dict(zip((p.slug for p in head.points), head.loo.fold_errors, strict=True))
    for i, pub in enumerate(spec.published.loo_folds):
        got = folds.get(pub.model, math.nan)
        out.append(
            Comparison(
                f"published.loo_folds[{i}].fold_error",
                head.lam,
                f"{pub.model} fold error",
                pub.fold_error,
                got,
                f"±{DRIFT_RELATIVE:g} relative",
                _relative_ok(pub.fold_error, got),
            )
        )
    return out


def drift_errors(est: Estimator) -> list[DataError]:
    errors = []
    for name, (rel, _) in sorted(est.calibrations.items()):
        try:
            comparisons = compare_published(est, name)
        except EstimateError as exc:
            errors.append(DataError(rel, "(calibration)", str(exc)))
            continue
        for c in comparisons:
            if not c.ok:
                errors.append(
                    DataError(
                        rel,
                        c.field,
                        f"committed {c.published!r} but the data give {c.reproduced!r} "
                        f"at λ={c.lam:g}",
                        f"{c.tolerance} of the value the data give",
                    )
                )
    return errors
