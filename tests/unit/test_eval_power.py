"""Eval power: the size ratio each run resolves, each tier's Wilson interval, and the models a
run cannot order, the same on the model page, in the downloads and from the command line."""

from __future__ import annotations

import json
import math
import re

import pytest

from paramatlas.analyses.power import run_power
from paramatlas.build import load_report
from paramatlas.downloads import downloads
from paramatlas.pages import render_all
from paramatlas.rules import EVAL_POWER_QUANTILE, FEW_CORRECT
from paramatlas.schema import ResultFile
from paramatlas.stats import rerun_noise, wilson_interval
from paramatlas.views.report import Report
from tests.conftest import DATA
from tests.tables import cell_texts


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(DATA)


@pytest.fixture(scope="module")
def pages(report: Report) -> dict[str, str]:
    return render_all(report)


def scaled(run: ResultFile, factor: int) -> ResultFile:
    """The same verdict shares over `factor` times the probes."""
    tiers = {
        t: {k: v * factor for k, v in c.model_dump().items() if k != "total"}
        for t, c in run.tiers.items()
    }
    return run.model_copy(update={"tiers": {t: type(run.tiers[t])(**c) for t, c in tiers.items()}})


def complete_runs(report: Report):
    return [(v, r) for v in report.models for r in v.runs if r.power]


def test_the_ratio_is_the_rerun_quantile_read_through_the_slope(report: Report) -> None:
    runs = complete_runs(report)
    assert runs  # the committed data have complete runs a calibration reads
    for _, r in runs:
        counts = {t: c.model_dump() for t, c in r.result.tiers.items()}
        step = rerun_noise(counts, r.lam, quantile=EVAL_POWER_QUANTILE)
        slope = report.est.fitted(r.calibration).fit.slope
        assert r.power.accuracy_step == step
        assert r.power.size_ratio == pytest.approx(10 ** (step / slope), rel=1e-12)
        assert r.power.size_ratio > 1


def test_four_times_the_probes_halve_the_log_ratio(report: Report) -> None:
    """The step is a standard error's multiple: it falls as 1/√n (away from the floor)."""
    _, r = max(complete_runs(report), key=lambda vr: vr[1].power.accuracy_step)
    one = run_power(r.result, r.lam, r.power.slope)
    four = run_power(scaled(r.result, 4), r.lam, r.power.slope)
    ratio = math.log(four.size_ratio) / math.log(one.size_ratio)
    assert ratio == pytest.approx(0.5, abs=0.05)


def test_a_partial_run_or_a_flat_fit_has_no_ratio(report: Report) -> None:
    _, r = complete_runs(report)[0]
    partial = r.result.model_copy(update={"tiers": dict(list(r.result.tiers.items())[:6])})
    assert not partial.complete and run_power(partial, r.lam, 0.15) is None
    assert run_power(r.result, r.lam, 0.0) is None


def test_the_page_the_download_and_the_command_agree(report: Report, pages, run_cli) -> None:
    models = json.loads(downloads(report)["downloads/estimates.json"])["models"]
    checked = 0
    for v in report.models:
        page = pages[f"models/{v.entry.slug}.md"]
        powers = models[v.entry.slug]["eval_power"]
        assert [p["run_id"] for p in powers] == [r.result.run_id for r in v.runs]
        section = page.split("## Eval power")[-1].split("\n## ")[0]
        for r, p in zip(v.runs, powers, strict=True):
            start = f"<tr><td><code>{r.result.run_id}</code></td>"
            row = next(line for line in section.splitlines() if line.startswith(start))
            cell = cell_texts(row)[-1]
            if r.power is None:
                assert cell == "—" and p["size_ratio"] is None
                continue
            assert p["size_ratio"] == r.power.size_ratio and cell == f"{p['size_ratio']:.2f}×"
            for tier, t in zip(p["tiers"], r.tiers, strict=True):
                assert (tier["wilson_low"], tier["wilson_high"]) == (t.wilson or (None, None))
            checked += 1
    assert checked
    slug = next(v.entry.slug for v, _ in complete_runs(report))
    code, out, _ = run_cli("--data", str(DATA), "estimate", slug, "--json")
    assert code == 0 and json.loads(out)["eval_power"] == models[slug]["eval_power"]


def test_a_tier_with_few_correct_answers_states_the_rate_it_still_allows(
    report: Report, pages
) -> None:
    stated = 0
    for v in report.models:
        shown = v.primary or (v.runs[-1] if v.runs else None)
        if shown is None:
            continue
        page = pages[f"models/{v.entry.slug}.md"]
        for t in shown.tiers:
            sentence = f"{t.tier}'s {t.correct} correct of {t.total} still allow"
            if t.correct <= FEW_CORRECT and t.total:  # a tier with no counted probe has none
                high = wilson_interval(t.correct, t.total)[1]
                assert re.search(rf"{sentence}s? a true rate up to {100 * high:.1f}%", page)
                stated += 1
            else:
                assert sentence not in page
    assert stated  # the committed data have such tiers
    assert wilson_interval(0, 200)[1] == pytest.approx(0.0188, abs=1e-4)  # the page's example


def test_the_models_a_run_cannot_order_are_those_within_its_ratio(report: Report) -> None:
    readings = {
        v.entry.slug: v.estimate.params_B
        for v in report.models
        if v.estimate and v.estimate.params_B and not v.entry.same_weights_as
    }
    listed = 0
    for v in report.models:
        count, near = report.alike(v.entry.slug, named=len(readings))
        power = v.primary.power if v.primary else None
        if not (power and v.estimate and v.estimate.params_B):
            assert (count, near) == (0, [])
            continue
        own = v.estimate.params_B
        training = {m.slug for m in report.methods.variants(v.entry.slug)}
        expected = {
            s
            for s, size in readings.items()
            if s not in training and max(size / own, own / size) < power.size_ratio
        }
        assert set(near) == expected and count == len(expected), v.entry.slug
        distances = [abs(math.log(readings[s] / own)) for s in near]
        assert distances == sorted(distances)
        # The page names the nearest few (equally near ones in either order).
        named = report.alike(v.entry.slug)[1]
        assert [abs(math.log(readings[s] / own)) for s in named] == distances[:5]
        listed += bool(near)
    assert listed


def test_the_calculators_design_is_a_run_with_those_counts(report: Report) -> None:
    """The methods page's calculator reads a planned design as the model pages read a run."""
    from paramatlas.analyses.power import planned_counts, planned_power

    _, r = complete_runs(report)[0]
    tiers = {t: {k: int(v) for k, v in c.items()} for t, c in planned_counts(200, 0.25).items()}
    run = r.result.model_copy(
        update={"tiers": {t: type(r.result.tiers[t])(**c) for t, c in tiers.items()}}
    )
    assert planned_power(200, 0.25, 0.15).size_ratio == run_power(run, 0.0, 0.15).size_ratio
