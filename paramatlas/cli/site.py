"""Commands that write, build, release, deploy and compare the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paramatlas.build import (
    GENERATED,
    BuildError,
    Say,
    build,
    generate,
    git_date,
    load_report,
    origin_remote,
)
from paramatlas.citation import released_cff, repository_address
from paramatlas.cli.common import cache, project_root
from paramatlas.environment import Address
from paramatlas.errors import DataErrors
from paramatlas.publish import ADDRESS_NEEDED, deploy
from paramatlas.readings import EstimateError
from paramatlas.release import make_ledger, write_ledger
from paramatlas.summary import compare_markdown, errors_markdown, refit_lines, run_lines
from paramatlas.views.report import Report


def progress(args: argparse.Namespace) -> Say | None:
    """Where long commands say what they have done: a line per stage on standard error
    (standard output keeps the result alone), none with --quiet."""
    if args.quiet:
        return None
    return lambda line: print(
        f"paramatlas {args.command_name}: {line}", file=sys.stderr, flush=True
    )


def cmd_generate(args: argparse.Namespace) -> int:
    out = args.out or project_root() / GENERATED
    report = generate(args.data, project_root(), out, cache(args), say=progress(args))
    print(f"generated {len(report.models)} model pages into {out}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    report = build(
        args.data, project_root(), args.out, cache(args), say=progress(args), engine=args.engine
    )
    print(f"built {len(report.models)} model pages into {args.out} ({report.stamp})")
    if report.address.root is None:
        print(
            "no sitemap and relative links: the site's address is unknown "
            f"(set PARAMATLAS_SITE_URL or site_url in {args.data / 'site.yaml'})"
        )
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    project = project_root()
    date = args.date or git_date(args.data)
    if date is None:
        msg = "no --date given and no git commit to date the release from"
        raise EstimateError(msg)
    report = load_report(args.data, version=args.version, say=progress(args))
    if args.deploy and report.address.root is None:  # refused before anything is written
        raise BuildError(ADDRESS_NEEDED)
    citation = release_citation(project, report, args.version, date)  # checked before, too
    path, written = write_ledger(report, args.data, args.version, date)
    print(f"wrote {path}" if written else f"kept {path}: the same ledger was written before")
    if args.deploy:
        try:
            deploy(args.data, project, args.version, ["latest"], progress(args))
        except BaseException:  # a failure or Ctrl-C: the ledger written just now goes again
            if written:
                path.unlink()
            raise
        print(f"deployed {args.version} (alias latest) to the gh-pages branch")
    if citation:
        citation[0].write_text(citation[1], encoding="utf-8")
        print(f"updated {citation[0].name}: version {args.version}, released {date}")
    return 0


def release_citation(
    project: Path, report: Report, version: str, date: str
) -> tuple[Path, str] | None:
    """CITATION.cff (where the working folder has one) as it names this release: its version,
    date, address and the repository's (from git's origin remote)."""
    path = project / "CITATION.cff"
    if not path.is_file():
        return None
    try:
        text = released_cff(
            path.read_text(encoding="utf-8"),
            version,
            date,
            Address(report.address.root, version).own,  # where mike publishes its pages
            repository_address(origin_remote(project)),
        )
    except ValueError as exc:
        msg = f"{path}: {exc}; expected the Citation File Format (cff-version 1.2.0)"
        raise EstimateError(msg) from None
    return path, text


def cmd_compare(args: argparse.Namespace) -> int:
    """The summary always speaks: when either side does not validate, its problems are the
    summary (and the exit code is 1)."""
    reports = {}
    for side, folder in (("pull request's", args.data), ("base branch's", args.base)):
        try:
            reports[side] = load_report(folder)
        except DataErrors as exc:
            print(errors_markdown(exc, side), end="")
            print(exc, file=sys.stderr)
            return 1
    head, base = reports["pull request's"], reports["base branch's"]
    ledgers = make_ledger(base, "base", ""), make_ledger(head, "head", "")
    print(compare_markdown(*ledgers, refit_lines(base, head), run_lines(base, head)), end="")
    return 0


def cmd_deploy(args: argparse.Namespace) -> int:
    deploy(args.data, project_root(), args.version, args.alias, progress(args))
    print(f"deployed {args.version} to the gh-pages branch")
    return 0
