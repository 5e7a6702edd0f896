"""Eval power: how finely a run's tier counts resolve the size they are read as, before any
other source of error (the cohort's scatter, the choice of calibration) is counted."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.analyses.replication import run_noise
from paramatlas.rules import EVAL_POWER_QUANTILE
from paramatlas.schema import ResultFile
from paramatlas.stats import TIERS, rerun_noise, two_sided_z


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
        """The run's noise floor as a ratio of sizes, 10 ** (accuracy_step / slope): two runs
        of one model read sizes up to this far apart with probability EVAL_POWER_QUANTILE."""
        return 10 ** (self.accuracy_step / self.slope)


def run_power(run: ResultFile, lam: float, slope: float) -> RunPower | None:
    """The run's power when read at `lam` with a fit of `slope`; None for a partial run (its
    missing tiers would overstate it) or a fit that does not rise with size."""
    if not run.complete or slope <= 0:
        return None
    return RunPower(run.run_id, run_noise(run, lam, EVAL_POWER_QUANTILE), slope)


def quantile_z() -> float:
    """The normal quantile of |Δ| at EVAL_POWER_QUANTILE, as stats.rerun_noise takes it."""
    return two_sided_z(EVAL_POWER_QUANTILE)


def planned_counts(probes: int, accuracy: float) -> dict[str, dict[str, float]]:
    """The counts a run planned with `probes` per tier is expected to give when every tier is
    answered correctly at `accuracy` and wrongly otherwise: the eval power calculator's design,
    which the methods page computes in the browser the same way."""
    answers = {"correct": probes * accuracy, "weak": 0.0, "wrong": probes * (1 - accuracy)}
    return {tier: {**answers, "refusal": 0.0} for tier in TIERS}


def planned_power(probes: int, accuracy: float, slope: float) -> RunPower:
    """The eval power of such a planned run at λ = 0, read with a fit of `slope`."""
    step = rerun_noise(planned_counts(probes, accuracy), 0.0, quantile=EVAL_POWER_QUANTILE)
    return RunPower("planned", step, slope)
