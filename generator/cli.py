"""The `paramatlas` command. Library code raises; only this module prints and picks exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator import __version__, arch
from generator.analysis import ANALYSES, analysis_json
from generator.build import BuildError, build, deploy, generate, git_date, load_report
from generator.cache import Cache
from generator.errors import DataError, DataErrors
from generator.importer import convert
from generator.load import _parse, load_dataset, pydantic_errors
from generator.release import compare_markdown, make_ledger, write_ledger
from generator.report import EstimateError, Estimator
from generator.schema import ResultFile
from generator.upstream import import_pack, write_json
from generator.validate import result_errors, validate


def project_root() -> Path:
    """The checkout: the working folder when it holds mkdocs.yml, else the package's parent."""
    cwd = Path.cwd()
    return cwd if (cwd / "mkdocs.yml").is_file() else Path(__file__).resolve().parents[1]


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = args.data.resolve()
    if not args.paths:
        data = load_dataset(data_dir)
        errors = validate(data)
        if errors:
            raise DataErrors(errors)
        print(
            f"ok: {len(data.models)} models, {len(data.results)} result files, "
            f"{len(data.calibrations)} calibration(s)"
        )
        return 0
    data = load_dataset(data_dir)
    slugs = {m.slug for m in data.models}
    errors: list[DataError] = []
    inside = [p for p in args.paths if p.resolve().is_relative_to(data_dir)]
    if inside:
        wanted = {p.resolve().relative_to(data_dir).as_posix() for p in inside}
        errors += [
            e
            for e in validate(data)
            if any(e.file == w or e.file.startswith(w + "/") for w in wanted)
        ]
    for path in (p for p in args.paths if p not in inside):
        errors += check_outside_file(path.resolve(), slugs)
    if errors:
        raise DataErrors(errors)
    print(f"ok: {len(args.paths)} path(s) checked")
    return 0


def check_outside_file(path: Path, slugs: set[str]) -> list[DataError]:
    """A result file not yet in data/: schema, registry and counts."""
    errors: list[DataError] = []
    if not path.is_file():
        return [DataError(str(path), "(file)", "no such file", "a result file")]
    raw = _parse(path, path.parent, errors)
    if raw is None:
        return [DataError(str(path), e.field, e.problem, e.expected) for e in errors]
    try:
        result = ResultFile.model_validate(raw)
    except ValidationError as exc:
        return pydantic_errors(str(path), exc)
    return result_errors(str(path), result, slugs, in_data=False)


def _estimator(args: argparse.Namespace) -> Estimator:
    data = load_dataset(args.data)
    errors = validate(data)
    if errors:
        raise DataErrors(errors)
    return Estimator(data)


def cmd_fit(args: argparse.Namespace) -> int:
    est = _estimator(args)
    cal = est.fitted(args.calibration or est.data.site.default_calibration, args.lam)
    out = cal.as_json()
    if args.json:
        _print_json(out)
    else:
        for key in (
            "calibration",
            "lambda",
            "n",
            "slope",
            "intercept",
            "r_squared",
            "rmse",
            "pi90_factor",
            "loo_median_fold",
            "loo_within_2x",
            "loo_within_3x",
        ):
            print(f"{key:16} {out[key]}")
    return 0


def cmd_estimate(args: argparse.Namespace) -> int:
    est = _estimator(args)
    if args.as_published and args.run is None:
        msg = "--as-published reads one run: give it with --run"
        raise EstimateError(msg)
    if args.as_published and args.calibration is None:
        run = next((r for _, r in est.runs.get(args.slug, []) if r.run_id == args.run), None)
        if run is None or run.reported is None or run.reported.calibration is None:
            msg = f"{args.slug}/{args.run} does not say which calibration read it: give one"
            raise EstimateError(msg)
        estimate = est.as_published(run, args.lam)
    else:
        estimate = est.estimate(
            args.slug, args.calibration, args.lam, run_id=args.run, as_published=args.as_published
        )
    out = estimate.as_json()
    out["methods"] = [m.as_json() for m in load_report(args.data).methods.estimates(args.slug)]
    if args.json:
        _print_json(out)
    else:
        print(
            f"{args.slug}: {out['params_B']:.4g}B (90% band {out['low_B']:.4g}–"
            f"{out['high_B']:.4g}B; LOO band {out['loo_low_B']:.4g}–{out['loo_high_B']:.4g}B)"
            f" at λ={out['lambda']:g} with {out['calibration']}, run {out['run_id']}; flags: "
            f"{', '.join(out['flags']) or 'none'}"
        )
    return 0


