"""`make bench`: build times, rebuild time, peak memory and page sizes on synthetic data, and
the time to the home page's first chart in headless Chromium on the real data.

Prints figures; asserts nothing. Each measurement runs in a fresh process so that peak memory
belongs to one scale. Times are medians of REPEATS runs (one run at the largest scale).
"""

from __future__ import annotations

import functools
import http.server
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import vl_convert  # noqa: E402 (after the path is set)

from generator.build import build, charts_script, generate  # noqa: E402
from generator.cache import Cache  # noqa: E402
from generator.charts import models as model_charts  # noqa: E402
from generator.charts import report as report_charts  # noqa: E402
from generator.pages import template_digest  # noqa: E402
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
    gen = [sum(b[k] for k in ("load", "validate", "fit", "render", "write")) for b in builds]
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


def first_chart_ms(loads: int = 5) -> list[float]:
    """Milliseconds from the start of navigation to the home chart drawn, by the browser's
    own clock, over `loads` fresh pages of the real site served on localhost."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import ARGS, CHROMIUM

    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        build(ROOT / "data", ROOT, site)
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for _ in range(loads):
                page = browser.new_page()
                page.goto(url, wait_until="commit")
                page.wait_for_selector("div.pa-chart svg.marks", state="visible", timeout=30_000)
                times.append(page.evaluate("performance.now()"))
                page.close()
            browser.close()
        server.shutdown()
        server.server_close()
    return times


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        with tempfile.TemporaryDirectory() as work:
            print(json.dumps(one(int(sys.argv[2]), Path(work))))
        return
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
    if CHROMIUM_PATH.exists():
        times = first_chart_ms()
        print(
            f"home page, first chart drawn (real data, headless Chromium, {len(times)} loads): "
            f"median {statistics.median(times):.0f} ms, range {min(times):.0f}–{max(times):.0f} ms"
        )
    else:
        print("home page, first chart: not measured (no /usr/bin/chromium; run make browser)")


if __name__ == "__main__":
    main()
