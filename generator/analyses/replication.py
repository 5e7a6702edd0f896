"""Replication: re-runs of a case study's models against upstream's count sets."""

from __future__ import annotations

from dataclasses import dataclass

from generator.estimator import Calibrated, Estimate, Estimator
from generator.schema import CaseStudy, ModelEntry, ResultFile


@dataclass(frozen=True)
class ReplicationRow:
    model: ModelEntry
    rerun: ResultFile
    upstream: ResultFile
    rerun_accuracy: float
    upstream_accuracy: float
    upstream_from_counts: bool
    delta: float
    passed: bool
    estimate: Estimate


def replication_rows(
    est: Estimator, study: CaseStudy, cal: Calibrated
) -> tuple[ReplicationRow, ...]:
    """Each re-run's accuracy against upstream's at the λ it was reported at, within the
    study's tolerance or not, and the re-run read as its source published it."""
    rows = []
    for pair in study.replication:
        runs = {r.run_id: r for _, r in est.runs[pair.model]}
        rerun, upstream = runs[pair.rerun], runs[pair.upstream]
        lam = rerun.reported.lam if rerun.reported else cal.lam
        a = est.run_accuracy(rerun, lam)
        b = est.run_accuracy(upstream, lam)
        estimate = est.estimate(
            rerun.model, study.calibration, lam, run_id=rerun.run_id, as_published=True
        )
        rows.append(
            ReplicationRow(
                est.models[pair.model],
                rerun,
                upstream,
                a,
                b,
                upstream.complete,
                a - b,
                abs(a - b) <= study.replication_tolerance,
                estimate,
            )
        )
    return tuple(rows)
