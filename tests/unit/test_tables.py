"""The models tables of the home page and the models index hold their first rows in the page
and the rest in a file, whatever the registry's size; the rows are the same either way."""

from __future__ import annotations

import json
import posixpath
import re

import pytest
import yaml

from paramatlas.load import load_dataset
from paramatlas.pages import RAW_HTML_FROM_SOURCE, environment, render_all
from paramatlas.present import json_safe
from paramatlas.tables import PAGE_ROWS, table_html
from paramatlas.views.explorer import lambda_explorer
from paramatlas.views.overview import compare_data
from paramatlas.views.report import build_report
from tests.synthetic import make_dataset
from tests.tables import address_folder, cell_texts, first_link, table_rows

HOSTILE = "Zeta <script>alert(1)</script> & \"quoted\" 'name'"


def test_a_long_table_keeps_its_first_rows_and_files_the_rest() -> None:
    rows = [f"<tr><td>{i}</td></tr>" for i in range(PAGE_ROWS + 17)]
    files: dict[str, str] = {}
    page = table_html("t", "<thead></thead>", rows, "../", files, "model")
    ((path, text),) = files.items()
    assert re.fullmatch(r"assets/tables/t-[0-9a-f]{12}\.json", path)
    assert f'data-rows-src="../{path}" data-rows-total="{len(rows)}"' in page
    assert re.findall(r"<tr>.*?</tr>", page) == rows[:PAGE_ROWS]
    assert json.loads(text)["rows"] == rows[PAGE_ROWS:]
    assert f"the first {PAGE_ROWS} of the table's {len(rows)} rows" in page
    assert "Every model is in the" in page
    assert 'href="../downloads/"' in page
    # Same rows, same file; other rows, another name (a reader's cache never mixes two builds).
    again: dict[str, str] = {}
    assert table_html("t", "<thead></thead>", rows, "../", again, "model") == page
    assert again == files
    other: dict[str, str] = {}
    table_html("t", "<thead></thead>", [*rows, "<tr><td>x</td></tr>"], "../", other, "model")
    assert other.keys() != files.keys()


def test_a_short_table_is_all_in_the_page() -> None:
    rows = [f"<tr><td>{i}</td></tr>" for i in range(PAGE_ROWS)]
    files: dict[str, str] = {}
    page = table_html("t", "<thead></thead>", rows, "", files, "model")
    assert files == {} and "data-rows-src" not in page and "pa-rows-note" not in page
    assert re.findall(r"<tr>.*?</tr>", page) == rows


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory):
    """Synthetic data with more models than a page holds, one of them named to break markup
    and sorted last by name and by vendor (its row is in the file, not the page)."""
    tmp = tmp_path_factory.mktemp("tables")
    data = make_dataset(tmp / "data", 240)
    registry = yaml.safe_load((data / "models.yaml").read_text())
    registry["models"][0]["name"] = HOSTILE
    registry["models"][0]["vendor"] = "zeta <b>lab</b>"
    (data / "models.yaml").write_text(yaml.safe_dump(registry, sort_keys=False))
    report = build_report(load_dataset(data))
    env = environment()
    return report, render_all(report, env), env.globals["pictures"]


@pytest.mark.parametrize("page", ["index.md", "models/index.md"])
def test_every_model_has_one_row_and_the_page_holds_a_bounded_number(big, page: str) -> None:
    report, pages, files = big
    rows = table_rows(page, pages[page], files)
    in_page = re.findall(r"<tr>.*?</tr>", pages[page].split("<tbody>")[1].split("</tbody>")[0])
    assert len(in_page) == PAGE_ROWS < len(rows)
    slugs = [first_link(r).rstrip("/").rsplit("/", 1)[1] for r in rows]
    if page == "index.md":  # one row per training
        expected = [m.slug for m in report.est.models.values() if not m.same_weights_as]
    else:
        expected = list(report.est.models)
    assert sorted(slugs) == sorted(expected)
    # Each row holds the model's answer, in the page or in the file alike.
    for row, slug in zip(rows, slugs, strict=True):
        a = report.answer(slug)
        assert cell_texts(row)[1] == (a.value_text if a else "not estimated"), slug
    # Data text is escaped wherever the row lands; the hostile name's row is in the file.
    (row,) = [r for r in rows if HOSTILE.split()[0] in r]
    assert row not in in_page
    assert "<script>" not in row and "<b>" not in row
    assert cell_texts(row)[0] == HOSTILE
    assert "&lt;b&gt;lab&lt;/b&gt;" in row


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_calibration_page_holds_its_first_readings_and_every_link_lands(big, engine: str):
    """The λ table reads every model it can, the page holding a bounded number; each row's
    model link lands on the model's page, read as the engine reads the page's HTML (rows in
    the page) or as the browser resolves fetched rows (from the page's address)."""
    report, _, _ = big
    env = environment(engine)
    pages, files = render_all(report, env), env.globals["pictures"]
    for view in report.calibrations:
        path = f"calibration/{view.spec.name}.md"
        rows = table_rows(path, pages[path], files, "lambda-table")
        table = pages[path].split('<table id="lambda-table"', 1)[1].split("</table>", 1)[0]
        assert len(rows) > PAGE_ROWS == len(re.findall(r"<tr>.*?</tr>", table.split("<tbody>")[1]))
        expected = lambda_explorer(report.est, view.headline).rows
        assert [cell_texts(r)[:2] for r in rows] == [[e.name, e.run_id] for e in expected]
        page_base = "calibration" if RAW_HTML_FROM_SOURCE[engine] else address_folder(path)
        for i, (row, e) in enumerate(zip(rows, expected, strict=True)):
            base = page_base if i < PAGE_ROWS else address_folder(path)
            assert posixpath.normpath(posixpath.join(base, first_link(row))) == (
                f"models/{e.slug}"
            ), (engine, i)
        folds = table_rows(path, pages[path], files, "loo-table")
        assert len(folds) == len(view.headline.loo_rows)  # a cohort's folds: all in the page


