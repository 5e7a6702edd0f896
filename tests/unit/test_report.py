"""Estimates: which run is read, with which fit, and what is refused."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from paramatlas.drift import drift_errors
from paramatlas.estimator import Estimator
from paramatlas.load import load_dataset
from paramatlas.present import reason
from paramatlas.readings import EstimateError
from paramatlas.views.report import build_report
from tests.conftest import FIXTURES

MINI = FIXTURES / "data_min"
# Correct answers per model in the fixture (70 probes, none weak): accuracy at λ=0 = k/70.
COHORT = {"tiny-1b": (1, 21), "small-10b": (10, 28), "mid-100b": (100, 36), "big-1t": (1000, 42)}


@pytest.fixture(scope="module")
def est() -> Estimator:
    return Estimator(load_dataset(MINI))


def test_cohort_and_fit_by_hand(est: Estimator) -> None:
    cal = est.fitted("mini")
    assert [p.slug for p in cal.points] == ["tiny-1b", "small-10b", "mid-100b", "big-1t"]
    x = [math.log10(size) for size, _ in COHORT.values()]
    y = [k / 70 for _, k in COHORT.values()]
    slope, intercept = np.polyfit(x, y, 1)
    assert (cal.fit.slope, cal.fit.intercept) == (pytest.approx(slope), pytest.approx(intercept))
    assert cal.max_params_B == 1000


def test_estimate_inverts_the_fit_with_both_bands(est: Estimator) -> None:
    e = est.estimate("secret-x")
    cal = est.fitted("mini")
    assert e.run_id == "r1"  # complete counts beat a newer partial run
    assert e.accuracy == pytest.approx(49 / 70)
    assert e.params_B == pytest.approx(10 ** ((49 / 70 - cal.fit.intercept) / cal.fit.slope))
    assert e.low_B * cal.fit.pi90_factor == pytest.approx(e.params_B)
    assert e.high_B == pytest.approx(e.params_B * cal.fit.pi90_factor)
    assert e.loo_high_B == pytest.approx(e.params_B * cal.loo.fold_cover90)
    # The fixture counts 10 probes a tier: every run of it is a small sample.
    assert [f.id for f in e.flags] == ["small_sample", "extrapolation"]
    assert e.runs == ("r1", "r2-partial")


def test_newest_complete_run_is_read(est: Estimator) -> None:
    assert est.estimate("small-10b").run_id == "r1"  # not the older r0-old
    assert est.fitted("mini").points[1].accuracy == pytest.approx(28 / 70)


def test_within_cohort_range_has_no_extrapolation_flag(est: Estimator) -> None:
    assert [f.id for f in est.estimate("mid-100b").flags] == ["small_sample"]


def test_excluded_open_model_is_flagged_and_not_in_cohort(est: Estimator) -> None:
    e = est.estimate("odd-50b")
    assert "odd-50b" not in [p.slug for p in est.fitted("mini").points]
    assert [f.id for f in e.flags] == ["small_sample", "extrapolation", "cohort_excluded"]
    assert "below the smallest" in reason(e.flags[1])


def test_a_run_is_rescored_at_any_lambda(est: Estimator) -> None:
    at_minus_one = est.estimate("secret-x", lam=-1.0)
    assert at_minus_one.lam == -1.0
    # T1..T7 of secret-x r1: correct (10,10,9,8,6,4,2), wrong (0,0,1,2,2,3,3), of 10 each.
    expected = (
        sum(
            max(0.0, (c - w) / 10)
            for c, w in zip((10, 10, 9, 8, 6, 4, 2), (0, 0, 1, 2, 2, 3, 3), strict=True)
        )
        / 7
    )
    assert at_minus_one.accuracy == pytest.approx(expected)


def test_partial_run_is_read_only_at_its_reported_lambda(est: Estimator) -> None:
    with pytest.raises(
        EstimateError,
        match=r"run partial-only/p1 has no counts for every tier, "
        r"only an accuracy reported at λ=-1; it cannot be read with a fit at λ=0",
    ):
        est.estimate("partial-only")
    assert est.estimate("partial-only", lam=-1.0).accuracy == 0.65


def test_run_of_another_scoring_is_refused(data_min: Path) -> None:
    path = data_min / "results/secret-x/r1.json"
    run = json.loads(path.read_text())
    run["scoring"]["probes"] = "all-1400"
    path.write_text(json.dumps(run))
    (data_min / "results/secret-x/r2-partial.json").unlink()
    with pytest.raises(EstimateError, match="secret-x has no run scored like calibration 'mini'"):
        Estimator(load_dataset(data_min)).estimate("secret-x")


def test_lambda_outside_range_is_refused(est: Estimator) -> None:
    with pytest.raises(EstimateError, match="outside"):
        est.fitted("mini", -6.0)


def test_unknown_model_and_calibration(est: Estimator) -> None:
    with pytest.raises(EstimateError, match="no model 'nope'"):
        est.estimate("nope")
    with pytest.raises(EstimateError, match="no calibration named 'other'"):
        est.estimate("secret-x", "other")


def test_committed_statistics_that_drift_fail_the_build(data_min: Path) -> None:
    cal = Estimator(load_dataset(data_min)).fitted("mini")
    row = {
        "lambda": 0.0,
        "n": 4,
        "slope": cal.fit.slope + 2e-6,
        "r_squared": cal.fit.r_squared,
        "loo_median_fold": cal.loo.median_fold,
        "loo_within_2x": cal.loo.within_2x,
        "pi90_factor": cal.fit.pi90_factor,
    }
    text = (data_min / "calibration/mini.yaml").read_text()
    published = {"published": {"source": {"text": "fixture"}, "rows": [row]}}
    (data_min / "calibration/mini.yaml").write_text(text + json.dumps(published)[1:-1] + "\n")
    errors = drift_errors(Estimator(load_dataset(data_min)))
    assert [(e.file, e.field) for e in errors] == [
        ("calibration/mini.yaml", "published.rows[0].slope")
    ]
    assert "but the data give" in errors[0].problem
    row["slope"] = cal.fit.slope + 5e-7  # inside the tolerance
    (data_min / "calibration/mini.yaml").write_text(text + json.dumps(published)[1:-1] + "\n")
    assert drift_errors(Estimator(load_dataset(data_min))) == []


def test_report_view_models(est: Estimator) -> None:
    report = build_report(est.data)
    views = {v.entry.slug: v for v in report.models}
    assert views["no-runs"].estimate is None
    assert "no run scored like" in views["no-runs"].estimate_error
    tiny = views["tiny-1b"]
    assert tiny.in_cohort and tiny.loo_fold == est.fitted("mini").loo.fold_errors[0]
    assert tiny.known_fold == pytest.approx(tiny.estimate.params_B / 1)
    t1 = tiny.primary.tiers[0]
    assert (t1.tier, t1.correct, t1.total, t1.correct_rate) == ("T1", 10, 10, 1.0)
    assert t1.wilson[1] == 1.0 and 0.69 < t1.wilson[0] < 0.73