def cmd_benchmark_fit(args: argparse.Namespace) -> int:
    fits = load_report(args.data).methods.benchmark_fits
    if args.benchmark not in fits:
        msg = f"no fit for benchmark {args.benchmark!r} (expected one of {sorted(fits)})"
        raise EstimateError(msg)
    _print_json(fits[args.benchmark].as_json())
    return 0


def cmd_arch(args: argparse.Namespace) -> int:
    try:
        config = json.loads(args.config.read_text(encoding="utf-8"))
        counted = arch.count(config)
    except (OSError, ValueError) as exc:
        raise DataErrors(
            [
                DataError(
                    str(args.config), "(file)", str(exc), "a config.json of a supported model type"
                )
            ]
        ) from exc
    out = {
        "total_params": counted.total,
        "active_params": counted.active,
        "tensor_sum_total": counted.tensor_sum,
        "tensors": counted.tensors,
    }
    if args.json:
        _print_json(out)
    else:
        print(
            f"{counted.total:,} parameters ({counted.active:,} active), {counted.tensors} tensors"
        )
    return 0


def cmd_compute(args: argparse.Namespace) -> int:
    report = load_report(args.data)
    if args.slug not in report.est.models:
        msg = f"no model {args.slug!r} in models.yaml"
        raise EstimateError(msg)
    out = report.methods.compute(args.slug).as_json()
    if args.json:
        _print_json(out)
    else:
        flop = f"{out['flop']:.3g} FLOP" if out["flop"] else "no estimate"
        print(f"{args.slug}: {flop}, {out['confidence']}, {out['status']} ({out['method']})")
    return 0


def cmd_analysis(args: argparse.Namespace) -> int:
    report = load_report(args.data)
    _print_json(analysis_json(report.analysis, args.name))
    return 0


def cmd_case_study(args: argparse.Namespace) -> int:
    report = load_report(args.data)
    study = next((c for c in report.analysis.case_studies if c.study.name == args.name), None)
    if study is None:
        names = [c.study.name for c in report.analysis.case_studies]
        msg = f"no case study named {args.name!r} (expected one of {names})"
        raise EstimateError(msg)
    _print_json(study.as_json())
    return 0


def _cache(args: argparse.Namespace) -> Cache | None:
    return Cache(args.cache) if args.cache else None


