"""View-models of a model page: its runs tier by tier, and the reading that stands for it."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.analyses.power import RunPower, run_power
from paramatlas.corrections import Applied
from paramatlas.estimator import Estimator
from paramatlas.hazards import Flag
from paramatlas.readings import Estimate, EstimateError, matches
from paramatlas.schema import Citation, ModelEntry, ResultFile
from paramatlas.schema_probes import ProbeSamplesFile
from paramatlas.stats import TIERS, tier_score, wilson_intervals
from paramatlas.upstream.common import REGISTRY_CITATION
from paramatlas.views.samples import SamplesView, samples_view

Wilson = dict[tuple[int, int], tuple[float, float] | None]


@dataclass(frozen=True)
class TierRow:
    tier: str
    correct: int
    weak: int
    wrong: int
    refusal: int
    total: int
    query_errors: int | None
    correct_rate: float | None
    wilson: tuple[float, float] | None
    score: float
    """The tier score at the run's λ."""


@dataclass(frozen=True)
class RunView:
    result: ResultFile
    file: str
    calibration: str | None
    """The calibration whose scoring this run matches, if any."""
    lam: float
    """The λ its tier scores are shown at: its calibration's headline λ, else 0."""
    estimate: Estimate | None
    """Read with the matching calibration, or as published when none matches."""
    estimate_error: str | None
    tiers: tuple[TierRow, ...]
    flags: tuple[Flag, ...]
    power: RunPower | None = None
    """How finely the run resolves size, read with its calibration (a complete run only)."""


@dataclass(frozen=True)
class ModelView:
    entry: ModelEntry
    runs: tuple[RunView, ...]
    estimate: Estimate | None
    """With the default calibration at its headline λ."""
    estimate_error: str | None
    primary: RunView | None
    """The run the default estimate reads."""
    published: Estimate | None
    """Without a default estimate: the newest clean run read as its source published it."""
    in_cohort: bool
    loo_fold: float | None
    """Leave-one-out fold error, for a cohort model."""
    known_fold: float | None
    """Estimate over known size (or its inverse), for a model of known size."""
    samples: SamplesView | None = None
    """Sample responses of one run, for a model whose per-probe answers are public."""


def tier_rows(
    result: ResultFile,
    lam: float,
    wilson: Wilson | None = None,
) -> tuple[TierRow, ...]:
    """Per-tier counts, rates, Wilson intervals (from `wilson` when given) and scores."""
    tiers = [(t, result.tiers[t]) for t in TIERS if t in result.tiers]
    if wilson is None:
        pairs = [(c.correct, c.total) for _, c in tiers]
        wilson = (
            dict(zip(pairs, wilson_intervals(*zip(*pairs, strict=True)), strict=True))
            if pairs
            else {}
        )
    rows = []
    for tier, c in tiers:
        qe = result.query_errors.get(tier) if result.query_errors else None
        rows.append(
            TierRow(
                tier,
                c.correct,
                c.weak,
                c.wrong,
                c.refusal,
                c.total,
                qe,
                c.correct / c.total if c.total else None,
                wilson[c.correct, c.total],
                tier_score(c.correct, c.weak, c.wrong, c.refusal, lam),
            )
        )
    return tuple(rows)


def wilson_table(results: list[ResultFile]) -> Wilson:
    """Every (correct, total) pair of every run, intervals computed in one call."""
    pairs = sorted({(c.correct, c.total) for r in results for c in r.tiers.values()})
    if not pairs:
        return {}
    return dict(zip(pairs, wilson_intervals(*zip(*pairs, strict=True)), strict=True))


def run_view(est: Estimator, rel: str, run: ResultFile, wilson: Wilson) -> RunView:
    """A run read with the calibration scored like it, else as its source published it."""
    name = next(
        (n for n, (_, spec) in sorted(est.calibrations.items()) if matches(run, spec.scoring)),
        None,
    )
    estimate, error, lam, power = None, None, 0.0, None
    try:
        if name is not None:
            cal = est.fitted(name)
            lam = cal.lam
            power = run_power(run, lam, cal.fit.slope)
            estimate = est.read(run, cal)
        elif run.reported is not None:
            lam = run.reported.lam
            estimate = est.as_published(run)
    except EstimateError as exc:
        error = str(exc)
    return RunView(
        run,
        rel,
        name,
        lam,
        estimate,
        error,
        tier_rows(run, lam, wilson),
        est.run_flags[run.model, run.run_id],
        power,
    )


def model_view(
    est: Estimator,
    model: ModelEntry,
    wilson: Wilson,
    cohort_folds: dict[str, float],
    samples: ProbeSamplesFile | None = None,
) -> ModelView:
    """A model's runs, its default estimate and, without one, its best run as published, and
    its sample responses when they are public."""
    runs = tuple(run_view(est, rel, r, wilson) for rel, r in est.runs.get(model.slug, []))
    try:
        estimate, error = est.estimate(model.slug), None
    except EstimateError as exc:
        estimate, error = None, str(exc)
    primary = next(
        (
            r
            for r in runs
            if estimate
            and r.result.run_id == estimate.run_id
            and r.calibration == estimate.calibration
        ),
        None,
    )
    known = estimate.params_B / model.params_B if estimate and model.params_B else None
    published = None
    if estimate is None:
        readable = [r for r in runs if r.estimate and r.estimate.as_published]
        readable.sort(key=lambda r: est.preference(r.result))
        published = readable[-1].estimate if readable else None
    return ModelView(
        model,
        runs,
        estimate,
        error,
        primary,
        published,
        model.slug in cohort_folds,
        cohort_folds.get(model.slug),
        known,
        samples_view(samples) if samples else None,
    )


def field_sources(entry: ModelEntry, applied: tuple[Applied, ...]) -> dict[str, Citation]:
    """The cited source of each registry field a model page shows: a correction's citation,
    the entry's own size or weights citation. A field not here is as the registry lists it,
    unchecked (upstream's registry cites no source of its own)."""
    out: dict[str, Citation] = {}
    if entry.size_citation and entry.size_citation.text != REGISTRY_CITATION["text"]:
        out["params_B"] = entry.size_citation
    if entry.weights_citation:
        out["same_weights_as"] = entry.weights_citation
    for a in applied:
        if a.model == entry.slug:
            out |= {field: a.citation for field, _, _ in a.changes}
    return out
