"""The next measurements worth making: what one more open model of known size in a cohort, more
probes, a second run or a judge of another family would do to the site's answers, each by the
site's own rules (methodology, "Next measurements")."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from paramatlas.analyses.anchors import anchors
from paramatlas.rules import (
    FRONTIER_MIN_B,
    GRADE_SPANS,
    MORE_PROBES,
    NEXT_DRAWS,
    NEXT_LISTED,
    SUMMARY_PRIORITY,
)
from paramatlas.stats import accuracy_variance
from paramatlas.views.answer import Answer
from paramatlas.views.estimates import Methods
from paramatlas.views.members import Effect, Gift, Given, Member, member_what_ifs

NORMAL = NormalDist()


@dataclass(frozen=True)
class RunWhatIf:
    """A new run of a training's chosen model, read with its calibration."""

    slug: str
    probes: int
    """The new run's probes per tier, as a multiple of the chosen run's."""
    other_judge: bool
    """The training has a run judged by a model of its own family: the new run's judge would
    be of another."""
    lower: float
    """Probability that its reading widens the range past its grade's span."""
    widening: float
    """Expected log10 added to the range."""

    @property
    def effect(self) -> Effect:
        return Effect(self.lower, 0.0, -self.widening, 0.0)


@dataclass(frozen=True)
class Next:
    members: tuple[Member, ...]
    runs: tuple[RunWhatIf, ...]
    answers: int
    """The trainings whose answer an IKP reading could make (the what-ifs' scope)."""
    ranged: int = 0
    """Of those, the ones with an IKP answer's range today."""
    frontier: tuple[float, ...] = ()
    """How many times their size the known-size frontier MoEs read with the default fit
    (the anchors page's factors), sorted: what a member drawn on the line past the cohort
    assumes away."""

    @property
    def listed(self) -> list[Member | RunWhatIf]:
        """The NEXT_LISTED measurements with the largest expected effect, by the page's rule."""
        every: list[Member | RunWhatIf] = [*self.members, *self.runs]
        every.sort(key=lambda m: tuple(-v for v in m.effect.rank))  # stable: ties keep order
        return every[:NEXT_LISTED]

    def of(self, calibration: str) -> list[Member]:
        return [m for m in self.members if m.calibration == calibration]

    @property
    def sizing(self) -> list[Member]:
        """The members that would give an answer a size it lacks."""
        return [m for m in self.members if m.effect.sized > 0]

    @property
    def run_pairs(self) -> list[tuple[RunWhatIf, RunWhatIf]]:
        """Per answer: a second run, and a run with MORE_PROBES times the probes."""
        second = {r.slug: r for r in self.runs if r.probes == 1}
        return [(second[r.slug], r) for r in self.runs if r.probes != 1 and r.slug in second]

    @property
    def gifts(self) -> list[Gift]:
        """Per calibration and training given a size by some member: what those members give."""
        groups: dict[tuple[str, str], list[tuple[Member, Given]]] = {}
        for m in self.members:
            for g in m.given:
                groups.setdefault((m.calibration, g.slug), []).append((m, g))
        return [
            Gift(
                calibration,
                slug,
                min(m.params_B for m, g in found if len(g.answers) == NEXT_DRAWS),
                tuple(a for _, g in found for a in g.answers),
                found[-1][1].aside,
            )
            for (calibration, slug), found in sorted(groups.items())
            if any(len(g.answers) == NEXT_DRAWS for _, g in found)
        ]

    @property
    def likeliest_lower(self) -> RunWhatIf | None:
        return max(self.runs, key=lambda r: r.lower, default=None)

    def best_member(self, calibration: str) -> Member | None:
        """The member that would narrow the calibration's LOO band most."""
        return min(self.of(calibration), key=lambda m: m.loo_after, default=None)


def next_measurements(methods: Methods, answers: dict[str, Answer | None]) -> Next:
    """Every what-if, for the trainings of `methods` (`answers`: each training's answer, keyed
    by the slug of its first model)."""
    est = methods.est
    ranged = {s: a for s, a in answers.items() if a is not None and a.readings}
    unset = [s for s in answers if s not in ranged and _ikp_could_answer(methods, s)]
    members = tuple(
        member
        for name in sorted(est.calibrations)
        for member in member_what_ifs(methods, est.fitted(name), ranged, unset, answers)
    )
    runs = tuple(
        what_if
        for slug, a in sorted(ranged.items())
        for probes in (1, MORE_PROBES)
        if (what_if := run_what_if(methods, slug, a, probes)) is not None
    )
    frontier = sorted(
        row.factor
        for row in anchors(est, set())
        if row.model.arch == "moe" and row.model.params_B >= FRONTIER_MIN_B
    )
    return Next(members, runs, len(ranged) + len(unset), len(ranged), tuple(frontier))


def _ikp_could_answer(methods: Methods, slug: str) -> bool:
    """A training with an IKP reading set aside and no usable reading the summary rule prefers
    to IKP's: a reading made usable would become its answer."""
    first = SUMMARY_PRIORITY.index("ikp")
    estimates = [e for m in methods.variants(slug) for e in methods.estimates(m.slug)]
    return any(e.method == "ikp" for e in estimates) and not any(
        e.usable and SUMMARY_PRIORITY.index(e.method) < first for e in estimates
    )


def run_what_if(methods: Methods, slug: str, a: Answer, probes: int) -> RunWhatIf | None:
    """A new run of the chosen reading's model with `probes` times its probes per tier. Its
    reading joins the range: it lies off the chosen one by the difference of two runs' accuracy
    (each tier's binomial variance, the new run's divided by `probes`), read through the slope,
    with the chosen one's half-width. A range only widens with a reading, so a grade can only
    fall: here is how likely that is and how much it widens on average."""
    chosen = a.readings[0]
    e = chosen.estimate
    if e.as_published:
        return None
    slope = methods.est.fitted(e.calibration, e.lam).fit.slope
    spread = math.sqrt(accuracy_variance(chosen.counts, e.lam) * (1 + 1 / probes)) / abs(slope)
    centre = e.log10_params
    half = math.log10(e.pi_high_B / e.pi_low_B) / 2
    low, high = math.log10(a.low_B), math.log10(a.high_B)
    above, below = high - centre - half, centre - half - low  # room before the range widens
    widening = _beyond(above, spread) + _beyond(below, spread)
    lower = 0.0
    limit = dict((label, span) for span, label in GRADE_SPANS).get(a.grade)
    if limit is not None and spread > 0:
        room = math.log10(limit) - (high - low)  # how far the range may widen and keep it
        lower = NORMAL.cdf(-(above + room) / spread) + NORMAL.cdf(-(below + room) / spread)
    return RunWhatIf(e.model, probes, _sibling_judged(methods, slug), lower, widening)


def _beyond(room: float, spread: float) -> float:
    """E[max(0, Δ − room)] for Δ ~ N(0, spread²)."""
    if spread <= 0:
        return max(0.0, -room)
    z = room / spread
    return spread * NORMAL.pdf(z) - room * (1 - NORMAL.cdf(z))


def _sibling_judged(methods: Methods, slug: str) -> bool:
    est = methods.est
    return any(
        f.id == "sibling_judge"
        for m in methods.variants(slug)
        for _, run in est.runs.get(m.slug, [])
        for f in est.run_flags[m.slug, run.run_id]
    )
