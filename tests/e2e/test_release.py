"""Two releases of a small report, built with mike into a local repository with no remote."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from paramatlas.charts.common import CHART_DIGITS
from paramatlas.cli import main
from paramatlas.present import fmt_b
from tests.conftest import FIXTURES, ROOT, without_progress

GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
SITE_URL = "https://example.org/paramatlas/"
REPOSITORY = "example/atlas"
CFFCONVERT = ROOT / "tools" / "cffconvert" / ".venv" / "bin" / "cffconvert"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        [*GIT, *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("release") / "repo"
    repo.mkdir()
    shutil.copytree(FIXTURES / "data_min", repo / "data")
    shutil.copy(ROOT / "CITATION.cff", repo)
    git(repo, "init", "-q")
    git(repo, "remote", "add", "origin", f"git@github.com:{REPOSITORY}.git")  # never pushed to
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "data")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(repo)
        mp.setenv("PARAMATLAS_SITE_URL", SITE_URL)
        assert main(["release", "2026.10", "--date", "2026-10-01", "--deploy"]) == 0
        run = repo / "data/results/secret-x/r1.json"
        run.write_text(run.read_text().replace('"correct": 9,', '"correct": 7,'))
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "a corrected run")
        assert main(["release", "2026.11", "--date", "2026-11-01", "--deploy"]) == 0
    site = repo.parent / "gh-pages"
    site.mkdir()
    archive = subprocess.run(
        ["git", "archive", "gh-pages"], cwd=repo, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(site)], input=archive, check=True)
    return repo


def ledger(repo: Path, version: str) -> dict:
    return json.loads((repo / f"data/releases/{version}.json").read_text())


def test_versions_and_the_latest_alias(released: Path) -> None:
    site = released.parent / "gh-pages"
    versions = json.loads((site / "versions.json").read_text())
    assert [(v["version"], v["aliases"]) for v in versions] == [
        ("2026.11", ["latest"]),
        ("2026.10", []),
    ]
    assert (site / "2026.10/models/secret-x/index.html").is_file()  # a release stays put
    html = (site / "2026.11/index.html").read_text()
    assert '"version": {"provider": "mike"}' in html  # the version selector is on
    assert "Report 2026.11-dev" not in html or "2026.11" in html


def test_a_release_is_never_rewritten(
    released: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(released)
    assert main(["release", "2026.11", "--date", "2026-11-02"]) == 1
    assert (
        "releases/2026.11.json: (file): this version was released already"
        in capsys.readouterr().err
    )


def test_changes_page_shows_the_move_and_why(released: Path) -> None:
    before = ledger(released, "2026.10")["models"]["secret-x"]["estimate"]["params_B"]
    after = ledger(released, "2026.11")["models"]["secret-x"]["estimate"]["params_B"]
    page = (released.parent / "gh-pages/2026.11/releases/2026.11/index.html").read_text()
    assert f"×{after / before:.3g}" in page
    assert f"{fmt_b(before)}</td>" in page and f"{fmt_b(after)}</td>" in page
    assert "runs changed: r1" in page  # secret-x is not in the cohort: its own counts moved it
    assert "tiny-1b" not in page.split("<tbody>")[1]  # unchanged models are not listed


def test_model_page_history(released: Path) -> None:
    page = (released.parent / "gh-pages/2026.11/models/secret-x/index.html").read_text()
    assert page.count("releases/2026.10/") >= 1 and page.count("releases/2026.11/") >= 1
    estimates = [
        ledger(released, v)["models"]["secret-x"]["estimate"]["params_B"]
        for v in ("2026.10", "2026.11")
    ]
    assert all(fmt_b(p) in page for p in estimates)
    spec = json.loads(page.split('id="chart-history-spec">')[1].split("</script>")[0])
    assert [r["release"] for r in spec["datasets"]["history"]] == [
        "2026.10",
        "2026.11",
        "this build",
    ]
    # Chart data carry CHART_DIGITS significant digits.
    assert [r["params_B"] for r in spec["datasets"]["history"]][:2] == [
        float(f"{e:.{CHART_DIGITS}g}") for e in estimates
    ]


def test_downloads_match_the_pages(released: Path) -> None:
    site = released.parent / "gh-pages/2026.11"
    data = json.loads((site / "downloads/estimates.json").read_text())
    for slug in ("secret-x", "mid-100b"):
        estimate = data["models"][slug]["ikp_reading"]
        # Read past the hover definitions (<abbr>) the terms carry.
        page = re.sub(r"</?abbr[^>]*>", "", (site / f"models/{slug}/index.html").read_text())
        shown = re.search(
            r"IKP (estimate of total parameters|reading, not a usable size): (\S+)<", page
        )
        assert shown and shown[2] == fmt_b(estimate["params_B"]), slug
        answer = data["models"][slug]["answer"]
        assert f"Best estimate: {answer['estimate_text']}" in page, slug
    csv_rows = (site / "downloads/estimates.csv").read_text().splitlines()
    assert csv_rows[0].startswith("model,name,method,label,params_B")
    feed = (site / "feed.xml").read_text()
    assert "<title>paramatlas 2026.11</title>" in feed and "secret-x: ×" in feed


def published(released: Path) -> Path:
    return released.parent / "gh-pages"


def addresses(site: Path) -> set[str]:
    """Every absolute address the published files give a reader or a crawler: feed entries
    and their own links, sitemap entries, the schema's id."""
    found: set[str] = set()
    for feed in ("feed.xml", "latest/feed.xml", "2026.11/feed.xml", "2026.10/feed.xml"):
        text = (site / feed).read_text()
        found |= set(re.findall(r'<link (?:rel="self" )?href="([^"]+)"', text))
        assert f'<link rel="self" href="{SITE_URL}{feed}"/>' in text  # each names itself
    for sitemap in ("sitemap.xml", "2026.11/sitemap.xml"):
        found |= set(re.findall(r"<loc>([^<]+)</loc>", (site / sitemap).read_text()))
    schema = json.loads((site / "2026.11/downloads/result.schema.json").read_text())
    return found | {schema["$id"]}


