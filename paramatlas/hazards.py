"""Hazard detectors: what can make a run's number wrong, found from the data alone.

Each flag has a stable id, and a reason that quotes the numbers that tripped it. The thresholds
are here, once, and the hazards page prints them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from paramatlas.schema import ModelEntry, ResultFile
from paramatlas.stats import TIERS

# Parallel calls one judge endpoint takes before it throttles and its failures turn into WRONG
# (the replication notes: keep runs sequential, at most 16 workers).
MAX_JUDGE_CONCURRENCY = 16
# Two runs of one model whose WRONG rates in a tier differ by more than this many standard
# errors were not judged alike.
WRONG_SHIFT_Z = 4.0
# A model that answers this share of the hard tiers (T5–T7) should not miss universal facts...
STRONG_HARD_CORRECT = 0.30
# ...so a WRONG rate above this on T1–T2 points at the judge, not the model.
EASY_WRONG_LIMIT = 0.05
# The probe set was published in April 2026 (arXiv:2604.24827): later models may have seen it.
PROBES_PUBLIC = dt.date(2026, 4, 30)
# A tier with fewer counted probes than this (of 200) makes its score noisy.
SMALL_TIER = 100
# A model that refuses more than this share of counted probes is scored on what little is left.
REFUSAL_HEAVY = 0.60
# ...or more than this share of a hard tier's (T5–T7), where the accuracy separates sizes.
REFUSAL_HARD_TIER = 0.80
HARD_TIERS = ("T5", "T6", "T7")


@dataclass(frozen=True)
class Flag:
    id: str
    reason: str
    """Why it was raised; "{}" marks where each of `sizes` is written out."""
    sizes: tuple[float, ...] = ()


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    explanation: str


HAZARDS = (
    Hazard(
        "judge_contention",
        "Judge contention",
        f"Many calls at once to one judge endpoint make it throttle or fail, and the IKP "
        f"scripts score a failed judge call as WRONG, so correct answers count against the "
        f'model (a throttled judge marked "Warsaw" WRONG for the capital of Poland). Flagged '
        f"when workers × concurrent runs exceed {MAX_JUDGE_CONCURRENCY}, when judge errors "
        f"were recorded, when a tier's WRONG rate is more than {WRONG_SHIFT_Z:g} standard "
        f"errors above another run of the same model judged the same way, or when a model "
        f"that answers at least {STRONG_HARD_CORRECT:.0%} of T5–T7 has a WRONG rate above "
        f"{EASY_WRONG_LIMIT:.0%} on T1–T2.",
    ),
    Hazard(
        "lambda_mismatch",
        "λ mismatch",
        "An accuracy reported at one λ read with a fit made at another. A run with counts is "
        "rescored instead; a run with only a reported accuracy is read this way only in an "
        "as-published reading, and flagged.",
    ),
    Hazard(
        "scoring_mismatch",
        "Scoring mismatch",
        "A count set scored differently from the calibration's (other probes, 3-way instead "
        "of 4-way verdicts, failed queries treated otherwise) read with it. Rescoring cannot "
        "fix this; such readings appear only as published, flagged.",
    ),
    Hazard(
        "sibling_judge",
        "Sibling judge",
        "The judge model comes from the same family as the model it grades (a Gemini judge "
        "on a Gemini model): it may share the target's knowledge and blind spots.",
    ),
    Hazard(
        "contamination_risk",
        "Contamination risk",
        f"The model was released after {PROBES_PUBLIC:%B %Y}, when the probe set was "
        "public; it may have been trained on the probes.",
    ),
    Hazard(
        "extrapolation",
        "Extrapolation",
        "The estimate lies outside the sizes of the calibration cohort. The line was never "
        "checked there, and the bands, made from the cohort, say nothing about it.",
    ),
    Hazard(
        "partial_run",
        "Partial run",
        "Not every tier was counted: the run gives a reported accuracy and what tiers are "
        "known. It can be read only at the λ it was reported at.",
    ),
    Hazard(
        "small_sample",
        "Small sample",
        f"Some tier has fewer than {SMALL_TIER} counted probes (of 200), usually because "
        "failed queries were dropped; its score, and so the accuracy, is noisy.",
    ),
    Hazard(
        "refusal_heavy",
        "Refusal-heavy",
        f"The model refused more than {REFUSAL_HEAVY:.0%} of the counted probes, or more than "
        f"{REFUSAL_HARD_TIER:.0%} of those of a hard tier ({', '.join(HARD_TIERS)}); the "
        "accuracy rests on the few it answered.",
    ),
    Hazard(
        "cohort_excluded",
        "Excluded from the cohort",
        "An open model of known size that the calibration leaves out of its cohort, for the "
        "reason given.",
    ),
    Hazard(
        "withheld_by_source",
        "Withheld by the source",
        "The calibration's source does not publish this estimate (for IKP: the Gemini 3.x "
        "models, siblings of the landmark model the tiers were built with).",
    ),
)


def judge_family(judge: str, models: Iterable[ModelEntry]) -> str:
    """The family of the judge model: from the registry when it is there, else from its id."""
    for model in models:
        if model.api_id == judge:
            return model.family
    name = judge.rsplit("/", 1)[-1]
    return name.split("-", 1)[0].lower()


def wrong_shift(run: ResultFile, others: Iterable[tuple[str, ResultFile]]) -> str | None:
    for other_id, other in others:
        if other.scoring.researcher_verdicts != run.scoring.researcher_verdicts:
            continue
        for tier in TIERS:
            a, b = run.tiers.get(tier), other.tiers.get(tier)
            if a is None or b is None or not a.total or not b.total:
                continue
            pa, pb = a.wrong / a.total, b.wrong / b.total
            pooled = (a.wrong + b.wrong) / (a.total + b.total)
            se = math.sqrt(pooled * (1 - pooled) * (1 / a.total + 1 / b.total))
            if se and (pa - pb) / se > WRONG_SHIFT_Z:
                return (
                    f"{tier}: {a.wrong}/{a.total} WRONG against {b.wrong}/{b.total} in run "
                    f"{other_id} (z = {(pa - pb) / se:.1f})"
                )
    return None


def contention_reasons(run: ResultFile, others: list[tuple[str, ResultFile]]) -> list[str]:
    reasons = []
    if run.workers is not None:
        load = run.workers * (run.concurrent_runs or 1)
        if load > MAX_JUDGE_CONCURRENCY:
            many = "s" if run.concurrent_runs != 1 else ""
            runs = f" × {run.concurrent_runs} concurrent run{many}" if run.concurrent_runs else ""
            reasons.append(
                f"{run.workers} workers{runs} = {load} calls at once against one "
                f"judge (limit {MAX_JUDGE_CONCURRENCY})"
            )
    if run.judge_errors:
        reasons.append(f"{run.judge_errors} judge errors recorded")
    shift = wrong_shift(run, others)
    if shift:
        reasons.append(shift)
    easy = [run.tiers[t] for t in ("T1", "T2") if t in run.tiers]
    hard = [run.tiers[t] for t in ("T5", "T6", "T7") if t in run.tiers]
    if len(easy) == 2 and len(hard) == 3:
        easy_total = sum(c.total for c in easy)
        hard_total = sum(c.total for c in hard)
        easy_wrong = sum(c.wrong for c in easy) / easy_total if easy_total else 0.0
        hard_correct = sum(c.correct for c in hard) / hard_total if hard_total else 0.0
        if hard_correct >= STRONG_HARD_CORRECT and easy_wrong > EASY_WRONG_LIMIT:
            reasons.append(
                f"T1–T2 WRONG rate {easy_wrong:.1%} while T5–T7 are {hard_correct:.1%} correct"
            )
    return reasons


def run_flags(
    run: ResultFile, model: ModelEntry, others: list[tuple[str, ResultFile]], judge_fam: str
) -> tuple[Flag, ...]:
    """Hazards of one run; `others` are the other runs of the same model, by run id."""
    flags = []
    reasons = contention_reasons(run, others)
    if reasons:
        flags.append(Flag("judge_contention", "; ".join(reasons)))
    if judge_fam == model.family:
        flags.append(
            Flag(
                "sibling_judge",
                f"judge {run.judge} is of the {model.family} family, like the model",
            )
        )
    if not run.complete:
        known = ", ".join(t for t in TIERS if t in run.tiers) or "none"
        reported = run.reported
        assert reported is not None  # the schema requires it for a partial run
        flags.append(
            Flag(
                "partial_run",
                f"tiers counted: {known}; accuracy "
                f"{reported.accuracy:g} reported at λ={reported.lam:g}",
            )
        )
    else:
        small = [f"{t} {run.tiers[t].total}" for t in TIERS if run.tiers[t].total < SMALL_TIER]
        if small:
            flags.append(
                Flag("small_sample", f"counted probes {', '.join(small)} (fewer than {SMALL_TIER})")
            )
        total = sum(c.total for c in run.tiers.values())
        refused = sum(c.refusal for c in run.tiers.values())
        hard = [
            f"{t} {run.tiers[t].refusal / run.tiers[t].total:.0%}"
            for t in HARD_TIERS
            if t in run.tiers
            and run.tiers[t].total
            and run.tiers[t].refusal / run.tiers[t].total > REFUSAL_HARD_TIER
        ]
        if total and refused / total > REFUSAL_HEAVY:
            flags.append(
                Flag(
                    "refusal_heavy",
                    f"{refused} of {total} counted probes refused ({refused / total:.0%})",
                )
            )
        elif hard:
            flags.append(Flag("refusal_heavy", f"hard tiers refused: {', '.join(hard)}"))
    return tuple(flags)


def model_flags(model: ModelEntry) -> tuple[Flag, ...]:
    if model.release_date and model.release_date > PROBES_PUBLIC:
        return (
            Flag(
                "contamination_risk",
                f"released {model.release_date}, after the probe "
                f"set became public ({PROBES_PUBLIC:%B %Y})",
            ),
        )
    return ()
