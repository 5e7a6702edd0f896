"""The run-to-run bound in closed form agrees with what it replaces: a parametric bootstrap
over probes (4,000 pairs of runs redrawn with the run's own verdict shares), within that
bootstrap's own error, on count sets from the smallest model to the largest, at every λ the
site reads, and where a tier's score sits at the floor of 0."""

from __future__ import annotations

import math
import random
from statistics import NormalDist

import numpy as np
import pytest

from paramatlas.rules import EVAL_POWER_QUANTILE, RERUN_NOISE_QUANTILE
from paramatlas.stats import TIERS, rerun_noise
from tests.synthetic import _counts

DRAWS = 4000


def bootstrap(tiers: dict, lam: float, quantile: float, seed: int = 20260520) -> float:
    """The reference: the quantile of |accuracy difference| over DRAWS pairs of redrawn runs."""
    rng = np.random.Generator(np.random.PCG64(seed))
    weights = np.array([1.0, 0.5, lam, 0.0])
    runs = np.zeros((2, DRAWS))
    for t in TIERS:
        counts = np.array([tiers[t][k] for k in ("correct", "weak", "wrong", "refusal")])
        total = int(counts.sum())
        if total:
            redrawn = rng.multinomial(total, counts / total, size=(2, DRAWS))
            runs += np.maximum(redrawn @ weights / total, 0.0)
    return float(np.quantile(np.abs(runs[0] - runs[1]) / len(TIERS), quantile))


def bootstrap_error(value: float, tiers: dict, quantile: float) -> float:
    """How far the bootstrap itself may miss: three standard errors of a sample quantile
    (normal shape, DRAWS draws), plus one step of the lattice its values lie on (an accuracy
    difference moves in steps of 1/(7·n) when a probe changes verdict)."""
    z = NormalDist().inv_cdf(0.5 + quantile / 2)
    relative = math.sqrt(quantile * (1 - quantile) / DRAWS) / (2 * NormalDist().pdf(z) * z)
    smallest = min(sum(tiers[t].values()) for t in TIERS)
    return 3 * relative * value + 1 / (len(TIERS) * smallest)


def floor_heavy() -> dict:
    """A small model's run at λ = −1: its first tier's score hovers at 0, the others are
    held at the floor (the case a plain normal approximation misses by a tenth)."""
    first = {"correct": 97, "weak": 0, "wrong": 101, "refusal": 2}
    rest = {"correct": 2, "weak": 0, "wrong": 193, "refusal": 5}
    return {t: first if t == "T1" else rest for t in TIERS}


def count_sets() -> list[tuple[str, dict]]:
    rng = random.Random(3)
    sets = [
        (f"{size}B, {'every probe' if every else 'errors dropped'}", _counts(rng, size, every))
        for size in (0.05, 0.3, 3.0, 30.0, 300.0, 3000.0)
        for every in (True, False)
    ]
    with_weak = _counts(rng, 30.0, True)
    for c in with_weak.values():
        moved = c["wrong"] // 3
        c["wrong"], c["weak"] = c["wrong"] - moved, moved
    return [*sets, ("30B with weak answers", with_weak), ("at the floor", floor_heavy())]


@pytest.mark.parametrize(("name", "tiers"), count_sets())
@pytest.mark.parametrize("lam", [-1.0, -0.5, 0.0])
# The judgments' bound and the eval power's.
@pytest.mark.parametrize("quantile", [RERUN_NOISE_QUANTILE, EVAL_POWER_QUANTILE])
def test_the_closed_form_agrees_with_the_bootstrap(
    name: str, tiers: dict, lam: float, quantile: float
) -> None:
    reference = bootstrap(tiers, lam, quantile)
    closed = rerun_noise(tiers, lam, quantile=quantile)
    assert abs(closed - reference) <= bootstrap_error(reference, tiers, quantile)


def test_without_the_floor_it_is_the_normal_quantile_of_the_binomial_variances() -> None:
    tiers = {t: {"correct": 90, "weak": 10, "wrong": 60, "refusal": 40} for t in TIERS}
    lam = -0.5
    p = np.array([90, 10, 60, 40]) / 200
    w = np.array([1.0, 0.5, lam, 0.0])
    variance = (p @ (w * w) - (p @ w) ** 2) / 200
    expected = NormalDist().inv_cdf(0.975) * math.sqrt(2 * 7 * variance) / 7
    assert rerun_noise(tiers, lam, quantile=0.95, floor=False) == pytest.approx(expected, 1e-12)


def test_a_run_that_cannot_vary_has_no_noise() -> None:
    tiers = {t: {"correct": 50, "weak": 0, "wrong": 0, "refusal": 0} for t in TIERS}
    assert rerun_noise(tiers, -1.0, quantile=0.95) == 0.0
    empty = {t: {"correct": 0, "weak": 0, "wrong": 0, "refusal": 0} for t in TIERS}
    assert rerun_noise(empty, -1.0, quantile=0.95) == 0.0
