"""The Python API: the examples of the site's Python page run as printed, and what the API
returns is what the downloads and the command line give."""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import typing

import pandas as pd
import pytest

import paramatlas
from paramatlas import api
from paramatlas.downloads import downloads
from paramatlas.errors import DataErrors
from paramatlas.present import json_safe
from paramatlas.readings import EstimateError
from tests.conftest import DATA, ROOT

PAGE = (ROOT / "paramatlas" / "site" / "python.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```python\n(.*?)```", PAGE, flags=re.S)


@pytest.fixture(scope="module")
def atlas() -> api.Atlas:
    return paramatlas.open(DATA)


def test_the_page_has_examples() -> None:
    assert len(EXAMPLES) >= 4
    assert "paramatlas.open" in EXAMPLES[0]


def test_the_examples_run_as_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the page reads "data", the checkout's data folder
    namespace: dict[str, object] = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for example in EXAMPLES:  # one session, in the page's order
            exec(compile(example, "python.md", "exec"), namespace)
    atlas = namespace["atlas"]
    assert isinstance(atlas, api.Atlas)
    answer = atlas.answer("gpt-4o")
    assert answer is not None and answer.sentence in printed.getvalue()


def test_answers_are_the_downloads_answers(atlas: api.Atlas) -> None:
    published = json.loads(downloads(atlas.report)["downloads/estimates.json"])["models"]
    assert sorted(published) == atlas.models
    for slug in atlas.models:
        found = atlas.answer(slug)
        mine = json_safe(found.as_json()) if found else None
        assert json.loads(json.dumps(mine)) == published[slug]["answer"], slug


def test_the_table_is_the_csv(atlas: api.Atlas) -> None:
    csv = downloads(atlas.report)["downloads/estimates.csv"]
    read = pd.read_csv(io.StringIO(csv), keep_default_na=False, na_values=[""])
    table = atlas.estimates()
    assert list(table.columns) == list(read.columns)
    assert len(table) == len(read)
    for column in ("params_B", "interval_low_B", "interval_high_B"):
        mine = pd.to_numeric(table[column]).tolist()
        theirs = read[column].tolist()
        assert all(
            (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12)
            for a, b in zip(mine, theirs, strict=True)
        ), column
    assert table["model"].tolist() == read["model"].tolist()
    assert table["method"].tolist() == read["method"].tolist()


@pytest.mark.parametrize("lam", [None, -1.0])
def test_a_fit_is_the_fit_commands(atlas: api.Atlas, run_cli, lam: float | None) -> None:
    args = ["--data", str(DATA), "fit", "--json"] + ([] if lam is None else ["--lambda", str(lam)])
    code, out, _ = run_cli(*args)
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(json_safe(atlas.fit(lam=lam))))


def test_mistakes_are_named(atlas: api.Atlas, data_min, tmp_path) -> None:
    with pytest.raises(EstimateError, match="no model 'no-such-model'"):
        atlas.answer("no-such-model")
    with pytest.raises(EstimateError, match="no calibration named 'nope'"):
        atlas.fit("nope")
    (data_min / "site.yaml").write_text("title: [unclosed\n")
    with pytest.raises(DataErrors, match=r"site\.yaml"):
        paramatlas.open(data_min)
    with pytest.raises(DataErrors, match="no such data folder"):
        paramatlas.open(tmp_path / "missing")


def test_the_surface_is_typed() -> None:
    assert set(paramatlas.__all__) == {"Atlas", "open", "__version__"}
    for function in (
        api.open,
        api.Atlas.answer,
        api.Atlas.estimates,
        api.Atlas.fit,
    ):
        hints = typing.get_type_hints(function, vars(api) | {"pd": pd})
        assert "return" in hints, function
        assert function.__doc__, function
    for prop in (api.Atlas.version, api.Atlas.models):
        assert typing.get_type_hints(prop.fget)["return"] in (str, list[str])
