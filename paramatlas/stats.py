"""The numbers behind every estimate: scoring, the log-linear fit, leave-one-out, intervals.

Pure functions on plain numbers. No I/O and no imports from the rest of the package.
Definitions follow the IKP data pack (see the methodology page).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

TIERS: tuple[str, ...] = ("T1", "T2", "T3", "T4", "T5", "T6", "T7")

# The normal quantile upstream uses for its 90% prediction band (no t, no leverage term).
Z90 = 1.645


def tier_score(
    correct: int, weak: int, wrong: int, refusal: int, lam: float, *, floor: bool = True
) -> float:
    """Score one tier: (correct + 0.5·weak + λ·wrong) / total, floored at 0; 0 for an empty tier."""
    total = correct + weak + wrong + refusal
    if total == 0:
        return 0.0
    score = (correct + 0.5 * weak + lam * wrong) / total
    return max(0.0, score) if floor else score


def accuracy(tiers: Mapping[str, Mapping[str, int]], lam: float, *, floor: bool = True) -> float:
    """Mean of the seven tier scores; every tier T1..T7 must be present."""
    scores = [
        tier_score(
            tiers[t]["correct"],
            tiers[t]["weak"],
            tiers[t]["wrong"],
            tiers[t]["refusal"],
            lam,
            floor=floor,
        )
        for t in TIERS
    ]
    return math.fsum(scores) / len(TIERS)


@dataclass(frozen=True)
class Fit:
    """Ordinary least squares of accuracy on log10(params_B), with upstream's statistics."""

    n: int
    slope: float
    intercept: float
    r_squared: float
    rmse: float
    residual_se: float
    pi_half_log10: float
    pi90_factor: float
    """Upstream's band: 10^(1.645 · residual SE / |slope|), the same width everywhere."""
    mean_x: float = 0.0
    sxx: float = 0.0
    """Σ(x − x̄)², for the leverage of a new point."""

    def prediction_half_log10(self, acc: float, level: float = 0.9) -> float:
        """Half-width in log10 size of the prediction interval for a size read from `acc`:
        Student's t with n − 2 degrees of freedom and the leverage of the point read, the
        observation interval of the fit at that size divided by |slope| (which is what
        statsmodels' obs_ci gives there). It widens away from the cohort's centre."""
        x = self.log10_params(acc)
        leverage = 1 / self.n + (x - self.mean_x) ** 2 / self.sxx if self.sxx else math.inf
        t = float(sps.t.ppf(0.5 + level / 2, self.n - 2))
        return t * self.residual_se * math.sqrt(1 + leverage) / abs(self.slope)

    def log10_params(self, acc: float) -> float:
        """Invert the fit: the log10 size (in billions) that predicts this accuracy."""
        return (acc - self.intercept) / self.slope

    def accuracy_at(self, log10_params: float) -> float:
        return self.slope * log10_params + self.intercept


