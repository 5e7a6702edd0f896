"""Two engines, one site: the generated pages built with Zensical (Material for MkDocs'
successor) give the site mkdocs gives, with its links resolving and its scripts running."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from paramatlas.build import ENGINES, build
from tests.conftest import FIXTURES, ROOT
from tests.e2e.conftest import Visit, _QuietHandler, draw_charts
from tests.e2e.test_links import LINK, target

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("engines")
    built = {}
    for engine in ENGINES:
        built[engine] = work / engine
        build(FIXTURES / "data_min", ROOT, built[engine], engine=engine)
    return built


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_every_engine_is_tested() -> None:
    assert set(ENGINES) == {"mkdocs", "zensical"}


def test_the_same_pages_exist(sites: dict[str, Path]) -> None:
    assert pages(sites["zensical"]) == pages(sites["mkdocs"])
    for site in sites.values():  # the generated downloads and scripts are copied alike
        assert (site / "downloads" / "estimates.csv").is_file()
        assert (site / "assets" / "js" / "paramatlas-tables.js").is_file()


def test_no_internal_link_is_broken(sites: dict[str, Path]) -> None:
    site = sites["zensical"]
    broken = [
        f"{page.relative_to(site)} -> {url}"
        for page in sorted(site.rglob("*.html"))
        for url in LINK.findall(page.read_text())
        if (path := target(page, site, url)) is not None and not path.is_file()
    ]
    assert broken == []


def test_a_site_without_an_address_has_no_sitemap(sites: dict[str, Path]) -> None:
    for site in sites.values():  # the fixture data name no address
        assert not list(site.glob("sitemap.xml*"))


@pytest.fixture(scope="module")
def zensical_url(sites: dict[str, Path]) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(sites["zensical"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/models/small-10b/", "/calibration/mini/"])
def test_the_projects_scripts_run(browser: Browser, zensical_url: str, path: str) -> None:
    """Tables are measured and sortable, charts draw, and nothing fails to load."""
    visit = Visit(browser, zensical_url + path)  # waits for the layout script's tables
    page = visit.page
    assert page.locator("article table[data-fitted]").count() > 0
    assert page.locator("article table th[role=columnheader]").count() > 0  # tablesort ran
    draw_charts(page)
    assert visit.problems == []
    page.close()
