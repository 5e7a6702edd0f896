"""The home page's and the models index's pictures, drawn without the engine, draw what the
engine draws: every range, point, known-size tick, release point and heatmap cell sits where
Vega puts it (as a share of the plot), in Vega's colour and shape, on the committed data and
on a registry with more vendors than the colour scheme has colours; text from data is
escaped."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from paramatlas import charts
from paramatlas.charts.common import compact
from paramatlas.charts.html import chart_html
from paramatlas.charts.static import STATIC_PICTURES
from paramatlas.charts.static_heatmap import PLOT_RIGHT as HEAT_RIGHT
from paramatlas.charts.static_sizes import (
    PLOT_LEFT,
    PLOT_RIGHT,
    ROW,
    ROWS_TOP,
    SCATTER_HEIGHT,
    SCATTER_LEFT,
    SCATTER_RIGHT,
    SCATTER_TOP,
)
from paramatlas.load import load_dataset
from paramatlas.views.overview import answer_rows, heatmap_rows, release_rows
from paramatlas.views.report import build_report
from tests.conftest import DATA
from tests.scenegraph import scenegraph_items
from tests.synthetic import make_dataset

SVG = "{http://www.w3.org/2000/svg}"
WIDTH = 1000  # the engine's plot width where the spec follows its container


@pytest.fixture(scope="module", params=["committed", "synthetic"])
def specs(request, tmp_path_factory) -> dict[str, dict]:
    if request.param == "committed":
        data = DATA
    else:  # 27 vendors: more than the scheme's 20 colours
        data = make_dataset(tmp_path_factory.mktemp("data") / "data", 240)
    report = build_report(load_dataset(Path(data)))
    return {
        "estimates": compact(charts.estimates_picture(answer_rows(report))),
        "release": compact(charts.release_picture(release_rows(report))),
        "heatmap": compact(charts.heatmap_picture(heatmap_rows(report))),
    }


def draw(spec: dict) -> ElementTree.Element:
    return ElementTree.fromstring(STATIC_PICTURES[spec["usermeta"]["picture"]](spec))


def share(value: str, left: float = PLOT_LEFT, right: float = PLOT_RIGHT) -> float:
    """A percentage of the picture's width as a share of its plot."""
    return (float(value.rstrip("%")) - left) / (right - left)


def plot_items(root: ElementTree.Element, tag: str) -> list[ElementTree.Element]:
    """The picture's own elements of one tag, not those of its clipped label and legend boxes."""
    return [child for child in root if child.tag == SVG + tag]


def rgb_hex(color: str) -> str:
    found = re.fullmatch(r"rgb\((\d+), (\d+), (\d+)\)", color)
    return "#" + "".join(f"{int(c):02x}" for c in found.groups()) if found else color


def assert_same_marks(mine: list[tuple], theirs: list[tuple], places: float = 1e-3) -> None:
    """The same marks: equal numbers, places within `places`, equal colours (the last field)."""
    assert len(mine) == len(theirs)
    for a, b in zip(sorted(mine), sorted(theirs), strict=True):
        assert a[:-1] == pytest.approx(b[:-1], abs=places), (a, b)
        assert a[-1] == b[-1], (a, b)


def test_every_range_point_and_known_size_sits_where_the_engine_puts_it(specs) -> None:
    spec = specs["estimates"]
    root = draw(spec)
    lines = plot_items(root, "line")
    ranges = [
        (
            float(line.get("y1")) - ROWS_TOP,
            share(line.get("x1")),
            share(line.get("x2")),
            line.get("stroke"),
        )
        for line in lines
        if line.get("stroke-width") == "2" and line.get("y1") == line.get("y2")
    ]
    points = [
        (float(c.get("cy")) - ROWS_TOP, share(c.get("cx")), c.get("fill"))
        for c in plot_items(root, "circle")
        if float(c.get("cy")) > ROWS_TOP  # not the legend's
    ]
    ticks = [
        ((float(t.get("y1")) + float(t.get("y2"))) / 2 - ROWS_TOP, share(t.get("x1")), "tick")
        for t in lines
        if t.get("stroke-width") == "2" and t.get("y1") != t.get("y2")
    ]
    engine_ranges = [
        (r["y"], r["x"] / WIDTH, r["x2"] / WIDTH, r["stroke"])
        for r in scenegraph_items(spec, "rule")
    ]
    engine_points = [(p["y"], p["x"] / WIDTH, p["fill"]) for p in scenegraph_items(spec, "symbol")]
    engine_ticks = [
        (t["y"] + t["height"] / 2, (t["x"] + t["width"] / 2) / WIDTH, "tick")
        for t in scenegraph_items(spec, "rect")
    ]
    assert len(engine_ranges) == len(spec["datasets"]["estimates"]) and engine_points
    assert_same_marks(ranges, engine_ranges)
    assert_same_marks(points, engine_points)
    assert_same_marks(ticks, engine_ticks)


