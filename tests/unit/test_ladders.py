"""Family ladders: a fall in accuracy between releases is a drop only beyond run-to-run noise."""

from __future__ import annotations

import datetime

from paramatlas.analyses.ladders import ladders
from paramatlas.readings import Estimate
from paramatlas.schema import ModelEntry


def model(slug: str, day: int) -> ModelEntry:
    return ModelEntry.model_validate(
        {
            "slug": slug,
            "name": slug,
            "vendor": "v",
            "family": "f",
            "open": True,
            "arch": "dense",
            "release_date": datetime.date(2025, 1, day),
        }
    )


def estimate(slug: str, accuracy: float) -> Estimate:
    return Estimate(slug, "c", 0.0, "r", accuracy, 1.0, 1, 1, 1, 1, 1, 1, 0.0, (), ("r",))


def ladder(accuracies: list[float], noise: dict[str, float | None]):
    pairs = [(model(f"m{i}", i + 1), estimate(f"m{i}", a)) for i, a in enumerate(accuracies)]
    (only,) = ladders(pairs, lambda e: noise.get(e.model))
    return only


def test_a_fall_within_either_models_noise_is_not_a_drop() -> None:
    small = ladder([0.50, 0.49], {"m0": 0.005, "m1": 0.02})
    assert small.monotone and len(small.small_falls) == 1
    large = ladder([0.50, 0.47], {"m0": 0.005, "m1": 0.02})
    assert not large.monotone and large.small_falls == ()


def test_without_a_bound_every_fall_is_a_drop() -> None:
    unknown = ladder([0.50, 0.499], {})
    assert not unknown.monotone and len(unknown.drops) == 1
