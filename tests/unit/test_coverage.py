"""The track record's cohort column: each cohort model held against the bands of the fit made
without it. The build takes every such fit, and every fold of it, from the cohort's sums with
the left-out models' terms removed; here each fit is redone from its points, as the rule says,
and the two must give the same verdicts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from paramatlas.analyses.coverage import CLAIMED, cohort_hits, loo_factors_without_each
from paramatlas.load import load_dataset
from paramatlas.readings import Calibrated
from paramatlas.stats import coverage_factor, fit_ols, loo_folds
from paramatlas.views.report import build_report
from tests.conftest import DATA
from tests.synthetic import make_dataset


def hits_by_refitting(cal: Calibrated) -> dict[str, list[bool]]:
    """The rule, one refit at a time: the fit without model i reads its size from its
    accuracy; its LOO band is the 90% quantile of that fit's own leave-one-out folds."""
    x = np.array([p.log10_params for p in cal.points])
    y = np.array([p.accuracy for p in cal.points])
    hits: dict[str, list[bool]] = {"upstream": [], "prediction": [], "loo": []}
    for i in range(len(x)):
        keep = np.arange(len(x)) != i
        fit = fit_ols(x[keep], y[keep])
        error = abs(fit.log10_params(float(y[i])) - float(x[i]))
        loo_factor = coverage_factor(loo_folds(x[keep], y[keep])[1], CLAIMED)
        hits["upstream"].append(error <= fit.pi_half_log10)
        hits["prediction"].append(error <= fit.prediction_half_log10(float(y[i])))
        hits["loo"].append(10**error <= loo_factor)
    return hits


@pytest.fixture(scope="module")
def report():
    return build_report(load_dataset(DATA))


@pytest.fixture(scope="module")
def synthetic_report(tmp_path_factory: pytest.TempPathFactory):
    return build_report(load_dataset(make_dataset(tmp_path_factory.mktemp("cov") / "data", 600)))


@pytest.mark.parametrize("lam", [0.0, -1.0, -3.0])
@pytest.mark.parametrize("which", ["committed", "synthetic"])
def test_the_cohort_column_is_the_rule_refit_by_refit(
    report, synthetic_report, which: str, lam: float
) -> None:
    est = (report if which == "committed" else synthetic_report).est
    for name in est.calibrations:
        cal = est.fitted(name, lam)
        assert len(cal.points) > 20  # enough models for a finite LOO band in every fold
        expected = hits_by_refitting(cal)
        assert cohort_hits(cal) == expected, (which, name, lam)
        assert 0 < sum(expected["loo"]) < len(cal.points)  # the verdicts are not all alike


def test_a_cohort_too_small_for_a_finite_loo_band_holds_every_size_in_it(report) -> None:
    cal = report.est.fitted(next(iter(report.est.calibrations)))
    few = dataclasses.replace(cal, points=cal.points[:6])
    assert cohort_hits(few) == hits_by_refitting(few)
    assert all(cohort_hits(few)["loo"])


def test_each_fit_without_a_model_has_the_loo_band_of_its_own_folds(synthetic_report) -> None:
    """The LOO band factor of each fit without one model, from the sums, is that fit's own:
    the 90% quantile of its refitted leave-one-out folds (to rounding)."""
    for name in synthetic_report.est.calibrations:
        cal = synthetic_report.est.fitted(name)
        x = np.array([p.log10_params for p in cal.points])
        y = np.array([p.accuracy for p in cal.points])
        dx, dy = x - x.mean(), y - y.mean()
        factors = loo_factors_without_each(x, y, dx, dy, float(dx @ dx), float(dx @ dy))
        for i in range(len(x)):
            keep = np.arange(len(x)) != i
            own = coverage_factor(loo_folds(x[keep], y[keep])[1], CLAIMED)
            assert factors[i] == pytest.approx(own, rel=1e-9), (name, i)
