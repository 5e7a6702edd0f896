"""The fit's line is SciPy's `linregress`, bit for bit, at a fraction of its cost."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats as sps

from paramatlas.stats import least_squares_line


def test_the_line_is_linregress_to_the_last_bit() -> None:
    rng = np.random.default_rng(20261203)
    for _ in range(500):
        n = int(rng.integers(3, 400))
        x = rng.normal(size=n) * rng.uniform(0.1, 3)
        y = rng.uniform(-1, 1) * x + rng.normal(size=n) * rng.uniform(1e-4, 1)
        line = sps.linregress(x, y)
        assert least_squares_line(x, y) == (line.slope, line.intercept, line.rvalue)


def test_a_line_through_one_size_is_refused_as_scipy_refuses_it() -> None:
    with pytest.raises(ValueError, match="all x values are identical"):
        least_squares_line(np.array([1.0, 1.0, 1.0]), np.array([0.1, 0.2, 0.3]))
