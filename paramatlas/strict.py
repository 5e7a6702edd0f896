"""Strict reading of JSON and YAML: a duplicated key is an error (not "the last one wins"),
JSON's NaN and Infinity are refused, and YAML anchors and aliases, which let a small file
expand without limit, are not allowed in data files."""

from __future__ import annotations

import json
from typing import Any

import yaml


class DuplicateKeyError(ValueError):
    """A mapping gives one key twice."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            msg = f"key {key!r} appears twice in one object"
            raise DuplicateKeyError(msg)
        seen[key] = value
    return seen


def _reject_constant(name: str) -> None:
    msg = f"{name} is not a number JSON allows"
    raise ValueError(msg)


def loads_json(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)


def _check_events(text: str, loader: type) -> None:
    """Walk the YAML's events (fast with libyaml): refuse aliases and duplicated keys."""
    stack: list[tuple[str, set[str], bool]] = []  # (kind, keys seen, next scalar is a key)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError(_where("anchors and aliases are not allowed", event))
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            _value_done(stack)
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            stack.append((kind, set(), True))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
        elif isinstance(event, yaml.ScalarEvent) and stack and stack[-1][0] == "map":
            kind, keys, is_key = stack[-1]
            if is_key and event.value in keys:
                raise yaml.YAMLError(_where(f"key {event.value!r} appears twice", event))
            if is_key:
                keys.add(event.value)
            stack[-1] = (kind, keys, not is_key)


def _value_done(stack: list[tuple[str, set[str], bool]]) -> None:
    """A collection used as a mapping's value: the mapping's next scalar is a key again."""
    if stack and stack[-1][0] == "map":
        kind, keys, is_key = stack[-1]
        stack[-1] = (kind, keys, not is_key)


def _where(problem: str, event: yaml.Event) -> str:
    mark = event.start_mark
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"


def loads_yaml(text: str) -> Any:
    """libyaml's parser when it is there (the pure-Python one takes seconds on a big registry);
    on an error, the pure-Python parser's message, which is the same on every machine."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            _check_events(text, fast)
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass
    _check_events(text, yaml.SafeLoader)
    return yaml.safe_load(text)
