"""Training compute, 6·N·D, from the best source a model has, with its confidence and its
status against the 1e25 FLOP threshold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from paramatlas.rules import PLAUSIBLE_TOKENS, confidence_word, plausible_tokens
from paramatlas.schema import ComputeEntry, ModelEntry

FLOP_THRESHOLD = 1e25
# The sources of a training-compute figure, best first: what the developer published (its
# accelerator-hours, then its token count with the registry's size), a tracker's figure, then
# the guide's rules from a known size, then from an estimated one.
SOURCES = (
    "published accelerator-hours",
    "known specifications",
    "expert override",
    "parameter-based scaling",
    "size heuristic",
)
ENTRY_SOURCES = {"gpu_hours": 0, "known_specs": 1, "override": 2}
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
    tokens: float | None = None
    """The training tokens the figure implies (FLOP ÷ 6 × the parameters a token costs)."""

    @property
    def plausible(self) -> bool | None:
        """Do the implied tokens lie in the plausible range (`paramatlas.rules`)?"""
        return None if self.tokens is None else plausible_tokens(self.tokens)

    @property
    def rank(self) -> int:
        """Where its source stands in the priority (no figure ranks last)."""
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
            "confidence": confidence_word(self.confidence),
            "status": self.status,
            "method": self.method,
            "basis": self.basis,
            "implied_tokens": self.tokens,
            "tokens_plausible": self.plausible,
        }


def tokens_per_param(model: ModelEntry) -> tuple[int, str]:
    for rule, applies, tokens in TOKEN_RULES:
        if applies(model):
            return tokens, rule
    raise AssertionError  # the default rule always applies


def compute(
    model: ModelEntry, entries: Iterable[ComputeEntry], estimate_B: float | None = None
) -> Compute:
    """A model's training compute from the best source it has, with the tokens it implies; a
    figure implying an implausible token count is flagged and graded Speculative."""
    cited = _from_entries(model, [e for e in entries if e.model == model.slug])
    if cited is not None:
        found = cited
    elif model.params_B:
        found = _from_known_size(model, model.params_B)
    elif estimate_B is not None:
        n = estimate_B * 1e9
        found = Compute(
            model,
            6 * n * 20 * n,
            "Speculative",
            "size heuristic",
            f"6 × {n:.3g} parameters (IKP estimate, every one counted as active: an upper bound "
            "for a mixture of experts) × 20 tokens per parameter × the same parameters",
            20 * n,
        )
    else:
        return Compute(model, None, "Speculative", "none", "no size to start from")
    return _implied(found, model, estimate_B)


def _implied(c: Compute, model: ModelEntry, estimate_B: float | None) -> Compute:
    """The figure with its training tokens: as published or assumed, else implied at the
    parameters a token costs; outside the plausible range it is flagged and graded lowest."""
    tokens, note = c.tokens, ""
    if tokens is None:
        per_token_B = model.active_B or model.params_B or estimate_B
        if c.flop is None or not per_token_B:
            return c
        tokens = c.flop / (6 * per_token_B * 1e9)
        size = "active" if model.active_B else "total" if model.params_B else "IKP estimate"
        note = f"; implies {tokens:.3g} training tokens at {per_token_B:.3g}B parameters ({size})"
    if plausible_tokens(tokens):
        return replace(c, tokens=tokens, basis=c.basis + note)
    low, high = PLAUSIBLE_TOKENS
    flagged = f"; {tokens:.3g} tokens lie outside the plausible {low:.0e}–{high:.0e}: graded lowest"
    return replace(c, tokens=tokens, confidence="Speculative", basis=c.basis + note + flagged)


def _from_entries(model: ModelEntry, entries: list[ComputeEntry]) -> Compute | None:
    """The cited entry of the best source: published hours, published tokens, an override."""
    for entry in sorted(entries, key=lambda e: ENTRY_SOURCES[e.method]):
        if entry.method == "gpu_hours" and entry.gpu_hours and entry.peak_flops:
            u = entry.utilization or 1.0
            flop = entry.gpu_hours * 3600 * entry.peak_flops * u
            basis = (
                f"{entry.gpu_hours:.3g} accelerator-hours × 3,600 s × {entry.peak_flops:.3g} "
                f"FLOP/s peak × {u:.0%} of peak sustained (assumed); {entry.citation.text}"
            )
            return Compute(model, flop, entry.confidence, SOURCES[0], basis)
        if entry.method == "known_specs" and model.params_B and entry.tokens:
            n = (model.active_B or model.params_B) * 1e9
            basis = f"6 × {n:.3g} parameters × {entry.tokens:.3g} tokens; {entry.citation.text}"
            flop = 6 * n * entry.tokens
            return Compute(model, flop, entry.confidence, SOURCES[1], basis, entry.tokens)
        if entry.method == "override" and entry.flop:
            return Compute(model, entry.flop, entry.confidence, SOURCES[2], entry.citation.text)
    return None


def _from_known_size(model: ModelEntry, params_B: float) -> Compute:
    """The guide's rule: tokens per parameter by era, a token costing the active parameters.
    The rule's tokens scale with the parameters a token costs, never with a mixture of
    experts' total; without an active count, a mixture of experts gets no figure."""
    tokens_per, rule = tokens_per_param(model)
    if model.arch == "moe" and not model.active_B:
        return Compute(
            model, None, "Speculative", "none", "a mixture of experts without an active count"
        )
    n = (model.active_B or params_B) * 1e9
    cost = "active parameters" if model.active_B else "parameters (all active)"
    tokens = tokens_per * n
    return Compute(
        model,
        6 * n * tokens,
        "Medium",
        SOURCES[3],
        f"6 × {n:.3g} {cost} × {tokens_per} tokens per parameter × {n:.3g} ({rule})",
        tokens,
    )
