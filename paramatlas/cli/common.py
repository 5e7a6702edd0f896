"""Helpers the command modules share: where the checkout is, JSON output, the estimator."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TypeAlias

from paramatlas.cache import Cache, cache_folder_problem
from paramatlas.errors import DataErrors
from paramatlas.estimator import Estimator
from paramatlas.load import load_dataset
from paramatlas.present import json_safe
from paramatlas.readings import EstimateError
from paramatlas.validate import validate

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def project_root() -> Path:
    """The working folder: a checkout, or any folder a site is built from. Its default output
    folders (site/, generated/) are the ones a build may replace without its mark."""
    return Path.cwd()


def print_json(data: Any) -> None:
    """Print data as sorted, indented JSON."""
    print(json.dumps(json_safe(data), indent=2, sort_keys=True, ensure_ascii=False))


def estimator(args: argparse.Namespace) -> Estimator:
    """An estimator over the --data folder, once it validates."""
    data = load_dataset(args.data)
    errors = validate(data)
    if errors:
        raise DataErrors(errors)
    return Estimator(data)


def cache(args: argparse.Namespace) -> Cache | None:
    """The --cache folder, if one was given; refused where writing or pruning it could touch
    what no cache of ours wrote."""
    if not args.cache:
        return None
    problem = cache_folder_problem(args.cache, args.data, project_root())
    if problem:
        msg = f"--cache {args.cache}: {problem}; give a new or empty folder, or an earlier cache"
        raise EstimateError(msg)
    return Cache(args.cache)
