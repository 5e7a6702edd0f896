"""Benchmark regression: log10 size against one benchmark's scores over the cohort."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from paramatlas.load import Dataset
from paramatlas.stats import coverage_factor, fit_ols, loo_lines

# A fit needs this many cohort models with the score.
MIN_POINTS = 5


@dataclass(frozen=True)
class BenchmarkFit:
    """log10(params_B) = slope · score + intercept over known-size models with the score."""

    benchmark: str
    name: str
    points: tuple[tuple[str, float, float], ...]
    """(model, score, log10 params)."""
    slope: float
    intercept: float
    r_squared: float
    cv_r_squared: float
    cv_mae: float
    """Mean absolute leave-one-out error, in log10 units (0.3 = a factor of 2)."""
    cv_rmse: float
    fold_cover90: float
    ikp_r_squared: float | None
    """R² of IKP accuracy on log10 size over the same models."""

    @property
    def n(self) -> int:
        return len(self.points)

    def predict(self, score: float) -> float:
        return 10 ** (self.slope * score + self.intercept)

    def as_json(self) -> dict[str, object]:
        return {
            "benchmark": self.benchmark,
            "n": self.n,
            "slope": self.slope,
            "intercept": self.intercept,
            "r_squared": self.r_squared,
            "cv_r_squared": self.cv_r_squared,
            "cv_mae": self.cv_mae,
            "cv_rmse": self.cv_rmse,
            "loo_fold_cover90": self.fold_cover90,
            "ikp_r_squared": self.ikp_r_squared,
            "models": [p[0] for p in self.points],
        }


def fit_benchmark(
    benchmark: str, name: str, points: list[tuple[str, float, float]], ikp: dict[str, float]
) -> BenchmarkFit:
    scores = np.array([p[1] for p in points])
    sizes = np.array([p[2] for p in points])
    fit = fit_ols(scores, sizes)
    slopes, intercepts = loo_lines(scores, sizes)
    predicted = slopes * scores + intercepts
    errors = sizes - predicted
    sst = float(np.sum((sizes - sizes.mean()) ** 2))
    ikp_r2 = None
    matched = [(p[2], ikp[p[0]]) for p in points if p[0] in ikp]
    if len(matched) == len(points):
        ikp_r2 = fit_ols([m[0] for m in matched], [m[1] for m in matched]).r_squared
    return BenchmarkFit(
        benchmark,
        name,
        tuple(points),
        fit.slope,
        fit.intercept,
        fit.r_squared,
        1 - float(np.sum(errors**2)) / sst,
        float(np.mean(np.abs(errors))),
        float(math.sqrt(np.mean(errors**2))),
        coverage_factor(10 ** np.abs(errors), 0.9),
        ikp_r2,
    )


def scores_by_model(data: Dataset) -> dict[str, dict[str, float]]:
    """Every benchmark score of every model, from all benchmark files."""
    out: dict[str, dict[str, float]] = {}
    for _, f in data.benchmarks:
        for row in f.rows:
            out.setdefault(row.model, {}).update(row.scores)
    return out


def benchmark_names(data: Dataset) -> dict[str, str]:
    names: dict[str, str] = {}
    for _, f in data.benchmarks:
        names.update(f.benchmarks)
    return names


def fit_all(
    cohort: dict[str, tuple[float, float]],
    scores: dict[str, dict[str, float]],
    names: dict[str, str],
) -> dict[str, BenchmarkFit]:
    """One fit per benchmark over the cohort ({model: (log10 size, IKP accuracy)}), in the
    cohort's order, as upstream compared them."""
    ikp = {slug: acc for slug, (_, acc) in cohort.items()}
    fits = {}
    for bench, name in names.items():
        points = [
            (slug, scores[slug][bench], log10_p)
            for slug, (log10_p, _) in cohort.items()
            if bench in scores.get(slug, {})
        ]
        if len(points) >= MIN_POINTS:
            fits[bench] = fit_benchmark(bench, name, points, ikp)
    return fits
