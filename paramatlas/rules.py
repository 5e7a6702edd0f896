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

# ---- when a reading gives no usable absolute size -------------------------------------------

# A reading with any of these flags is shown, flagged, but never the summary and never the size
# training compute starts from: the number it gives is not the quantity it claims to be.
UNUSABLE_FLAGS = {
    "judge_contention": "its judge failed calls, which were scored WRONG",
    "scoring_mismatch": "it is read with a calibration fitted on count sets scored otherwise",
    "lambda_mismatch": "its accuracy was scored at another λ than the fit reading it",
    "suspect_input": "its input contradicts the rest of its family",
    "cohort_excluded": "the calibration's source left this model out of its cohort as unreliable",
    "withheld_by_source": "the calibration's source withholds this estimate, for the reason given",
}


def beyond_fit(low: float, high: float, fit_low: float, fit_high: float) -> bool:
    """A regression reading whose whole band lies outside the sizes its fit was made on: its
    error was never measured there, so it is not a size, only a direction."""
    return low > fit_high or high < fit_low


def suspect_score(score: float, above: list[float]) -> bool:
    """A benchmark score is suspect when it beats every member of the model's family that IKP
    puts above the model (`above`: their scores on the same benchmark), there being two or
    more: the input contradicts its own family."""
    return len(above) >= 2 and all(score > other for other in above)


# ---- when a training-compute figure is plausible ----------------------------------------

# The training tokens a compute figure implies (FLOP ÷ 6 × parameters a token costs) must lie in
# this range: from GPT-3's 300B down to a third of it, up to about 2.5× the largest disclosed
# pre-training corpus (Qwen3, 36T tokens). Outside it the figure is flagged and graded lowest.
PLAUSIBLE_TOKENS = (1e11, 1e14)


def plausible_tokens(tokens: float) -> bool:
    return PLAUSIBLE_TOKENS[0] <= tokens <= PLAUSIBLE_TOKENS[1]


# ---- which estimate stands for a model ----------------------------------------------------

# Methods, best first; within a method, the higher confidence wins. Only usable readings count.
SUMMARY_PRIORITY = (
    "disclosed",
    "architecture",
    "hardware",
    "ikp",
    "benchmark",
    "reported",
    "quoted",
)
CONFIDENCE_ORDER = ("High", "Medium", "Low", "Speculative")
# A method's confidence in one reading, as every page, download and command words it: words
# that cannot be taken for the answer's grade (High, Moderate, Low, Very low).
CONFIDENCE_WORDS = {"High": "strong", "Medium": "fair", "Low": "weak", "Speculative": "speculative"}


def confidence_word(confidence: str) -> str:
    return CONFIDENCE_WORDS.get(confidence, confidence)


SUMMARY_REASONS = {
    "disclosed": "the size is disclosed, with the weights or stated by the vendor",
    "architecture": "the size is counted from the published configuration",
    "hardware": "a back-calculation from cited hardware figures bounds it",
    "ikp": "no disclosed size, count or hardware bound; IKP is the best-checked "
    "method left (its LOO band is measured on the cohort)",
    "benchmark": "only benchmark regressions are left",
    "reported": "only an unverified reported size is left",
    "quoted": "only quoted figures are left",
}


class Ranked(Protocol):
    @property
    def method(self) -> str: ...

    @property
    def confidence(self) -> str: ...

    @property
    def usable(self) -> bool: ...


R = TypeVar("R", bound=Ranked)


def summary_of(estimates: Sequence[R]) -> tuple[R, str] | None:
    """The estimate that stands for a model, and why: of the usable ones, the first by method
    priority, then by confidence (an unknown one ranks last), except between IKP readings:
    there the first listed wins (the standing reading, the default calibration's). The flag
    that lowers an IKP reading's confidence, extrapolation, is raised only by large readings,
    so choosing by it would lean low. None when none is usable."""
    rank = {c: i for i, c in enumerate(CONFIDENCE_ORDER)}
    usable = [e for e in estimates if e.usable]
    if not usable:
        return None

    def key(e: R) -> tuple[int, int]:
        order = 0 if e.method == "ikp" else rank.get(e.confidence, len(rank))
        return SUMMARY_PRIORITY.index(e.method), order

    best = min(usable, key=key)
    return best, SUMMARY_REASONS[best.method]


