"""Verdicts on a case study's published conclusions, each by a rule of `paramatlas.rules`."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.analyses.ladders import Ladder, LadderRow, noise_bound
from paramatlas.analyses.replication import ReplicationRow
from paramatlas.rules import (
    ABOUT,
    FAR_WORSE_RATIO,
    RERUN_NOISE_QUANTILE,
    about,
)


@dataclass(frozen=True)
class Conclusion:
    claim: str
    published: str
    recomputed: str
    verdict: str
    """"survives", "does not survive" or "partly survives"."""
    yardstick: str = ""
    """What the recomputed figure was held against."""


def replicates_as_stated(rows: tuple[ReplicationRow, ...], claim: float) -> Conclusion:
    worst = max(rows, key=lambda r: abs(r.delta))
    return Conclusion(
        f"IKP replicates: every re-run is within {claim:g} of upstream's accuracy.",
        f"all within {claim:g} absolute",
        f"largest |Δ accuracy| {abs(worst.delta):.4f} ({worst.model.slug})",
        "survives" if all(r.within_claim for r in rows) else "does not survive",
        f"the claim as stated: |Δ| ≤ {claim:g}",
    )


def replicates_within_noise(rows: tuple[ReplicationRow, ...]) -> Conclusion:
    measured = [r for r in rows if r.noise is not None]
    outside = [r for r in measured if not r.within_noise]
    bounds = [r.noise for r in measured]
    if not measured:
        verdict, detail = "not measured", "no model has a complete count set to draw noise from"
    else:
        verdict = "does not survive" if outside else "survives"
        if len(measured) < len(rows):
            verdict = "partly survives" if not outside else verdict
        detail = (
            f"{len(measured) - len(outside)} of {len(rows)} re-runs within run-to-run noise "
            f"(bounds {min(bounds):.4f}–{max(bounds):.4f})"
        )
    return Conclusion(
        "IKP replicates: re-runs differ from upstream no more than chance allows.",
        "essentially exact",
        detail,
        verdict,
        f"|Δ| at most the {RERUN_NOISE_QUANTILE:.0%} quantile of the difference between two "
        "runs redrawn from the model's own verdict shares",
    )


def frontier_factor(frontier: str, published: float, matched: list[float]) -> Conclusion:
    return Conclusion(
        f"IKP over-estimates {frontier}, a known-size frontier MoE, about 8×.",
        "about 8×",
        f"{published:.2f}× as the notes scored it; {min(matched):.2f}–{max(matched):.2f}× "
        "with count sets scored like the fit that reads them",
        "survives" if about(8, matched) else "does not survive",
        f"about 8×: every consistently scored factor ≥ 8 ÷ {ABOUT:g} = {8 / ABOUT:.2f}×",
    )


def far_worse(
    frontier: str,
    range_anchors: list[str],
    published: tuple[float, tuple[float, float]],
    per_fit: dict[str, tuple[float, tuple[float, float]]],
) -> Conclusion:
    """(frontier factor, range anchors' span) as the notes scored them, and within each fit
    that reads every anchor consistently: the frontier against the range anchors of that fit,
    never of another."""
    pf, span = published

    def level(frontier_factor: float, worst: float) -> int:
        return 2 if frontier_factor > FAR_WORSE_RATIO * worst else int(frontier_factor > worst)

    weakest = min(level(f, s[1]) for f, s in per_fit.values())
    verdict = ("does not survive", "partly survives", "survives")[weakest]
    recomputed = "; ".join(
        f"{name}: {f:.2f}× against {s[0]:.2f}–{s[1]:.2f}×" for name, (f, s) in per_fit.items()
    )
    return Conclusion(
        f"The {frontier} over-estimate is far worse than on {' and '.join(range_anchors)}.",
        f"{pf:.2f}× against {span[0]:.2f}–{span[1]:.2f}×",
        f"scored consistently, within each fit: {recomputed}",
        verdict,
        f"in every fit, above {FAR_WORSE_RATIO:g}× the largest of the range anchors' factors "
        "(survives), or above that factor itself (partly survives)",
    )


def family_monotone(ladder: Ladder | None, family: str) -> Conclusion:
    if ladder is None:
        recomputed, verdict = f"fewer than two dated {family} models are estimated", "not measured"
    else:
        recomputed = f"{len(ladder.drops)} drops in {len(ladder.rows)} releases" + (
            f": {falls_text(ladder.drops)}" if ladder.drops else ""
        )
        small = ladder.small_falls
        if small:
            recomputed += (
                f"; {len(small)} smaller fall{'s' if len(small) > 1 else ''}"
                f" within run-to-run noise: {falls_text(small)}"
            )
        verdict = "survives" if ladder.monotone else "does not survive"
    return Conclusion(
        f"The {family} family is monotone in accuracy with release order.",
        "monotone",
        recomputed,
        verdict,
        "accuracy never falls from one release date to the next by more than run-to-run noise "
        "(the larger of the two models' bounds; default calibration, every dated model)",
    )


def falls_text(falls: tuple[tuple[LadderRow, LadderRow], ...]) -> str:
    return "; ".join(
        f"{b.model.slug} {b.accuracy:.3f} after {a.model.slug} {a.accuracy:.3f}"
        f" (noise {noise_bound(a, b):.4f})"
        for a, b in falls
    )


def above_hardware(frontier: str, gaps: dict[str, tuple[float, float]]) -> Conclusion:
    detail = " and ".join(
        f"{lo:.1f}× ({k})" if lo == hi else f"{lo:.1f}–{hi:.1f}× ({k})"
        for k, (lo, hi) in gaps.items()
    )
    lowest = min(lo for lo, _ in gaps.values())
    return Conclusion(
        "Even after the frontier-anchor correction, IKP stays about 10× above the "
        "hardware estimate.",
        "about 10×",
        f"IKP ÷ the {frontier} factor stays {detail} above the top of the quoted hardware range",
        "survives" if about(10, [lowest]) else "does not survive",
        f"about 10×: every corrected reading ≥ 10 ÷ {ABOUT:g} = {10 / ABOUT:.2f}× the top of the "
        "hardware range",
    )
