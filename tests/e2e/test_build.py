"""The real pipeline end to end: data -> Markdown -> mkdocs-material -> site/."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from paramatlas.build import build, generate, load_report, mkdocs_config, mkdocs_env, run_mkdocs
from paramatlas.hazards import HAZARDS
from paramatlas.load import load_dataset
from tests.conftest import DATA, ROOT, cli_process
from tests.synthetic import make_dataset
from tests.tables import cell_texts, site_tables, table_rows


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_page_for_every_model_and_calibration(built_site: Path) -> None:
    data = load_dataset(DATA)
    for model in data.models:
        page = built_site / "models" / model.slug / "index.html"
        assert page.is_file(), model.slug
    for _, calibration in data.calibrations:
        assert (built_site / "calibration" / calibration.name / "index.html").is_file()
    # The home table links every model (a variant from its training's row), the models
    # index each from its own row; a row is in the page or in the file beside it.
    tables = site_tables(built_site)
    for page, link in (("index.html", "models/"), ("models/index.html", "../models/")):
        rows = "".join(table_rows(page, (built_site / page).read_text(), tables))
        linked = set(re.findall(rf'href="{re.escape(link)}([^/"]+)/"', rows))
        assert linked == {m.slug for m in data.models}, page


def test_every_page_carries_the_version_stamp(built_site: Path) -> None:
    digest = load_dataset(DATA).digest[:12]
    stamp = re.compile(rf"Report 2026\.11-dev · generator 0\.1\.0 · data sha256:{digest}")
    pages = [p for p in built_site.rglob("index.html") if "search" not in p.parts]
    assert len(pages) > 200
    assert all(stamp.search(p.read_text()) for p in pages)


def test_model_page_shows_estimate_derivation_and_known_size(built_site: Path) -> None:
    html = (built_site / "models/qwen-2.5-7b/index.html").read_text()
    html = re.sub(r"</?abbr[^>]*>", "", html)  # the hover definitions of λ, LOO and IKP
    assert "IKP estimate of total parameters: 4.38B" in html
    assert "7.62B</strong> parameters" in html
    assert "fold error is\n<strong>1.76×</strong>" in html
    assert 'class="pa-chart"' in html and 'type="application/json"' in html


def test_charts_are_valid_vega_lite_in_files_beside_their_pictures(built_site: Path) -> None:
    """A page showing a chart as a picture carries no spec: the spec is a file of the site,
    fetched when a reader reaches for the chart."""
    html = (built_site / "index.html").read_text()
    assert not re.search(r'<script type="application/json" id="[\w-]+-spec"', html)
    sources = re.findall(r'data-spec-src="([^"]+)"', html)
    assert len(sources) == 2
    specs = [(built_site / source).read_text() for source in sources]
    # λ, LOO and IKP carry their definitions for a reader hovering them.
    methodology = (built_site / "methodology/index.html").read_text()
    for term, page in (("λ", html), ("IKP", html), ("LOO", methodology)):
        assert re.search(rf'<abbr title="[^"]{{20,}}">{term}</abbr>', page), term
    # So do the hazards' names, wherever a page names one.
    hazards = (built_site / "hazards/index.html").read_text()
    for hazard in HAZARDS:
        assert re.search(rf'<abbr title="[^"]{{20,}}">{hazard.title}</abbr>', hazards), hazard.id
    # Undrawn (no script yet, or none at all), each placeholder is an image with its text.
    assert len(re.findall(r'class="pa-chart"[^>]*role="img" aria-label="[^"]{20}', html)) == 2
    spec = json.loads(specs[0])
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    # The models whose Best estimate cell holds a usable answer: a size, or a quoted range.
    rows = [cell_texts(r) for r in table_rows("index.html", html, site_tables(built_site))]
    sized = [cells for cells in rows if re.match(r"[\d.,]+[MBT]", cells[1])]
    # One row per training (the registry's same_weights_as), and a point per usable answer.
    trainings = [m for m in load_report(DATA).est.models.values() if not m.same_weights_as]
    assert len(rows) == len(trainings) and len(spec["datasets"]["estimates"]) == len(sized)
    assert json.loads(specs[1])["datasets"]["released"]


def test_site_needs_no_network(built_site: Path) -> None:
    for page in [built_site / "index.html", built_site / "models/deepseek-v3/index.html"]:
        html = page.read_text()
        srcs = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
        assert not [s for s in srcs if s.startswith(("http://", "https://", "//"))], page
        assert "fonts.googleapis" not in html
    bundle = (built_site / "assets/js/paramatlas-charts.js").read_text()
    assert "paramatlasRenderCharts" in bundle and len(bundle) > 500_000


def test_build_is_deterministic(data_min: Path, tmp_path: Path) -> None:
    build(data_min, ROOT, tmp_path / "one")
    build(data_min, ROOT, tmp_path / "two")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")
    generate(data_min, ROOT, tmp_path / "docs1")
    generate(data_min, ROOT, tmp_path / "docs2")
    assert tree_digest(tmp_path / "docs1") == tree_digest(tmp_path / "docs2")


def test_bad_input_exits_1_and_leaves_the_previous_site(
    data_min: Path, tmp_path: Path, run_cli
) -> None:
    out = tmp_path / "site"
    code, _, _ = run_cli("--data", str(data_min), "build", "--out", str(out))
    assert code == 0
    before = tree_digest(out)
    run = data_min / "results/tiny-1b/r1.json"
    run.write_text(run.read_text().replace('"correct": 10', '"correct": -10', 1))
    code, out_text, err = run_cli("--data", str(data_min), "build", "--out", str(out))
    assert code == 1 and out_text == ""
    assert err.splitlines() == [
        "results/tiny-1b/r1.json: tiers.T1.correct: got -10 (expected a value ≥ 0)",
        "1 problem in the data",
    ]
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]  # no leftovers


def test_build_touches_nothing_else_in_the_checkout(data_min: Path, tmp_path: Path) -> None:
    def checkout_state() -> dict[str, float]:
        return {
            p.as_posix(): p.stat().st_mtime
            for p in ROOT.iterdir()
            if p.name not in {".pytest_cache", ".hypothesis", ".ruff_cache"}
        }

    before = checkout_state()
    build(data_min, ROOT, tmp_path / "site")
    assert checkout_state() == before


@pytest.mark.parametrize(
    "rel",
    [
        "models/secret-x.md",
        "calibration/mini.md",
        "index.md",
        "methodology.md",
        "about.md",
        "calibration/index.md",
    ],
)
def test_generated_docs_tree(data_min: Path, tmp_path: Path, rel: str) -> None:
    generate(data_min, ROOT, tmp_path / "docs")
    assert (tmp_path / "docs" / rel).is_file()


def test_the_real_site_builds_byte_identical_twice(built_site: Path, tmp_path: Path) -> None:
    build(DATA, ROOT, tmp_path / "again")
    assert tree_digest(tmp_path / "again") == tree_digest(built_site)


def test_a_cached_generation_equals_an_uncached_one(data_min: Path, tmp_path: Path) -> None:
    from paramatlas.cache import Cache

    cache = tmp_path / "cache"
    generate(data_min, ROOT, tmp_path / "warm", Cache(cache))
    run = data_min / "results/secret-x/r1.json"
    run.write_text(run.read_text().replace('"correct": 9', '"correct": 8', 1))
    generate(data_min, ROOT, tmp_path / "cached", Cache(cache))
    generate(data_min, ROOT, tmp_path / "fresh")
    assert tree_digest(tmp_path / "cached") == tree_digest(tmp_path / "fresh")
    assert tree_digest(tmp_path / "cached") != tree_digest(tmp_path / "warm")
    # The cache was used: the unchanged pages and fits came from it.
    reused = Cache(cache)
    generate(data_min, ROOT, tmp_path / "third", reused)
    assert reused.hits > 0 and reused.misses == 0


def test_a_model_outside_its_own_band_says_so(built_site: Path) -> None:
    report = load_report(DATA)
    factor = report.default.loo.fold_cover90
    missed = [v for v in report.models if v.in_cohort and v.loo_fold > factor]
    kept = [v for v in report.models if v.in_cohort and v.loo_fold <= factor]
    assert missed and kept
    for view, expected in ((missed[0], True), (kept[0], False)):
        html = (built_site / "models" / view.entry.slug / "index.html").read_text()
        text = re.sub(r"<[^>]+>", "", html)  # LOO is an <abbr>
        assert ("Its known size lies outside its own LOO band" in text) is expected


@pytest.mark.parametrize("where", ["data", "data/site", ".", ".."])
def test_a_build_never_replaces_the_data_or_the_checkout(
    data_min: Path, run_cli, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    project = data_min.parent
    monkeypatch.chdir(project)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    out = data_min if where == "data" else project / where
    code, _, err = run_cli("--data", str(data_min), "build", "--out", str(out))
    assert code == 1 and err.startswith("error: refusing to write the site into")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_only_an_empty_folder_or_one_of_ours_is_replaced(
    data_min: Path, tmp_path: Path, run_cli
) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    code, _, err = run_cli("--data", str(data_min), "generate", "--out", str(out))
    assert code == 1 and "no build of ours wrote it" in err and (out / "notes.txt").exists()
    fresh = tmp_path / "fresh"
    assert run_cli("--data", str(data_min), "generate", "--out", str(fresh))[0] == 0
    assert (fresh / ".paramatlas-output").is_file()
    assert run_cli("--data", str(data_min), "generate", "--out", str(fresh))[0] == 0  # ours again


def test_only_pages_with_a_chart_load_the_vega_bundle(built_site: Path) -> None:
    pages = list(built_site.rglob("index.html"))
    # The theme's loader sets the script's address; a page may name the file in its text.
    loader = re.compile(r'script\.src = "[^"]*assets/js/paramatlas-charts\.js"')
    loading = {p for p in pages if loader.search(p.read_text())}
    drawing = {p for p in pages if 'class="pa-chart"' in p.read_text()}
    assert drawing and loading == drawing  # every page that draws loads it; no other does
    assert built_site / "downloads" / "index.html" not in loading


def test_the_theme_runs_no_palette_script(built_site: Path) -> None:
    # One palette, given as a mapping: its colours are set in the HTML, and the theme's palette
    # script, which restyled the whole page twice on load (about 90 ms on the disagreement page,
    # unthrottled), has nothing to mount.
    for page in ("index.html", "disagreement/index.html"):
        html = (built_site / page).read_text()
        assert 'data-md-color-primary="blue-grey"' in html
        assert 'data-md-component="palette"' not in html


def test_no_list_item_is_run_into_the_sentence_before_it(built_site: Path) -> None:
    # A template loop that ate its newline ran "- **Which size MoE models follow**" onto the
    # end of the methodology page's previous item: ".- <strong>" in the page.
    joined = re.compile(r"[.;:,]- <strong>")
    assert [p for p in built_site.rglob("index.html") if joined.search(p.read_text())] == []


def test_the_models_index_lists_every_model_page(built_site: Path) -> None:
    index = (built_site / "models" / "index.html").read_text()
    rows = "".join(table_rows("models/index.html", index, site_tables(built_site)))
    pages = {p.parent.name for p in (built_site / "models").glob("*/index.html")}
    linked = set(re.findall(r'href="\.\./models/([a-z0-9][a-z0-9._-]*)/"', rows))
    assert pages and pages == linked


def test_the_sitemap_is_dated_by_the_last_commit_not_the_clock(
    data_min: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("PARAMATLAS_SITE_URL", "https://example.org/paramatlas/")
    # Two builds on either side of midnight gave different sitemap.xml.gz files: mkdocs stamps
    # its gzip header with the pages' date, the clock's unless SOURCE_DATE_EPOCH says otherwise.
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    assert mkdocs_env(ROOT)["SOURCE_DATE_EPOCH"] == epoch
    build(data_min, ROOT, tmp_path / "site")
    header = (tmp_path / "site" / "sitemap.xml.gz").read_bytes()[:8]
    stamped = dt.datetime.fromtimestamp(int.from_bytes(header[4:8], "little"), dt.UTC)
    commit_day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    assert stamped == dt.datetime.combine(commit_day, dt.time(), dt.UTC)


def test_family_ladders_mark_the_estimates_set_aside(built_site: Path) -> None:
    from paramatlas.views.overview import unusable_ikp

    report = load_report(DATA)
    aside = unusable_ikp(report)
    laddered = {r.model.slug for ladder in report.analysis.ladders for r in ladder.rows}
    assert aside & laddered
    html = (built_site / "families" / "index.html").read_text(encoding="utf-8")
    rows = {
        slug: row
        for row in re.findall(r"<tr>.*?</tr>", html, re.S)
        for slug in re.findall(r'href="\.\./models/([^/"]+)/"', row)[:1]
    }
    for slug in laddered:
        assert (">set aside</a>" in rows[slug]) is (slug in aside), slug


def test_a_build_without_an_address_says_so_and_names_nothing_relative(
    data_min: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the site's address a sitemap could list no page (its entries are absolute), and
    an id must still name one thing wherever the file is read: a URN."""
    monkeypatch.delenv("PARAMATLAS_SITE_URL", raising=False)
    code, out, _ = run_cli("--data", str(data_min), "build", "--out", str(tmp_path / "site"))
    assert code == 0 and "no sitemap" in out and "PARAMATLAS_SITE_URL" in out
    site = tmp_path / "site"
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    schema = json.loads((site / "downloads/result.schema.json").read_text())
    assert schema["$id"].startswith("urn:")
    feed = (site / "feed.xml").read_text()
    assert "<id>urn:paramatlas:feed</id>" in feed and '<link rel="self" href="feed.xml"/>' in feed


