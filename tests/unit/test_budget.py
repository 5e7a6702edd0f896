"""The uncertainty budget: every IKP answer's range width split into its sources, the parts
adding up to the range the page states, the same on the page and in the downloads."""

from __future__ import annotations

import json
import math
import re

import pytest

from paramatlas.build import load_report
from paramatlas.downloads import downloads
from paramatlas.pages import render_all
from paramatlas.views.budget import SOURCES
from paramatlas.views.report import Report
from tests.conftest import DATA


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(DATA)


def budgeted(report: Report):
    answers = [(v.entry.slug, report.answer(v.entry.slug)) for v in report.models]
    return [(slug, a) for slug, a in answers if a and a.budget]


def test_the_parts_add_up_to_the_stated_range(report: Report) -> None:
    found = budgeted(report)
    assert found  # the committed data have IKP answers
    for slug, a in found:
        width = math.log10(a.high_B / a.low_B)
        parts = dict(a.budget.parts)
        assert list(parts) == list(SOURCES), slug
        assert all(w >= 0 for w in parts.values()), (slug, parts)
        assert sum(parts.values()) == pytest.approx(width, abs=1e-12), slug
        assert a.budget.width == pytest.approx(width, abs=1e-12)


def test_a_source_that_sets_no_end_of_the_range_adds_nothing(report: Report) -> None:
    """A reading inside the range does not widen it: only the readings at the two ends count,
    and a range made by one reading's interval is all probe sampling and cohort scatter."""
    for slug, a in budgeted(report):
        parts = dict(a.budget.parts)
        chosen = a.spread[0]  # the chosen reading's interval comes first
        if (chosen[1], chosen[2]) == (a.low_B, a.high_B):
            assert parts["probe sampling"] + parts["cohort scatter"] == pytest.approx(
                a.budget.width, abs=1e-12
            ), slug
        ends = {s[0] for s in a.spread if s[1] == a.low_B or s[2] == a.high_B}
        if not any(what.startswith("run ") for what in ends):
            assert parts["another run"] == 0, slug
        if not any("calibration's" in what for what in ends):
            assert parts["calibration and count set"] == 0, slug
    sources = {s for _, a in budgeted(report) for s, w in a.budget.parts if w > 0}
    assert {"probe sampling", "cohort scatter", "reasoning variants"} <= sources


def test_the_page_and_the_download_state_the_same_budget(report: Report) -> None:
    pages = render_all(report)
    models = json.loads(downloads(report)["downloads/estimates.json"])["models"]
    for slug, a in budgeted(report):
        stated = models[slug]["answer"]["budget"]
        assert [p["source"] for p in stated] == list(SOURCES)
        assert sum(p["log10_width"] for p in stated) == pytest.approx(
            math.log10(a.high_B / a.low_B), abs=1e-12
        )
        line = next(x for x in pages[f"models/{slug}.md"].splitlines() if "Its width, ×" in x)
        text = re.sub(r"<[^>]+>", "", line.split("</span></span>")[1])  # glossary terms marked
        shown = re.findall(r"([a-zλ -]+?) (\d+)%", text)
        assert [(s.strip(), int(p)) for s, p in shown] == [
            (p["source"], round(100 * p["share"])) for p in stated
        ], slug
