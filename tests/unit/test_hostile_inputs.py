"""A corpus of hostile contributions: each is refused by file and field with exit code 1, never
a traceback, a hang or a read outside the data folder. The most dangerous also run as a real
process under a memory and time limit, so a blow-up fails the test instead of the machine."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT

RUN = "results/tiny-1b/r1.json"


def text(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def write(data: Path) -> None:
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return write


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        path = data / rel
        body = path.read_text(encoding="utf-8")
        assert old in body, old
        path.write_text(body.replace(old, new, 1), encoding="utf-8")

    return edit


def result(**change: object) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        path = data / RUN
        path.write_text(json.dumps(json.loads(path.read_text()) | change))

    return edit


def symlink(rel: str, target: str) -> Callable[[Path], None]:
    def link(data: Path) -> None:
        (data / rel).symlink_to(target)

    return link


def folder_linked_out(rel: str) -> Callable[[Path], None]:
    """The folder rel moved out of the data folder, a link to it left in its place."""

    def move(data: Path) -> None:
        outside = data.parent / "outside"
        (data / rel).rename(outside)
        (data / rel).symlink_to(outside)

    return move


def folder(rel: str) -> Callable[[Path], None]:
    return lambda data: (data / rel).mkdir(parents=True)


def fifo(rel: str) -> Callable[[Path], None]:
    return lambda data: os.mkfifo(data / rel)


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
ALIAS_BOMB += "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("bcdefgh", "cdefghi", strict=True)
)

CASES = [
    (
        "accelerator preset with a negative bandwidth",
        text(
            "accelerators.yaml",
            "accelerators:\n  - name: X\n    memory_GB: 80\n    bandwidth_TBps: -3\n"
            "    citation: {text: a datasheet}\n",
        ),
        "accelerators.yaml",
        "accelerators[0].bandwidth_TBps",
        "expected a value > 0",
    ),
    (
        "byte-order mark on JSON",
        lambda data: (data / RUN).write_bytes(b"\xef\xbb\xbf" + (data / RUN).read_bytes()),
        RUN,
        "(file)",
        "starts with a byte-order mark",
    ),
    (
        "byte-order mark on YAML",
        lambda data: (data / "site.yaml").write_bytes(
            b"\xef\xbb\xbf" + (data / "site.yaml").read_bytes()
        ),
        "site.yaml",
        "(file)",
        "starts with a byte-order mark",
    ),
    (
        "duplicate key in JSON",
        text(RUN, '{"model": "tiny-1b", "model": "x"}'),
        RUN,
        "(file)",
        "appears twice",
    ),
    (
        "duplicate key in YAML",
        replace("site.yaml", "title: paramatlas test", "title: a\ntitle: b"),
        "site.yaml",
        "(file)",
        "appears twice",
    ),
    (
        "YAML alias bomb",
        text("site.yaml", ALIAS_BOMB),
        "site.yaml",
        "(file)",
        "aliases are not allowed",
    ),
    (
        "YAML anchor",
        replace("site.yaml", "title: paramatlas test", "title: &t paramatlas"),
        "site.yaml",
        "(file)",
        "anchors",
    ),
    (
        "YAML tab indentation",
        text("site.yaml", "title: x\n\treport_version: 1\n"),
        "site.yaml",
        "(file)",
        "invalid YAML at line 2",
    ),
    (
        "boolean as a size",
        replace("models.yaml", "params_B: 10,", "params_B: true,"),
        "models.yaml",
        "models[slug=small-10b].params_B",
        "got true",
    ),
    (
        "number as open",
        replace("models.yaml", "open: true, params_B: 10,", "open: 1, params_B: 10,"),
        "models.yaml",
        "models[slug=small-10b].open",
        "true or false",
    ),
    (
        "version as a number",
        replace("site.yaml", "report_version: test-1", "report_version: 2026.11"),
        "site.yaml",
        "report_version",
        "got 2026.11",
    ),
    (
        "release date of 1926",
        replace("models.yaml", "release_date: 2026-01-15", "release_date: 1926-01-15"),
        "models.yaml",
        "models[slug=secret-x].release_date",
        "2015-01-01",
    ),
    ("February 30", result(date="2026-02-30"), RUN, "date", "expected a date"),
    ("date far ahead", result(date="2206-01-01"), RUN, "date", "2035-12-31"),
    ("null file", text(RUN, "null"), RUN, "(file)", "empty or null"),
    ("empty JSON file", text(RUN, ""), RUN, "(file)", "invalid JSON"),
    ("empty registry", text("models.yaml", ""), "models.yaml", "(file)", "empty or null"),
    ("list instead of object", text(RUN, "[1, 2]"), RUN, "(file)", ""),
    ("string instead of object", text(RUN, '"tiny-1b"'), RUN, "(file)", ""),
    ("deep nesting", text(RUN, "[" * 100_000 + "]" * 100_000), RUN, "(file)", ""),
    ("binary YAML", text("site.yaml", b"title: \x00\x01\x02"), "site.yaml", "(file)", ""),
    (
        "broken symlink",
        symlink("results/tiny-1b/r2.json", "nowhere.json"),
        "results/tiny-1b/r2.json",
        "(file)",
        "broken symbolic link",
    ),
    (
        "symlink out of the data",
        symlink("results/tiny-1b/r2.json", "/etc/hostname"),
        "results/tiny-1b/r2.json",
        "(file)",
        "outside the data folder",
    ),
    (
        "results folder linked out of the data",
        folder_linked_out("results"),
        "results/tiny-1b/r1.json",
        "(file)",
        "outside the data folder",
    ),
    (
        "folder where a file belongs",
        folder("results/tiny-1b/r2.json"),
        "results/tiny-1b/r2.json",
        "(file)",
        "a folder where",
    ),
    (
        "pipe where a file belongs",
        fifo("results/tiny-1b/r2.json"),
        "results/tiny-1b/r2.json",
        "(file)",
        "not a regular file",
    ),
    (
        "registry is a folder",
        lambda d: ((d / "models.yaml").unlink(), (d / "models.yaml").mkdir()),
        "models.yaml",
        "(file)",
        "a folder where",
    ),
    ("site missing", lambda d: (d / "site.yaml").unlink(), "site.yaml", "(file)", "missing"),
    (
        "slug in capitals",
        replace("models.yaml", "slug: odd-50b", "slug: Odd-50B"),
        "models.yaml",
        "models[slug=Odd-50B].slug",
        "lowercase",
    ),
    (
        "unknown probe set",
        result(
            scoring={
                "probes": "all-2000",
                "researcher_verdicts": "3-way",
                "query_errors": "excluded",
            }
        ),
        RUN,
        "scoring.probes",
        "all-2000",
    ),
    (
        "unknown verdict scheme",
        result(
            scoring={
                "probes": "clean-1311",
                "researcher_verdicts": "5-way",
                "query_errors": "excluded",
            }
        ),
        RUN,
        "scoring.researcher_verdicts",
        "5-way",
    ),
    (
        "ledger that is not JSON",
        text("releases/2026.11.json", "{"),
        "releases/2026.11.json",
        "(file)",
        "invalid JSON",
    ),
    (
        "calibration with a duplicate key",
        replace("calibration/mini.yaml", "name: mini", "name: mini\nname: mini"),
        "calibration/mini.yaml",
        "(file)",
        "appears twice",
    ),
    (
        "stray file in results",
        text("results/tiny-1b/notes.txt", "hello"),
        "results/tiny-1b/notes.txt",
        "(file)",
        "not a data file",
    ),
]


@pytest.mark.parametrize(
    ("setup", "file", "field", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_hostile_contribution_is_named(data_min: Path, run_cli, setup, file, field, words) -> None:
    setup(data_min)
    code, out, err = run_cli("--data", str(data_min), "validate")
    assert code == 1 and out == "" and "Traceback" not in err
    named = [line for line in err.splitlines() if line.startswith(f"{file}: {field}")]
    assert named, err
    assert words in "\n".join(named), err


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


@pytest.mark.parametrize("name", ["YAML alias bomb", "deep nesting", "pipe where a file belongs"])
def test_the_worst_cases_run_under_limits(data_min: Path, name: str) -> None:
    setup, file = next((c[1], c[2]) for c in CASES if c[0] == name)
    setup(data_min)
    run = subprocess.run(
        [sys.executable, "-m", "paramatlas", "--data", str(data_min), "validate"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, preexec_fn=_limited, check=False,
    )  # fmt: skip
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"{file}: ") or f"\n{file}: " in run.stderr


def test_the_corpus_is_large_enough() -> None:
    from tests.unit.test_load_validate import RAW_CASES, RESULT_CASES

    assert len(CASES) + len(RAW_CASES) + len(RESULT_CASES) >= 40


def test_spreadsheet_formulas_from_data_stay_text(data_min: Path) -> None:
    import csv
    import io

    from paramatlas.build import load_report
    from paramatlas.downloads import downloads

    registry = data_min / "models.yaml"
    registry.write_text(registry.read_text().replace("name: Tiny 1B", "name: \"=HYPERLINK('x')\""))
    rows = list(
        csv.DictReader(io.StringIO(downloads(load_report(data_min))["downloads/estimates.csv"]))
    )
    names = {r["name"] for r in rows if r["model"] == "tiny-1b"}
    assert names == {"'=HYPERLINK('x')"}
    assert all(not v.startswith(("=", "+", "@")) for r in rows for v in r.values())
