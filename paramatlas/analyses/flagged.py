"""Every run with a hazard flag, for the hazards page."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas import hazards
from paramatlas.estimator import Estimator
from paramatlas.hazards import Flag
from paramatlas.schema import ModelEntry


@dataclass(frozen=True)
class FlaggedRun:
    model: ModelEntry
    run_id: str
    flag: Flag


def flagged_runs(est: Estimator) -> tuple[FlaggedRun, ...]:
    out = []
    for slug, runs in sorted(est.runs.items()):
        model = est.models.get(slug)
        if model is None:
            continue
        for _, run in runs:
            for flag in (*est.run_flags[slug, run.run_id], *hazards.model_flags(model)):
                out.append(FlaggedRun(model, run.run_id, flag))
    return tuple(out)
