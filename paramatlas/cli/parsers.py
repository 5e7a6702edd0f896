"""Every subcommand's arguments, and which function runs it. Nothing heavy is imported here:
a command's module (numbers, estimates, the site) is loaded only when the command runs, so
`--help` and `--version` answer at once."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeAlias

from paramatlas.names import ANALYSES, DEFAULT_JUDGE

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_validate(sub: Subparsers) -> None:
    s = sub.add_parser("validate", help="check data files; print every problem and exit 1")
    s.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or folders to check (default: the whole data folder); a result "
        "file outside the data folder is checked against its registry",
    )
    s.set_defaults(command=("data", "cmd_validate"))


def add_import(sub: Subparsers) -> None:
    s = sub.add_parser("import", help="convert an upstream per-probe result file into data/")
    s.add_argument("file", type=Path, help="upstream evaluator or estimator result JSON")
    s.add_argument("--model", required=True, help="the model's slug in models.yaml")
    _add_import_scoring(s)
    s.add_argument("--run-id", help="default: <date>-clean1311, -all1400-v2 or -all1400-3way")
    s.add_argument("--date", help="YYYY-MM-DD, when the file does not say")
    s.add_argument(
        "--judge",
        help=f"the judge model's id, when the file does not name it (default: {DEFAULT_JUDGE}, "
        "the IKP scripts' default judge; the result's source then says it was assumed)",
    )
    s.add_argument("--workers", type=int, help="parallel workers the run used")
    s.add_argument("--source-url", help="where the per-probe file is published")
    s.add_argument("--dry-run", action="store_true", help="print the result instead of writing")
    s.add_argument("--force", action="store_true", help="replace an existing run")
    s.set_defaults(command=("data", "cmd_import"))


def _add_import_scoring(s: argparse.ArgumentParser) -> None:
    s.add_argument(
        "--v2",
        type=Path,
        help="4-way re-judging of the researcher probes "
        "(gives the all-1400, 4-way count set of ikp-refit-v2)",
    )
    s.add_argument(
        "--all-probes",
        action="store_true",
        help="count all 1,400 probes with 3-way verdicts (the estimator script's scoring) "
        "instead of the cleaned subset",
    )


def add_import_upstream(sub: Subparsers) -> None:
    s = sub.add_parser("import-upstream", help="import the IKP data pack into data/")
    s.add_argument("pack", type=Path, help="the pack's folder (ikp-upstream)")
    s.set_defaults(command=("data", "cmd_import_upstream"))


def add_init(sub: Subparsers) -> None:
    s = sub.add_parser(
        "init",
        help="start a new site's folder from the IKP data pack",
        description="Start a new site's folder: the IKP data pack imported into FOLDER/data "
        "(registry, count sets, both calibrations), the site's settings and a .gitignore. "
        "FOLDER must be new or empty; nothing is overwritten.",
    )
    s.add_argument("folder", type=Path, help="the new site's folder")
    s.add_argument("pack", type=Path, help="the IKP data pack's folder (ikp-upstream)")
    s.add_argument("--title", default="paramatlas", help="the site's title (default: paramatlas)")
    s.set_defaults(command=("data", "cmd_init"))


def _add_fit_options(s: argparse.ArgumentParser) -> None:
    """The options fit and estimate share: which calibration, at which λ, as JSON or not."""
    s.add_argument("--calibration", help="calibration name (default: the site's default)")
    s.add_argument(
        "--lambda",
        dest="lam",
        type=float,
        default=None,
        help="hallucination penalty λ in [−5, 0] (default: the headline λ)",
    )
    s.add_argument("--json", action="store_true", help="print one JSON object")


def add_fit(sub: Subparsers) -> None:
    s = sub.add_parser("fit", help="fit a calibration at any λ")
    _add_fit_options(s)
    s.set_defaults(command=("numbers", "cmd_fit"))


def add_estimate(sub: Subparsers) -> None:
    s = sub.add_parser(
        "estimate",
        help="a model's answer, as its page gives it: best estimate, plausible range, grade",
    )
    s.add_argument("slug", help="the model's slug in models.yaml")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(command=("numbers", "cmd_estimate"))


def add_ikp(sub: Subparsers) -> None:
    s = sub.add_parser(
        "ikp",
        help="one IKP reading of a model: any calibration, λ or run (evidence, not the answer)",
    )
    s.add_argument("slug", help="the model's slug in models.yaml")
    _add_fit_options(s)
    s.add_argument("--run", help="read this run (default: the one the calibration reads)")
    s.add_argument(
        "--as-published",
        action="store_true",
        help="read the run the way its source did: with the calibration it names, even "
        "when its scoring or λ does not match (the estimate is flagged)",
    )
    s.set_defaults(command=("numbers", "cmd_ikp"))


def add_benchmark_fit(sub: Subparsers) -> None:
    s = sub.add_parser("benchmark-fit", help="regress log10 size on one benchmark's scores")
    s.add_argument("benchmark", help="benchmark id, e.g. mmlu, mmlu_pro, gpqa_diamond, simpleqa")
    s.add_argument("--json", action="store_true", help="print one JSON object (the default)")
    s.set_defaults(command=("numbers", "cmd_benchmark_fit"))


def add_arch(sub: Subparsers) -> None:
    s = sub.add_parser("arch", help="count a transformer's parameters from its config.json")
    s.add_argument("config", type=Path, help="a Hugging Face-style config.json")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(command=("numbers", "cmd_arch"))


def add_compute(sub: Subparsers) -> None:
    s = sub.add_parser("compute", help="training compute of one model and its 1e25 FLOP status")
    s.add_argument("slug", help="the model's slug in models.yaml")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(command=("numbers", "cmd_compute"))


def add_analysis(sub: Subparsers) -> None:
    s = sub.add_parser("analysis", help="the numbers of one analysis page, as JSON")
    s.add_argument("name", choices=ANALYSES, help="which analysis")
    s.set_defaults(command=("numbers", "cmd_analysis"))


def add_case_study(sub: Subparsers) -> None:
    s = sub.add_parser("case-study", help="every derived number of a case study, as JSON")
    s.add_argument("name", help="the case study's name (data/case-studies/<name>.yaml)")
    s.add_argument("--json", action="store_true", help="print one JSON object (the default)")
    s.set_defaults(command=("numbers", "cmd_case_study"))


def add_generate(sub: Subparsers) -> None:
    s = sub.add_parser("generate", help="write the site's Markdown pages and assets")
    s.add_argument("--out", type=Path, help="docs folder (default: ./generated)")
    s.set_defaults(command=("site", "cmd_generate"))


def add_build(sub: Subparsers) -> None:
    s = sub.add_parser("build", help="generate, then build the site with mkdocs (or Zensical)")
    s.add_argument("--out", type=Path, default=Path("site"), help="site folder (default: site)")
    s.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="what turns the pages into the site: mkdocs with Material for MkDocs (default), "
        "or Zensical, its successor",
    )
    s.set_defaults(command=("site", "cmd_build"))


def add_release(sub: Subparsers) -> None:
    s = sub.add_parser("release", help="record a release ledger (and deploy it with mike)")
    s.add_argument("version", help="calendar version, e.g. 2026.11")
    s.add_argument("--date", help="YYYY-MM-DD (default: the date of the last git commit)")
    s.add_argument(
        "--deploy",
        action="store_true",
        help="also publish it with mike under VERSION and move the latest alias",
    )
    s.set_defaults(command=("site", "cmd_release"))


def add_compare(sub: Subparsers) -> None:
    s = sub.add_parser(
        "compare",
        help="Markdown summary of estimates and flags that differ "
        "from another data folder (a pull request's base)",
    )
    s.add_argument("base", type=Path, help="the base branch's data folder")
    s.set_defaults(command=("site", "cmd_compare"))


def add_deploy(sub: Subparsers) -> None:
    s = sub.add_parser("deploy", help="publish the site with mike under a version")
    s.add_argument("version", help="a version name, e.g. dev or 2026.11")
    s.add_argument("--alias", action="append", default=[], help="aliases to move (repeatable)")
    s.set_defaults(command=("site", "cmd_deploy"))
