"""Which models are one training is a registry fact (`same_weights_as`, cited), never read
from ids or names; one training gets one answer and one training-compute figure."""

from __future__ import annotations

import pytest
import yaml

from paramatlas.build import load_report
from paramatlas.views.report import Report
from tests.conftest import DATA


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(DATA)


def test_one_training_has_one_size_one_answer_and_one_compute_figure(report: Report) -> None:
    shared = 0
    for slug, model in report.est.models.items():
        training = report.methods.variants(slug)
        assert slug in {m.slug for m in training}
        base = training[0]
        assert base.same_weights_as is None and model.same_weights_as in (None, base.slug)
        assert len({m.params_B for m in training if m.params_B}) <= 1, slug
        numbers = {
            (a.params_B, a.low_B, a.high_B, a.grade)
            for m in training
            if (a := report.answer(m.slug)) is not None
        }
        assert len(numbers) <= 1, slug
        assert len({report.methods.compute(m.slug).flop for m in training}) == 1, slug
        shared += len(training) > 1
    assert shared >= 20  # the committed registry declares such trainings


def test_every_reasoning_twin_of_the_pack_is_declared(report: Report) -> None:
    """An audit of the registry's completeness: a reasoning model queried under the id of a
    model without reasoning runs its weights (the pack's README), and must say so."""
    plain = {m.api_id: m.slug for m in report.est.models.values() if not m.thinking}
    for m in report.est.models.values():
        if m.thinking and m.api_id in plain:
            assert m.same_weights_as == plain[m.api_id], m.slug


def test_models_of_different_sizes_are_never_one_training(report: Report) -> None:
    for model in report.est.models.values():
        for other in report.methods.variants(model.slug):
            if model.params_B and other.params_B:
                assert model.params_B == other.params_B, (model.slug, other.slug)


@pytest.mark.parametrize(
    ("declared", "problem"),
    [
        ("nope", "'nope' is not in the registry"),
        ("small-10b", "known sizes differ: 1.0B here, 10.0B for small-10b"),
        ("tiny-1b", "'tiny-1b' is the model itself"),
    ],
)
def test_a_wrong_declaration_names_the_file_and_field(
    data_min, run_cli, declared: str, problem: str
) -> None:
    path = data_min / "models.yaml"
    registry = yaml.safe_load(path.read_text())
    tiny = next(m for m in registry["models"] if m["slug"] == "tiny-1b")
    tiny["same_weights_as"] = declared
    tiny["weights_citation"] = {"text": "a test"}
    path.write_text(yaml.safe_dump(registry))
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert code == 1 and "Traceback" not in err
    assert f"models.yaml: models[slug=tiny-1b].same_weights_as: {problem}" in err


def test_a_declaration_needs_its_citation(data_min, run_cli) -> None:
    path = data_min / "models.yaml"
    registry = yaml.safe_load(path.read_text())
    registry["models"][0]["same_weights_as"] = registry["models"][1]["slug"]
    path.write_text(yaml.safe_dump(registry))
    code, _, err = run_cli("--data", str(data_min), "validate")
    assert code == 1 and "same_weights_as needs a weights_citation" in err


def test_the_home_table_and_charts_give_one_entry_per_training(report: Report) -> None:
    from paramatlas.pages import environment, render_all
    from paramatlas.views.overview import answer_rows, release_rows
    from tests.tables import first_link, table_rows

    env = environment()
    home = render_all(report, env)["index.md"]
    rows = table_rows("index.md", home, env.globals["pictures"])
    firsts = [first_link(r).split("/")[1] for r in rows]
    bases = {m.slug for m in report.est.models.values() if not m.same_weights_as}
    assert sorted(firsts) == sorted(bases)
    for rows_of in (answer_rows, release_rows):
        assert {r["slug"] for r in rows_of(report)} <= bases
