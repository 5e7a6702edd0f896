"""Family ladders: within a family, does accuracy follow release order?"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from generator.readings import Estimate
from generator.schema import ModelEntry


@dataclass(frozen=True)
class LadderRow:
    model: ModelEntry
    accuracy: float
    estimate_B: float


@dataclass(frozen=True)
class Ladder:
    family: str
    rows: tuple[LadderRow, ...]
    drops: tuple[tuple[LadderRow, LadderRow], ...]
    """Consecutive releases where accuracy fell."""
    size_pairs: int = 0
    """Pairs of family members of different known sizes."""
    size_agree: int = 0
    """Of those, the pairs whose estimates are in the order of their known sizes."""

    @property
    def monotone(self) -> bool:
        return not self.drops


def ladders(estimates: Iterable[tuple[ModelEntry, Estimate]]) -> tuple[Ladder, ...]:
    """One ladder per family with two or more dated models, oldest release first."""
    families: dict[str, list[LadderRow]] = {}
    for model, estimate in estimates:
        if model.release_date is None:
            continue
        families.setdefault(model.family, []).append(
            LadderRow(model, estimate.accuracy, estimate.params_B)
        )
    out = []
    for family, rows in sorted(families.items()):
        if len(rows) < 2:
            continue
        rows.sort(key=lambda r: (r.model.release_date, r.accuracy, r.model.slug))
        drops = tuple(
            (a, b)
            for a, b in itertools.pairwise(rows)
            if b.model.release_date > a.model.release_date and b.accuracy < a.accuracy
        )
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
        out.append(Ladder(family, tuple(rows), drops, len(pairs), agree))
    return tuple(out)