def test_the_pages_do_not_depend_on_the_machine(data_min: Path, tmp_path: Path) -> None:
    """The checkout's line endings (core.autocrlf), the locale, the time zone and the home
    folder (a build keeps nothing there) change no byte."""
    crlf = tmp_path / "crlf"
    shutil.copytree(data_min, crlf)
    for path in crlf.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    machines = {
        "a": (data_min, "UTC", "C.UTF-8"),
        "b": (crlf, "Pacific/Kiritimati", "de_DE.UTF-8"),
    }
    trees = []
    for name, (data, zone, locale) in machines.items():
        env = {**os.environ, "TZ": zone, "LC_ALL": locale, "HOME": str(tmp_path / f"home-{name}")}
        env.pop("XDG_CACHE_HOME", None)
        out = tmp_path / f"docs-{name}"
        run = cli_process("--data", str(data), "generate", "--out", str(out), env=env)
        assert run.returncode == 0, run.stderr
        assert not list((tmp_path / f"home-{name}").rglob("*"))  # nothing kept, nothing reused
        trees.append(tree_digest(out))
    assert trees[0] == trees[1]


def site_with_and_without(tmp_path: Path, data: Path, hook: str) -> dict[str, Path]:
    """The site of `data` built by the site's config, and by the same config without `hook`."""
    docs = tmp_path / "docs"
    generate(data, ROOT, docs)
    url = load_dataset(data).site.site_url
    sites = {}
    for name in ("with", "without"):
        config = mkdocs_config(docs, tmp_path / f"site-{name}", url)
        if name == "without":
            config["hooks"] = [h for h in config["hooks"] if not h.endswith(hook)]
        (tmp_path / name).mkdir()
        run_mkdocs(tmp_path / name, config, data)
        sites[name] = tmp_path / f"site-{name}"
    return sites


