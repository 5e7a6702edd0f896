"""`make bench`: build times, rebuild time, peak memory and page sizes on synthetic data, and
the time to the home page's first chart in headless Chromium on the real data.

Prints figures, each scale as soon as it is measured; asserts nothing. Each build runs in a
fresh process, so that its CPU and peak memory are its own. One run of each: on a shared,
noisy machine read the ratios to the reference commits, built side by side in the same run,
more than the absolute values: 8eb15c2 (the yardstick of the build's cost) and the commit that
recorded the newest release (`data/releases/<version>.json`), once there is one.

    python tests/bench.py             every scale, then the real site in a browser
    python tests/bench.py 200 2000    those scales only
    python tests/bench.py --pages     the real site in a browser only
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import math
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

SCALES = (200, 2000, 20000)
CHROMIUM_PATH = Path("/usr/bin/chromium")
# The yardstick the build's cost is held to, built side by side in the same run from its own
# checkout and its own synthetic data: the commit before the one-way architecture.
REFERENCE = os.environ.get("BENCH_REFERENCE", "8eb15c2")
REFERENCE_SCALES = (2000,)
# Targets by scale on the project's 2-core machine: the build at 20,000 result files, and the
# search index (which grows with the model pages) at 2,000.
TARGETS = {
    20000: {
        "cold build CPU (s)": 60.0,
        "one-file rebuild CPU (s)": 3.0,
        "peak memory (MiB)": 1024.0,
        "home page gzipped (kB)": 200.0,
    },
    2000: {"search index (kB)": 1500.0},
}


def cpu_seconds() -> float:
    """CPU of this process and every child it waited for (mkdocs runs as one)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_mib() -> float:
    # ru_maxrss of the children counts mkdocs and, for an instant after fork, a copy of this
    # process: the larger of the two is an upper bound of the build's peak.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def one_build(checkout: Path, data: Path, out: Path) -> dict[str, float]:
    """One full build of `data` by the code of `checkout` (run in a process of its own, whose
    environment says which cache folder it finds)."""
    sys.path.insert(0, str(checkout))
    if (checkout / "generator").is_dir():  # before the package took the project's name
        from generator.build import build as build_of_checkout
    else:
        from paramatlas.build import build as build_of_checkout
    timings: dict[str, float] = {}
    cpu, start = cpu_seconds(), time.perf_counter()
    build_of_checkout(data, checkout, out, timings=timings)
    figures = {"cpu": cpu_seconds() - cpu, "wall": time.perf_counter() - start}
    figures["peak"] = peak_mib()
    figures["mkdocs"] = timings.get("mkdocs", math.nan)
    figures["generation"] = figures["wall"] - figures["mkdocs"]
    return figures


def one_rebuild(data: Path, work: Path) -> dict[str, float]:
    """Generation after one new result file, with the parse cache warmed by the data before."""
    from paramatlas.build import generate
    from paramatlas.cache import Cache
    from tests.synthetic import add_run

    generate(data, ROOT, work / "docs", Cache(work / "parsed"))
    add_run(data, "model-00001", "new-run")
    cpu = cpu_seconds()
    generate(data, ROOT, work / "docs", Cache(work / "parsed"))
    return {"cpu": cpu_seconds() - cpu}


