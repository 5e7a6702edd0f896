"""Tables and charts fit their column on a desktop and on a phone, in Chromium: wide tables wrap
their cells, and those that still cannot fit become cards, one per row, each value labelled."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import Visit, all_rows, draw_charts, wait_for_tables

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGES = [
    "/",
    "/models/",
    "/models/deepseek-v3/",
    "/models/gpt-5/",
    "/models/claude-3-haiku/",
    "/disagreement/",
    "/methods/",
    "/hazards/",
    "/calibration/ikp-paper/",
    "/compare/?models=gpt-5,deepseek-v3",
    "/compare/?models=gpt-5,deepseek-v3,claude-opus-4.7,qwen-2.5-7b",
]

# Per content table: how far it reaches past the box it has to fit (the theme's scroll wrapper,
# the compare page's own) and past the article.
TABLES = """() => {
  const article = document.querySelector("article");
  const right = article.getBoundingClientRect().right;
  return Array.from(article.querySelectorAll("table"))
    .filter((t) => !t.closest(".vega-embed"))
    .map((t) => {
      const box = t.closest(".md-typeset__scrollwrap, .pa-compare-scroll") || t.parentElement;
      return {
        headers: Array.from(t.querySelectorAll("thead th")).map((th) => th.textContent.trim()),
        over: box.scrollWidth - box.clientWidth,
        past: t.getBoundingClientRect().right - right,
      };
    });
}"""

CHARTS = """() => Array.from(document.querySelectorAll("div.pa-chart")).map((chart) => {
  const figure = (chart.closest("figure") || chart.parentElement).getBoundingClientRect();
  const svg = chart.querySelector("svg.marks").getBoundingClientRect();
  return {
    id: chart.id,
    over: Math.max(chart.scrollWidth - chart.clientWidth, svg.right - figure.right,
                   figure.left - svg.left),
  };
})"""

# Every card of a stacked table, cell by cell: its text, the label it shows (the ::before
# content, "none" where no label is drawn) and whether it is drawn (an empty cell is not).
CARDS = """(table) => Array.from(table.tBodies[0].rows)
  .filter((row) => !row.hidden)
  .map((row) => Array.from(row.cells).map((cell) => [
    cell.textContent.trim(),
    getComputedStyle(cell, "::before").content,
    getComputedStyle(cell).display !== "none",
  ]))"""


def visit(browser: Browser, url: str, size: dict[str, int]) -> Visit:
    """A page opened at the given viewport: it is set before the page loads, so the layout is
    measured at that width from the start."""
    v = Visit(browser, "about:blank")
    v.page.set_viewport_size(size)
    v.page.goto(url, wait_until="load")
    if "/compare/" in url:
        v.page.wait_for_selector(".pa-compare-table")
    wait_for_tables(v.page)
    return v


# The layout shifts a page records while it loads, as the browser's Layout Instability API
# reports them: what Lighthouse's "cumulative layout shift" adds up.
SHIFTS = """window.paShifts = [];
new PerformanceObserver((list) => list.getEntries().forEach((e) => window.paShifts.push(e.value)))
  .observe({ type: "layout-shift", buffered: true });"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["/", "/disagreement/", "/methods/", "/models/deepseek-v3/"])
def test_nothing_moves_while_a_page_loads(browser: Browser, site_url: str, path: str, size: dict):
    # A table that becomes cards is drawn only once it is measured, never first as a grid
    # that then jumps (on a phone the disagreement page shifted by 0.07, the methods page 0.01).
    page = browser.new_page(viewport=size)
    page.add_init_script(SHIFTS)
    page.goto(site_url + path, wait_until="load")
    wait_for_tables(page)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    assert page.evaluate("window.paShifts") == [], (path, size)
    page.close()


def stacked(page: Page) -> list:
    return page.locator("article table[data-layout=stack]").all()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES)
def test_tables_and_charts_fit(browser: Browser, site_url: str, path: str, size: dict) -> None:
    v = visit(browser, site_url + path, size)
    tables = v.page.evaluate(TABLES)
    assert tables, path
    for table in tables:
        assert table["over"] <= 1, (path, table)
        assert table["past"] <= 1, (path, table)
    if v.page.locator("div.pa-chart").count():
        draw_charts(v.page)
        for chart in v.page.evaluate(CHARTS):
            assert chart["over"] <= 1, (path, chart)
    # Nothing else widens the page either: no sideways scroll on a phone.
    assert v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert v.problems == []
    v.page.close()