def test_every_published_address_resolves_on_pages(released: Path) -> None:
    import urllib.error
    import urllib.request

    from tests.e2e.pages import serve_pages

    site = published(released)
    downloads = [p.name for p in (site / "2026.11/downloads").iterdir() if p.suffix != ".html"]
    wanted = addresses(site) | {
        f"{SITE_URL}{folder}/downloads/{name}"
        for folder in ("latest", "2026.11")
        for name in downloads
    }
    assert all(url.startswith(SITE_URL) for url in wanted)
    assert f"{SITE_URL}feed.xml" in wanted  # the feed names its stable address
    # The stable addresses: the feed and the sitemap index at the root, the latest feed.
    wanted |= {f"{SITE_URL}{name}" for name in ("feed.xml", "sitemap.xml", "latest/feed.xml")}
    with serve_pages(site, "paramatlas") as local:
        for url in sorted(wanted):
            with urllib.request.urlopen(url.replace(SITE_URL, local)) as answer:  # follows 301s
                assert answer.status == 200, url
        with pytest.raises(urllib.error.HTTPError) as miss:
            urllib.request.urlopen(local + "no/such/page/")
        assert miss.value.code == 404 and b"stylesheets" in miss.value.read()


def test_a_miss_and_the_versions_work_in_a_browser(released: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import ARGS, CHROMIUM
    from tests.e2e.pages import serve_pages

    with serve_pages(published(released), "paramatlas") as local, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.goto(local)
        page.wait_for_url("**/paramatlas/2026.11/")  # root → latest → the newest version
        page.wait_for_selector(".md-version__current")
        versions = page.locator(".md-version__link").evaluate_all(
            "links => links.map(a => a.textContent.trim())"
        )
        assert versions == ["2026.11", "2026.10"]
        page.goto(local + "2026.11/models/secret-x/")
        page.locator("#chart-history").scroll_into_view_if_needed()
        page.wait_for_selector("#chart-history svg.marks", timeout=60_000)
        # A miss anywhere under the project: the root 404 page, styled, with search and the
        # version selector working, and nothing else it asks for missing.
        failed: list[str] = []
        miss = browser.new_page()
        miss.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        answer = miss.goto(local + "2026.11/models/no-such-model/")
        assert answer is not None and answer.status == 404
        miss.wait_for_selector(".md-version__current")
        miss.locator("label.md-search__icon, .md-search__input").first.click()
        miss.locator("input.md-search__input").press_sequentially("Secret", delay=20)
        miss.locator(".md-search-result__link").first.wait_for(timeout=60_000)
        color = miss.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        assert color in {"sticky", "fixed"}  # the theme's stylesheet was applied
        assert failed == [f"404 {local}2026.11/models/no-such-model/"]
        browser.close()


def test_github_pages_gets_no_symlink_and_a_root_that_leads_to_latest(released: Path) -> None:
    site = released.parent / "gh-pages"
    assert not [p for p in site.rglob("*") if p.is_symlink()]
    assert "2026.11" in (site / "latest" / "index.html").read_text()  # a redirect page
    assert "latest" in (site / "index.html").read_text()  # the root redirects from day one


def test_pages_carry_the_release_version(released: Path) -> None:
    site = released.parent / "gh-pages"
    for version in ("2026.10", "2026.11"):
        html = (site / version / "index.html").read_text()
        assert f"Report {version} ·" in html and "-dev" not in html
        data = json.loads((site / version / "downloads/estimates.json").read_text())
        assert data["report_version"] == version


def test_feed_and_sitemap_follow_their_standards(released: Path) -> None:
    import feedparser

    site = released.parent / "gh-pages" / "2026.11"
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.author and parsed.feed.updated.startswith("2026-11-01")
    assert parsed.entries and all(e.id.startswith(SITE_URL) for e in parsed.entries)
    urls = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text())
    assert urls and all(u.startswith(f"{SITE_URL}2026.11/") for u in urls)
    for url in urls:
        path = site / url.removeprefix(f"{SITE_URL}2026.11/")
        assert (path / "index.html").is_file() or path.is_file(), url


