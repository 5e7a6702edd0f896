"""What the estimating core produces: a calibration fitted at one λ, and an estimate read
with it. Numbers only; flags that quote a size carry it as a number."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from paramatlas.errors import EstimateError  # noqa: F401 (raised here, importable from here)
from paramatlas.hazards import Flag
from paramatlas.schema import CalibrationFile, ResultFile, Scoring
from paramatlas.stats import Fit, LooResult


@dataclass(frozen=True)
class CohortPoint:
    slug: str
    params_B: float
    accuracy: float
    arch: str
    run_id: str
    # Read for every fit the point is in (thousands of times a build at 20,000 files, by the
    # what-if analyses): computed once, a plain attribute.
    log10_params: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "log10_params", math.log10(self.params_B))


@dataclass(frozen=True)
class Calibrated:
    """One calibration fitted at one λ."""

    spec: CalibrationFile
    file: str
    lam: float
    points: tuple[CohortPoint, ...]
    fit: Fit
    loo: LooResult

    @cached_property
    def max_params_B(self) -> float:
        return max(p.params_B for p in self.points)

    @cached_property
    def min_params_B(self) -> float:
        return min(p.params_B for p in self.points)

    @cached_property
    def loo_sizes(self) -> dict[str, float]:
        """Each cohort member's size, predicted by the fit made without it (a slug's first
        point, should it have two)."""
        sizes: dict[str, float] = {}
        for p, pred in zip(self.points, self.loo.predicted_log10, strict=True):
            sizes.setdefault(p.slug, 10**pred)
        return sizes

    @property
    def loo_rows(self) -> list[tuple[CohortPoint, float, float]]:
        """(model, size predicted without it, fold error), worst fold first."""
        rows = zip(self.points, self.loo.predicted_log10, self.loo.fold_errors, strict=True)
        return sorted(
            ((p, 10**pred, fold) for p, pred, fold in rows), key=lambda r: (-r[2], r[0].slug)
        )

    def as_json(self) -> dict[str, object]:
        return {
            "calibration": self.spec.name,
            "lambda": self.lam,
            "n": self.fit.n,
            "slope": self.fit.slope,
            "intercept": self.fit.intercept,
            "r_squared": self.fit.r_squared,
            "rmse": self.fit.rmse,
            "loo_median_fold": self.loo.median_fold,
            "loo_within_2x": self.loo.within_2x,
            "loo_within_3x": self.loo.within_3x,
            "pi90_factor": self.fit.pi90_factor,
            "cohort": [p.slug for p in self.points],
        }


@dataclass(frozen=True)
class Estimate:
    model: str
    calibration: str
    lam: float
    run_id: str
    accuracy: float
    params_B: float
    low_B: float
    high_B: float
    loo_low_B: float
    loo_high_B: float
    pi_low_B: float
    pi_high_B: float
    """The 90% prediction interval (t quantile, leverage of the point read)."""
    log10_params: float
    flags: tuple[Flag, ...]
    runs: tuple[str, ...]
    known_B: float | None = None
    """The model's known size, when it has one."""
    as_published: bool = False
    """Read the way a source published it, mismatches allowed and flagged."""
    reported_B: float | None = None
    """The estimate the run's source published, when it did."""

    @property
    def factor(self) -> float | None:
        """Estimate ÷ known size: above 1, an over-estimate."""
        return self.params_B / self.known_B if self.known_B else None


def matches(result: ResultFile, scoring: Scoring) -> bool:
    return result.scoring == scoring


def reported_at(run: ResultFile, lam: float) -> bool:
    """A partial run can be read at the λ it was reported at, floored as the fit is."""
    return run.reported is not None and run.reported.lam == lam and run.reported.floored


def scoring_text(s: Scoring) -> str:
    return (
        f"{s.probes} probes, {s.researcher_verdicts} researcher verdicts, "
        f"query errors {s.query_errors}"
    )
