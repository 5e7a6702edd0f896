"""Checks that span files: names match paths, slugs resolve, reported numbers match counts."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

from generator.errors import DataError
from generator.load import Dataset
from generator.schema import ResultFile
from generator.stats import accuracy

# A reported accuracy is printed by the submitter's tool from the same counts.
REPORTED_TOLERANCE = 1e-6


def validate(data: Dataset) -> list[DataError]:
    """Every cross-file problem in the dataset; raises nothing."""
    errors: list[DataError] = []
    slugs = {m.slug for m in data.models}

    for slug, count in sorted(Counter(m.slug for m in data.models).items()):
        if count > 1:
            errors.append(
                DataError(
                    "models.yaml",
                    f"models[slug={slug}]",
                    f"slug appears {count} times",
                    "each slug once",
                )
            )
    for i, model in enumerate(data.models):
        if model.params_B and model.active_B and model.active_B > model.params_B:
            errors.append(
                DataError(
                    "models.yaml",
                    f"models[{i}].active_B",
                    f"{model.active_B} is above params_B {model.params_B}",
                    "active_B ≤ params_B",
                )
            )

    for rel, result in data.results:
        if len(PurePosixPath(rel).parts) != 3:
            errors.append(
                DataError(
                    rel, "(file)", "result file at the wrong depth", "results/<model>/<run_id>.json"
                )
            )
        errors.extend(result_errors(rel, result, slugs))

    names = set()
    for rel, calibration in data.calibrations:
        names.add(calibration.name)
        if PurePosixPath(rel).stem != calibration.name:
            errors.append(
                DataError(
                    rel,
                    "name",
                    f"{calibration.name!r} does not match the file name",
                    "the file name without .yaml",
                )
            )
        for field in ("excluded", "withheld"):
            for i, entry in enumerate(getattr(calibration, field)):
                if entry.model not in slugs:
                    errors.append(
                        DataError(
                            rel,
                            f"{field}[{i}].model",
                            f"unknown model {entry.model!r}",
                            "a slug from models.yaml",
                        )
                    )
    if data.site.default_calibration not in names:
        errors.append(
            DataError(
                "site.yaml",
                "default_calibration",
                f"no calibration named {data.site.default_calibration!r}",
                f"one of {sorted(names)}",
            )
        )
    return errors


def result_errors(
    rel: str, result: ResultFile, slugs: set[str], *, in_data: bool = True
) -> list[DataError]:
    """Checks of one result file against its path, the registry and its own counts."""
    errors = []
    path = PurePosixPath(rel)
    if result.model not in slugs:
        errors.append(
            DataError(rel, "model", f"unknown model {result.model!r}", "a slug from models.yaml")
        )
    if in_data and path.parts[-2] != result.model:
        errors.append(
            DataError(
                rel,
                "model",
                f"{result.model!r} does not match its folder {path.parts[-2]!r}",
                "the folder name",
            )
        )
    if path.stem != result.run_id:
        errors.append(
            DataError(
                rel,
                "run_id",
                f"{result.run_id!r} does not match the file name {path.stem!r}",
                "the file name without .json",
            )
        )
    if result.reported is not None and result.complete:
        counts = {t: c.model_dump() for t, c in result.tiers.items()}
        got = accuracy(counts, result.reported.lam, floor=result.reported.floored)
        if abs(got - result.reported.accuracy) > REPORTED_TOLERANCE:
            errors.append(
                DataError(
                    rel,
                    "reported.accuracy",
                    f"{result.reported.accuracy:.6f} contradicts the counts, which give "
                    f"{got:.6f} at λ={result.reported.lam:g}",
                    f"within {REPORTED_TOLERANCE:g} of the accuracy the counts give",
                )
            )
    return errors
