"""The numerical core: hand-computed cases and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from paramatlas.stats import (
    TIERS,
    accuracy,
    coverage_factor,
    fit_ols,
    leave_one_out,
    shortfall_chance,
    student_t_quantile,
    tier_score,
    wilson_interval,
    wilson_intervals,
)


def tiers(*rows: tuple[int, int, int, int]) -> dict[str, dict[str, int]]:
    return {
        t: dict(zip(("correct", "weak", "wrong", "refusal"), r, strict=True))
        for t, r in zip(TIERS, rows, strict=True)
    }


@pytest.mark.parametrize(
    ("counts", "lam", "floor", "expected"),
    [
        ((150, 0, 30, 20), 0.0, True, 0.75),
        ((150, 0, 30, 20), -1.0, True, 0.6),
        ((150, 20, 30, 0), -0.5, True, (150 + 10 - 15) / 200),
        ((10, 0, 90, 100), -1.0, True, 0.0),  # floored at 0
        ((10, 0, 90, 100), -1.0, False, -0.4),
        ((0, 0, 0, 0), -1.0, True, 0.0),  # an empty tier scores 0
    ],
)
def test_tier_score(
    counts: tuple[int, int, int, int], lam: float, floor: bool, expected: float
) -> None:
    assert tier_score(*counts, lam, floor=floor) == pytest.approx(expected, abs=1e-15)


def test_accuracy_is_the_mean_of_seven_tiers_and_an_empty_tier_still_counts() -> None:
    counts = tiers(
        (200, 0, 0, 0),
        (100, 0, 100, 0),
        (0, 0, 0, 0),
        (50, 0, 0, 150),
        (0, 0, 0, 200),
        (0, 0, 0, 200),
        (0, 0, 0, 0),
    )
    assert accuracy(counts, 0.0) == pytest.approx((1 + 0.5 + 0 + 0.25) / 7)
    assert accuracy(counts, -1.0) == pytest.approx((1 + 0 + 0 + 0.25) / 7)


def test_fit_matches_numpy_and_upstream_definitions() -> None:
    x = [0.0, 1.0, 2.0, 3.0, 2.5]
    y = [0.30, 0.41, 0.49, 0.61, 0.54]
    fit = fit_ols(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    residuals = np.array(y) - (slope * np.array(x) + intercept)
    assert fit.slope == pytest.approx(slope, rel=1e-12)
    assert fit.intercept == pytest.approx(intercept, rel=1e-12)
    assert fit.r_squared == pytest.approx(np.corrcoef(x, y)[0, 1] ** 2, rel=1e-12)
    assert fit.rmse == pytest.approx(math.sqrt(np.sum(residuals**2) / 5), rel=1e-12)
    se = math.sqrt(np.sum(residuals**2) / 3)
    assert fit.pi90_factor == pytest.approx(10 ** (1.645 * se / slope), rel=1e-12)
    assert fit.log10_params(fit.accuracy_at(1.7)) == pytest.approx(1.7)


def test_fit_needs_three_points() -> None:
    with pytest.raises(ValueError, match="at least 3 points, got 2"):
        fit_ols([1.0, 2.0], [0.1, 0.2])


def test_flat_fit_cannot_be_inverted() -> None:
    with pytest.raises(ValueError, match="cannot be inverted"):
        fit_ols([1.0, 2.0, 3.0], [0.4, 0.4, 0.4])


def test_leave_one_out_by_hand() -> None:
    # Without the last point the others lie on y = 0.1x + 0.3, which predicts x = 3 for y = 0.6
    # where the truth is x = 2: fold error 10^1.
    x, y = [0.0, 1.0, 3.0, 2.0], [0.3, 0.4, 0.6, 0.6]
    loo = leave_one_out(x, y)
    assert loo.predicted_log10[3] == pytest.approx(3.0)
    assert loo.fold_errors[3] == pytest.approx(10.0)
    assert loo.within_2x == sum(f <= 2 for f in loo.fold_errors) / 4
    assert loo.median_fold == pytest.approx(float(np.median(loo.fold_errors)))


def test_leave_one_out_on_a_line_gives_fold_error_one() -> None:
    x = [0.0, 0.5, 1.0, 2.0, 3.0]
    loo = leave_one_out(x, [0.2 + 0.1 * v for v in x])
    assert loo.fold_errors == pytest.approx([1.0] * 5)
    assert (loo.within_2x, loo.within_3x, loo.r_squared) == (1.0, 1.0, pytest.approx(1.0))


def test_coverage_factor_is_the_finite_sample_order_statistic() -> None:
    folds = [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 5.0]
    assert coverage_factor(folds, 0.9) == 5.0  # ceil(0.9 · 11) = the 10th of 10
    assert coverage_factor([*folds, 6.0], 0.9) == 6.0  # ceil(0.9 · 12) = 11: the 11th of 11
    assert coverage_factor(folds[:8], 0.9) == math.inf  # ceil(8.1) = 9 > 8: no finite bound
    assert coverage_factor(list(range(1, 100)), 0.9) == 90  # ceil(0.9 · 100) = 90


def test_prediction_interval_matches_statsmodels_observation_interval() -> None:
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    x = rng.uniform(0, 3, 40)
    y = 0.15 * x + 0.2 + rng.normal(0, 0.05, 40)
    fit = fit_ols(x, y)
    model = sm.OLS(y, sm.add_constant(x)).fit()
    for x0 in (0.1, 1.5, 4.5):  # inside, at the centre, beyond the points
        acc = fit.accuracy_at(x0)
        frame = model.get_prediction(np.array([[1.0, x0]])).summary_frame(alpha=0.1)
        half_y = float(frame["obs_ci_upper"].iloc[0]) - acc
        assert fit.prediction_half_log10(acc) == pytest.approx(half_y / fit.slope, rel=1e-9)
    assert fit.prediction_half_log10(fit.accuracy_at(4.5)) > fit.prediction_half_log10(
        fit.accuracy_at(1.5)
    )


@pytest.mark.parametrize(("n", "upper"), [(4, 0.4899), (16, 0.1936), (32, 0.1072)])
def test_wilson_upper_bound_after_zero_successes(n: int, upper: float) -> None:
    # z²/(n + z²) with z = 1.959964 (the floor_oracle write-up's table).
    low, high = wilson_interval(0, n)
    assert low == 0.0
    assert high == pytest.approx(upper, abs=5e-5)


def test_wilson_of_no_trials_is_none() -> None:
    assert wilson_interval(0, 0) is None


@settings(max_examples=200)
@given(st.lists(st.tuples(counts_up_to_500 := st.integers(0, 500), counts_up_to_500), max_size=20))
def test_wilson_is_statsmodels_score_interval_to_the_bit(pairs: list[tuple[int, int]]) -> None:
    # The closed form stands in for statsmodels' proportion_confint (a second of import on
    # every build): the same bounds, bit for bit, where a rate has trials; none where not.
    from statsmodels.stats.proportion import proportion_confint

    pairs = [(min(k, n), n) for k, n in pairs]
    ours = wilson_intervals([k for k, _ in pairs], [n for _, n in pairs])
    for (k, n), interval in zip(pairs, ours, strict=True):
        if n == 0:
            assert interval is None
            continue
        low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
        rate = k / n
        assert interval == (min(max(low, 0), rate), max(min(high, 1), rate))


@given(st.floats(0.5, 0.999), st.integers(1, 2000))
def test_t_quantile_is_scipy_stats(p: float, degrees: int) -> None:
    import scipy.stats

    assert student_t_quantile(p, degrees) == float(scipy.stats.t.ppf(p, degrees))


@given(st.integers(0, 60), st.integers(1, 60), st.floats(0.01, 0.99))
def test_shortfall_chance_is_scipy_stats_binomial_tail(held: int, n: int, claimed: float) -> None:
    import scipy.stats

    # SciPy's two routes to the tail agree to rounding (bdtr gives 27/64 exactly where
    # binom.cdf gives 0.42187500000000006).
    held = min(held, n)
    tail = float(scipy.stats.binom.cdf(held, n, claimed))
    assert shortfall_chance(held, n, claimed) == pytest.approx(tail, rel=1e-12)


counts = st.integers(min_value=0, max_value=300)


@given(counts, counts, counts, counts, st.floats(min_value=-5, max_value=0))
def test_score_stays_in_unit_interval_and_rises_with_correct(
    correct: int, weak: int, wrong: int, refusal: int, lam: float
) -> None:
    score = tier_score(correct, weak, wrong, refusal, lam)
    assert 0.0 <= score <= 1.0
    assert tier_score(correct + 1, weak, wrong, refusal, lam) >= score


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
def test_wilson_contains_the_observed_rate(successes: int, trials: int) -> None:
    successes = min(successes, trials)
    low, high = wilson_interval(successes, trials)
    assert 0.0 <= low <= successes / trials <= high <= 1.0


@settings(max_examples=50)
@given(
    st.lists(
        st.tuples(st.floats(-1, 4), st.floats(0, 1)),
        min_size=4,
        max_size=12,
        unique_by=lambda p: round(p[0], 3),
    ),
    st.randoms(),
)
def test_fit_does_not_depend_on_cohort_order(points: list[tuple[float, float]], rnd) -> None:
    assume(len({y for _, y in points}) > 1)
    shuffled = points[:]
    rnd.shuffle(shuffled)
    a = fit_ols(*zip(*points, strict=True))
    b = fit_ols(*zip(*shuffled, strict=True))
    assert b.slope == pytest.approx(a.slope, rel=1e-9, abs=1e-12)
    assert b.intercept == pytest.approx(a.intercept, rel=1e-9, abs=1e-12)


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(st.floats(-1, 4), st.floats(0, 1)),
        min_size=4,
        max_size=15,
        unique_by=lambda p: round(p[0], 2),
    )
)
def test_leave_one_out_equals_refitting_without_each_point(
    points: list[tuple[float, float]],
) -> None:
    x, y = (np.array(v) for v in zip(*points, strict=True))
    loo = leave_one_out(x, y)
    for i in range(len(x)):
        keep = np.arange(len(x)) != i
        slope, intercept = np.polyfit(x[keep], y[keep], 1)
        assume(abs(slope) > 1e-6)
        assert loo.predicted_log10[i] == pytest.approx(
            (y[i] - intercept) / slope, rel=1e-6, abs=1e-6
        )


# Sizes at least about 12% apart (0.05 in log10), as a cohort's are: two points 0.008 apart
# left alone by a fold make a line whose rounding error alone reaches 1.6e-9.
@settings(max_examples=40)
@given(
    st.lists(st.floats(-1, 4), min_size=3, max_size=12, unique_by=lambda v: round(v, 2)),
    st.floats(0.01, 0.3),
    st.floats(0, 0.5),
)
def test_leave_one_out_on_any_line_gives_fold_error_one(
    x: list[float], slope: float, intercept: float
) -> None:
    assume(min(np.diff(sorted(x))) >= 0.05)
    loo = leave_one_out(x, [slope * v + intercept for v in x])
    assert loo.fold_errors == pytest.approx([1.0] * len(x), abs=1e-9)
