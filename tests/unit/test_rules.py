"""The judgments of rules.py, on made-up readings and on the committed data, by rule."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import pytest
import yaml

from paramatlas import rules
from paramatlas.analyses.coverage import cohort_hits
from paramatlas.analyses.moe import moe_fits
from paramatlas.build import load_report
from paramatlas.pages import render_all
from paramatlas.present import fmt_b
from paramatlas.stats import fit_ols
from tests.conftest import DATA, ROOT


@dataclass(frozen=True)
class R:
    method: str
    confidence: str
    usable: bool = True


def test_summary_takes_the_first_usable_by_priority_then_confidence() -> None:
    ikp, quoted = R("ikp", "Medium"), R("quoted", "Speculative")
    assert rules.summary_of([quoted, ikp])[0] is ikp
    unusable_ikp = R("ikp", "Low", usable=False)
    assert rules.summary_of([unusable_ikp, quoted])[0] is quoted
    assert rules.summary_of([R("benchmark", "Low"), R("benchmark", "Speculative")])[0] == R(
        "benchmark", "Low"
    )
    assert rules.summary_of([unusable_ikp]) is None


@pytest.mark.parametrize(
    ("band", "fit", "beyond"),
    [((2000, 6000), (1, 1600), True), ((900, 3000), (1, 1600), False), ((0.1, 0.5), (1, 9), True)],
)
def test_a_band_beyond_the_fitted_sizes(band, fit, beyond) -> None:
    assert rules.beyond_fit(*band, *fit) is beyond


def test_a_score_that_beats_every_family_member_ranked_above_it_is_suspect() -> None:
    assert rules.suspect_score(58.8, [52.9, 26.9, 8.6])
    assert not rules.suspect_score(58.8, [52.9])  # one witness is not enough
    assert not rules.suspect_score(73.9, [71.6, 86.0])


@pytest.fixture(scope="module")
def report():
    return load_report(DATA)


def test_every_unusable_ikp_reading_is_never_a_summary_nor_feeds_compute(report) -> None:
    checked = 0
    for slug in report.est.models:
        for e in report.methods.estimates(slug):
            if e.usable:
                continue
            checked += 1
            summary = report.methods.summary(slug)
            assert summary is None or summary[0] is not e
            if e.method == "ikp":  # never the size compute starts from
                flop = report.methods.compute(slug).flop
                assert flop is None or flop != pytest.approx(6 * 20 * (e.params_B * 1e9) ** 2)
    assert checked >= 5


def test_the_case_study_model_comes_out_as_its_notes_conclude(report) -> None:
    """IKP gives no usable absolute size for it; the hardware figure is what stands."""
    slug = next(cs.study.model for cs in report.analysis.case_studies)
    ikp = next(e for e in report.methods.estimates(slug) if e.method == "ikp")
    assert not ikp.usable and ikp.params_B > 10_000
    best, reason = report.methods.summary(slug)
    assert best.interval == "quoted range" and 250 <= best.params_B <= 400
    assert "set aside" in reason
    assert report.methods.compute(slug).flop is None


def test_the_disagreement_ranking_counts_usable_readings_only(report) -> None:
    for d in report.methods.disagreements:
        assert len(d.usable) >= 2
        centers = [e.params_B for e in d.usable]
        assert d.factor == pytest.approx(max(centers) / min(centers))
    aside = [e for d in report.methods.set_aside for e in d.set_aside]
    assert aside and not any(e.usable for e in aside)


def test_no_model_is_named_in_decision_code() -> None:
    slugs = {m["slug"] for m in yaml.safe_load((DATA / "models.yaml").read_text())["models"]}
    for path in (ROOT / "paramatlas").rglob("*.py"):
        if "upstream" in path.parts:  # the importer reproduces upstream's own lists
            continue
        literals = set(re.findall(r"[\"']([a-z0-9][a-z0-9._-]+)[\"']", path.read_text()))
        assert not slugs & literals, f"{path.relative_to(ROOT)}: {sorted(slugs & literals)}"


def test_ikp_names_the_options_that_work(run_cli) -> None:
    code, _, err = run_cli("--data", str(DATA), "ikp", "gemini-3.5-flash")
    assert code == 1 and "--run notes-2026-05-run3 --as-published" in err
    code, out, _ = run_cli(
        "--data", str(DATA), "ikp", "gemini-3.5-flash", "--run", "notes-2026-05-run3",
        "--as-published",
    )  # fmt: skip
    assert code == 0 and "IKP reading" in out and "run notes-2026-05-run3" in out
    code, _, err = run_cli("--data", str(DATA), "ikp", "llama-3.1-405b")
    assert code == 1 and "no IKP run yet" in err


def test_case_study_accepts_json(run_cli) -> None:
    code, out, _ = run_cli("--data", str(DATA), "case-study", "gemini-3.5-flash", "--json")
    assert code == 0 and out.lstrip().startswith("{")


def test_band_coverage_is_measured_not_assumed(report) -> None:
    for view in report.calibrations:
        record, head = view.record, view.headline
        assert all(b.cohort_n == head.fit.n for b in record.bands)
        left_out = {e.model for e in view.spec.excluded}
        assert not {a.estimate.model for a in record.anchors} & left_out
        # One fold by hand: the first cohort model against the fit made without it.
        x = [p.log10_params for p in head.points]
        y = [p.accuracy for p in head.points]
        fit = fit_ols(x[1:], y[1:])
        error = abs(fit.log10_params(y[0]) - x[0])
        assert cohort_hits(head)["prediction"][0] == (error <= fit.prediction_half_log10(y[0]))
        for a in record.anchors:
            e = a.estimate
            assert a.inside["loo"] == (e.loo_low_B <= a.known_B <= e.loo_high_B)


def test_every_answer_follows_the_rules(report) -> None:
    grades = set()
    for slug in report.est.models:
        a = report.answer(slug)
        if a is None:
            continue
        grades.add(a.grade)
        if a.params_B is None:
            assert a.grade == "None" and report.methods.summary(slug) is None
            continue
        best, _ = report.methods.summary(slug)
        assert a.low_B <= a.params_B <= a.high_B
        assert all(a.low_B <= lo and hi <= a.high_B for _, lo, hi in a.spread)
        ikp = report.ikp.get(slug) if best.method == "ikp" else None
        low_conf = bool(ikp and {f.id for f in ikp.flags} & rules.LOW_CONFIDENCE_FLAGS)
        assert a.grade == rules.grade(best.method, best.confidence, a.high_B / a.low_B, low_conf)
        if best.method in ("disclosed", "architecture") and best.confidence == "High":
            assert a.grade == "High" and not a.would_change
        elif best.method == "disclosed":  # stated by its vendor, without the weights
            assert a.grade == "Moderate" and "disclosed" not in " ".join(a.would_change)
        else:
            assert a.grade != "High" and a.would_change[-1] == "a disclosed size"
        assert fmt_b(a.low_B if not a.central else a.params_B) in a.sentence
    assert {"High", "Low", "Very low", "None"} <= grades


def test_no_unusable_reading_sets_an_answers_range(report) -> None:
    """The plausible range combines usable readings only: a reading the judgments set aside
    (here, every IKP reading of another calibration whose LOO band lies beyond its cohort)
    never widens it, so it never lowers the grade either."""
    unusable = {
        (slug, e.label)
        for slug in report.est.models
        for e in report.methods.estimates(slug)
        if e.method == "ikp" and not e.usable
    }
    widened = 0
    # A training's answer reads its first model's readings (the one whose weights it runs).
    for slug in (s for s in report.est.models if report.methods.variants(s)[0].slug == s):
        a = report.answer(slug)
        if a is None or a.params_B is None:
            continue
        for name in report.est.calibrations:
            other = f"the {name} calibration's 90% prediction interval"
            readings = [e for e in report.methods.estimates(slug) if f"IKP ({name}," in e.label]
            if any(what == other for what, _, _ in a.spread):
                assert all(e.usable for e in readings), (slug, name)
            elif any((slug, e.label) in unusable for e in readings):
                widened += 1  # an unusable reading of this calibration: left out, as it must be
    assert widened >= 4


def test_compute_starts_from_the_trainings_ikp_size(report) -> None:
    """The size heuristic starts from the training's IKP size, the one its answer gives."""
    checked = 0
    for slug in report.est.models:
        c = report.methods.compute(slug)
        if c.method != "size heuristic":
            continue
        size = report.methods.training_ikp(slug)[0]
        assert c.flop == pytest.approx(6 * 20 * (size * 1e9) ** 2), slug
        a = report.answer(slug)
        if a is not None and a.basis.startswith("IKP"):
            assert a.params_B == pytest.approx(size), slug
        checked += 1
    assert checked >= 10