HOSTILE_TITLE = "<b>Evil & \"co\"</b> 'x' {{ page.title }} \\0 — λ"


@pytest.mark.parametrize("site_url", [None, "https://example.org/paramatlas/"])
def test_frames_drawn_once_are_the_pages_drawn_each(tmp_path: Path, site_url: str | None) -> None:
    """A site built with the theme's frame drawn once (hooks/page_frames.py) is the site built
    without it, byte for byte: with and without an address (a canonical link per page), with
    a title that is markup, and with pages whose sidebars do and do not match."""
    data = make_dataset(tmp_path / "data", 60)
    registry_path = data / "models.yaml"
    registry = yaml.safe_load(registry_path.read_text())
    registry["models"][0]["name"] = HOSTILE_TITLE
    registry_path.write_text(yaml.safe_dump(registry, allow_unicode=True))
    site = yaml.safe_load((data / "site.yaml").read_text())
    site["site_url"] = site_url
    (data / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True))
    sites = site_with_and_without(tmp_path, data, "page_frames.py")
    assert tree_digest(sites["with"]) == tree_digest(sites["without"])
    hostile = sites["with"] / "models" / registry["models"][0]["slug"] / "index.html"
    assert "&lt;b&gt;Evil" in hostile.read_text() and "<b>Evil" not in hostile.read_text()
    canonical = '<link rel="canonical" href="https://example.org/paramatlas/models/'
    assert (canonical in hostile.read_text()) == bool(site_url)


