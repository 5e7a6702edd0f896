"""Publishing with mike to the gh-pages branch, as GitHub Pages serves a project site.

mike writes each version into its own folder and the aliases as redirect pages. What a project
site needs beyond that is committed next to it: a root `404.html` (Pages answers every miss
with it), and stable addresses for the files a redirect page cannot stand for: the feed at the
root and in `latest/`, and the latest version's sitemap and downloads in `latest/`.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from paramatlas.build import (
    GENERATED,
    BuildError,
    Say,
    Timer,
    generate,
    mkdocs_config,
    mkdocs_env,
)
from paramatlas.downloads import feed
from paramatlas.schema import RELEASE_VERSION
from paramatlas.views.report import Report

BRANCH = "gh-pages"
# The version a push to main publishes; every other version is a release's calendar version.
DEV = "dev"
ADDRESS_NEEDED = (
    "deploying needs the site's address (a project site lives under /<repository>/): "
    "set PARAMATLAS_SITE_URL, e.g. https://owner.github.io/repository/, or site_url "
    "in data/site.yaml"
)


def check_names(version: str, aliases: list[str]) -> None:
    """A version is `dev` or a calendar version; an alias is neither (mike would let an alias
    named like a version, or a version named `latest`, replace the other)."""
    if version != DEV and not re.match(RELEASE_VERSION, version):
        msg = f"version {version!r}: expected a calendar version (e.g. 2026.11) or {DEV}"
        raise BuildError(msg)
    for alias in aliases:
        if alias == DEV or re.match(RELEASE_VERSION, alias) or not re.match(r"^[a-z]+$", alias):
            msg = f"alias {alias!r}: expected a word such as latest, not a version name"
            raise BuildError(msg)


def deploy(
    data_dir: Path, project: Path, version: str, aliases: list[str], say: Say | None = None
) -> Report:
    """Publish this version with mike: generate, commit the site to the gh-pages branch of the
    checkout under VERSION, moving the aliases, then the root files. Pushes nothing."""
    check_names(version, aliases)
    report = generate(data_dir, project, version=version, folder=version, say=say)
    root = report.address.root
    if root is None:
        raise BuildError(ADDRESS_NEEDED)
    with tempfile.TemporaryDirectory(prefix="paramatlas-") as work:
        docs = project / GENERATED
        # mike puts each version under its own folder and extends site_url to match; given
        # with its trailing slash, or the 404 page (which resolves every link against the
        # site's address) would look for search and versions.json one folder too high.
        config = mkdocs_config(docs, Path(work) / "site", root)
        config.setdefault("extra", {})["version"] = {"provider": "mike"}
        mike_plugin = {"mike": {"canonical_version": f"{version}/"}}
        config["plugins"] = [mike_plugin, *config.get("plugins", [])]
        path = Path(work) / "mkdocs.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=True), encoding="utf-8")
        mike = [str(Path(sys.executable).with_name("mike"))]
        # GitHub Pages' branch deployment rejects symlinks: aliases are redirect pages.
        options = ["--config-file", str(path), "--alias-type", "redirect", "--update-aliases"]
        steps = [[*mike, "deploy", *options, version, *aliases]]
        if "latest" in aliases:
            steps.append([*mike, "set-default", "--config-file", str(path), "latest"])
        env = {**mkdocs_env(data_dir), **git_env()}  # dated by the last commit, as a build is
        timer = Timer(None, say)
        timer.begin("mike", f"building {version} and committing it to {BRANCH}")
        for command in steps:
            run = subprocess.run(
                command, cwd=project, capture_output=True, text=True, check=False, env=env
            )
            if run.returncode != 0:
                msg = f"mike failed:\n{run.stdout}{run.stderr}"
                raise BuildError(msg)
        timer.lap("mike")
    commit_files(project, root_files(project, report, version, aliases), f"Root files: {version}")
    return report


def root_files(project: Path, report: Report, version: str, aliases: list[str]) -> dict[str, bytes]:
    """The files beside the version folders: the 404 page of the default version (or of the
    first version deployed); for the latest version, its feed at the root and in `latest/`
    (each naming its own address), a sitemap index at the root pointing at its sitemap, and its
    downloads in `latest/`."""
    files = {}
    root = report.address.root or ""
    if "latest" in aliases or branch_file(project, "404.html") is None:
        # Its links are absolute (the version's own address), so it works at any depth.
        files["404.html"] = branch_file(project, f"{version}/404.html") or b""
    if "latest" in aliases:
        files["feed.xml"] = feed(report, at=root).encode()
        files["latest/feed.xml"] = feed(report, at=f"{root}latest/").encode()
        # A sitemap lists addresses at or below its own: the root's is an index of the
        # version's, which lists the pages where they stay.
        files["sitemap.xml"] = sitemap_index(f"{root}{version}/sitemap.xml").encode()
        for name in branch_folder(project, f"{version}/downloads"):
            if not name.endswith(".html"):
                files[f"latest/downloads/{name}"] = (
                    branch_file(project, f"{version}/downloads/{name}") or b""
                )
    return {path: content for path, content in files.items() if content}


def sitemap_index(sitemap: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<sitemap><loc>{html.escape(sitemap)}</loc></sitemap>\n"
        "</sitemapindex>\n"
    )


def git_env() -> dict[str, str]:
    """mike runs mkdocs (the venv's bin first on PATH) and commits as the release author."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    for role in ("AUTHOR", "COMMITTER"):
        env.setdefault(f"GIT_{role}_NAME", "paramatlas release")
        env.setdefault(f"GIT_{role}_EMAIL", "release@paramatlas.invalid")
    return env


def git(project: Path, *args: str, stdin: bytes | None = None, env: dict | None = None) -> bytes:
    run = subprocess.run(
        ["git", *args], cwd=project, input=stdin, capture_output=True, check=False, env=env
    )
    if run.returncode != 0:
        msg = f"git {' '.join(args)} failed: {run.stderr.decode(errors='replace').strip()}"
        raise BuildError(msg)
    return run.stdout


def branch_file(project: Path, path: str) -> bytes | None:
    """A file of the gh-pages branch, or None when it has none."""
    run = subprocess.run(
        ["git", "show", f"{BRANCH}:{path}"], cwd=project, capture_output=True, check=False
    )
    return run.stdout if run.returncode == 0 else None


def branch_folder(project: Path, path: str) -> list[str]:
    """The names of the files directly in a folder of the gh-pages branch."""
    listing = git(project, "ls-tree", "--name-only", f"{BRANCH}:{path}")
    return sorted(listing.decode().splitlines())


def commit_files(project: Path, files: dict[str, bytes], message: str) -> None:
    """Commit files onto the gh-pages branch without touching the checkout (as mike does):
    a private index holds the branch's tree plus the files, committed on top of it."""
    if not files:
        return
    with tempfile.TemporaryDirectory(prefix="paramatlas-index-") as work:
        env = {**git_env(), "GIT_INDEX_FILE": str(Path(work) / "index")}
        git(project, "read-tree", BRANCH, env=env)
        for path, content in sorted(files.items()):
            blob = git(project, "hash-object", "-w", "--stdin", stdin=content).decode().strip()
            git(project, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
        tree = git(project, "write-tree", env=env).decode().strip()
        parent = git(project, "rev-parse", BRANCH).decode().strip()
        if git(project, "rev-parse", f"{parent}^{{tree}}").decode().strip() == tree:
            return  # nothing new: a re-run leaves the branch as it was
        commit = git(project, "commit-tree", tree, "-p", parent, "-m", message, env=env)
        git(project, "update-ref", f"refs/heads/{BRANCH}", commit.decode().strip(), parent)
