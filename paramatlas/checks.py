"""Every check the data must pass, in one place: `paramatlas validate` and every build call it,
so a contribution that validates builds, and one that does not names its own file."""

from __future__ import annotations

from paramatlas.cache import Cache
from paramatlas.drift import drift_errors
from paramatlas.errors import DataError, DataErrors
from paramatlas.estimator import Estimator
from paramatlas.load import Dataset
from paramatlas.methods import arch
from paramatlas.validate import validate

SUPPORTED = "a config.json of a supported model type (llama, qwen2, mistral, mixtral, deepseek_v3)"


def counted(file: str, config: dict, field: str = "") -> arch.Count:
    """A configuration's parameter count, or DataErrors naming the file and the field at fault
    (`field`: where the configuration sits in its file)."""
    try:
        return arch.count(config)
    except arch.ConfigError as exc:  # one field at fault: named, with what it should hold
        where = ".".join(filter(None, (field, exc.key))) or "(file)"
        error = DataError(file, where, str(exc), exc.expected or SUPPORTED)
    except (ValueError, KeyError, TypeError, ZeroDivisionError) as exc:
        problem = str(exc) if isinstance(exc, ValueError) else f"missing or wrong field {exc}"
        error = DataError(file, field or "(file)", problem, SUPPORTED)
    raise DataErrors([error])


def architecture_errors(data: Dataset) -> list[DataError]:
    """Each committed configuration can be counted, two ways that agree."""
    errors = []
    for rel, config in data.architectures:
        try:
            counted(rel, dict(config.config), "config")
        except DataErrors as exc:
            errors += exc.errors
    return errors


def checked(data: Dataset, cache: Cache | None = None) -> Estimator:
    """The dataset's estimator, once every check passed; DataErrors listing every problem
    otherwise: cross-file checks, architecture configurations, and the published figures of
    every calibration against what the data give."""
    errors = validate(data)
    if errors:  # the later checks read what these vouch for
        raise DataErrors(errors)
    errors = architecture_errors(data)
    est = Estimator(data, cache)
    errors += drift_errors(est)
    if errors:
        raise DataErrors(errors)
    return est
