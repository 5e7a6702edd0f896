"""Chart specs validate against Vega-Lite; pages escape whatever text the data carry."""

from __future__ import annotations

import json
import re

import altair as alt
import pytest
from markdown_it import MarkdownIt

from paramatlas import charts
from paramatlas.charts.html import chart_html
from paramatlas.load import load_dataset
from paramatlas.pages import environment, render_all
from paramatlas.present import fmt_b, md, safe_url
from paramatlas.upstream import display_name
from paramatlas.views.overview import answer_rows, release_rows
from paramatlas.views.report import build_report
from tests.conftest import FIXTURES
from tests.tables import page_text


@pytest.fixture(scope="module")
def report():
    return build_report(load_dataset(FIXTURES / "data_min"))


def validate_spec(spec: dict) -> None:
    """Altair checks the spec against the Vega-Lite JSON schema, and it survives JSON."""
    assert json.loads(json.dumps(spec)) == spec
    alt.LayerChart.from_dict(spec, validate=True)


def test_estimates_chart_draws_each_usable_answer(report) -> None:
    spec = charts.estimates_chart(answer_rows(report))
    validate_spec(spec)
    rows = spec["datasets"]["estimates"]
    usable = [v.entry for v in report.models if (a := report.answer(v.entry.slug)) and a.usable]
    assert sorted(r["name"] for r in rows) == sorted(m.name for m in usable)
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "point", "tick"]
    assert spec["layer"][0]["encoding"]["x"]["scale"] == {"type": "log"}
    for r in rows:  # the point is the answer's estimate, the line its plausible range
        a = report.answer(r["slug"])
        assert (r["params_B"], r["low_B"], r["high_B"]) == (
            a.params_B if a.central else None,
            a.low_B,
            a.high_B,
        )


def test_tiers_chart_shares_and_wilson(report) -> None:
    view = next(m for m in report.models if m.entry.slug == "tiny-1b")
    spec = charts.tiers_chart(view.primary)
    validate_spec(spec)
    t1 = [r for r in spec["datasets"]["verdicts"] if r["tier"] == "T1"]
    assert [(r["verdict"], r["share"]) for r in t1] == [
        ("correct", 1.0),
        ("weak", 0.0),
        ("wrong", 0.0),
        ("refusal", 0.0),
    ]
    assert len(spec["datasets"]["wilson"]) == 7


def test_calibration_chart(report) -> None:
    spec = charts.calibration_chart(report.calibrations[0])
    validate_spec(spec)
    roles = [p["role"] for p in spec["datasets"]["points"]]
    assert roles.count("cohort") == 4 and roles.count("excluded") == 1
    line = spec["datasets"]["line"]
    assert all(r["low"] < r["fit"] < r["high"] for r in line)


def test_chart_templates_are_built_once(report) -> None:
    charts.models._tiers_template.cache_clear()
    for view in report.models:
        if view.primary:
            charts.tiers_chart(view.primary)
    assert charts.models._tiers_template.cache_info().misses == 1


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "**bold** | pipe",
    "`code`",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escaping_leaves_no_markup(text: str) -> None:
    html = MarkdownIt("commonmark").enable("table").render(f"| a |\n|---|\n| {md(text)} |\n")
    assert "<script" not in html and "<img" not in html and "<strong" not in html
    assert "<code" not in html and "href=" not in html
    assert html.count("<td>") == 1


def test_only_http_links_survive() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://example.org/a b(c)") == "https://example.org/a%20b%28c%29"


def test_chart_json_cannot_close_its_script_element() -> None:
    out = chart_html({"title": "</script><script>alert(1)</script>"}, "c1", "a <b> chart")
    assert out.count("</script>") == 1
    payload = re.search(r'application/json" id="c1-spec">(.*)</script>', out).group(1)
    assert json.loads(payload) == {"title": "</script><script>alert(1)</script>"}
    assert 'aria-label="a &lt;b&gt; chart"' in out


def test_pages_for_every_model_and_calibration(report) -> None:
    pages = render_all(report)
    assert {f"models/{m.entry.slug}.md" for m in report.models} <= set(pages)
    assert "calibration/mini.md" in pages
    stamp = str(report.stamp)
    assert all(stamp in text for path, text in pages.items() if path.endswith(".md"))
    assert {"downloads/estimates.csv", "downloads/estimates.json", "feed.xml"} <= set(pages)


def test_partial_and_unestimated_models_say_so(report) -> None:
    pages = render_all(report)
    # In words for a reader, not the command line's message with its options.
    assert "Not estimated with the default calibration: it has no IKP run yet" in page_text(
        pages["models/no-runs.md"]
    )
    partial = pages["models/partial-only.md"]
    assert "Not estimated with the default calibration: none of its runs" in page_text(partial)
    assert "only an accuracy reported at λ=-1" in page_text(partial)  # its Runs row says why
    assert "--as-published" not in partial.split("## Runs")[0]


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("qwen3-30b-a3b-think", "Qwen3 30B A3B (thinking)"),
        ("gpt-5.5-pro", "GPT-5.5 Pro"),
        ("smollm2-135m", "SmolLM2 135M"),
        ("deepseek-v3", "DeepSeek V3"),
        ("o3-mini", "o3 Mini"),
    ],
)
def test_display_names(slug: str, name: str) -> None:
    assert display_name(slug) == name


