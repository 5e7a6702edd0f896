"""Every committed data file validates, and the site's default calibration exists."""

from __future__ import annotations

from generator.load import load_dataset
from generator.validate import validate
from tests.conftest import DATA, FIXTURES


def test_committed_data_validates() -> None:
    data = load_dataset(DATA)
    assert validate(data) == []
    assert len(data.models) == 203  # the IKP roster, Gemini 3.5 Flash and Llama 3.1 405B
    # One count set per model per calibration: 201 evaluated, 188 in the refit assembly.
    runs = [r.run_id for _, r in data.results]
    assert (runs.count("upstream-clean1311"), runs.count("upstream-all1400-v2")) == (201, 188)
    # The replication notes: five re-runs, two Gemini 3.5 Flash runs, upstream's 3-way reads.
    assert runs.count("notes-2026-05-replication") == 5
    assert runs.count("upstream-all1400-3way") == 6


def test_known_sizes_carry_a_citation() -> None:
    data = load_dataset(DATA)
    assert all(m.size_citation for m in data.models if m.params_B is not None)


def test_fixture_data_validates() -> None:
    assert validate(load_dataset(FIXTURES / "data_min")) == []
