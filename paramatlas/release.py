"""Releases: a ledger of every estimate at a version, the history of each model across
ledgers, and what moved between two releases and why.

A ledger is data (`data/releases/<version>.json`): written once, when the release is made,
and read by every later build. It is left out of the data digest, so a ledger names exactly
the data it was made from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paramatlas.cache import digest
from paramatlas.errors import DataError, DataErrors
from paramatlas.load import version_order
from paramatlas.present import json_safe
from paramatlas.schema import RELEASE_VERSION
from paramatlas.views.json import estimate_json
from paramatlas.views.report import Report

VERSION = re.compile(RELEASE_VERSION)


# What a ledger keeps of each model's default estimate (the fields of estimate_json).
LEDGER_FIELDS = (
    "params_B",
    "low_B",
    "high_B",
    "loo_low_B",
    "loo_high_B",
    "pi_low_B",
    "pi_high_B",
    "accuracy",
    "calibration",
    "lambda",
    "run_id",
    "flags",
)


# What a ledger keeps of each model's answer (the fields of Answer.as_json): the number a
# release published, which moves are measured on.
ANSWER_FIELDS = ("params_B", "low_B", "high_B", "grade", "estimate_text", "range_text")


def make_ledger(report: Report, version: str, date: str) -> dict[str, Any]:
    """Every model's default estimate, the fits and the data digest at this version."""
    fits = {}
    for view in report.calibrations:
        cal = view.headline
        fits[view.spec.name] = {
            "lambda": cal.lam,
            "n": cal.fit.n,
            "slope": cal.fit.slope,
            "intercept": cal.fit.intercept,
            "r_squared": cal.fit.r_squared,
            "loo_median_fold": cal.loo.median_fold,
        }
    models = {}
    for view in report.models:
        e = view.estimate
        a = report.answer(view.entry.slug)
        models[view.entry.slug] = {
            "answer": None if a is None else {k: a.as_json()[k] for k in ANSWER_FIELDS},
            "registry": digest(view.entry.model_dump_json()),
            "known_B": view.entry.params_B,
            "runs": {r.result.run_id: digest(r.result.model_dump_json())[:16] for r in view.runs},
            "estimate": None if e is None else {k: estimate_json(e)[k] for k in LEDGER_FIELDS},
        }
    return {
        "version": version,
        "date": date,
        "generator_version": report.stamp.generator_version,
        "data_digest": report.data.digest,
        "default_calibration": report.default.spec.name,
        "fits": fits,
        "models": models,
    }


def write_ledger(report: Report, data_dir: Path, version: str, date: str) -> tuple[Path, bool]:
    """Write the release's ledger; (its path, whether it was written now). A ledger already
    there with the same content (a release interrupted before its deploy finished) is kept, so
    the same command converges; any other content is refused: a release is never rewritten."""
    rel = f"releases/{version}.json"
    if not VERSION.match(version):
        expected = (
            "YEAR.MONTH or YEAR.MONTH.PATCH, month 1 to 12 with no leading zero, e.g. 2026.11"
        )
        raise DataErrors([DataError(rel, "version", f"{version!r} is not one", expected)])
    path = data_dir / "releases" / f"{version}.json"
    ledger = make_ledger(report, version, date)
    text = json.dumps(json_safe(ledger), indent=1, sort_keys=True) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return path, False
    newest = report.data.ledgers[-1] if report.data.ledgers else None
    if (
        newest
        and not path.exists()
        and (version_order(version) <= version_order(newest["version"]) or date < newest["date"])
    ):
        problem = f"{version} ({date}) does not come after {newest['version']} ({newest['date']})"
        expected = "a version and a date after the newest release's: releases move forward"
        raise DataErrors([DataError(rel, "version", problem, expected)])
    if path.exists():
        raise DataErrors(
            [
                DataError(
                    f"releases/{version}.json",
                    "(file)",
                    "this version was released already",
                    "a new version: a release is never rewritten",
                )
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, True


@dataclass(frozen=True)
class Move:
    model: str
    before: float | None
    after: float | None
    reasons: tuple[str, ...]

    @property
    def ratio(self) -> float | None:
        return self.after / self.before if self.before and self.after else None


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[Move]:
    """What moved from one ledger to the next, and why."""
    moves = []
    fit_changed = before["fits"] != after["fits"]
    default_changed = before["default_calibration"] != after["default_calibration"]
    for slug in sorted(set(before["models"]) | set(after["models"])):
        old, new = before["models"].get(slug), after["models"].get(slug)
        if old is None:
            moves.append(Move(slug, None, _central(new), ("new model",)))
            continue
        if new is None:
            moves.append(Move(slug, _central(old), None, ("removed from the registry",)))
            continue
        a, b = _central(old), _central(new)
        if (
            old.get("answer") == new.get("answer")
            and a == b
            and old["runs"] == new["runs"]
            and old["registry"] == new["registry"]
        ):
            continue
        reasons = []
        added = sorted(set(new["runs"]) - set(old["runs"]))
        if added:
            reasons.append("new runs: " + ", ".join(added))
        if set(old["runs"]) - set(new["runs"]):
            reasons.append("runs removed")
        edited = sorted(
            r for r in set(old["runs"]) & set(new["runs"]) if old["runs"][r] != new["runs"][r]
        )
        if edited:
            reasons.append("runs changed: " + ", ".join(edited))
        if old["registry"] != new["registry"]:
            reasons.append("registry entry changed")
        if default_changed:
            reasons.append(
                f"default calibration {before['default_calibration']} → "
                f"{after['default_calibration']}"
            )
        elif (old["estimate"] or {}).get("lambda") != (new["estimate"] or {}).get("lambda"):
            reasons.append("default λ changed")
        if fit_changed and a != b:
            reasons.append("new fit")
        moves.append(Move(slug, a, b, tuple(reasons) or ("recomputed",)))
    return moves


def _central(entry: dict[str, Any] | None) -> float | None:
    """The best estimate a ledger recorded for a model: its answer's (None for a range or no
    usable size); a ledger written before answers were recorded gives its IKP reading."""
    if entry is None:
        return None
    if "answer" in entry:
        return (entry["answer"] or {}).get("params_B")
    return (entry["estimate"] or {}).get("params_B")


def release_pairs(ledgers: tuple[dict[str, Any], ...]) -> list[tuple[dict | None, dict]]:
    """Each release with the one before it (None for the first)."""
    return [(ledgers[i - 1] if i else None, led) for i, led in enumerate(ledgers)]
