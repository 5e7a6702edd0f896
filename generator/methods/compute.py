"""Training compute, 6·N·D, from the best source a model has, with its confidence and its
status against the 1e25 FLOP threshold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.schema import ComputeEntry, ModelEntry

FLOP_THRESHOLD = 1e25
# The guide's sources of a training-compute figure, best first.
SOURCES = ("expert override", "known specifications", "parameter-based scaling", "size heuristic")
# Tokens per parameter by the FLOP guide's parameter-based scaling rules, first match wins.
TOKEN_RULES = (
    (
        "families trained long (Qwen, GLM, Yi)",
        lambda m: m.family.startswith(("qwen", "glm", "yi")),
        16,
    ),
    ("code variants", lambda m: "code" in m.slug, 18),
    ("released 2022", lambda m: m.release_date is not None and m.release_date.year <= 2022, 12),
    ("released 2023 or later, 100B and above", lambda m: (m.params_B or 0) >= 100, 15),
    ("released 2023 or later, under 100B", lambda m: m.release_date is not None, 20),
    ("default", lambda m: True, 15),
)


@dataclass(frozen=True)
class Compute:
    model: ModelEntry
    flop: float | None
    confidence: str
    method: str
    basis: str

    @property
    def rank(self) -> int:
        """Where its source stands in the guide's priority (no figure ranks last)."""
        return SOURCES.index(self.method) if self.method in SOURCES else len(SOURCES)

    @property
    def status(self) -> str:
        if self.flop is None or self.confidence == "Speculative":
            return "Uncertain"
        above = self.flop >= FLOP_THRESHOLD
        if self.confidence == "High":
            return "Confirmed Above" if above else "Confirmed Below"
        return "Likely Above" if above else "Likely Below"

    def as_json(self) -> dict[str, object]:
        return {
            "model": self.model.slug,
            "flop": self.flop,
            "confidence": self.confidence,
            "status": self.status,
            "method": self.method,
            "basis": self.basis,
        }


def tokens_per_param(model: ModelEntry) -> tuple[int, str]:
    for rule, applies, tokens in TOKEN_RULES:
        if applies(model):
            return tokens, rule
    raise AssertionError  # the default rule always applies


def compute(
    model: ModelEntry, entries: Iterable[ComputeEntry], estimate_B: float | None = None
) -> Compute:
    """A model's training compute from the best source it has: a cited override or known
    specifications, then its known size scaled by the token rules, then a size estimate."""
    cited = _from_entries(model, [e for e in entries if e.model == model.slug])
    if cited is not None:
        return cited
    if model.params_B:
        return _from_known_size(model, model.params_B)
    if estimate_B is not None:
        n = estimate_B * 1e9
        return Compute(
            model,
            6 * n * 20 * n,
            "Speculative",
            "size heuristic",
            f"6 × {n:.3g} parameters (IKP estimate) × 20 tokens per parameter",
        )
    return Compute(model, None, "Speculative", "none", "no size to start from")


def _from_entries(model: ModelEntry, entries: list[ComputeEntry]) -> Compute | None:
    for entry in entries:
        if entry.method == "override":
            return Compute(
                model, entry.flop, entry.confidence, "expert override", entry.citation.text
            )
        if model.params_B:
            n = (model.active_B or model.params_B) * 1e9
            return Compute(
                model,
                6 * n * entry.tokens,
                entry.confidence,
                "known specifications",
                f"6 × {n:.3g} parameters × {entry.tokens:.3g} tokens; {entry.citation.text}",
            )
    return None


def _from_known_size(model: ModelEntry, params_B: float) -> Compute:
    # Tokens scale with the total size; each token costs the active parameters.
    tokens, rule = tokens_per_param(model)
    total, n = params_B * 1e9, (model.active_B or params_B) * 1e9
    # Without a disclosed active count, every parameter is counted as active (an upper bound
    # for a mixture of experts or an unknown architecture), and the basis says so.
    if model.active_B:
        cost = "active parameters"
    elif model.arch == "dense":
        cost = "parameters (dense: all active)"
    else:
        cost = "parameters (active count not disclosed: all counted)"
    return Compute(
        model,
        6 * n * tokens * total,
        "Medium",
        "parameter-based scaling",
        f"6 × {n:.3g} {cost} × {tokens} tokens per parameter × {total:.3g} parameters ({rule})",
    )
