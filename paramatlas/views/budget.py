"""The uncertainty budget of an IKP answer: how much of its plausible range's width, in log
size, each source of error makes (methodology, "Uncertainty budget")."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from paramatlas.readings import Calibrated, Estimate
from paramatlas.stats import accuracy_variance

# What sets a reading apart from the chosen one, by the kind of reading the range combines.
KIND_SOURCES = {
    "calibration": "calibration and count set",
    "run": "another run",
    "variant": "reasoning variants",
}
SOURCES = ("probe sampling", "cohort scatter", *KIND_SOURCES.values())


@dataclass(frozen=True)
class Budget:
    width: float
    """log10(high / low) of the plausible range."""
    parts: tuple[tuple[str, float], ...]
    """(source, its share of the width in log10), every source of SOURCES, summing to width."""

    def as_json(self) -> list[dict[str, object]]:
        return [
            {"source": s, "log10_width": w, "share": w / self.width if self.width else 0.0}
            for s, w in self.parts
        ]


@dataclass(frozen=True)
class Reading:
    kind: str
    """"chosen", or what sets it apart from the chosen reading (KIND_SOURCES)."""
    estimate: Estimate
    counts: Mapping[str, Mapping[str, float]]
    """The tier counts of the run it reads."""


def budget(readings: list[Reading], fitted: Callable[[str], Calibrated]) -> Budget:
    """The range is [lowest reading's low, highest reading's high] of the readings' 90%
    prediction intervals. Its width is the two ends' half-widths plus the distance between
    the two readings' centres: each half-width is split in proportion to the variances that
    make it (the reading's own probe sampling, the rest of the cohort's residual scatter and the
    fit's leverage), the distance between the ends' readings by how far each lies from the
    chosen reading, to what sets it apart."""
    low = min(readings, key=lambda r: r.estimate.pi_low_B)
    high = max(readings, key=lambda r: r.estimate.pi_high_B)
    parts = dict.fromkeys(SOURCES, 0.0)
    for end in (low, high):
        probe, scatter = _half_width(end, fitted(end.estimate.calibration))
        parts["probe sampling"] += probe
        parts["cohort scatter"] += scatter
    chosen = _centre(next(r for r in readings if r.kind == "chosen"))
    apart = {end.kind: abs(_centre(end) - chosen) for end in (low, high) if end.kind != "chosen"}
    distance = _centre(high) - _centre(low)  # ≥ 0: the highest high's reading sits no lower
    total = sum(apart.values())
    for kind, far in apart.items():
        parts[KIND_SOURCES[kind]] += distance * far / total if total else 0.0
    width = math.log10(high.estimate.pi_high_B / low.estimate.pi_low_B)
    return Budget(width, tuple(parts.items()))


def _centre(r: Reading) -> float:
    return math.log10(r.estimate.pi_low_B * r.estimate.pi_high_B) / 2


def _half_width(r: Reading, cal: Calibrated) -> tuple[float, float]:
    """The reading's half-width in log10, split into probe sampling and cohort scatter: the
    interval's variance is s²·(1 + h), the residual s² of which the reading's own probe
    sampling makes at most all, the leverage h the fit's."""
    e, fit = r.estimate, cal.fit
    half = math.log10(e.pi_high_B / e.pi_low_B) / 2
    leverage = 1 / fit.n + (e.log10_params - fit.mean_x) ** 2 / fit.sxx if fit.sxx else math.inf
    own = min(1.0, accuracy_variance(r.counts, e.lam) / fit.residual_se**2)
    probe = half * own / (1 + leverage)
    return probe, half - probe
