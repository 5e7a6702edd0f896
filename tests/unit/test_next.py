"""The next measurements: each figure is what the site's own rules give once the measurement is
made, checked here by making it (a refit with the hypothetical member, answered in full; a new
run's reading drawn many times)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy import stats as sps

from paramatlas import rules
from paramatlas.build import load_report
from paramatlas.pages import render_all
from paramatlas.stats import accuracy_variance
from paramatlas.views.answer import answer
from paramatlas.views.estimates import Methods
from paramatlas.views.members import Member, member_draws, member_point
from paramatlas.views.next import run_what_if
from paramatlas.views.report import Report
from tests.conftest import DATA

# Grades best first; "None" (no usable size) below every one.
GRADE_RANK = {"High": 0, "Moderate": 1, "Low": 2, "Very low": 3, "None": 4}


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(DATA)


def refit_by_hand(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Slope, intercept and the 90% LOO band factor, refitting without each point in turn."""
    line = sps.linregress(xs, ys)
    folds = []
    for i in range(len(xs)):
        held = sps.linregress(xs[:i] + xs[i + 1 :], ys[:i] + ys[i + 1 :])
        folds.append(10 ** abs((ys[i] - held.intercept) / held.slope - xs[i]))
    k = math.ceil(0.9 * (len(folds) + 1))  # the conformal quantile the methodology states
    return line.slope, line.intercept, sorted(folds)[k - 1]


def methods_with(report: Report, member: Member, residual: float) -> Methods:
    """The methods of the data with the member in its cohort, every standing reading made
    again from its run with the refit (one read as published stays as it was)."""
    cal = report.est.fitted(member.calibration)
    point = member_point(cal, member.log10_B, member.arch, residual)
    est = report.est.with_member(cal.spec.name, cal.lam, point)
    ikp = {}
    for slug, standing in report.methods.ikp.items():
        if standing.as_published:
            ikp[slug] = standing
            continue
        run = next(r for _, r in est.runs[slug] if r.run_id == standing.run_id)
        ikp[slug] = est.read(run, est.fitted(standing.calibration, standing.lam))
    return Methods(est, ikp)


def chosen_members(report: Report) -> list[Member]:
    """Members worth checking, chosen by what they do, not by name: the one that narrows the
    answers most, and every one that changes a grade."""
    members = report.next.members
    assert members  # the committed data have calibrations with IKP answers to move
    widest = max(members, key=lambda m: m.effect.narrowing)
    return [widest, *(m for m in members if m.effect.grades and m is not widest)][:3]


def test_the_loo_band_after_a_member_is_the_refit_with_it(report: Report) -> None:
    for member in chosen_members(report):
        cal = report.est.fitted(member.calibration)
        xs = [p.log10_params for p in cal.points]
        ys = [p.accuracy for p in cal.points]
        slope, intercept, before = refit_by_hand(xs, ys)
        assert before == pytest.approx(member.loo_before, rel=1e-9)
        residuals = [y - (slope * x + intercept) for x, y in zip(xs, ys, strict=True)]
        pool = [r for r, p in zip(residuals, cal.points, strict=True) if p.arch == member.arch]
        draws = np.quantile(pool, (np.arange(rules.NEXT_DRAWS) + 0.5) / rules.NEXT_DRAWS)
        after = [
            refit_by_hand([*xs, member.log10_B], [*ys, slope * member.log10_B + intercept + r])[2]
            for r in draws
        ]
        assert float(np.mean(after)) == pytest.approx(member.loo_after, rel=1e-9)


def test_the_effect_on_answers_is_the_answers_made_again_with_the_member(report: Report) -> None:
    """Every training's answer made again in full (the summary rule, the range, the grade) with
    the calibration refitted with the member: the page's figures are the mean over the draws."""
    methods = report.methods
    answers = {s: report.answer(s) for s in methods.trainings}
    for member in chosen_members(report):
        cal = report.est.fitted(member.calibration)
        grades, raised, narrowing, changed = [], [], [], {}
        for residual in member_draws(cal, member.arch):
            what_if = methods_with(report, member, float(residual))
            moved, up, narrower = 0, 0, 0.0
            for slug, before in answers.items():
                if before is None:
                    continue
                after = answer(what_if, slug)
                if before.readings:
                    narrower += math.log10(before.high_B / before.low_B) - math.log10(
                        after.high_B / after.low_B
                    )
                if after.grade != before.grade:
                    moved += 1
                    changed[slug] = changed.get(slug, 0) + 1
                    up += GRADE_RANK.get(after.grade, 4) < GRADE_RANK.get(before.grade, 4)
            grades.append(moved)
            raised.append(up)
            narrowing.append(narrower)
        assert member.effect.grades == pytest.approx(np.mean(grades), abs=1e-9)
        assert member.effect.raised == pytest.approx(np.mean(raised), abs=1e-9)
        assert member.effect.narrowing == pytest.approx(np.mean(narrowing), abs=1e-9)
        assert dict(member.changed) == changed


