"""Every `paramatlas …` command a page prints runs, and what it prints matches the page.

Commands with a placeholder (MODEL, SLUG, BENCHMARK, FILE, …) are patterns, not commands, and
commands that write files (build, generate, release, deploy, import) are run by the end-to-end
tests; every other command found on a generated or hand-written page is run here, in-process,
with the data loaded once."""

from __future__ import annotations

import argparse
import functools
import json
import re
import shlex

import pytest

from paramatlas import api
from paramatlas.build import load_report
from paramatlas.cli import common, numbers
from paramatlas.pages import render_all
from paramatlas.present import fmt_b
from tests.conftest import DATA, ROOT

# A command as Markdown prints it, or as a page written as HTML does.
COMMAND = re.compile(r"`(paramatlas [^`]+)`|<code>(paramatlas [^<]+)</code>")
WRITES = {"build", "generate", "release", "deploy", "import", "import-upstream", "init"}


def _pages() -> dict[str, str]:
    pages = render_all(load_report(DATA))
    for path in (ROOT / "paramatlas" / "site").rglob("*.md"):
        pages[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8")
    return pages


PAGES = _pages()
COMMANDS = sorted(
    {
        (page, command)
        for page, text in PAGES.items()
        for command in map("".join, COMMAND.findall(text))
        if not any(re.search(r"[A-Z\[]", token) for token in shlex.split(command))
        and shlex.split(command)[1] not in WRITES
    }
)


_load_report = functools.cache(load_report)
_estimator = functools.cache(lambda data: common.estimator(argparse.Namespace(data=data)))


@pytest.fixture(autouse=True)
def load_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands run as they would, but the data are read and checked once for all."""
    monkeypatch.setattr(numbers, "load_report", _load_report)
    monkeypatch.setattr(api, "load_report", _load_report)
    monkeypatch.setattr(numbers, "estimator", lambda args: _estimator(args.data))


def test_pages_print_commands() -> None:
    kinds = {shlex.split(c)[1] for _, c in COMMANDS}
    assert {"estimate", "ikp", "fit", "analysis", "case-study"} <= kinds, kinds
    assert len(COMMANDS) > 200


@pytest.mark.parametrize(("page", "command"), COMMANDS)
def test_printed_command_runs_and_matches_its_page(page: str, command: str, run_cli) -> None:
    args = shlex.split(command)[1:]
    code, out, err = run_cli("--data", str(DATA), *args)
    assert code == 0, f"{page}: `{command}` failed: {err}"
    text = PAGES[page]
    if args[0] == "estimate":
        assert json.loads(out)["estimate_text"].lower() in text.lower(), (page, command)
    elif args[0] == "ikp":
        assert fmt_b(json.loads(out)["params_B"]) in text, (page, command)
    elif args[0] == "fit":
        assert f"{json.loads(out)['slope']:.5f}" in text, (page, command)
    elif args[0] == "case-study":
        assert fmt_b(json.loads(out)["headline"]["params_B"]) in text, (page, command)
    elif args[0] == "analysis":
        rows = json.loads(out)
        assert rows, (page, command)
        figures = [v for row in rows for k, v in row.items() if k.endswith("_B") and v]
        assert any(fmt_b(v) in text for v in figures) or not figures, (page, command)
