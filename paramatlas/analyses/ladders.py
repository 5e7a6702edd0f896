"""Family ladders: within a family, does accuracy follow release order?"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from paramatlas.readings import Estimate
from paramatlas.schema import ModelEntry


@dataclass(frozen=True)
class LadderRow:
    model: ModelEntry
    accuracy: float
    estimate_B: float
    noise: float | None = None
    """|Δ accuracy| two runs of this model reach by chance alone (replication.estimate_noise);
    None when its count set is incomplete."""


@dataclass(frozen=True)
class Ladder:
    family: str
    rows: tuple[LadderRow, ...]
    drops: tuple[tuple[LadderRow, LadderRow], ...]
    """Consecutive releases where accuracy fell by more than run-to-run noise."""
    size_pairs: int = 0
    """Pairs of family members of different known sizes."""
    size_agree: int = 0
    """Of those, the pairs whose estimates are in the order of their known sizes."""
    small_falls: tuple[tuple[LadderRow, LadderRow], ...] = ()
    """Consecutive releases where accuracy fell, but by no more than run-to-run noise."""

    @property
    def monotone(self) -> bool:
        return not self.drops


def noise_bound(a: LadderRow, b: LadderRow) -> float:
    """The fall chance alone can explain between two releases: the larger of their run-to-run
    bounds (0 when neither count set is complete, so that every fall then counts)."""
    return max((r.noise for r in (a, b) if r.noise is not None), default=0.0)


def ladders(
    estimates: Iterable[tuple[ModelEntry, Estimate]],
    noise: Callable[[Estimate], float | None] = lambda _: None,
) -> tuple[Ladder, ...]:
    """One ladder per family with two or more dated models, oldest release first. A fall in
    accuracy between consecutive releases is a drop when it exceeds `noise_bound`."""
    families: dict[str, list[LadderRow]] = {}
    for model, estimate in estimates:
        if model.release_date is None:
            continue
        families.setdefault(model.family, []).append(
            LadderRow(model, estimate.accuracy, estimate.params_B, noise(estimate))
        )
    out = []
    for family, rows in sorted(families.items()):
        if len(rows) < 2:
            continue
        rows.sort(key=lambda r: (r.model.release_date, r.accuracy, r.model.slug))
        falls = [
            (a, b)
            for a, b in itertools.pairwise(rows)
            if b.model.release_date > a.model.release_date and b.accuracy < a.accuracy
        ]
        drops = tuple((a, b) for a, b in falls if a.accuracy - b.accuracy > noise_bound(a, b))
        small = tuple(f for f in falls if f not in drops)
        known = [r for r in rows if r.model.params_B]
        pairs = [
            (a, b)
            for i, a in enumerate(known)
            for b in known[i + 1 :]
            if a.model.params_B != b.model.params_B
        ]
        agree = sum(
            (a.model.params_B < b.model.params_B) == (a.estimate_B < b.estimate_B) for a, b in pairs
        )
        out.append(Ladder(family, tuple(rows), drops, len(pairs), agree, small))
    return tuple(out)
