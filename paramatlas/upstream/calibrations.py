"""The pack's two published calibrations, its clean probe list and its benchmark scores."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from paramatlas.errors import DataError, DataErrors
from paramatlas.upstream.common import (
    PAPER,
    PAPER_RUN_ID,
    PAPER_SCORING,
    REFIT_RUN_ID,
    REFIT_SCORING,
    REPO_URL,
    SNAPSHOT,
    cited_source,
    read_json,
)
from paramatlas.upstream.results import refit_results, registry

EXCLUDED = {
    "minimax-m1-think": "Broken API: mostly empty answers.",
    "hunyuan-a13b": "80B MoE scoring below 12B dense models.",
    "hunyuan-a13b-think": "80B MoE scoring below 12B dense models.",
    "hermes-3-405b": "Superseded by hermes-4-405b; a 3.5σ outlier.",
    "ling-2.6-flash": "104B MoE scoring like a 1B model.",
    "deepseek-v3.1-nex-n1": "Third-party post-training of DeepSeek V3.1; −5.58σ.",
    "intellect-3-think": "SFT+RL post-training of GLM-4.5-Air-Base.",
}
WITHHELD = {
    slug: "Gemini 3.1 Pro is the landmark the probe tiers were built with; "
    "upstream holds that its Gemini 3.x siblings inherit the inflation."
    for slug in (
        "gemini-3.1-pro",
        "gemini-3-flash",
        "gemini-3-flash-think",
        "gemini-3.1-flash-lite",
    )
}


def _exclusions(table: dict[str, str]) -> list[dict[str, str]]:
    return [{"model": slug, "reason": reason} for slug, reason in sorted(table.items())]


def _cohort(pack: Path, run_id: str, sizes: dict[str, float]) -> list[dict[str, Any]]:
    """The (model, run, size) pairs a calibration was fitted on, in registry order."""
    order = [m["slug"] for m in registry(pack)]
    return [
        {"model": slug, "run": run_id, "params_B": sizes[slug]} for slug in order if slug in sizes
    ]


def paper_calibration(pack: Path) -> dict[str, Any]:
    site = read_json(pack / "website/public/data/calibration.json")
    sweep = read_json(pack / "website/public/data/sensitivity.json")
    fit, loo = site["fit"], site["loo_cv"]
    rows = []
    for row in sweep["rows"]:
        published = {
            "lambda": row["lambda"],
            "n": sweep["n_calibration"],
            "slope": row["slope_pp"] / 100,
            "r_squared": row["r_squared"],
            "loo_median_fold": row["loo_median_fold"],
            "loo_within_2x": row["within_2x"],
            "pi90_factor": row["pi_factor"],
        }
        if row["lambda"] == sweep["operating_point"]:
            published.update(
                slope=fit["slope"],
                intercept=fit["intercept"],
                residual_se=fit["residual_se"],
                loo_within_3x=loo["within_3x"],
                loo_r_squared=loo["r_squared"],
            )
        rows.append(published)
    estimates = [
        {
            "model": e["model"],
            "accuracy": e["accuracy"],
            "params_B": e["estimated_B"],
            "low_B": e["pi_lo"],
            "high_B": e["pi_hi"],
            "run": PAPER_RUN_ID,
        }
        for e in site["proprietary_estimates"]
    ]
    folds = [{"model": p["model"], "fold_error": p["fold_err"]} for p in loo["predictions"]]
    return {
        "name": "ikp-paper",
        "title": "IKP paper and website calibration",
        "description": (
            "The calibration of the IKP paper and website: open models scored on the cleaned "
            "1,311-probe subset (each model's failed queries dropped) with 3-way verdicts; "
            "headline λ = 0."
        ),
        "scoring": PAPER_SCORING,
        "headline_lambda": 0.0,
        "lambdas": [row["lambda"] for row in sweep["rows"]],
        "cohort_rule": (
            "Every open model with a known size and a count set of this scoring, "
            "minus the excluded models, as the source fitted it: the cohort below is pinned "
            "(model, run, size), so later runs and registry edits never move this fit."
        ),
        "cohort": _cohort(
            pack, PAPER_RUN_ID, {p["model"]: p["params_B"] for p in site["calibration_points"]}
        ),
        "excluded": _exclusions(EXCLUDED),
        "withheld": _exclusions(WITHHELD),
        "published": {
            "source": {
                "text": f"IKP website data (website/public/data/calibration.json and "
                f"sensitivity.json, the paper's λ table); {PAPER}",
                "url": f"{REPO_URL}/website/public/data/calibration.json",
            },
            "rows": sorted(rows, key=lambda r: -r["lambda"]),
            "estimates": sorted(estimates, key=lambda e: e["model"]),
            "loo_folds": sorted(folds, key=lambda f: f["model"]),
        },
    }


def refit_calibration(pack: Path) -> dict[str, Any]:
    refit = read_json(pack / "data/results/calibration_refit_v2.json")
    # Upstream publishes the refit's statistics but not its cohort: it is every open model of
    # known size with a 4-way count set, minus the exclusions (the rule its script applies).
    counted = {r["model"] for r in refit_results(pack)}
    sizes = {
        m["slug"]: m["params_B"]
        for m in registry(pack)
        if m["open"] and m["params_B"] and m["slug"] in counted and m["slug"] not in EXCLUDED
    }
    return {
        "name": "ikp-refit-v2",
        "title": "IKP refit v2 calibration",
        "description": (
            "Upstream's refit on all 1,400 probes with 4-way verdicts on the researcher probes "
            "(weak answers earn half credit; failed queries count as refusals); headline λ = −1, "
            "the fit its estimator script reads."
        ),
        "scoring": REFIT_SCORING,
        "headline_lambda": refit["lambda"],
        "lambdas": [row["lambda"] for row in refit["sensitivity_sweep"]],
        "cohort_rule": (
            "Every open model with a known size and a count set of this scoring, "
            "minus the excluded models, as the source fitted it: the cohort below is pinned "
            "(model, run, size), so later runs and registry edits never move this fit."
        ),
        "cohort": _cohort(pack, REFIT_RUN_ID, sizes),
        "excluded": _exclusions(EXCLUDED),
        "published": {
            "source": {
                "text": f"IKP data/results/calibration_refit_v2.json; {PAPER}",
                "url": f"{REPO_URL}/data/results/calibration_refit_v2.json",
            },
            "rows": [dict(row) for row in refit["sensitivity_sweep"]],
        },
    }


def clean_probes(pack: Path) -> dict[str, Any]:
    mask = read_json(pack / "data/probes/clean_mask.json")
    return {
        "description": (
            "The cleaned IKP probe subset: 1,311 of 1,400 probes; the 89 others were flagged "
            "upstream (researcher name collisions, Wikidata label ambiguity, one disputed answer)."
        ),
        "source": cited_source("data/probes/clean_mask.json", "IKP clean probe mask"),
        "flagged": mask["flagged"],
        "clean_ids": sorted(mask["clean_ids"]),
    }


BENCHMARKS = {
    "mmlu": "MMLU",
    "mmlu_pro": "MMLU-Pro",
    "gpqa_diamond": "GPQA Diamond",
    "simpleqa": "SimpleQA",
    "hle": "Humanity's Last Exam",
}


def benchmark_scores(pack: Path) -> dict[str, Any]:
    """Vendor-published scores upstream gathered for its benchmark comparison."""
    path = pack / "data/benchmarks/benchmark_scores.csv"
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    except OSError as exc:
        raise DataErrors([DataError(str(path), "(file)", f"cannot read: {exc}")]) from exc
    summary = {
        r["metric"]: r
        for r in csv.DictReader(
            (pack / "data/benchmarks/regression_summary.csv")
            .read_text(encoding="utf-8")
            .splitlines()
        )
    }
    published = {
        b: {
            "n": int(summary[b]["n"]),
            "r_squared": float(summary[b]["r2"]),
            "ikp_r_squared": float(summary[f"IKP (subset matching {b})"]["r2"]),
        }
        for b in BENCHMARKS
        if b in summary
    }
    out = []
    for row in rows:
        scores = {b: float(row[b]) for b in BENCHMARKS if row.get(b)}
        out.append({"model": row["model"], "scores": scores, "source": row["source_notes"]})
    return {
        "benchmarks": BENCHMARKS,
        "citation": {
            "text": f"Vendor-published scores gathered by IKP (data/benchmarks/, with the primary "
            f"source of every score in raw_*.md); {PAPER}; ktwu01/ikp@{SNAPSHOT[:7]}",
            "url": f"{REPO_URL}/data/benchmarks/benchmark_scores.csv",
        },
        "rows": sorted(out, key=lambda r: r["model"]),
        "published": published,
    }
