"""The Gemini 3.5 Flash report: every figure the notes published is reproduced from data/,
within the rounding they published it with, and the re-scored figures are what they are."""

from __future__ import annotations

import json

import pytest

from paramatlas.analyses import verdicts
from paramatlas.build import load_report
from paramatlas.present import published_text
from paramatlas.readings import EstimateError
from paramatlas.stats import TIERS, rerun_noise
from paramatlas.views.json import case_study_json
from tests.conftest import DATA


@pytest.fixture(scope="module")
def report():
    return load_report(DATA)


@pytest.fixture(scope="module")
def cs(report):
    return next(c for c in report.analysis.case_studies if c.study.name == "gemini-3.5-flash")


def same_to(published: float, computed: float, digits: int) -> bool:
    """True when `computed`, rounded to the significant digits `published` was given with,
    equals it."""
    return float(f"{computed:.{digits}g}") == published


def test_runs_as_the_notes_read_them(cs) -> None:
    assert same_to(33000, cs.headline.params_B, 2)  # 33T
    assert cs.headline.run_id == "notes-2026-05-run3"
    assert same_to(8100, cs.readings["notes-2026-05-run1"].params_B, 2)  # 8.1T
    flags = [f.id for f in cs.headline.flags]
    assert flags == [
        "sibling_judge",
        "partial_run",
        "contamination_risk",
        "scoring_mismatch",
        "extrapolation",
    ]


def test_judge_contention_flags_run_1_and_not_run_3(report) -> None:
    flags = report.est.run_flags
    run1 = {f.id: f.reason for f in flags["gemini-3.5-flash", "notes-2026-05-run1"]}
    run3 = {f.id for f in flags["gemini-3.5-flash", "notes-2026-05-run3"]}
    assert "64 workers × 1 concurrent run = 64 calls at once" in run1["judge_contention"]
    assert "T5: 66/200 WRONG against 7/200 in run notes-2026-05-run3" in run1["judge_contention"]
    assert "judge_contention" not in run3
    assert cs_tier_marks(report) == [("T5", "T5 dip: 66 WRONG vs 7")]


def cs_tier_marks(report) -> list[tuple[str, str]]:
    return list(report.analysis.case_studies[0].wrong_shifts)


@pytest.mark.parametrize(
    ("model", "estimate_B", "digits", "factor"),
    [
        ("qwen-2.5-7b", 8.1, 2, 1.07),
        ("llama-3.1-8b", 25, 2, 3.13),
        ("deepseek-v3", 1400, 2, 2.11),
        ("claude-opus-4.7", 2400, 2, None),
        ("hy3-preview", 2400, 2, 8),
    ],
)
def test_replication_estimates_and_factors(
    cs, model: str, estimate_B: float, digits: int, factor: float | None
) -> None:
    row = next(r for r in cs.replication if r.model.slug == model)
    assert same_to(estimate_B, row.estimate.params_B, digits)
    if factor is not None:
        assert same_to(factor, row.estimate.factor, len(str(factor).replace(".", "")))
    assert row.within_noise  # run-to-run noise alone explains every difference


def test_replication_deltas(cs) -> None:
    published = {
        "qwen-2.5-7b": -0.007,
        "llama-3.1-8b": -0.005,
        "deepseek-v3": 0.001,
        "claude-opus-4.7": -0.003,
        "hy3-preview": 0.003,
    }
    for row in cs.replication:
        # Upstream's figure is rescored from counts where the pack has them (to 1e-4 of the
        # notes' four-decimal figure), so Δ agrees with the notes to their rounding.
        assert row.delta == pytest.approx(published[row.model.slug], abs=1e-3)
    assert max(abs(r.delta) for r in cs.replication) <= 0.007


