"""What a grade is worth, measured: every training of known size is read as if its size were
unknown (hidden from the registry, its architecture count set aside, every fit made without
it), its answer and grade computed as for any other model, and the plausible range held
against the size it hid."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from paramatlas.readings import Estimate, EstimateError
from paramatlas.rules import GRADE_ORDER, GRADE_SAMPLE, PROMISED_COVERAGE
from paramatlas.schema import ModelEntry
from paramatlas.stats import wilson_intervals
from paramatlas.views.answer import Answer, answer
from paramatlas.views.estimates import Methods


@dataclass(frozen=True)
class Hidden:
    """One training of known size, answered with its size hidden."""

    model: ModelEntry
    """The training's first model (the one whose weights the others run)."""
    known_B: float
    answer: Answer | None

    @property
    def held(self) -> bool | None:
        """Does the plausible range hold the known size? None without a usable answer."""
        a = self.answer
        if a is None or not a.usable:
            return None
        return a.low_B <= self.known_B <= a.high_B

    @property
    def miss(self) -> str | None:
        """ "over" when the whole range lies above the known size, "under" when below."""
        if self.held is not False:  # held, or no usable answer
            return None
        return "over" if self.answer.low_B > self.known_B else "under"


@dataclass(frozen=True)
class GradeRow:
    grade: str
    trainings: int
    held: int
    median_span: float | None
    """Median high ÷ low of the plausible ranges."""
    interval: tuple[float, float] | None
    """Wilson 95% interval of the share held."""

    @property
    def coverage(self) -> float | None:
        return self.held / self.trainings if self.trainings else None

    @property
    def verdict(self) -> str:
        """Whether the grade's range keeps its promise, by the rule of `paramatlas.rules`."""
        if self.interval is None:
            return "not measured"
        return "keeps it" if self.interval[1] >= PROMISED_COVERAGE else "falls short"


def hidden_answer(methods: Methods, training: list[ModelEntry]) -> Answer | None:
    """The answer a training would get were its size unknown."""
    hide = frozenset(m.slug for m in training)
    est = methods.est.hiding(hide)
    ikp: dict[str, Estimate] = {}
    for slug in hide:
        try:
            ikp[slug] = est.estimate(slug)
        except EstimateError:
            continue
    # What does not depend on any size is reused, not recounted.
    hidden = methods.sharing(
        est,
        ikp,
        "hardware_results",
        "trainings",
        architecture_counts={k: v for k, v in methods.architecture_counts.items() if k not in hide},
    )
    return answer(hidden, training[0].slug)


def hidden_answers(methods: Methods) -> tuple[Hidden, ...]:
    """The trainings of known size, each answered with its size hidden: every one, or beyond
    GRADE_SAMPLE of them an evenly spaced sample by slug (the cost stays bounded)."""
    bases = sorted(
        (m for m in methods.est.models.values() if m.params_B and not m.same_weights_as),
        key=lambda m: m.slug,
    )
    step = max(1, math.ceil(len(bases) / GRADE_SAMPLE))
    return tuple(
        Hidden(m, m.params_B, hidden_answer(methods, methods.variants(m.slug)))
        for m in bases[::step]
        if m.params_B
    )


def grade_rows(hidden: tuple[Hidden, ...]) -> tuple[GradeRow, ...]:
    """Per grade: trainings, how many ranges held the size, the share's Wilson interval."""
    rows = []
    for grade in GRADE_ORDER:
        mine = [h for h in hidden if h.answer is not None and h.answer.grade == grade]
        held = sum(bool(h.held) for h in mine)
        spans = [h.answer.high_B / h.answer.low_B for h in mine if h.answer and h.answer.low_B]
        (interval,) = wilson_intervals([held], [len(mine)])
        median = statistics.median(spans) if spans else None
        rows.append(GradeRow(grade, len(mine), held, median, interval))
    return tuple(rows)
