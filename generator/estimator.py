"""The estimating core: a calibration fitted at a λ, and a run read with it.

Numbers only: no formatting and no pages. Flags that quote a size carry the size as a number;
the presentation layer writes it out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from generator import hazards
from generator.cache import Cache, digest
from generator.hazards import Flag
from generator.load import Dataset
from generator.schema import CalibrationFile, ModelEntry, ResultFile, Scoring
from generator.stats import Fit, LooResult, accuracy, fit_ols, leave_one_out


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
            candidates = [r for r in candidates if r.complete or reported_at(r, lam)]
        if not candidates:
            return None
        return max(candidates, key=self.preference)

    def preference(self, run: ResultFile) -> tuple[bool, bool, object, str]:
        """Which run stands for a model, as a sort key (highest first): free of judge
        contention, complete, newest, then by run id."""
        return (not self.contended(run), run.complete, run.date, run.run_id)

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
        if not as_published and not reported_at(run, lam):
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
                known = ", ".join(r.run_id for _, r in self.runs.get(slug, [])) or "none"
                msg = f"{slug} has no run {run_id!r} (its runs: {known})"
                raise EstimateError(msg)
            return self.read(run, cal, as_published=as_published)
        run = self.primary_run(slug, cal.spec.scoring, cal.lam)
        if run is None:
            unreadable = self.primary_run(slug, cal.spec.scoring)
            if unreadable is not None:
                self.run_accuracy(unreadable, cal.lam)  # raises: says which λ it was reported at
            msg = (
                f"{slug} has no run scored like calibration {cal.spec.name!r} "
                f"({scoring_text(cal.spec.scoring)}){self.what_works(slug)}"
            )
            raise EstimateError(msg)
        return self.read(run, cal)

    def what_works(self, slug: str) -> str:
        """The options of `paramatlas estimate` that do read a model's runs, as a hint."""
        runs = [r for _, r in self.runs.get(slug, [])]
        if not runs:
            return f"; it has no IKP run at all (none under results/{slug}/)"
        options = [
            f"--calibration {name}"
            for name, (_, spec) in sorted(self.calibrations.items())
            if self.primary_run(slug, spec.scoring) is not None
        ]
        options += [
            f"--run {r.run_id} --as-published"
            for r in runs
            if r.reported is not None and r.reported.calibration is not None
        ]
        return f"; try {' or '.join(options)}" if options else ""

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
                    f"run {run.model}/{run.run_id} is scored {scoring_text(run.scoring)}; "
                    f"calibration {cal.spec.name!r} reads {scoring_text(cal.spec.scoring)}"
                )
                raise EstimateError(msg)
            mismatch.append(
                Flag(
                    "scoring_mismatch",
                    f"run scored {scoring_text(run.scoring)}; "
                    f"{cal.spec.name} was fitted on {scoring_text(cal.spec.scoring)}",
                )
            )
        acc = self.run_accuracy(run, cal.lam, as_published=as_published)
        if not run.complete and not reported_at(run, cal.lam):
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
                    "estimate {} is above the largest cohort model ({})",
                    (params, cal.max_params_B),
                )
            )
        if params < cal.min_params_B:
            flags.append(
                Flag(
                    "extrapolation",
                    "estimate {} is below the smallest cohort model ({})",
                    (params, cal.min_params_B),
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


def reported_at(run: ResultFile, lam: float) -> bool:
    """A partial run can be read at the λ it was reported at, floored as the fit is."""
    return run.reported is not None and run.reported.lam == lam and run.reported.floored


def scoring_text(s: Scoring) -> str:
    return (
        f"{s.probes} probes, {s.researcher_verdicts} researcher verdicts, "
        f"query errors {s.query_errors}"
    )
