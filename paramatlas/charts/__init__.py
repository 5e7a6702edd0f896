"""Vega-Lite specs built with Altair: one function per chart, view-model in, dict out.

Each chart's spec is built and validated once; per-page data goes into its `datasets` entry,
so a page costs a dict copy rather than an Altair build. Templates reach every chart through
this package.
"""

from paramatlas.charts.calibration import calibration_chart, loo_chart, moe_chart
from paramatlas.charts.models import (
    PICTURE_ROWS,
    estimates_chart,
    estimates_picture,
    heatmap_picture,
    history_chart,
    release_chart,
    release_picture,
    runs_chart,
    tier_heatmap,
    tiers_chart,
)
from paramatlas.charts.report import (
    anchors_chart,
    anchors_chart_for,
    case_runs_chart,
    disagreement_chart,
    intervals_chart,
    methods_chart,
    sweep_chart,
    sweep_chart_for,
)

__all__ = [
    "PICTURE_ROWS",
    "anchors_chart",
    "anchors_chart_for",
    "calibration_chart",
    "case_runs_chart",
    "disagreement_chart",
    "estimates_chart",
    "estimates_picture",
    "heatmap_picture",
    "history_chart",
    "intervals_chart",
    "loo_chart",
    "methods_chart",
    "moe_chart",
    "release_chart",
    "release_picture",
    "runs_chart",
    "sweep_chart",
    "sweep_chart_for",
    "tier_heatmap",
    "tiers_chart",
]
