"""Anchors: how far IKP over- or under-estimates the models whose size is known."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.estimator import Estimator
from paramatlas.hazards import PROBES_PUBLIC
from paramatlas.readings import Calibrated, EstimateError
from paramatlas.rules import FRONTIER_MIN_B
from paramatlas.schema import ModelEntry


@dataclass(frozen=True)
class AnchorRow:
    model: ModelEntry
    estimate_B: float
    factor: float
    out_of_sample: bool
    """True when the factor comes from the fit made without the model (LOO)."""
    highlighted: bool

    @property
    def released_before_probes(self) -> bool | None:
        """Released before the probe set was public: its training is unlikely to hold them."""
        date = self.model.release_date
        return None if date is None else date < PROBES_PUBLIC


def anchors(est: Estimator, highlight: set[str]) -> tuple[AnchorRow, ...]:
    """Every known-size model's over-estimate with the default fit (LOO for cohort members)."""
    cal = est.fitted(est.data.site.default_calibration)
    rows = []
    for model in est.data.models:
        if model.params_B is None:
            continue
        size = out_of_sample(est, model, cal)
        if size is None:
            continue
        rows.append(
            AnchorRow(model, size[0], size[0] / model.params_B, size[1], model.slug in highlight)
        )
    return tuple(sorted(rows, key=lambda r: (r.model.params_B, r.model.slug)))


def out_of_sample(est: Estimator, model: ModelEntry, cal: Calibrated) -> tuple[float, bool] | None:
    """A known-size model's estimate: from the fit without it when it is in the cohort."""
    if model.slug in cal.loo_sizes:
        return cal.loo_sizes[model.slug], True
    try:
        return est.estimate(model.slug, cal.spec.name, cal.lam).params_B, False
    except EstimateError:
        return None


def frontier_peers(est: Estimator, year: int | None) -> tuple[tuple[AnchorRow, bool], ...]:
    """The known-size frontier MoEs released in `year`, each read as the anchors page reads
    it, with whether the default calibration's LOO band holds its known size."""
    band = est.fitted(est.data.site.default_calibration).loo.fold_cover90
    return tuple(
        (row, 1 / band <= row.factor <= band)
        for row in anchors(est, set())
        if row.model.arch == "moe"
        and row.model.params_B >= FRONTIER_MIN_B
        and row.model.release_date is not None
        and row.model.release_date.year == year
    )


def variants_beside_their_model(peers: tuple[tuple[AnchorRow, bool], ...]) -> int:
    """The reasoning variants counted beside their own model (same family, size and release
    date): one training, one size, read twice."""

    def training(row: AnchorRow) -> tuple[object, ...]:
        return (row.model.family, row.model.params_B, row.model.release_date)

    plain = {training(r) for r, _ in peers if not r.model.thinking}
    return sum(r.model.thinking and training(r) in plain for r, _ in peers)
