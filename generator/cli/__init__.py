"""The `paramatlas` command. Library code raises; only this package prints and picks exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from generator import __version__
from generator.build import BuildError
from generator.cli import data, numbers, site
from generator.cli.common import Subparsers, project_root
from generator.errors import DataErrors
from generator.readings import EstimateError

__all__ = ["main", "parser", "project_root"]

# The --help text predates the package; it stays word for word.
DESCRIPTION = (
    "The `paramatlas` command. Library code raises; only this module prints and picks exit codes."
)

# One adder per subcommand, in the order --help lists them.
COMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    data.add_validate,
    numbers.add_fit,
    numbers.add_estimate,
    numbers.add_ikp,
    numbers.add_benchmark_fit,
    numbers.add_arch,
    numbers.add_compute,
    numbers.add_analysis,
    numbers.add_case_study,
    site.add_generate,
    site.add_build,
    site.add_release,
    site.add_compare,
    site.add_deploy,
    data.add_import,
    data.add_import_upstream,
)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="paramatlas", description=DESCRIPTION)
    p.add_argument("--version", action="version", version=f"paramatlas {__version__}")
    p.add_argument(
        "--data", type=Path, default=Path("data"), help="the data folder to read (default: ./data)"
    )
    p.add_argument(
        "--cache",
        type=Path,
        help="keep parsed files, fits and model pages here "
        "between builds (generate and build only; default: no cache)",
    )
    sub = p.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    except (EstimateError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was replaced", file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a read-only folder: the path and the cause
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
