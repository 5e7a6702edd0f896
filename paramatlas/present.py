"""How the site writes numbers and data text: the one presentation module.

Pages, charts, downloads and the command line format here; the estimating core, the methods
and the analyses never import it.
"""

from __future__ import annotations

import html
import json
import math
import re
from typing import TYPE_CHECKING, Any

from paramatlas.hazards import HAZARDS

if TYPE_CHECKING:
    from paramatlas.analyses.case_study import Reading
    from paramatlas.hazards import Flag

# What Python-Markdown treats as markup, and "|" for tables ("~", "^", "$" are plain text).
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|])")


def json_safe(data: object) -> object:
    """Data for JSON, which has no infinity or NaN: such a float becomes null (an unbounded
    band, for instance, when a cohort is too small for a finite 90% bound)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: json_safe(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(v) for v in data]
    return data


def compact_json(data: dict[str, Any]) -> str:
    """Data as compact JSON (a chart's spec, a page's data file or inline data), the same
    bytes for the same data: an infinite or NaN float becomes null, without a walk of the
    data when it holds none (the walk was a third of a model page's cost at 10,000 models)."""
    return _finite_json(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def layered_json(data: object, levels: int, indent: int = 0) -> str:
    """Data as JSON for a download: objects laid out one member a line to `levels` levels
    deep, and each member below written on its line (one model's whole entry, for instance),
    keys sorted, an infinite or NaN float as null. The lines read and compare one by one, and
    are written by the json module's C encoder: an indented dump is written in Python, took 4
    times as long, and held millions of pieces at once (240 MB at 20,000 result files)."""
    if levels == 0 or not isinstance(data, dict) or not data:
        return _finite_json(data, sort_keys=True, ensure_ascii=False)
    pad = " " * (indent + 1)
    members = (
        f"{pad}{json.dumps(key, ensure_ascii=False)}: {layered_json(v, levels - 1, indent + 1)}"
        for key, v in sorted(data.items())
    )
    return "{\n" + ",\n".join(members) + "\n" + " " * indent + "}"


def _finite_json(data: object, **options: Any) -> str:
    """JSON of the data, an infinite or NaN float as null. Most data hold none, and are
    written without the walk that finds them."""
    try:
        return json.dumps(data, allow_nan=False, **options)
    except ValueError:
        return json.dumps(json_safe(data), **options)


def fmt_b(value: float) -> str:
    """A size in billions, the way the site prints it: 135M, 7.6B, 671B, 1.6T. The value
    rounded to three significant digits picks the unit, so 999.7B prints 1T, not 1e+03B."""
    rounded = float(f"{value:.3g}")
    if rounded >= 1_000_000:
        return f"{value / 1000:,.0f}T"
    if rounded >= 1000:
        return f"{rounded / 1000:.3g}T"
    if rounded >= 1:
        return f"{rounded:.3g}B"
    return f"{rounded * 1000:.3g}M"


def size_range(low: float, high: float) -> str:
    return f"{fmt_b(low)}–{fmt_b(high)}"


def reason(flag: Flag) -> str:
    """A flag's explanation, with the sizes it quotes written out."""
    return flag.reason.format(*(fmt_b(s) for s in flag.sizes)) if flag.sizes else flag.reason


def published_text(reading: Reading) -> str:
    """A reading's figure as its source published it."""
    if reading.published_range:
        active = (
            f", {size_range(*reading.published_active)} active" if reading.published_active else ""
        )
        approx = "~" if reading.published_approx else ""
        return approx + size_range(*reading.published_range) + active
    if reading.published_B:
        return fmt_b(reading.published_B)
    return "not published"


# What each method is called in a sentence.
# Hover definitions of the terms pages use without explaining them every time.
DEFINITIONS = {
    "λ": "lambda, the hallucination penalty: the credit a wrong answer gets (0 or below; a "
    "refusal gets 0)",
    "LOO": "leave-one-out: each cohort model is read with a fit made without it",
    "IKP": "Incompressible Knowledge Probes: factual questions in seven tiers of obscurity, "
    "whose accuracy grows with a model's size",
    # The parts of a run's scoring, as the Runs tables and calibration pages print it.
    "clean-1311": "the 1,311 probes left once the 89 that upstream flags as unreliable (name "
    "collisions, ambiguous labels, a disputed answer) are set aside",
    "all-1400": "all 1,400 probes, the 89 flagged as unreliable included",
    "3-way": "researcher probes judged correct, wrong or refusal",
    "4-way": "researcher probes judged strongly correct (1), weakly correct (0.5), wrong or "
    "refusal",
    "query errors": "queries that failed (an empty response): excluded from the totals, or "
    "scored as refusals",
    "count set": "one run's verdict counts per tier, as one source scored them (which probes, "
    "how researcher questions were judged, what a failed query counts as)",
    "fold error": "how far a leave-one-out prediction misses a known size, as a factor (2 means "
    "twice or half the size)",
    "leverage": "how far a point lies from the centre of the sizes a fit was made on; the "
    "prediction interval widens with it",
    "sibling judge": "a judge model of the same family as the model it judges",
}

# Longer entries of the glossary page, beside the hover definitions above.
GLOSSARY_ONLY = {
    "LOO band": "the estimate multiplied and divided by the 90% quantile of the cohort's fold "
    "errors: the same factor for every model a calibration reads",
    "90% prediction interval": "the interval the fit's residual spread (Student's t, with the "
    "point's leverage) gives a new model's size, 90% of the time",
    "plausible range": "a model's range over every usable reading of its size: for IKP, the 90% "
    "prediction intervals of every calibration, run and reasoning variant that reads it",
    "answer": "the one figure the site gives for a model: its best estimate by the summary "
    "rule, its plausible range and its grade, the same on every page, download and command",
    "grade": "how far the evidence pins a model's size down: High, Moderate, Low or Very low "
    "(methodology, Grades), measured on models whose size was hidden",
    "method confidence": "a method's own confidence in one reading (High, Medium, Low, "
    "Speculative): a separate scale from the answer's grade",
    "reading": "one method's estimate of a model: evidence, not the answer",
    "training": "models that run the same weights (e.g. with reasoning on and off), declared "
    "in the registry: one answer and one compute figure",
    "cohort": "the open models of known size a calibration is fitted on",
    "calibration": "a fit of accuracy against log10 size over a cohort, at one scoring and λ",
    "set aside": "a reading the judgments find gives no usable absolute size: shown with its "
    "reason, never as an estimate",
}

METHOD_NAMES = {
    "disclosed": "disclosed size",
    "architecture": "architecture count",
    "hardware": "hardware bound",
    "ikp": "IKP",
    "benchmark": "benchmark regression",
    "reported": "unverified reported size",
    "quoted": "quoted figures",
}


def fact(value: object) -> str:
    """A registry value as a table shows it."""
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return fmt_b(value)
    return md(value)


HAZARD_NAMES = {h.id: h.title for h in HAZARDS}
# A hazard's name, hovered, gives the first sentence of what the hazards page says of it.
DEFINITIONS |= {h.title: h.explanation.split(". ")[0].rstrip(".") for h in HAZARDS}


def flag_name(flag_id: str) -> str:
    """A hazard's name as a reader reads it ("Judge contention"), not its id."""
    return HAZARD_NAMES.get(flag_id, flag_id.replace("_", " ").capitalize())


def method_name(method: str) -> str:
    return METHOD_NAMES.get(method, method)


def one_line(text: object) -> str:
    """Data text on one line: in a Markdown table cell, or in a page of HTML blocks, where a
    blank line would end a block early."""
    return " ".join(str(text).split())


def md(text: object) -> str:
    """Inline text from a data file, inert in Markdown and HTML: escaped, one line."""
    # Markdown first, then HTML: escaping "#" after html.escape would break its entities.
    escaped = _MD_SPECIALS.sub(r"\\\1", one_line(text))
    return html.escape(escaped, quote=True)


def safe_url(url: str | None) -> str | None:
    """A link target from a data file: http(s) only, quoted for Markdown's (...) syntax."""
    if not url or not re.match(r"^https?://", url):
        return None
    return html.escape(url, quote=True).replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def num(value: float | None, digits: int = 4) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not published"
    return f"{value:.{digits}f}"


def sig(value: float | None, digits: int = 6) -> str:
    if value is None:
        return "not published"
    return f"{value:.{digits}g}"


def size(value: float | None) -> str:
    if value is None:
        return "undisclosed"
    if math.isinf(value):
        return "unbounded"
    return fmt_b(value) if value else "0"


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def lam(value: float) -> str:
    return f"{value:g}".replace("-", "−")


def slug(text: str) -> str:
    """An anchor id from text: lower case, runs of other characters as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x"
