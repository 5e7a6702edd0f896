"""The built site in a real headless Chromium (Debian's), with no network but the local server."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import Browser

from tests.conftest import DATA
from tests.e2e.conftest import Visit, draw_charts

pytestmark = pytest.mark.browser

VERSION = yaml.safe_load((DATA / "site.yaml").read_text())["report_version"]


PAGES = [
    ("/", 2),
    ("/models/", 1),
    ("/compare/", 0),
    ("/models/deepseek-v3/", 2),
    ("/models/gpt-5.5-pro/", 2),
    ("/models/gpt-4o/", 2),
    ("/models/gemini-3.5-flash/", 2),
    ("/calibration/ikp-paper/", 3),
    ("/methodology/", 0),
    ("/case-studies/", 0),
    ("/case-studies/gemini-3.5-flash/", 2),
    ("/replication/", 0),
    ("/lambda/", 1),
    ("/anchors/", 1),
    ("/families/", 0),
    ("/hazards/", 0),
    ("/methods/", 0),
    ("/disagreement/", 0),
    ("/releases/", 0),
    ("/downloads/", 0),
    ("/contribute/", 0),
    ("/about/", 0),
    ("/calibration/", 0),
]


@pytest.mark.parametrize(("path", "fewest"), PAGES)
def test_page_renders_its_charts_without_errors(
    browser: Browser, site_url: str, path: str, fewest: int
) -> None:
    """Every chart a page declares (a spec beside its placeholder or in its file) is drawn.
    The count is the page's own: a model page gains a history chart with the first release."""
    visit = Visit(browser, site_url + path)
    page = visit.page
    charts = page.locator("div.pa-chart").count()
    specs = page.locator("script[type='application/json'][id$='-spec']").count()
    specs += page.locator("div.pa-chart[data-spec-src]").count()  # in a file beside a picture
    assert charts == specs and charts >= fewest
    if charts:
        # vega-embed draws an SVG with marks inside each placeholder.
        draw_charts(page)
        assert page.locator("div.pa-chart svg.marks").count() == charts
        marks = page.locator("div.pa-chart svg.marks path, div.pa-chart svg.marks line")
        assert marks.count() > 10
    assert f"Report {VERSION} ·" in page.locator(".pa-stamp").inner_text()
    assert visit.problems == []
    page.close()


def test_home_chart_draws_every_model(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/").page
    draw_charts(page)
    labels = page.locator("div.pa-chart svg.marks .role-axis-label text").evaluate_all(
        "nodes => nodes.map(n => n.textContent)"
    )
    assert "GPT-5.5 Pro" in labels and "SmolLM2 135M" in labels
    page.close()


def test_model_table_links_to_model_pages(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/").page
    page.fill("input[type=search] >> nth=0", "deepseek v3")
    page.get_by_role("link", name="DeepSeek V3", exact=True).first.click()
    page.wait_for_url("**/models/deepseek-v3/")
    assert page.title().startswith("DeepSeek V3 - ")
    page.close()


@pytest.mark.parametrize("path", [p for p, _ in PAGES])
def test_tables_have_headers_and_charts_have_text(
    browser: Browser, site_url: str, path: str
) -> None:
    page = Visit(browser, site_url + path).page
    tables = page.locator("article table")
    for i in range(tables.count()):
        assert tables.nth(i).locator("th").count() > 0, f"table {i} on {path}"
    charts = page.locator("div.pa-chart")
    if charts.count():
        draw_charts(page)
    for i in range(charts.count()):
        # Before it is drawn the placeholder is the image (as the HTML says); once drawn, the
        # SVG's wrapper is, so that the export menu beside it is not inside an image.
        chart = charts.nth(i)
        assert chart.get_attribute("role") is None
        image = chart.locator(".chart-wrapper")
        assert image.get_attribute("role") == "img"
        assert len(image.get_attribute("aria-label") or "") > 20
        assert chart.locator("summary").get_attribute("aria-label")
    page.close()


def test_search_finds_a_model_by_name(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/").page
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Typed key by key, as a reader does: the theme's search reads the query on key-up.
    page.locator("input.md-search__input").press_sequentially("DeepSeek V3", delay=20)
    result = page.locator(".md-search-result__link[href*='models/deepseek-v3/']").first
    result.wait_for(timeout=60_000)
    result.click()
    page.wait_for_url("**/models/deepseek-v3/**")
    page.close()


def test_home_chart_is_drawn(browser: Browser, site_url: str) -> None:
    # How fast is a figure of `make bench`, never an assertion: CI machines are shared.
    page = browser.new_page()
    page.goto(site_url + "/", wait_until="commit")
    draw_charts(page)
    assert page.locator("div.pa-chart svg.marks").count() >= 1
    page.close()
