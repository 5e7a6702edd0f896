"""Commands that check data files and bring new ones into data/."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from paramatlas.checks import checked
from paramatlas.cli.common import print_json
from paramatlas.errors import DataError, DataErrors
from paramatlas.importer import convert
from paramatlas.load import Dataset, _parse, load_dataset, pydantic_errors
from paramatlas.readings import EstimateError
from paramatlas.schema import ResultFile
from paramatlas.upstream import import_pack, start_site, write_json
from paramatlas.validate import result_errors, unknown_model


def cmd_validate(args: argparse.Namespace) -> int:
    if not args.paths:
        return _validate_all(args.data.resolve())
    errors, elsewhere = _path_errors(args.data.resolve(), args.paths)
    if errors:
        raise DataErrors(errors)
    print(f"ok: {len(args.paths)} path(s) checked")
    if elsewhere:
        print(
            f"note: the rest of the data has {elsewhere} problem(s), so the checks across files "
            "did not run: `paramatlas validate` lists them",
            file=sys.stderr,
        )
    return 0


def _validate_all(data_dir: Path) -> int:
    data = load_dataset(data_dir)
    checked(data)  # the checks every build runs
    print(
        f"ok: {len(data.models)} models, {len(data.results)} result files, "
        f"{len(data.calibrations)} calibration(s)"
    )
    return 0


def _path_errors(data_dir: Path, paths: list[Path]) -> tuple[list[DataError], int]:
    """Problems in the given paths (those in data_dir in context, the others on their own),
    and how many problems the rest of the data has when it does not load."""
    inside = [p for p in paths if p.resolve().is_relative_to(data_dir)]
    wanted = {p.resolve().relative_to(data_dir).as_posix() for p in inside}

    def mine(error: DataError) -> bool:
        return any(w in ("", error.file) or error.file.startswith(w + "/") for w in wanted)

    missing = [p for p in paths if not p.exists()]
    if missing:
        return [
            DataError(str(p), "(file)", "no such file or folder", "a data file") for p in missing
        ], 0
    if any(p.resolve() == (data_dir / "models.yaml") for p in inside):
        wanted = {""}  # the registry takes part in every check across files
    slugs: set[str] | None = None  # unknown when the data do not load: schema checks only
    tiers = None
    try:
        data = load_dataset(data_dir)
    except DataErrors as exc:  # another file's problem: reported by a full validate, not here
        errors = [e for e in exc.errors if mine(e)]
        elsewhere = len(exc.errors) - len(errors)
    else:
        slugs, tiers, elsewhere = {m.slug for m in data.models}, data.probe_tiers, 0
        errors = [e for e in _all_errors(data) if mine(e)] if inside else []
    for path in (p for p in paths if p not in inside):
        errors += check_outside_file(path.resolve(), slugs, tiers)
    return errors, elsewhere


def _all_errors(data: Dataset) -> list[DataError]:
    try:
        checked(data)
    except DataErrors as exc:
        return list(exc.errors)
    return []


def check_outside_file(
    path: Path, slugs: set[str] | None, probe_tiers: dict[str, dict[str, int]] | None = None
) -> list[DataError]:
    """A result file not yet in data/: schema, then registry and counts (skipped, with
    `slugs` None, when the data folder does not load)."""
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
    if slugs is None:
        return []
    return result_errors(str(path), result, slugs, probe_tiers, in_data=False)


def cmd_import(args: argparse.Namespace) -> int:
    """Convert, then check what would be written as `validate` checks a result file (schema,
    registry, probe-set tier sizes, reported accuracy): on any problem nothing is written."""
    data = load_dataset(args.data)
    slugs = {m.slug for m in data.models}
    if args.model not in slugs:  # refused before reading the file: nothing is written
        raise DataErrors([unknown_model("--model", "slug", args.model, slugs)])
    result = _convert(args)
    rel = f"results/{args.model}/{result['run_id']}.json"
    target = args.data / rel
    try:
        parsed = ResultFile.model_validate(result)
    except ValidationError as exc:
        raise DataErrors(pydantic_errors(rel, exc)) from exc
    problems = result_errors(rel, parsed, slugs, data.probe_tiers)
    if problems:
        raise DataErrors(problems)
    if "assumed" in result["source"]["text"]:
        print(f"note: {args.file} names no judge; {result['judge']} assumed (--judge sets it)")
    if args.dry_run:
        print_json(result)
        return 0
    if target.exists() and not args.force:
        raise DataErrors([_exists(target)])
    write_json(target, result)
    print(f"wrote {target}")
    return 0


def _exists(target: Path) -> DataError:
    return DataError(
        str(target),
        "run_id",
        "a result file with this run id exists",
        "a new --run-id, or --force to replace it",
    )


def _convert(args: argparse.Namespace) -> dict[str, Any]:
    try:
        date = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError as exc:
        raise DataErrors(
            [DataError("--date", "date", f"{args.date!r}: {exc}", "YYYY-MM-DD")]
        ) from exc
    return convert(
        args.file,
        model=args.model,
        data_dir=args.data,
        v2_path=args.v2,
        all_probes=args.all_probes,
        run_id=args.run_id,
        date=date,
        workers=args.workers,
        source_url=args.source_url,
        judge=args.judge,
    )


def cmd_init(args: argparse.Namespace) -> int:
    folder = args.folder
    if folder.exists() and not (folder.is_dir() and not any(folder.iterdir())):
        msg = f"{folder}: refusing to start a site here: it exists and is not an empty folder"
        raise EstimateError(msg + "; give a new or empty folder")
    if not (args.pack / "README.md").is_file() or not (args.pack / "data").is_dir():
        msg = f"{args.pack}: not the IKP data pack (expected its README.md and data/ folder)"
        raise EstimateError(msg)
    count = start_site(folder, args.pack, args.title)
    print(f"wrote {count} files into {folder}")
    print("next:")
    print(f"  paramatlas validate --data {folder / 'data'}")
    print(f"  paramatlas build --data {folder / 'data'} --out {folder / 'site'}")
    return 0


def cmd_import_upstream(args: argparse.Namespace) -> int:
    count = import_pack(args.pack, args.data)
    print(f"wrote {count} files into {args.data}")
    return 0