def test_the_names_and_the_size_axis_read_as_the_engine_writes_them(specs) -> None:
    spec = specs["estimates"]
    root = draw(spec)
    labels = scenegraph_items(spec, "text", "axis-label")
    engine_names = [t["text"] for t in labels if t["x"] < 0]  # the y axis's, left of the plot
    names = {r["name"] for r in spec["datasets"]["estimates"]}
    assert [t.text for t in root.iter(SVG + "text") if t.text in names] == engine_names
    # Every tick of the engine's size axis is a gridline here; its powers of ten are labelled.
    engine_ticks = {t["text"]: t["x"] / WIDTH for t in labels if t["x"] >= 0}
    grid = [
        share(g.get("x1"))
        for g in plot_items(root, "line")
        if g.get("y1") == str(ROWS_TOP) and g.get("stroke") == "currentColor"
    ]
    assert sorted(grid) == pytest.approx(sorted(engine_ticks.values()), abs=1e-3)
    drawn = {
        t.text: share(t.get("x"))
        for t in plot_items(root, "text")
        if t.get("text-anchor") == "middle"
    }
    assert drawn and all(drawn[k] == pytest.approx(engine_ticks[k], abs=1e-3) for k in drawn)
    assert set(drawn) >= {k for k in engine_ticks if k.startswith(("1", "10", "100"))}


def test_every_release_point_sits_where_the_engine_puts_it(specs) -> None:
    spec = specs["release"]
    root = draw(spec)
    points = [
        (
            share(c.get("cx"), SCATTER_LEFT, SCATTER_RIGHT),
            (float(c.get("cy")) - SCATTER_TOP) / SCATTER_HEIGHT,
            "circle",
            c.get("fill"),
        )
        for c in plot_items(root, "circle")
    ] + [
        (
            share(r.get("x"), SCATTER_LEFT, SCATTER_RIGHT),
            (float(r.get("y")) - SCATTER_TOP) / SCATTER_HEIGHT,
            "square",
            r.get("fill"),
        )
        for r in plot_items(root, "rect")
    ]
    engine = [
        (p["x"] / WIDTH, p["y"] / SCATTER_HEIGHT, p["shape"], p["fill"])
        for p in scenegraph_items(spec, "symbol")
    ]
    assert len(engine) == len(spec["datasets"]["released"])
    assert len(points) == len(engine)
    for a, b in zip(sorted(points), sorted(engine), strict=True):
        assert a[:2] == pytest.approx(b[:2], abs=1e-3) and a[2:] == b[2:], (a, b)
    legend = [t.text for t in root.iter(SVG + "text")]
    assert {r["vendor"] for r in spec["datasets"]["released"]} <= set(legend)


def test_every_heatmap_cell_sits_where_the_engine_puts_it_in_its_colour(specs) -> None:
    spec = specs["heatmap"]
    root = draw(spec)
    step = spec["width"]["step"]
    columns = len({r["tier"] for r in spec["datasets"]["tiers"]})
    cells = [
        (
            round(share(r.get("x"), PLOT_LEFT, HEAT_RIGHT) * columns, 3),
            (float(r.get("y")) - ROWS_TOP) / ROW,
            r.get("fill"),
        )
        for r in plot_items(root, "rect")
        if r.get("shape-rendering") == "crispEdges"
    ]
    engine = [
        (c["x"] / step, c["y"] / c["height"], rgb_hex(c["fill"]))
        for c in scenegraph_items(spec, "rect")
    ]
    assert len(engine) == len(spec["datasets"]["tiers"])
    assert_same_marks(cells, engine)


def test_text_from_data_is_escaped(specs) -> None:
    hostile = "<script>alert(1)</script> & co"
    for key, dataset, field in (
        ("estimates", "estimates", "name"),
        ("release", "released", "vendor"),
        ("heatmap", "tiers", "name"),
    ):
        spec = copy.deepcopy(specs[key])
        rows = spec["datasets"][dataset]
        for row in rows:  # every row of the first model (a heatmap has one a tier)
            if row["slug"] == rows[0]["slug"]:
                row[field] = hostile
        svg = STATIC_PICTURES[spec["usermeta"]["picture"]](spec)
        assert "<script>" not in svg
        assert hostile in {t.text for t in ElementTree.fromstring(svg).iter(SVG + "text")}


def test_the_same_data_draws_the_same_bytes_in_any_time_zone(specs, monkeypatch) -> None:
    import time

    drawn = []
    for zone in ("UTC", "Pacific/Kiritimati", "America/Adak"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        drawn.append(STATIC_PICTURES["release-scatter"](specs["release"]))
    monkeypatch.delenv("TZ")
    time.tzset()
    assert drawn[0] == drawn[1] == drawn[2]


def test_a_pictured_chart_is_drawn_in_the_page_with_its_spec_a_file(specs) -> None:
    files: dict[str, str] = {}
    html = chart_html(
        specs["estimates"], "chart-estimates", "Answers", picture_root="", pictures=files
    )
    assert [path.rsplit(".", 1)[1] for path in files] == ["json"]
    picture = re.search(r'<div class="pa-picture">(<svg.*?</svg>)</div>', html, re.S)
    assert picture is not None and "\n" not in picture.group(1)
    root = ElementTree.fromstring(picture.group(1))
    assert root.get("width") == "100%" and root.get("aria-hidden") == "true"
    assert "href" not in picture.group(1) and "aria-label" not in picture.group(1)
