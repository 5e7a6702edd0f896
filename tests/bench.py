"""`make bench`: build times, rebuild time, peak memory and page sizes on synthetic data, and
the time to the home page's first chart in headless Chromium on the real data.

Prints figures; asserts nothing. Each measurement runs in a fresh process so that peak memory
belongs to one scale. Times are medians of REPEATS runs (one run at the largest scale).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import vl_convert  # noqa: E402 (after the path is set)

from paramatlas.build import build, charts_script, generate  # noqa: E402
from paramatlas.cache import Cache  # noqa: E402
from paramatlas.charts import models as model_charts  # noqa: E402
from paramatlas.charts import report as report_charts  # noqa: E402
from paramatlas.pages import template_digest  # noqa: E402
from tests.synthetic import add_run, make_dataset  # noqa: E402

SCALES = (200, 2000, 20000)
CHROMIUM_PATH = Path("/usr/bin/chromium")
REPEATS = 3


def one(n_files: int, work: Path) -> dict[str, float]:
    """Measure one scale (run in its own process)."""
    data = make_dataset(work / "data", n_files)
    out: dict[str, float] = {}
    repeats = REPEATS if n_files < 20000 else 1
    builds = []
    for _ in range(repeats):
        _clear_process_caches()
        timings: dict[str, float] = {}
        start = time.perf_counter()
        build(data, ROOT, work / "site", timings=timings)
        timings["total"] = time.perf_counter() - start
        builds.append(timings)
    for key in builds[0]:
        out[f"build.{key}"] = statistics.median(b[key] for b in builds)
    gen = [sum(b[k] for k in ("load", "check and fit", "render", "write")) for b in builds]
    out["build.generation"] = statistics.median(gen)
    out["ratio.generation_over_mkdocs"] = out["build.generation"] / out["build.mkdocs"]

    # One new result file for a proprietary model: its page and the summaries change, the fit
    # does not. Warm the cache, add the file, regenerate.
    cache_dir = work / "cache"
    generate(data, ROOT, work / "docs", Cache(cache_dir))
    add_run(data, "model-00001", "new-run")
    rebuilds, cold = [], []
    for i in range(repeats):
        start = time.perf_counter()
        generate(data, ROOT, work / "docs", Cache(cache_dir))
        rebuilds.append(time.perf_counter() - start)
        if i == 0:
            start = time.perf_counter()
            generate(data, ROOT, work / "docs-cold")
            cold.append(time.perf_counter() - start)
    out["rebuild.one_file_cached"] = statistics.median(rebuilds)
    out["rebuild.one_file_uncached"] = statistics.median(cold)

    site = work / "site"
    model_pages = sorted((site / "models").glob("*/index.html"))
    sizes = [p.stat().st_size for p in model_pages]
    out["size.home_kb"] = (site / "index.html").stat().st_size / 1024
    out["size.model_page_median_kb"] = statistics.median(sizes) / 1024
    out["size.model_page_max_kb"] = max(sizes) / 1024
    out["size.shared_charts_js_kb"] = (
        site / "assets/js/paramatlas-charts.js"
    ).stat().st_size / 1024
    # ru_maxrss of the children counts mkdocs and, for an instant after fork, a copy of this
    # process: the larger of the two is an upper bound of the build's peak.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out["memory.peak_mib"] = max(own, children) / 1024
    if n_files == SCALES[0]:
        start = time.perf_counter()
        vl_convert.javascript_bundle()
        out["once.vega_bundle_s"] = time.perf_counter() - start
    return out


def _clear_process_caches() -> None:
    """Each repeat starts like a new process, but for the Vega bundle kept in the user cache."""
    for fn in (
        charts_script,
        template_digest,
        *(
            getattr(module, n)
            for module in (model_charts, report_charts)
            for n in dir(module)
            if n.startswith("_") and n.endswith("_template")
        ),
    ):
        fn.cache_clear()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _GzipHandler(_QuietHandler):
    """Serves text gzipped to a browser that accepts it, as GitHub Pages does, so that page
    weights and Lighthouse see what a reader's browser receives."""

    TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in self.TEXT and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


# Pages a reader meets first, and what was measured before this work (and on the upstream
# IKP site's home page) for comparison: (path, figures then).
PAGES = (
    ("/", "1.0-2.2 MB; upstream IKP home 728 kB (198 kB gzipped)"),
    ("/models/deepseek-v3/", "1.0-2.2 MB"),
    ("/disagreement/", "1.0-2.2 MB"),
    ("/methods/", "1.0-2.2 MB"),
    ("/models/", "no such page"),
)


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser that closes a connection early is no error of the site's


@contextlib.contextmanager
def served_site() -> Iterator[tuple[str, Path]]:
    """The real data built and served on localhost, gzipped: (base URL, site folder)."""
    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        build(ROOT / "data", ROOT, site)
        handler = functools.partial(_GzipHandler, directory=str(site))
        server = _QuietServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}", site
        finally:
            server.shutdown()
            server.server_close()


def file_of(site: Path, url: str) -> Path:
    path = site / urlsplit(url).path.lstrip("/")
    return path / "index.html" if path.is_dir() else path