def fit_ols(x: Sequence[float], y: Sequence[float]) -> Fit:
    """Fit y = slope·x + intercept; x is log10(params_B), y is accuracy."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    n = len(xs)
    if n < 3:
        msg = f"a fit needs at least 3 points, got {n}"
        raise ValueError(msg)
    line = sps.linregress(xs, ys)
    if not line.slope:
        msg = "accuracy does not change with size in these points; the fit cannot be inverted"
        raise ValueError(msg)
    residuals = ys - (line.slope * xs + line.intercept)
    sse = float(np.sum(residuals**2))
    residual_se = math.sqrt(sse / (n - 2))
    pi_half = float(Z90 * residual_se / abs(line.slope))
    return Fit(
        n=n,
        slope=float(line.slope),
        intercept=float(line.intercept),
        r_squared=float(line.rvalue**2),
        rmse=math.sqrt(sse / n),
        residual_se=residual_se,
        pi_half_log10=pi_half,
        pi90_factor=10**pi_half if pi_half < 300 else math.inf,
        mean_x=float(xs.mean()),
        sxx=float(np.sum((xs - xs.mean()) ** 2)),
    )


@dataclass(frozen=True)
class LooResult:
    """Leave-one-out cross-validation of a fit, one fold per model."""

    predicted_log10: tuple[float, ...]
    fold_errors: tuple[float, ...]
    median_fold: float
    within_2x: float
    within_3x: float
    r_squared: float
    fold_cover90: float


def loo_lines(x: Sequence[float], y: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Slope and intercept of the least-squares line without each point, all at once.

    Leaving point i out only removes its terms from the centred sums, so no fit is redone."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    m = len(xs) - 1
    dx, dy = xs - xs.mean(), ys - ys.mean()
    sxx = np.sum(dx * dx) - dx * dx - dx * dx / m
    sxy = np.sum(dx * dy) - dx * dy - dx * dy / m
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = sxy / sxx
    intercept = (ys.mean() - dy / m) - slope * (xs.mean() - dx / m)
    return slope, intercept


def leave_one_out(x: Sequence[float], y: Sequence[float]) -> LooResult:
    """Refit without each model in turn and predict its size from its accuracy."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    n = len(xs)
    slope, intercept = loo_lines(xs, ys)
    # A fold whose refit is flat predicts no size at all: its error is infinite, not a crash.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        pred = (ys - intercept) / slope
        folds = np.nan_to_num(10 ** np.abs(pred - xs), nan=np.inf)
    press = float(np.sum((ys - (slope * xs + intercept)) ** 2))
    sst = float(np.sum((ys - ys.mean()) ** 2))
    return LooResult(
        predicted_log10=tuple(float(p) for p in pred),
        fold_errors=tuple(float(f) for f in folds),
        median_fold=float(np.median(folds)),
        within_2x=int(np.sum(folds <= 2)) / n,
        within_3x=int(np.sum(folds <= 3)) / n,
        r_squared=1 - press / sst if sst > 0 else math.nan,  # flat accuracies explain nothing
        fold_cover90=coverage_factor(folds, 0.9),
    )


def coverage_factor(folds: Sequence[float], share: float) -> float:
    """The factor a new model's fold error stays within with probability `share`: the
    ⌈share·(n + 1)⌉-th smallest of n fold errors (the finite-sample quantile of split
    conformal prediction), infinite when n is too small for that."""
    ordered = sorted(folds)
    k = math.ceil(share * (len(ordered) + 1))
    return float(ordered[k - 1]) if k <= len(ordered) else math.inf


def shortfall_chance(held: int, n: int, claimed: float) -> float:
    """How often a band that holds the truth with probability `claimed` holds it `held` times
    or fewer in `n` independent readings (the one-sided binomial tail)."""
    return float(sps.binom.cdf(held, n, claimed))


def wilson_intervals(
    successes: Sequence[int], trials: Sequence[int]
) -> list[tuple[float, float] | None]:
    """Wilson 95% score intervals for several rates at once; None where there were no trials."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    counted = n > 0
    low, high = np.full(len(n), np.nan), np.full(len(n), np.nan)
    if counted.any():
        a, b = proportion_confint(k[counted], n[counted], alpha=0.05, method="wilson")
        rate = k[counted] / n[counted]
        # Rounding can leave a bound 1e-17 on the wrong side of 0, 1 or the rate itself.
        low[counted] = np.minimum(np.clip(a, 0, 1), rate)
        high[counted] = np.maximum(np.clip(b, 0, 1), rate)
    return [(float(a), float(b)) if c else None for a, b, c in zip(low, high, counted, strict=True)]


def wilson_interval(successes: int, trials: int) -> tuple[float, float] | None:
    """Wilson 95% score interval for a rate; None when there were no trials."""
    return wilson_intervals([successes], [trials])[0]


def rerun_noise(
    tiers: Mapping[str, Mapping[str, int]],
    lam: float,
    *,
    draws: int,
    seed: int,
    quantile: float,
    floor: bool = True,
) -> float:
    """How far apart two runs of the same model can land by chance alone: the `quantile` of
    |accuracy difference| between two independent re-draws of every tier's probes, each probe
    answered CORRECT, WEAK, WRONG or REFUSAL with the shares the run observed (a parametric
    bootstrap over probes, `draws` pairs, fixed seed)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    weights = np.array([1.0, 0.5, lam, 0.0])
    runs = np.zeros((2, draws))
    for t in TIERS:
        counts = np.array([tiers[t][k] for k in ("correct", "weak", "wrong", "refusal")])
        total = int(counts.sum())
        if total == 0:
            continue
        redrawn = rng.multinomial(total, counts / total, size=(2, draws))
        score = redrawn @ weights / total
        runs += np.maximum(score, 0.0) if floor else score
    difference = np.abs(runs[0] - runs[1]) / len(TIERS)
    return float(np.quantile(difference, quantile))