def test_model_pages_runs_table_is_a_grid_on_a_desktop(browser: Browser, site_url: str) -> None:
    # The table the issue named: every column of a model's runs in view, no cards needed.
    v = visit(browser, site_url + "/models/deepseek-v3/", DESKTOP)
    runs = v.page.locator("article table", has=v.page.locator("th", has_text="Hazards")).first
    assert runs.get_attribute("data-layout") is None
    assert runs.locator("th", has_text="Estimate").is_visible()
    v.page.close()


def test_on_a_phone_the_home_cards_start_with_the_estimate(browser: Browser, site_url: str):
    page = visit(browser, site_url + "/?all=1", PHONE).page
    all_rows(page)
    table = page.locator("article table").first
    assert table.get_attribute("data-layout") == "stack"
    cards = table.evaluate(CARDS)
    assert len(cards) == table.locator("tbody tr").count() > 1
    for cells in cards:
        title, first_label = [cell for cell in cells if cell[2]][:2]
        # The model's name heads the card without a label; the first labelled line is the size.
        assert title[1] == "none" and title[0], cells
        assert first_label[1] == '"Best estimate"', cells
    page.close()


@pytest.mark.parametrize("path", ["/", "/models/deepseek-v3/", "/methods/"])
def test_each_card_value_carries_its_column_header(browser: Browser, site_url: str, path: str):
    page = visit(browser, site_url + path, PHONE).page
    tables = stacked(page)
    assert tables, path
    for table in tables:
        headers = table.locator("thead th").all_text_contents()
        headers = [" ".join(h.split()) for h in headers]
        assert table.get_attribute("role") == "table"
        assert table.locator("thead th[role=columnheader]").count() == len(headers)
        for cells in table.evaluate(CARDS):
            for (text, label, _), header in zip(cells[1:], headers[1:], strict=True):
                assert label == f'"{header}"', (path, header, text)
        roles = table.evaluate(
            "(t) => [...new Set([...t.tBodies[0].rows].flatMap(r =>"
            " [r.getAttribute('role'), ...[...r.cells].map(c => c.getAttribute('role'))]))]"
        )
        assert sorted(roles) == ["cell", "row"], (path, roles)
    page.close()


def test_filtered_rows_stay_hidden_as_cards(browser: Browser, site_url: str) -> None:
    page = visit(browser, site_url + "/", PHONE).page
    all_rows(page)
    table = page.locator("article table").first
    assert table.get_attribute("data-layout") == "stack"
    page.select_option("select[name=vendor]", "anthropic")
    drawn = table.evaluate(
        "(t) => [...t.tBodies[0].rows].filter(r => r.getBoundingClientRect().height > 0)"
        ".map(r => r.querySelector('td[data-label=Vendor]').textContent.trim())"
    )
    hidden = table.locator("tbody tr[hidden]").count()
    total = table.locator("tbody tr").count()
    assert drawn and set(drawn) == {"anthropic"}
    assert hidden == total - len(drawn) and hidden > 0
    assert page.locator(".pa-count").first.inner_text() == f"Showing {len(drawn)} of {total} models"
    page.close()


def test_cards_still_sort_from_the_header_bar(browser: Browser, site_url: str) -> None:
    page = visit(browser, site_url + "/", PHONE).page
    all_rows(page)
    table = page.locator("article table").first
    header = table.locator("thead th", has_text="Best estimate").first
    assert header.is_visible()
    header.click()
    assert header.get_attribute("aria-sort") in ("ascending", "descending")
    cell = 'tbody tr td[data-label="Best estimate"]'
    first = table.locator(cell).first.inner_text()
    header.click()
    assert table.locator(cell).first.inner_text() != first
    page.close()


def test_a_resized_window_switches_between_cards_and_grid(browser: Browser, site_url: str):
    page = visit(browser, site_url + "/models/deepseek-v3/", DESKTOP).page
    assert stacked(page) == []
    page.set_viewport_size(PHONE)
    page.wait_for_function("document.querySelector('article table[data-layout=stack]')")
    assert page.evaluate(TABLES) and all(t["over"] <= 1 for t in page.evaluate(TABLES))
    page.set_viewport_size(DESKTOP)
    page.wait_for_function("!document.querySelector('article table[data-layout=stack]')")
    page.close()
