"""Render the report to Markdown with Jinja2: (path under the docs folder, text), a page at a
time. Writes nothing."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from paramatlas import charts, present, rules
from paramatlas.analyses.ladders import noise_bound
from paramatlas.analyses.power import planned_power, quantile_z
from paramatlas.cache import digest
from paramatlas.charts.html import CHART_FILE, chart_html, json_script
from paramatlas.downloads import downloads, feed
from paramatlas.hazards import HAZARDS, PROBES_PUBLIC
from paramatlas.release import changes, release_pairs
from paramatlas.rules import ESTIMATE_FLAGS
from paramatlas.tables import PAGE_ROWS, data_file, table_html
from paramatlas.terms import abbreviate, abbreviations
from paramatlas.views.explorer import lambda_explorer
from paramatlas.views.models import field_sources
from paramatlas.views.overview import (
    answer_rows,
    compare_data,
    heatmap_rows,
    release_rows,
    unusable_ikp,
)
from paramatlas.views.report import Report

Render = Callable[..., str]


def _inert_text(value: object) -> object:
    """A value of a page written as HTML: data text on one line, its "#" an entity so that it
    can never start a Markdown heading. The template's autoescape escapes the rest."""
    if isinstance(value, markupsafe.Markup) or not isinstance(value, str):
        return value
    text = present.one_line(value)
    if "#" not in text:
        return text  # a page has about 900 values: escaped once, by autoescape
    return markupsafe.Markup("&#35;").join(map(markupsafe.escape, text.split("#")))


def glossary() -> dict[str, str]:
    """Every term the site defines, once: a hazard's title ("Sibling judge") and the same
    words in a sentence ("sibling judge") are one term."""
    terms = present.DEFINITIONS | present.GLOSSARY_ONLY
    return {t: m for t, m in terms.items() if not (t[0].islower() and t.capitalize() in terms)}


# How each engine resolves a relative address in raw HTML (a pictured chart's spec file): from
# the page's address (mkdocs leaves it as written), or, like a Markdown link, from the page's
# source file (Zensical rewrites it). Markdown links resolve alike in both.
RAW_HTML_FROM_SOURCE = {"mkdocs": False, "zensical": True}


