"""The only module that writes files or runs mkdocs.

Check, then write: everything is loaded, checked and fitted first; then each page is rendered
and written into a temporary folder beside the target, which is swapped in only when all of it
worked, so bad input never leaves a half-written site.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from pathlib import Path

import yaml

from paramatlas.cache import Cache
from paramatlas.errors import BuildError
from paramatlas.load import load_dataset
from paramatlas.pages import each_page, environment
from paramatlas.views.report import Report, build_report

# A file in every folder a build writes: only such a folder (or an empty one) is ever replaced.
OUTPUT_MARK = ".paramatlas-output"
# What mkdocs writes for search engines; left out of a site whose address is unknown.
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
# The site's own files, shipped with the package: its mkdocs.yml, the theme overrides, the
# hand-written pages, scripts and styles.
SITE = Path(__file__).parent / "site"
# What of SITE is not copied into the docs tree (the hooks run in mkdocs, not on the site).
NOT_COPIED = {"mkdocs.yml", "overrides", "hooks"}
# Where `paramatlas generate` writes the docs tree by default (the checkout's mkdocs.yml, which
# `make serve` reads, points there), relative to the working folder.
GENERATED = "generated"


Say = Callable[[str], None]


class Timer:
    """Wall-clock seconds per build phase, for the benchmark; and, when given `say`, a line per
    phase as it ends (what it did and how long it took), for the command line's progress."""

    def __init__(self, into: dict[str, float] | None, say: Say | None = None) -> None:
        self.into = into if into is not None else {}
        self.say = say
        self.last = time.perf_counter()

    def lap(self, phase: str, done: str = "") -> None:
        now = time.perf_counter()
        self.into[phase] = self.into.get(phase, 0.0) + now - self.last
        if self.say:
            self.say(f"{phase}: {done + ', ' if done else ''}{now - self.last:.1f} s")
        self.last = now

    def begin(self, phase: str, what: str) -> None:
        """Announce a long phase before it starts."""
        if self.say:
            self.say(f"{phase}: {what} …")


def load_report(
    data_dir: Path,
    cache: Cache | None = None,
    timings: dict[str, float] | None = None,
    version: str | None = None,
    folder: str | None = None,
    say: Say | None = None,
) -> Report:
    """Load, validate and compute; raise DataErrors with every problem, before any writing.
    With `version`, every page and download is stamped with that report version; with
    `folder`, its addresses are those of that version folder of the published site."""
    timer = Timer(timings, say)
    data = load_dataset(data_dir, cache)
    if version:
        site = data.site.model_copy(update={"report_version": version})
        data = dataclasses.replace(data, site=site, folder=folder)
    timer.lap("load", f"{count(data.models, 'model')}, {count(data.results, 'result file')}")
    report = build_report(data, cache)  # every check of `paramatlas validate`, then the fits
    timer.lap("check and fit", count(data.calibrations, "calibration"))
    return report


def count(items: Sized, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def docs_files(
    report: Report, site: Path = SITE, engine: str = "mkdocs"
) -> Iterator[tuple[str, bytes]]:
    """Every file of the docs folder the engine builds, one at a time: generated pages, each
    followed by the chart files it named, then hand-written pages and assets. A path given
    twice stands for its last content."""
    env = environment(engine)
    charts = env.globals["pictures"]  # filled as pages name their chart files
    for path, text in each_page(report, env):
        yield path, text.encode()
        while charts:
            chart_path, chart = charts.popitem()
            yield chart_path, chart.encode()
    stamp = f'\n\n---\n\n<small class="pa-stamp">{report.stamp}</small>\n'
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site)
        if path.is_dir() or rel.parts[0] in NOT_COPIED or path.name.startswith("."):
            continue
        content = path.read_bytes()
        if path.suffix == ".md":
            content = content.rstrip() + stamp.encode()
        yield rel.as_posix(), content


