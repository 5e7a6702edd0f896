"""Render the report to Markdown with Jinja2: {path under the docs folder: text}. Writes nothing."""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import jinja2

from generator import charts
from generator.cache import digest
from generator.hazards import HAZARDS
from generator.release import changes, release_pairs
from generator.report import Report, fmt_b
from generator.schema import ResultFile

_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~$^])")


def md(text: object) -> str:
    """Inline text from a data file, inert in Markdown and HTML: escaped, one line."""
    # Markdown first, then HTML: escaping "#" after html.escape would break its entities.
    escaped = _MD_SPECIALS.sub(r"\\\1", " ".join(str(text).split()))
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
    return "undisclosed" if value is None else fmt_b(value)


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def lam(value: float) -> str:
    return f"{value:g}".replace("-", "−")


def chart_html(spec: dict[str, Any], chart_id: str, description: str) -> str:
    """A chart placeholder with its spec inline (pages work opened from disk, no fetch)."""
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    # Inside <script>, "<", ">" and "&" could end the element or start markup: escape them.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    label = html.escape(description, quote=True)
    return (
        f'<figure class="pa-figure"><div class="pa-chart" id="{chart_id}" '
        f'data-spec="{chart_id}-spec" role="img" aria-label="{label}"></div>'
        f'<script type="application/json" id="{chart_id}-spec">{payload}</script>'
        f"<figcaption>{label}</figcaption></figure>"
    )


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; data text goes through the `md` filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md, url=safe_url, num=num, sig=sig, size=size, pct=pct, lam=lam, slug=slug
    )
    env.globals.update(chart_html=chart_html, charts=charts)
    return env


STAMP_PLACEHOLDER = "\x00stamp\x00"
DIGEST_PLACEHOLDER = "\x00digest\x00"


@functools.cache
def template_digest() -> str:
    """One digest of every template, so a changed template invalidates cached pages."""
    folder = Path(__file__).parent / "templates"
    return digest(*(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()))


