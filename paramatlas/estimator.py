"""The estimating core: a calibration fitted at a λ, and a run read with it.

Numbers only: no formatting and no pages. Flags that quote a size carry the size as a number;
the presentation layer writes it out.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from paramatlas import hazards
from paramatlas.cache import Cache, digest
from paramatlas.hazards import Flag
from paramatlas.load import Dataset
from paramatlas.readings import (
    Calibrated,
    CohortPoint,
    Estimate,
    EstimateError,
    matches,
    reported_at,
    scoring_text,
)
from paramatlas.schema import CalibrationFile, ModelEntry, ResultFile, Scoring
from paramatlas.stats import accuracy, fit_ols, leave_one_out


class Estimator:
    """Fits calibrations and reads runs with them; results are cached per (calibration, λ)."""

    def __init__(self, data: Dataset, cache: Cache | None = None) -> None:
        self.data = data
        self.cache = cache
        self.models = {m.slug: m for m in data.models}
        self.position = {m.slug: i for i, m in enumerate(data.models)}  # in the registry
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
        self._rule_cohorts: dict[str, list[tuple[ModelEntry, ResultFile, dict]]] = {}
        self._hiding: tuple[Estimator, frozenset[str]] | None = None
        self._member: tuple[Estimator, str, float, CohortPoint] | None = None

    def hiding(self, hidden: frozenset[str]) -> Estimator:
        """An estimator of this one's data with the known sizes of `hidden` removed from the
        registry: its fits are this one's cohorts without them, refitted. It shares this one's
        runs and run flags, which depend on no size, and its registry but for those models
        (replaced in place: a copy of the whole registry per what-if made up to 300 what-ifs
        cost as much as their fits)."""
        blank = {"params_B": None, "active_B": None, "size_citation": None}
        copies = {s: self.models[s].model_copy(update=blank) for s in hidden if s in self.models}
        models = list(self.data.models)
        for slug, copy in copies.items():
            models[self.position[slug]] = copy
        other = object.__new__(Estimator)
        other.__dict__.update(self.__dict__)
        other.data = dataclasses.replace(self.data, models=tuple(models))
        other.models = {**self.models, **copies}
        other._fits, other._rule_cohorts = {}, {}  # its registry's sizes differ
        other._hiding = (self, hidden)
        return other

    def with_member(self, name: str, lam: float, point: CohortPoint) -> Estimator:
        """An estimator whose calibration `name` fitted at `lam` has one more cohort member,
        `point` (its accuracy scored at that λ): a what-if, an open model of known size not yet
        measured. It shares this one's data, runs, run flags and other fits; only that fit
        changes."""
        other = object.__new__(Estimator)
        other.__dict__.update(self.__dict__)
        other._fits = {key: fit for key, fit in self._fits.items() if key != (name, lam)}
        other._member = (self, name, lam, point)
        other.cache = None  # a what-if's fits are not worth keeping between builds
        return other

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

    def _fit(
        self, rel: str, spec: CalibrationFile, lam: float, *, pinned: bool = True
    ) -> Calibrated:
        if self._member is not None and self._member[1:3] == (spec.name, lam):
            full, _, _, point = self._member
            points = [*full.fitted(spec.name, lam).points, point]
        elif self._hiding is not None:
            full, hidden = self._hiding
            points = [p for p in full.fitted(spec.name, lam).points if p.slug not in hidden]
        elif pinned and spec.cohort:
            points = self._pinned(spec, lam)
        else:
            points = self._by_rule(spec, lam)
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

    def _pinned(self, spec: CalibrationFile, lam: float) -> list[CohortPoint]:
        """The cohort as its source fitted it: these runs, these sizes."""
        points = []
        for member in spec.cohort:
            run = next(r for _, r in self.runs[member.model] if r.run_id == member.run)
            model = self.models.get(member.model)
            acc = accuracy({t: c.model_dump() for t, c in run.tiers.items()}, lam)
            arch = model.arch if model else "unknown"
            points.append(CohortPoint(member.model, member.params_B, acc, arch, run.run_id))
        return points

    def _by_rule(self, spec: CalibrationFile, lam: float) -> list[CohortPoint]:
        """Every open model of known size with a complete run of the calibration's scoring
        (the run that stands for it), minus the excluded models."""
        return [
            CohortPoint(model.slug, model.params_B, accuracy(counts, lam), model.arch, run.run_id)
            for model, run, counts in self._rule_members(spec)
        ]

    def _rule_members(self, spec: CalibrationFile) -> list[tuple[ModelEntry, ResultFile, dict]]:
        """The models `_by_rule` takes, each with its run and tier counts: the same at every
        λ, so found once per calibration (a calibration page fits its cohort at seven)."""
        if spec.name not in self._rule_cohorts:
            excluded = {e.model for e in spec.excluded}
            members = []
            for model in self.data.models:
                if not model.open or model.params_B is None or model.slug in excluded:
                    continue
                run = self.primary_run(model.slug, spec.scoring)
                if run is None or not run.complete:
                    continue
                members.append((model, run, {t: c.model_dump() for t, c in run.tiers.items()}))
            self._rule_cohorts[spec.name] = members
        return self._rule_cohorts[spec.name]

    def refit(self, name: str, lam: float | None = None) -> Calibrated | None:
        """What the calibration would be refitted by its rule on today's runs and registry,
        when that differs from its pinned cohort (None when it does not)."""
        rel, spec = self.calibration(name)
        if not spec.cohort:
            return None
        lam = spec.headline_lambda if lam is None else float(lam)
        pinned = self.fitted(name, lam)
        today = self._fit(rel, spec, lam, pinned=False)
        same = [(p.slug, p.run_id, p.params_B) for p in pinned.points] == [
            (p.slug, p.run_id, p.params_B) for p in today.points
        ]
        return None if same else today

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

    def model(self, slug: str) -> ModelEntry:
        """The registry's entry for slug; an unknown slug is an EstimateError, said one way
        by every command and the Python API."""
        if slug not in self.models:
            msg = f"no model {slug!r} in models.yaml"
            raise EstimateError(msg)
        return self.models[slug]

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
        self.model(slug)
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
        """The options of `paramatlas ikp` that do read a model's runs, as a hint."""
        runs = [r for _, r in self.runs.get(slug, [])]
        if not runs:
            return "; it has no IKP run yet (its page shows the other methods)"
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
            pi_low_B=10 ** (log10_p - cal.fit.prediction_half_log10(acc)),
            pi_high_B=10 ** (log10_p + cal.fit.prediction_half_log10(acc)),
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
