"""Track record: how often each band contains the known size, against how often it claims to,
on the cohort (each model predicted by the fit made without it) and on the models of known size
outside the cohort."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from paramatlas.estimator import Estimator
from paramatlas.readings import Calibrated, Estimate, EstimateError
from paramatlas.stats import Fit, coverage_factor, fit_ols, loo_folds

CLAIMED = 0.9
BANDS = (
    ("upstream", "upstream's 90% band (1.645 · residual SE, no leverage)"),
    ("prediction", "90% prediction interval (t quantile, leverage)"),
    ("loo", "LOO band (finite-sample 90% quantile of fold errors)"),
)


@dataclass(frozen=True)
class BandCoverage:
    band: str
    label: str
    claimed: float
    cohort_covered: int
    cohort_n: int
    anchors_covered: int
    anchors_n: int


@dataclass(frozen=True)
class AnchorCheck:
    """A model of known size outside the cohort, read with the calibration."""

    estimate: Estimate
    known_B: float
    inside: dict[str, bool]


def _inside(known: float, low: float, high: float) -> bool:
    return low <= known <= high


def cohort_hits(cal: Calibrated) -> dict[str, list[bool]]:
    """For each cohort model, whether each band of the fit made without it holds its size."""
    x = np.array([p.log10_params for p in cal.points])
    y = np.array([p.accuracy for p in cal.points])
    hits: dict[str, list[bool]] = {band: [] for band, _ in BANDS}
    for i in range(len(x)):
        keep = np.arange(len(x)) != i
        fit: Fit = fit_ols(x[keep], y[keep])
        error = abs(fit.log10_params(float(y[i])) - float(x[i]))
        loo_factor = coverage_factor(loo_folds(x[keep], y[keep])[1], CLAIMED)
        hits["upstream"].append(error <= fit.pi_half_log10)
        hits["prediction"].append(error <= fit.prediction_half_log10(float(y[i])))
        hits["loo"].append(10**error <= loo_factor)
    return hits


def anchor_checks(est: Estimator, cal: Calibrated) -> tuple[AnchorCheck, ...]:
    """Every model of known size outside the cohort that the calibration can read."""
    cohort = {p.slug for p in cal.points}
    out = []
    for model in est.data.models:
        if model.params_B is None or model.slug in cohort:
            continue
        try:
            e = est.estimate(model.slug, cal.spec.name, cal.lam)
        except EstimateError:
            continue
        bands = {
            "upstream": (e.low_B, e.high_B),
            "prediction": (e.pi_low_B, e.pi_high_B),
            "loo": (e.loo_low_B, e.loo_high_B),
        }
        inside = {k: _inside(model.params_B, lo, hi) for k, (lo, hi) in bands.items()}
        out.append(AnchorCheck(e, model.params_B, inside))
    return tuple(out)


@dataclass(frozen=True)
class TrackRecord:
    bands: tuple[BandCoverage, ...]
    anchors: tuple[AnchorCheck, ...]
    """Known-size models outside the cohort that it does not exclude."""
    excluded: tuple[AnchorCheck, ...]
    """The cohort's excluded models (outliers by the source's judgment): shown, not counted."""


def track_record(est: Estimator, cal: Calibrated) -> TrackRecord:
    hits = cohort_hits(cal)
    left_out = {e.model for e in cal.spec.excluded}
    checks = anchor_checks(est, cal)
    anchors = tuple(a for a in checks if a.estimate.model not in left_out)
    excluded = tuple(a for a in checks if a.estimate.model in left_out)
    rows = tuple(
        BandCoverage(
            band,
            label,
            CLAIMED,
            sum(hits[band]),
            len(hits[band]),
            sum(a.inside[band] for a in anchors),
            len(anchors),
        )
        for band, label in BANDS
    )
    return TrackRecord(rows, anchors, excluded)


def share(covered: int, n: int) -> float:
    return covered / n if n else math.nan
