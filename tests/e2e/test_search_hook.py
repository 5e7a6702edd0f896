"""The search hook (paramatlas/site/hooks/search_head.py) changes what the search plugin reads,
never what the build writes: a site built with it is byte for byte the site built without it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex

from paramatlas.build import SITE, generate, mkdocs_config, run_mkdocs
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.e2e

HOOK = SITE / "hooks" / "search_head.py"


def hook_module():
    spec = importlib.util.spec_from_file_location("search_head", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_site_config_runs_the_hook() -> None:
    config = mkdocs_config(Path("docs"), Path("site"))
    assert str(HOOK.resolve()) in config["hooks"]
    assert all(Path(hook).is_file() for hook in config["hooks"])


@pytest.mark.parametrize(
    ("headings", "cut"),
    [
        (["<h1 id='a'>", "<h2 id='b' data-search-exclude>", "<h2 data-search-exclude>"], 1),
        (["<h1>", "<h2 data-search-exclude>", "<h2 id='c'>"], None),  # an indexed one follows
        (["<h1>", "<h2>"], None),
        (["<h2 data-search-exclude>"], 0),
    ],
)
def test_only_a_run_of_excluded_sections_to_the_end_is_cut(headings, cut) -> None:
    content = "".join(f"{h}x</h2><p>text {i}</p>" for i, h in enumerate(headings))
    starts = [content.index(h) for h in headings]
    assert hook_module().excluded_tail(content) == (None if cut is None else starts[cut])


LEAD = '<h1 id="m">Model</h1><p>Best estimate 1.2T</p>'
TAIL = (
    '<h2 id="k" data-search-exclude>Known size</h2><p>long text</p>'
    '<h2 id="r" data-search-exclude>Runs</h2><table><tr><td>run</td></tr></table>'
)


@pytest.mark.parametrize(
    ("content", "hidden"),
    [
        (LEAD + TAIL, True),
        # The plugin strips such an attribute from the page: it must see the page then.
        (LEAD.replace("<p>", '<p data-search-boost="2">') + TAIL, False),
    ],
)
def test_the_hook_indexes_what_the_plugin_would(content: str, hidden: bool) -> None:
    def page():
        return SimpleNamespace(
            content=content,
            toc=[],
            url="models/m/",
            meta={},
            title="M",
            file=SimpleNamespace(src_uri="m.md"),
        )

    plain = SearchIndex()
    plain.add_entry_from_context(page())
    hooked, seen = SearchIndex(), page()
    config = SimpleNamespace(plugins={"material/search": SimpleNamespace(search_index=hooked)})
    before, after = hook_module().on_page_context.methods
    assert before.mkdocs_priority > 0 > after.mkdocs_priority  # around the plugin's turn
    before({}, page=seen, config=config, nav=None)
    assert hooked.entries == plain.entries and plain.entries
    assert seen.meta["search"]["exclude"]  # the plugin does not read it a second time
    assert seen.content == ("" if hidden else content)  # what the plugin's turn sees
    after({}, page=seen, config=config, nav=None)
    assert seen.content == content  # the theme draws every section


def test_a_site_built_with_the_hook_is_the_site_built_without_it(tmp_path: Path) -> None:
    data = FIXTURES / "data_min"
    docs = tmp_path / "docs"
    generate(data, ROOT, docs)
    sites = {}
    for name in ("with", "without"):
        work = tmp_path / f"work-{name}"
        work.mkdir()
        config = mkdocs_config(docs, tmp_path / name)
        if name == "without":
            config["hooks"] = []
        run_mkdocs(work, config, data)
        sites[name] = tmp_path / name
    files = {
        name: {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        for name, site in sites.items()
    }
    assert files["with"].keys() == files["without"].keys()
    assert any(p.parts[0] == "models" for p in files["with"])
    for path, data_with in files["with"].items():
        assert data_with == files["without"][path], path