def check_output(out: Path, data_dir: Path, project: Path) -> None:
    """Refuse an output folder whose replacement would destroy what we did not write: the data
    folder (or one inside or around it), the checkout (or one around it), or a folder holding
    files that no build of ours made."""
    out, data, root = out.resolve(), data_dir.resolve(), project.resolve()
    if out == data or out.is_relative_to(data) or data.is_relative_to(out):
        msg = (
            f"refusing to write the site into {out}: it is, holds or lies in the data folder {data}"
        )
        raise BuildError(msg + "; choose a folder outside it, e.g. site/")
    if root.is_relative_to(out):
        msg = f"refusing to write the site into {out}: it is or holds the checkout {root}"
        raise BuildError(msg + "; choose a folder inside it, e.g. site/")
    defaults = {root / "site", root / GENERATED}
    ours = (out / OUTPUT_MARK).is_file() or out in defaults
    if out.exists() and not (out.is_dir() and (ours or not any(out.iterdir()))):
        msg = f"refusing to replace {out}: it is not empty and no build of ours wrote it"
        raise BuildError(msg + f" (no {OUTPUT_MARK} file); choose an empty or new folder")


def staging_folder(target: Path) -> Path:
    """A new folder beside target to write into (a rename away from it, on its file system),
    named by this process; what a killed build left there is removed first."""
    sweep(target)
    prefix = f".{target.name}.tmp-{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))


def sweep(target: Path) -> None:
    """Remove the staging and old folders beside target that a build no longer running left
    (killed mid-way): each is named by the process that made it."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(?:tmp|old)-(\d+)(?:-|$)")
    if not target.parent.is_dir():
        return
    for leftover in target.parent.iterdir():
        found = pattern.match(leftover.name)
        if found and leftover.is_dir() and not running(int(found[1])):
            shutil.rmtree(leftover, ignore_errors=True)


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def swap_in(staging: Path, target: Path) -> None:
    """Replace target by staging with two renames, so target is never half-written; the new
    folder is marked as ours, so a later build may replace it, and given the modes the umask
    allows (a temporary folder is private), so a web server can read it."""
    (staging / OUTPUT_MARK).write_text("written by paramatlas; replaced by every build\n")
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_tree(files: Iterable[tuple[str, bytes]], target: Path) -> set[str]:
    """Write the files into a folder beside target, each as it comes, and swap it in once all
    are written; the paths written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_folder(target)
    try:
        written: set[str] = set()
        for rel, content in files:
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            written.add(rel)
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def generate(
    data_dir: Path,
    project: Path,
    out: Path | None = None,
    cache: Cache | None = None,
    timings: dict[str, float] | None = None,
    version: str | None = None,
    folder: str | None = None,
    say: Say | None = None,
    engine: str = "mkdocs",
) -> Report:
    """Data -> the docs folder (default generated/ in the working folder `project`), for the
    engine that will build it."""
    out = out or project / GENERATED
    check_output(out, data_dir, project)
    report = load_report(data_dir, cache, timings, version, folder, say)
    timer = Timer(timings, say)
    written = write_tree(docs_files(report, engine=engine), out)
    timer.lap("render and write", count(written, "file"))
    if cache:
        cache.save()
    return report