def test_anchor_factors_as_published_and_scored_consistently(cs) -> None:
    factors = {k: round(v.factor, 2) for k, v in cs.published_factors.items()}
    assert factors == {"llama-3.1-8b": 3.13, "deepseek-v3": 2.11, "hy3-preview": 8.11}
    # The issue of mixed scoring: hy3-preview is about 3.8× (4-way counts, refit-v2 fit) or
    # 4.7× (the paper's λ = 0 fit), not 8×.
    assert round(cs.matched_factors["hy3-preview"].factor, 1) == 3.8
    assert round(cs.default_factors["hy3-preview"].factor, 1) == 4.7
    # Scored consistently, a cohort member is graded by the fit made without it, as on the
    # anchors and λ pages: deepseek-v3 0.87× (0.88× by the full fit it helped draw).
    assert round(cs.matched_factors["deepseek-v3"].factor, 2) == 0.87
    assert round(cs.matched_factors["deepseek-v3"].estimate.factor, 2) == 0.88
    assert round(cs.matched_factors["llama-3.1-8b"].factor, 2) == 3.14
    # Each column reads its own count set, which the page names.
    runs = [f["hy3-preview"].estimate.run_id for f in (cs.published_factors, cs.matched_factors)]
    assert runs == ["notes-2026-05-replication", "upstream-all1400-v2"]


def test_disagreement_rows(cs) -> None:
    rows = {r.short: r for r in cs.rows}
    hardware = rows["hardware (quoted)"]
    assert (hardware.low_B, hardware.high_B) == (250, 400)
    assert rows["IKP, λ = -0.5"].params_B is None  # run 3's accuracy at λ=−0.5 was not published
    assert published_text(rows["IKP, λ = -0.5"]) == "24T"
    corrected = rows["IKP ÷ llama-3.1-8b / deepseek-v3"]
    assert (round(corrected.low_B), round(corrected.high_B)) == (10545, 15659)
    assert round(rows["IKP ÷ hy3-preview (as published)"].params_B) == 4071
    # A quoted range has no centre: the disagreement counts it by its edge nearer the others.
    assert hardware.params_B is None and hardware.quoted
    top = max(r.params_B for r in cs.rows if r.params_B)
    assert cs.disagreement == pytest.approx(top / hardware.high_B) and round(cs.disagreement) == 83
    gaps = {k: (round(lo, 1), round(hi, 1)) for k, (lo, hi) in cs.gap_after_frontier.items()}
    # Scored consistently is a range over the two fits that read hy3-preview's count sets.
    assert gaps == {"as published": (10.2, 10.2), "anchor scored consistently": (21.9, 21.9)}
    # The headline (an ikp-refit-v2 reading) is divided by the anchor's ikp-refit-v2 factor
    # only: never by another calibration's.
    corrected = rows["IKP ÷ hy3-preview (anchor scored consistently)"]
    factor = cs.matched_factors["hy3-preview"].factor
    assert corrected.params_B == pytest.approx(cs.headline.params_B / factor)
    assert corrected.low_B is None and corrected.high_B is None


def test_the_replication_claim_is_tested_as_stated_and_against_noise(cs) -> None:
    claim = cs.study.published.replication_claim
    assert claim == 0.005
    over = [r.model.slug for r in cs.replication if not r.within_claim]
    assert over == ["qwen-2.5-7b"]  # −0.0065 recomputed; llama's −0.0050 is within, as stated
    for r in cs.replication:
        assert r.within_claim == (round(abs(r.delta), 12) <= claim)
        assert 0.005 < r.noise < 0.05  # four tiers of 200 probes cannot agree closer by chance
    stated, noise = cs.conclusions[:2]
    assert (stated.verdict, noise.verdict) == ("does not survive", "survives")
    assert "0.005" in stated.yardstick and "own verdict shares" in noise.yardstick


