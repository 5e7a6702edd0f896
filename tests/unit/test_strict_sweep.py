"""Strict everywhere, by kind of input × class of fault: one committed file of every kind under
data/, each of its fields (one per path pattern) given each fault in turn, read as the build
reads it. No fault ends in anything but a message naming the file and the field; a boolean or
a text where a number goes, a number or a boolean where a text goes, a list where a value goes
are refused in every kind; a count or a size beyond any real one is refused before it is used.
The two free-form mappings (a model's Hugging Face config, a correction's new values) are
refused by the check that reads them, tested at the end."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from paramatlas.corrections import apply
from paramatlas.errors import DataError
from paramatlas.load import _load_file
from paramatlas.methods import arch
from paramatlas.schema import (
    MOST,
    AcceleratorsFile,
    ArchitectureFile,
    BenchmarkFile,
    CalibrationFile,
    CaseStudy,
    ComputeFile,
    Correction,
    CorrectionsFile,
    ExternalFile,
    Registry,
    ResultFile,
    SiteFile,
)
from paramatlas.schema_probes import ProbeSamplesFile
from tests.conftest import DATA


def first(pattern: str) -> str:
    return sorted(DATA.glob(pattern))[0].relative_to(DATA).as_posix()


# Every kind of file under data/, by one committed example, with the model the build reads it
# with. (The cleaned probe list and the release ledgers have hostile cases of their own.)
KINDS = {
    "site.yaml": SiteFile,
    "models.yaml": Registry,
    "corrections.yaml": CorrectionsFile,
    "accelerators.yaml": AcceleratorsFile,
    first("results/*/*.json"): ResultFile,
    first("calibration/*.yaml"): CalibrationFile,
    first("case-studies/*.yaml"): CaseStudy,
    first("external/*.yaml"): ExternalFile,
    first("benchmarks/*.yaml"): BenchmarkFile,
    first("compute/*.yaml"): ComputeFile,
    first("architectures/*.yaml"): ArchitectureFile,
    first("probes/samples/*.json"): ProbeSamplesFile,
}
OWN_CASES = {"probes/clean-1311.json", "releases"}
# Mappings whose values are free-form here and checked by what reads them.
FREE = ("config.", "corrections.#.correct.")
NUMBER, TEXT, ANY = "number", "text", "any"
FAULTS = {
    "a boolean for a number": (NUMBER, True),
    "a text for a number": (NUMBER, "12"),
    "a boolean for a text": (TEXT, True),
    "a number for a text": (TEXT, 2026.1),
    "a list for a value": (ANY, [1]),
}
# Counts and sizes: bounded before anything is made from them.
BOUNDED = ("tiers.#.correct", "tiers.#.weak", "tiers.#.wrong", "tiers.#.refusal", "params_B")


def kind_of(value: object) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    return NUMBER if isinstance(value, (int, float)) else TEXT


def leaves(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node[:2]):
            yield from leaves(value, (*path, i))
    else:
        yield path, node


def pattern(path: tuple) -> str:
    """A field's path with list positions and tier names as #: one case per pattern."""
    parts = ["#" if isinstance(p, int) or p in {f"T{i}" for i in range(1, 8)} else p for p in path]
    return ".".join(map(str, parts))


def cases() -> Iterator[tuple[str, str, tuple, object]]:
    for rel in KINDS:
        text = (DATA / rel).read_text()
        doc = json.loads(text) if rel.endswith(".json") else yaml.safe_load(text)
        seen = set()
        for path, value in leaves(doc):
            for fault, (wanted, bad) in FAULTS.items():
                key = (pattern(path), fault)
                if wanted in (kind_of(value), ANY) and kind_of(value) and key not in seen:
                    seen.add(key)
                    yield rel, fault, path, bad
            if pattern(path).endswith(BOUNDED) and kind_of(value) == NUMBER:
                yield rel, "a count or size beyond any real one", path, MOST * 10


CASES = list(cases())


def read(rel: str, doc: Any, root: Path) -> list[DataError]:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc) if rel.endswith(".json") else yaml.safe_dump(doc))
    errors: list[DataError] = []
    _load_file(path, root, KINDS[rel], errors, None)
    return errors


def test_every_kind_of_file_is_swept() -> None:
    top = {p.name for p in DATA.iterdir()} - OWN_CASES - {"probes"}
    swept = {rel.split("/")[0] for rel in KINDS}
    assert top <= swept
    assert len(CASES) > 150 and {fault for _, fault, _, _ in CASES} >= set(FAULTS)


@pytest.mark.parametrize(
    ("rel", "fault", "path", "bad"),
    CASES,
    ids=[f"{rel}:{pattern(path)}:{fault}" for rel, fault, path, _ in CASES],
)
def test_a_fault_is_refused_by_file_and_field(
    rel: str, fault: str, path: tuple, bad: object, tmp_path: Path
) -> None:
    text = (DATA / rel).read_text()
    doc = json.loads(text) if rel.endswith(".json") else yaml.safe_load(text)
    changed = copy.deepcopy(doc)
    node = changed
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = bad
    errors = read(rel, changed, tmp_path)  # raises nothing: every problem is a DataError
    assert all(e.file == rel and e.field and e.problem for e in errors)
    if not pattern(path).startswith(FREE):
        assert errors, f"{rel}: {pattern(path)} accepted {bad!r}"


@pytest.mark.parametrize("bad", [True, "4096", 40.5, -1, 10**12])
def test_a_config_number_the_counter_would_misread_is_refused(bad: object) -> None:
    text = (DATA / first("architectures/*.yaml")).read_text()
    config = yaml.safe_load(text)["config"]
    with pytest.raises(arch.ConfigError) as refused:
        arch.count({**config, "num_hidden_layers": bad})
    assert refused.value.key == "num_hidden_layers"


@pytest.mark.parametrize("bad", [True, "12", 10**12])
def test_a_correction_that_no_registry_entry_could_hold_is_refused(bad: object) -> None:
    registry = Registry.model_validate(yaml.safe_load((DATA / "models.yaml").read_text()))
    model = next(m for m in registry.models if m.params_B)
    correction = Correction.model_validate(
        {
            "model": model.slug,
            "correct": {"params_B": bad},
            "reason": "a test",
            "citation": {"text": "a test"},
        }
    )
    errors: list[DataError] = []
    apply(list(registry.models), [correction], errors)
    assert [e.field for e in errors] == ["corrections[0].correct"]