def mkdocs_config(docs_dir: Path, site_dir: Path, site_url: str | None = None) -> dict:
    """The site's mkdocs.yml with its folders made absolute and pointed at this build's
    folders, and the site's address (for the sitemap and canonical links) when it is known."""
    config = yaml.safe_load((SITE / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    if site_url:
        config["site_url"] = site_url
    theme = config.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((SITE / theme["custom_dir"]).resolve())
    config["hooks"] = [str((SITE / hook).resolve()) for hook in config.get("hooks", [])]
    return config


def build(
    data_dir: Path,
    project: Path,
    out: Path,
    cache: Cache | None = None,
    timings: dict[str, float] | None = None,
    say: Say | None = None,
    engine: str = "mkdocs",
) -> Report:
    """Generate the pages in a temporary folder, build them with the engine (mkdocs, or
    Zensical: one of ENGINES), swap the site into out.

    Nothing but `out` is touched; `project` is the working folder, which it may not replace.
    """
    out = out.resolve()
    check_output(out, data_dir, project)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="paramatlas-") as work:
        docs = Path(work) / "docs"
        report = generate(data_dir, project, docs, cache, timings, say=say, engine=engine)
        url = report.data.site.site_url
        timer = Timer(timings, say)
        staging = staging_folder(out)
        try:
            # Said once the engine's output folder exists: an interruption from here on has
            # the staging folder to remove.
            timer.begin(engine, f"building {sum(1 for _ in docs.rglob('*.md'))} pages")
            ENGINES[engine](Path(work), mkdocs_config(docs, staging, url), data_dir)
            if not url:  # a sitemap lists absolute addresses: without the site's, it is empty
                for name in SITEMAPS:
                    (staging / name).unlink(missing_ok=True)
            swap_in(staging, out)
        except BaseException:  # a failure or Ctrl-C: the previous site stays, with no litter
            shutil.rmtree(staging, ignore_errors=True)
            raise
        timer.lap(engine, f"site in {out}")
    return report


def run_mkdocs(work: Path, config: dict, data_dir: Path) -> None:
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=True), encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--clean"]
    run_engine("mkdocs", [*command, "--config-file", str(path)], data_dir)


def run_zensical(work: Path, config: dict, data_dir: Path) -> None:
    """Zensical reads the same configuration, but its folders must lie in the config's own
    folder: it builds into work/site, which is then moved into the staging folder."""
    staging = Path(config["site_dir"])
    config = {**config, "docs_dir": "docs", "site_dir": "site"}
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=True), encoding="utf-8")
    command = [sys.executable, "-m", "zensical", "build", "--strict", "--clean"]
    run_engine("zensical", [*command, "--config-file", str(path)], data_dir)
    for built in sorted((work / "site").iterdir()):
        shutil.move(built, staging / built.name)


def run_engine(name: str, command: list[str], data_dir: Path) -> None:
    run = subprocess.run(
        command, capture_output=True, text=True, check=False, env=mkdocs_env(data_dir)
    )
    if run.returncode != 0:
        msg = f"{name} build failed:\n{run.stdout}{run.stderr}"
        raise BuildError(msg)


# The engines a site can be built with: mkdocs with Material for MkDocs (the default), and
# Zensical, its successor, which builds the same generated pages (README, "Two engines").
ENGINES: dict[str, Callable[[Path, dict, Path], None]] = {
    "mkdocs": run_mkdocs,
    "zensical": run_zensical,
}


def mkdocs_env(data_dir: Path) -> dict[str, str]:
    """mkdocs' environment. The sitemap's dates and its gzip header take the time of the last
    commit of the data's repository (SOURCE_DATE_EPOCH), not the clock: two builds of one
    checkout give the same bytes on either side of midnight."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    epoch = last_commit(data_dir, "%ct")
    if "SOURCE_DATE_EPOCH" not in env and epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    return env


def git_date(folder: Path) -> str | None:
    """The date of the last commit of the repository holding folder, YYYY-MM-DD, or None
    outside git."""
    return last_commit(folder, "%cs")


def origin_remote(folder: Path) -> str | None:
    """The address of the origin remote of the repository holding folder, or None."""
    return git_answer(folder, "remote", "get-url", "origin")


def last_commit(folder: Path, field: str) -> str | None:
    """One field (a `git log` format) of the last commit of the repository holding folder,
    or None outside git."""
    return git_answer(folder, "log", "-1", f"--format={field}")


def git_answer(folder: Path, *args: str) -> str | None:
    """What a git command run in folder prints, or None outside git (or when it fails)."""
    if not folder.is_dir():
        return None
    run = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)
    return run.stdout.strip() or None if run.returncode == 0 else None
