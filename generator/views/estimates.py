"""Every way of sizing a model side by side, and the one that stands for it.

The methods compute; this view labels their figures, applies the summary rule of
`generator.rules` and ranks models by how far apart the methods are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from generator.analyses.case_study import CaseStudyView
from generator.estimator import Estimate, Estimator
from generator.methods import arch, benchmark
from generator.methods.benchmark import BenchmarkFit
from generator.methods.compute import Compute, compute
from generator.methods.hardware import HardwareResult, hardware
from generator.present import fmt_b
from generator.rules import LOW_CONFIDENCE_FLAGS, summary_of
from generator.schema import ExternalEstimate, ModelEntry


@dataclass(frozen=True)
class MethodEstimate:
    """One method's size for one model."""

    method: str
    label: str
    params_B: float
    low_B: float | None
    high_B: float | None
    confidence: str
    source: str
    interval: str = ""

    @property
    def span(self) -> tuple[float, float]:
        return (self.low_B or self.params_B, self.high_B or self.params_B)

    def as_json(self) -> dict[str, object]:
        return {
            "method": self.method,
            "label": self.label,
            "params_B": self.params_B,
            "low_B": self.low_B,
            "high_B": self.high_B,
            "confidence": self.confidence,
            "source": self.source,
        }


@dataclass(frozen=True)
class Disagreement:
    model: ModelEntry
    estimates: tuple[MethodEstimate, ...]
    summary: MethodEstimate
    reason: str

    @property
    def factor(self) -> float:
        centers = [e.params_B for e in self.estimates]
        return max(centers) / min(centers)

    @property
    def overlaps(self) -> tuple[tuple[str, str], ...]:
        pairs = []
        for i, a in enumerate(self.estimates):
            for b in self.estimates[i + 1 :]:
                (a0, a1), (b0, b1) = a.span, b.span
                if a0 <= b1 and b0 <= a1:
                    pairs.append((a.label, b.label))
        return tuple(pairs)


class Methods:
    """Every method's estimates of every model, computed once per model."""

    def __init__(
        self,
        est: Estimator,
        ikp: dict[str, Estimate],
        case_studies: tuple[CaseStudyView, ...],
    ) -> None:
        self.est = est
        self.ikp = ikp
        """The IKP reading that stands for each model (default fit, else as published)."""
        self.case_studies = case_studies
        self._estimates: dict[str, list[MethodEstimate]] = {}

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
            out.append(_benchmark_estimate(fit, score))
        return out

    @cached_property
    def hardware_results(self) -> tuple[HardwareResult, ...]:
        return tuple(hardware(h) for _, h in self.est.data.hardware)

    @cached_property
    def architecture_counts(self) -> dict[str, tuple[arch.Count, str]]:
        return {
            a.model: (arch.count(dict(a.config)), a.citation.text)
            for _, a in self.est.data.architectures
        }

    def compute(self, slug: str) -> Compute:
        ikp = self.ikp.get(slug)
        entries = (e for _, e in self.est.data.compute)
        return compute(self.est.models[slug], entries, ikp.params_B if ikp else None)

    @cached_property
    def anchor_factors(self) -> tuple[float, float] | None:
        """The range of over-estimate factors of the case studies' anchors, default fit."""
        factors = [
            f.factor for cs in self.case_studies for f in cs.default_factors.values() if f.factor
        ]
        return (min(factors), max(factors)) if factors else None

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
            out.append(_ikp(ikp))
            # The correction uses the default fit's anchors: it applies to default readings.
            if self.anchor_factors and not model.params_B and not ikp.as_published:
                out.append(_ikp_corrected(ikp, *self.anchor_factors))
        out.extend(self.benchmark_estimates(slug))
        out += [_quoted(e) for _, e in self.est.data.external if e.model == slug and e.total_B]
        return out

    def summary(self, slug: str) -> tuple[MethodEstimate, str] | None:
        """The estimate that stands for a model by the summary rule, and why."""
        estimates = self.estimates(slug)
        return summary_of(estimates) if estimates else None

    def disagreement(self, slug: str) -> Disagreement | None:
        estimates = self.estimates(slug)
        summary = self.summary(slug)
        if len(estimates) < 2 or summary is None:
            return None
        return Disagreement(self.est.models[slug], tuple(estimates), *summary)

    @cached_property
    def disagreements(self) -> tuple[Disagreement, ...]:
        out = [d for slug in sorted(self.est.models) if (d := self.disagreement(slug))]
        return tuple(sorted(out, key=lambda d: (-d.factor, d.model.slug)))


def _disclosed(model: ModelEntry) -> list[MethodEstimate]:
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


def _ikp(ikp: Estimate) -> MethodEstimate:
    low_conf = any(f.id in LOW_CONFIDENCE_FLAGS for f in ikp.flags)
    return MethodEstimate(
        "ikp",
        f"IKP ({ikp.calibration}, λ = {ikp.lam:g}"
        + (", as published)" if ikp.as_published else ")"),
        ikp.params_B,
        ikp.loo_low_B,
        ikp.loo_high_B,
        "Low" if low_conf else "Medium",
        f"accuracy {ikp.accuracy:.4f}, run {ikp.run_id}",
        "LOO band",
    )


def _ikp_corrected(ikp: Estimate, lo: float, hi: float) -> MethodEstimate:
    return MethodEstimate(
        "ikp_corrected",
        f"IKP ÷ anchors' over-estimate ({lo:.2f}–{hi:.2f}×)",
        ikp.params_B / math.sqrt(lo * hi),
        ikp.params_B / hi,
        ikp.params_B / lo,
        "Low",
        "IKP divided by the range of the known-size anchors' factors",
        "range of the anchors' factors",
    )


def _benchmark_estimate(fit: BenchmarkFit, score: float) -> MethodEstimate:
    p = fit.predict(score)
    seen = [pt[1] for pt in fit.points]
    outside = not min(seen) <= score <= max(seen)
    return MethodEstimate(
        "benchmark",
        f"{fit.name} regression ({score:g}%" + (", outside the fitted scores)" if outside else ")"),
        p,
        p / fit.fold_cover90,
        p * fit.fold_cover90,
        "Speculative" if outside else "Low",
        f"score {score:g} read with log10 P = {fit.slope:.4f}·score + "
        f"{fit.intercept:.3f} (n = {fit.n}, CV R² {fit.cv_r_squared:.2f})",
        "LOO band",
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