# ---- how confident a model's answer is ----------------------------------------------------

# A plausible range spanning at most this factor (high ÷ low) is graded Moderate, at most the
# second Low, wider Very low. Only a disclosed or counted size is High; IKP never is.
GRADE_SPANS = ((10.0, "Moderate"), (30.0, "Low"))
GRADE_ORDER = ("High", "Moderate", "Low", "Very low")
# A plausible range combines 90% prediction intervals: whatever its grade, it promises to hold
# the size at least this often. A grade keeps the promise while the Wilson 95% interval of the
# share of ranges that held a hidden known size reaches it.
PROMISED_COVERAGE = 0.90
# Trainings of known size answered with their size hidden, at most: beyond, an evenly spaced
# sample by slug, so that the measure's cost does not grow with the square of the registry.
GRADE_SAMPLE = 300
# Two readings of one model further apart than this factor are a source of doubt worth naming.
DISAGREE = 2.0


def grade(method: str, confidence: str, span: float, low_confidence: bool) -> str:
    """The plain-language confidence of a model's answer: High for a size that comes with the
    weights or is counted from them, Moderate for one the vendor states without weights."""
    if method in ("disclosed", "architecture"):
        return "High" if confidence == "High" else "Moderate"
    if method in ("reported", "quoted"):
        return "Very low"
    for limit, label in GRADE_SPANS:
        if span <= limit and not (low_confidence and label == "Moderate"):
            return label
    return "Very low"


# ---- verdicts on a case study's published conclusions ------------------------------------

# A replication is judged twice: against the claim as its source stated it, and against the
# difference run-to-run noise alone produces (this quantile of the difference between two
# runs drawn with the model's own verdict shares; stats.rerun_noise).
RERUN_NOISE_QUANTILE = 0.95

# ---- eval power --------------------------------------------------------------------------

# A run's eval power: the difference in accuracy two runs drawn like it exceed by chance with
# probability 10% (this quantile of stats.rerun_noise), read as a ratio of sizes through the
# calibration's slope.
EVAL_POWER_QUANTILE = 0.90
# A tier with this many correct answers or fewer is stated with the highest true rate its
# Wilson 95% interval still allows (0 of 200 correct allows up to 1.9%).
FEW_CORRECT = 5

# ---- the next measurements worth making ---------------------------------------------------

# One more open model of known size in a calibration's cohort is tried at every half-decade of
# size (this step in log10) from the smallest cohort model's to the largest reading's, once per
# architecture the cohort holds. Its accuracy lies off the fit's line by each of NEXT_DRAWS
# evenly spaced quantiles of the residuals of the cohort's members of its architecture (of every
# member when fewer than NEXT_ARCH_MIN share it); what it would do is the mean over those draws.
NEXT_STEP = 0.5
NEXT_DRAWS = 10
NEXT_ARCH_MIN = 5
# More probes: a new run with this many times the probes of each tier of the chosen run.
MORE_PROBES = 10
# The page ranks measurements by the expected number of answers whose grade they change, then
# by the expected change of the answers' summed log10 width, and lists this many.
NEXT_LISTED = 10

# A claim of "about N×" survives when every recomputed value is at least N ÷ ABOUT: one
# tolerance for every such claim.
ABOUT = 1.5
# A frontier MoE, for a claim about them: a mixture-of-experts model of at least this many
# billion total parameters (hy3-preview, 295B, is the case study's).
FRONTIER_MIN_B = 100.0
# "The frontier over-estimate is far worse than on the range anchors" survives when it is
# more than this many times the range anchors' worst factor (partly, when merely above it).
FAR_WORSE_RATIO = 2.0


def about(claimed: float, values: list[float]) -> bool:
    """Does every recomputed value bear out a claim of "about `claimed`×" (or more)?"""
    return min(values) >= claimed / ABOUT


# ---- which size measure MoE accuracy follows ------------------------------------------------


def closer_measure(r_squared: dict[str, float], loo_median_fold: dict[str, float]) -> str | None:
    """The size measure (total or active parameters) a calibration's MoE members follow more
    closely: the one with both the higher R² and the lower LOO median fold error; None when the
    two statistics favour different measures."""
    by_fit = max(r_squared, key=lambda m: r_squared[m])
    by_loo = min(loo_median_fold, key=lambda m: loo_median_fold[m])
    return by_fit if by_fit == by_loo else None