def slug(text: str) -> str:
    """An anchor id from text: lower case, runs of other characters as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x"


def render_methods(report: Report, render: Any) -> str:
    methods = report.methods
    published = {b: f for _, bf in report.data.benchmarks for b, f in bf.published.items()}
    citations = [bf.citation for _, bf in report.data.benchmarks]
    predictions = [
        (slug, e)
        for slug in sorted(report.est.models)
        for e in methods.benchmark_estimates(slug)
        if not report.est.models[slug].params_B
    ]
    return render(
        "methods.md.j2",
        fits=list(methods.benchmark_fits.values()),
        weaker=[
            f.name
            for f in methods.benchmark_fits.values()
            if f.ikp_r_squared is not None and f.r_squared < f.ikp_r_squared
        ],
        upstream={b: (f"{f.r_squared:g}", f" (n={f.n})") for b, f in published.items()},
        upstream_ikp={
            b: f"{f.ikp_r_squared:g}" for b, f in published.items() if f.ikp_r_squared is not None
        },
        bench_citation=citations[0] if citations else {"text": "none", "url": None},
        predictions=predictions,
        hardware=methods.hardware_results,
        external=[e for _, e in report.data.external],
        compute=[methods.compute(slug) for slug in sorted(report.est.models)],
        architectures=sorted(methods.architecture_counts.items()),
        models=report.est.models,
    )


def render_all(report: Report) -> dict[str, str]:
    """Every generated page of the site."""
    env = environment()
    analysis = report.analysis
    common = {
        "report": report,
        "stamp": str(report.stamp),
        "site": report.data.site,
        "default": report.default,
        "analysis": analysis,
    }

    def render(template: str, **extra: Any) -> str:
        return env.get_template(template).render(common, **extra)

    estimate_flags = [
        (v, f)
        for v in report.models
        if v.estimate
        for f in v.estimate.flags
        if f.id in {"extrapolation", "cohort_excluded", "withheld_by_source"}
    ]
    pages = {
        "index.md": render("home.md.j2"),
        "methodology.md": render(
            "methodology.md.j2", judges=sorted({r.judge for _, r in report.data.results})
        ),
        "about.md": render("about.md.j2"),
        "calibration/index.md": render("calibrations.md.j2"),
        "hazards.md": render(
            "hazards.md.j2",
            hazards=HAZARDS,
            flagged=analysis.flagged_runs,
            estimates=estimate_flags,
        ),
        "families.md": render("families.md.j2", ladders=analysis.ladders),
        "case-studies/index.md": render("case_studies.md.j2"),
        "methods.md": render_methods(report, render),
        "disagreement.md": render("disagreement.md.j2", disagreements=report.methods.disagreements),
        "downloads.md": render("downloads.md.j2"),
        "releases/index.md": render("releases.md.j2", ledgers=report.data.ledgers),
        "feed.xml": feed(report, report.data.site.site_url or "/"),
        **downloads(report),
    }
    ledgers = report.data.ledgers
    for before, after in release_pairs(ledgers):
        pages[f"releases/{after['version']}.md"] = render(
            "release.md.j2",
            before=before,
            after=after,
            moves=changes(before, after) if before else [],
        )
    # Model pages are most of the site and change one at a time: each is rendered with a
    # placeholder stamp and kept by a digest of its inputs, so an unchanged one is reused.
    cache, stamp = report.cache, str(report.stamp)
    d = report.default
    shared = digest(template_digest(), repr((d.spec.title, d.fit, d.loo.fold_cover90)))
    digest12 = report.stamp.data_digest[:12]
    for view in report.models:
        slug = view.entry.slug
        key, body = "", None
        if cache:  # the key costs a repr of the page's inputs: only worth it with a cache
            inputs = (
                view,
                analysis.case_study_names(slug),
                report.history(slug),
                report.methods.estimates(slug),
                report.methods.compute(slug),
            )
            key = digest(shared, repr(inputs))
            body = cache.get("pages", key)
        if body is None:
            body = render(
                "model.md.j2", m=view, stamp=STAMP_PLACEHOLDER, digest_mark=DIGEST_PLACEHOLDER
            )
            if cache:
                cache.put("pages", key, body)
        pages[f"models/{slug}.md"] = body.replace(STAMP_PLACEHOLDER, stamp).replace(
            DIGEST_PLACEHOLDER, digest12
        )
    for view in report.calibrations:
        pages[f"calibration/{view.spec.name}.md"] = render("calibration.md.j2", c=view)
    for cs in analysis.case_studies:
        pages[f"case-studies/{cs.study.name}.md"] = render("case_study.md.j2", cs=cs)
    if analysis.case_studies:
        cs = analysis.case_studies[0]
        focus = [p.model for p in cs.study.replication if p.model in report.est.models]
        pages["replication.md"] = render("replication.md.j2")
        pages["lambda.md"] = render(
            "lambda.md.j2",
            cal=cs.cal,
            compare=cs.compare.lam,
            focus=focus,
            published=cs.study.published.factors,
            rows=analysis.lambda_rows(cs.study.calibration, cs.compare.lam),
        )
        pages["anchors.md"] = render(
            "anchors.md.j2", anchors=analysis.anchors(set(cs.study.highlight))
        )
    else:
        for path, title in (
            ("replication.md", "Replication"),
            ("lambda.md", "λ analysis"),
            ("anchors.md", "Anchors"),
        ):
            pages[path] = render("empty.md.j2", title=title)
    return pages


def downloads(report: Report) -> dict[str, str]:
    """The site's data files: every estimate (CSV and JSON), the fits, the result schema."""
    version = report.stamp.report_version
    rows = []
    for view in report.models:
        for m in report.methods.estimates(view.entry.slug) or []:
            rows.append(
                {
                    "model": view.entry.slug,
                    "name": view.entry.name,
                    **m.as_json(),
                    "flags": " ".join(
                        f.id
                        for f in (
                            view.estimate.flags if view.estimate and m.method == "ikp" else ()
                        )
                    ),
                    "report_version": version,
                }
            )
    fields = [
        "model",
        "name",
        "method",
        "label",
        "params_B",
        "low_B",
        "high_B",
        "confidence",
        "flags",
        "source",
        "report_version",
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    estimates = {
        "report_version": version,
        "generator_version": report.stamp.generator_version,
        "data_digest": report.data.digest,
        "models": {
            v.entry.slug: {
                "name": v.entry.name,
                "known_B": v.entry.params_B,
                "estimate": v.estimate.as_json() if v.estimate else None,
                "flags": [f.id for f in v.estimate.flags] if v.estimate else [],
                "methods": [m.as_json() for m in report.methods.estimates(v.entry.slug)],
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

    def dump(data: object) -> str:
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    return {
        "downloads/estimates.csv": out.getvalue(),
        "downloads/estimates.json": dump(estimates),
        "downloads/calibration.json": dump(calibrations),
        "downloads/result.schema.json": dump(ResultFile.model_json_schema(by_alias=True)),
    }


def feed(report: Report, site_url: str) -> str:
    """An Atom feed of releases and of the estimates each moved (dates from the ledgers)."""
    entries = []
    ledgers = report.data.ledgers
    for before, after in release_pairs(ledgers):
        moves = changes(before, after) if before else []
        moved = [m for m in moves if m.ratio and abs(math.log(m.ratio)) > 0.0]
        summary = (
            f"{len(moved)} estimates moved" if before else "first release"
        ) + f"; data sha256:{after['data_digest'][:12]}"
        entries.append(
            (
                after["date"],
                f"paramatlas {after['version']}",
                summary,
                f"{site_url}releases/{after['version']}/",
            )
        )
        for m in moved:
            entries.append(
                (
                    after["date"],
                    f"{m.model}: ×{m.ratio:.3g} in {after['version']}",
                    f"{fmt_b(m.before)} → {fmt_b(m.after)} ({'; '.join(m.reasons)})",
                    f"{site_url}models/{m.model}/",
                )
            )
    updated = max((e[0] for e in entries), default="1970-01-01")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{html.escape(report.data.site.title)} releases</title>",
        f"<id>{html.escape(site_url)}feed.xml</id>",
        f"<updated>{updated}T00:00:00Z</updated>",
    ]
    for date, title, summary, link in sorted(entries, reverse=True):
        lines += [
            "<entry>",
            f"<title>{html.escape(title)}</title>",
            f'<link href="{html.escape(link)}"/>',
            f"<id>{html.escape(link)}#{date}</id>",
            f"<updated>{date}T00:00:00Z</updated>",
            f"<summary>{html.escape(summary)}</summary>",
            "</entry>",
        ]
    return "\n".join([*lines, "</feed>"]) + "\n"
