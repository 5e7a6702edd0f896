"""Commands that print numbers: fits, estimates, counts, compute and analyses."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from paramatlas import api, strict
from paramatlas.build import load_report
from paramatlas.checks import SUPPORTED, counted
from paramatlas.cli.common import estimator, print_json
from paramatlas.errors import DataError, DataErrors
from paramatlas.methods import arch
from paramatlas.present import fmt_b
from paramatlas.readings import EstimateError
from paramatlas.views.json import (
    analysis_json,
    case_study_json,
    estimate_json,
    eval_power_json,
    summary_json,
)
from paramatlas.views.report import Report

FIT_KEYS = (
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
)


def cmd_fit(args: argparse.Namespace) -> int:
    out = api.open(args.data).fit(args.calibration, args.lam)
    if args.json:
        print_json(out)
    else:
        for key in FIT_KEYS:
            print(f"{key:16} {out[key]}")
    return 0


def report_of_model(args: argparse.Namespace) -> Report:
    """The report, once the model the command names is known to be in the registry."""
    report = load_report(args.data)
    report.est.model(args.slug)
    return report


def cmd_estimate(args: argparse.Namespace) -> int:
    atlas = api.open(args.data)
    answer = atlas.answer(args.slug)  # the API's answer: one for a notebook and the command
    report = atlas.report
    view = report.view(args.slug)
    found = answer.as_json() if answer else None
    out: dict[str, Any] = {
        "model": args.slug,
        "name": view.entry.name,
        "known_B": view.entry.params_B,
        **(found or {"params_B": None, "estimate_text": "not estimated", "grade": None}),
        "summary": summary_json(report.methods, args.slug),
        "methods": [m.as_json() for m in report.methods.estimates(args.slug)],
        "ikp_reading": estimate_json(view.estimate) if view.estimate else None,
        "eval_power": [eval_power_json(r) for r in view.runs],
    }
    if args.json:
        print_json(out)
    else:
        print(found["sentence"] if found else f"{view.entry.name}: not estimated.")
        print(summary_line(out["summary"], out["methods"]))
    return 0


def cmd_ikp(args: argparse.Namespace) -> int:
    out = _estimate(args)
    if args.json:
        print_json(out)
    else:
        print(
            f"{args.slug}: IKP reading {fmt_b(out['params_B'])} (90% band {fmt_b(out['low_B'])}–"
            f"{fmt_b(out['high_B'])}; LOO band {fmt_b(out['loo_low_B'])}–"
            f"{fmt_b(out['loo_high_B'])}) at λ={out['lambda']:g} with {out['calibration']}, "
            f"run {out['run_id']}; flags: {', '.join(out['flags']) or 'none'}"
        )
    return 0


def summary_line(summary: dict[str, Any] | None, methods: list[dict[str, Any]]) -> str:
    """The model page's summary in one line: the reading the answer rests on, or why there is
    none (the readings set aside are named with their reasons, never with a size)."""
    if summary is None:
        aside = "; ".join(f"{m['label']}: {'; '.join(m['unusable_because'])}" for m in methods)
        return f"no usable estimate ({aside})"
    return (
        f"from {summary['label']} (method confidence {summary['confidence']}), because "
        f"{summary['reason']}"
    )


def _estimate(args: argparse.Namespace) -> dict[str, Any]:
    """The estimate the options ask for, as JSON."""
    est = estimator(args)
    if args.as_published and args.run is None:
        msg = "--as-published reads one run: give it with --run"
        raise EstimateError(msg)
    if args.as_published and args.calibration is None:
        run = next((r for _, r in est.runs.get(args.slug, []) if r.run_id == args.run), None)
        if run is None or run.reported is None or run.reported.calibration is None:
            msg = f"{args.slug}/{args.run} does not say which calibration read it: give one"
            raise EstimateError(msg)
        return estimate_json(est.as_published(run, args.lam))
    return estimate_json(
        est.estimate(
            args.slug, args.calibration, args.lam, run_id=args.run, as_published=args.as_published
        )
    )


def cmd_benchmark_fit(args: argparse.Namespace) -> int:
    fits = load_report(args.data).methods.benchmark_fits
    if args.benchmark not in fits:
        msg = f"no fit for benchmark {args.benchmark!r} (expected one of {sorted(fits)})"
        raise EstimateError(msg)
    print_json(fits[args.benchmark].as_json())
    return 0


def cmd_arch(args: argparse.Namespace) -> int:
    counted = _count(args.config)
    out = {
        "total_params": counted.total,
        "active_params": counted.active,
        "tensor_sum_total": counted.tensor_sum,
        "tensors": counted.tensors,
    }
    if args.json:
        print_json(out)
    else:
        print(
            f"{counted.total:,} parameters ({counted.active:,} active), {counted.tensors} tensors"
        )
    return 0


def _count(path: Path) -> arch.Count:
    """The parameters a config.json describes; a DataErrors when it cannot be read or counted."""
    try:
        config = strict.loads_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataErrors([DataError(str(path), "(file)", str(exc), SUPPORTED)]) from exc
    if not isinstance(config, dict):
        got = f"got a JSON {type(config).__name__}"
        raise DataErrors([DataError(str(path), "(file)", got, "a JSON object")])
    return counted(str(path), config)


def cmd_compute(args: argparse.Namespace) -> int:
    report = report_of_model(args)
    out = report.methods.compute(args.slug).as_json()
    if args.json:
        print_json(out)
    else:
        flop = f"{out['flop']:.3g} FLOP" if out["flop"] else "no estimate"
        print(f"{args.slug}: {flop}, {out['confidence']}, {out['status']} ({out['method']})")
    return 0


def cmd_analysis(args: argparse.Namespace) -> int:
    report = load_report(args.data)
    print_json(analysis_json(report.analysis, args.name))
    return 0


def cmd_case_study(args: argparse.Namespace) -> int:
    report = load_report(args.data)
    study = next((c for c in report.analysis.case_studies if c.study.name == args.name), None)
    if study is None:
        names = [c.study.name for c in report.analysis.case_studies]
        msg = f"no case study named {args.name!r} (expected one of {names})"
        raise EstimateError(msg)
    print_json(case_study_json(study, report.analysis.ladders))
    return 0
