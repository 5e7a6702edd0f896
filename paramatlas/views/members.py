"""One more open model of known size in a calibration's cohort: a hypothetical member drawn
with the cohort's scatter, the calibration refitted with it, and what every answer would then be
(methodology, "Next measurements")."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from paramatlas.estimator import Estimator
from paramatlas.present import lam, reason
from paramatlas.readings import Calibrated, CohortPoint, Estimate, EstimateError
from paramatlas.rules import (
    GRADE_ORDER,
    LOW_CONFIDENCE_FLAGS,
    NEXT_ARCH_MIN,
    NEXT_DRAWS,
    NEXT_STEP,
    UNUSABLE_FLAGS,
    grade,
)
from paramatlas.stats import fit_readings
from paramatlas.views.answer import Answer, answer
from paramatlas.views.estimates import Methods, ikp_problems

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
class Given:
    """A training a member gives a size it lacks."""

    slug: str
    answers: tuple[Answer, ...]
    """Its answer in each draw that gives it one."""
    aside: tuple[tuple[str, tuple[str, ...]], ...]
    """Its IKP readings still set aside then, with why."""


@dataclass(frozen=True)
class Gift:
    """What the members of one calibration that give a training a size give it."""

    calibration: str
    slug: str
    from_B: float
    """The smallest member size that gives it a size in every draw."""
    answers: tuple[Answer, ...]
    aside: tuple[tuple[str, tuple[str, ...]], ...]


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
    changed: tuple[tuple[str, int], ...] = ()
    """The trainings (first model's slug) whose grade changes, each with its number of draws."""
    place: str = "within"
    """Where its size lies against the cohort's: "below", "within" or "beyond"; outside,
    it is drawn on the line extended past the cohort."""
    loo_spread: tuple[float, float] = (math.nan, math.nan)
    """The smallest and the largest LOO band factor over its draws."""
    given: tuple[Given, ...] = ()
    """The trainings it gives a size they lack."""

    outside: float = 1.0
    """How many times larger than the cohort's largest model (beyond), or smaller than its
    smallest (below)."""

    @property
    def beyond(self) -> bool:
        return self.place == "beyond"

    @property
    def params_B(self) -> float:
        return 10**self.log10_B


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


def member_what_ifs(
    methods: Methods,
    cal: Calibrated,
    ranged: dict[str, Answer],
    unset: list[str],
    answers: dict[str, Answer | None],
) -> list[Member]:
    table = _Readings(cal, ranged)
    read = [r.estimate.log10_params for a in ranged.values() for r in a.readings]
    read += [
        math.log10(e.params_B)
        for slug in unset
        for m in methods.variants(slug)
        for e in methods.estimates(m.slug)
        if e.method == "ikp" and e.params_B
    ]
    out, sizes = [], member_sizes(cal, read)
    for arch in sorted({p.arch for p in cal.points}):
        draws = member_draws(cal, arch)
        for log10_B in sizes:
            effects, loo, changed, given = [], [], Counter(), {}
            for residual in draws:
                point = member_point(cal, float(log10_B), arch, float(residual))
                what_if = methods.est.with_member(cal.spec.name, cal.lam, point)
                refit = what_if.fitted(cal.spec.name, cal.lam)
                loo.append(refit.loo.fold_cover90)
                ranged_effect, ranged_changed = table.effect(refit)
                unset_effect, unset_changed, sized = _unset_effect(methods, what_if, unset, answers)
                effects.append(_sum(ranged_effect, unset_effect))
                changed.update(ranged_changed | unset_changed)
                for slug, (a, aside) in sized.items():
                    given.setdefault(slug, ([], aside))[0].append(a)
            size = 10**log10_B
            out.append(
                Member(
                    cal.spec.name,
                    float(log10_B),
                    arch,
                    cal.loo.fold_cover90,
                    float(np.mean(loo)),
                    Effect(*(float(np.mean(v)) for v in zip(*effects, strict=True))),
                    tuple(sorted(changed.items())),
                    _place(size, cal),
                    (min(loo), max(loo)),
                    tuple(Given(s, tuple(a), aside) for s, (a, aside) in sorted(given.items())),
                    max(size / cal.max_params_B, cal.min_params_B / size, 1.0),
                )
            )
    return out


def _place(size: float, cal: Calibrated) -> str:
    if size > cal.max_params_B:
        return "beyond"
    return "below" if size < cal.min_params_B else "within"


def _sum(*effects: Effect) -> tuple[float, float, float, float]:
    return (
        sum(e.grades for e in effects),
        sum(e.sized for e in effects),
        sum(e.narrowing for e in effects),
        sum(e.raised for e in effects),
    )


_GRADE_RANK = {g: i for i, g in enumerate(GRADE_ORDER)}


def _better(after: str | None, before: str | None) -> bool:
    """Is grade `after` above `before` (no grade, or "None", is below every grade)?"""
    last = len(_GRADE_RANK)
    return _GRADE_RANK.get(after or "", last) < _GRADE_RANK.get(before or "", last)


def _unset_effect(
    methods: Methods, est: Estimator, unset: list[str], answers: dict[str, Answer | None]
) -> tuple[Effect, set[str], dict[str, tuple[Answer, tuple[tuple[str, tuple[str, ...]], ...]]]]:
    """The trainings with no IKP answer, answered again in full with the what-if estimator:
    the effect, the trainings whose grade changes and those given a size, with their answer."""
    if not unset:
        return Effect(0.0, 0.0, 0.0), set(), {}
    what_if = _what_if_methods(methods, est, unset)
    changed, sized, raised = set(), {}, 0
    for slug in unset:
        before, after = answers[slug], answer(what_if, slug)
        grades = (before.grade if before else None), (after.grade if after else None)
        if grades[0] != grades[1]:
            changed.add(slug)
            raised += _better(grades[1], grades[0])
        if after and after.usable and not (before and before.usable):
            sized[slug] = (after, _aside(what_if, slug))
    effect = Effect(float(len(changed)), float(len(sized)), 0.0, float(raised))
    return effect, changed, sized


def _aside(methods: Methods, slug: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The training's IKP readings (each model's, with each calibration) set aside, with why:
    a flag's own reason where a flag sets it aside."""
    est, out = methods.est, []
    for m in methods.variants(slug):
        for name in sorted(est.calibrations):
            try:
                e = est.estimate(m.slug, name)
            except EstimateError:
                continue
            problems = ikp_problems(e, est.fitted(name))
            if problems:
                why = [reason(f).rstrip(".") for f in e.flags if f.id in UNUSABLE_FLAGS]
                why += [p for p in problems if p not in UNUSABLE_FLAGS.values()]
                out.append((f"{m.name}, IKP ({name}, λ = {lam(e.lam)})", tuple(why)))
    return tuple(out)


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
    # A hypothetical member has no benchmark scores, so it joins no benchmark fit.
    reused = ("architecture_counts", "hardware_results", "trainings", "scores", "benchmark_fits")
    return methods.sharing(est, ikp, *reused)


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
        # The chosen reading's low-confidence flags that no refit changes: all of them, but
        # its extrapolation when the refit reads it again (judged anew in `effect`).
        self.low_confidence = np.array(
            [
                self._fixed_low_confidence(a.readings[0].estimate, bool(self.moved[i, 0]))
                for i, a in enumerate(self.answers)
            ],
            dtype=bool,
        )

    @staticmethod
    def _fixed_low_confidence(chosen: Estimate, moved: bool) -> bool:
        flags = {f.id for f in chosen.flags} & LOW_CONFIDENCE_FLAGS
        if moved:
            flags.discard("extrapolation")
        return bool(flags)

    def effect(self, refit: Calibrated) -> tuple[Effect, set[str]]:
        if not self.answers:
            return Effect(0.0, 0.0, 0.0), set()
        x, half = fit_readings(refit.fit, np.where(self.moved, self.acc, 0.0))
        low = np.where(self.moved, x - half, self.low)
        high = np.where(self.moved, x + half, self.high)
        after = high.max(axis=1) - low.min(axis=1)
        chosen_B = 10 ** x[:, 0]
        outside = (chosen_B < refit.min_params_B) | (chosen_B > refit.max_params_B)
        low_confidence = self.low_confidence | (self.moved[:, 0] & outside)
        spans = (10**after).tolist()
        moves = [
            (slug, a.grade, now)
            for slug, a, span, doubted in zip(
                self.slugs, self.answers, spans, low_confidence.tolist(), strict=True
            )
            if (now := grade("ikp", "", span, doubted)) != a.grade
        ]
        changed = {slug for slug, _, _ in moves}
        raised = sum(_better(now, was) for _, was, now in moves)
        narrowing = float(np.sum(self.before - after))
        return Effect(float(len(changed)), 0.0, narrowing, float(raised)), changed
