"""The next measurements worth making: what one more open model of known size in a cohort, more
probes, a second run or a judge of another family would do to the site's answers, each by the
site's own rules (methodology, "Next measurements")."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from paramatlas.analyses.anchors import anchors
from paramatlas.estimator import Estimator
from paramatlas.readings import Calibrated, CohortPoint
from paramatlas.rules import (
    FRONTIER_MIN_B,
    GRADE_ORDER,
    GRADE_SPANS,
    LOW_CONFIDENCE_FLAGS,
    MORE_PROBES,
    NEXT_ARCH_MIN,
    NEXT_DRAWS,
    NEXT_LISTED,
    NEXT_STEP,
    SUMMARY_PRIORITY,
    grade,
)
from paramatlas.stats import accuracy_variance, fit_readings
from paramatlas.views.answer import Answer, answer
from paramatlas.views.estimates import Methods

NORMAL = NormalDist()
# The hypothetical model's name in a what-if cohort: no registry slug can hold a space.
HYPOTHETICAL = "hypothetical member"


@dataclass(frozen=True)
class Effect:
    """What a measurement is expected to do to the site's answers (one per training)."""

    grades: float
    """Expected number of answers whose grade changes."""
    sized: float
    """Expected number of answers given a size they do not have."""
    narrowing: float
    """Expected log10(high ÷ low) removed from the answers' ranges, summed (below 0: added)."""
    raised: float = 0.0
    """Of `grades`, the expected number raised (a size where there was none counts)."""

    @property
    def rank(self) -> tuple[float, float]:
        return (self.grades, abs(self.narrowing))


@dataclass(frozen=True)
class Member:
    """One more open model of known size in a calibration's cohort."""

    calibration: str
    log10_B: float
    arch: str
    loo_before: float
    loo_after: float
    """The 90% LOO band's factor refitted with the member, the mean over its draws."""
    effect: Effect
    changed: tuple[str, ...] = ()
    """The trainings (first model's slug) whose grade changes with some draw."""

    beyond: bool = False
    """Larger than the cohort's largest model: drawn on the line extended past it."""

    @property
    def params_B(self) -> float:
        return 10**self.log10_B


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
        for member in _members(methods, est.fitted(name), ranged, unset, answers)
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
    return Next(members, runs, len(ranged) + len(unset), tuple(frontier))


def _ikp_could_answer(methods: Methods, slug: str) -> bool:
    """A training with an IKP reading set aside and no usable reading the summary rule prefers
    to IKP's: a reading made usable would become its answer."""
    first = SUMMARY_PRIORITY.index("ikp")
    estimates = [e for m in methods.variants(slug) for e in methods.estimates(m.slug)]
    return any(e.method == "ikp" for e in estimates) and not any(
        e.usable and SUMMARY_PRIORITY.index(e.method) < first for e in estimates
    )


def member_draws(cal: Calibrated, arch: str) -> np.ndarray:
    """The residuals a new member of `arch` is drawn with: NEXT_DRAWS evenly spaced quantiles
    of the residuals of the cohort's members of that architecture, or of all members when
    fewer than NEXT_ARCH_MIN share it."""
    fit = cal.fit
    residuals = np.array([p.accuracy - fit.accuracy_at(p.log10_params) for p in cal.points])
    same = np.array([p.arch == arch for p in cal.points])
    pool = residuals[same] if same.sum() >= NEXT_ARCH_MIN else residuals
    return np.quantile(pool, (np.arange(NEXT_DRAWS) + 0.5) / NEXT_DRAWS)


def member_sizes(cal: Calibrated, readings_log10: list[float]) -> np.ndarray:
    """Every NEXT_STEP of log10 size from the smallest cohort model's to the largest of the
    cohort and the readings."""
    low = math.floor(math.log10(cal.min_params_B) / NEXT_STEP)
    high = math.ceil(max(math.log10(cal.max_params_B), *readings_log10) / NEXT_STEP)
    return np.arange(low, high + 1) * NEXT_STEP


def member_point(cal: Calibrated, log10_B: float, arch: str, residual: float) -> CohortPoint:
    accuracy = cal.fit.accuracy_at(log10_B) + residual
    return CohortPoint(HYPOTHETICAL, 10**log10_B, float(accuracy), arch, HYPOTHETICAL)


def _members(
    methods: Methods,
    cal: Calibrated,
    ranged: dict[str, Answer],
    unset: list[str],
    answers: dict[str, Answer | None],
) -> list[Member]:
    table = _Readings(cal, ranged)
    read = [r.estimate.log10_params for a in ranged.values() for r in a.readings]
    sizes = member_sizes(cal, read)
    out = []
    for arch in sorted({p.arch for p in cal.points}):
        draws = member_draws(cal, arch)
        for log10_B in sizes:
            effects, loo, changed = [], [], set()
            for residual in draws:
                point = member_point(cal, float(log10_B), arch, float(residual))
                what_if = methods.est.with_member(cal.spec.name, cal.lam, point)
                refit = what_if.fitted(cal.spec.name, cal.lam)
                loo.append(refit.loo.fold_cover90)
                ranged_effect, ranged_changed = table.effect(refit)
                unset_effect, unset_changed = _unset_effect(methods, what_if, unset, answers)
                effects.append(_sum(ranged_effect, unset_effect))
                changed |= ranged_changed | unset_changed
            out.append(
                Member(
                    cal.spec.name,
                    float(log10_B),
                    arch,
                    cal.loo.fold_cover90,
                    float(np.mean(loo)),
                    Effect(*(float(np.mean(v)) for v in zip(*effects, strict=True))),
                    tuple(sorted(changed)),
                    10**log10_B > cal.max_params_B,
                )
            )
    return out


