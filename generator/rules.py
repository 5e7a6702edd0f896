"""The site's judgments, each in one place: pages, downloads and the command line read them here.

A judgment is a rule applied to every model alike; no rule names a model. The methodology page
states each of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

# ---- comparisons with what a source published -------------------------------------------

# Committed statistics must match what the data give to this absolute difference.
DRIFT_TOLERANCE = 1e-6
# Published estimates and fold errors are compared relatively (they span 0.1B to 100,000B).
DRIFT_RELATIVE = 1e-6

# ---- how much an IKP reading can be trusted ----------------------------------------------

# Hazards that make an IKP reading a low-confidence one: the size is read outside the cohort,
# through a judge that failed calls, or with a calibration scored otherwise than the run.
LOW_CONFIDENCE_FLAGS = frozenset({"extrapolation", "judge_contention", "scoring_mismatch"})
# Flags that concern an estimate rather than a run; the hazards page lists them separately.
ESTIMATE_FLAGS = frozenset({"extrapolation", "cohort_excluded", "withheld_by_source"})

# ---- which estimate stands for a model ----------------------------------------------------

# Methods, best first; within a method, the higher confidence wins.
SUMMARY_PRIORITY = (
    "disclosed",
    "architecture",
    "hardware",
    "ikp",
    "ikp_corrected",
    "benchmark",
    "quoted",
)
CONFIDENCE_ORDER = ("High", "Medium", "Low", "Speculative")
SUMMARY_REASONS = {
    "disclosed": "the size is disclosed",
    "architecture": "the size is counted from the published configuration",
    "hardware": "a back-calculation from cited hardware figures bounds it",
    "ikp": "no disclosed size, count or hardware bound; IKP is the best-checked "
    "method left (its LOO band is measured on the cohort)",
    "ikp_corrected": "only a corrected IKP figure is left",
    "benchmark": "only benchmark regressions are left",
    "quoted": "only quoted figures are left",
}


class Ranked(Protocol):
    @property
    def method(self) -> str: ...

    @property
    def confidence(self) -> str: ...


R = TypeVar("R", bound=Ranked)


def summary_of(estimates: Sequence[R]) -> tuple[R, str]:
    """The estimate that stands for a model, and why: the first by method priority, then by
    confidence (an unknown one ranks last)."""
    rank = {c: i for i, c in enumerate(CONFIDENCE_ORDER)}
    best = min(
        estimates,
        key=lambda e: (SUMMARY_PRIORITY.index(e.method), rank.get(e.confidence, len(rank))),
    )
    return best, SUMMARY_REASONS[best.method]


# ---- verdicts on a case study's published conclusions ------------------------------------

# "IKP over-estimates the frontier anchor about 8×" survives when every consistently scored
# factor is at least this.
FRONTIER_FACTOR_SURVIVES = 6.0
# "The frontier over-estimate is far worse than on the range anchors" survives when it is
# more than this many times the range anchors' worst factor (partly, when merely above it).
FAR_WORSE_RATIO = 2.0
# "IKP stays about 10× above the hardware estimate" survives when every corrected reading is
# at least this many times the top of the hardware range.
HARDWARE_GAP_SURVIVES = 5.0
