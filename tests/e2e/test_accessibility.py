"""axe-core (WCAG 2.1 A and AA) over every page of the built site, with its charts drawn: no
serious or critical violation anywhere, the theme's own markup included."""

from __future__ import annotations

import os
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import draw_charts, wait_for_tables

pytestmark = pytest.mark.browser

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.1 A and AA, and the search dialog's name (a best practice Lighthouse counts).
RUN = """() => axe.run(document, {
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  rules: {"aria-dialog-name": {enabled: true}, "landmark-unique": {enabled: true}},
}).then(r => r.violations
  .filter(v => ["serious", "critical"].includes(v.impact) || v.id === "landmark-unique")
  .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")))"""


def pages(site: Path) -> list[str]:
    """Every page but the model pages, which share one template: of those every
    PARAMATLAS_AXE_EVERY-th (10 by default; `make a11y` sets 1 and checks them all)."""
    every = int(os.environ.get("PARAMATLAS_AXE_EVERY", "10"))
    folders = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    paths = ["/" if f == "." else f"/{f}/" for f in folders]
    models = [p for p in paths if p.startswith("/models/") and p != "/models/"]
    return [p for p in paths if p not in models] + models[::every]


@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_has_a_serious_accessibility_violation(
    browser: Browser, site_url: str, built_site: Path, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    found = {}
    paths = pages(built_site)
    for path in paths if width == 1280 else paths[:: max(1, len(paths) // 12)]:
        page.goto(site_url + path, wait_until="load")
        wait_for_tables(page)  # axe leaves out what is not drawn
        if page.locator("div.pa-chart").count():
            draw_charts(page)
        page.add_script_tag(content=AXE)
        violations = page.evaluate(RUN)
        if violations:
            found[path] = violations
    page.close()
    assert len(paths) > 40
    assert found == {}