def _sum(*effects: Effect) -> tuple[float, float, float, float]:
    return (
        sum(e.grades for e in effects),
        sum(e.sized for e in effects),
        sum(e.narrowing for e in effects),
        sum(e.raised for e in effects),
    )


def _better(after: str | None, before: str | None) -> bool:
    """Is grade `after` above `before` (no grade, or "None", is below every grade)?"""
    order = {g: i for i, g in enumerate(GRADE_ORDER)}
    return order.get(after or "", len(order)) < order.get(before or "", len(order))


def _unset_effect(
    methods: Methods, est: Estimator, unset: list[str], answers: dict[str, Answer | None]
) -> tuple[Effect, set[str]]:
    """The trainings with no IKP answer, answered again in full with the what-if estimator."""
    if not unset:
        return Effect(0.0, 0.0, 0.0), set()
    what_if = _what_if_methods(methods, est, unset)
    changed, sized, raised = set(), 0, 0
    for slug in unset:
        before, after = answers[slug], answer(what_if, slug)
        grades = (before.grade if before else None), (after.grade if after else None)
        if grades[0] != grades[1]:
            changed.add(slug)
            raised += _better(grades[1], grades[0])
        sized += bool(after and after.usable) and not (before and before.usable)
    return Effect(float(len(changed)), float(sized), 0.0, float(raised)), changed


def _what_if_methods(methods: Methods, est: Estimator, trainings: list[str]) -> Methods:
    """Methods of `trainings` read with a what-if estimator: their standing IKP readings made
    again from the same runs with its fits; what no calibration changes is reused."""
    ikp = {}
    for m in (m for slug in trainings for m in methods.variants(slug)):
        standing = methods.ikp.get(m.slug)
        if standing is not None and not standing.as_published:
            run = next(r for _, r in est.runs[m.slug] if r.run_id == standing.run_id)
            standing = est.read(run, est.fitted(standing.calibration, standing.lam))
        if standing is not None:
            ikp[m.slug] = standing
    what_if = Methods(est, ikp)
    # A hypothetical member has no benchmark scores, so it joins no benchmark fit.
    reused = ("architecture_counts", "hardware_results", "trainings", "scores", "benchmark_fits")
    for name in reused:
        what_if.__dict__[name] = getattr(methods, name)
    return what_if


class _Readings:
    """The IKP readings of every ranged answer, those made with one calibration re-read at once
    with a refit of it."""

    def __init__(self, cal: Calibrated, ranged: dict[str, Answer]) -> None:
        self.cal = cal
        width = max((len(a.readings) for a in ranged.values()), default=0)
        shape = (len(ranged), width)
        self.low = np.full(shape, np.inf)
        self.high = np.full(shape, -np.inf)
        self.acc = np.full(shape, np.nan)
        self.moved = np.zeros(shape, dtype=bool)
        self.slugs, self.answers = list(ranged), list(ranged.values())
        for i, a in enumerate(self.answers):
            for j, r in enumerate(a.readings):
                e = r.estimate
                self.low[i, j], self.high[i, j] = math.log10(e.pi_low_B), math.log10(e.pi_high_B)
                if (e.calibration, e.lam) == (cal.spec.name, cal.lam) and not e.as_published:
                    self.moved[i, j], self.acc[i, j] = True, e.accuracy
        self.before = np.array([math.log10(a.high_B / a.low_B) for a in self.answers])

    def effect(self, refit: Calibrated) -> tuple[Effect, set[str]]:
        if not self.answers:
            return Effect(0.0, 0.0, 0.0), set()
        x, half = fit_readings(refit.fit, np.where(self.moved, self.acc, 0.0))
        low = np.where(self.moved, x - half, self.low)
        high = np.where(self.moved, x + half, self.high)
        after = high.max(axis=1) - low.min(axis=1)
        graded = [
            (a.grade, grade("ikp", "", 10 ** after[i], self._low_confidence(i, x[i, 0], refit)))
            for i, a in enumerate(self.answers)
        ]
        changed = {self.slugs[i] for i, (was, now) in enumerate(graded) if was != now}
        raised = sum(_better(now, was) for was, now in graded)
        narrowing = float(np.sum(self.before - after))
        return Effect(float(len(changed)), 0.0, narrowing, float(raised)), changed

    def _low_confidence(self, i: int, x: float, refit: Calibrated) -> bool:
        """The chosen reading's low-confidence flags, its extrapolation judged again when the
        refit reads it."""
        chosen = self.answers[i].readings[0].estimate
        flags = {f.id for f in chosen.flags} & LOW_CONFIDENCE_FLAGS
        if self.moved[i, 0]:
            flags.discard("extrapolation")
            if not refit.min_params_B <= 10**x <= refit.max_params_B:
                flags.add("extrapolation")
        return bool(flags)


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
