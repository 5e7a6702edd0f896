"""What every part of the import shares: the pack's snapshot, licence, scorings and names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from paramatlas.errors import DataError, DataErrors
from paramatlas.schema import DEFAULT_JUDGE

SNAPSHOT = "e5c4231985048bb2db5dc2611b6eb659b891791d"
REPO_URL = f"https://github.com/ktwu01/ikp/blob/{SNAPSHOT}"
PAPER = "Bojie Li, Incompressible Knowledge Probes, arXiv:2604.24827"
LICENSE = "CC BY 4.0"
JUDGE = DEFAULT_JUDGE
REGISTRY_CITATION = {
    "text": f"IKP model registry (configs/all_models.json), ktwu01/ikp@{SNAPSHOT[:7]}",
    "url": f"{REPO_URL}/configs/all_models.json",
}

# The pack's README: a `-think` roster entry is its model `id` run with reasoning effort medium.
WEIGHTS_CITATION = {
    "text": f"IKP model registry (configs/all_models.json), ktwu01/ikp@{SNAPSHOT[:7]}: the same "
    "model id, run with reasoning effort medium",
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


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataErrors([DataError(str(path), "(file)", f"cannot read: {exc}")]) from exc


def cited_source(path: str, what: str) -> dict[str, str]:
    return {
        "text": f"{what}; {PAPER}; ktwu01/ikp@{SNAPSHOT[:7]} {path}",
        "url": f"{REPO_URL}/{path}",
        "license": LICENSE,
    }


def result_file(row: dict[str, Any], tiers: dict[str, dict[str, int]], **fields: Any) -> dict:
    """A result file for one upstream row; `fields` says which count set it belongs to."""
    return {
        "schema_version": 1,
        "model": row["model"],
        "judge": JUDGE,
        "workers": None,
        "tiers": tiers,
        **fields,
    }
