"""The pack's registry and its two published count sets, as our registry and result files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from paramatlas.stats import TIERS
from paramatlas.upstream.common import (
    PAPER_DATE,
    PAPER_RUN_ID,
    PAPER_SCORING,
    REFIT_DATE,
    REFIT_RUN_ID,
    REFIT_SCORING,
    REGISTRY_CITATION,
    WEIGHTS_CITATION,
    cited_source,
    display_name,
    read_json,
    result_file,
)


def registry(pack: Path) -> list[dict[str, Any]]:
    roster = read_json(pack / "configs/all_models.json")["models"]
    # The pack runs a reasoning entry as the same model id with reasoning on: its twin with
    # reasoning off, when the roster has one, is the same weights.
    plain = {e["id"]: slug for slug, e in roster.items() if not e.get("thinking")}
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
        if entry.get("thinking") and entry["id"] in plain:
            model["same_weights_as"] = plain[entry["id"]]
            model["weights_citation"] = dict(WEIGHTS_CITATION)
        models.append({k: v for k, v in model.items() if v is not None})
    return sorted(models, key=lambda m: m["slug"])


def paper_results(pack: Path) -> list[dict[str, Any]]:
    """One result per row of evaluation_summary.json: the clean subset, 3-way, λ=0."""
    clean = read_json(pack / "data/probes/clean_mask.json")["clean_ids"]
    clean_per_tier = Counter(probe.split("_")[1] for probe in clean)
    source = cited_source(
        "data/results/evaluation_summary.json", "IKP evaluation summary, cleaned 1,311-probe subset"
    )
    out = []
    for row in read_json(pack / "data/results/evaluation_summary.json"):
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
            result_file(
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
    source = cited_source(
        "data/results/final_assembly.json",
        "IKP final assembly, all 1,400 probes with 4-way researcher verdicts",
    )
    out = []
    for row in read_json(pack / "data/results/final_assembly.json"):
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
            result_file(
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
