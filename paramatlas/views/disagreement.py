"""One method's reading of a model, and a model's readings side by side: how far apart the
usable ones are."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.rules import confidence_word
from paramatlas.schema import ModelEntry


@dataclass(frozen=True)
class MethodEstimate:
    """One method's size for one model."""

    method: str
    label: str
    params_B: float
    low_B: float | None
    high_B: float | None
    confidence: str
    source: str
    interval: str = ""
    problems: tuple[str, ...] = ()
    """Why the reading gives no usable absolute size (the rules of `paramatlas.rules`)."""

    @property
    def usable(self) -> bool:
        return not self.problems

    @property
    def central(self) -> bool:
        """False for a quoted range: it has no centre of its own (params_B is only the
        geometric middle a chart sorts by)."""
        return self.method != "quoted"

    @property
    def span(self) -> tuple[float, float]:
        return (self.low_B or self.params_B, self.high_B or self.params_B)

    def as_json(self) -> dict[str, object]:
        return {
            "method": self.method,
            "label": self.label,
            "params_B": self.params_B,
            "interval_low_B": self.low_B,
            "interval_high_B": self.high_B,
            "interval": self.interval,
            "confidence": confidence_word(self.confidence),
            "source": self.source,
            "usable": self.usable,
            "unusable_because": list(self.problems),
        }


@dataclass(frozen=True)
class Disagreement:
    """A model's estimates side by side; how far apart the usable ones are, and its summary."""

    model: ModelEntry
    estimates: tuple[MethodEstimate, ...]
    summary: MethodEstimate | None
    """None when no reading is usable."""
    reason: str

    @property
    def usable(self) -> tuple[MethodEstimate, ...]:
        return tuple(e for e in self.estimates if e.usable)

    @property
    def set_aside(self) -> tuple[MethodEstimate, ...]:
        return tuple(e for e in self.estimates if not e.usable)

    @property
    def smallest(self) -> float:
        """The lowest usable reading: a central estimate, or a quoted range's upper edge (the
        edge nearer the others; no centre is made up for a range)."""
        return min(e.params_B if e.central else e.span[1] for e in self.usable)

    @property
    def largest(self) -> float:
        """The highest usable reading: a central estimate, or a quoted range's lower edge."""
        return max(e.params_B if e.central else e.span[0] for e in self.usable)

    @property
    def factor(self) -> float | None:
        """Largest ÷ smallest usable reading, a quoted range counted by its nearer edge (1 when
        they overlap; None below two readings)."""
        if len(self.usable) < 2:
            return None
        return max(1.0, self.largest / self.smallest)

    @property
    def span(self) -> tuple[float, float]:
        """From the lowest to the highest end of every reading, usable or not."""
        return min(e.span[0] for e in self.estimates), max(e.span[1] for e in self.estimates)

    @property
    def overlaps(self) -> tuple[tuple[str, str], ...]:
        pairs = []
        for i, a in enumerate(self.estimates):
            for b in self.estimates[i + 1 :]:
                (a0, a1), (b0, b1) = a.span, b.span
                if a0 <= b1 and b0 <= a1:
                    pairs.append((a.label, b.label))
        return tuple(pairs)
