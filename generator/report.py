"""Every number the site shows, computed once from the dataset into frozen view-models.

Templates only format what is here; they compute nothing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from generator import __version__, hazards
from generator.cache import Cache, digest
from generator.errors import DataError, DataErrors
from generator.hazards import Flag
from generator.load import Dataset
from generator.schema import (
    CalibrationFile,
    Exclusion,
    ModelEntry,
    PublishedRow,
    ResultFile,
    Scoring,
)
from generator.stats import (
    TIERS,
    Fit,
    LooResult,
    accuracy,
    fit_ols,
    leave_one_out,
    tier_score,
    wilson_intervals,
)

if TYPE_CHECKING:
    from generator.analysis import Analysis
    from generator.methods import Methods

# Committed statistics must match what the data give to this absolute difference.
DRIFT_TOLERANCE = 1e-6
# Published estimates and fold errors are compared relatively (they span 0.1B to 100,000B).
DRIFT_RELATIVE = 1e-6


class EstimateError(Exception):
    """An estimate that cannot honestly be made (for example a λ mismatch with no counts)."""


@dataclass(frozen=True)
class CohortPoint:
    slug: str
    params_B: float
    accuracy: float
    arch: str
    run_id: str

    @property
    def log10_params(self) -> float:
        return math.log10(self.params_B)


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

    def as_json(self) -> dict[str, object]:
        return {
            "model": self.model,
            "calibration": self.calibration,
            "lambda": self.lam,
            "run_id": self.run_id,
            "accuracy": self.accuracy,
            "params_B": self.params_B,
            "low_B": self.low_B,
            "high_B": self.high_B,
            "loo_low_B": self.loo_low_B,
            "loo_high_B": self.loo_high_B,
            "flags": [f.id for f in self.flags],
            "flag_reasons": {f.id: f.reason for f in self.flags},
            "runs": list(self.runs),
            "known_B": self.known_B,
            "factor": self.factor,
            "as_published": self.as_published,
            "reported_B": self.reported_B,
        }


def matches(result: ResultFile, scoring: Scoring) -> bool:
    return result.scoring == scoring


class Estimator:
    """Fits calibrations and reads runs with them; results are cached per (calibration, λ)."""

    def __init__(self, data: Dataset, cache: Cache | None = None) -> None:
        self.data = data
        self.cache = cache
        self.models = {m.slug: m for m in data.models}
        self.calibrations = {c.name: (rel, c) for rel, c in data.calibrations}
        runs: dict[str, list[tuple[str, ResultFile]]] = {}
        for rel, result in data.results:
            runs.setdefault(result.model, []).append((rel, result))
        self.runs = {
            slug: sorted(rs, key=lambda r: (r[1].date, r[1].run_id)) for slug, rs in runs.items()
        }
        self.run_flags: dict[tuple[str, str], tuple[Flag, ...]] = {}
        judge_families: dict[str, str] = {}
        for slug, model_runs in self.runs.items():
            model = self.models.get(slug)
            for _, run in model_runs:
                others = [(r.run_id, r) for _, r in model_runs if r is not run]
                if run.judge not in judge_families:
                    judge_families[run.judge] = hazards.judge_family(run.judge, data.models)
                family = judge_families[run.judge]
                self.run_flags[slug, run.run_id] = (
                    hazards.run_flags(run, model, others, family) if model else ()
                )
        self._fits: dict[tuple[str, float], Calibrated] = {}

    def calibration(self, name: str) -> tuple[str, CalibrationFile]:
        if name not in self.calibrations:
            msg = f"no calibration named {name!r} (expected one of {sorted(self.calibrations)})"
            raise EstimateError(msg)
        return self.calibrations[name]

    def contended(self, run: ResultFile) -> bool:
        return any(f.id == "judge_contention" for f in self.run_flags[run.model, run.run_id])

    def primary_run(
        self, slug: str, scoring: Scoring, lam: float | None = None
    ) -> ResultFile | None:
        """The run an estimate reads: scored like the calibration, readable at λ, free of judge
        contention if any is, complete if any is, and the newest of those."""
        candidates = [r for _, r in self.runs.get(slug, []) if matches(r, scoring)]
        if lam is not None:
            candidates = [r for r in candidates if r.complete or _reported_at(r, lam)]
        if not candidates:
            return None
        return max(candidates, key=lambda r: (not self.contended(r), r.complete, r.date, r.run_id))

    def fitted(self, name: str, lam: float | None = None) -> Calibrated:
        rel, spec = self.calibration(name)
        lam = spec.headline_lambda if lam is None else float(lam)
        if not -5.0 <= lam <= 0.0:
            msg = f"λ={lam:g} is outside [−5, 0]"
            raise EstimateError(msg)
        key = (name, lam)
        if key not in self._fits:
            self._fits[key] = self._fit(rel, spec, lam)
        return self._fits[key]

    def _fit(self, rel: str, spec: CalibrationFile, lam: float) -> Calibrated:
        excluded = {e.model for e in spec.excluded}
        points = []
        for model in self.data.models:
            if not model.open or model.params_B is None or model.slug in excluded:
                continue
            run = self.primary_run(model.slug, spec.scoring)
            if run is None or not run.complete:
                continue
            acc = accuracy({t: c.model_dump() for t, c in run.tiers.items()}, lam)
            points.append(CohortPoint(model.slug, model.params_B, acc, model.arch, run.run_id))
        if len(points) < 3:
            msg = f"calibration {spec.name!r} has {len(points)} cohort models; a fit needs 3"
            raise EstimateError(msg)
        x = [p.log10_params for p in points]
        y = [p.accuracy for p in points]
        key = digest(np.asarray(x).tobytes(), np.asarray(y).tobytes())
        cached = self.cache.get("fits", key) if self.cache else None
        if cached is None:
            try:
                cached = (fit_ols(x, y), leave_one_out(x, y))
            except ValueError as exc:
                msg = f"calibration {spec.name!r} at λ={lam:g}: {exc}"
                raise EstimateError(msg) from exc
            if self.cache:
                self.cache.put("fits", key, cached)
        return Calibrated(spec, rel, lam, tuple(points), *cached)

    def run_accuracy(self, run: ResultFile, lam: float, *, as_published: bool = False) -> float:
        """Rescore from counts at λ; a partial run only at the λ it was reported at, unless
        the reading is as published (and then flagged)."""
        if run.complete:
            return accuracy({t: c.model_dump() for t, c in run.tiers.items()}, lam)
        reported = run.reported
        assert reported is not None  # the schema requires it for a partial run
        if not as_published and not _reported_at(run, lam):
            msg = (
                f"run {run.model}/{run.run_id} has no counts for every tier, only an accuracy "
                f"reported at λ={reported.lam:g}; it cannot be read with a fit at λ={lam:g}"
            )
            raise EstimateError(msg)
        return reported.accuracy

    def estimate(
        self,
        slug: str,
        name: str | None = None,
        lam: float | None = None,
        *,
        run_id: str | None = None,
        as_published: bool = False,
    ) -> Estimate:
        """Estimate a model from the run the calibration may read (or from the run named)."""
        if slug not in self.models:
            msg = f"no model {slug!r} in models.yaml"
            raise EstimateError(msg)
        cal = self.fitted(name or self.data.site.default_calibration, lam)
        if run_id is not None:
            run = next((r for _, r in self.runs.get(slug, []) if r.run_id == run_id), None)
            if run is None:
                msg = f"{slug} has no run {run_id!r}"
                raise EstimateError(msg)
            return self.read(run, cal, as_published=as_published)
        run = self.primary_run(slug, cal.spec.scoring, cal.lam)
        if run is None:
            unreadable = self.primary_run(slug, cal.spec.scoring)
            if unreadable is not None:
                self.run_accuracy(unreadable, cal.lam)  # raises: says which λ it was reported at
            msg = (
                f"{slug} has no run scored like calibration {cal.spec.name!r} "
                f"({_scoring_text(cal.spec.scoring)})"
            )
            raise EstimateError(msg)
        return self.read(run, cal)

    def as_published(self, run: ResultFile, lam: float | None = None) -> Estimate | None:
        """The run read the way its source did: with the calibration it names, at its λ."""
        reported = run.reported
        if reported is None or reported.calibration is None:
            return None
        return self.estimate(
            run.model,
            reported.calibration,
            reported.lam if lam is None else lam,
            run_id=run.run_id,
            as_published=True,
        )

    def read(self, run: ResultFile, cal: Calibrated, *, as_published: bool = False) -> Estimate:
        """Read one run with one fitted calibration: point estimate, 90% band, LOO band, flags.

        A run scored otherwise than the calibration is refused, unless the reading reproduces
        what a source published (as_published); then it is flagged."""
        mismatch = []
        if not matches(run, cal.spec.scoring):
            if not as_published:
                msg = (
                    f"run {run.model}/{run.run_id} is scored {_scoring_text(run.scoring)}; "
                    f"calibration {cal.spec.name!r} reads {_scoring_text(cal.spec.scoring)}"
                )
                raise EstimateError(msg)
            mismatch.append(
                Flag(
                    "scoring_mismatch",
                    f"run scored {_scoring_text(run.scoring)}; "
                    f"{cal.spec.name} was fitted on {_scoring_text(cal.spec.scoring)}",
                )
            )
        acc = self.run_accuracy(run, cal.lam, as_published=as_published)
        if not run.complete and not _reported_at(run, cal.lam):
            reported = run.reported
            assert reported is not None
            mismatch.append(
                Flag(
                    "lambda_mismatch",
                    f"accuracy reported at λ={reported.lam:g} read with the fit at λ={cal.lam:g}",
                )
            )
        log10_p = cal.fit.log10_params(acc)
        params = 10**log10_p
        factor = cal.fit.pi90_factor
        loo = cal.loo.fold_cover90
        model = self.models[run.model]
        flags = (
            *self.run_flags[run.model, run.run_id],
            *hazards.model_flags(model),
            *mismatch,
            *self._flags(model, cal, params),
        )
        return Estimate(
            model=run.model,
            calibration=cal.spec.name,
            lam=cal.lam,
            run_id=run.run_id,
            accuracy=acc,
            params_B=params,
            low_B=params / factor,
            high_B=params * factor,
            loo_low_B=params / loo,
            loo_high_B=params * loo,
            log10_params=log10_p,
            flags=flags,
            runs=tuple(r.run_id for _, r in self.runs.get(run.model, [])),
            known_B=model.params_B,
            as_published=as_published,
            reported_B=run.reported.params_B if run.reported else None,
        )

    def _flags(self, model: ModelEntry, cal: Calibrated, params: float) -> tuple[Flag, ...]:
        flags = []
        if params > cal.max_params_B:
            flags.append(
                Flag(
                    "extrapolation",
                    f"estimate {fmt_b(params)} is above the largest "
                    f"cohort model ({fmt_b(cal.max_params_B)})",
                )
            )
        if params < cal.min_params_B:
            flags.append(
                Flag(
                    "extrapolation",
                    f"estimate {fmt_b(params)} is below the smallest "
                    f"cohort model ({fmt_b(cal.min_params_B)})",
                )
            )
        for entry in cal.spec.excluded:
            if entry.model == model.slug:
                flags.append(Flag("cohort_excluded", f"left out of the cohort: {entry.reason}"))
        for entry in cal.spec.withheld:
            if entry.model == model.slug:
                flags.append(
                    Flag(
                        "withheld_by_source",
                        f"the source does not publish this estimate: {entry.reason}",
                    )
                )
        return tuple(flags)


def _reported_at(run: ResultFile, lam: float) -> bool:
    """A partial run can be read at the λ it was reported at, floored as the fit is."""
    return run.reported is not None and run.reported.lam == lam and run.reported.floored


def _scoring_text(s: Scoring) -> str:
    return (
        f"{s.probes} probes, {s.researcher_verdicts} researcher verdicts, "
        f"query errors {s.query_errors}"
    )


def fmt_b(value: float) -> str:
    """A size in billions, the way the site prints it: 135M, 7.6B, 671B, 1.6T."""
    if value >= 1000:
        return f"{value / 1000:.3g}T"
    if value >= 1:
        return f"{value:.3g}B"
    return f"{value * 1000:.3g}M"


# ---- drift: committed statistics against what the data give -------------------------------

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
            e = est.estimate(pub.model, name)
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


# ---- view-models for the pages --------------------------------------------------------------


@dataclass(frozen=True)
class TierRow:
    tier: str
    correct: int
    weak: int
    wrong: int
    refusal: int
    total: int
    query_errors: int | None
    correct_rate: float | None
    wilson: tuple[float, float] | None
    score: float
    """The tier score at the run's λ."""


