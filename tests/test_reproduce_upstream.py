"""Both published calibrations are reproduced from the committed counts, at every λ published."""

from __future__ import annotations

import dataclasses

import pytest

from paramatlas.analyses.moe import moe_fits
from paramatlas.drift import compare_published
from paramatlas.estimator import Estimator
from paramatlas.load import load_dataset
from paramatlas.views.calibrations import calibration_view
from tests.conftest import DATA


@pytest.fixture(scope="module")
def est() -> Estimator:
    return Estimator(load_dataset(DATA))


@pytest.mark.parametrize(
    ("name", "rows", "estimates", "folds"), [("ikp-paper", 5, 97, 93), ("ikp-refit-v2", 7, 0, 0)]
)
def test_every_published_number_is_reproduced(
    est: Estimator, name: str, rows: int, estimates: int, folds: int
) -> None:
    comparisons = compare_published(est, name)
    failed = [c for c in comparisons if not c.ok]
    assert failed == []
    _, spec = est.calibration(name)
    assert len(spec.published.rows) == rows
    assert len(spec.published.estimates) == estimates
    assert len(spec.published.loo_folds) == folds
    assert {c.lam for c in comparisons} == set(spec.lambdas)


# Figures as upstream published them (calibration_refit_v2.json; website calibration.json).
def test_refit_v2_headline_row(est: Estimator) -> None:
    cal = est.fitted("ikp-refit-v2")
    assert cal.lam == -1.0 and cal.fit.n == 89
    assert cal.fit.slope == pytest.approx(0.14728968921681587, abs=1e-12)
    assert cal.fit.intercept == pytest.approx(0.1323677528527794, abs=1e-12)
    assert cal.fit.r_squared == pytest.approx(0.9170782274396242, abs=1e-12)
    assert cal.fit.rmse == pytest.approx(0.04222068126092489, abs=1e-12)
    assert cal.fit.pi90_factor == pytest.approx(2.998675576821161, abs=1e-9)
    assert cal.loo.median_fold == pytest.approx(1.5949394045917065, abs=1e-12)
    assert (cal.loo.within_2x, cal.loo.within_3x) == (61 / 89, 78 / 89)
    assert cal.max_params_B == 1600


def test_paper_headline_fit(est: Estimator) -> None:
    cal = est.fitted("ikp-paper")
    assert cal.lam == 0.0 and cal.fit.n == 93
    assert cal.fit.slope == pytest.approx(0.1587838397180115, abs=1e-12)
    assert cal.fit.intercept == pytest.approx(0.24225587514729163, abs=1e-12)
    assert cal.fit.residual_se == pytest.approx(0.04873505916073111, abs=1e-12)
    assert cal.loo.r_squared == pytest.approx(0.9057876774158378, abs=1e-12)
    assert (cal.loo.within_2x, cal.loo.within_3x) == (67 / 93, 80 / 93)


def test_proprietary_estimates_equal_the_published_ones(est: Estimator) -> None:
    e = est.estimate("gpt-5.5-pro")
    assert e.params_B == pytest.approx(5340.476214916786, rel=1e-9)
    assert (e.low_B, e.high_B) == (
        pytest.approx(1669.878796071618, rel=1e-9),
        pytest.approx(17079.49479278778, rel=1e-9),
    )
    assert [f.id for f in e.flags] == ["extrapolation"]  # above deepseek-v4-pro's 1.6T


def test_the_two_calibrations_read_different_count_sets(est: Estimator) -> None:
    paper = est.estimate("deepseek-v3", "ikp-paper")
    refit = est.estimate("deepseek-v3", "ikp-refit-v2")
    assert (paper.run_id, refit.run_id) == ("upstream-clean1311", "upstream-all1400-v2")
    assert paper.accuracy != refit.accuracy


def test_any_other_lambda_is_fitted_by_the_same_code(est: Estimator) -> None:
    a, b, c = (est.fitted("ikp-refit-v2", lam) for lam in (-0.5, -0.7, -1.0))
    assert a.fit.n == b.fit.n == c.fit.n == 89
    assert min(a.fit.slope, c.fit.slope) < b.fit.slope < max(a.fit.slope, c.fit.slope)


# Upstream's fits of its MoE cohort members on total and on active parameters (website
# calibration.json, `moe`). Upstream lists the models a registry correction makes MoE as dense,
# so its comparison has those fewer.
MOE_PUBLISHED = {
    "total": (0.14524524423332458, 0.28189105927343705, 0.6673584010604263),
    "active": (0.14370973132214848, 0.4528705192863603, 0.411977666457324),
}


def test_moe_fits_reproduce_upstream(est: Estimator) -> None:
    view = calibration_view(est, "ikp-paper")
    assert view.moe is not None and view.moe.corrected
    as_upstream = dataclasses.replace(
        view.headline,
        points=tuple(p for p in view.headline.points if p.slug not in view.moe.corrected),
    )
    moe = moe_fits(as_upstream, est.models)
    assert moe is not None and len(moe.points) == 41
    for measure in (moe.total, moe.active):
        slope, intercept, r_squared = MOE_PUBLISHED[measure.measure]
        assert measure.fit.slope == pytest.approx(slope, abs=1e-12)
        assert measure.fit.intercept == pytest.approx(intercept, abs=1e-12)
        assert measure.fit.r_squared == pytest.approx(r_squared, abs=1e-12)
    assert len(view.moe.points) == len(moe.points) + len(view.moe.corrected)
