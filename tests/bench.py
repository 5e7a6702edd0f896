"""`make bench`: build times, rebuild time, peak memory and page sizes on synthetic data.

Prints figures; asserts nothing. Each measurement runs in a fresh process so that peak memory
belongs to one scale. Times are medians of REPEATS runs (one run at the largest scale).
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import vl_convert  # noqa: E402 (after the path is set)

from generator import charts  # noqa: E402
from generator.build import build, charts_script, generate  # noqa: E402
from generator.cache import Cache  # noqa: E402
from generator.pages import template_digest  # noqa: E402
from tests.synthetic import add_run, make_dataset  # noqa: E402

SCALES = (200, 2000, 20000)
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
        *(getattr(charts, n) for n in dir(charts) if n.startswith("_") and n.endswith("_template")),
    ):
        fn.cache_clear()


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


if __name__ == "__main__":
    main()
