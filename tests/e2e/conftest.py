"""One real build of the committed data per test session, and a local server for it."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from paramatlas.build import build
from tests.conftest import DATA, ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    build(DATA, ROOT, out)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


CHROMIUM = Path("/usr/bin/chromium")
# As root in a sandbox-less container, and with Chromium's own network chatter turned off.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's chromium is not installed: run `make browser` (apt-get install chromium)"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page loaded with every request, console error, page error and failed request
    recorded."""

    def __init__(self, browser: Browser, url: str, **options: Any) -> None:
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page: Page = browser.new_page(**options)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed {r.url}"))
        self.page.on(
            "response", lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}")
        )
        self.page.goto(url, wait_until="load")
        if url.startswith("http"):
            wait_for_tables(self.page)


def wait_for_tables(page: Page) -> None:
    """Wait until the layout script has measured every table of the article: the page draws a
    table only then (paramatlas-layout.css)."""
    page.wait_for_function("!document.querySelector('article table:not([data-fitted])')")


def draw_charts(page: Page, timeout: float = 60_000) -> None:
    """Ask for the interactive charts as a reader would (the page fetches the Vega bundle only
    then): point at a chart drawn at build time, or bring the first chart near the screen;
    then wait until every chart of the page is drawn. The page's scripts must have run first,
    or there is nothing yet to answer the pointer."""
    page.wait_for_load_state("domcontentloaded")
    if page.locator("div.pa-chart[data-picture]").count():
        page.locator("figure.pa-figure").first.hover()
    else:
        page.locator("div.pa-chart").first.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelectorAll('div.pa-chart svg.marks').length"
        " === document.querySelectorAll('div.pa-chart').length",
        timeout=timeout,
    )


def all_rows(page: Page) -> None:
    """Reach for each long table as a reader does (point at it), then wait until it holds
    every row: the page carries the first rows, a file the others (paramatlas/tables.py)."""
    tables = page.locator("article table[data-rows-src]")
    for i in range(tables.count()):
        # A table that holds its rows already (an address with all=1 loads them) needs no
        # reach; pointing at it could land on the table tools laid over it while the page fits.
        if tables.nth(i).get_attribute("data-rows-loaded") is None:
            tables.nth(i).hover(position={"x": 5, "y": 5})
    page.wait_for_function(
        "!document.querySelector('article table[data-rows-src]:not([data-rows-loaded])')"
    )
