"""Verdicts on a case study's published conclusions, each by a rule of `generator.rules`."""

from __future__ import annotations

from dataclasses import dataclass

from generator.analyses.replication import ReplicationRow
from generator.rules import FAR_WORSE_RATIO, FRONTIER_FACTOR_SURVIVES, HARDWARE_GAP_SURVIVES


@dataclass(frozen=True)
class Conclusion:
    claim: str
    published: str
    recomputed: str
    verdict: str
    """"survives", "does not survive" or "partly survives"."""


def replicates(rows: tuple[ReplicationRow, ...], tolerance: float) -> Conclusion:
    worst = max(abs(r.delta) for r in rows)
    return Conclusion(
        "IKP replicates: re-runs land on upstream's accuracy.",
        "all within 0.007 of upstream",
        f"largest |Δ accuracy| {worst:.4f} (tolerance {tolerance:g})",
        "survives" if all(r.passed for r in rows) else "does not survive",
    )


def frontier_factor(frontier: str, published: float, matched: list[float]) -> Conclusion:
    return Conclusion(
        f"IKP over-estimates {frontier}, a known-size frontier MoE, about 8×.",
        "about 8×",
        f"{published:.2f}× as the notes scored it; {min(matched):.2f}–{max(matched):.2f}× "
        "with count sets scored like the fit that reads them",
        "survives" if min(matched) >= FRONTIER_FACTOR_SURVIVES else "does not survive",
    )


def far_worse(
    frontier: str,
    range_anchors: list[str],
    calibration: str,
    published: tuple[float, tuple[float, float]],
    matched: tuple[list[float], tuple[float, float]],
) -> Conclusion:
    """(frontier factor, range anchors' span) as the notes scored them, and scored
    consistently (frontier factors over both fits, span with `calibration`)."""
    pf, span = published
    mf, matched_span = matched
    if min(mf) > FAR_WORSE_RATIO * matched_span[1]:
        verdict = "survives"
    elif min(mf) > matched_span[1]:
        verdict = "partly survives"
    else:
        verdict = "does not survive"
    return Conclusion(
        f"The {frontier} over-estimate is far worse than on {' and '.join(range_anchors)}.",
        f"{pf:.2f}× against {span[0]:.2f}–{span[1]:.2f}×",
        f"scored consistently: {min(mf):.2f}–{max(mf):.2f}× against "
        f"{matched_span[0]:.2f}–{matched_span[1]:.2f}× ({calibration})",
        verdict,
    )


def above_hardware(frontier: str, gaps: dict[str, float]) -> Conclusion:
    detail = "; ".join(f"{g:.1f}× {k}" for k, g in gaps.items())
    return Conclusion(
        "Even after the frontier-anchor correction, IKP stays about 10× above the "
        "hardware estimate.",
        "about 10×",
        f"IKP ÷ the {frontier} factor is {detail} the top of the quoted hardware range",
        "survives" if min(gaps.values()) >= HARDWARE_GAP_SURVIVES else "does not survive",
    )
