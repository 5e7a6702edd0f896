"""Readers explore the tables: search, filters, sorting and a shareable address, in Chromium."""

from __future__ import annotations

import collections
import json
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from paramatlas.build import load_report
from paramatlas.methods.hardware import bounds
from paramatlas.present import fmt_b, size_range
from paramatlas.tables import PAGE_ROWS
from paramatlas.views.report import Report
from tests.conftest import DATA
from tests.e2e.conftest import Visit, all_rows, draw_charts
from tests.tables import cell_texts, site_tables, table_rows

pytestmark = pytest.mark.browser

UNITS = {"M": 1e-3, "B": 1.0, "T": 1e3}
EXPLORABLE = ["/", "/models/", "/disagreement/", "/methods/", "/hazards/"]
PAGE = 25  # rows a table with filters shows before "Show all"


def size_B(text: str) -> float:
    """A size as the site prints it (950B, 1.2T, 1,000T), in billions."""
    return float(text[:-1].replace(",", "")) * UNITS[text[-1]]


def shown_column(page: Page, header: str) -> list[str]:
    table = page.locator("article table").first
    headers = table.locator("thead th").all_inner_texts()
    col = headers.index(header) + 1
    return table.locator(f"tbody tr:not([hidden]) td:nth-child({col})").all_inner_texts()


def estimates(page: Page) -> list[float]:
    """The Best estimate column in its shown order, where it holds a size."""
    cells = shown_column(page, "Best estimate")
    return [size_B(t) for t in cells if t[-1:] in UNITS and t[0].isdigit()]


def count(page: Page) -> str:
    return page.locator(".pa-count").first.inner_text()


@pytest.mark.parametrize("path", EXPLORABLE)
def test_every_announced_table_gets_its_controls(browser: Browser, site_url: str, path: str):
    visit = Visit(browser, site_url + path)
    tools = visit.page.locator(".pa-table-tools")
    assert tools.count() >= 1
    for i in range(tools.count()):
        box = tools.nth(i)
        facets = [f for f in (box.get_attribute("data-facets") or "").split(",") if f]
        # A filter naming a column the table lacks would be dropped without a word.
        assert box.locator("select").count() == len(facets), (path, facets)
        assert box.locator("input[type=search]").count() == 1
        assert box.locator(".pa-count").inner_text().startswith("Showing ")
    assert visit.problems == []
    visit.page.close()


def test_a_long_table_shows_its_first_rows_and_the_rest_on_request(
    browser: Browser, site_url: str
) -> None:
    page = Visit(browser, site_url + "/?sort=best-estimate&order=descending").page
    all_rows(page)  # a sort in the address asks for every row: it holds them unasked
    table = page.locator("article table").first
    total = table.locator("tbody tr").count()
    assert total > PAGE and total == int(table.get_attribute("data-rows-total"))
    assert count(page) == f"Showing the first {PAGE} of {total} models"
    assert page.locator("article table").first.locator("tbody tr:not([hidden])").count() == PAGE
    # The page is the first rows in the table's order: here the largest estimates.
    first = estimates(page)
    page.locator(".pa-more").first.click()
    assert count(page) == f"Showing {total} of {total} models"
    assert estimates(page)[: len(first)] == first and len(estimates(page)) > len(first)
    assert page.locator(".pa-more").first.is_hidden()
    assert parse_qs(urlsplit(page.url).query)["all"] == ["1"]
    # The charts follow the models that match, not the page: every model here.
    assert page.evaluate("window.paramatlasShown") is None
    page.goto(page.url)
    assert count(page) == f"Showing {total} of {total} models"
    page.close()


def test_filter_counts_and_url_state(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/").page
    total = int(page.locator("article table").first.get_attribute("data-rows-total"))
    assert count(page) == f"Showing the first {PAGE} of {total} models"
    all_rows(page)
    assert count(page) == f"Showing the first {PAGE} of {total} models"
    # More matches than a page: the count gives the matches, not the rows drawn.
    page.select_option("select[name=weights]", "open")
    table = page.locator("article table").first
    col = table.locator("thead th").all_inner_texts().index("Weights") + 1
    weights = table.locator(f"tbody tr td:nth-child({col})").all_inner_texts()
    matching = sum(w.strip().lower() == "open" for w in weights)
    assert matching > PAGE
    assert count(page) == (
        f"Showing the first {PAGE} of {matching} matching models ({total} in all)"
    )
    page.select_option("select[name=vendor]", "anthropic")
    page.select_option("select[name=weights]", "proprietary")
    vendors = shown_column(page, "Vendor")
    assert vendors and set(vendors) == {"anthropic"}
    assert count(page) == f"Showing {len(vendors)} of {total} models"
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"vendor": ["anthropic"], "weights": ["proprietary"]}
    # The address alone brings the same view back.
    page.goto(page.url)
    all_rows(page)
    assert shown_column(page, "Vendor") == vendors
    assert page.locator("select[name=vendor]").input_value() == "anthropic"
    page.close()


