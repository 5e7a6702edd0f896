"""Render the report to Markdown with Jinja2: {path under the docs folder: text}. Writes nothing."""

from __future__ import annotations

import html
import json
import math
import re
from typing import Any

import jinja2

from generator import charts
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
    env.filters.update(md=md, url=safe_url, num=num, sig=sig, size=size, pct=pct, lam=lam)
    env.globals.update(chart_html=chart_html, charts=charts)
    return env


def render_all(report: Report) -> dict[str, str]:
    """Every generated page of the site."""
    env = environment()
    common = {
        "report": report,
        "stamp": str(report.stamp),
        "site": report.data.site,
        "default": report.default,
    }
    pages = {
        "index.md": env.get_template("home.md.j2").render(common),
        "methodology.md": env.get_template("methodology.md.j2").render(common),
        "about.md": env.get_template("about.md.j2").render(common),
        "calibration/index.md": env.get_template("calibrations.md.j2").render(common),
    }
    model_page = env.get_template("model.md.j2")
    for view in report.models:
        pages[f"models/{view.entry.slug}.md"] = model_page.render(common, m=view)
    calibration_page = env.get_template("calibration.md.j2")
    for view in report.calibrations:
        pages[f"calibration/{view.spec.name}.md"] = calibration_page.render(common, c=view)
    return pages
