"""Bad input: every problem named by file and field, with what was expected, and exit code 1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

RUN = "results/tiny-1b/r1.json"


def edit_json(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def set_in(*keys: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for key in keys[:-1]:
            data = data[key]
        data[keys[-1]] = value

    return change


def delete(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.pop(key)


RESULT_CASES = [
    (
        "negative count",
        set_in("tiers", "T3", "wrong", value=-1),
        f"{RUN}: tiers.T3.wrong: got -1 (expected a value ≥ 0)",
    ),
    (
        "fractional count",
        set_in("tiers", "T4", "correct", value=2.5),
        f"{RUN}: tiers.T4.correct: got 2.5 (expected a whole number)",
    ),
    (
        "count as text",
        set_in("tiers", "T4", "correct", value="3"),
        f"{RUN}: tiers.T4.correct: got '3' (expected a whole number)",
    ),
    (
        "unknown tier",
        set_in("tiers", "T9", value={"correct": 1, "weak": 0, "wrong": 0, "refusal": 0}),
        f"{RUN}: tiers.T9: got 'T9' (expected one of 'T1', 'T2', 'T3', 'T4', 'T5', 'T6' or 'T7')",
    ),
    ("missing field", delete("judge"), f"{RUN}: judge: missing (expected a value)"),
    (
        "extra field",
        set_in("judge_notes", value="x"),
        f"{RUN}: judge_notes: unknown field (expected only the fields of the schema)",
    ),
    (
        "lambda out of range",
        set_in("reported", value={"accuracy": 0.3, "lambda": -7}),
        f"{RUN}: reported.lambda: got -7 (expected a value ≥ -5.0)",
    ),
    (
        "missing tier without reported",
        lambda d: d["tiers"].pop("T7"),
        f"{RUN}: (file): tiers T7 are missing; a partial run must give its reported accuracy",
    ),
    (
        "unknown model",
        set_in("model", value="nobody"),
        f"{RUN}: model: 'nobody' does not match its folder 'tiny-1b', and is not in the "
        "registry (expected the folder name)",
    ),
    (
        "run id does not match file",
        set_in("run_id", value="r9"),
        f"{RUN}: run_id: 'r9' does not match the file name 'r1' (expected the file name "
        "without .json)",
    ),
    (
        "slug escaping its folder",
        set_in("model", value="../../etc"),
        f"{RUN}: model: got '../../etc' (expected a slug: up to 80 lowercase letters, digits, "
        "'.', '_' or '-', starting with a letter or digit)",
    ),
    (
        "javascript URL in a source",
        set_in("source", value={"text": "x", "url": "javascript:alert(1)"}),
        f"{RUN}: source.url: got 'javascript:alert(1)' (expected an http:// or https:// URL "
        "without spaces, quotes or angle brackets)",
    ),
    (
        "a tier as a list",
        set_in("tiers", "T2", value=[1, 2, 3, 4]),
        f"{RUN}: tiers.T2: got [1, 2, 3, 4] (expected a mapping)",
    ),
    (
        "reported accuracy contradicts counts",
        set_in("reported", value={"accuracy": 0.9, "lambda": 0}),
        f"{RUN}: reported.accuracy: 0.900000 contradicts the counts, which give 0.300000 at λ=0 "
        "(expected within 1e-06 of the accuracy the counts give)",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [c[1:] for c in RESULT_CASES], ids=[c[0] for c in RESULT_CASES]
)
def test_bad_result_file(data_min: Path, run_cli, change, message: str) -> None:
    edit_json(data_min / RUN, change)
    code, out, err = run_cli("--data", str(data_min), "validate")
    assert code == 1
    assert out == ""
    lines = message.splitlines()
    plural = "s" if len(lines) > 1 else ""
    assert err.splitlines() == [*lines, f"{len(lines)} problem{plural} in the data"]


RAW_CASES = [
    (
        "invalid JSON",
        b'{"model": "tiny-1b",}',
        f"{RUN}: (file): invalid JSON at line 1, column 21: Expecting property name enclosed in "
        "double quotes (expected valid JSON)",
    ),
    (
        "NaN",
        b'{"model": NaN}',
        f"{RUN}: (file): invalid JSON: NaN is not a number JSON allows (expected valid JSON)",
    ),
    (
        "not UTF-8",
        b'\xff\xfe{"model": 1}',
        f"{RUN}: (file): not UTF-8 text (invalid start byte at byte 0) (expected UTF-8)",
    ),
    (
        "too big",
        b" " * 2_000_001,
        f"{RUN}: (file): file is 2,000,001 bytes (expected at most 2,000,000 bytes)",
    ),
]


@pytest.mark.parametrize(
    ("content", "message"), [c[1:] for c in RAW_CASES], ids=[c[0] for c in RAW_CASES]
)
def test_unreadable_result_file(data_min: Path, run_cli, content: bytes, message: str) -> None:
    (data_min / RUN).write_bytes(content)
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert (code, err.splitlines()) == (1, [message, "1 problem in the data"])


def test_every_problem_is_reported_in_one_pass(data_min: Path, run_cli) -> None:
    edit_json(data_min / RUN, set_in("tiers", "T3", "wrong", value=-1))
    (data_min / "results/big-1t/r1.json").write_text("{")
    (data_min / "calibration/mini.yaml").write_text("name: [unclosed\n")
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert code == 1
    assert err.splitlines() == [
        "calibration/mini.yaml: (file): invalid YAML at line 2, column 1: expected ',' or ']', "
        "but got '<stream end>' (expected valid YAML)",
        "results/big-1t/r1.json: (file): invalid JSON at line 1, column 2: Expecting property "
        "name enclosed in double quotes (expected valid JSON)",
        f"{RUN}: tiers.T3.wrong: got -1 (expected a value ≥ 0)",
        "3 problems in the data",
    ]


def test_registry_problems(data_min: Path, run_cli) -> None:
    registry = (data_min / "models.yaml").read_text()
    registry = registry.replace("params_B: 100, active_B: 10,", "params_B: 100, active_B: 200,")
    registry = registry.replace(
        "{slug: odd-50b, name: Odd 50B, vendor: lab-c, family: odd, "
        "arch: dense, open: true, params_B: 50, size_citation: "
        "{text: Fixture}}",
        "{slug: odd-50b, name: Odd 50B, vendor: "
        "lab-c, family: odd, arch: dense, open: true, params_B: 50}",
    )
    (data_min / "models.yaml").write_text(registry)
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert code == 1
    assert err.splitlines() == [
        "models.yaml: models[slug=odd-50b]: a known size (params_B) needs a size_citation",
        "1 problem in the data",
    ]


def test_cross_file_checks_run_after_schema_checks(data_min: Path, run_cli) -> None:
    registry = (data_min / "models.yaml").read_text()
    (data_min / "models.yaml").write_text(
        registry.replace("params_B: 100, active_B: 10,", "params_B: 100, active_B: 200,")
    )
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert (code, err.splitlines()) == (
        1,
        [
            "models.yaml: models[slug=mid-100b].active_B: 200.0 is above params_B 100.0 "
            "(expected active_B ≤ params_B)",
            "1 problem in the data",
        ],
    )


def test_unknown_default_calibration(data_min: Path, run_cli) -> None:
    site = (
        (data_min / "site.yaml")
        .read_text()
        .replace("default_calibration: mini", "default_calibration: other")
    )
    (data_min / "site.yaml").write_text(site)
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert (code, err.splitlines()) == (
        1,
        [
            "site.yaml: default_calibration: no calibration named 'other' (expected one of "
            "['mini'])",
            "1 problem in the data",
        ],
    )


def test_a_valid_dataset_passes(data_min: Path, run_cli) -> None:
    code, out, err = run_cli("--data", str(data_min), "validate")
    assert (code, out, err) == (0, "ok: 8 models, 9 result files, 1 calibration(s)\n", "")


def test_validating_one_file_outside_the_data_folder(
    data_min: Path, tmp_path: Path, run_cli
) -> None:
    outside = tmp_path / "r1.json"
    outside.write_text((data_min / RUN).read_text())
    assert run_cli("--data", str(data_min), "validate", str(outside))[0] == 0
    edit_json(outside, set_in("reported", value={"accuracy": 0.5, "lambda": 0}))
    code, _, err = run_cli("--data", str(data_min), "validate", str(outside))
    assert code == 1
    assert err.splitlines()[0].startswith(f"{outside}: reported.accuracy: 0.500000 contradicts")


def test_a_50_mb_file_is_refused_unread(data_min: Path, run_cli) -> None:
    with (data_min / RUN).open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert (code, err.splitlines()) == (
        1,
        [
            f"{RUN}: (file): file is 52,428,800 bytes (expected at most 2,000,000 bytes)",
            "1 problem in the data",
        ],
    )


def test_infinity_is_not_a_number(data_min: Path, run_cli) -> None:
    (data_min / RUN).write_text('{"reported": {"accuracy": Infinity}}')
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{RUN}: (file): invalid JSON: Infinity is not a number JSON allows (expected valid JSON)"
    )
