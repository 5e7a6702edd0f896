"""One error type that says where the problem is and what was expected."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DataError:
    """A problem with one field of one data file."""

    file: str
    field: str
    problem: str
    expected: str = ""

    def __str__(self) -> str:
        text = f"{self.file}: {self.field}: {self.problem}"
        return f"{text} (expected {self.expected})" if self.expected else text


class DataErrors(Exception):
    """Every problem found in one pass over the data; raised once, at the end."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.file, e.field, e.problem))
        count = len(self.errors)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data")

    def __str__(self) -> str:
        return "\n".join([*map(str, self.errors), self.args[0]])


def by_slug(error: DataError, raw: Any) -> DataError:
    """A registry entry is named by its slug, not its place in the list: models[slug=x]."""
    found = re.match(r"models\[(\d+)\]", error.field)
    entries = raw.get("models") if isinstance(raw, dict) else None
    if not found or not isinstance(entries, list) or int(found[1]) >= len(entries):
        return error
    entry = entries[int(found[1])]
    slug = entry.get("slug") if isinstance(entry, dict) else None
    if not isinstance(slug, str):
        return error
    field = f"models[slug={slug}]" + error.field[found.end() :]
    return dataclasses.replace(error, field=field)


class EstimateError(Exception):
    """An estimate that cannot honestly be made (for example a λ mismatch with no counts), or
    a command's argument that cannot be used."""


class BuildError(Exception):
    """mkdocs or mike failed (carries its output), or the site cannot be written where asked."""