@pytest.mark.parametrize(
    ("billions", "printed"),
    [
        (0.135, "135M"),
        (0.9996, "1B"),
        (7.6, "7.6B"),
        (999.7, "1T"),
        (1234, "1.23T"),
        (999_960, "1,000T"),
        (2_500_000, "2,500T"),
    ],
)
def test_sizes_print_in_the_unit_their_rounding_reaches(billions: float, printed: str) -> None:
    assert fmt_b(billions) == printed


def test_a_picture_holds_no_links_tooltips_or_mark_labels(report) -> None:
    """Nothing in a picture can be clicked, hovered or read mark by mark (the description is on
    the chart's container): the picture leaves out what the interactive chart needs for that."""
    from paramatlas.charts.html import picture_html

    spec = charts.estimates_chart(answer_rows(report))
    assert "href" in json.dumps(spec) and "tooltip" in json.dumps(spec)
    svg = picture_html(spec)
    assert "<svg" in svg and "href" not in svg and "aria-label" not in svg
    assert "<title" not in svg and "vega.github.io" not in svg
    names = {m.entry.name for m in report.models if m.estimate}
    assert all(f">{name}<" in svg for name in names)


def test_a_chart_with_no_picture_drawer_is_not_pictured(report) -> None:
    from paramatlas.charts.html import picture_html

    with pytest.raises(ValueError, match=r"usermeta\.picture: None"):
        picture_html(charts.methods_chart(next(iter(_sizings(report)))))


def _sizings(report):
    return (d for d in map(report.methods.sizing, report.est.models) if d is not None)


def test_every_methods_chart_tooltip_reads_as_text(report) -> None:
    for slug in report.est.models:
        d = report.methods.sizing(slug)
        if d is None:
            continue
        for row in charts.methods_chart(d)["datasets"]["rows"]:
            assert isinstance(row["estimate"], str) and isinstance(row["interval"], str), row
            assert "None" not in row["estimate"] + row["interval"], row


def test_a_picture_shows_a_bounded_number_of_rows(tmp_path) -> None:
    """The home page's and the models index's pictures draw the chart's first PICTURE_ROWS
    models (in the chart's own order; the release chart's largest best estimates), whatever
    the registry's size, and say so; the interactive chart beside them keeps every model."""
    from tests.synthetic import make_dataset

    big = build_report(load_dataset(make_dataset(tmp_path / "data", 240)))
    rows = answer_rows(big)
    pictured = charts.estimates_picture(rows)["datasets"]["estimates"]
    largest_first = (
        (rows, pictured, "order_B"),
        (
            released := release_rows(big),
            charts.release_picture(released)["datasets"]["released"],
            "params_B",
        ),
    )
    for every, drawn_rows, size in largest_first:
        assert len(every) > charts.PICTURE_ROWS
        assert len(drawn_rows) == charts.PICTURE_ROWS
        smallest_shown = min(r[size] for r in drawn_rows)
        assert all(r[size] <= smallest_shown for r in every if r not in drawn_rows)

    env = environment()
    pages = render_all(big, env)
    names = {r["name"] for r in rows}
    figure = pages["index.md"].split('id="chart-estimates"')[1].split("</figure>")[0]
    drawn = {n for n in re.findall(r">([^<>]+)</text>", figure) if n in names}
    assert drawn == {r["name"] for r in pictured}
    charts_pictured = (
        ("index.md", "chart-estimates"),
        ("index.md", "chart-released"),
        ("models/index.md", "chart-heatmap"),
    )
    for path, chart in charts_pictured:
        figure = pages[path].split(f'id="{chart}"')[1].split("</figure>")[0]
        note = re.search(r'<p class="pa-picture-note">([^<]*)</p>', figure)
        assert note and f"shows the {charts.PICTURE_ROWS} " in note.group(1), path
        source = re.search(r'data-spec-src="(?:\.\./)*([^"]+)"', figure).group(1)
        spec = json.loads(env.globals["pictures"][source])
        (dataset,) = spec["datasets"].values()
        assert len({r["slug"] for r in dataset}) > charts.PICTURE_ROWS


def test_a_spec_with_no_finite_value_writes_null() -> None:
    from paramatlas.present import compact_json

    assert (
        compact_json({"b": (1.5, float("nan")), "a": float("inf")}) == '{"a":null,"b":[1.5,null]}'
    )
    assert compact_json({"b": (1.5, 2), "a": "λ"}) == '{"a":"\\u03bb","b":[1.5,2]}'


def test_a_download_lays_out_objects_to_its_levels_and_writes_no_infinity() -> None:
    from paramatlas.present import layered_json

    data = {"z": {"b": [1.5, float("nan")], "a": {"x": float("-inf")}}, "a": "λ", "e": {}}
    assert layered_json(data, levels=1) == (
        '{\n "a": "λ",\n "e": {},\n "z": {"a": {"x": null}, "b": [1.5, null]}\n}'
    )
    assert layered_json(data, levels=2) == (
        '{\n "a": "λ",\n "e": {},\n "z": {\n  "a": {"x": null},\n  "b": [1.5, null]\n }\n}'
    )
    assert json.loads(layered_json(data, levels=5)) == json.loads(layered_json(data, levels=0))
