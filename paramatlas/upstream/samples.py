"""Sample answers from the pack's per-model result files: `data/probes/samples/<model>.json`.

The rule (stated in paramatlas/schema_probes.py too): of the clean, answered probes, the first
PER_CELL of each tier and verdict in probe-id order; no randomness, so the same pack gives the
same bytes. Flagged probes are never sampled; failed queries (empty responses) are counted only;
a researcher probe whose response does not name the researcher asked about is counted only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from paramatlas.errors import DataError, DataErrors
from paramatlas.probes import answered
from paramatlas.stats import TIERS
from paramatlas.upstream.common import PAPER_RUN_ID, cited_source, read_json
from paramatlas.upstream.results import registry

SAMPLES_DIR = "probes/samples"
PER_CELL = 2
# Long enough for a full sentence of an answer, short enough to keep a table row readable.
RESPONSE_CHARS = 300
VERDICTS = ("CORRECT", "WRONG", "REFUSAL")
FIELDS = ("probe_id", "tier", "question", "gold_answer", "model_response", "verdict")
# How a researcher probe names the person it asks about.
RESEARCHER = re.compile(r"research subfield of (.+?), and name one")


def reason_kind(reason: str) -> str:
    """A flag reason without its particulars: 'wikidata label-ambiguity (...)' ->
    'wikidata label-ambiguity'."""
    return reason.split(" (", 1)[0].strip()


def cut(text: str, limit: int = RESPONSE_CHARS) -> str:
    """The text, or its first `limit` characters and "…" when it is longer."""
    return text if len(text) <= limit else text[:limit] + "…"


def _checked(path: Path, records: Any) -> list[dict[str, Any]]:
    """The per-probe records, each with the fields a sample reads and a 3-way verdict."""
    if not isinstance(records, list):
        raise DataErrors([DataError(str(path), "results", "not a list", "per-probe records")])
    for i, record in enumerate(records):
        record = record if isinstance(record, dict) else {}
        bad = [f for f in FIELDS if not isinstance(record.get(f), str)]
        bad += [] if bad or record["verdict"] in VERDICTS else ["verdict"]
        bad += [] if bad or record["tier"] in TIERS else ["tier"]
        if bad:
            expected = f"text fields {', '.join(FIELDS)}; a verdict of {', '.join(VERDICTS)}"
            raise DataErrors(
                [DataError(str(path), f"results[{i}].{bad[0]}", "missing or malformed", expected)]
            )
    return records


def names_the_researcher(record: dict[str, Any]) -> bool:
    """Whether a researcher probe's response names (by first or last name) the researcher its
    question asks about; any other probe passes. In the pack some researcher probes hold a
    response about another person than the question names (the question changed after the
    run): such a response is no example of how the model answered the question shown."""
    if record.get("source_type") != "researcher":
        return True
    asked = RESEARCHER.search(record["question"])
    if asked is None:
        return False  # whom it asks about cannot be read: not shown
    response = record["model_response"].lower()
    return any(word.lower() in response for word in re.findall(r"[^\W\d_]{2,}", asked[1]))


def scored_answer(record: dict[str, Any], clean: set[str]) -> bool:
    """A clean probe whose query did not fail: one the run was scored on."""
    return record["probe_id"] in clean and answered(record["model_response"])


def unnamed(records: list[dict[str, Any]], clean: set[str]) -> int:
    """Clean, answered researcher probes left out of the samples: their response does not name
    the researcher asked about."""
    return sum(1 for r in records if scored_answer(r, clean) and not names_the_researcher(r))


def pick(records: list[dict[str, Any]], clean: set[str], per_cell: int = PER_CELL) -> list[dict]:
    """The first `per_cell` clean, answered records of each tier and verdict, in probe-id order,
    as samples ordered by tier, verdict, probe id (researcher probes only when the response
    names the researcher asked about)."""
    cells: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in sorted(records, key=lambda r: r["probe_id"]):
        if scored_answer(r, clean) and names_the_researcher(r):
            cell = cells.setdefault((r["tier"], r["verdict"]), [])
            if len(cell) < per_cell:
                cell.append(r)
    return [
        {
            "probe_id": r["probe_id"],
            "tier": r["tier"],
            "verdict": r["verdict"],
            "question": r["question"],
            "gold_answer": r["gold_answer"],
            "response": cut(r["model_response"]),
        }
        for tier in TIERS
        for verdict in VERDICTS
        for r in cells.get((tier, verdict), [])
    ]


def tier_counts(records: list[dict[str, Any]], clean: set[str]) -> dict[str, dict[str, int]]:
    """Verdicts of the clean, answered probes and failed queries of the clean ones, per tier."""
    tiers = {t: {"correct": 0, "wrong": 0, "refusal": 0, "query_errors": 0} for t in TIERS}
    for r in records:
        if r["probe_id"] in clean:
            key = r["verdict"].lower() if answered(r["model_response"]) else "query_errors"
            tiers[r["tier"]][key] += 1
    return tiers


def withheld(records: list[dict[str, Any]], clean: set[str], flagged: dict[str, str]) -> dict:
    """How many probes of the file are left out of the clean subset, per kind of reason."""
    kinds: dict[str, int] = {}
    for r in records:
        if r["probe_id"] not in clean:
            kind = reason_kind(flagged.get(r["probe_id"], "not in the clean list"))
            kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items()))


def model_samples(pack: Path, slug: str, mask: dict[str, Any]) -> dict[str, Any]:
    rel = f"data/results/{slug}.json"
    data = read_json(pack / rel)
    data = data if isinstance(data, dict) else {}
    if data.get("model_name") != slug:
        raise DataErrors(
            [DataError(str(pack / rel), "model_name", f"got {data.get('model_name')!r}", slug)]
        )
    records = _checked(pack / rel, data.get("results"))
    clean = set(mask["clean_ids"])
    return {
        "schema_version": 1,
        "model": slug,
        "run": PAPER_RUN_ID,
        "per_cell": PER_CELL,
        "response_chars": RESPONSE_CHARS,
        "probes": len(records),
        "clean": sum(1 for r in records if r["probe_id"] in clean),
        "withheld": withheld(records, clean, mask["flagged"]),
        "tiers": tier_counts(records, clean),
        "unnamed": unnamed(records, clean),
        "samples": pick(records, clean),
        "source": cited_source(rel, f"IKP per-probe results of {slug}"),
    }


def pack_samples(pack: Path) -> list[dict[str, Any]]:
    """Samples of every registry model whose per-probe result file the pack holds."""
    mask = read_json(pack / "data/probes/clean_mask.json")
    slugs = [m["slug"] for m in registry(pack)]
    return [
        model_samples(pack, slug, mask)
        for slug in slugs
        if (pack / "data/results" / f"{slug}.json").is_file()
    ]
