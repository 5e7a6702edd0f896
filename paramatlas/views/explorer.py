"""What a calibration page's λ explorer recomputes in the browser: the committed tier counts of
the calibration's cohort and of every model it can read at any λ, with the headline values
the page shows before any script runs."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.estimator import Estimator
from paramatlas.readings import Calibrated, matches
from paramatlas.schema import ResultFile
from paramatlas.stats import TIERS, student_t_quantile


@dataclass(frozen=True)
class ExplorerRow:
    slug: str
    name: str
    run_id: str
    accuracy: float
    """At the headline λ."""
    params_B: float
    pi_low_B: float
    pi_high_B: float


@dataclass(frozen=True)
class LambdaExplorer:
    calibration: str
    headline: Calibrated
    rows: tuple[ExplorerRow, ...]
    partial: tuple[str, ...]
    """Models whose only readable runs give an accuracy at one λ, not counts: not rescored."""
    data: dict


def counts(run: ResultFile) -> list[list[int]]:
    """Per tier T1..T7: correct, weak, wrong, refusal."""
    return [
        [run.tiers[t].correct, run.tiers[t].weak, run.tiers[t].wrong, run.tiers[t].refusal]
        for t in TIERS
    ]


def rescorable_run(est: Estimator, slug: str, head: Calibrated) -> ResultFile | None:
    """The run an estimate reads at a λ no source reported: the preferred complete run."""
    runs = [r for _, r in est.runs.get(slug, []) if matches(r, head.spec.scoring) and r.complete]
    return max(runs, key=est.preference) if runs else None


def explorer_row(est: Estimator, slug: str, run: ResultFile, head: Calibrated) -> ExplorerRow:
    """The headline reading of one run, as every page shows it (Estimator.read)."""
    e = est.read(run, head)
    name = est.models[slug].name
    return ExplorerRow(slug, name, run.run_id, e.accuracy, e.params_B, e.pi_low_B, e.pi_high_B)


def lambda_explorer(est: Estimator, head: Calibrated) -> LambdaExplorer:
    runs = {p.slug: p.run_id for p in head.points}
    cohort = []
    for p in head.points:
        run = next(r for _, r in est.runs[p.slug] if r.run_id == runs[p.slug])
        cohort.append({"slug": p.slug, "params_B": p.params_B, "tiers": counts(run)})
    rows, partial, models = [], [], []
    for model in sorted(est.data.models, key=lambda m: m.name):
        run = rescorable_run(est, model.slug, head)
        if run is None:
            if any(matches(r, head.spec.scoring) for _, r in est.runs.get(model.slug, [])):
                partial.append(model.slug)
            continue
        rows.append(explorer_row(est, model.slug, run, head))
        models.append({"slug": model.slug, "tiers": counts(run)})
    data = {
        "calibration": head.spec.name,
        "headline_lambda": head.lam,
        # Student's t for a 90% interval with n − 2 degrees of freedom: n does not move with λ.
        "t90": student_t_quantile(0.95, len(head.points) - 2),
        "cohort": cohort,
        "models": models,
    }
    return LambdaExplorer(head.spec.name, head, tuple(rows), tuple(partial), data)