def test_rerun_noise_is_deterministic_and_grows_as_probes_shrink() -> None:
    tiers = {t: {"correct": 120, "weak": 0, "wrong": 60, "refusal": 20} for t in TIERS}
    small = {t: {k: v // 4 for k, v in c.items()} for t, c in tiers.items()}
    args = {"quantile": 0.95}
    assert rerun_noise(tiers, -1.0, **args) == rerun_noise(tiers, -1.0, **args)
    assert rerun_noise(small, -1.0, **args) > 1.5 * rerun_noise(tiers, -1.0, **args)


def test_which_conclusions_survive(cs) -> None:
    assert [c.verdict for c in cs.conclusions] == [
        "does not survive",
        "survives",
        "does not survive",
        "partly survives",
        "survives",
        "does not survive",  # the Gemini family has drops in release order
    ]


def test_lambda_analysis_over_estimates_persist(report, cs) -> None:
    rows = {r.model.slug: r for r in report.analysis.lambda_rows("ikp-refit-v2", -0.5)}
    assert (
        round(rows["hy3-preview"].at_headline, 2),
        round(rows["hy3-preview"].at_compare, 2),
    ) == (3.77, 3.46)
    assert rows["llama-3.1-8b"].at_headline > 3 and rows["llama-3.1-8b"].at_compare > 3
    assert rows["llama-3.1-8b"].in_cohort and not rows["hy3-preview"].in_cohort


def test_family_ladder(report) -> None:
    ladders = {ladder.family: ladder for ladder in report.analysis.ladders}
    gemma3 = ladders["gemma3"]
    dates = [r.model.release_date for r in gemma3.rows]
    assert gemma3.monotone and dates == sorted(dates)
    gemini = ladders["gemini"]
    assert not gemini.monotone
    # A fall counts as a drop only beyond run-to-run noise: Gemini 3.1 Pro's 0.006 below
    # Gemini 3 Flash (thinking) is within the 0.019 chance allows; the other three are not.
    small = [(a.model.slug, b.model.slug) for a, b in gemini.small_falls]
    assert small == [("gemini-3-flash-think", "gemini-3.1-pro")]
    assert len(gemini.drops) == 3
    for a, b in gemini.drops:
        assert a.accuracy - b.accuracy > max(a.noise, b.noise) > 0.01
    for a, b in gemini.small_falls:
        assert 0 < a.accuracy - b.accuracy <= max(a.noise, b.noise)


def test_the_monotone_verdict_names_drops_and_falls_within_noise(cs) -> None:
    verdict = next(c for c in cs.conclusions if c.published == "monotone")
    assert verdict.verdict == "does not survive"
    assert verdict.recomputed.startswith("3 drops in 11 releases")
    assert (
        "1 smaller fall within run-to-run noise: gemini-3.1-pro 0.856 after" in verdict.recomputed
    )
    assert "more than run-to-run noise" in verdict.yardstick


def test_the_default_estimate_refuses_mismatched_runs(report) -> None:
    with pytest.raises(EstimateError, match=r"gemini-3\.5-flash has no run scored like"):
        report.est.estimate("gemini-3.5-flash")
    view = next(v for v in report.models if v.entry.slug == "gemini-3.5-flash")
    assert view.estimate is None and view.published.run_id == "notes-2026-05-run3"


def test_cli_reproduces_the_case_study(run_cli) -> None:
    code, out, _ = run_cli(
        "--data",
        str(DATA),
        "ikp",
        "gemini-3.5-flash",
        "--run",
        "notes-2026-05-run3",
        "--as-published",
        "--json",
    )
    estimate = json.loads(out)
    assert code == 0 and same_to(33000, estimate["params_B"], 2)
    assert estimate["calibration"] == "ikp-refit-v2" and estimate["as_published"]
    # Read with the paper's λ = 0 fit, the λ = −1 accuracy is a λ mismatch.
    code, out, _ = run_cli(
        "--data",
        str(DATA),
        "ikp",
        "gemini-3.5-flash",
        "--run",
        "notes-2026-05-run3",
        "--as-published",
        "--calibration",
        "ikp-paper",
        "--json",
    )
    assert code == 0 and "lambda_mismatch" in json.loads(out)["flags"]
    code, out, _ = run_cli("--data", str(DATA), "case-study", "gemini-3.5-flash")
    study = json.loads(out)
    assert code == 0 and round(study["factors"]["as_published"]["hy3-preview"], 2) == 8.11
    verdicts = {c["claim"]: c["verdict"] for c in study["conclusions"]}
    assert [v for k, v in verdicts.items() if "about 8×" in k] == ["does not survive"]
    code, _, err = run_cli("--data", str(DATA), "ikp", "gemini-3.5-flash", "--as-published")
    assert (code, err) == (1, "error: --as-published reads one run: give it with --run\n")


def test_ladders_check_release_order_and_known_sizes() -> None:
    report = load_report(DATA)
    for ladder in report.analysis.ladders:
        known = [r for r in ladder.rows if r.model.params_B]
        pairs = [
            (a, b) for i, a in enumerate(known) for b in known[i + 1 :]
            if a.model.params_B != b.model.params_B
        ]  # fmt: skip
        assert ladder.size_pairs == len(pairs)
        assert ladder.size_agree == sum(
            (a.model.params_B < b.model.params_B) == (a.estimate_B < b.estimate_B) for a, b in pairs
        )


def test_what_the_release_dates_allow() -> None:
    from paramatlas.hazards import PROBES_PUBLIC

    report = load_report(DATA)
    rows = {r.model.slug: r for r in report.analysis.anchors(set())}
    hy3 = rows["hy3-preview"]
    assert hy3.model.release_date < PROBES_PUBLIC and hy3.released_before_probes
    assert all(
        r.released_before_probes == (r.model.release_date < PROBES_PUBLIC)
        for r in rows.values()
        if r.model.release_date
    )


def test_the_frontier_moe_conclusion_is_held_against_known_sizes(report, cs) -> None:
    # The known-size MoEs of at least 100B released in hy3-preview's year, as the anchors page
    # reads them: the LOO band misses four of nineteen.
    assert cs.frontier_year == 2026
    peers = {row.model.slug: inside for row, inside in cs.frontier_peers}
    assert len(peers) == 19
    missed = sorted(slug for slug, inside in peers.items() if not inside)
    assert missed == [
        "deepseek-v4-flash",
        "deepseek-v4-flash-think",
        "deepseek-v4-pro",
        "hy3-preview",
    ]
    band = report.est.fitted("ikp-paper").loo.fold_cover90
    for row, inside in cs.frontier_peers:
        assert row.model.arch == "moe" and row.model.params_B >= 100
        assert inside == (1 / band <= row.factor <= band)
    # 15 of 19 inside a band that claims 90%: chance alone does as badly about 11% of the time.
    assert cs.frontier_shortfall == pytest.approx(0.115, abs=0.001)
    # Four are the thinking variants of models counted beside them (DeepSeek V4 Flash and Pro,
    # GLM 5 and 5.1); thinking-only entries (Kimi K2.5, Step 3.5 Flash, …) are not.
    assert cs.frontier_variants == 4
    # `paramatlas case-study` gives every number the page's paragraph shows.
    numbers = case_study_json(cs, report.analysis.ladders)
    assert numbers["frontier_moes_of_known_size"]["models"].keys() == peers.keys()
    ladders = report.analysis.ladders
    assert numbers["known_size_pairs"] == sum(ladder.size_pairs for ladder in ladders) > 100
    assert numbers["families_monotone"] == sum(ladder.monotone for ladder in ladders)


def test_far_worse_is_judged_within_each_fit(cs) -> None:
    # The frontier anchor is held against the range anchors of the same fit, never another's.
    verdict = next(c for c in cs.conclusions if "far worse" in c.claim)
    assert "ikp-refit-v2: 3.77× against 0.87–3.14×" in verdict.recomputed
    assert "ikp-paper: 4.69× against 0.96–1.09×" in verdict.recomputed
    assert verdict.verdict == "partly survives"  # survives in ikp-paper, partly in ikp-refit-v2
    both = {"a": (4.69, (0.96, 1.09)), "b": (3.77, (0.87, 3.14))}
    published = (8.11, (2.11, 3.13))
    assert verdicts.far_worse("x", ["y"], published, {"a": both["a"]}).verdict == "survives"
    below = {**both, "c": (2.0, (1.0, 3.0))}
    assert verdicts.far_worse("x", ["y"], published, below).verdict == "does not survive"
