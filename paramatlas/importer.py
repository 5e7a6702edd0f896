"""`paramatlas import`: one upstream per-probe result file -> one compact result file.

Reads either format upstream writes: the evaluator's (`model_name`, `results[].model_response`,
`source_type`) or the estimator script's `--output` (`model`, `results[].response`). An optional
4-way re-judging of the researcher probes (`results_v2/<model>.json`) gives the refit-v2 count set.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from paramatlas import strict
from paramatlas.errors import DataError, DataErrors
from paramatlas.probes import answered
from paramatlas.schema import DEFAULT_JUDGE
from paramatlas.stats import TIERS

CLEAN_IDS_FILE = "probes/clean-1311.json"
# Upstream ignores a 4-way re-judging in which at least this share of queries failed.
V2_MAX_FAILED_SHARE = 0.95

_VERDICTS_3WAY = {"CORRECT": "correct", "WRONG": "wrong", "REFUSAL": "refusal"}
_VERDICTS_4WAY = {
    "CORRECT_STRONG": "correct",
    "CORRECT_WEAK": "weak",
    "WRONG": "wrong",
    "REFUSAL": "refusal",
}


def _fail(file: str, field: str, problem: str, expected: str = "") -> DataErrors:
    return DataErrors([DataError(file, field, problem, expected)])


# An upstream per-probe file of 1,400 probes is a few MB: a much larger one is not one.
MAX_INPUT_BYTES = 256 * 1024 * 1024


def _read(path: Path) -> dict[str, Any]:
    """An upstream file, read as strictly as a data file (no duplicated key, no NaN)."""
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise _fail(str(path), "(file)", f"{size:,} bytes", f"at most {MAX_INPUT_BYTES:,}")
        data = strict.loads_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(str(path), "(file)", f"cannot read: {exc.strerror}") from exc
    except ValueError as exc:
        raise _fail(str(path), "(file)", f"invalid JSON: {exc}", "valid JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise _fail(
            str(path),
            "results",
            "no list of per-probe results",
            "an upstream evaluator or estimator result file",
        )
    return data


def _response(record: dict[str, Any]) -> object:
    return record.get("model_response", record.get("response"))


def _timestamp_date(value: Any) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def count_verdicts(
    path: Path,
    *,
    clean_ids: set[str] | None,
    v2_path: Path | None = None,
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Tier counts and query errors from per-probe records.

    clean_ids given: count only those probes and drop failed queries (the paper's count set).
    Otherwise count all probes and score a failed query as the judge did (REFUSAL).
    v2_path given: researcher probes take their 4-way verdict from it.
    """
    data = _read(path)
    v2: dict[str, dict[str, Any]] = {}
    if v2_path is not None:
        records = _read(v2_path)["results"]
        failed = sum(1 for r in records if r.get("model_query_status") not in (200, None))
        if records and failed / len(records) < V2_MAX_FAILED_SHARE:
            v2 = {r["probe_id"]: r for r in records}
    tiers = {t: {"correct": 0, "weak": 0, "wrong": 0, "refusal": 0} for t in TIERS}
    query_errors = dict.fromkeys(TIERS, 0)
    seen: set[str] = set()
    for i, record in enumerate(data["results"]):
        where = f"results[{i}]"
        probe, tier = record.get("probe_id"), record.get("tier")
        if tier not in tiers or not isinstance(probe, str):
            raise _fail(str(path), f"{where}.tier", f"got {tier!r}", "one of T1..T7 and a probe_id")
        if probe in seen:
            raise _fail(str(path), f"{where}.probe_id", f"{probe} appears twice", "each probe once")
        seen.add(probe)
        if clean_ids is not None and probe not in clean_ids:
            continue
        if clean_ids is not None and not answered(_response(record)):
            query_errors[tier] += 1
            continue
        if probe in v2:
            verdict, table, source = v2[probe].get("verdict"), _VERDICTS_4WAY, str(v2_path)
        else:
            verdict, table, source = record.get("verdict"), _VERDICTS_3WAY, str(path)
        if verdict not in table:
            raise _fail(source, f"{where}.verdict", f"got {verdict!r}", f"one of {sorted(table)}")
        tiers[tier][table[verdict]] += 1
    return tiers, query_errors


def convert(
    path: Path,
    *,
    model: str,
    data_dir: Path,
    v2_path: Path | None = None,
    all_probes: bool = False,
    run_id: str | None = None,
    date: dt.date | None = None,
    workers: int | None = None,
    source_url: str | None = None,
    judge: str | None = None,
) -> dict[str, Any]:
    """The result-file dict for one upstream per-probe file (not yet written).

    Count sets: the cleaned subset with 3-way verdicts (default; the ikp-paper scoring), all
    probes with 4-way researcher verdicts (v2_path; ikp-refit-v2), or all probes with 3-way
    verdicts (all_probes; what upstream's estimator script scores).
    """
    header = _read(path)
    if v2_path is not None:
        scoring = {"probes": "all-1400", "researcher_verdicts": "4-way", "query_errors": "refusal"}
        clean_ids = None
    elif all_probes:
        scoring = {"probes": "all-1400", "researcher_verdicts": "3-way", "query_errors": "refusal"}
        clean_ids = None
    else:
        scoring = {
            "probes": "clean-1311",
            "researcher_verdicts": "3-way",
            "query_errors": "excluded",
        }
        mask_path = data_dir / CLEAN_IDS_FILE
        try:
            clean_ids = set(json.loads(mask_path.read_text(encoding="utf-8"))["clean_ids"])
        except (OSError, ValueError, KeyError) as exc:
            raise _fail(
                str(mask_path),
                "clean_ids",
                f"cannot read the clean probe list: {exc}",
                "the committed list of 1,311 probe ids",
            ) from exc
    tiers, query_errors = count_verdicts(path, clean_ids=clean_ids, v2_path=v2_path)
    date = date or _timestamp_date(header.get("reeval_timestamp") or header.get("evaluated_at"))
    if date is None:
        raise _fail(
            str(path),
            "reeval_timestamp",
            "the file does not say when it was run",
            "--date YYYY-MM-DD",
        )
    tag = "all1400-v2" if v2_path is not None else "all1400-3way" if all_probes else "clean1311"
    assumed = not (judge or header.get("judge_model"))
    judge = judge or header.get("judge_model") or DEFAULT_JUDGE
    counted = sum(sum(counts.values()) for counts in tiers.values())
    result: dict[str, Any] = {
        "schema_version": 1,
        "model": model,
        "run_id": run_id or f"{date.isoformat()}-{tag}",
        "date": date.isoformat(),
        "judge": str(judge),
        "workers": workers,
        "scoring": scoring,
        "tiers": tiers,
        "query_errors": query_errors if clean_ids is not None else None,
        "source": {
            "text": f"Imported from {path.name}"
            + (f" with 4-way researcher verdicts from {v2_path.name}" if v2_path else "")
            + f"; {counted} verdicts counted"
            + ("; judge assumed (the file names none): the IKP scripts' default" if assumed else "")
        },
    }
    if source_url:
        result["source"]["url"] = source_url
    return result
