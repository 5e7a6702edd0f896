"""Model pages are HTML blocks between Markdown headings. The site's hook hands mkdocs what
Python-Markdown, with the site's extensions, makes of them, without running it: the same HTML
and the same table of contents, for every model page of the fixture, of the committed data and
of hostile data."""

from __future__ import annotations

import html
import html.parser
import importlib.util
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from paramatlas.build import docs_files, load_report
from paramatlas.pages import render_all
from paramatlas.present import DEFINITIONS
from paramatlas.terms import abbreviate
from tests.conftest import DATA, FIXTURES, ROOT

SITE = ROOT / "paramatlas" / "site"
_spec = importlib.util.spec_from_file_location("html_pages", SITE / "hooks" / "html_pages.py")
html_pages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(html_pages)


def site_markdown() -> markdown.Markdown:
    """Python-Markdown as the site's configuration sets it up."""
    config = yaml.safe_load((SITE / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for ext in config["markdown_extensions"]:
        name, options = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        settings[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings)


def html_bodies(data: Path) -> dict[str, str]:
    pages = render_all(load_report(data))
    bodies = {}
    for path, text in pages.items():
        if not text.startswith("---\n"):
            continue
        front, body = text.removeprefix("---\n").split("\n---\n", 1)
        if yaml.safe_load(front).get("html_body"):
            bodies[path] = body
    return bodies


def assert_as_markdown_makes_them(bodies: dict[str, str]) -> None:
    for path, body in bodies.items():
        md = site_markdown()
        want = md.convert(body)
        got, tokens = html_pages.render(body)
        assert got == want, path
        assert tokens == md.toc_tokens, path
        assert html_pages.anchor_ids(got) == parsed_anchor_ids(got), path


class AnchorParser(html.parser.HTMLParser):
    """What mkdocs counts as a page's anchors: every id, and the name of an <a>."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value is not None and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


def parsed_anchor_ids(page: str) -> set[str]:
    parser = AnchorParser()
    parser.feed(page)
    parser.close()
    return parser.ids


def test_every_model_page_and_only_those_is_written_as_html() -> None:
    bodies = html_bodies(FIXTURES / "data_min")
    models = yaml.safe_load((FIXTURES / "data_min" / "models.yaml").read_text())["models"]
    assert set(bodies) == {f"models/{m['slug']}.md" for m in models}


@pytest.mark.parametrize("data", [FIXTURES / "data_min", DATA], ids=["fixture", "committed"])
def test_the_hook_gives_what_markdown_gives(data: Path) -> None:
    bodies = html_bodies(data)
    assert all(html_pages.HEADING.search(body) for body in bodies.values())
    assert_as_markdown_makes_them(bodies)


HOSTILE = "Evil\n\n## Runs { data-search-exclude }\n\n<script>alert(1)</script> *a* [b](c) &amp; λ"


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "data_min", data)
    path = data / "models.yaml"
    registry = yaml.safe_load(path.read_text())
    registry["models"][0]["name"] = HOSTILE
    registry["models"][0]["note"] = HOSTILE
    path.write_text(yaml.safe_dump(registry, allow_unicode=True))
    bodies = html_bodies(data)
    assert_as_markdown_makes_them(bodies)
    page = bodies[f"models/{registry['models'][0]['slug']}.md"]
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    _, tokens = html_pages.render(page)
    assert [t["name"] for t in tokens].count("Runs") == 1  # the name added no heading


def test_terms_are_marked_in_text_only() -> None:
    term, meaning = "LOO", DEFINITIONS["LOO"]
    page = (
        f'<p title="{term}">{term} band, LOOK</p>\n<pre><code>{term}</code></pre>\n'
        f"<script>{term}</script>\n\n## {term} {{ data-search-exclude }}"
    )
    marked = abbreviate(page)
    assert marked.count("<abbr") == 1
    assert f'<p title="{term}"><abbr title="{meaning}">{term}</abbr> band, LOOK</p>' in marked


def _marked_by_one_pattern(page: str) -> str:
    """The rule as one regular expression (what abbreviate does, at twice the cost): a match
    of what is never marked is kept, a whole-word term is marked, the longest first."""
    used = sorted((t for t in DEFINITIONS if t in page), key=len, reverse=True)
    if not used:
        return page
    unmarked = r"<(code|pre|script|svg|abbr)\b.*?</\2>|<[^>]*>|^## [^\n]*$"
    terms = "|".join(map(re.escape, used))
    pattern = re.compile(rf"({unmarked})|(?<!\w)({terms})(?!\w)", re.S | re.M)

    def mark(match: re.Match[str]) -> str:
        meaning = html.escape(DEFINITIONS[match[3]], quote=True) if match[3] else ""
        return match[1] or f'<abbr title="{meaning}">{match[3]}</abbr>'

    return pattern.sub(mark, page)


# Pages as the templates write them: elements closed in order, attribute values on one line
# (data text is collapsed to one line before it lands anywhere), heading lines between blocks.
NOT_PROSE = ("code", "pre", "script", "svg", "abbr")
WORDS = st.sampled_from([*DEFINITIONS, "x", "_", "é", " ", "·", "-", "LOOK", "\n"])
ATTRIBUTE = st.lists(st.sampled_from([*DEFINITIONS, "x", " "]), max_size=3).map("".join)
BLOCKS = st.recursive(
    st.lists(WORDS, max_size=6).map("".join),
    lambda inner: st.one_of(
        st.tuples(
            st.sampled_from(["code", "pre", "svg", "script", "abbr", "abbrev", "p", "em"]),
            ATTRIBUTE,
            st.lists(inner, max_size=3).map("".join),
        ).map(lambda t: f'<{t[0]} title="{t[1]}">{t[2]}</{t[0]}>'),
        st.lists(inner, min_size=2, max_size=4).map("".join),
    ),
    max_leaves=20,
)
HEADINGS = st.lists(st.sampled_from([*DEFINITIONS, "x", " "]), max_size=4).map(
    lambda words: "\n## " + "".join(words) + "\n"
)
PAGES = st.lists(st.one_of(BLOCKS, HEADINGS), max_size=5).map("".join)


@settings(max_examples=500)
@given(PAGES)
def test_terms_are_marked_as_one_pattern_marks_them(page: str) -> None:
    # The pattern ends an element at the first closing tag of its name, which misreads an
    # element inside one of its own name (never written by the templates).
    assume(not any(re.search(rf"<{n}\b(?:(?!</{n}>).)*<{n}\b", page, re.S) for n in NOT_PROSE))
    assert abbreviate(page) == _marked_by_one_pattern(page)


def test_the_hooks_run_in_the_build_and_are_not_published() -> None:
    files = dict(docs_files(load_report(FIXTURES / "data_min")))
    assert not [path for path in files if path.endswith(".py")]