@dataclass(frozen=True)
class RunView:
    result: ResultFile
    file: str
    calibration: str | None
    """The calibration whose scoring this run matches, if any."""
    lam: float
    """The λ its tier scores are shown at: its calibration's headline λ, else 0."""
    estimate: Estimate | None
    """Read with the matching calibration, or as published when none matches."""
    estimate_error: str | None
    tiers: tuple[TierRow, ...]
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class ModelView:
    entry: ModelEntry
    runs: tuple[RunView, ...]
    estimate: Estimate | None
    """With the default calibration at its headline λ."""
    estimate_error: str | None
    primary: RunView | None
    """The run the default estimate reads."""
    published: Estimate | None
    """Without a default estimate: the newest clean run read as its source published it."""
    in_cohort: bool
    loo_fold: float | None
    """Leave-one-out fold error, for a cohort model."""
    known_fold: float | None
    """Estimate over known size (or its inverse), for a model of known size."""


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


@dataclass(frozen=True)
class Stamp:
    report_version: str
    generator_version: str
    data_digest: str

    def __str__(self) -> str:
        return (
            f"Report {self.report_version} · generator {self.generator_version} · "
            f"data sha256:{self.data_digest[:12]}"
        )


def tier_rows(
    result: ResultFile,
    lam: float,
    wilson: dict[tuple[int, int], tuple[float, float] | None] | None = None,
) -> tuple[TierRow, ...]:
    """Per-tier counts, rates, Wilson intervals (from `wilson` when given) and scores."""
    tiers = [(t, result.tiers[t]) for t in TIERS if t in result.tiers]
    if wilson is None:
        pairs = [(c.correct, c.total) for _, c in tiers]
        wilson = (
            dict(zip(pairs, wilson_intervals(*zip(*pairs, strict=True)), strict=True))
            if pairs
            else {}
        )
    rows = []
    for tier, c in tiers:
        qe = result.query_errors.get(tier) if result.query_errors else None
        rows.append(
            TierRow(
                tier,
                c.correct,
                c.weak,
                c.wrong,
                c.refusal,
                c.total,
                qe,
                c.correct / c.total if c.total else None,
                wilson[c.correct, c.total],
                tier_score(c.correct, c.weak, c.wrong, c.refusal, lam),
            )
        )
    return tuple(rows)