def in_process(*args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run this script with `args` in a fresh process; its figures (the last line, JSON)."""
    run = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if run.returncode != 0:
        msg = f"bench {' '.join(args)} failed:\n{run.stderr[-3000:]}"
        raise SystemExit(msg)
    return json.loads(run.stdout.strip().splitlines()[-1])


def synthetic(checkout: Path, folder: Path, n_files: int) -> Path:
    """The checkout's own synthetic data at this scale."""
    code = (
        f"import sys; sys.path.insert(0, {str(checkout)!r}); "
        "from tests.synthetic import make_dataset; from pathlib import Path; "
        f"make_dataset(Path({str(folder)!r}), {n_files})"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=checkout)
    return folder


def cold_and_warm(checkout: Path, n_files: int, work: Path) -> dict[str, float]:
    """A build with an empty cache folder (a fresh machine, CI without its cache), then one
    with the folder the first left (a maintainer's machine, CI with its cache)."""
    data = synthetic(checkout, work / "data", n_files)
    env = {"XDG_CACHE_HOME": str(work / "cache")}
    out: dict[str, float] = {}
    for kind in ("cold", "warm"):
        site = work / f"site-{kind}"
        figures = in_process("--build", str(checkout), str(data), str(site), env=env)
        out |= {f"{kind}.{key}": value for key, value in figures.items()}
    out |= page_weights(work / "site-warm")
    return out


def page_weights(site: Path) -> dict[str, float]:
    """Bytes of the pages that grow with the registry, as stored and as served gzipped."""
    out: dict[str, float] = {}
    for name, path in (("home", "index.html"), ("models index", "models/index.html")):
        if (site / path).exists():
            body = (site / path).read_bytes()
            out[f"{name} (kB)"] = len(body) / 1000
            out[f"{name} gzipped (kB)"] = len(gzip.compress(body, 6)) / 1000
    index = next(site.glob("search/search_index.json"), None) or next(site.glob("search.json"))
    out["search index (kB)"] = index.stat().st_size / 1000
    out["site (MB)"] = sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 1e6
    return out


def previous_release(root: Path = ROOT) -> tuple[str, str] | None:
    """The newest release this clone records (its ledger, data/releases/<version>.json) and the
    commit that added that ledger; None when there is none or it is not committed."""
    from paramatlas.release import version_order

    ledgers = sorted(
        (root / "data" / "releases").glob("*.json"), key=lambda p: version_order(p.stem)
    )
    if not ledgers:
        return None
    newest = ledgers[-1]
    run = subprocess.run(
        ["git", "log", "-1", "--diff-filter=A", "--format=%h", "--", newest.relative_to(root)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    commit = run.stdout.strip()
    return (f"release {newest.stem}", commit) if run.returncode == 0 and commit else None


@functools.cache  # asked by every scale and the header: git is asked once
def references() -> dict[str, str]:
    """The commits each scale of REFERENCE_SCALES is held to, by the name the table gives them."""
    out = {REFERENCE: REFERENCE}
    release = previous_release()
    if release is not None:
        out[release[0]] = release[1]
    return out


def reference_checkout(commit: str, target: Path) -> Path | None:
    """A commit checked out beside the project (None outside a git clone that has it)."""
    run = subprocess.run(
        ["git", "worktree", "add", "--detach", str(target), commit],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return target if run.returncode == 0 else None


def remove_checkout(target: Path) -> None:
    subprocess.run(
        ["git", "worktree", "remove", "--force", str(target)], cwd=ROOT, capture_output=True
    )


def measure_scale(n_files: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as work:
        figures = cold_and_warm(ROOT, n_files, Path(work) / "now")
        data = synthetic(ROOT, Path(work) / "rebuild" / "data", n_files)
        rebuild = in_process("--rebuild", str(data), env={"XDG_CACHE_HOME": f"{work}/now/cache"})
        figures["rebuild.cpu"] = rebuild["cpu"]
        if n_files in REFERENCE_SCALES:
            for i, (name, commit) in enumerate(references().items()):
                figures |= reference_figures(name, commit, n_files, Path(work) / f"ref-{i}")
        return figures


def reference_figures(name: str, commit: str, n_files: int, work: Path) -> dict[str, float]:
    """A reference commit's figures at this scale, or none (said on standard error) when it
    cannot be checked out or built here: the bench's own figures still print."""
    checkout = reference_checkout(commit, work / "checkout")
    if checkout is None:
        print(f"{name} not measured: {commit} is not in this clone's history", file=sys.stderr)
        return {}
    try:
        then = cold_and_warm(checkout, n_files, work / "then")
    except SystemExit as failed:
        print(f"{name} not measured: {failed}", file=sys.stderr)
        return {}
    finally:
        remove_checkout(checkout)
    return {f"{name}\0{key}": value for key, value in then.items()}


ROWS = (
    ("cold build CPU (s)", "cold.cpu"),
    ("  of which mkdocs (wall, s)", "cold.mkdocs"),
    ("warm build CPU (s)", "warm.cpu"),
    ("  of which mkdocs (wall, s)", "warm.mkdocs"),
    ("one-file rebuild CPU (s)", "rebuild.cpu"),
    ("peak memory (MiB)", "cold.peak"),
    ("home page (kB)", "home (kB)"),
    ("home page gzipped (kB)", "home gzipped (kB)"),
    ("models index (kB)", "models index (kB)"),
    ("models index gzipped (kB)", "models index gzipped (kB)"),
    ("search index (kB)", "search index (kB)"),
    ("site (MB)", "site (MB)"),
)


def print_scale(n_files: int, figures: dict[str, float]) -> None:
    """One scale's figures, printed as soon as they are measured: against the reference commits
    built in this run, against the targets of its scale."""
    print(f"\n{n_files:,} result files", flush=True)
    missed, names = False, references()
    for label, key in ROWS:
        line = f"  {label:30}{figures[key]:10.1f}"
        for name in names if key != "rebuild.cpu" else ():
            then = figures.get(f"{name}\0{key}")
            if then is not None:
                line += f"   {name}: {then:8.1f}   ratio {figures[key] / then:5.2f}×"
        target = TARGETS.get(n_files, {}).get(label)
        if target is not None:
            verdict = "met" if figures[key] <= target else f"missed by {figures[key] - target:.1f}"
            line += f"   target < {target:g}: {verdict}"
            missed = missed or figures[key] > target
        print(line, flush=True)
    if missed:
        print("  why a target is missed: the benchmarks page, 'Where the time goes now'")


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
    from paramatlas.build import build

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
# is drawn (a picture drawn at build time is in the page, or the interactive chart's SVG is),
# and, as a reader jumping to it would, brings the first chart on screen once the page is read
# (an interactive chart's bundle is fetched only when the chart nears the screen).
FIRST_CHART = """
window.paFirstChart = null;
function paSeen() {
  if (window.paFirstChart !== null) return;
  const drawn = [...document.querySelectorAll("div.pa-chart")].some(el =>
    el.querySelector("svg.marks") || el.querySelector(".pa-picture svg"));
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
    if sys.argv[1:2] == ["--build"]:
        checkout, data, out = (Path(a) for a in sys.argv[2:5])
        print(json.dumps(one_build(checkout, data, out)))
        return
    if sys.argv[1:2] == ["--rebuild"]:
        with tempfile.TemporaryDirectory() as work:
            print(json.dumps(one_rebuild(Path(sys.argv[2]), Path(work))))
        return
    if sys.argv[1:] != ["--pages"]:
        scales = [int(a) for a in sys.argv[1:]] or list(SCALES)
        names = " and ".join(references())
        print("CPU is this process's and mkdocs'; cold: an empty cache folder, warm: the one")
        print(f"the cold build left. Ratios against {names}, each built side by side in this run.")
        if len(references()) == 1:
            print("No release ledger is committed yet (data/releases/): no release to compare.")
        for n_files in scales:
            print_scale(n_files, measure_scale(n_files))
        if sys.argv[1:]:
            return
    page_figures()


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
