"""Every way of sizing a model side by side, and the one that stands for it.

The methods compute; this view labels their figures, applies the summary rule of
`paramatlas.rules` and ranks models by how far apart the methods are.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cached_property

from paramatlas.estimator import Estimator
from paramatlas.methods import arch, benchmark
from paramatlas.methods.benchmark import BenchmarkFit
from paramatlas.methods.compute import Compute, compute
from paramatlas.methods.hardware import HardwareResult, hardware
from paramatlas.present import fmt_b
from paramatlas.present import lam as lam_text
from paramatlas.readings import Calibrated, Estimate, EstimateError
from paramatlas.rules import (
    LOW_CONFIDENCE_FLAGS,
    UNUSABLE_FLAGS,
    beyond_fit,
    summary_of,
    suspect_score,
)
from paramatlas.schema import ExternalEstimate, ModelEntry
from paramatlas.views.disagreement import Disagreement, MethodEstimate

NO_USABLE = "no reading gives a usable absolute size (each one's reason is listed)"


class Methods:
    """Every method's estimates of every model, computed once per model."""

    def __init__(
        self,
        est: Estimator,
        ikp: dict[str, Estimate],
    ) -> None:
        self.est = est
        self.ikp = ikp
        """The IKP reading that stands for each model (default fit, else as published)."""
        self._estimates: dict[str, list[MethodEstimate]] = {}

    def sharing(
        self, est: Estimator, ikp: dict[str, Estimate], *parts: str, **given: object
    ) -> Methods:
        """Methods read with `est` and `ikp` that take `parts` (computed properties) from this
        one as they are, and `given` as given: what tells the two estimators apart leaves them
        unchanged, so they are not computed again."""
        other = Methods(est, ikp)
        for name in parts:
            other.__dict__[name] = getattr(self, name)
        other.__dict__.update(given)
        return other

    @cached_property
    def scores(self) -> dict[str, dict[str, float]]:
        return benchmark.scores_by_model(self.est.data)

    @cached_property
    def benchmark_fits(self) -> dict[str, BenchmarkFit]:
        """One fit per benchmark over the default calibration's cohort."""
        cal = self.est.fitted(self.est.data.site.default_calibration)
        cohort = {p.slug: (p.log10_params, p.accuracy) for p in cal.points}
        return benchmark.fit_all(cohort, self.scores, benchmark.benchmark_names(self.est.data))

    def benchmark_estimates(self, slug: str) -> list[MethodEstimate]:
        out = []
        for fit in self.benchmark_fits.values():
            score = self.scores.get(slug, {}).get(fit.benchmark)
            if score is None or any(p[0] == slug for p in fit.points):
                continue  # cohort members are what the fit was made from
            out.append(_benchmark_estimate(fit, score, self._suspect(slug, fit.benchmark, score)))
        return out

    def _suspect(self, slug: str, benchmark: str, score: float) -> bool:
        """Does the score beat every family member that IKP (default fit) puts above it?"""
        mine = self.ikp.get(slug)
        if mine is None or mine.as_published:
            return False
        family = self.est.models[slug].family
        above = [
            self.scores[other.slug][benchmark]
            for other in self.est.models.values()
            if other.family == family
            and benchmark in self.scores.get(other.slug, {})
            and (theirs := self.ikp.get(other.slug)) is not None
            and not theirs.as_published
            and theirs.accuracy > mine.accuracy
        ]
        return suspect_score(score, above)

    @cached_property
    def hardware_results(self) -> tuple[HardwareResult, ...]:
        return tuple(hardware(h) for _, h in self.est.data.hardware)

    @cached_property
    def architecture_counts(self) -> dict[str, tuple[arch.Count, str]]:
        return {
            a.model: (arch.count(dict(a.config)), a.citation.text)
            for _, a in self.est.data.architectures
        }

    def variants(self, slug: str) -> list[ModelEntry]:
        """The models of one training, as the registry declares them (`same_weights_as`): the
        model whose weights the others run first."""
        model = self.est.models[slug]
        return [self.est.models[s] for s in self.trainings[model.same_weights_as or model.slug]]

    @cached_property
    def trainings(self) -> dict[str, tuple[str, ...]]:
        """The slugs of each training's models, indexed once (asked per model, a scan of the
        registry each time made the build quadratic in its size). Slugs only: the grouping is
        the registry's structure, the same with any size hidden, so it can be shared."""
        groups: dict[str, list[ModelEntry]] = {}
        for m in self.est.models.values():
            groups.setdefault(m.same_weights_as or m.slug, []).append(m)
        return {
            base: tuple(
                m.slug for m in sorted(group, key=lambda m: (m.slug != base, m.thinking, m.slug))
            )
            for base, group in groups.items()
        }

    def compute(self, slug: str) -> Compute:
        """Training compute from the best source any variant of the model has: its variants
        share one training, so they share one figure."""
        group = self.variants(slug)
        best = min((self._compute_one(m.slug) for m in group), key=lambda c: c.rank)
        if best.model.slug == slug:
            return best
        return replace(
            best,
            model=self.est.models[slug],
            basis=f"{best.basis}; the figure of {best.model.name}, the same training",
        )

    def _compute_one(self, slug: str) -> Compute:
        """An IKP size is a starting point only when it is usable: the training's IKP size."""
        found = self.training_ikp(slug)
        entries = (e for _, e in self.est.data.compute)
        return compute(self.est.models[slug], entries, found[0] if found else None)

    def training_ikp(self, slug: str) -> tuple[float, str, str] | None:
        """The IKP size of a model's training, (size, the slug whose reading is the best, how it
        was made): of the usable IKP readings of its models, the one the summary rule prefers;
        when several of its models' standing readings are usable and made with that reading's
        calibration, their geometric mean (one size, read once per model). None without one."""
        training = self.variants(slug)
        readings = [
            (m.slug, e) for m in training for e in self.estimates(m.slug) if e.method == "ikp"
        ]
        chosen = summary_of([e for _, e in readings])
        if chosen is None:
            return None
        owner = next(s for s, e in readings if e is chosen[0])
        name = self.ikp[owner].calibration if owner in self.ikp else None
        pooled = [
            (m.name, reading.params_B)
            for m in training
            if (reading := self.ikp.get(m.slug)) is not None
            and reading.calibration == name
            and next(e for e in self.estimates(m.slug) if e.method == "ikp").usable
        ]
        if len(pooled) < 2:
            return chosen[0].params_B, owner, ""
        size = math.exp(sum(math.log(p) for _, p in pooled) / len(pooled))
        how = (
            "IKP, one training read several times: the geometric mean of the readings of "
            + ", ".join(f"{n} ({fmt_b(p)})" for n, p in pooled)
            + f" with the {name} calibration"
        )
        return size, owner, how

    def estimates(self, slug: str) -> list[MethodEstimate]:
        """Every method's estimate of one model (computed once per model)."""
        if slug not in self._estimates:
            self._estimates[slug] = self._estimates_of(slug)
        return self._estimates[slug]

    def _estimates_of(self, slug: str) -> list[MethodEstimate]:
        model = self.est.models[slug]
        out = _disclosed(model)
        if slug in self.architecture_counts:
            out.append(_architecture(*self.architecture_counts[slug]))
        out += [_hardware(r) for r in self.hardware_results if r.inputs.model == slug]
        ikp = self.ikp.get(slug)
        if ikp is not None:
            out.append(_ikp(ikp, self.est.fitted(ikp.calibration, ikp.lam)))
            out += [_ikp(e, self.est.fitted(e.calibration)) for e in self._other_fits(slug, ikp)]
        out.extend(self.benchmark_estimates(slug))
        out += [_quoted(e) for _, e in self.est.data.external if e.model == slug and e.total_B]
        return out

    def _other_fits(self, slug: str, ikp: Estimate) -> list[Estimate]:
        """The model read with every other calibration that can read it: the choice of
        calibration is a source of spread a reader should see."""
        out = []
        for name in sorted(self.est.calibrations):
            if name == ikp.calibration:
                continue
            try:
                out.append(self.est.estimate(slug, name))
            except EstimateError:
                continue
        return out

    def summary(self, slug: str) -> tuple[MethodEstimate, str] | None:
        """The estimate that stands for a model by the summary rule, and why (None when no
        reading is usable)."""
        estimates = self.estimates(slug)
        chosen = summary_of(estimates)
        aside = sum(not e.usable for e in estimates)
        if chosen is None or not aside:
            return chosen
        return chosen[0], f"{chosen[1]} ({aside} set aside as unusable: see All methods)"

    def sizing(self, slug: str) -> Disagreement | None:
        """Every estimate of a model, its summary and how far apart they are."""
        estimates = self.estimates(slug)
        if not estimates:
            return None
        best, reason = self.summary(slug) or (None, NO_USABLE)
        return Disagreement(self.est.models[slug], tuple(estimates), best, reason)

    def disagreement(self, slug: str) -> Disagreement | None:
        """A model's sizing when it has two or more estimates to compare."""
        return self.sizing(slug) if len(self.estimates(slug)) > 1 else None

    @cached_property
    def disagreements(self) -> tuple[Disagreement, ...]:
        """Models whose usable estimates disagree, the widest disagreement first."""
        out = [d for slug in sorted(self.est.models) if (d := self.disagreement(slug))]
        ranked = [d for d in out if d.factor is not None]
        return tuple(sorted(ranked, key=lambda d: (-(d.factor or 0), d.model.slug)))

    @cached_property
    def set_aside(self) -> tuple[Disagreement, ...]:
        """Models with a reading that gives no usable absolute size."""
        return tuple(
            d
            for slug in sorted(self.est.models)
            if (d := self.sizing(slug)) is not None and d.set_aside
        )


