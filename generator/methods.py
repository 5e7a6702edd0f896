"""The other ways of sizing a model, each with its interval, confidence and citation:
benchmark regression, hardware back-calculation, training compute, architecture counts;
and, for every model, all of its estimates side by side.

Confidence labels follow one scale: High (disclosed or counted), Medium (measured with a
checked method), Low (a weak or distant relation), Speculative (heuristics, quoted figures
whose assumptions are unknown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from generator import arch
from generator.analysis import Analysis
from generator.report import Estimator, ModelView, fmt_b
from generator.schema import HardwareInputs, ModelEntry
from generator.stats import coverage_factor, fit_ols, loo_lines

FLOP_THRESHOLD = 1e25
# Tokens per parameter by the FLOP guide's parameter-based scaling rules, first match wins.
TOKEN_RULES = (
    (
        "families trained long (Qwen, GLM, Yi)",
        lambda m: m.family.startswith(("qwen", "glm", "yi")),
        16,
    ),
    ("code variants", lambda m: "code" in m.slug, 18),
    ("released 2022", lambda m: m.release_date is not None and m.release_date.year <= 2022, 12),
    ("released 2023 or later, 100B and above", lambda m: (m.params_B or 0) >= 100, 15),
    ("released 2023 or later, under 100B", lambda m: m.release_date is not None, 20),
    ("default", lambda m: True, 15),
)
# Which estimate stands for a model when several exist, best first.
PRIORITY = ("disclosed", "architecture", "hardware", "ikp", "ikp_corrected", "benchmark", "quoted")


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


@dataclass(frozen=True)
class HardwareResult:
    inputs: HardwareInputs
    active_low_B: float
    active_high_B: float
    total_max_B: float


def hardware(h: HardwareInputs) -> HardwareResult:
    """Decode reads every active weight once a token, so bandwidth bounds the active size;
    the weights must fit in the slice's memory, so memory bounds the total."""
    bytes_per_s = h.bandwidth_TBps.value * 1e12 * h.chips.value
    per_token = h.decode_tokens_per_s.value * h.bytes_per_param.value
    low = bytes_per_s * h.utilisation.low / per_token / 1e9
    high = bytes_per_s * h.utilisation.high / per_token / 1e9
    total = h.memory_GB.value * 1e9 * h.chips.value / h.bytes_per_param.value / 1e9
    return HardwareResult(h, low, high, total)


@dataclass(frozen=True)
class Compute:
    model: ModelEntry
    flop: float | None
    confidence: str
    method: str
    basis: str

    @property
    def status(self) -> str:
        if self.flop is None or self.confidence == "Speculative":
            return "Uncertain"
        above = self.flop >= FLOP_THRESHOLD
        if self.confidence == "High":
            return "Confirmed Above" if above else "Confirmed Below"
        return "Likely Above" if above else "Likely Below"

    def as_json(self) -> dict[str, object]:
        return {
            "model": self.model.slug,
            "flop": self.flop,
            "confidence": self.confidence,
            "status": self.status,
            "method": self.method,
            "basis": self.basis,
        }


