"""The numbers behind every estimate: scoring, the log-linear fit, leave-one-out, intervals.

Pure functions on plain numbers. No I/O and no imports from the rest of the package.
Definitions follow the IKP data pack (see the methodology page).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

# SciPy's special functions, not scipy.stats: the same quantile and tail (scipy.stats calls
# these very functions) at a third of the import time, paid by every build and command.
from scipy.special import bdtr, ndtri, stdtrit

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
        t = student_t_quantile(0.5 + level / 2, self.n - 2)
        return t * self.residual_se * math.sqrt(1 + leverage) / abs(self.slope)

    def log10_params(self, acc: float) -> float:
        """Invert the fit: the log10 size (in billions) that predicts this accuracy."""
        return (acc - self.intercept) / self.slope

    def accuracy_at(self, log10_params: float) -> float:
        return self.slope * log10_params + self.intercept


def fit_readings(fit: Fit, accs: np.ndarray, level: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """Many accuracies read at once: each one's log10 size and prediction half-width, as
    Fit.log10_params and Fit.prediction_half_log10 give them one at a time."""
    x = (accs - fit.intercept) / fit.slope
    leverage = 1 / fit.n + (x - fit.mean_x) ** 2 / fit.sxx
    t = student_t_quantile(0.5 + level / 2, fit.n - 2)
    return x, t * fit.residual_se * np.sqrt(1 + leverage) / abs(fit.slope)


def fit_ols(x: Sequence[float], y: Sequence[float]) -> Fit:
    """Fit y = slope·x + intercept; x is log10(params_B), y is accuracy."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    n = len(xs)
    if n < 3:
        msg = f"a fit needs at least 3 points, got {n}"
        raise ValueError(msg)
    slope, intercept, r = least_squares_line(xs, ys)
    if not slope:
        msg = "accuracy does not change with size in these points; the fit cannot be inverted"
        raise ValueError(msg)
    residuals = ys - (slope * xs + intercept)
    sse = float(np.sum(residuals**2))
    residual_se = math.sqrt(sse / (n - 2))
    pi_half = float(Z90 * residual_se / abs(slope))
    return Fit(
        n=n,
        slope=float(slope),
        intercept=float(intercept),
        r_squared=float(r**2),
        rmse=math.sqrt(sse / n),
        residual_se=residual_se,
        pi_half_log10=pi_half,
        pi90_factor=10**pi_half if pi_half < 300 else math.inf,
        mean_x=float(xs.mean()),
        sxx=float(np.sum((xs - xs.mean()) ** 2)),
    )


def least_squares_line(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float, float]:
    """Slope, intercept and correlation of y on x, by the arithmetic of SciPy's `linregress`
    (the same bits) without its p-value and standard errors: the coverage check fits once per
    cohort model, and those cost a millisecond a fit."""
    if np.amax(xs) == np.amin(xs):
        msg = "Cannot calculate a linear regression if all x values are identical"
        raise ValueError(msg)
    ssxm, ssxym, _, ssym = np.cov(xs, ys, bias=1).flat
    if ssxm == 0.0 or ssym == 0.0:
        r = math.nan if ssxym == 0 else 0.0
    else:
        r = min(1.0, max(-1.0, ssxym / np.sqrt(ssxm * ssym)))
    slope = ssxym / ssxm
    return slope, np.mean(ys) - slope * np.mean(xs), r


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


@functools.lru_cache(maxsize=256)
def student_t_quantile(p: float, degrees: int) -> float:
    """Student's t quantile; asked once per estimate with the same few arguments (SciPy's ppf
    costs about 0.2 ms a call)."""
    return float(stdtrit(degrees, p))


