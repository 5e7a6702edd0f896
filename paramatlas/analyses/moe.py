"""Total or active parameters: which size the mixture-of-experts models of a cohort follow.

The calibration reads total parameters for every model. For its MoE members of known active
size, the same line is fitted twice, once on total and once on active parameters, so a reader
can see which measure their accuracy tracks (R² and leave-one-out error of each)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from paramatlas import rules
from paramatlas.readings import Calibrated, CohortPoint
from paramatlas.schema import ModelEntry
from paramatlas.stats import Fit, LooResult, fit_ols, leave_one_out

MIN_MODELS = 3


@dataclass(frozen=True)
class MeasureFit:
    """The cohort's MoE members fitted on one size measure."""

    measure: str
    sizes_B: tuple[float, ...]
    fit: Fit
    loo: LooResult


@dataclass(frozen=True)
class MoeFits:
    points: tuple[CohortPoint, ...]
    total: MeasureFit
    active: MeasureFit
    without_active: tuple[str, ...]
    """MoE cohort members left out because their active size is not known."""
    corrected: tuple[str, ...] = ()
    """Members that are MoE only by a registry correction (upstream lists another arch)."""

    @property
    def closer(self) -> str | None:
        """The measure these models' accuracy follows more closely, by the site's rule."""
        fits = (self.total, self.active)
        return rules.closer_measure(
            {m.measure: m.fit.r_squared for m in fits},
            {m.measure: m.loo.median_fold for m in fits},
        )


def _measure(name: str, sizes: list[float], points: list[CohortPoint]) -> MeasureFit:
    x = [math.log10(s) for s in sizes]
    y = [p.accuracy for p in points]
    return MeasureFit(name, tuple(sizes), fit_ols(x, y), leave_one_out(x, y))


def moe_fits(
    cal: Calibrated, models: Mapping[str, ModelEntry], corrected_arch: frozenset[str] = frozenset()
) -> MoeFits | None:
    """Both fits over the cohort's MoE members of known active size; None under 3 of them."""
    moe = [p for p in cal.points if p.arch == "moe"]
    known = [p for p in moe if (m := models.get(p.slug)) is not None and m.active_B]
    if len(known) < MIN_MODELS:
        return None
    active = [models[p.slug].active_B or 0.0 for p in known]
    return MoeFits(
        tuple(known),
        _measure("total", [p.params_B for p in known], known),
        _measure("active", active, known),
        tuple(sorted(p.slug for p in moe if p not in known)),
        tuple(sorted(p.slug for p in known if p.slug in corrected_arch)),
    )