def cmd_generate(args: argparse.Namespace) -> int:
    project = project_root()
    out = args.out or project / "site_src" / "generated"
    report = generate(args.data, project, out, _cache(args))
    print(f"generated {len(report.models)} model pages into {out}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    report = build(args.data, project_root(), args.out, _cache(args))
    print(f"built {len(report.models)} model pages into {args.out} ({report.stamp})")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    project = project_root()
    date = args.date or git_date(project)
    if date is None:
        msg = "no --date given and no git commit to date the release from"
        raise EstimateError(msg)
    report = load_report(args.data)
    path = write_ledger(report, args.data, args.version, date)
    print(f"wrote {path}")
    if args.deploy:
        deploy(args.data, project, args.version, ["latest"])
        print(f"deployed {args.version} (alias latest) to the gh-pages branch")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    head = make_ledger(load_report(args.data), "head", "")
    base = make_ledger(load_report(args.base), "base", "")
    print(compare_markdown(base, head), end="")
    return 0


def cmd_deploy(args: argparse.Namespace) -> int:
    deploy(args.data, project_root(), args.version, args.alias)
    print(f"deployed {args.version} to the gh-pages branch")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    date = dt.date.fromisoformat(args.date) if args.date else None
    result = convert(
        args.file,
        model=args.model,
        data_dir=args.data,
        v2_path=args.v2,
        all_probes=args.all_probes,
        run_id=args.run_id,
        date=date,
        workers=args.workers,
        source_url=args.source_url,
    )
    target = args.data / "results" / args.model / f"{result['run_id']}.json"
    try:
        ResultFile.model_validate(result)
    except ValidationError as exc:
        raise DataErrors(pydantic_errors(str(target), exc)) from exc
    if args.dry_run:
        _print_json(result)
        return 0
    if target.exists() and not args.force:
        raise DataErrors(
            [
                DataError(
                    str(target),
                    "run_id",
                    "a result file with this run id exists",
                    "a new --run-id, or --force to replace it",
                )
            ]
        )
    write_json(target, result)
    print(f"wrote {target}")
    return 0


def cmd_import_upstream(args: argparse.Namespace) -> int:
    count = import_pack(args.pack, args.data)
    print(f"wrote {count} files into {args.data}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="paramatlas", description=__doc__)
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

    s = sub.add_parser("validate", help="check data files; print every problem and exit 1")
    s.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or folders to check (default: the whole data folder); a result "
        "file outside the data folder is checked against its registry",
    )
    s.set_defaults(func=cmd_validate)

    for name, func, text in (
        ("fit", cmd_fit, "fit a calibration at any λ"),
        ("estimate", cmd_estimate, "estimate one model's size"),
    ):
        s = sub.add_parser(name, help=text)
        if name == "estimate":
            s.add_argument("slug", help="the model's slug in models.yaml")
        s.add_argument("--calibration", help="calibration name (default: the site's default)")
        s.add_argument(
            "--lambda",
            dest="lam",
            type=float,
            default=None,
            help="hallucination penalty λ in [−5, 0] (default: the headline λ)",
        )
        s.add_argument("--json", action="store_true", help="print one JSON object")
        if name == "estimate":
            s.add_argument("--run", help="read this run (default: the one the calibration reads)")
            s.add_argument(
                "--as-published",
                action="store_true",
                help="read the run the way its source did: with the calibration it names, even "
                "when its scoring or λ does not match (the estimate is flagged)",
            )
        s.set_defaults(func=func)

    s = sub.add_parser("benchmark-fit", help="regress log10 size on one benchmark's scores")
    s.add_argument("benchmark", help="benchmark id, e.g. mmlu, mmlu_pro, gpqa_diamond, simpleqa")
    s.add_argument("--json", action="store_true", help="print one JSON object (the default)")
    s.set_defaults(func=cmd_benchmark_fit)

    s = sub.add_parser("arch", help="count a transformer's parameters from its config.json")
    s.add_argument("config", type=Path, help="a Hugging Face-style config.json")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(func=cmd_arch)

    s = sub.add_parser("compute", help="training compute of one model and its 1e25 FLOP status")
    s.add_argument("slug", help="the model's slug in models.yaml")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(func=cmd_compute)

    s = sub.add_parser("analysis", help="the numbers of one analysis page, as JSON")
    s.add_argument("name", choices=ANALYSES, help="which analysis")
    s.set_defaults(func=cmd_analysis)

    s = sub.add_parser("case-study", help="every derived number of a case study, as JSON")
    s.add_argument("name", help="the case study's name (data/case-studies/<name>.yaml)")
    s.set_defaults(func=cmd_case_study)

    s = sub.add_parser("generate", help="write the site's Markdown pages and assets")
    s.add_argument("--out", type=Path, help="docs folder (default: site_src/generated)")
    s.set_defaults(func=cmd_generate)

    s = sub.add_parser("build", help="generate, then build the site with mkdocs")
    s.add_argument("--out", type=Path, default=Path("site"), help="site folder (default: site)")
    s.set_defaults(func=cmd_build)

    s = sub.add_parser("release", help="record a release ledger (and deploy it with mike)")
    s.add_argument("version", help="calendar version, e.g. 2026.11")
    s.add_argument("--date", help="YYYY-MM-DD (default: the date of the last git commit)")
    s.add_argument(
        "--deploy",
        action="store_true",
        help="also publish it with mike under VERSION and move the latest alias",
    )
    s.set_defaults(func=cmd_release)

    s = sub.add_parser(
        "compare",
        help="Markdown summary of estimates and flags that differ "
        "from another data folder (a pull request's base)",
    )
    s.add_argument("base", type=Path, help="the base branch's data folder")
    s.set_defaults(func=cmd_compare)

    s = sub.add_parser("deploy", help="publish the site with mike under a version")
    s.add_argument("version", help="a version name, e.g. dev or 2026.11")
    s.add_argument("--alias", action="append", default=[], help="aliases to move (repeatable)")
    s.set_defaults(func=cmd_deploy)

    s = sub.add_parser("import", help="convert an upstream per-probe result file into data/")
    s.add_argument("file", type=Path, help="upstream evaluator or estimator result JSON")
    s.add_argument("--model", required=True, help="the model's slug in models.yaml")
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
    s.add_argument("--run-id", help="default: <date>-clean1311, -all1400-v2 or -all1400-3way")
    s.add_argument("--date", help="YYYY-MM-DD, when the file does not say")
    s.add_argument("--workers", type=int, help="parallel workers the run used")
    s.add_argument("--source-url", help="where the per-probe file is published")
    s.add_argument("--dry-run", action="store_true", help="print the result instead of writing")
    s.add_argument("--force", action="store_true", help="replace an existing run")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("import-upstream", help="import the IKP data pack into data/")
    s.add_argument("pack", type=Path, help="the pack's folder (ikp-upstream)")
    s.set_defaults(func=cmd_import_upstream)
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