def test_a_models_reasoning_variants_widen_its_range(report) -> None:
    pairs = [
        (m.slug, v.slug)
        for m in report.est.models.values()
        for v in report.methods.variants(m.slug)
        if v.slug != m.slug
        and report.methods.summary(m.slug)
        and report.methods.summary(m.slug)[0].method == "ikp"
        and report.ikp.get(v.slug)
        and not report.ikp[v.slug].as_published
    ]
    assert pairs
    slug, variant = pairs[0]
    names = [what for what, _, _ in report.answer(slug).spread]
    assert report.est.models[variant].name in names


@pytest.mark.parametrize(
    ("r_squared", "folds", "closer"),
    [
        ({"total": 0.7, "active": 0.46}, {"total": 1.6, "active": 2.3}, "total"),
        ({"total": 0.4, "active": 0.6}, {"total": 2.0, "active": 1.5}, "active"),
        ({"total": 0.7, "active": 0.46}, {"total": 2.3, "active": 1.6}, None),
    ],
)
def test_closer_measure_needs_both_statistics(
    r_squared: dict[str, float], folds: dict[str, float], closer: str | None
) -> None:
    assert rules.closer_measure(r_squared, folds) == closer


def test_moe_fits_read_active_sizes_from_the_registry() -> None:
    report = load_report(DATA)
    cal = report.est.fitted("ikp-paper")
    moe = moe_fits(cal, report.est.models)
    assert moe is not None
    assert all(p.arch == "moe" for p in moe.points)
    assert moe.active.sizes_B == tuple(report.est.models[p.slug].active_B for p in moe.points)
    assert moe.total.sizes_B == tuple(p.params_B for p in moe.points)
    assert moe.total.fit.n == moe.active.fit.n == len(moe.points)
    # An active size the registry does not know leaves the model out, by name.
    unknown = moe.points[0].slug
    models = {**report.est.models}
    models[unknown] = models[unknown].model_copy(update={"active_B": None})
    fewer = moe_fits(cal, models)
    assert fewer is not None and fewer.without_active == (unknown,)
    assert len(fewer.points) == len(moe.points) - 1
    # Under three MoE members there is nothing to fit.
    few = dataclasses.replace(cal, points=moe.points[:2])
    assert moe_fits(few, report.est.models) is None


def test_track_record_states_coverage_in_and_out_of_sample_and_with_the_outliers(report) -> None:
    page = render_all(report)["track-record.md"]
    for view in report.calibrations:
        record = view.record
        if record is None:
            continue
        loo = next(b for b in record.bands if b.band == "loo")
        kept = sum(a.inside["loo"] for a in record.excluded)
        section = page.split(f"(calibration/{view.spec.name}.md)")[1]
        assert f"unlike the cohort's:\n{loo.anchors_covered} of {loo.anchors_n}" in section
        total = loo.anchors_n + len(record.excluded)
        assert f"LOO band would hold {loo.anchors_covered + kept} of {total}." in section
