"""The built site in a real headless Chromium (Debian's), with no network but the local server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# As root in a sandbox-less container, and with Chromium's own network chatter turned off.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's chromium is not installed: run `make browser` (apt-get install chromium)"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page loaded with every console error, page error and failed request recorded."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.problems: list[str] = []
        self.page: Page = browser.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed {r.url}"))
        self.page.on(
            "response", lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}")
        )
        self.page.goto(url, wait_until="load")


PAGES = [
    ("/", 1),
    ("/models/deepseek-v3/", 2),
    ("/models/gpt-5.5-pro/", 2),
    ("/models/gpt-4o/", 2),
    ("/models/gemini-3.5-flash/", 2),
    ("/calibration/ikp-paper/", 1),
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


@pytest.mark.parametrize(("path", "charts"), PAGES)
def test_page_renders_its_charts_without_errors(
    browser: Browser, site_url: str, path: str, charts: int
) -> None:
    visit = Visit(browser, site_url + path)
    page = visit.page
    assert page.locator("div.pa-chart").count() == charts
    if charts:
        # vega-embed draws an SVG with marks inside each placeholder.
        page.wait_for_selector("div.pa-chart svg.marks", timeout=60_000)
        assert page.locator("div.pa-chart svg.marks").count() == charts
        marks = page.locator("div.pa-chart svg.marks path, div.pa-chart svg.marks line")
        assert marks.count() > 10
    assert "Report 2026.11-dev" in page.locator(".pa-stamp").inner_text()
    assert visit.problems == []
    page.close()


def test_home_chart_draws_every_model(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/").page
    page.wait_for_selector("div.pa-chart svg.marks")
    labels = page.locator("div.pa-chart svg.marks .role-axis-label text").evaluate_all(
        "nodes => nodes.map(n => n.textContent)"
    )
    assert "GPT-5.5 Pro" in labels and "SmolLM2 135M" in labels
    page.close()


def test_model_table_links_to_model_pages(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/").page
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
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("role") == "img"
        assert len(chart.get_attribute("aria-label") or "") > 20
    page.close()


def test_search_finds_a_model_by_name(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/").page
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("DeepSeek V3")
    result = page.locator(".md-search-result__link[href*='models/deepseek-v3/']").first
    result.wait_for(timeout=60_000)
    result.click()
    page.wait_for_url("**/models/deepseek-v3/**")
    page.close()


def test_home_chart_is_drawn(browser: Browser, site_url: str) -> None:
    # How fast is a figure of `make bench`, never an assertion: CI machines are shared.
    page = browser.new_page()
    page.goto(site_url + "/", wait_until="commit")
    page.wait_for_selector("div.pa-chart svg.marks", state="visible", timeout=60_000)
    assert page.locator("div.pa-chart svg.marks").count() >= 1
    page.close()
