"""Track record: how often each band contains the known size, against how often it claims to,
on the cohort (each model predicted by the fit made without it) and on the models of known size
outside the cohort."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from paramatlas.estimator import Estimator
from paramatlas.readings import Calibrated, Estimate, EstimateError
from paramatlas.stats import Z90, student_t_quantile

CLAIMED = 0.9
# Models whose folds are computed at once: a block of n² numbers' rows, about 128 · n floats.
BLOCK = 128
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
    """For each cohort model, whether each band of the fit made without it holds its size.

    Every fit without one model, and each fold of it (the fit without that model and one
    more), is the cohort's centred sums with the left-out models' terms taken out, as
    `stats.loo_lines` does for one: no fit is redone. The folds are n² numbers, computed a
    block of models at a time."""
    x = np.array([p.log10_params for p in cal.points])
    y = np.array([p.accuracy for p in cal.points])
    n, m = len(x), len(x) - 1
    dx, dy = x - x.mean(), y - y.mean()
    sxx, sxy, syy = float(dx @ dx), float(dx @ dy), float(dy @ dy)
    with np.errstate(divide="ignore", invalid="ignore"):
        # The fit without model i, and the size it reads from model i's accuracy.
        sxx1, sxy1 = sxx - dx * dx * n / m, sxy - dx * dy * n / m
        slope = sxy1 / sxx1
        mean_x = x.mean() - dx / m
        intercept = (y.mean() - dy / m) - slope * mean_x
        sse = np.maximum(syy - dy * dy * n / m - sxy1 * slope, 0.0)
        se = np.sqrt(sse / (m - 2))
        read = (y - intercept) / slope
        error = np.abs(read - x)
        leverage = 1 / m + (read - mean_x) ** 2 / sxx1
        t = student_t_quantile(0.5 + CLAIMED / 2, m - 2)
        upstream = error <= Z90 * se / np.abs(slope)
        prediction = error <= t * se * np.sqrt(1 + leverage) / np.abs(slope)
    loo = 10**error <= loo_factors_without_each(x, y, dx, dy, sxx, sxy)
    return {
        "upstream": upstream.tolist(),
        "prediction": prediction.tolist(),
        "loo": loo.tolist(),
    }


def loo_factors_without_each(
    x: np.ndarray, y: np.ndarray, dx: np.ndarray, dy: np.ndarray, sxx: float, sxy: float
) -> np.ndarray:
    """For each model i, the LOO band factor of the fit without it: the finite-sample 90%
    quantile (`coverage_factor`) of the fold errors of every other model j, each predicted by
    the line fitted without i and j."""
    n = len(x)
    k = math.ceil(CLAIMED * n)  # of the n − 1 folds of a fit of n − 1 models
    if k > n - 1:
        return np.full(n, math.inf)
    factors = np.empty(n)
    for start in range(0, n, BLOCK):
        i = np.arange(start, min(start + BLOCK, n))[:, None]
        out_x, out_y = dx[i] + dx, dy[i] + dy  # the two left-out models' deviations
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            sxx2 = sxx - dx[i] ** 2 - dx**2 - out_x**2 / (n - 2)
            sxy2 = sxy - dx[i] * dy[i] - dx * dy - out_x * out_y / (n - 2)
            slope = sxy2 / sxx2
            intercept = (y.mean() - out_y / (n - 2)) - slope * (x.mean() - out_x / (n - 2))
            # Fold errors in log10: the quantile of the factors is 10 to the quantile's power.
            folds = np.nan_to_num(np.abs((y - intercept) / slope - x), nan=np.inf)
        folds[np.arange(len(i)), i[:, 0]] = np.inf  # i is not a fold of the fit without it
        factors[i[:, 0]] = np.partition(folds, k - 1, axis=1)[:, k - 1]
    with np.errstate(over="ignore"):
        return 10**factors


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
