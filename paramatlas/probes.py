"""The probe sets a count set can be taken over, and how many probes each tier holds."""

from __future__ import annotations

from typing import Any

from paramatlas.errors import DataError

# The full probe set: 1,400 probes, 200 in each of the seven tiers.
FULL_SET = {f"T{i}": 200 for i in range(1, 8)}


def answered(response: object) -> bool:
    """False for a failed query: upstream's cleaned scoring drops a record whose response is
    empty (the judge scored it REFUSAL), and so does every count set and sample here."""
    return isinstance(response, str) and bool(response.strip())


def tier_sizes(clean: Any, rel: str, errors: list[DataError]) -> dict[str, dict[str, int]]:
    """Probes per tier of each probe set: the full set and, when its list is committed, the
    cleaned subset (tier read from each probe id, "IKP_T3_0042")."""
    sizes = {"all-1400": dict(FULL_SET)}
    if clean is None:
        return sizes
    ids = clean.get("clean_ids") if isinstance(clean, dict) else None
    if not isinstance(ids, list) or not all(isinstance(i, str) and "_" in i for i in ids):
        expected = 'a list of probe ids such as "IKP_T3_0042"'
        errors.append(DataError(rel, "clean_ids", "missing or malformed", expected))
        return sizes
    tiers: dict[str, int] = {}
    for probe in ids:
        tier = probe.split("_")[1]
        tiers[tier] = tiers.get(tier, 0) + 1
    sizes["clean-1311"] = tiers
    return sizes
