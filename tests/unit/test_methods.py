"""The other methods on known cases, including cases that must fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from paramatlas.build import load_report
from paramatlas.downloads import downloads
from paramatlas.methods import arch
from paramatlas.methods.compute import SOURCES, compute, tokens_per_param
from paramatlas.methods.hardware import hardware
from paramatlas.rules import summary_of
from paramatlas.schema import HardwareInputs
from tests.conftest import DATA, FIXTURES


def config(slug: str) -> dict:
    return yaml.safe_load((DATA / "architectures" / f"{slug}.yaml").read_text())["config"]


@pytest.mark.parametrize(
    ("slug", "total", "active"),
    [
        ("llama-3.1-8b", 8_030_261_248, 8_030_261_248),  # published: 8.03B
        ("qwen-2.5-7b", 7_615_616_512, 7_615_616_512),  # published: 7.61B
        ("deepseek-v3", 671_026_419_200, 37_552_297_472),  # published: 671B total, 37B active
    ],
)
def test_architecture_counts_match_published_sizes(slug: str, total: int, active: int) -> None:
    counted = arch.count(config(slug))
    assert (counted.total, counted.active, counted.tensor_sum) == (total, active, total)


def test_mixtral_counts_experts_in_total_and_two_in_active() -> None:
    counted = arch.count(json.loads((FIXTURES / "configs/mixtral-8x7b.json").read_text()))
    assert round(counted.total / 1e9, 1) == 46.7 and round(counted.active / 1e9, 1) == 12.9


def test_tied_embeddings_are_counted_once() -> None:
    tied = {**config("llama-3.1-8b"), "tie_word_embeddings": True}
    assert arch.count(tied).total == 8_030_261_248 - 128256 * 4096


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"model_type": "rwkv"}, "model_type 'rwkv' is not supported"),
        ({"hidden_size": None}, "missing 'hidden_size'"),
    ],
)
def test_unreadable_configs_fail(change: dict, message: str) -> None:
    with pytest.raises(arch.ConfigError, match=message):
        arch.count({**config("llama-3.1-8b"), **change})


def test_the_two_counts_must_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    real = arch.tensors
    monkeypatch.setattr(
        arch, "tensors", lambda cfg: {k: v for k, v in real(cfg).items() if k != "lm_head.weight"}
    )
    with pytest.raises(arch.ConfigError, match="closed form 8,030,261,248 and tensor sum "):
        arch.count(config("llama-3.1-8b"))


@pytest.fixture(scope="module")
def report():
    return load_report(DATA)


@pytest.mark.parametrize(
    ("bench", "n", "r2", "ikp_r2"),
    [
        ("simpleqa", 10, 0.904, 0.994),
        ("mmlu", 30, 0.705, 0.8875),
        ("mmlu_pro", 25, 0.689, 0.895),
        ("gpqa_diamond", 30, 0.520, 0.902),
    ],
)
def test_benchmark_regressions_reproduce_the_upstream_comparison(
    report, bench: str, n: int, r2: float, ikp_r2: float
) -> None:
    fit = report.methods.benchmark_fits[bench]
    assert fit.n == n
    assert round(fit.r_squared, 3) == r2
    assert round(fit.ikp_r_squared, len(str(ikp_r2)) - 2) == ikp_r2
    published = next(bf for _, bf in report.data.benchmarks).published[bench]
    assert (published.n, round(fit.r_squared, 4)) == (fit.n, published.r_squared)
    assert fit.cv_r_squared < fit.r_squared  # out of sample is harder than in sample


def test_a_benchmark_with_too_few_models_has_no_fit(report, run_cli) -> None:
    assert "hle" not in report.methods.benchmark_fits  # 4 cohort models have a score
    code, _, err = run_cli("--data", str(DATA), "benchmark-fit", "hle")
    assert code == 1 and "no fit for benchmark 'hle'" in err


def test_benchmark_predictions_outside_the_fitted_scores_are_speculative(report) -> None:
    estimates = {e.label: e for e in report.methods.benchmark_estimates("gemini-2.5-flash-lite")}
    assert (
        estimates["SimpleQA regression (58.8%, outside the fitted scores)"].confidence
        == "Speculative"
    )
    assert estimates["MMLU regression (85.9%)"].confidence == "Low"


@pytest.mark.parametrize(
    ("slug", "flop", "confidence", "status", "method"),
    [
        # Published tokens come before a tracker's override.
        ("llama-3.1-405b", 6 * 405e9 * 15e12, "High", "Confirmed Above", "known specifications"),
        ("gpt-4", 2.1e25, "Medium", "Likely Above", "expert override"),
        # 1.5e26 FLOP implies about 250T tokens at its IKP size: implausible, graded lowest.
        ("claude-opus-4", 1.5e26, "Speculative", "Uncertain", "expert override"),
        (
            "gpt-oss-120b-think",
            2.1e6 * 3600 * 9.89e14 * 0.4,
            "Medium",
            "Likely Below",
            "published accelerator-hours",
        ),
        ("llama-3.1-8b", 6 * 8.03e9 * 15e12, "High", "Confirmed Below", "known specifications"),
        ("deepseek-v3", 6 * 37e9 * 14.8e12, "High", "Confirmed Below", "known specifications"),
        ("gemma-3-27b", 6 * 27e9 * 14e12, "High", "Confirmed Below", "known specifications"),
        ("command-r7b", 6 * 7e9 * 20 * 7e9, "Medium", "Likely Below", "parameter-based scaling"),
    ],
)
def test_training_compute(
    report, slug: str, flop: float, confidence: str, status: str, method: str
) -> None:
    c = report.methods.compute(slug)
    assert (c.flop, c.confidence, c.status, c.method) == (
        pytest.approx(flop),
        confidence,
        status,
        method,
    )


def test_compute_takes_the_best_source_and_variants_share_it(report) -> None:
    entries = [e for _, e in report.data.compute]
    overridden = {e.model for e in entries if e.method == "override"}
    for slug in report.est.models:
        group = report.methods.variants(slug)
        figures = {report.methods.compute(m.slug).flop for m in group}
        assert len(figures) == 1, slug  # one training, one figure
        own = compute(report.est.models[slug], entries)
        shared = report.methods.compute(slug)
        assert shared.rank <= own.rank  # a variant's better source is taken, never a worse one
        if slug in overridden:  # an override is taken unless a developer's figure ranks first
            assert shared.rank <= SOURCES.index("expert override")


def test_compute_from_an_ikp_estimate_is_speculative_and_uncertain(report, run_cli) -> None:
    code, out, _ = run_cli("--data", str(DATA), "compute", "gpt-5", "--json")
    assert code == 0
    assert {k: json.loads(out)[k] for k in ("confidence", "status", "method")} == {
        "confidence": "speculative",
        "status": "Uncertain",
        "method": "size heuristic",
    }


def hardware_inputs(**change) -> HardwareInputs:
    cite = {"citation": {"text": "test"}}
    data = {
        "model": "x",
        "accelerator": "chip",
        "memory_GB": {"value": 192, **cite},
        "bandwidth_TBps": {"value": 8, **cite},
        "chips": {"value": 8, **cite},
        "decode_tokens_per_s": {"value": 100, **cite},
        "bytes_per_param": {"value": 1, **cite},
        "utilisation": {"low": 0.4, "high": 0.6, **cite},
    }
    data.update(change)
    return HardwareInputs.model_validate(data)


def test_hardware_back_calculation_by_hand() -> None:
    r = hardware(hardware_inputs())
    # 8 TB/s × 8 chips × 0.4 / (100 tokens/s × 1 byte) = 256 B active; 0.6 gives 384 B.
    assert (r.active_low_B, r.active_high_B) == (pytest.approx(256), pytest.approx(384))
    assert r.total_max_B == pytest.approx(192 * 8)  # 1,536 GB of memory at 1 byte each


def test_hardware_inputs_must_be_consistent() -> None:
    with pytest.raises(ValueError, match="low is above high"):
        hardware_inputs(utilisation={"low": 0.9, "high": 0.5, "citation": {"text": "t"}})


def test_disagreement_for_the_case_study_model(report) -> None:
    d = report.methods.disagreement("gemini-3.5-flash")
    assert [e.method for e in d.estimates] == ["ikp", "quoted"]
    assert round(d.estimates[0].params_B / d.estimates[1].params_B) == 104  # all readings
    assert d.factor is None  # the 33T reading is set aside: one usable reading is left
    assert d.summary.method == "quoted" and d.summary.confidence == "Speculative"


def test_disclosed_size_leads_the_summary(report) -> None:
    d = report.methods.disagreement("deepseek-v3")
    assert d.summary.label == "Disclosed size"
    assert ("Disclosed size", "IKP (ikp-paper, λ = 0)") in d.overlaps  # 671B is in IKP's band
    centers = [e.params_B for e in d.estimates if e.usable]
    assert d.factor == max(centers) / min(centers) and 671.0264192 in [round(c, 7) for c in centers]


def test_disagreement_page_ranks_by_factor(report) -> None:
    factors = [d.factor for d in report.methods.disagreements]
    assert factors == sorted(factors, reverse=True) and factors[0] > 10


def test_estimate_json_lists_every_method(run_cli) -> None:
    code, out, _ = run_cli("--data", str(DATA), "estimate", "deepseek-v3", "--json")
    methods = [m["method"] for m in json.loads(out)["methods"]]
    # The IKP reading of each calibration that can read it.
    assert code == 0 and methods == ["disclosed", "architecture", "ikp", "ikp"]


def test_arch_command(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config("deepseek-v3")))
    code, out, _ = run_cli("arch", str(path), "--json")
    assert code == 0 and json.loads(out) == {
        "total_params": 671_026_419_200,
        "active_params": 37_552_297_472,
        "tensor_sum_total": 671_026_419_200,
        "tensors": 45_395,
    }
    path.write_text(json.dumps({"model_type": "rwkv"}))
    code, _, err = run_cli("arch", str(path), "--json")
    assert code == 1 and "model_type 'rwkv' is not supported" in err


def test_summary_is_read_from_one_rule_by_page_download_and_cli(report, run_cli) -> None:
    published = json.loads(downloads(report)["downloads/estimates.json"])["models"]
    for slug in ("deepseek-v3", "claude-opus-4.1", "gemini-3.5-flash"):
        best, reason = summary_of(report.methods.estimates(slug))
        assert published[slug]["summary"]["method"] == best.method
        assert published[slug]["summary"]["reason"].startswith(reason)
        d = report.methods.disagreement(slug)
        assert d.summary == best and d.reason == published[slug]["summary"]["reason"]
    code, out, _ = run_cli("--data", str(DATA), "estimate", "deepseek-v3", "--json")
    assert code == 0 and json.loads(out)["summary"]["method"] == "disclosed"


def test_every_compute_figure_gives_its_tokens_and_an_implausible_one_is_graded_lowest(
    report,
) -> None:
    flagged = 0
    for slug, model in report.est.models.items():
        c = report.methods.compute(slug)
        if c.flop is None:
            continue
        assert c.tokens is not None, slug  # every figure rests on or implies a token count
        if not c.plausible:
            assert c.confidence == "Speculative" and c.status == "Uncertain", slug
            assert "outside the plausible" in c.basis
            flagged += 1
        if c.method == "parameter-based scaling" and model.arch == "moe":
            # Tokens scale with the parameters a token costs, never with an MoE's total.
            per_param = tokens_per_param(model)[0]
            assert c.tokens == pytest.approx(per_param * model.active_B * 1e9), slug
    assert flagged >= 1


def test_published_accelerator_hours_show_their_conversion(report) -> None:
    entries = [e for _, e in report.data.compute if e.method == "gpu_hours"]
    assert entries
    for e in entries:
        c = report.methods.compute(e.model)
        assert c.method == "published accelerator-hours"
        assert c.flop == pytest.approx(e.gpu_hours * 3600 * e.peak_flops * e.utilization)
        assert f"{e.gpu_hours:.3g} accelerator-hours × 3,600 s" in c.basis
