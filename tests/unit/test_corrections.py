"""Registry corrections: applied on load with their citation, refused by name when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from paramatlas.build import load_report
from paramatlas.methods import arch
from tests.conftest import DATA


def test_a_leak_is_never_a_known_size_nor_an_anchor() -> None:
    report = load_report(DATA)
    leaks = [m for m in report.data.models if m.unverified_B]
    assert leaks, "the committed registry holds at least one unverified reported size"
    cohort = {p.slug for c in report.calibrations for p in c.headline.points}
    anchors = {r.model.slug for r in report.analysis.anchors(set())}
    for model in leaks:
        assert model.params_B is None and model.slug not in cohort | anchors
        methods = {e.method: e for e in report.methods.estimates(model.slug)}
        assert "disclosed" not in methods and methods["reported"].confidence == "Speculative"


def test_every_correction_shows_upstreams_value_beside_ours() -> None:
    report = load_report(DATA)
    upstream = {m["slug"]: m for m in yaml.safe_load((DATA / "models.yaml").read_text())["models"]}
    for applied in report.data.corrections:
        for field, theirs, ours in applied.changes:
            assert theirs == upstream[applied.model].get(field) and theirs != ours
        assert applied.citation.url


def test_architecture_counts_agree_with_the_registry() -> None:
    report = load_report(DATA)
    for _, a in report.data.architectures:
        model = report.est.models[a.model]
        counted = arch.count(dict(a.config))
        assert counted.total / 1e9 == pytest.approx(model.params_B, rel=0.01), a.model
        assert (model.arch == "moe") == (counted.active < counted.total), a.model


@pytest.mark.parametrize(
    ("entry", "field", "problem"),
    [
        ({"model": "nope", "correct": {"arch": "moe"}}, "corrections[0].model", "unknown model"),
        ({"model": "gpt-4", "correct": {"size": 3}}, "corrections[0].correct", "not a registry"),
        ({"model": "gpt-4", "correct": {"arch": "sparse"}}, "corrections[0].correct", "Input"),
    ],
)
def test_a_bad_correction_is_named(data_min: Path, run_cli, entry, field, problem) -> None:
    models = yaml.safe_load((data_min / "models.yaml").read_text())["models"]
    entry = {**entry, "reason": "r", "citation": {"text": "t"}}
    if entry["model"] == "gpt-4":
        entry["model"] = models[0]["slug"]
    (data_min / "corrections.yaml").write_text(yaml.safe_dump({"corrections": [entry]}))
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert code == 1 and f"corrections.yaml: {field}: " in err and problem in err


def test_the_registry_block_names_each_fields_source() -> None:
    """A corrected field shows its correction's citation; a size cited only by upstream's
    registry, or any field no source covers, says it is unchecked."""
    from paramatlas.build import load_report
    from paramatlas.pages import render_all
    from paramatlas.upstream.common import REGISTRY_CITATION
    from paramatlas.views.models import field_sources
    from tests.conftest import DATA
    from tests.tables import page_text

    report = load_report(DATA)
    pages = render_all(report)
    for applied in report.data.corrections:
        sources = field_sources(report.est.models[applied.model], report.data.corrections)
        page = pages[f"models/{applied.model}.md"].split("## Registry entry")[1]
        for field, _, _ in applied.changes:
            assert sources[field] == applied.citation, (applied.model, field)
        assert applied.citation.text in page_text(page)
    upstream_sized = [
        m
        for m in report.est.models.values()
        if m.size_citation and m.size_citation.text == REGISTRY_CITATION["text"]
    ]
    assert upstream_sized
    for m in upstream_sized[:5]:
        assert "params_B" not in field_sources(m, report.data.corrections)
        block = pages[f"models/{m.slug}.md"].split("## Registry entry")[1]
        row = next(r for r in block.splitlines() if r.startswith("<tr><td>Known total size<"))
        assert row.endswith("<td>as listed, unchecked</td></tr>")
