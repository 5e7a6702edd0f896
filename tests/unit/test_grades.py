"""A grade's meaning is measured: each training of known size is answered with its size
hidden and every fit made without it; the methodology page reports how often each grade's
plausible range held the size it hid."""

from __future__ import annotations

import numpy as np
import pytest

from paramatlas.build import load_report
from paramatlas.pages import render_all
from paramatlas.present import pct
from paramatlas.rules import GRADE_ORDER, PROMISED_COVERAGE
from paramatlas.views import grades
from paramatlas.views.report import Report
from tests.conftest import DATA


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(DATA)


def test_a_hidden_size_is_read_with_a_fit_made_without_it(report: Report) -> None:
    """The hidden reading of a cohort model is its leave-one-out prediction, and the fit
    behind it is the cohort's least-squares line without it."""
    cal = report.default
    for i, point in list(enumerate(cal.points))[:: max(1, len(cal.points) // 8)]:
        hide = frozenset(m.slug for m in report.methods.variants(point.slug))
        est = report.est.hiding(hide)
        refit = est.fitted(cal.spec.name)
        rest = [p for p in cal.points if p.slug not in hide]
        slope, intercept = np.polyfit([p.log10_params for p in rest], [p.accuracy for p in rest], 1)
        assert (refit.fit.slope, refit.fit.intercept) == pytest.approx((slope, intercept))
        assert est.models[point.slug].params_B is None
        if hide == {point.slug} and point.run_id == est.estimate(point.slug).run_id:
            expected = 10 ** cal.loo.predicted_log10[i]
            assert est.estimate(point.slug).params_B == pytest.approx(expected, rel=1e-9)


def test_no_hidden_answer_rests_on_the_size_it_hid(report: Report) -> None:
    assert report.hidden
    for h in report.hidden:
        assert h.answer is None or h.answer.grade != "High", h.model.slug
        assert h.answer is None or not h.answer.basis.startswith(("Disclosed", "Reported"))


def test_the_grade_rows_count_every_hidden_answer(report: Report) -> None:
    rows = {g.grade: g for g in report.grades}
    assert tuple(rows) == GRADE_ORDER
    usable = [h for h in report.hidden if h.held is not None]
    assert sum(g.trainings for g in rows.values()) == len(usable)
    for g in rows.values():
        mine = [h for h in usable if h.answer and h.answer.grade == g.grade]
        assert (g.trainings, g.held) == (len(mine), sum(bool(h.held) for h in mine))
        if g.interval is None:
            assert g.trainings == 0 and g.verdict == "not measured"
        else:
            assert g.interval[0] <= g.coverage <= g.interval[1]
            assert (g.verdict == "keeps it") is (g.interval[1] >= PROMISED_COVERAGE)
    for h in usable:  # a miss is over or under, never both, and only when the range missed
        assert (h.miss is None) is bool(h.held)


def test_the_methodology_page_reports_the_measure(report: Report) -> None:
    page = render_all(report)["methodology.md"]
    for g in report.grades:
        cells = f"| {g.grade} | {g.trainings} | {g.held} | "
        assert cells in page, g.grade
        if g.trainings:
            assert f"{pct(g.coverage)} ({pct(g.interval[0])}–{pct(g.interval[1])})" in page
        assert f"| {g.verdict} |" in page
    for h in report.hidden:
        if h.miss:
            assert f"(models/{h.model.slug}.md)" in page.split("The ranges that missed")[1], (
                h.model.slug
            )


def test_beyond_the_sample_size_an_evenly_spaced_sample_is_measured(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(grades, "GRADE_SAMPLE", 10)
    sampled = grades.hidden_answers(report.methods)
    assert len(sampled) == 10
    slugs = [h.model.slug for h in sampled]
    assert slugs == sorted(slugs) and len(set(slugs)) == 10
