"""Registry corrections: upstream's registry stays as imported; `data/corrections.yaml` says,
with a citation, which facts we hold otherwise. Applied on load, and listed with upstream's
value beside ours."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from paramatlas.errors import DataError
from paramatlas.schema import Citation, Correction, ModelEntry

FILE = "corrections.yaml"


@dataclass(frozen=True)
class Applied:
    """One correction: each field it changed, with upstream's value and ours."""

    model: str
    changes: tuple[tuple[str, object, object], ...]
    """(field, upstream's value, ours)."""
    reason: str
    citation: Citation


def apply(
    models: list[ModelEntry], corrections: list[Correction], errors: list[DataError]
) -> tuple[list[ModelEntry], list[Applied]]:
    """The registry with every correction applied, and what each changed."""
    index = {m.slug: i for i, m in enumerate(models)}
    out, applied = list(models), []
    for i, c in enumerate(corrections):
        if c.model not in index:
            problem = f"unknown model {c.model!r}"
            errors.append(DataError(FILE, f"corrections[{i}].model", problem, "a registry slug"))
            continue
        before = out[index[c.model]]
        after = _corrected(before, c, f"corrections[{i}].correct", errors)
        if after is None:
            continue
        out[index[c.model]] = after
        changes = tuple((k, getattr(before, k), getattr(after, k)) for k in c.correct)
        applied.append(Applied(c.model, changes, c.reason, c.citation))
    return out, applied


def _corrected(
    before: ModelEntry, c: Correction, field: str, errors: list[DataError]
) -> ModelEntry | None:
    unknown = sorted(k for k in c.correct if k not in ModelEntry.model_fields or k == "slug")
    if unknown:
        expected = "fields of a models.yaml entry other than slug"
        errors.append(DataError(FILE, field, f"not a registry field: {unknown}", expected))
        return None
    values = dict(c.correct)
    if "params_B" in values:  # a corrected size is cited by its correction
        values["size_citation"] = c.citation.model_dump() if values["params_B"] else None
    if "same_weights_as" in values:  # so is a declared training
        values["weights_citation"] = c.citation.model_dump() if values["same_weights_as"] else None
    try:
        return ModelEntry.model_validate({**before.model_dump(), **values})
    except ValidationError as exc:
        problem = "; ".join(e["msg"] for e in exc.errors())
        errors.append(DataError(FILE, field, problem, "values a models.yaml entry accepts"))
        return None