def _disclosed(model: ModelEntry) -> list[MethodEstimate]:
    if model.unverified_B:
        active = (
            f" ({fmt_b(model.unverified_active_B)} active)" if model.unverified_active_B else ""
        )
        return [
            MethodEstimate(
                "reported",
                "Reported size, unverified" + active,
                model.unverified_B,
                None,
                None,
                "Speculative",
                model.note or "reported, never confirmed",
            )
        ]
    if not model.params_B:
        return []
    # An open model's size comes with its weights; a closed one's is only reported.
    return [
        MethodEstimate(
            "disclosed",
            "Disclosed size" if model.open else "Reported size",
            model.params_B,
            None,
            None,
            "High" if model.open else "Medium",
            (model.size_citation.text if model.size_citation else "")
            + (f"; {model.note}" if model.note and not model.open else ""),
        )
    ]


def _architecture(c: arch.Count, cite: str) -> MethodEstimate:
    return MethodEstimate(
        "architecture",
        "Architecture count",
        c.total / 1e9,
        None,
        None,
        "High",
        f"{c.total:,} parameters ({c.active:,} active) counted from {cite}",
    )


def _hardware(r: HardwareResult) -> MethodEstimate:
    return MethodEstimate(
        "hardware",
        f"Hardware back-calculation ({r.inputs.accelerator})",
        r.total_max_B,
        None,
        r.total_max_B,
        "Medium",
        f"active {fmt_b(r.active_low_B)}–{fmt_b(r.active_high_B)}; total at most "
        f"{fmt_b(r.total_max_B)}",
        "upper bound",
    )