def test_search_matches_every_word(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/").page
    page.fill("input[type=search] >> nth=0", "claude opus")
    all_rows(page)
    names = shown_column(page, "Model")
    assert names and all("claude opus" in n.lower() for n in names)
    assert "q=claude+opus" in page.url
    page.close()


def test_sizes_sort_as_numbers(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/?sort=best-estimate&order=descending&all=1").page
    all_rows(page)
    header = page.locator("article table").first.locator("th", has_text="Best estimate").first
    assert header.get_attribute("aria-sort") == "descending"
    sizes = [
        size_B(t) for t in shown_column(page, "Best estimate") if t[-1:] in UNITS and t[0].isdigit()
    ]
    assert len(sizes) > 100
    assert sizes == sorted(sizes, reverse=True)
    # A click turns the order; the address follows.
    header.click()
    assert parse_qs(urlsplit(page.url).query)["order"] == ["ascending"]
    sizes = [
        size_B(t) for t in shown_column(page, "Best estimate") if t[-1:] in UNITS and t[0].isdigit()
    ]
    assert sizes == sorted(sizes)
    page.close()


def test_flag_filter_takes_each_flag_of_a_row(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/?all=1").page
    all_rows(page)
    options = page.locator("select[name=flags] option").all_inner_texts()
    flags = [o.rsplit(" (", 1) for o in options if o not in ("all",) and not o.startswith("none")]
    name, n = max(flags, key=lambda f: int(f[1].rstrip(")")))
    page.select_option("select[name=flags]", name)
    flags = shown_column(page, "Flags")
    assert len(flags) == int(n.rstrip(")")) and all(name in f for f in flags)
    assert count(page).startswith(f"Showing {n.rstrip(')')} of ")
    page.close()


def test_tables_of_one_page_keep_their_own_state(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/methods/").page
    others = "article tbody tr[hidden]:not(.pa-table-tools[data-key=compute] + * tr)"
    hidden_elsewhere = page.locator(others).count()
    tools = page.locator(".pa-table-tools[data-key=compute]")
    # A reader reaching for the filter brings in the rows past the page's first, if any; the
    # filter offers values once every row is there.
    tools.locator("select[name=method-confidence]").focus()
    if page.locator("#compute-table[data-rows-src]").count():
        page.wait_for_selector("#compute-table[data-rows-loaded]", state="attached")
    value = tools.locator("select[name=method-confidence] option").nth(1).get_attribute("value")
    tools.locator("select[name=method-confidence]").select_option(value)
    assert parse_qs(urlsplit(page.url).query) == {"compute.method-confidence": [value]}
    shown = page.locator(".pa-table-tools[data-key=compute] + * tbody tr:not([hidden])")
    assert shown.count() >= 1
    assert set(shown.locator("td:nth-child(4)").all_inner_texts()) == {value}  # Method confidence
    # The other tables of the page are left as they were.
    assert page.locator(others).count() == hidden_elsewhere
    page.close()


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(DATA)


def read_again(page: Page) -> None:
    """Wait until the λ explorer has its tier counts (a file it fetches) and has read the
    models at the λ asked for."""
    page.wait_for_function(
        "document.querySelector('.pa-lambda-status').textContent.endsWith('read again')"
    )


def test_lambda_explorer_fetches_its_counts_only_for_a_reader_who_moves_lambda(
    browser: Browser, site_url: str
) -> None:
    url = f"{site_url}/calibration/ikp-paper/"
    counts = "/assets/tables/lambda-ikp-paper-"
    visit = Visit(browser, url)
    assert not [r for r in visit.requests if counts in r]
    visit.page.fill(".pa-lambda-value", "-2")
    visit.page.dispatch_event(".pa-lambda-value", "change")
    read_again(visit.page)
    assert len([r for r in visit.requests if counts in r]) == 1
    assert visit.problems == []
    visit.page.close()
    # A copy that cannot fetch the counts (opened from disk, say) says what gives the numbers.
    visit = Visit(browser, "about:blank")
    visit.page.route(f"**{counts}*.json", lambda route: route.abort())
    visit.page.goto(url + "?lambda=-2")
    status = visit.page.locator(".pa-lambda-status")
    status.filter(has_text="could not be fetched").wait_for()
    assert "paramatlas fit --calibration ikp-paper --lambda -2" in status.inner_text()
    refused = ("failed ", "Failed to load resource")
    assert [p for p in visit.problems if not p.startswith(refused)] == []
    visit.page.close()


# λ values no source published: the page must compute them, not look them up.
@pytest.mark.parametrize("lam", [-2.0, -0.25, -4.3])
@pytest.mark.parametrize("calibration", ["ikp-paper", "ikp-refit-v2"])
def test_lambda_explorer_matches_the_cli(
    browser: Browser, site_url: str, report: Report, run_cli, calibration: str, lam: float
) -> None:
    visit = Visit(browser, f"{site_url}/calibration/{calibration}/")
    page = visit.page
    page.fill(".pa-lambda-value", str(lam))
    page.dispatch_event(".pa-lambda-value", "change")
    read_again(page)
    assert f"lambda={lam:g}" in page.url
    code, out, _ = run_cli("fit", "--calibration", calibration, "--lambda", str(lam), "--json")
    assert code == 0
    fit = json.loads(out)
    for stat, digits in (("slope", 5), ("intercept", 5), ("r_squared", 4), ("rmse", 4)):
        shown = page.locator(f'[data-stat="{stat}"]')
        assert float(shown.get_attribute("data-value")) == pytest.approx(fit[stat], rel=1e-12)
        assert shown.inner_text() == f"{fit[stat]:.{digits}f}"
    # The rows past the page's first come after λ moved: they are read at it too.
    all_rows(page)
    table = page.locator("#lambda-table")
    rows = table.locator("tbody tr").evaluate_all(
        """rows => rows.map(r => ({
            slug: r.querySelector("a").getAttribute("href").split("/").filter(Boolean).pop(),
            run: r.querySelector("code").textContent,
            values: [...r.querySelectorAll("span[data-value]")].map(s => Number(s.dataset.value)),
            interval: r.cells[4].textContent.trim(),
        }))"""
    )
    assert len(rows) == int(table.get_attribute("data-rows-total")) > PAGE_ROWS
    status = page.locator(".pa-lambda-status").inner_text()
    assert status.endswith(f"{len(rows)} read again")
    for row in rows:
        want = report.est.estimate(row["slug"], calibration, lam)
        assert row["run"] == want.run_id
        assert row["values"] == [
            pytest.approx(want.accuracy, rel=1e-12),
            pytest.approx(want.params_B, rel=1e-9),
        ], row["slug"]
        assert row["interval"] == size_range(want.pi_low_B, want.pi_high_B), row["slug"]
    assert visit.problems == []
    page.close()


def test_lambda_explorer_cli_agrees_for_one_model(run_cli, site_url: str, browser: Browser):
    page = Visit(browser, f"{site_url}/calibration/ikp-paper/?lambda=-2").page
    read_again(page)
    row = page.locator("tr", has=page.locator('a[href$="/models/claude-opus-4/"]')).last
    code, out, _ = run_cli(
        "ikp", "claude-opus-4", "--calibration", "ikp-paper", "--lambda", "-2", "--json"
    )
    assert code == 0
    cli = json.loads(out)
    assert row.locator("td").nth(3).inner_text() == fmt_b(cli["params_B"])
    page.close()


CALCULATOR_CASES = [
    (
        "NVIDIA H100 SXM",
        {"chips": "8", "tokens_per_s": "50", "utilisation_low": "0.3", "utilisation_high": "0.6"},
        "2",
    ),
    (
        "Google TPU v5p",
        {
            "chips": "16",
            "tokens_per_s": "173.5",
            "utilisation_low": "0.25",
            "utilisation_high": "0.7",
            "active_share": "0.06",
        },
        "1",
    ),
    (
        "",
        {
            "memory_GB": "24",
            "bandwidth_TBps": "1.008",
            "chips": "1",
            "tokens_per_s": "12",
            "utilisation_low": "0.5",
            "utilisation_high": "0.9",
        },
        "0.5",
    ),
]


@pytest.mark.parametrize(("accelerator", "fields", "bytes_per_param"), CALCULATOR_CASES)
def test_hardware_calculator_matches_the_python_method(
    browser: Browser,
    site_url: str,
    report: Report,
    accelerator: str,
    fields: dict,
    bytes_per_param: str,
) -> None:
    visit = Visit(browser, site_url + "/methods/")
    form = visit.page.locator("form.pa-hardware")
    result = form.locator(".pa-hardware-result")
    assert result.inner_text().startswith("Enter ")
    if accelerator:
        form.locator("select[name=accelerator]").select_option(label=accelerator)
        chip = next(a for a in report.data.accelerators if a.name == accelerator)
        assert form.locator("input[name=memory_GB]").input_value() == f"{chip.memory_GB:g}"
        assert chip.citation.text in form.locator(".pa-hardware-source").inner_text()
    form.locator("select[name=bytes_per_param]").select_option(bytes_per_param)
    for name, value in fields.items():
        form.locator(f"input[name={name}]").fill(value)
    inputs = {
        name: float(form.locator(f"[name={name}]").input_value())
        for name in ("memory_GB", "bandwidth_TBps", "chips", "tokens_per_s", "bytes_per_param")
    }
    share = fields.get("active_share")
    want = bounds(
        **inputs,
        utilisation=(float(fields["utilisation_low"]), float(fields["utilisation_high"])),
        active_share=float(share) if share else None,
    )
    got = result.locator("span[data-value]").evaluate_all(
        "spans => spans.map(s => Number(s.dataset.value))"
    )
    expected = [want.active_low_B, want.active_high_B, want.total_max_B]
    expected += list(want.implied_total_B or ())
    assert got == [pytest.approx(v, rel=1e-12) for v in expected]
    assert fmt_b(want.total_max_B) in result.inner_text()
    assert visit.problems == []
    visit.page.close()


def test_hardware_calculator_names_what_is_missing_or_wrong(browser: Browser, site_url: str):
    page = Visit(browser, site_url + "/methods/").page
    form = page.locator("form.pa-hardware")
    form.locator("input[name=chips]").fill("8")
    text = form.locator(".pa-hardware-result").inner_text()
    assert "memory per chip" in text and "chips in one serving slice" not in text
    # No source gives the number format a model is served in: it starts unchosen.
    assert "bytes per parameter" in text
    form.locator("input[name=utilisation_low]").fill("1.5")
    assert "utilisation (0 to 1)" in form.locator(".pa-hardware-result").inner_text()
    assert form.locator(".pa-hardware-result span[data-value]").count() == 0
    page.close()


def test_compare_puts_models_side_by_side_and_keeps_them_in_the_address(
    browser: Browser, site_url: str, report: Report
) -> None:
    visit = Visit(browser, site_url + "/compare/?models=claude-opus-4.1,gpt-5")
    page = visit.page
    page.wait_for_selector("form.pa-compare[data-ready]", state="attached")
    table = page.locator(".pa-compare-table")
    assert table.locator("thead th").all_inner_texts()[1:] == ["Claude Opus 4.1", "GPT-5"]
    best = table.locator("tbody tr", has_text="Best estimate").locator("td").all_inner_texts()
    assert best == [fmt_b(report.answer(s).params_B) for s in ("claude-opus-4.1", "gpt-5")]
    # A third model joins from the pickers; the address follows.
    page.select_option("select[name=model3]", "deepseek-v3")
    assert parse_qs(urlsplit(page.url).query) == {"models": ["claude-opus-4.1,gpt-5,deepseek-v3"]}
    assert table.locator("thead th").count() == 4
    tiers = table.locator("tbody tr", has_text="Correct in T1").locator("td").all_inner_texts()
    primary = next(v for v in report.models if v.entry.slug == "deepseek-v3").primary
    assert tiers[2] == f"{100 * primary.tiers[0].correct_rate:.1f}%"
    assert visit.problems == []
    page.close()
    # Unknown slugs are ignored, never an error.
    visit = Visit(browser, site_url + "/compare/?models=gpt-5,no-such-model")
    visit.page.wait_for_selector("form.pa-compare[data-ready]", state="attached")
    text = visit.page.locator(".pa-compare-result").inner_text()
    assert text == "Pick at least two models above."
    assert visit.problems == []
    visit.page.close()


def test_model_page_links_to_compare_with_itself(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/models/gpt-5/").page
    page.get_by_role("link", name="Compare with other models").click()
    page.wait_for_url("**/compare/?models=gpt-5")
    page.wait_for_selector("form.pa-compare[data-ready]", state="attached")
    assert page.locator("select[name=model1]").input_value() == "gpt-5"
    page.close()


def test_compare_holds_no_model_list_and_says_when_its_data_cannot_come(
    browser: Browser, site_url: str, built_site: Path, report: Report
) -> None:
    """The page names a data file instead of carrying every model: the pickers offer every
    model once it has come, and a reader whose copy cannot fetch it is told where to go."""
    html = (built_site / "compare" / "index.html").read_text()
    assert html.count("<option") == 4  # each picker's "—"
    page = Visit(browser, site_url + "/compare/").page
    page.wait_for_selector("form.pa-compare[data-ready]", state="attached")
    offered = page.locator("select[name=model4] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert offered == [
        "",
        *sorted((v.entry.slug for v in report.models), key=lambda s: report.est.models[s].name),
    ]
    page.close()
    visit = Visit(browser, "about:blank")
    visit.page.route("**/assets/tables/compare-*.json", lambda route: route.abort())
    visit.page.goto(site_url + "/compare/?models=gpt-5,deepseek-v3")
    visit.page.wait_for_selector("form.pa-compare[data-failed]", state="attached")
    result = visit.page.locator(".pa-compare-result")
    assert result.inner_text().startswith("The models could not be loaded")
    assert result.locator("a").get_attribute("href") == "../models/"
    # The refused file is the one problem (a failed request and the console's word on it).
    refused = ("failed ", "Failed to load resource")
    assert [p for p in visit.problems if not p.startswith(refused)] == []
    visit.page.close()


def chart_labels(page: Page, chart: str) -> list[str]:
    draw_charts(page)
    page.wait_for_timeout(200)  # the view re-runs asynchronously after a filter
    return page.locator(f"#{chart} .role-axis-label text").evaluate_all(
        "nodes => nodes.map(n => n.textContent)"
    )


def test_home_chart_follows_the_table(browser: Browser, site_url: str) -> None:
    # Every matching row shown (all=1): the chart draws the models that match, not a page.
    visit = Visit(browser, site_url + "/?vendor=anthropic&all=1")
    page = visit.page
    all_rows(page)
    names = shown_column(page, "Model")
    cells = shown_column(page, "Best estimate")
    # The chart draws every usable answer: a size, or a quoted range without a point.
    drawn = {n for n, c in zip(names, cells, strict=True) if c[:1].isdigit()}
    assert drawn and set(chart_labels(page, "chart-estimates")) & set(names) == drawn
    page.select_option("select[name=vendor]", "")
    every = set(shown_column(page, "Model"))
    assert len(set(chart_labels(page, "chart-estimates")) & every) > len(drawn)
    assert visit.problems == []
    page.close()


def test_heatmap_follows_the_models_table(browser: Browser, site_url: str) -> None:
    visit = Visit(browser, site_url + "/models/")
    page = visit.page
    all_rows(page)
    page.select_option("select[name=vendor]", "google")
    names = set(shown_column(page, "Model"))
    labels = set(chart_labels(page, "chart-heatmap"))
    assert labels & names and not (labels - names - {"T1", "T2", "T3", "T4", "T5", "T6", "T7"})
    assert visit.problems == []
    page.close()


def test_browser_prints_sizes_as_the_pages_do(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/compare/").page
    values = [0.000123, 0.135, 0.9996, 1, 7.6, 42.42, 671, 999.4, 999.7, 1234, 16_000, 999_960, 3e6]
    shown = page.evaluate("values => values.map(window.paramatlasSize)", values)
    assert shown == [fmt_b(v) for v in values]
    page.close()


def test_the_home_table_filters_by_grade(browser: Browser, site_url: str) -> None:
    page = Visit(browser, site_url + "/?all=1").page
    all_rows(page)
    options = page.locator("select[name=grade] option").all_inner_texts()
    assert any(o.startswith("low (") for o in options), options
    page.select_option("select[name=grade]", "low")
    shown = shown_column(page, "Grade")
    assert shown and set(shown) == {"low"}
    assert "grade=low" in page.url
    page.close()


def page_and_file_rows(built_site: Path, path: str) -> tuple[list[str], list[str]]:
    """The rows of the page's models table: those the page holds, and every one."""
    page = (built_site / path / "index.html").read_text()
    every = table_rows(f"{path}/index.html".lstrip("/"), page, site_tables(built_site))
    return every[:PAGE_ROWS], every


def test_a_model_past_the_first_rows_is_found(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    in_page, every = page_and_file_rows(built_site, "")
    assert len(in_page) == PAGE_ROWS < len(every)  # the committed data fill more than a page
    name = cell_texts(every[-1])[0]
    page = Visit(browser, site_url + "/").page
    assert page.locator("article table").first.locator("tbody tr").count() == PAGE_ROWS
    page.fill("input[type=search] >> nth=0", name)
    all_rows(page)
    assert name in shown_column(page, "Model")
    assert page.locator(".pa-rows-note").count() == 0  # what it said no longer holds
    page.close()


@pytest.mark.parametrize("path", ["", "models"])
def test_the_address_asks_for_a_view_over_every_row(
    browser: Browser, site_url: str, built_site: Path, path: str
) -> None:
    """A shared address with a filter brings every row, unasked, and counts them all."""
    _, every = page_and_file_rows(built_site, path)
    column = 7 if path == "" else 5  # Vendor, on the home page and the models index
    vendor, n = collections.Counter(cell_texts(r)[column] for r in every).most_common(1)[0]
    visit = Visit(browser, f"{site_url}/{path + '/' if path else ''}?vendor={quote(vendor)}")
    page = visit.page
    page.wait_for_selector("article table[data-rows-loaded]", state="attached")
    assert page.locator("select[name=vendor]").input_value() == vendor
    assert set(shown_column(page, "Vendor")) == {vendor}
    shown = min(n, PAGE)
    assert count(page) == (
        f"Showing {n} of {len(every)} models"
        if n <= PAGE
        else f"Showing the first {shown} of {n} matching models ({len(every)} in all)"
    )
    assert visit.problems == []
    page.close()


def test_without_javascript_the_first_rows_read_as_a_table(browser: Browser, site_url: str):
    page = browser.new_page(java_script_enabled=False)
    page.goto(site_url + "/")
    table = page.locator("article table").first
    assert table.locator("tbody tr").count() == PAGE_ROWS
    assert table.locator("tbody tr:not([hidden])").last.is_visible()
    note = page.locator(".pa-rows-note")
    assert note.is_visible() and f"the first {PAGE_ROWS} of " in note.inner_text()
    assert note.locator("a").get_attribute("href") == "downloads/"
    page.close()


def test_rows_that_cannot_be_fetched_leave_the_page_usable(browser: Browser, site_url: str):
    page = browser.new_page()
    page.route("**/assets/tables/*.json", lambda route: route.abort())
    page.goto(site_url + "/")
    total = int(page.locator("article table").first.get_attribute("data-rows-total"))
    page.locator("article table").first.hover(position={"x": 5, "y": 5})
    page.wait_for_function(
        "document.querySelector('.pa-count').textContent.includes('could not be loaded')"
    )
    missing = total - PAGE_ROWS
    assert count(page) == (
        f"Showing the first {PAGE} of {PAGE_ROWS} models; the other {missing} could not be "
        "loaded (the note under the table says where each one is)"
    )
    page.locator(".pa-more").first.click()  # the rows the page holds are all still there
    assert page.locator("article table").first.locator("tbody tr:not([hidden])").count() == (
        PAGE_ROWS
    )
    page.close()


@pytest.mark.parametrize(
    ("probes", "accuracy"), [("200", "0.5"), ("50", "0.9"), ("1000", "0.02"), ("7", "0.999")]
)
def test_eval_power_calculator_matches_the_python(
    browser: Browser, site_url: str, report: Report, probes: str, accuracy: str
) -> None:
    from paramatlas.analyses.power import planned_power

    visit = Visit(browser, site_url + "/methods/")
    form = visit.page.locator("form.pa-power")
    form.locator("input[name=probes]").fill(probes)
    form.locator("input[name=accuracy]").fill(accuracy)
    step, ratio = form.locator("output [data-value]").evaluate_all(
        "els => els.map(e => Number(e.getAttribute('data-value')))"
    )
    want = planned_power(int(probes), float(accuracy), report.default.fit.slope)
    assert step == pytest.approx(want.accuracy_step, rel=1e-9, abs=1e-12)
    assert ratio == pytest.approx(want.size_ratio, rel=1e-9)
    form.locator("input[name=probes]").fill("")
    assert form.locator("output").inner_text().startswith("Enter the probes per tier")
    # Every probe answered alike has no noise to plan with: not a ratio of 1.
    form.locator("input[name=probes]").fill(probes)
    form.locator("input[name=accuracy]").fill("1")
    assert form.locator("output").inner_text().startswith("Enter the probes per tier")
    assert visit.problems == []
    visit.page.close()
