"""A chart drawn without the engine draws what the engine draws: every bar and interval of a
model page's verdicts-per-tier picture sits where Vega puts it (as a share of the plot), in
the same colour, and text from the spec is escaped."""

from __future__ import annotations

import copy
import re
from xml.etree import ElementTree

import pytest

from paramatlas import charts
from paramatlas.charts.common import compact
from paramatlas.charts.html import chart_html
from paramatlas.charts.static import PLOT_HEIGHT, PLOT_LEFT, PLOT_RIGHT, PLOT_TOP
from paramatlas.charts.static import stacked_shares_svg as draw
from paramatlas.load import load_dataset
from paramatlas.views.report import build_report
from tests.conftest import FIXTURES
from tests.scenegraph import scenegraph_items

SVG = "{http://www.w3.org/2000/svg}"
ENGINE_HEIGHT = 260  # the spec's own plot height


@pytest.fixture(scope="module")
def specs() -> list[dict]:
    report = build_report(load_dataset(FIXTURES / "data_min"))
    return [compact(charts.tiers_chart(run)) for m in report.models for run in m.runs]


def engine_geometry(spec: dict) -> tuple[list[tuple], list[tuple]]:
    """Vega's bars (left, top, height as shares of the plot; colour) and intervals (centre,
    two ends), bars of no height left out (nothing shows)."""
    bars = [
        (b["x"] / 1000, b["y"] / ENGINE_HEIGHT, b["height"] / ENGINE_HEIGHT, b["fill"])
        for b in scenegraph_items(spec, "rect")
        if b["height"] > 0
    ]
    rules = [
        (r["x"] / 1000, *sorted((r["y"] / ENGINE_HEIGHT, r["y2"] / ENGINE_HEIGHT)))
        for r in scenegraph_items(spec, "rule")
    ]
    return sorted(bars), sorted(rules)


def share_of_width(value: str) -> float:
    return (float(value.rstrip("%")) - PLOT_LEFT) / (PLOT_RIGHT - PLOT_LEFT)


def drawn_geometry(svg: str) -> tuple[list[tuple], list[tuple]]:
    """The same figures read back from the static picture."""
    root = ElementTree.fromstring(svg)
    rows = (PLOT_TOP, PLOT_TOP + PLOT_HEIGHT)
    bars = [
        (
            share_of_width(r.get("x")),
            (float(r.get("y")) - PLOT_TOP) / PLOT_HEIGHT,
            float(r.get("height")) / PLOT_HEIGHT,
            r.get("fill"),
        )
        for r in root.iter(SVG + "rect")
        if rows[0] <= float(r.get("y")) < rows[1]
    ]
    rules = [
        (
            share_of_width(line.get("x1")),
            *sorted((float(line.get(k)) - PLOT_TOP) / PLOT_HEIGHT for k in ("y1", "y2")),
        )
        for line in root.iter(SVG + "line")
        if line.get("x1") == line.get("x2")
    ]
    return sorted(bars), sorted(rules)


def test_every_bar_and_interval_sits_where_the_engine_puts_it(specs) -> None:
    assert len(specs) >= 5
    for spec in specs:
        (engine_bars, engine_rules), (bars, rules) = (
            engine_geometry(spec),
            drawn_geometry(draw(spec)),
        )
        assert len(bars) == len(engine_bars) and len(rules) == len(engine_rules)
        for mine, theirs in zip(bars, engine_bars, strict=True):
            assert mine[3] == theirs[3]
            assert mine[1:3] == pytest.approx(theirs[1:3], abs=2e-4)
            # Bars start a twentieth of a band in: the engine's padding differs a little.
            assert mine[0] == pytest.approx(theirs[0], abs=0.02)
        for mine, theirs in zip(rules, engine_rules, strict=True):
            assert mine == pytest.approx(theirs, abs=2e-4)


def test_the_picture_names_its_axes_tiers_and_verdicts(specs) -> None:
    spec = specs[0]
    svg = draw(spec)
    texts = {t.text for t in ElementTree.fromstring(svg).iter(SVG + "text")}
    bars = spec["layer"][0]["encoding"]
    assert {bars["x"]["title"], bars["y"]["title"]} <= texts
    assert {r["tier"] for r in spec["datasets"]["verdicts"]} <= texts
    assert set(bars["color"]["scale"]["domain"]) <= texts
    assert {"0%", "100%"} <= texts


def test_text_from_the_spec_is_escaped(specs) -> None:
    spec = copy.deepcopy(specs[0])
    spec["layer"][0]["encoding"]["x"]["title"] = "tier <script>&"
    svg = draw(spec)
    assert "<script>" not in svg
    texts = {t.text for t in ElementTree.fromstring(svg).iter(SVG + "text")}
    assert "tier <script>&" in texts


def test_the_page_holds_the_picture_itself_hidden_from_screen_readers(specs) -> None:
    """One picture for every width (no file, no phone copy), decorative: the chart's container
    carries its description."""
    files: dict[str, str] = {}
    html = chart_html(specs[0], "chart-tiers", "Verdicts", picture_root="../../", pictures=files)
    assert [path.rsplit(".", 1)[1] for path in files] == ["json"]  # the spec, no picture file
    picture = re.search(r'<div class="pa-picture">(<svg.*?</svg>)</div>', html, re.S)
    assert picture is not None
    root = ElementTree.fromstring(picture.group(1))
    assert root.get("width") == "100%" and root.get("aria-hidden") == "true"
    assert 'role="img" aria-label="Verdicts"' in html