def tokens_per_param(model: ModelEntry) -> tuple[int, str]:
    for rule, applies, tokens in TOKEN_RULES:
        if applies(model):
            return tokens, rule
    raise AssertionError  # the default rule always applies


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
    """Every method's estimates, from the data and the IKP analyses."""

    def __init__(self, est: Estimator, views: tuple[ModelView, ...], analysis: Analysis) -> None:
        self.est = est
        self.views = {v.entry.slug: v for v in views}
        self.analysis = analysis
        self._estimates: dict[str, list[MethodEstimate]] = {}

    @cached_property
    def scores(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for _, f in self.est.data.benchmarks:
            for row in f.rows:
                out.setdefault(row.model, {}).update(row.scores)
        return out

    @cached_property
    def benchmark_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for _, f in self.est.data.benchmarks:
            names.update(f.benchmarks)
        return names

    @cached_property
    def benchmark_fits(self) -> dict[str, BenchmarkFit]:
        """One fit per benchmark over the default calibration's cohort, as upstream compared."""
        cal = self.est.fitted(self.est.data.site.default_calibration)
        ikp = {p.slug: p.accuracy for p in cal.points}
        fits = {}
        for bench, name in self.benchmark_names.items():
            points = [
                (p.slug, self.scores[p.slug][bench], p.log10_params)
                for p in cal.points
                if bench in self.scores.get(p.slug, {})
            ]
            if len(points) >= 5:
                fits[bench] = fit_benchmark(bench, name, points, ikp)
        return fits

    def benchmark_estimates(self, slug: str) -> list[MethodEstimate]:
        out = []
        for bench, fit in self.benchmark_fits.items():
            score = self.scores.get(slug, {}).get(bench)
            if score is None or any(p[0] == slug for p in fit.points):
                continue  # cohort members are what the fit was made from
            p = fit.predict(score)
            seen = [pt[1] for pt in fit.points]
            outside = not min(seen) <= score <= max(seen)
            out.append(
                MethodEstimate(
                    "benchmark",
                    f"{fit.name} regression ({score:g}%"
                    + (", outside the fitted scores)" if outside else ")"),
                    p,
                    p / fit.fold_cover90,
                    p * fit.fold_cover90,
                    "Speculative" if outside else "Low",
                    f"score {score:g} read with log10 P = {fit.slope:.4f}·score + "
                    f"{fit.intercept:.3f} (n = {fit.n}, CV R² {fit.cv_r_squared:.2f})",
                    "LOO band",
                )
            )
        return out

    @cached_property
    def hardware_results(self) -> tuple[HardwareResult, ...]:
        return tuple(hardware(h) for _, h in self.est.data.hardware)

    @cached_property
    def architecture_counts(self) -> dict[str, tuple[arch.Count, str]]:
        out = {}
        for _, a in self.est.data.architectures:
            out[a.model] = (arch.count(dict(a.config)), a.citation.text)
        return out

    def compute(self, slug: str) -> Compute:
        model = self.est.models[slug]
        for _, entry in self.est.data.compute:
            if entry.model != slug:
                continue
            if entry.method == "override":
                return Compute(
                    model, entry.flop, entry.confidence, "expert override", entry.citation.text
                )
            if model.params_B:
                n = (model.active_B or model.params_B) * 1e9
                return Compute(
                    model,
                    6 * n * entry.tokens,
                    entry.confidence,
                    "known specifications",
                    f"6 × {n:.3g} parameters × {entry.tokens:.3g} tokens; {entry.citation.text}",
                )
        if model.params_B:
            # Tokens scale with the total size; each token costs the active parameters.
            tokens, rule = tokens_per_param(model)
            total, n = model.params_B * 1e9, (model.active_B or model.params_B) * 1e9
            return Compute(
                model,
                6 * n * tokens * total,
                "Medium",
                "parameter-based scaling",
                f"6 × {n:.3g} active parameters × {tokens} tokens per parameter × "
                f"{total:.3g} parameters ({rule})",
            )
        view = self.views.get(slug)
        estimate = (view.estimate or view.published) if view else None
        if estimate is not None:
            n = estimate.params_B * 1e9
            return Compute(
                model,
                6 * n * 20 * n,
                "Speculative",
                "size heuristic",
                f"6 × {n:.3g} parameters (IKP estimate) × 20 tokens per parameter",
            )
        return Compute(model, None, "Speculative", "none", "no size to start from")

    @cached_property
    def anchor_factors(self) -> tuple[float, float] | None:
        """The range of over-estimate factors of the case studies' anchors, default fit."""
        factors = [
            f.factor
            for cs in self.analysis.case_studies
            for f in cs.default_factors.values()
            if f.factor
        ]
        return (min(factors), max(factors)) if factors else None

    def estimates(self, slug: str) -> list[MethodEstimate]:
        """Every method's estimate of one model (computed once per model)."""
        if slug not in self._estimates:
            self._estimates[slug] = self._estimates_of(slug)
        return self._estimates[slug]

    def _estimates_of(self, slug: str) -> list[MethodEstimate]:
        model = self.est.models[slug]
        view = self.views.get(slug)
        out = []
        if model.params_B:
            out.append(
                # An open model's size comes with its weights; a closed one's is only reported.
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
            )
        if slug in self.architecture_counts:
            c, cite = self.architecture_counts[slug]
            out.append(
                MethodEstimate(
                    "architecture",
                    "Architecture count",
                    c.total / 1e9,
                    None,
                    None,
                    "High",
                    f"{c.total:,} parameters ({c.active:,} active) counted from {cite}",
                )
            )
        for r in self.hardware_results:
            if r.inputs.model == slug:
                out.append(
                    MethodEstimate(
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
                )
        ikp = (view.estimate or view.published) if view else None
        if ikp is not None:
            low_conf = any(
                f.id in {"extrapolation", "judge_contention", "scoring_mismatch"} for f in ikp.flags
            )
            out.append(
                MethodEstimate(
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
            )
            # The correction uses the default fit's anchors: it applies to default readings.
            if self.anchor_factors and not model.params_B and not ikp.as_published:
                lo, hi = self.anchor_factors
                out.append(
                    MethodEstimate(
                        "ikp_corrected",
                        f"IKP ÷ anchors' over-estimate ({lo:.2f}–{hi:.2f}×)",
                        ikp.params_B / math.sqrt(lo * hi),
                        ikp.params_B / hi,
                        ikp.params_B / lo,
                        "Low",
                        "IKP divided by the range of the known-size anchors' factors",
                        "range of the anchors' factors",
                    )
                )
        out.extend(self.benchmark_estimates(slug))
        for _, e in self.est.data.external:
            if e.model == slug and e.total_B:
                out.append(
                    MethodEstimate(
                        "quoted",
                        e.label,
                        math.sqrt(e.total_B.low * e.total_B.high),
                        e.total_B.low,
                        e.total_B.high,
                        "Medium" if e.assumptions_published else "Speculative",
                        e.citation.text,
                        "quoted range",
                    )
                )
        return out

    def disagreement(self, slug: str) -> Disagreement | None:
        estimates = self.estimates(slug)
        if len(estimates) < 2:
            return None
        best = min(
            estimates,
            key=lambda e: (
                PRIORITY.index(e.method),
                {"High": 0, "Medium": 1, "Low": 2}.get(e.confidence, 3),
            ),
        )
        reasons = {
            "disclosed": "the size is disclosed",
            "architecture": "the size is counted from the published configuration",
            "hardware": "a back-calculation from cited hardware figures bounds it",
            "ikp": "no disclosed size, count or hardware bound; IKP is the best-checked "
            "method left (its LOO band is measured on the cohort)",
            "ikp_corrected": "only a corrected IKP figure is left",
            "benchmark": "only benchmark regressions are left",
            "quoted": "only quoted figures are left",
        }
        return Disagreement(self.est.models[slug], tuple(estimates), best, reasons[best.method])

    @cached_property
    def disagreements(self) -> tuple[Disagreement, ...]:
        out = [d for slug in sorted(self.est.models) if (d := self.disagreement(slug))]
        return tuple(sorted(out, key=lambda d: (-d.factor, d.model.slug)))
