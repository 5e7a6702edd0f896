"""Eval power: how finely a run's tier counts resolve the size they are read as, before any
other source of error (the cohort's scatter, the choice of calibration) is counted."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.analyses.replication import run_noise
from paramatlas.rules import EVAL_POWER_QUANTILE
from paramatlas.schema import ResultFile


@dataclass(frozen=True)
class RunPower:
    run_id: str
    accuracy_step: float
    """|Δ accuracy| that two runs drawn like this one exceed by chance alone with probability
    1 − EVAL_POWER_QUANTILE."""
    slope: float
    """The reading calibration's accuracy per tenfold of size."""

    @property
    def size_ratio(self) -> float:
        """The smallest ratio of sizes the run tells apart: 10 ** (accuracy_step / slope)."""
        return 10 ** (self.accuracy_step / self.slope)


def run_power(run: ResultFile, lam: float, slope: float) -> RunPower | None:
    """The run's power when read at `lam` with a fit of `slope`; None for a partial run (its
    missing tiers would overstate it) or a fit that does not rise with size."""
    if not run.complete or slope <= 0:
        return None
    return RunPower(run.run_id, run_noise(run, lam, EVAL_POWER_QUANTILE), slope)
