"""The `paramatlas` command. Library code raises; only this package prints and picks exit codes.

The parser (`parsers`) imports nothing heavy; each command's module is imported when it runs."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from paramatlas.cli import parsers
from paramatlas.errors import BuildError, DataErrors, EstimateError
from paramatlas.names import VERSION as __version__

__all__ = ["main", "parser", "project_root"]

DESCRIPTION = """\
Reproducible estimates of how big large language models are: validate the data, read
any model's size, and build, release and publish the site."""
# Each example runs in the tests, from the checkout, as printed.
EXAMPLES = (
    ("paramatlas validate", "check every file under ./data"),
    ("paramatlas estimate gpt-4o", "one model's answer, as its page gives it"),
    ("paramatlas ikp gpt-4o --lambda -1", "one IKP reading, at another λ"),
    ("paramatlas compute gpt-4o", "its training compute and the 1e25 FLOP line"),
)
EPILOG = (
    "examples:\n"
    + "".join(f"  {c:36}{what}\n" for c, what in EXAMPLES)
    + """

exit codes:
  0    done
  1    a problem with the data, an estimate that cannot be made, a build or publish failure
  2    a usage error (an unknown command or option, a missing argument)
  130  interrupted (Ctrl-C): nothing was replaced
"""
)

# One adder per subcommand, in the order --help lists them.
COMMANDS: tuple[Callable[[parsers.Subparsers], None], ...] = (
    parsers.add_validate,
    parsers.add_fit,
    parsers.add_estimate,
    parsers.add_ikp,
    parsers.add_benchmark_fit,
    parsers.add_arch,
    parsers.add_compute,
    parsers.add_analysis,
    parsers.add_case_study,
    parsers.add_generate,
    parsers.add_build,
    parsers.add_release,
    parsers.add_compare,
    parsers.add_deploy,
    parsers.add_import,
    parsers.add_import_upstream,
    parsers.add_init,
)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="paramatlas",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"paramatlas {__version__}")
    add_shared(p, defaults=True)
    sub = p.add_subparsers(dest="command_name", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    for name, command in sub.choices.items():  # each command's --help opens with what it does
        if command.description is None:
            help_text = next(a.help for a in sub._choices_actions if a.dest == name)
            command.description = help_text[0].upper() + help_text[1:] + "."
        add_shared(command, defaults=False)
    return p


def add_shared(p: argparse.ArgumentParser, defaults: bool) -> None:
    """The options every command takes, before or after its name (`paramatlas --data D build`
    and `paramatlas build --data D` alike); the defaults live on the top-level parser only, so
    a command's own copy never overwrites a value given before it."""

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    p.add_argument(
        "--data",
        type=Path,
        default=default(Path("data")),
        help="the data folder to read (default: ./data)",
    )
    p.add_argument(
        "--cache",
        type=Path,
        default=default(None),
        help="keep parsed files, fits and model pages here "
        "between builds (generate and build only; default: no cache)",
    )
    p.add_argument(
        "--quiet",
        action="store_true",
        default=default(False),
        help="no progress lines on standard error (generate, build, release, deploy)",
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        module, name = args.command
        return getattr(importlib.import_module(f"paramatlas.cli.{module}"), name)(args)
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


def project_root() -> Path:
    """The working folder, which the site is built from."""
    from paramatlas.cli.common import project_root as root

    return root()