def test_a_failed_deploy_can_be_retried(
    released: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from paramatlas.build import BuildError
    from paramatlas.cli import site

    def fail(*args: object) -> None:
        msg = "mike failed: remote rejected"
        raise BuildError(msg)

    monkeypatch.chdir(released)
    monkeypatch.setenv("PARAMATLAS_SITE_URL", SITE_URL)
    monkeypatch.setattr(site, "deploy", fail)
    assert main(["release", "2026.12", "--date", "2026-12-01", "--deploy"]) == 1
    assert "mike failed" in capsys.readouterr().err
    assert not (released / "data/releases/2026.12.json").exists()  # nothing half-released


def test_gh_pages_pushed_to_a_bare_remote_has_no_symlink(released: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(released, "push", "-q", str(remote), "gh-pages")
    tree = git(remote, "ls-tree", "-r", "gh-pages")
    modes = {line.split()[0] for line in tree.splitlines()}
    assert "120000" not in modes and {"100644"} <= modes  # no symlink, only plain files
    assert "latest/index.html" in tree and "2026.11/index.html" in tree


def test_deploying_needs_the_site_address(
    released: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A project site lives under /<repository>/: without its address the 404 page, the feed
    and the sitemap would point at the domain's root."""
    monkeypatch.chdir(released)
    monkeypatch.delenv("PARAMATLAS_SITE_URL", raising=False)
    before = git(released, "rev-parse", "gh-pages")
    assert main(["deploy", "dev"]) == 1
    assert "PARAMATLAS_SITE_URL" in capsys.readouterr().err
    assert git(released, "rev-parse", "gh-pages") == before


def test_an_interrupted_release_converges(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """A release killed during its deploy leaves its ledger: the same command runs again and
    finishes the release; other content under that version is still refused."""
    repo = tmp_path / "repo"
    shutil.copytree(released, repo)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("PARAMATLAS_SITE_URL", SITE_URL)
    assert main(["release", "2026.12", "--date", "2026-12-01"]) == 0  # then killed
    assert main(["release", "2026.12", "--date", "2026-12-01", "--deploy"]) == 0
    assert "kept data/releases/2026.12.json" in capsys.readouterr().out
    versions = json.loads(git(repo, "show", "gh-pages:versions.json"))
    assert [v["version"] for v in versions][:1] == ["2026.12"]
    assert main(["release", "2026.12", "--date", "2026-12-02", "--deploy"]) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["release", "2026.13", "--date", "2026-12-01"], "is not one"),
        (["release", "2026.9", "--date", "2026-09-01"], "does not come after 2026.11"),
        (["release", "2026.09", "--date", "2026-12-01"], "no leading zero"),
        (["release", "2026.12", "--date", "2026-10-15"], "does not come after 2026.11"),
        (["deploy", "latest"], "expected a calendar version"),
        (["deploy", "2026.12", "--alias", "2026.11"], "not a version name"),
    ],
)
def test_releases_and_versions_move_forward(
    released: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    words: str,
) -> None:
    """An older version or date would move `latest` backwards; a month 13 or a version named
    like an alias would sit beside the real ones."""
    monkeypatch.chdir(released)
    monkeypatch.setenv("PARAMATLAS_SITE_URL", SITE_URL)
    before = git(released, "rev-parse", "gh-pages")
    assert main(args) == 1
    assert words in capsys.readouterr().err
    assert sorted(p.name for p in (released / "data/releases").iterdir()) == [
        "2026.10.json",
        "2026.11.json",
    ]
    assert git(released, "rev-parse", "gh-pages") == before


def test_a_release_without_an_address_writes_nothing(
    released: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(released)
    monkeypatch.delenv("PARAMATLAS_SITE_URL", raising=False)
    assert main(["release", "2026.12", "--date", "2026-12-01", "--deploy"]) == 1
    captured = capsys.readouterr()
    assert "PARAMATLAS_SITE_URL" in captured.err and "wrote" not in captured.out
    assert not (released / "data/releases/2026.12.json").exists()


def bibtex_fields(entry: str) -> dict[str, str]:
    """A BibTeX entry's fields, braces and spacing aside."""
    found = re.findall(r"^\s*(\w+)\s*=\s*\{+(.*?)\}+,?\s*$", entry, flags=re.M)
    return {name: value for name, value in found}


def test_a_release_is_citable_as_it_was_released(released: Path) -> None:
    """CITATION.cff names the last release (version, date, address, repository); it is valid
    CFF, and the BibTeX cffconvert makes of it is the site's citation.bib of that release."""
    assert CFFCONVERT.is_file(), "cffconvert is installed by `make test` (tools/cffconvert)"
    cff = yaml.safe_load((released / "CITATION.cff").read_text())
    assert (cff["version"], cff["date-released"]) == ("2026.11", "2026-11-01")
    assert cff["url"] == f"{SITE_URL}2026.11/"
    assert cff["repository-code"] == f"https://github.com/{REPOSITORY}"
    kept = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["references"] == kept["references"] and cff["license"] == kept["license"]
    cffconvert = [str(CFFCONVERT), "-i", str(released / "CITATION.cff")]
    check = subprocess.run([*cffconvert, "--validate"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    converted = subprocess.run([*cffconvert, "-f", "bibtex"], capture_output=True, text=True)
    theirs = bibtex_fields(converted.stdout)
    site = released.parent / "gh-pages"
    ours = bibtex_fields((site / "2026.11/downloads/citation.bib").read_text())
    assert theirs and {k: ours[k] for k in theirs} == theirs
    assert ours["version"] == "2026.11"
    page = (site / "2026.11/models/secret-x/index.html").read_text()
    assert f"author = {{{{{cff['authors'][0]['name']}}}}}" in html.unescape(page)
    assert "year = {2026}" in html.unescape(page)


@pytest.mark.parametrize("text", ["cff-version: [1.2.0\n", "- a list\n"])
def test_an_unreadable_citation_file_stops_the_release_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    shutil.copytree(FIXTURES / "data_min", tmp_path / "data")
    (tmp_path / "CITATION.cff").write_text(text)
    monkeypatch.chdir(tmp_path)
    assert main(["release", "2026.10", "--date", "2026-10-01"]) == 1
    (err,) = without_progress(capsys.readouterr().err)
    assert err.startswith(f"error: {tmp_path / 'CITATION.cff'}: not ")
    assert not (tmp_path / "data" / "releases").exists()
    assert (tmp_path / "CITATION.cff").read_text() == text
