"""One answer per model: every page, download and command that gives a model's size gives the
same answer (best estimate, plausible range, grade), the one `Report.answer` computes."""

from __future__ import annotations

import csv
import io
import json

import pytest

from paramatlas.build import load_report
from paramatlas.downloads import downloads
from paramatlas.pages import environment, render_all
from paramatlas.present import fmt_b
from paramatlas.release import make_ledger
from paramatlas.summary import compare_markdown
from paramatlas.views.overview import COMPARED_ANSWER, answer_rows, compare_data
from paramatlas.views.report import Report
from tests.conftest import DATA
from tests.tables import cell_texts, first_link, table_rows


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(DATA)


@pytest.fixture(scope="module")
def rendered(report: Report) -> tuple[dict[str, str], dict[str, str]]:
    """The pages, and the files written beside them (a long table's rows)."""
    env = environment()
    return render_all(report, env), env.globals["pictures"]


@pytest.fixture(scope="module")
def pages(rendered) -> dict[str, str]:
    return rendered[0]


@pytest.fixture(scope="module")
def files(report: Report) -> dict[str, str]:
    return downloads(report)


def cells(answer: dict[str, object] | None) -> list[str]:
    """The answer's three cells, as a table prints them."""
    if answer is None:
        return ["not estimated", "—", "—"]
    grade = str(answer["grade"]).lower()
    return [str(answer["estimate_text"]), str(answer["range_text"]), grade]


def row(rendered, page: str, slug: str) -> str:
    """The row of the page's models table whose first cell links to the model `slug`."""
    pages, files = rendered
    (found,) = [
        r for r in table_rows(page, pages[page], files) if first_link(r).endswith(f"/{slug}/")
    ]
    return found


def test_every_view_gives_every_model_the_same_answer(
    report: Report, rendered, pages: dict[str, str], files: dict[str, str], run_cli, monkeypatch
) -> None:
    from paramatlas.cli import numbers

    monkeypatch.setattr(numbers, "load_report", lambda data: report)
    answers = {v.entry.slug: report.answer(v.entry.slug) for v in report.models}
    as_json = {slug: a.as_json() if a else None for slug, a in answers.items()}
    csv_rows = {
        r["model"]: r
        for r in csv.DictReader(io.StringIO(files["downloads/estimates.csv"]))
        if r["method"] == "answer"
    }
    json_models = json.loads(files["downloads/estimates.json"])["models"]
    compare = {m["slug"]: m["answer"] for m in compare_data(report)["models"]}
    chart = {r["slug"]: r for r in answer_rows(report)}
    ledger = make_ledger(report, "head", "")
    for slug, expected in as_json.items():
        # The home table (one row per training, its first model's) and the models index:
        # the same three cells right after the model cell.
        base = report.methods.variants(slug)[0].slug
        for page, model in (("index.md", base), ("models/index.md", slug)):
            assert cell_texts(row(rendered, page, model))[1:4] == cells(expected), (page, slug)
        # The model page opens with it.
        if expected and expected["low_B"] is not None:
            assert expected["estimate_text"] in pages[f"models/{slug}.md"], slug
        # Downloads, the compare page's data, the home chart and a release ledger.
        assert json_models[slug]["answer"] == expected, slug
        assert compare[slug] == ({k: expected[k] for k in COMPARED_ANSWER} if expected else None), (
            slug
        )
        assert ledger["models"][slug]["answer"] == (
            {k: expected[k] for k in ledger["models"][slug]["answer"]} if expected else None
        )
        if expected is None:
            assert slug not in csv_rows and base not in chart
            continue
        r = csv_rows[slug]
        assert (r["label"], r["grade"]) == (expected["estimate_text"], expected["grade"]), slug
        for column, key in (
            ("params_B", "params_B"),
            ("interval_low_B", "low_B"),
            ("interval_high_B", "high_B"),
        ):
            assert r[column] == ("" if expected[key] is None else str(expected[key])), slug
        if expected["low_B"] is not None:
            assert (chart[base]["estimate"], chart[base]["range"]) == (
                expected["estimate_text"],
                expected["range_text"],
            )
        # The command line, top level.
        code, out, _ = run_cli("--data", str(DATA), "estimate", slug, "--json")
        found = json.loads(out)
        assert code == 0 and {k: found[k] for k in expected} == expected, slug


def test_a_pull_request_summary_shows_the_answer_of_a_new_model(report: Report) -> None:
    head = make_ledger(report, "head", "")
    for slug in sorted(head["models"])[:: max(1, len(head["models"]) // 12)]:
        base = {**head, "models": {k: v for k, v in head["models"].items() if k != slug}}
        summary = compare_markdown(base, head)
        expected = head["models"][slug]["answer"]
        (line,) = [line for line in summary.splitlines() if line.startswith(f"| {slug} |")]
        if expected:
            assert f"| {expected['estimate_text']} | {expected['range_text']} |" in line
            known = head["models"][slug]["known_B"]
            assert line.startswith(f"| {slug} | {fmt_b(known) if known else '—'} |")
            assert f"| {expected['grade'].lower()} |" in line


def test_no_table_prints_a_reading_set_aside(report: Report, rendered) -> None:
    """A reading the judgments set aside never stands in an estimate column: the home table
    and the family ladders say "set aside" and link to the reasons."""
    shown = {  # the reading the IKP column shows: the first, the default calibration's
        v.entry.slug: next(
            (e for e in report.methods.estimates(v.entry.slug) if e.method == "ikp"), None
        )
        for v in report.models
    }
    aside = [slug for slug, e in shown.items() if e is not None and not e.usable]
    assert aside  # the committed data have such readings; the rule must be exercised
    for slug in aside:  # in its training's row
        line = row(rendered, "index.md", report.methods.variants(slug)[0].slug)
        assert f'<a href="models/{slug}/#all-methods">set aside</a>' in line
        assert "not a usable size" not in line


def test_a_methods_confidence_is_never_worded_as_a_grade(
    report: Report, pages: dict[str, str], files: dict[str, str]
) -> None:
    """Two scales, two vocabularies: the answer's grade and a method's confidence in a reading
    share no word, in the downloads and on the pages."""
    from paramatlas.rules import CONFIDENCE_WORDS, GRADE_ORDER

    grades = {g.lower() for g in GRADE_ORDER}
    assert not grades & {w.lower() for w in CONFIDENCE_WORDS.values()}
    rows = list(csv.DictReader(io.StringIO(files["downloads/estimates.csv"])))
    said = {r["confidence"] for r in rows if r["method"] != "answer"}
    assert said and said <= set(CONFIDENCE_WORDS.values())
    assert {r["grade"].lower() for r in rows if r["method"] == "answer"} <= grades | {"none"}
    for slug in sorted(report.est.models)[::20]:
        page = pages[f"models/{slug}.md"]
        table = page.split("## All methods")[1].split("\n\n")[1] if "## All methods" in page else ""
        for line in table.splitlines()[2:]:
            assert line.split(" | ")[3] in CONFIDENCE_WORDS.values(), (slug, line)
