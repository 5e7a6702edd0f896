"""Text from data files reaches the built site inert, in the HTML and in a real browser."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from paramatlas.build import build
from tests.conftest import ROOT
from tests.e2e.conftest import ARGS, CHROMIUM, _QuietHandler, draw_charts

NAME = "<script>alert(1)</script><img src=x onerror=alert(2)>"
NOTE = "Raw <iframe src=javascript:alert(3)></iframe> and [link](javascript:alert(4))"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from tests.conftest import FIXTURES

    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(FIXTURES / "data_min", data)
    registry = (data / "models.yaml").read_text()
    registry = registry.replace("name: Secret X,", f"name: {NAME!r}, note: {NOTE!r},")
    registry = registry.replace("vendor: lab-a,", "vendor: '<b>lab</b>',", 1)
    (data / "models.yaml").write_text(registry)
    out = data.parent / "site"
    build(data, ROOT, out)
    return out


def test_no_markup_from_data_survives_in_html(hostile_site: Path) -> None:
    for page in hostile_site.rglob("*.html"):
        html = page.read_text()
        for needle in ("<script>alert", "<img src=x", "<iframe", "<b>lab</b>", 'href="javascript:'):
            assert needle not in html, (page, needle)
    model = (hostile_site / "models/secret-x/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in model
    # The fixture's sample responses carry markup too (tests/fixtures/data_min/probes/samples).
    samples = (hostile_site / "models/small-10b/index.html").read_text()
    assert "| &lt;script&gt;alert(1)&lt;/script&gt; *x*" in samples
    search = (hostile_site / "search/search_index.json").read_text()
    assert "<script>alert" not in search and "<img src=x" not in search


def test_no_script_from_data_runs_in_the_browser(hostile_site: Path) -> None:
    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    dialogs: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path in ("/", "/models/small-10b/", "/models/secret-x/"):
                page.goto(url + path)
                draw_charts(page)
            assert page.locator("h1").first.text_content().startswith(NAME)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert dialogs == []