def test_the_compare_page_names_its_data_and_carries_no_model_list(big) -> None:
    """Its pickers fill from a file, which holds what compare_data gives: the page stays the
    same size whatever the registry's."""
    report, pages, files = big
    page = pages["compare.md"]
    assert page.count("<option") == 4 and "<script" not in page
    (source,) = re.findall(r'data-src="\.\./([^"]+)"', page)  # from the address, compare/
    assert json.loads(files[source]) == json.loads(json.dumps(json_safe(compare_data(report))))
    assert len(json.loads(files[source])["models"]) == len(report.models) > PAGE_ROWS


def test_a_calibration_page_names_its_tier_counts_and_carries_none(big) -> None:
    """The λ explorer's counts (every model it reads) are a file fetched from the page's
    address, calibration/NAME/, holding what lambda_explorer gives: the page stays the same
    size whatever the registry's."""
    report, pages, files = big
    for view in report.calibrations:
        page = pages[f"calibration/{view.spec.name}.md"]
        (source,) = re.findall(r'class="pa-lambda" data-src="\.\./\.\./([^"]+)"', page)
        explorer = lambda_explorer(report.est, view.headline)
        assert not [m for m in explorer.data["models"] if f'"slug":"{m["slug"]}","tiers"' in page]
        assert json.loads(files[source]) == json.loads(json.dumps(json_safe(explorer.data)))
        assert len(explorer.data["models"]) > PAGE_ROWS


def report_tables(report) -> dict[tuple[str, str], list[str]]:
    """The long tables of the report pages: (page, table id) -> the slug each row links to,
    in order, as the views give them."""
    methods = report.methods
    predictions = [
        slug
        for slug in sorted(report.est.models)
        for _ in methods.benchmark_estimates(slug)
        if not report.est.models[slug].params_B
    ]
    tables = {
        ("disagreement.md", "disagreement-table"): [d.model.slug for d in methods.disagreements],
        ("disagreement.md", "aside-table"): [
            d.model.slug for d in methods.set_aside for _ in d.set_aside
        ],
        ("methods.md", "benchmark-table"): predictions,
        ("methods.md", "compute-table"): [
            methods.compute(slug).model.slug for slug in sorted(report.est.models)
        ],
        ("next-measurements.md", "runs-table"): [one.slug for one, _ in report.next.run_pairs],
    }
    for flag in {f.flag.id for f in report.analysis.flagged_runs}:
        runs = [f.model.slug for f in report.analysis.flagged_runs if f.flag.id == flag]
        tables["hazards.md", f"{flag.replace('_', '-')}-table"] = runs
    return tables


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_report_pages_long_tables_hold_every_row_once_and_their_links_land(big, engine):
    """Each long table of a report page holds its first rows and files the others: every row
    the view gives, in its order, once; the page holds a bounded number whatever the registry's
    size; each row's link lands on its model's page, as the engine reads the page's HTML (rows
    in the page) or as the browser resolves fetched rows (from the page's address)."""
    report, _, _ = big
    env = environment(engine)
    pages, files = render_all(report, env), env.globals["pictures"]
    tables = report_tables(report)
    assert any(len(slugs) > PAGE_ROWS for slugs in tables.values())  # the data reach past a page
    for (path, table_id), slugs in tables.items():
        rows = table_rows(path, pages[path], files, table_id)
        table = pages[path].split(f'<table id="{table_id}"', 1)[1].split("</table>", 1)[0]
        assert len(re.findall(r"<tr>.*?</tr>", table.split("<tbody>")[1])) == min(
            PAGE_ROWS, len(slugs)
        ), table_id
        page_base = "" if RAW_HTML_FROM_SOURCE[engine] else address_folder(path)
        landed = [
            posixpath.normpath(
                posixpath.join(page_base if i < PAGE_ROWS else address_folder(path), link)
            )
            for i, link in enumerate(first_link(r).split("#")[0] for r in rows)
        ]
        assert landed == [f"models/{slug}" for slug in slugs], (engine, table_id)


def test_a_report_table_escapes_a_hostile_name_in_the_page_and_in_the_file(big) -> None:
    report, pages, files = big
    hostile_slug = next(m.slug for m in report.est.models.values() if m.name == HOSTILE)
    rows = table_rows("methods.md", pages["methods.md"], files, "compute-table")
    (row,) = [r for r in rows if f"/{hostile_slug}/" in first_link(r)]
    assert "<script>" not in row and cell_texts(row)[0] == HOSTILE
