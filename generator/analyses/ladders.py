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
        out.append(Ladder(family, tuple(rows), drops))
    return tuple(out)
