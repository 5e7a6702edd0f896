"""Replication: re-runs of a case study's models against upstream's count sets, judged against
the claim as its source stated it and against the difference run-to-run noise alone produces."""

from __future__ import annotations

import math
from dataclasses import dataclass

from paramatlas.estimator import Estimator
from paramatlas.readings import Calibrated, Estimate
from paramatlas.rules import RERUN_NOISE_QUANTILE
from paramatlas.schema import CaseStudy, ModelEntry, ResultFile, Scoring
from paramatlas.stats import rerun_noise


@dataclass(frozen=True)
class ReplicationRow:
    model: ModelEntry
    rerun: ResultFile
    upstream: ResultFile
    rerun_accuracy: float
    upstream_accuracy: float
    upstream_from_counts: bool
    delta: float
    within_claim: bool
    """|Δ| within the replication claim as its source stated it."""
    noise: float | None
    """|Δ| that run-to-run noise alone exceeds with probability 1 − RERUN_NOISE_QUANTILE;
    None when the model has no complete count set over the same probes."""
    noise_run: str | None
    """The complete count set the noise was drawn from."""
    estimate: Estimate

    @property
    def within_noise(self) -> bool | None:
        return None if self.noise is None else within(self.delta, self.noise)


def within(delta: float, bound: float) -> bool:
    """|delta| ≤ bound, where a difference of accuracies given to four places that equals the
    bound (0.3386 − 0.3436) counts as equal despite the binary floating-point remainder."""
    return abs(delta) <= bound or math.isclose(abs(delta), bound, rel_tol=1e-9)


def run_noise(run: ResultFile, lam: float, quantile: float = RERUN_NOISE_QUANTILE) -> float:
    """|Δ accuracy| at λ that two runs drawn like `run` exceed by chance alone with probability
    1 − `quantile`."""
    counts = {t: c.model_dump() for t, c in run.tiers.items()}
    return rerun_noise(counts, lam, quantile=quantile)


def estimate_noise(est: Estimator, estimate: Estimate) -> float | None:
    """Run-to-run noise of the count set an estimate was read from; None when it is not
    complete (a partial run's missing tiers would understate it)."""
    run = next(r for _, r in est.runs[estimate.model] if r.run_id == estimate.run_id)
    return run_noise(run, estimate.lam) if run.complete else None


def noise_source(est: Estimator, slug: str, scoring: Scoring) -> ResultFile | None:
    """The model's complete count set over the same probes: scored the same way if one is,
    else the one that stands for the model."""
    complete = [r for _, r in est.runs[slug] if r.complete and r.scoring.probes == scoring.probes]
    return max(complete, key=lambda r: (r.scoring == scoring, est.preference(r)), default=None)


def replication_rows(
    est: Estimator, study: CaseStudy, cal: Calibrated
) -> tuple[ReplicationRow, ...]:
    """Each re-run's accuracy against upstream's at the λ it was reported at, and the re-run
    read as its source published it."""
    rows = []
    for pair in study.replication:
        runs = {r.run_id: r for _, r in est.runs[pair.model]}
        rerun, upstream = runs[pair.rerun], runs[pair.upstream]
        lam = rerun.reported.lam if rerun.reported else cal.lam
        a, b = est.run_accuracy(rerun, lam), est.run_accuracy(upstream, lam)
        source = noise_source(est, pair.model, upstream.scoring)
        noise = None if source is None else run_noise(source, lam)
        estimate = est.estimate(
            rerun.model, study.calibration, lam, run_id=rerun.run_id, as_published=True
        )
        claim = study.published.replication_claim
        rows.append(
            ReplicationRow(
                est.models[pair.model],
                rerun,
                upstream,
                a,
                b,
                upstream.complete,
                a - b,
                claim is not None and within(a - b, claim),
                noise,
                source.run_id if source else None,
                estimate,
            )
        )
    return tuple(rows)