# Runs in the page before its own scripts: records, by the page's clock, when the first chart
# is drawn (a picture drawn at build time has loaded, or the interactive chart's SVG is in),
# and, as a reader jumping to it would, brings the first chart on screen once the page is read
# (an interactive chart's bundle is fetched only when the chart nears the screen).
FIRST_CHART = """
window.paFirstChart = null;
function paSeen() {
  if (window.paFirstChart !== null) return;
  const drawn = [...document.querySelectorAll("div.pa-chart")].some(el =>
    el.querySelector("svg.marks") || el.querySelector(".pa-picture svg") ||
    [...el.querySelectorAll(".pa-picture img")].some(img => img.complete && img.naturalWidth));
  if (drawn) window.paFirstChart = performance.now();
}
new MutationObserver(paSeen).observe(document, {subtree: true, childList: true});
document.addEventListener("load", paSeen, true);
document.addEventListener("DOMContentLoaded", () => {
  document.querySelector("div.pa-chart")?.scrollIntoView();
  paSeen();
});
"""


def browser_figures(base: str, site: Path, loads: int = 5) -> list[tuple[str, ...]]:
    """Per page: bytes of every resource it loads (as served, and gzipped at level 6, as a
    static host would), and the milliseconds to its first chart drawn, by the browser's own
    clock (median of `loads` fresh pages; pages without a chart say so)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import ARGS, CHROMIUM

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for path, before in PAGES:
            page = browser.new_page()
            urls: list[str] = []
            page.on("requestfinished", lambda r, urls=urls: urls.append(r.url))
            page.goto(base + path, wait_until="networkidle")
            files = [file_of(site, u) for u in dict.fromkeys(urls)]
            raw = sum(f.stat().st_size for f in files)
            packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
            has_chart = page.locator("div.pa-chart").count() > 0
            page.close()
            times = []
            for _ in range(loads if has_chart else 0):
                page = browser.new_page()
                page.add_init_script(FIRST_CHART)
                page.goto(base + path, wait_until="commit")
                page.wait_for_function("window.paFirstChart !== null", timeout=30_000)
                times.append(page.evaluate("window.paFirstChart"))
                page.close()
            chart = f"{statistics.median(times):.0f} ms" if times else "no chart"
            rows.append((path, f"{raw / 1000:.0f} kB", f"{packed / 1000:.0f} kB", chart, before))
        browser.close()
    return rows


LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The pages the scores were asked for: home, a model page, a table page.
LIGHTHOUSE_PAGES = ("/", "/models/deepseek-v3/", "/disagreement/")
LIGHTHOUSE_BEFORE = {
    "/": ("69", "90-93"),
    "/models/deepseek-v3/": ("50", "90-93"),
    "/disagreement/": ("76", "90-93"),
}


def lighthouse_scores(base: str, runs: int = 3) -> list[tuple[str, ...]]:
    """Lighthouse's four category scores per page (its default mobile preset, simulated
    throttling), each the median of `runs` runs (one run varies by several points), beside the
    performance and accessibility measured before this work."""
    if not LIGHTHOUSE.exists():
        return [("(not measured: no tools/lighthouse/node_modules; make bench installs it)",)]
    rows = []
    for path in LIGHTHOUSE_PAGES:
        scores = [lighthouse_run(base + path) for _ in range(runs)]
        failed = [s for s in scores if isinstance(s, str)]
        if failed:
            rows.append((path, failed[0]))
            continue
        before = LIGHTHOUSE_BEFORE[path]
        rows.append(
            (
                path,
                *(f"{statistics.median(s[c] for s in scores):.0f}" for c in CATEGORIES),
                f"before: performance {before[0]}, accessibility {before[1]}",
            )
        )
    return rows


def lighthouse_run(url: str) -> dict[str, float] | str:
    """One Lighthouse run: each category's score out of 100, or why it failed."""
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    run = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--chrome-flags={flags}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM_PATH)},
    )
    if run.returncode != 0:
        return f"lighthouse failed: {run.stderr.strip()[-200:]}"
    categories = json.loads(run.stdout)["categories"]
    return {c: 100 * categories[c]["score"] for c in CATEGORIES}


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    rows = [row + ("",) * (len(header) - len(row)) for row in rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        with tempfile.TemporaryDirectory() as work:
            print(json.dumps(one(int(sys.argv[2]), Path(work))))
        return
    if sys.argv[1:] != ["--pages"]:
        build_figures()
    page_figures()


def build_figures() -> None:
    results = {}
    for n in SCALES:
        run = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        results[n] = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"measured {n} result files", file=sys.stderr)
    keys = list(results[SCALES[0]])
    print(f"{'figure':34}" + "".join(f"{n:>12,}" for n in SCALES))
    for key in keys:
        cells = [f"{results[n][key]:12.2f}" if key in results[n] else f"{'':12}" for n in SCALES]
        print(f"{key:34}" + "".join(cells))


def page_figures() -> None:
    if not CHROMIUM_PATH.exists():
        print("pages in a browser: not measured (no /usr/bin/chromium; run make browser)")
        return
    with served_site() as (base, site):
        print("\npages of the real site in headless Chromium, served gzipped on localhost")
        print("(as GitHub Pages serves them); 'before' is what was measured before this work:")
        header = ("page", "transferred", "gzipped", "first chart (median of 5)", "before")
        print_table(header, browser_figures(base, site))
        print()
        print_table(("page (median of 3 runs)", *CATEGORIES, "before"), lighthouse_scores(base))


if __name__ == "__main__":
    main()