class Report:
    """The whole site's numbers."""

    def __init__(self, data: Dataset, cache: Cache | None = None) -> None:
        self.data = data
        self.cache = cache
        self.est = Estimator(data, cache)
        self.stamp = Stamp(data.site.report_version, __version__, data.digest)

    @cached_property
    def _wilson(self) -> dict[tuple[int, int], tuple[float, float] | None]:
        """Every (correct, total) pair of every run, intervals computed in one call."""
        pairs = sorted(
            {(c.correct, c.total) for _, r in self.data.results for c in r.tiers.values()}
        )
        if not pairs:
            return {}
        return dict(zip(pairs, wilson_intervals(*zip(*pairs, strict=True)), strict=True))

    @cached_property
    def default(self) -> Calibrated:
        return self.est.fitted(self.data.site.default_calibration)

    @cached_property
    def calibrations(self) -> tuple[CalibrationView, ...]:
        views = []
        for name, (rel, spec) in sorted(self.est.calibrations.items()):
            head = self.est.fitted(name)
            excluded = {e.model for e in spec.excluded}
            points = []
            for slug in sorted(excluded):
                model = self.est.models[slug]
                run = self.est.primary_run(slug, spec.scoring)
                if model.params_B and run is not None and run.complete:
                    points.append(
                        CohortPoint(
                            slug,
                            model.params_B,
                            self.est.run_accuracy(run, head.lam),
                            model.arch,
                            run.run_id,
                        )
                    )
            views.append(
                CalibrationView(
                    spec,
                    rel,
                    head,
                    tuple(self.est.fitted(name, lam) for lam in spec.lambdas),
                    tuple(compare_published(self.est, name)),
                    tuple(points),
                )
            )
        return tuple(views)

    def _run_view(self, rel: str, run: ResultFile) -> RunView:
        name = next(
            (
                n
                for n, (_, spec) in sorted(self.est.calibrations.items())
                if matches(run, spec.scoring)
            ),
            None,
        )
        estimate, error, lam = None, None, 0.0
        try:
            if name is not None:
                cal = self.est.fitted(name)
                lam = cal.lam
                estimate = self.est.read(run, cal)
            elif run.reported is not None:
                lam = run.reported.lam
                estimate = self.est.as_published(run)
        except EstimateError as exc:
            error = str(exc)
        return RunView(
            run,
            rel,
            name,
            lam,
            estimate,
            error,
            tier_rows(run, lam, self._wilson),
            self.est.run_flags[run.model, run.run_id],
        )

    @cached_property
    def models(self) -> tuple[ModelView, ...]:
        cal = self.default
        cohort = {p.slug: i for i, p in enumerate(cal.points)}
        views = []
        for model in sorted(self.data.models, key=lambda m: m.slug):
            runs = tuple(self._run_view(rel, r) for rel, r in self.est.runs.get(model.slug, []))
            try:
                estimate, error = self.est.estimate(model.slug), None
            except EstimateError as exc:
                estimate, error = None, str(exc)
            primary = next(
                (
                    r
                    for r in runs
                    if estimate
                    and r.result.run_id == estimate.run_id
                    and r.calibration == estimate.calibration
                ),
                None,
            )
            index = cohort.get(model.slug)
            known = None
            if estimate and model.params_B:
                known = estimate.params_B / model.params_B
            published = None
            if estimate is None:
                readable = [r for r in runs if r.estimate and r.estimate.as_published]
                readable.sort(
                    key=lambda r: (
                        not self.est.contended(r.result),
                        r.result.complete,
                        r.result.date,
                        r.result.run_id,
                    )
                )
                published = readable[-1].estimate if readable else None
            views.append(
                ModelView(
                    model,
                    runs,
                    estimate,
                    error,
                    primary,
                    published,
                    index is not None,
                    cal.loo.fold_errors[index] if index is not None else None,
                    known,
                )
            )
        return tuple(views)

    def history(self, slug: str) -> list[tuple[str, str, dict[str, Any] | None]]:
        """(version, date, default estimate) of a model in every release, oldest first."""
        return [
            (led["version"], led["date"], (led["models"].get(slug) or {}).get("estimate"))
            for led in self.data.ledgers
        ]

    def citation(self, slug: str, digest12: str | None = None) -> dict[str, str]:
        """How to cite a model's page: a sentence and a BibTeX entry, with the version."""
        model = self.est.models[slug]
        name = re.sub(r"[{}\\`~%]", "", model.name)
        version = self.stamp.report_version
        digest12 = digest12 or self.stamp.data_digest[:12]
        url = f"{self.data.site.site_url or ''}models/{slug}/"
        year = version.split(".")[0]
        key = re.sub(r"[^a-z0-9]", "", slug) + re.sub(r"[^0-9]", "", version)
        text = (
            f'paramatlas, "{name}: estimated parameter count", report version {version} '
            f"(data sha256:{digest12}), {url}"
        )
        bibtex = "\n".join(
            [
                f"@misc{{paramatlas_{key},",
                f"  title = {{{{{name}}}: estimated parameter count}},",
                "  author = {{paramatlas}},",
                f"  year = {{{year}}},",
                f"  note = {{Report version {version}, data sha256:{digest12}}},",
                f"  howpublished = {{{url}}}",
                "}",
            ]
        )
        return {"text": text, "bibtex": bibtex}

    @cached_property
    def analysis(self) -> Analysis:
        from generator.analysis import Analysis  # analysis builds on this module

        return Analysis(self.est, self.models)

    @cached_property
    def methods(self) -> Methods:
        from generator.methods import Methods  # methods build on the analyses

        return Methods(self.est, self.models, self.analysis)


def build_report(data: Dataset, cache: Cache | None = None) -> Report:
    """Compute everything and fail with every drift problem before any page is rendered."""
    report = Report(data, cache)
    errors = drift_errors(report.est)
    if errors:
        raise DataErrors(errors)
    return report
