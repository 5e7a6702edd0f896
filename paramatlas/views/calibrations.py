"""View-models of the calibration pages: the fit, its sweep over λ, the excluded models and
every published number against what the data give."""

from __future__ import annotations

from dataclasses import dataclass, field

from paramatlas.analyses.coverage import TrackRecord, track_record
from paramatlas.analyses.moe import MoeFits, moe_fits
from paramatlas.drift import Comparison, compare_published
from paramatlas.estimator import Estimator
from paramatlas.readings import Calibrated, CohortPoint
from paramatlas.schema import CalibrationFile, Exclusion


@dataclass(frozen=True)
class ComparisonGroup:
    """Published numbers of one kind (fit rows, estimates, folds) against the data."""

    label: str
    comparisons: tuple[Comparison, ...]

    @property
    def count(self) -> int:
        return len(self.comparisons)

    @property
    def failed(self) -> int:
        return sum(not c.ok for c in self.comparisons)

    @property
    def max_abs_difference(self) -> float:
        return max((abs(c.difference) for c in self.comparisons), default=0.0)

    @property
    def max_rel_difference(self) -> float:
        return max(
            (abs(c.difference) / abs(c.published) for c in self.comparisons if c.published),
            default=0.0,
        )


@dataclass(frozen=True)
class CalibrationView:
    spec: CalibrationFile
    file: str
    headline: Calibrated
    sweep: tuple[Calibrated, ...]
    comparisons: tuple[Comparison, ...]
    excluded_points: tuple[CohortPoint, ...]
    record: TrackRecord | None = None
    """How often each band holds the known size, on the cohort and outside it."""
    refit: Calibrated | None = None
    """The calibration refitted by its rule on today's runs and registry, when that differs
    from the pinned cohort: a what-if, never the published fit."""
    moe: MoeFits | None = None
    """The cohort's MoE members fitted on total and on active parameters."""
    vendor_of: dict[str, str] = field(default_factory=dict)
    """The vendor of every model the page's charts draw."""

    @property
    def vendors(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.vendor_of.values())))

    @property
    def refit_changes(self) -> dict[str, list[str]]:
        """Models a refit would add, drop, or read from another run or size."""
        if self.refit is None:
            return {}
        pinned = {p.slug: (p.run_id, p.params_B) for p in self.headline.points}
        today = {p.slug: (p.run_id, p.params_B) for p in self.refit.points}
        return {
            "joins": sorted(today.keys() - pinned.keys()),
            "leaves": sorted(pinned.keys() - today.keys()),
            "changes": sorted(s for s in pinned.keys() & today.keys() if pinned[s] != today[s]),
        }

    @property
    def groups(self) -> tuple[ComparisonGroup, ...]:
        kinds = (
            ("fit statistics", "published.rows"),
            ("estimates", "published.estimates"),
            ("leave-one-out fold errors", "published.loo_folds"),
        )
        return tuple(
            ComparisonGroup(label, tuple(c for c in self.comparisons if c.field.startswith(key)))
            for label, key in kinds
            if any(c.field.startswith(key) for c in self.comparisons)
        )

    @property
    def excluded_rows(self) -> list[tuple[Exclusion, CohortPoint | None]]:
        points = {p.slug: p for p in self.excluded_points}
        return [(x, points.get(x.model)) for x in self.spec.excluded]

    @property
    def row_comparisons(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.comparisons if c.field.startswith("published.rows"))


def calibration_view(est: Estimator, name: str) -> CalibrationView:
    rel, spec = est.calibrations[name]
    head = est.fitted(name)
    excluded = excluded_points(est, spec, head.lam)
    return CalibrationView(
        spec,
        rel,
        head,
        tuple(est.fitted(name, lam) for lam in spec.lambdas),
        tuple(compare_published(est, name)),
        excluded,
        track_record(est, head),
        est.refit(name),
        moe_fits(head, est.models, _corrected_arch(est)),
        {p.slug: _vendor(est, p.slug) for p in head.points + excluded},
    )


def _vendor(est: Estimator, slug: str) -> str:
    model = est.models.get(slug)
    return model.vendor if model else "unknown"


def _corrected_arch(est: Estimator) -> frozenset[str]:
    return frozenset(
        a.model for a in est.data.corrections if any(f == "arch" for f, _, _ in a.changes)
    )


def excluded_points(est: Estimator, spec: CalibrationFile, lam: float) -> tuple[CohortPoint, ...]:
    """The models a calibration leaves out, placed where their counts would put them."""
    points = []
    for slug in sorted({e.model for e in spec.excluded}):
        model = est.models[slug]
        run = est.primary_run(slug, spec.scoring)
        if model.params_B and run is not None and run.complete:
            points.append(
                CohortPoint(
                    slug, model.params_B, est.run_accuracy(run, lam), model.arch, run.run_id
                )
            )
    return tuple(points)
