"""A pydantic validation error in the words of the data contract: file, field, problem and
what was expected, as every data error reads."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from paramatlas.errors import DataError
from paramatlas.schema import PATTERN_WORDS


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(file)"


_BOUNDS = {
    "greater_than_equal": ("ge", "≥"),
    "less_than_equal": ("le", "≤"),
    "greater_than": ("gt", ">"),
    "less_than": ("lt", "<"),
}
_TYPES = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_from_datetime_parsing": "a date YYYY-MM-DD",
    "date_parsing": "a date YYYY-MM-DD",
    "date_type": "a date YYYY-MM-DD",
}


def spelled(value: object) -> str:
    """A value as a data file spells it: true, false and null as in JSON and YAML, not
    Python's True, False and None."""
    return json.dumps(value) if value is None or isinstance(value, bool) else repr(value)


def _describe(error: dict[str, Any]) -> tuple[str, str]:
    """(problem, expected) for one pydantic error, in the words of the data contract."""
    kind, ctx = error["type"], error.get("ctx") or {}
    got = f"got {spelled(error.get('input'))}"[:200]
    if kind == "missing":
        return "missing", "a value"
    if kind == "extra_forbidden":
        return "unknown field", "only the fields of the schema"
    if kind in _BOUNDS:
        key, sign = _BOUNDS[kind]
        return got, f"a value {sign} {ctx.get(key)}"
    if kind == "literal_error":
        return got, f"one of {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        return got, PATTERN_WORDS.get(pattern, f"text matching {pattern}")
    if kind in {"string_too_long", "too_long"}:
        return "too long", f"at most {ctx.get('max_length')} characters or items"
    if kind in {"string_too_short", "too_short"}:
        return "too short", f"at least {ctx.get('min_length')} characters or items"
    if kind in _TYPES:
        return got, _TYPES[kind]
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])), ""
    return f"{error['msg']}, {got}", ""


def pydantic_errors(file: str, exc: ValidationError) -> list[DataError]:
    errors = []
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
        problem, expected = _describe(error)
        errors.append(DataError(file, _field_path(loc), problem, expected))
    return errors
