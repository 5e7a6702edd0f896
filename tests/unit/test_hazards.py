"""Each hazard detector fires on a case that should trip it and stays silent on one that should
not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from paramatlas import hazards
from paramatlas.schema import ModelEntry, ResultFile
from paramatlas.stats import TIERS

GEMINI = ModelEntry(
    slug="g",
    name="G",
    vendor="google",
    family="gemini",
    arch="unknown",
    open=False,
    release_date=dt.date(2026, 5, 19),
)
LLAMA = ModelEntry(
    slug="l",
    name="L",
    vendor="meta",
    family="llama",
    arch="dense",
    open=True,
    params_B=8.0,
    size_citation={"text": "x"},
    release_date=dt.date(2024, 7, 23),
)
JUDGE = "google/gemini-3-flash-preview"


def run(tiers: dict[str, tuple[int, int, int]] | None = None, **fields: Any) -> ResultFile:
    counts = tiers or {t: (150, 10, 40) for t in TIERS}
    data = {
        "schema_version": 1,
        "model": "g",
        "run_id": fields.pop("run_id", "r"),
        "date": "2026-05-20",
        "judge": JUDGE,
        "workers": 16,
        "scoring": {
            "probes": "all-1400",
            "researcher_verdicts": "3-way",
            "query_errors": "refusal",
        },
        "tiers": {
            t: {"correct": c, "weak": 0, "wrong": w, "refusal": r}
            for t, (c, w, r) in counts.items()
        },
        "query_errors": None,
        "source": {"text": "test"},
    }
    data.update(fields)
    return ResultFile.model_validate(data)


def ids(result: ResultFile, model: ModelEntry = LLAMA, others=(), family="gemini") -> list[str]:
    return [f.id for f in hazards.run_flags(result, model, list(others), family)]


@pytest.mark.parametrize(
    ("workers", "concurrent", "fires"),
    [
        (64, 1, True),
        (16, 1, False),
        (8, 4, True),
        (16, None, False),
        (32, None, True),
    ],
)
def test_judge_contention_from_concurrency(
    workers: int, concurrent: int | None, fires: bool
) -> None:
    flags = hazards.run_flags(run(workers=workers, concurrent_runs=concurrent), LLAMA, [], "x")
    assert [f.id for f in flags] == (["judge_contention"] if fires else [])
    if fires:
        assert f"(limit {hazards.MAX_JUDGE_CONCURRENCY})" in flags[0].reason


def test_judge_contention_from_recorded_judge_errors() -> None:
    assert ids(run(judge_errors=3), family="x") == ["judge_contention"]
    assert ids(run(judge_errors=0), family="x") == []


def test_judge_contention_from_a_wrong_shift_between_runs() -> None:
    tiers = {t: (190, 5, 5) for t in TIERS}
    poisoned = run({**tiers, "T5": (134, 66, 0)}, run_id="run1")
    clean = run({"T5": (192, 7, 1)}, run_id="run3", reported={"accuracy": 0.8, "lambda": -1})
    flags = hazards.run_flags(poisoned, LLAMA, [("run3", clean)], "x")
    assert [f.id for f in flags] == ["judge_contention"]
    assert flags[0].reason.startswith("T5: 66/200 WRONG against 7/200 in run run3 (z = ")
    # The clean run is not flagged by the comparison: it has fewer WRONG, not more.
    assert "judge_contention" not in ids(clean, others=[("run1", poisoned)], family="x")


def test_a_wrong_shift_across_verdict_schemes_is_not_compared() -> None:
    poisoned = run({**{t: (190, 5, 5) for t in TIERS}, "T5": (134, 66, 0)}, run_id="a")
    four_way = run(
        {t: (192, 7, 1) for t in TIERS},
        run_id="b",
        scoring={"probes": "all-1400", "researcher_verdicts": "4-way", "query_errors": "refusal"},
    )
    assert ids(poisoned, others=[("b", four_way)], family="x") == []


def test_judge_contention_from_easy_tiers_a_strong_model_misses() -> None:
    strong = {
        "T1": (180, 20, 0),
        "T2": (180, 20, 0),
        "T3": (150, 50, 0),
        "T4": (120, 80, 0),
        "T5": (80, 60, 60),
        "T6": (70, 60, 70),
        "T7": (60, 60, 80),
    }
    assert ids(run(strong), family="x") == ["judge_contention"]
    weak = {**strong, "T5": (10, 60, 130), "T6": (5, 60, 135), "T7": (2, 60, 138)}
    assert ids(run(weak), family="x") == []  # a small model misses easy facts too


def test_sibling_judge() -> None:
    assert "sibling_judge" in ids(run(), GEMINI, family=hazards.judge_family(JUDGE, []))
    assert "sibling_judge" not in ids(run(), LLAMA, family=hazards.judge_family(JUDGE, []))
    registry = [GEMINI.model_copy(update={"api_id": "acme/judge-x", "family": "gemini"})]
    assert hazards.judge_family("acme/judge-x", registry) == "gemini"


@pytest.mark.parametrize(
    ("released", "fires"),
    [
        (dt.date(2026, 5, 19), True),
        (dt.date(2026, 4, 22), False),
        (None, False),
    ],
)
def test_contamination_risk(released: dt.date | None, fires: bool) -> None:
    model = GEMINI.model_copy(update={"release_date": released})
    assert [f.id for f in hazards.model_flags(model)] == (["contamination_risk"] if fires else [])


def test_partial_run() -> None:
    partial = run({"T5": (192, 7, 1)}, reported={"accuracy": 0.7979, "lambda": -1})
    flags = hazards.run_flags(partial, LLAMA, [], "x")
    assert [(f.id, f.reason) for f in flags] == [
        ("partial_run", "tiers counted: T5; accuracy 0.7979 reported at λ=-1")
    ]
    assert ids(run(), family="x") == []


def test_small_sample() -> None:
    tiers = {t: (150, 10, 40) for t in TIERS}
    assert ids(run({**tiers, "T7": (50, 9, 40)}), family="x") == ["small_sample"]  # 99
    assert ids(run({**tiers, "T7": (50, 10, 40)}), family="x") == []  # 100


def test_refusal_heavy() -> None:
    # 61% and 60% of 1,400 counted probes refused.
    heavy = {t: (70, 8, 122) for t in TIERS[:5]} | {t: (70, 9, 121) for t in TIERS[5:]}
    flags = hazards.run_flags(run(heavy), LLAMA, [], "x")
    assert [f.id for f in flags] == ["refusal_heavy"]
    assert flags[0].reason == "852 of 1400 counted probes refused (61%)"
    assert ids(run({t: (70, 10, 120) for t in TIERS}), family="x") == []


def test_every_hazard_is_documented_once() -> None:
    documented = [h.id for h in hazards.HAZARDS]
    assert len(documented) == len(set(documented))
    assert {
        "judge_contention",
        "lambda_mismatch",
        "scoring_mismatch",
        "sibling_judge",
        "contamination_risk",
        "extrapolation",
        "partial_run",
        "small_sample",
        "refusal_heavy",
    } <= set(documented)


def test_refusal_on_a_hard_tier_is_a_hazard_by_rule() -> None:
    """Flagged when more than REFUSAL_HEAVY of all counted probes are refused, or more than
    REFUSAL_HARD_TIER of a hard tier's; a share exactly at a threshold is not flagged."""
    from paramatlas.build import load_report
    from paramatlas.hazards import HARD_TIERS, REFUSAL_HARD_TIER, REFUSAL_HEAVY
    from tests.conftest import DATA

    report = load_report(DATA)
    hard_only = 0
    for _, run in report.data.results:
        if not run.complete:
            continue
        tiers = run.tiers.values()
        total = sum(c.total for c in tiers)
        overall = sum(c.refusal for c in tiers) / total if total else 0.0
        hard = [c.refusal / c.total for t in HARD_TIERS if (c := run.tiers[t]).total]
        expected = overall > REFUSAL_HEAVY or max(hard, default=0.0) > REFUSAL_HARD_TIER
        flagged = any(f.id == "refusal_heavy" for f in report.est.run_flags[run.model, run.run_id])
        assert flagged is expected, (run.model, run.run_id)
        hard_only += expected and overall <= REFUSAL_HEAVY
    assert hard_only >= 1  # the committed data have runs only the hard-tier rule catches
