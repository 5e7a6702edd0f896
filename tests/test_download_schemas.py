"""Every JSON download has a published JSON Schema that real clients accept, and every download
(of the committed data and of the fixture) follows its schema, by two independent validators."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest

from paramatlas.build import load_report
from paramatlas.downloads import SCHEMAS, downloads
from tests.conftest import DATA, FIXTURES


@pytest.fixture(scope="module", params=[DATA, FIXTURES / "data_min"], ids=["data", "data_min"])
def files(request: pytest.FixtureRequest) -> dict[str, str]:
    return downloads(load_report(request.param))


def test_every_json_download_has_a_schema(files: dict[str, str]) -> None:
    data = {p for p in files if p.endswith(".json") and not p.endswith(".schema.json")}
    schemas = {p for p in files if p.endswith(".schema.json")}
    assert data and {p.replace(".json", ".schema.json") for p in data} <= schemas
    assert len(schemas) == len(SCHEMAS)


def test_schemas_pass_the_metaschema_with_ecma_patterns(
    files: dict[str, str], tmp_path: Path
) -> None:
    """check-jsonschema reads every `pattern` as ECMA-262 (the dialect JSON Schema specifies)
    with the regress engine: an escape only Python accepts fails here."""
    paths = []
    for rel, text in files.items():
        if rel.endswith(".schema.json"):
            paths.append(tmp_path / Path(rel).name)
            paths[-1].write_text(text)
    run = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--check-metaschema", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_downloads_follow_their_schemas(files: dict[str, str]) -> None:
    for rel, text in files.items():
        if not rel.endswith(".json") or rel.endswith(".schema.json"):
            continue
        schema = json.loads(files[rel.replace(".json", ".schema.json")])
        document = json.loads(text)
        jsonschema.Draft202012Validator(schema).validate(document)
        jsonschema_rs.Draft202012Validator(schema).validate(document)


def test_committed_results_follow_the_result_schema(files: dict[str, str]) -> None:
    schema = json.loads(files["downloads/result.schema.json"])
    python = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    rust = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
    paths = sorted((DATA / "results").rglob("*.json"))
    for path in paths:
        document = json.loads(path.read_text())
        python.validate(document)
        rust.validate(document)
    bad = json.loads(paths[0].read_text()) | {"date": "2026-13-45"}
    assert not python.is_valid(bad) and not rust.is_valid(bad)


def test_a_field_the_schema_does_not_name_fails(files: dict[str, str]) -> None:
    schema = json.loads(files["downloads/estimates.schema.json"])
    document = json.loads(files["downloads/estimates.json"])
    slug = next(iter(document["models"]))
    document["models"][slug]["answer_extra"] = 1
    assert not jsonschema_rs.Draft202012Validator(schema).is_valid(document)


def test_json_downloads_hold_one_model_and_one_calibration_a_line(files: dict[str, str]) -> None:
    """estimates.json lays out one model a line, calibration.json one calibration field a
    line: each line holds a whole member, readable and comparable line by line."""
    estimates = json.loads(files["downloads/estimates.json"])
    lines = files["downloads/estimates.json"].splitlines()
    for slug, entry in estimates["models"].items():
        (line,) = [text for text in lines if text.startswith(f"  {json.dumps(slug)}: ")]
        assert json.loads(line.split(": ", 1)[1].rstrip(",")) == entry
    calibrations = json.loads(files["downloads/calibration.json"])
    lines = files["downloads/calibration.json"].splitlines()
    sweeps = [text for text in lines if text.startswith('   "sweep": ')]
    assert [json.loads(line.split(": ", 1)[1].rstrip(",")) for line in sweeps] == [
        entry["sweep"] for entry in calibrations["calibrations"].values()
    ]