def environment(engine: str = "mkdocs") -> jinja2.Environment:
    """The templates' environment, for the engine that will build the pages."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("paramatlas", "templates"),
        undefined=jinja2.StrictUndefined,
        # The output is Markdown, where data text goes through the `md` filter; a template of
        # HTML (its name says so) escapes every value.
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        # Templates do not change while pages are rendered: no stat of each one per page.
        auto_reload=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        method_confidence=rules.confidence_word,
        md=present.md,
        one_line=present.one_line,
        url=present.safe_url,
        num=present.num,
        sig=present.sig,
        size=present.size,
        pct=present.pct,
        lam=present.lam,
        slug=present.slug,
        reason=present.reason,
        published=present.published_text,
        method_name=present.method_name,
        fact=present.fact,
        flag_name=present.flag_name,
    )
    # Files beside the pages land here ({path under the docs folder: text}): the specs of
    # pictured charts, the rows of long tables, the λ explorer's counts.
    pictures: dict[str, str] = {}
    env.globals.update(
        chart_html=functools.partial(chart_html, pictures=pictures),
        pictures=pictures,
        json_script=json_script,
        table_html=functools.partial(table_html, files=pictures),
        data_file=functools.partial(data_file, files=pictures),
        hazard_names=present.HAZARD_NAMES,
        charts=charts,
        rules=rules,
        field_sources=field_sources,
        engine=engine,
        # The way to the site's root from raw HTML of a page in a folder (a model's, a
        # calibration's): its address <folder>/<name>/ is two folders down; its source
        # <folder>/<name>.md, one.
        folder_page_root="../" if RAW_HTML_FROM_SOURCE[engine] else "../../",
        # ...and from its address, as a script resolves it, whatever the engine.
        folder_page_url_root="../../",
        # The same for a page at the top (disagreement.md): its address disagreement/ is one
        # folder down; its source, none.
        top_page_root="" if RAW_HTML_FROM_SOURCE[engine] else "../",
        top_page_url_root="../",
        table_page_rows=PAGE_ROWS,
    )
    env.tests["finite"] = math.isfinite
    return env


STAMP_PLACEHOLDER = "\x00stamp\x00"
DIGEST_PLACEHOLDER = "\x00digest\x00"


@functools.cache
def template_digest() -> str:
    """One digest of every template, so a changed template invalidates cached pages."""
    folder = Path(__file__).parent / "templates"
    return digest(*(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()))


def render_methods(report: Report, render: Render) -> str:
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
        accelerators=[a.model_dump(mode="json") for a in report.data.accelerators],
        external=[e for _, e in report.data.external],
        compute=[methods.compute(slug) for slug in sorted(report.est.models)],
        architectures=sorted(methods.architecture_counts.items()),
        models=report.est.models,
        power_z=quantile_z(),
        power_example=planned_power(200, 0.5, report.default.fit.slope),
    )


def render_all(report: Report, env: jinja2.Environment | None = None) -> dict[str, str]:
    """Every generated page of the site at once (with `env`, from other templates)."""
    return dict(each_page(report, env))


def each_page(report: Report, env: jinja2.Environment | None = None) -> Iterator[tuple[str, str]]:
    """Every generated page of the site, the model pages one at a time: a build writes each and
    lets it go before the next is rendered, so the site is never held whole (at 20,000 result
    files, its pages held whole were about 330 MiB of the build's memory)."""
    env = env or environment()
    common = {
        "report": report,
        "stamp": str(report.stamp),
        "site": report.data.site,
        "default": report.default,
        "analysis": report.analysis,
    }

    def render(template: str, **extra: Any) -> str:
        text = env.get_template(template).render(common, **extra)
        return text + abbreviations(text)

    # Pages written as HTML: every value on one line, and the glossary's terms marked by us.
    # Autoescape on for every template rendered here: the finalizer leaves escaping to it.
    html_env = env.overlay(finalize=_inert_text, autoescape=True)

    def render_html(template: str, **extra: Any) -> str:
        return abbreviate(html_env.get_template(template).render(common, **extra))

    yield from site_pages(report, render).items()
    yield from downloads(report).items()
    yield from release_pages(report, render).items()
    yield from model_pages(report, render_html, env.globals["pictures"], env.globals["engine"])
    yield from calibration_pages(report, render).items()
    yield from report_pages(report, render).items()


def site_pages(report: Report, render: Render) -> dict[str, str]:
    """The pages every site has, whatever its data: home, methods, hazards, downloads, …"""
    analysis = report.analysis
    set_aside = unusable_ikp(report)  # the home table and the family ladders mark the same
    estimate_flags = [
        (v, f)
        for v in report.models
        if v.estimate
        for f in v.estimate.flags
        if f.id in ESTIMATE_FLAGS
    ]
    return {
        "index.md": render(
            "home.md.j2",
            set_aside=set_aside,
            answers=answer_rows(report),
            released=release_rows(report),
        ),
        "methodology.md": render(
            "methodology.md.j2", judges=sorted({r.judge for _, r in report.data.results})
        ),
        "about.md": render("about.md.j2"),
        "glossary.md": render(
            "glossary.md.j2",
            glossary=sorted(glossary().items(), key=lambda t: t[0].lower()),
        ),
        "calibration/index.md": render("calibrations.md.j2"),
        "hazards.md": render(
            "hazards.md.j2",
            hazards=HAZARDS,
            flagged=analysis.flagged_runs,
            estimates=estimate_flags,
        ),
        "families.md": render(
            "families.md.j2",
            ladders=analysis.ladders,
            set_aside=set_aside,
            noise_bound=noise_bound,
        ),
        "audit.md": render("audit.md.j2", corrections=report.data.corrections),
        "track-record.md": render("track_record.md.j2"),
        "next-measurements.md": render("next.md.j2"),
        "models/index.md": render("models_index.md.j2", heatmap=heatmap_rows(report)),
        "compare.md": render("compare.md.j2", data=compare_data(report)),
        "case-studies/index.md": render("case_studies.md.j2"),
        "methods.md": render_methods(report, render),
        "disagreement.md": render(
            "disagreement.md.j2",
            disagreements=report.methods.disagreements,
            set_aside=report.methods.set_aside,
        ),
        "downloads.md": render("downloads.md.j2"),
        "releases/index.md": render("releases.md.j2", ledgers=report.data.ledgers),
        "feed.xml": feed(report),
    }


def release_pages(report: Report, render: Render) -> dict[str, str]:
    return {
        f"releases/{after['version']}.md": render(
            "release.md.j2",
            before=before,
            after=after,
            moves=changes(before, after) if before else [],
        )
        for before, after in release_pairs(report.data.ledgers)
    }


def model_pages(
    report: Report, render: Render, pictures: dict[str, str], engine: str
) -> Iterator[tuple[str, str]]:
    """One page per model, as it is rendered. Model pages are most of the site and change one
    at a time: each is rendered with a placeholder stamp and kept by a digest of its inputs, so
    an unchanged one is reused."""
    cache, stamp = report.cache, str(report.stamp)
    d = report.default
    shared = digest(template_digest(), repr((d.spec.title, d.fit, d.loo.fold_cover90, engine)))
    digest12 = report.stamp.data_digest[:12]
    for view in report.models:
        slug = view.entry.slug
        key, kept = "", None
        if cache:  # the key costs a repr of the page's inputs: only worth it with a cache
            near, named = report.alike(slug)
            inputs = (
                view,
                report.answer(slug),  # its range and budget read the training's other models
                # ...and the readings nearest its own, which its eval power counts and names
                near,
                [(s, report.view(s).estimate) for s in named],
                report.analysis.case_study_names(slug),
                report.history(slug),
                report.methods.estimates(slug),
                report.methods.compute(slug),
            )
            key = digest(shared, repr(inputs))
            kept = cache.get("pages", key)
        if kept is None:
            body = render(
                "model.html.j2", m=view, stamp=STAMP_PLACEHOLDER, digest_mark=DIGEST_PLACEHOLDER
            )
            if cache:
                # The chart files the page names are kept with it.
                drawn = {path: pictures[path] for path in CHART_FILE.findall(body)}
                cache.put("pages", key, (body, drawn))
        else:
            body, drawn = kept
            pictures.update(drawn)
        yield (
            f"models/{slug}.md",
            body.replace(STAMP_PLACEHOLDER, stamp).replace(DIGEST_PLACEHOLDER, digest12),
        )


def calibration_pages(report: Report, render: Render) -> dict[str, str]:
    return {
        f"calibration/{view.spec.name}.md": render(
            "calibration.md.j2", c=view, lx=lambda_explorer(report.est, view.headline)
        )
        for view in report.calibrations
    }


def report_pages(report: Report, render: Render) -> dict[str, str]:
    """The case studies and the analyses read against the first of them."""
    analysis = report.analysis
    pages = {
        f"case-studies/{cs.study.name}.md": render(
            "case_study.md.j2", cs=cs, ladders=analysis.ladders
        )
        for cs in analysis.case_studies
    }
    if not analysis.case_studies:
        for path, title in (
            ("replication.md", "Replication"),
            ("lambda.md", "λ analysis"),
            ("anchors.md", "Anchors"),
        ):
            pages[path] = render("empty.md.j2", title=title)
        return pages
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
        "anchors.md.j2",
        anchors=analysis.anchors(set(cs.study.highlight)),
        probes_public=PROBES_PUBLIC,
    )
    return pages