def test_members_past_the_cohort_are_marked_and_the_page_says_what_they_assume(
    report: Report,
) -> None:
    for member in report.next.members:
        largest = report.est.fitted(member.calibration).max_params_B
        assert member.beyond == (member.params_B > largest)
    page = render_all(report)["next-measurements.md"]
    if any(m.beyond and m.effect.grades for m in report.next.members):
        factors = report.next.frontier
        assert f"read {factors[0]:.2f}× to\n  {factors[-1]:.2f}× their size" in page


def test_a_size_given_by_a_member_is_the_full_answer_with_it(report: Report) -> None:
    """The smallest member said to give a training a size gives it one in every draw, answered
    in full; the next smaller one tried does not, in every draw."""
    for gift in report.next.gifts[:2]:
        assert not (report.answer(gift.slug) and report.answer(gift.slug).usable)
        tried = [m for m in report.next.members if m.calibration == gift.calibration]
        first = [m for m in tried if m.params_B == gift.from_B]
        cal = report.est.fitted(gift.calibration)
        given = [
            all(
                answer(methods_with(report, m, float(r)), gift.slug).usable
                for r in member_draws(cal, m.arch)
            )
            for m in first
        ]
        assert any(given)
        smaller = [m for m in tried if m.params_B < gift.from_B]
        for m in smaller:
            draws = member_draws(cal, m.arch)
            assert not all(
                answer(methods_with(report, m, float(r)), gift.slug).usable for r in draws
            )
        for label, _ in gift.aside:
            assert f"({gift.calibration}," not in label


def test_a_new_run_is_its_reading_drawn_again(report: Report) -> None:
    """The closed form against draws: a new reading off the chosen one by the two runs'
    accuracy difference, the range widened to hold it, graded by the rule."""
    rng = np.random.default_rng(7)
    runs = sorted(report.next.runs, key=lambda r: -r.lower)[:2]
    assert runs  # the committed data have IKP answers
    for what_if in runs:
        a = report.answer(what_if.slug)
        chosen = a.readings[0]
        e = chosen.estimate
        slope = report.est.fitted(e.calibration, e.lam).fit.slope
        var = accuracy_variance(chosen.counts, e.lam) * (1 + 1 / what_if.probes)
        shift = rng.normal(0.0, math.sqrt(var), 400_000) / slope
        half = math.log10(e.pi_high_B / e.pi_low_B) / 2
        low = np.minimum(math.log10(a.low_B), e.log10_params + shift - half)
        high = np.maximum(math.log10(a.high_B), e.log10_params + shift + half)
        spans = 10 ** (high - low)
        flags = {f.id for f in e.flags} & rules.LOW_CONFIDENCE_FLAGS
        graded = [rules.grade("ikp", "", s, bool(flags)) for s in spans[:20000]]
        lowered = np.mean([g != a.grade for g in graded])
        limit = dict((g, s) for s, g in rules.GRADE_SPANS).get(a.grade, math.inf)
        assert np.mean(spans > limit) == pytest.approx(what_if.lower, abs=0.005)
        assert lowered == pytest.approx(what_if.lower, abs=0.02)
        widened = np.mean(high - low) - math.log10(a.high_B / a.low_B)
        assert widened == pytest.approx(what_if.widening, abs=0.002)


def test_a_new_run_never_raises_a_grade_and_more_probes_widen_less(report: Report) -> None:
    pairs = report.next.run_pairs
    assert pairs
    for second, more in pairs:
        assert 0 <= more.lower <= second.lower <= 1
        assert 0 <= more.widening <= second.widening
        assert more.probes == rules.MORE_PROBES and second.probes == 1


def test_run_what_if_is_computed_for_every_ikp_answer(report: Report) -> None:
    ranged = [s for s in report.methods.trainings if (a := report.answer(s)) and a.readings]
    listed = {r.slug for r in report.next.runs}
    for slug in ranged:
        a = report.answer(slug)
        if not a.readings[0].estimate.as_published:
            assert a.readings[0].estimate.model in listed
            assert run_what_if(report.methods, slug, a, 1) is not None


def test_the_page_lists_the_measurements_by_the_rule(report: Report) -> None:
    pages = render_all(report)
    page = pages["next-measurements.md"]
    listed = report.next.listed
    assert 0 < len(listed) <= rules.NEXT_LISTED
    ranks = [m.effect.rank for m in listed]
    assert ranks == sorted(ranks, reverse=True)
    every = [*report.next.members, *report.next.runs]
    assert all(m.effect.rank <= ranks[-1] for m in every if m not in listed)
    top = page.split("## One more open model")[0]
    rows = re.findall(r"^\| (\d+) \| (.+?) \| ([\d.]+) \|", top, re.M)
    assert [int(r[0]) for r in rows] == list(range(1, len(listed) + 1))
    assert [float(r[2]) for r in rows] == [round(m.effect.grades, 2) for m in listed]
    assert "## Next measurements" in pages["methodology.md"]
    assert "(methodology.md#next-measurements)" in page
