"""The site's data files and feed: every estimate (CSV and JSON), the fits, the result schema,
and an Atom feed of releases."""

from __future__ import annotations

import csv
import html
import io
import math

from pydantic import BaseModel

from paramatlas.present import fmt_b, layered_json
from paramatlas.release import changes, release_pairs
from paramatlas.schema import ResultFile
from paramatlas.schema_downloads import CalibrationsFile, EstimatesFile
from paramatlas.views.json import answer_json, estimate_json, eval_power_json, summary_json
from paramatlas.views.report import Report

# Each JSON download's schema, published beside it as downloads/<name>.schema.json.
SCHEMAS: dict[str, type[BaseModel]] = {
    "result": ResultFile,
    "estimates": EstimatesFile,
    "calibration": CalibrationsFile,
}
# Deeper than any schema: every object in it laid out, for people to read.
SCHEMA_LEVELS = 20

# estimates.csv: per model one answer row (method "answer": the site's number, with its
# plausible range and grade), then one row per method reading (evidence, with the method's
# own confidence). The downloads page documents every column.
CSV_FIELDS = (
    "model",
    "name",
    "method",
    "label",
    "params_B",
    "interval_low_B",
    "interval_high_B",
    "interval",
    "grade",
    "confidence",
    "usable",
    "flags",
    "source",
    "report_version",
)


def answer_row(slug: str, name: str, answer: dict[str, object]) -> dict[str, object]:
    """A model's answer as a row of estimates.csv."""
    return {
        "model": slug,
        "name": name,
        "method": "answer",
        "label": answer["estimate_text"],
        "params_B": answer["params_B"],
        "interval_low_B": answer["low_B"],
        "interval_high_B": answer["high_B"],
        "interval": "plausible range",
        "grade": answer["grade"],
        "usable": answer["low_B"] is not None,
        "source": answer["sentence"],
    }


def estimate_rows(report: Report) -> list[dict[str, object]]:
    """The rows of estimates.csv, values unquoted (the Python API's table holds the same)."""
    rows = []
    for view in report.models:
        slug = view.entry.slug
        ikp = view.estimate or view.published
        found = report.answer(slug)
        if found is not None:
            rows.append(answer_row(slug, view.entry.name, found.as_json()))
        for m in report.methods.estimates(slug):
            rows.append(
                {
                    "model": slug,
                    "name": view.entry.name,
                    **m.as_json(),
                    "flags": " ".join(
                        f.id for f in (ikp.flags if ikp and m.method == "ikp" else ())
                    ),
                }
            )
    for row in rows:
        row["report_version"] = report.stamp.report_version
    return rows


def downloads(report: Report) -> dict[str, str]:
    """The site's data files: every estimate (CSV and JSON), the fits, the result schema."""
    version = report.stamp.report_version
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(CSV_FIELDS), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows({k: inert(v) for k, v in row.items()} for row in estimate_rows(report))
    estimates = {
        "report_version": version,
        "generator_version": report.stamp.generator_version,
        "data_digest": report.data.digest,
        "models": {
            v.entry.slug: {
                "name": v.entry.name,
                "known_B": v.entry.params_B,
                "ikp_reading": estimate_json(v.estimate) if v.estimate else None,
                "ikp_flags": [f.id for f in (v.estimate or v.published).flags]
                if (v.estimate or v.published)
                else [],
                "methods": [m.as_json() for m in report.methods.estimates(v.entry.slug)],
                "summary": summary_json(report.methods, v.entry.slug),
                "answer": answer_json(report, v.entry.slug),
                "eval_power": [eval_power_json(r) for r in v.runs],
            }
            for v in report.models
        },
    }
    calibrations = {
        "report_version": version,
        "calibrations": {
            c.spec.name: {
                "scoring": c.spec.scoring.model_dump(),
                "headline_lambda": c.spec.headline_lambda,
                "sweep": [s.as_json() for s in c.sweep],
            }
            for c in report.calibrations
        },
    }

    return {
        "downloads/estimates.csv": out.getvalue(),
        # One line a model, one a calibration, one a schema's keyword: the JSON files' layout.
        "downloads/estimates.json": layered_json(estimates, levels=2) + "\n",
        "downloads/calibration.json": layered_json(calibrations, levels=3) + "\n",
        "downloads/citation.bib": report.report_citation,
        **{
            f"downloads/{name}.schema.json": layered_json(
                json_schema(model, name, report.address.own), levels=SCHEMA_LEVELS
            )
            + "\n"
            for name, model in SCHEMAS.items()
        },
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, quoted so it stays text (OWASP's
    CSV-injection guidance); numbers are left as numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def json_schema(model: type[BaseModel], name: str, site_url: str | None) -> dict[str, object]:
    """A download's JSON Schema (draft 2020-12), with its own address as its id (a URN when
    the site's address is unknown: a relative id would name nothing)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{site_url}downloads/{name}.schema.json"
        if site_url
        else f"urn:paramatlas:schema:{name}",
        **model.model_json_schema(by_alias=True),
    }


def feed(report: Report, at: str | None = None) -> str:
    """An Atom feed of releases and of the answers each moved (dates from the ledgers), served
    at `at` (default: this build's address; the stable copy at the site's root gives its own).

    Each entry links to its release's pages where they stay (its version folder when versions
    are published side by side). Ids are those addresses when the site's is known, else URNs;
    links are relative to the site without it. With no release yet, the feed is dated by the
    newest run."""
    address = report.address
    at = at or address.own
    entries = []
    for before, after in release_pairs(report.data.ledgers):
        version, date = after["version"], after["date"]
        base = address.of_release(version) or ""
        moved = [m for m in (changes(before, after) if before else []) if m.ratio]
        moved = [m for m in moved if abs(math.log(m.ratio)) > 0.0]
        summary = (f"{len(moved)} answers moved" if before else "first release") + (
            f"; data sha256:{after['data_digest'][:12]}"
        )
        link = f"{base}releases/{version}/"
        entries.append((date, f"paramatlas {version}", summary, link, f"release:{version}"))
        for m in moved:
            entries.append(
                (
                    date,
                    f"{m.model}: ×{m.ratio:.3g} in {version}",
                    f"{fmt_b(m.before)} → {fmt_b(m.after)} ({'; '.join(m.reasons)})",
                    f"{base}models/{m.model}/",
                    f"model:{m.model}:{version}",
                )
            )
    newest_run = max((str(r.date) for _, r in report.data.results), default="2026-01-01")
    updated = max((e[0] for e in entries), default=newest_run)
    title = html.escape(report.data.site.title)

    def ident(key: str, link: str) -> str:
        return html.escape(link if address.root else f"urn:paramatlas:{key}")

    home = address.root or ""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{title} releases</title>",
        f"<id>{ident('feed', f'{home}feed.xml')}</id>",
        f'<link rel="self" href="{html.escape(at or "")}feed.xml"/>',
        f'<link href="{html.escape(home) or "./"}"/>',
        f"<author><name>{title}</name></author>",
        f"<updated>{updated}T00:00:00Z</updated>",
    ]
    for date, entry_title, summary, link, key in sorted(entries, reverse=True):
        lines += [
            "<entry>",
            f"<title>{html.escape(entry_title)}</title>",
            f'<link href="{html.escape(link)}"/>',
            f"<id>{ident(key, link + '#' + date)}</id>",
            f"<updated>{date}T00:00:00Z</updated>",
            f"<summary>{html.escape(summary)}</summary>",
            "</entry>",
        ]
    return "\n".join([*lines, "</feed>"]) + "\n"
