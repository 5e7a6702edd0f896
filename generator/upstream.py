"""`paramatlas import-upstream`: convert the IKP data pack into data/ in our own format.

Reads the pack's registry, its two published count sets and its two published calibrations,
and writes models.yaml, one result file per model and count set, and one calibration file
per published calibration. Run once per pack snapshot; the output is committed.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DataError, DataErrors
from generator.stats import TIERS

SNAPSHOT = "e5c4231985048bb2db5dc2611b6eb659b891791d"
REPO_URL = f"https://github.com/ktwu01/ikp/blob/{SNAPSHOT}"
PAPER = "Bojie Li, Incompressible Knowledge Probes, arXiv:2604.24827"
LICENSE = "CC BY 4.0"
JUDGE = "google/gemini-3-flash-preview"
REGISTRY_CITATION = {
    "text": f"IKP model registry (configs/all_models.json), ktwu01/ikp@{SNAPSHOT[:7]}",
    "url": f"{REPO_URL}/configs/all_models.json",
}

# The count sets, as upstream made them (data pack README, "Two calibrations").
PAPER_SCORING = {"probes": "clean-1311", "researcher_verdicts": "3-way", "query_errors": "excluded"}
REFIT_SCORING = {"probes": "all-1400", "researcher_verdicts": "4-way", "query_errors": "refusal"}
PAPER_RUN_ID = "upstream-clean1311"
REFIT_RUN_ID = "upstream-all1400-v2"
# Commit dates of the two count-set files upstream (data pack README, file table).
PAPER_DATE = "2026-07-05"
REFIT_DATE = "2026-04-27"

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

_WORDS = {
    "gpt": "GPT",
    "glm": "GLM",
    "qwq": "QwQ",
    "smollm2": "SmolLM2",
    "deepseek": "DeepSeek",
    "minimax": "MiniMax",
    "mimo": "MiMo",
    "olmo": "OLMo",
    "oss": "oss",
    "ernie": "ERNIE",
    "hy3": "Hy3",
    "4o": "4o",
    "3n": "3n",
    "o1": "o1",
    "o3": "o3",
    "o4": "o4",
    "nex": "Nex",
}


def display_name(slug: str) -> str:
    """A readable name from a slug: 'qwen3-30b-a3b-think' -> 'Qwen3 30B A3B (thinking)'."""
    words = slug.split("-")
    thinking = words[-1] == "think"
    out = []
    for word in words[:-1] if thinking else words:
        if word in _WORDS:
            out.append(_WORDS[word])
        elif re.fullmatch(r"[a-z]?\d+(\.\d+)?(x\d+)?[bm]|[a-z]\d+(\.\d+)?", word):
            out.append(word.upper())
        else:
            out.append(word[:1].upper() + word[1:])
    name = re.sub(r"^GPT (?=\d)", "GPT-", " ".join(out))  # "GPT-5.5 Pro", as OpenAI writes it
    return name + (" (thinking)" if thinking else "")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataErrors([DataError(str(path), "(file)", f"cannot read: {exc}")]) from exc


def registry(pack: Path) -> list[dict[str, Any]]:
    roster = _read_json(pack / "configs/all_models.json")["models"]
    models = []
    for slug, entry in roster.items():
        model: dict[str, Any] = {
            "slug": slug,
            "name": display_name(slug),
            "vendor": entry["vendor"],
            "family": entry["family"],
            "arch": entry["arch"],
            "open": entry["type"] == "open",
            "params_B": entry.get("params_B"),
            "active_B": entry.get("active_B"),
            "release_date": entry.get("release_date"),
            "thinking": bool(entry.get("thinking", False)),
            "api_id": entry["id"],
        }
        notes = [entry["note"]] if entry.get("note") else []
        if entry.get("base_model"):
            notes.append(f"Base model: {entry['base_model']}.")
        if entry.get("ref_est_B"):
            notes.append(f"Upstream reference estimate: {entry['ref_est_B']}B.")
        if model["params_B"] is not None:
            model["size_citation"] = dict(REGISTRY_CITATION)
        if notes:
            model["note"] = " ".join(notes)
        models.append({k: v for k, v in model.items() if v is not None})
    return sorted(models, key=lambda m: m["slug"])


def _source(path: str, what: str) -> dict[str, str]:
    return {
        "text": f"{what}; {PAPER}; ktwu01/ikp@{SNAPSHOT[:7]} {path}",
        "url": f"{REPO_URL}/{path}",
        "license": LICENSE,
    }


def _result(row: dict[str, Any], tiers: dict[str, dict[str, int]], **fields: Any) -> dict:
    """A result file for one upstream row; `fields` says which count set it belongs to."""
    return {
        "schema_version": 1,
        "model": row["model"],
        "judge": JUDGE,
        "workers": None,
        "tiers": tiers,
        **fields,
    }


def paper_results(pack: Path) -> list[dict[str, Any]]:
    """One result per row of evaluation_summary.json: the clean subset, 3-way, λ=0."""
    clean = _read_json(pack / "data/probes/clean_mask.json")["clean_ids"]
    clean_per_tier = Counter(probe.split("_")[1] for probe in clean)
    source = _source(
        "data/results/evaluation_summary.json", "IKP evaluation summary, cleaned 1,311-probe subset"
    )
    out = []
    for row in _read_json(pack / "data/results/evaluation_summary.json"):
        stats = row["tier_stats"]
        tiers = {
            t: {
                "correct": stats[t]["correct"],
                "weak": 0,
                "wrong": stats[t]["wrong"],
                "refusal": stats[t]["refusal"],
            }
            for t in TIERS
        }
        out.append(
            _result(
                row,
                tiers,
                run_id=PAPER_RUN_ID,
                date=PAPER_DATE,
                scoring=PAPER_SCORING,
                query_errors={t: clean_per_tier[t] - stats[t]["total"] for t in TIERS},
                source=source,
                reported={"accuracy": row["accuracy"], "lambda": 0.0, "floored": True},
            )
        )
    return out


def refit_results(pack: Path) -> list[dict[str, Any]]:
    """One result per row of final_assembly.json: all 1,400 probes, 4-way researcher verdicts."""
    source = _source(
        "data/results/final_assembly.json",
        "IKP final assembly, all 1,400 probes with 4-way researcher verdicts",
    )
    out = []
    for row in _read_json(pack / "data/results/final_assembly.json"):
        stats = row["tier_stats"]
        tiers = {
            t: {
                "correct": stats[t]["strong"] + stats[t]["no_cs_match_correct"],
                "weak": stats[t]["weak"],
                "wrong": stats[t]["wrong"],
                "refusal": stats[t]["refusal"],
            }
            for t in TIERS
        }
        out.append(
            _result(
                row,
                tiers,
                run_id=REFIT_RUN_ID,
                date=REFIT_DATE,
                scoring=REFIT_SCORING,
                query_errors=None,
                source=source,
                reported={"accuracy": row["accuracy"], "lambda": -1.0, "floored": True},
                notes="Query failures were counted as REFUSAL; their number was not recorded.",
            )
        )
    return out


def _exclusions(table: dict[str, str]) -> list[dict[str, str]]:
    return [{"model": slug, "reason": reason} for slug, reason in sorted(table.items())]


def paper_calibration(pack: Path) -> dict[str, Any]:
    site = _read_json(pack / "website/public/data/calibration.json")
    sweep = _read_json(pack / "website/public/data/sensitivity.json")
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
            "minus the excluded models."
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
    refit = _read_json(pack / "data/results/calibration_refit_v2.json")
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
            "minus the excluded models."
        ),
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
    mask = _read_json(pack / "data/probes/clean_mask.json")
    return {
        "description": (
            "The cleaned IKP probe subset: 1,311 of 1,400 probes; the 89 others were flagged "
            "upstream (researcher name collisions, Wikidata label ambiguity, one disputed answer)."
        ),
        "source": _source("data/probes/clean_mask.json", "IKP clean probe mask"),
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


def _dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def import_pack(pack: Path, data_dir: Path) -> int:
    """Write the pack's registry, count sets and calibrations into data_dir; count the files."""
    header = (
        "# Model registry. Imported from the IKP data pack "
        f"(ktwu01/ikp@{SNAPSHOT[:7]}, {LICENSE}); edit by hand from here on.\n"
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "models.yaml").write_text(
        header + _dump_yaml({"models": registry(pack)}), encoding="utf-8"
    )
    write_json(data_dir / "probes" / "clean-1311.json", clean_probes(pack))
    written = 2
    for result in paper_results(pack) + refit_results(pack):
        write_json(data_dir / "results" / result["model"] / f"{result['run_id']}.json", result)
        written += 1
    (data_dir / "benchmarks").mkdir(parents=True, exist_ok=True)
    (data_dir / "benchmarks" / "ikp-upstream.yaml").write_text(
        _dump_yaml(benchmark_scores(pack)), encoding="utf-8"
    )
    written += 1
    for calibration in (paper_calibration(pack), refit_calibration(pack)):
        path = data_dir / "calibration" / f"{calibration['name']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump_yaml(calibration), encoding="utf-8")
        written += 1
    return written
