"""Charts drawn at build time: the home page and the models index show their charts as
pictures at once, fetch the Vega bundle only when a reader reaches for a chart, and the
picture shows what the interactive chart draws."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from paramatlas.charts import PICTURE_ROWS
from tests.e2e.conftest import Visit, all_rows, draw_charts

BUNDLE = "paramatlas-charts.js"
PICTURED = ["/", "/models/"]


def pictures(page: Page) -> list[dict[str, object]]:
    return page.locator(".pa-picture svg.pa-drawn").evaluate_all(
        """svgs => svgs.map(svg => ({
            width: svg.getBoundingClientRect().width,
            right: svg.getBoundingClientRect().right,
            column: svg.closest("article").getBoundingClientRect().right,
            label: getComputedStyle(svg.querySelector("text")).fontSize,
            marks: svg.querySelectorAll("circle, rect, line").length,
        }))"""
    )


def requested(visit: Visit) -> list[str]:
    return [url for url in visit.requests if url.endswith(BUNDLE)]


def open_page(browser: Browser, url: str, width: int = 1280) -> Visit:
    visit = Visit(browser, url, viewport={"width": width, "height": 900})
    # Scroll to the foot of the page and back, past every chart, pointer kept off them.
    visit.page.mouse.move(0, 0)
    visit.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    visit.page.wait_for_timeout(300)
    visit.page.evaluate("window.scrollTo(0, 0)")
    visit.page.wait_for_load_state("networkidle")
    return visit


@pytest.mark.parametrize("path", PICTURED)
@pytest.mark.parametrize("width", [1280, 390])
def test_pictures_show_at_once_without_the_bundle(
    browser: Browser, site_url: str, path: str, width: int
) -> None:
    """Each chart is drawn in the page itself, one picture for every width: inside the
    column, its labels at their size on a phone, no file fetched for it."""
    visit = open_page(browser, site_url + path, width)
    shown = pictures(visit.page)
    assert shown and len(shown) == visit.page.locator("div.pa-chart").count()
    for picture in shown:
        assert int(picture["marks"]) > PICTURE_ROWS and picture["label"] == "11px", picture
        assert float(picture["width"]) > 0, picture
        assert float(picture["right"]) <= float(picture["column"]) + 1, picture
    assert requested(visit) == []
    assert not [u for u in visit.requests if "/assets/charts/" in u]
    assert visit.problems == []
    visit.page.close()


@pytest.mark.parametrize("path", PICTURED)
@pytest.mark.parametrize("reach", ["pointer", "keyboard"])
def test_reaching_for_a_chart_makes_it_interactive(
    browser: Browser, site_url: str, path: str, reach: str
) -> None:
    visit = open_page(browser, site_url + path)
    page = visit.page
    if reach == "pointer":
        page.locator("figure.pa-figure").first.hover()
    else:
        page.locator("button.pa-explore").first.focus()
        page.keyboard.press("Enter")
    page.wait_for_function(
        "document.querySelectorAll('div.pa-chart svg.marks').length"
        " === document.querySelectorAll('div.pa-chart').length",
        timeout=60_000,
    )
    assert len(requested(visit)) == 1
    assert page.locator(".pa-picture, button.pa-explore").count() == 0
    assert visit.problems == []
    page.close()


def test_a_filtered_address_draws_the_interactive_chart_unasked(
    browser: Browser, site_url: str
) -> None:
    visit = Visit(browser, site_url + "/?vendor=google")
    visit.page.wait_for_function(
        "document.querySelectorAll('div.pa-chart svg.marks').length"
        " === document.querySelectorAll('div.pa-chart').length",
        timeout=60_000,
    )
    assert visit.problems == []
    visit.page.close()


def test_the_picture_draws_what_the_interactive_chart_draws(
    browser: Browser, site_url: str
) -> None:
    visit = open_page(browser, site_url + "/")
    page = visit.page
    labels = page.locator("#chart-estimates .pa-picture text").all_text_contents()
    all_rows(page)
    names = set(
        page.locator("article table").first.locator("tbody tr td:first-child a").all_inner_texts()
    )
    draw_charts(page)
    drawn = page.locator("#chart-estimates .role-axis-label text").evaluate_all(
        "nodes => nodes.map(n => n.textContent)"
    )
    pictured = [name for name in labels if name in names]  # top to bottom
    # The picture draws the chart's first rows (the largest answers), the interactive chart all.
    ordered = [name for name in drawn if name in names]
    assert len(ordered) > PICTURE_ROWS and len(set(pictured)) == PICTURE_ROWS
    assert set(pictured) <= set(ordered[: PICTURE_ROWS + 5])  # equal sizes may swap at the edge
    note = page.locator("#chart-estimates .pa-picture-note")
    assert note.count() == 0  # went with the picture
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_model_pages_first_chart_is_a_picture(
    browser: Browser, site_url: str, width: int
) -> None:
    """A model page's first chart (its verdicts per tier) is drawn in the page itself, one
    picture for every width: it fills the column, its labels keep their size on a phone, and
    no file is fetched for it. The page's later charts are drawn when the reader nears them."""
    visit = Visit(
        browser, site_url + "/models/deepseek-v3/", viewport={"width": width, "height": 900}
    )
    page = visit.page
    page.locator("#chart-tiers").scroll_into_view_if_needed()
    box = page.locator("#chart-tiers .pa-picture svg").evaluate(
        """svg => ({width: svg.getBoundingClientRect().width,
                    column: svg.closest("article").getBoundingClientRect().width,
                    label: getComputedStyle(svg.querySelector("text")).fontSize,
                    bars: svg.querySelectorAll("rect").length})"""
    )
    assert box["bars"] > 7 and box["label"] == "11px"
    assert 0.9 * box["column"] <= box["width"] <= box["column"] + 1
    page.wait_for_load_state("networkidle")
    assert requested(visit) == []
    assert not [u for u in visit.requests if "/assets/charts/chart-tiers" in u]
    page.locator("#chart-tiers").hover()
    page.wait_for_function("document.querySelector('#chart-tiers svg.marks')", timeout=60_000)
    assert page.locator("#chart-tiers .pa-picture").count() == 0
    assert visit.problems == []
    page.close()


def test_a_page_opened_from_disk_keeps_its_pictures(browser: Browser, built_site: Path) -> None:
    """Opened straight from disk a page cannot fetch a chart's spec: its pictures stay, and
    the button says why the interactive chart did not come."""
    page = browser.new_page()
    page.goto((built_site / "index.html").as_uri())
    page.locator("figure.pa-figure").first.hover()
    page.wait_for_function("document.body.textContent.includes('could not be drawn')")
    assert page.locator("#chart-estimates .pa-picture > svg").count() == 1
    box = page.locator("#chart-estimates .pa-picture > svg").evaluate(
        "svg => svg.getBoundingClientRect().width"
    )
    assert box > 0
    page.close()