def ikp_problems(ikp: Estimate, cal: Calibrated) -> list[str]:
    """Why an IKP reading gives no usable absolute size (none: it does), by the judgments'
    rule: an unusable flag, or a whole LOO band outside the sizes its fit was made on."""
    problems = [UNUSABLE_FLAGS[f.id] for f in ikp.flags if f.id in UNUSABLE_FLAGS]
    if beyond_fit(ikp.loo_low_B, ikp.loo_high_B, cal.min_params_B, cal.max_params_B):
        problems.append(
            f"its whole LOO band ({fmt_b(ikp.loo_low_B)}–{fmt_b(ikp.loo_high_B)}) lies outside "
            f"the cohort's sizes ({fmt_b(cal.min_params_B)}–{fmt_b(cal.max_params_B)})"
        )
    return problems


def _ikp(ikp: Estimate, cal: Calibrated) -> MethodEstimate:
    low_conf = any(f.id in LOW_CONFIDENCE_FLAGS for f in ikp.flags)
    problems = ikp_problems(ikp, cal)
    return MethodEstimate(
        "ikp",
        f"IKP ({ikp.calibration}, λ = {lam_text(ikp.lam)}"
        + (", as published)" if ikp.as_published else ")"),
        ikp.params_B,
        ikp.loo_low_B,
        ikp.loo_high_B,
        "Low" if low_conf else "Medium",
        f"accuracy {ikp.accuracy:.4f}, run {ikp.run_id}",
        "LOO band",
        tuple(problems),
    )


def _benchmark_estimate(fit: BenchmarkFit, score: float, suspect: bool) -> MethodEstimate:
    p = fit.predict(score)
    seen = [pt[1] for pt in fit.points]
    outside = not min(seen) <= score <= max(seen)
    sizes = [10 ** pt[2] for pt in fit.points]
    problems = [UNUSABLE_FLAGS["suspect_input"]] if suspect else []
    if beyond_fit(p / fit.fold_cover90, p * fit.fold_cover90, min(sizes), max(sizes)):
        problems.append(
            f"its whole LOO band lies outside the sizes the fit was made on "
            f"({fmt_b(min(sizes))}–{fmt_b(max(sizes))})"
        )
    return MethodEstimate(
        "benchmark",
        f"{fit.name} regression ({score:g}%" + (", outside the fitted scores)" if outside else ")"),
        p,
        p / fit.fold_cover90,
        p * fit.fold_cover90,
        "Speculative" if outside else "Low",
        f"score {score:g} read with log10 P (P in billions) = {fit.slope:.4f}·score "
        f"{'+' if fit.intercept >= 0 else '−'} {abs(fit.intercept):.3f} "
        f"(n = {fit.n}, CV R² {fit.cv_r_squared:.2f})",
        "LOO band",
        tuple(problems),
    )


def _quoted(e: ExternalEstimate) -> MethodEstimate:
    return MethodEstimate(
        "quoted",
        e.label,
        math.sqrt(e.total_B.low * e.total_B.high),
        e.total_B.low,
        e.total_B.high,
        "Medium" if e.assumptions_published else "Speculative",
        e.citation.text,
        "quoted range",
    )