def loo_folds(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each point's log10 size predicted by the line fitted without it, and its fold error
    (the factor between prediction and truth), as arrays: cheap enough to be asked once per
    cohort model (the coverage check's leave-two-out)."""
    return _fold_errors(xs, ys, *loo_lines(xs, ys))


def _fold_errors(
    xs: np.ndarray, ys: np.ndarray, slope: np.ndarray, intercept: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    # A fold whose refit is flat predicts no size at all: its error is infinite, not a crash.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        pred = (ys - intercept) / slope
        folds = np.nan_to_num(10 ** np.abs(pred - xs), nan=np.inf)
    return pred, folds


def leave_one_out(x: Sequence[float], y: Sequence[float]) -> LooResult:
    """Refit without each model in turn and predict its size from its accuracy."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    n = len(xs)
    slope, intercept = loo_lines(xs, ys)
    pred, folds = _fold_errors(xs, ys, slope, intercept)
    press = float(np.sum((ys - (slope * xs + intercept)) ** 2))
    sst = float(np.sum((ys - ys.mean()) ** 2))
    return LooResult(
        predicted_log10=tuple(pred.tolist()),
        fold_errors=tuple(folds.tolist()),
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
    k = math.ceil(share * (len(folds) + 1))
    if k > len(folds):
        return math.inf
    return float(np.partition(np.asarray(folds, dtype=float), k - 1)[k - 1])


def shortfall_chance(held: int, n: int, claimed: float) -> float:
    """How often a band that holds the truth with probability `claimed` holds it `held` times
    or fewer in `n` independent readings (the one-sided binomial tail)."""
    return float(bdtr(held, n, claimed))


def wilson_intervals(
    successes: Sequence[int], trials: Sequence[int]
) -> list[tuple[float, float] | None]:
    """Wilson 95% score intervals for several rates at once; None where there were no trials.
    The score interval's closed form, as statsmodels' proportion_confint writes it (a test
    holds the two together): statsmodels itself costs a second of import on every build."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    counted = n > 0
    low, high = np.full(len(n), np.nan), np.full(len(n), np.nan)
    if counted.any():
        a, b = _wilson(k[counted], n[counted], WILSON_Z)
        rate = k[counted] / n[counted]
        # Rounding can leave a bound 1e-17 on the wrong side of 0, 1 or the rate itself.
        low[counted] = np.minimum(np.clip(a, 0, 1), rate)
        high[counted] = np.maximum(np.clip(b, 0, 1), rate)
    return [(float(a), float(b)) if c else None for a, b, c in zip(low, high, counted, strict=True)]


# The two-sided 95% normal quantile, to the bit as statsmodels computes it (norm.isf(0.025)).
WILSON_Z = float(-ndtri(0.05 / 2))


def _wilson(k: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    rate, z2 = k / n, z * z
    denominator = 1 + z2 / n
    centre = (rate + z2 / (2 * n)) / denominator
    half = z * np.sqrt(rate * (1 - rate) / n + z2 / (4 * n * n)) / denominator
    return centre - half, centre + half


def wilson_interval(successes: int, trials: int) -> tuple[float, float] | None:
    """Wilson 95% score interval for a rate; None when there were no trials."""
    return wilson_intervals([successes], [trials])[0]


def rerun_noise(
    tiers: Mapping[str, Mapping[str, int]], lam: float, *, quantile: float, floor: bool = True
) -> float:
    """How far apart two runs of the same model can land by chance alone: the `quantile` of
    |accuracy difference| between two independent runs whose every probe is answered CORRECT,
    WEAK, WRONG or REFUSAL with the shares this run observed.

    In closed form: each tier's score is a mean of its probes' weights (1, ½, λ, 0), with the
    multinomial variance of its counts; floored at 0 it is a censored normal, whose moments
    are exact. The difference of two runs sums the tiers' cumulants (its odd ones cancel), and
    its quantile is the normal one corrected by the fourth cumulant (Cornish–Fisher), which a
    tier held at the floor makes large."""
    variance, fourth = _score_cumulants(tiers, lam, floor)
    if variance <= 0:
        return 0.0
    # Two runs: the difference's cumulants are twice one run's.
    z = two_sided_z(quantile)
    excess = 2 * fourth / (2 * variance) ** 2
    return (z + (z**3 - 3 * z) * excess / 24) * math.sqrt(2 * variance) / len(TIERS)


def two_sided_z(quantile: float) -> float:
    """The normal z that |X| stays below with probability `quantile`."""
    return NormalDist().inv_cdf(0.5 + quantile / 2)


def tier_spreads(tiers: Mapping[str, Mapping[str, float]], lam: float) -> list[tuple[float, float]]:
    """Each counted tier's score (the mean of its probes' weights 1, ½, λ, 0) and the variance
    of that score from the multinomial sampling of its probes; a tier whose every probe was
    answered alike cannot vary and is left out."""
    weights = (1.0, 0.5, lam, 0.0)
    out = []
    for t in TIERS:
        counts = [tiers[t][k] for k in ("correct", "weak", "wrong", "refusal")]
        total = sum(counts)
        if total == 0:
            continue
        mean = sum(w * c for w, c in zip(weights, counts, strict=True)) / total
        square = sum(w * w * c for w, c in zip(weights, counts, strict=True)) / total
        spread = (square - mean * mean) / total
        if spread > 0:
            out.append((mean, spread))
    return out


def accuracy_variance(tiers: Mapping[str, Mapping[str, float]], lam: float) -> float:
    """The variance of a run's accuracy (the mean of its seven tier scores, each floored at 0)
    from probe sampling alone, as stats.rerun_noise models it."""
    return _score_cumulants(tiers, lam, floor=True)[0] / len(TIERS) ** 2


def _score_cumulants(
    tiers: Mapping[str, Mapping[str, float]], lam: float, floor: bool
) -> tuple[float, float]:
    """The variance and fourth cumulant of the sum of a run's tier scores from probe sampling:
    each tier's score a normal (floored at 0, a censored normal), the tiers independent."""
    variance = fourth = 0.0
    for mean, spread in tier_spreads(tiers, lam):
        m1, m2, m3, m4 = _censored_moments(mean, spread) if floor else _moments(mean, spread)
        variance += m2 - m1 * m1
        fourth += m4 - 4 * m3 * m1 - 3 * m2 * m2 + 12 * m2 * m1 * m1 - 6 * m1**4
    return variance, fourth


def _moments(mean: float, variance: float) -> tuple[float, float, float, float]:
    """E[X], E[X²], E[X³], E[X⁴] of a normal X."""
    m, v = mean, variance
    return m, m * m + v, m**3 + 3 * m * v, m**4 + 6 * m * m * v + 3 * v * v


def _censored_moments(mean: float, variance: float) -> tuple[float, float, float, float]:
    """E[Y], …, E[Y⁴] of Y = max(0, X), X normal: E[X^k; X > 0] by the recursion
    M_k = μ·M_(k−1) + (k−1)·σ²·M_(k−2), from M_0 = Φ(μ/σ) and M_1 = μ·Φ(μ/σ) + σ·φ(μ/σ)."""
    sd = math.sqrt(variance)
    unit = NormalDist()
    moments = [unit.cdf(mean / sd)]
    moments.append(mean * moments[0] + sd * unit.pdf(mean / sd))
    for k in (2, 3, 4):
        moments.append(mean * moments[k - 1] + (k - 1) * variance * moments[k - 2])
    return moments[1], moments[2], moments[3], moments[4]
