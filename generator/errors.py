"""One error type that says where the problem is and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


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
