"""The calibration page's charts in the browser: a vendor highlighted, the excluded models
hidden and shown, the leave-one-out predictions, and the MoE members on total or active size."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from paramatlas.build import load_report
from paramatlas.views.calibrations import CalibrationView
from tests.conftest import DATA
from tests.e2e.conftest import Visit, draw_charts

CALIBRATIONS = ["ikp-paper", "ikp-refit-v2"]


@pytest.fixture(scope="module")
def views() -> dict[str, CalibrationView]:
    return {v.spec.name: v for v in load_report(DATA).calibrations}


def marks(page: Page, chart: str) -> list[dict[str, str]]:
    """The data points a chart draws (its legend's symbols left out), as the SVG has them."""
    page.wait_for_timeout(200)  # the view re-runs asynchronously after an input changes
    return page.locator(f"#{chart} g.mark-symbol.role-mark path").evaluate_all(
        """paths => paths.map(p => ({
            label: p.getAttribute("aria-label"),
            opacity: p.getAttribute("opacity"),
            x: p.getAttribute("transform"),
        }))"""
    )


def field(label: str, name: str) -> str:
    """One field of a mark's aria-label ("model: a; vendor: b; ...")."""
    return label.split(f"; {name}: ", 1)[1].split("; ", 1)[0]


def open_page(browser: Browser, site_url: str, name: str) -> Visit:
    visit = Visit(browser, f"{site_url}/calibration/{name}/")
    draw_charts(visit.page)
    return visit


@pytest.mark.parametrize("name", CALIBRATIONS)
def test_vendor_highlight_fades_every_other_vendor(
    browser: Browser, site_url: str, views: dict[str, CalibrationView], name: str
) -> None:
    view = views[name]
    visit = open_page(browser, site_url, name)
    drawn = marks(visit.page, "chart-calibration")
    assert len(drawn) == view.headline.fit.n + len(view.excluded_points)
    assert {m["opacity"] for m in drawn} == {"1"}
    vendor = view.vendor_of[view.headline.points[0].slug]
    visit.page.locator("#chart-calibration select").select_option(vendor)
    strong = [
        field(m["label"], "model")
        for m in marks(visit.page, "chart-calibration")
        if m["opacity"] == "1"
    ]
    assert sorted(strong) == sorted(s for s, v in view.vendor_of.items() if v == vendor)
    assert len(strong) < len(drawn)
    visit.page.locator("#chart-loo select").select_option(vendor)
    strong = [m for m in marks(visit.page, "chart-loo") if m["opacity"] == "1"]
    assert 0 < len(strong) < view.headline.fit.n
    assert visit.problems == []
    visit.page.close()


@pytest.mark.parametrize("name", CALIBRATIONS)
def test_excluded_models_hide_and_show_with_their_reasons(
    browser: Browser, site_url: str, views: dict[str, CalibrationView], name: str
) -> None:
    view = views[name]
    reasons = {x.model: x.reason for x in view.spec.excluded}
    visit = open_page(browser, site_url, name)
    excluded = [
        m for m in marks(visit.page, "chart-calibration") if "membership: excluded" in m["label"]
    ]
    assert len(excluded) == len(view.excluded_points) > 0
    for m in excluded:
        model = field(m["label"], "model")
        assert f"; in the fit: no, excluded: {reasons[model]}; " in m["label"]
        assert "undefined" not in m["label"] and "null" not in m["label"]
    checkbox = visit.page.locator("#chart-calibration input[type=checkbox]")
    checkbox.uncheck()
    assert len(marks(visit.page, "chart-calibration")) == view.headline.fit.n
    checkbox.check()
    assert len(marks(visit.page, "chart-calibration")) == view.headline.fit.n + len(excluded)
    visit.page.close()


@pytest.mark.parametrize("name", CALIBRATIONS)
def test_loo_chart_draws_every_fold_and_links_its_model(
    browser: Browser, site_url: str, built_site: Path, views: dict[str, CalibrationView], name: str
) -> None:
    view = views[name]
    visit = open_page(browser, site_url, name)
    drawn = marks(visit.page, "chart-loo")
    folds = {p.slug: fold for p, _, fold in view.headline.loo_rows}
    assert len(drawn) == len(folds)
    for m in drawn:
        assert field(m["label"], "fold error") == f"{folds[field(m['label'], 'model')]:.2f}"
        page_url = urljoin(visit.page.url, field(m["label"], "href"))
        assert (built_site / urlsplit(page_url).path.lstrip("/") / "index.html").is_file()
    visit.page.close()


@pytest.mark.parametrize("name", CALIBRATIONS)
def test_moe_chart_switches_between_total_and_active(
    browser: Browser, site_url: str, views: dict[str, CalibrationView], name: str
) -> None:
    moe = views[name].moe
    assert moe is not None
    visit = open_page(browser, site_url, name)
    total = marks(visit.page, "chart-moe")
    assert len(total) == len(moe.points)
    assert {field(m["label"], "size measure") for m in total} == {"total"}
    visit.page.locator("#chart-moe input[value=active]").check()
    active = marks(visit.page, "chart-moe")
    assert {field(m["label"], "size measure") for m in active} == {"active"}
    sizes = sorted(float(field(m["label"], "size (B)").replace(",", "")) for m in active)
    assert sizes == pytest.approx(sorted(moe.active.sizes_B), rel=5e-3)  # printed to 3 digits
    assert [m["x"] for m in active] != [m["x"] for m in total]
    assert visit.problems == []
    visit.page.close()