def test_sidebars_drawn_once_are_the_sidebars_drawn_for_each_page(tmp_path: Path) -> None:
    """A site built with the shared sidebars (hooks/shared_sidebars.py) is the site built
    without them, byte for byte, on pages whose sidebars do and do not match."""
    sites = site_with_and_without(
        tmp_path, make_dataset(tmp_path / "data", 60), "shared_sidebars.py"
    )
    assert tree_digest(sites["with"]) == tree_digest(sites["without"])
    sidebars = [
        page.read_text().split('<div class="md-content"', 1)[0].split('class="md-sidebar', 1)[1]
        for page in sorted((sites["without"] / "models").glob("*/index.html"))
    ]
    assert len(set(sidebars)) < len(sidebars) - 1  # pages that share and pages that do not
    assert len(set(sidebars)) > 1


def test_model_pages_rendered_by_the_hook_are_the_pages_markdown_renders(tmp_path: Path) -> None:
    """A site built with model pages rendered by hooks/html_pages.py (no Markdown pass, no
    Markdown instance) is the site Python-Markdown makes of the same pages, byte for byte, its
    search index and anchors included, with a model whose name is markup."""
    data = make_dataset(tmp_path / "data", 60)
    registry_path = data / "models.yaml"
    registry = yaml.safe_load(registry_path.read_text())
    registry["models"][0]["name"] = HOSTILE_TITLE
    registry_path.write_text(yaml.safe_dump(registry, allow_unicode=True))
    sites = site_with_and_without(tmp_path, data, "html_pages.py")
    assert tree_digest(sites["with"]) == tree_digest(sites["without"])
