"""Every committed data file validates, and the site's default calibration exists."""

from __future__ import annotations

from paramatlas.load import load_dataset
from paramatlas.validate import validate
from tests.conftest import DATA, FIXTURES


def test_committed_data_validates() -> None:
    data = load_dataset(DATA)
    assert validate(data) == []
    # One count set per model per calibration from the IKP pack; contributors add their own
    # runs beside them, so the counts are checked against the cohorts, not pinned.
    runs = [r.run_id for _, r in data.results]
    pairs = [(r.model, r.run_id) for _, r in data.results]
    assert len(pairs) == len(set(pairs))
    cohorts = {c.name: c for _, c in data.calibrations}
    assert runs.count("upstream-clean1311") >= len(cohorts["ikp-paper"].cohort)
    assert runs.count("upstream-all1400-v2") >= len(cohorts["ikp-refit-v2"].cohort)
    # The replication notes: five re-runs, two Gemini 3.5 Flash runs, upstream's 3-way reads.
    assert runs.count("notes-2026-05-replication") == 5
    assert runs.count("upstream-all1400-3way") == 6


def test_known_sizes_carry_a_citation() -> None:
    data = load_dataset(DATA)
    assert all(m.size_citation for m in data.models if m.params_B is not None)


def test_fixture_data_validates() -> None:
    assert validate(load_dataset(FIXTURES / "data_min")) == []
