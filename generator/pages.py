"""Render the report to Markdown with Jinja2: {path under the docs folder: text}. Writes nothing."""

from __future__ import annotations

import functools
import html
import json
import math
import re
from pathlib import Path
from typing import Any

import jinja2

from generator import charts
from generator.cache import digest
from generator.hazards import HAZARDS
from generator.report import Report, fmt_b

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
        "methodology.md": render("methodology.md.j2"),
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
    }
    # Model pages are most of the site and change one at a time: each is rendered with a
    # placeholder stamp and kept by a digest of its inputs, so an unchanged one is reused.
    cache, stamp = report.cache, str(report.stamp)
    d = report.default
    shared = digest(template_digest(), repr((d.spec.title, d.fit, d.loo.fold_cover90)))
    for view in report.models:
        key = digest(shared, repr(view), repr(analysis.case_study_names(view.entry.slug)))
        body = cache.get("pages", key) if cache else None
        if body is None:
            body = render("model.md.j2", m=view, stamp=STAMP_PLACEHOLDER)
            if cache:
                cache.put("pages", key, body)
        pages[f"models/{view.entry.slug}.md"] = body.replace(STAMP_PLACEHOLDER, stamp)
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
