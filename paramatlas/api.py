"""The Python API: a data folder's numbers for people who analyse them (a notebook, a script).

It reads the same `Report` every page, download and command reads, so a number found here is
the site's number. The documented surface is `open` and `Atlas`; the site's Python page shows
it in use, and the tests run those examples.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from paramatlas.build import load_report
from paramatlas.downloads import CSV_FIELDS, estimate_rows
from paramatlas.views.answer import Answer
from paramatlas.views.report import Report

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Answer", "Atlas", "open"]


class Atlas:
    """One data folder's report: its models, their answers, the estimates table and the fits."""

    def __init__(self, report: Report) -> None:
        self.report = report

    @property
    def version(self) -> str:
        """The report version the pages are stamped with, e.g. `2026.12` or `2026.12-dev`."""
        return self.report.stamp.report_version

    @property
    def models(self) -> list[str]:
        """Every model's slug in the registry, sorted."""
        return [view.entry.slug for view in self.report.models]

    def answer(self, slug: str) -> Answer | None:
        """The answer a model's page opens with (best estimate `params_B`, plausible range
        `low_B`–`high_B`, `grade`, the `sentence` to quote, the `basis` it rests on), or None
        when the model has no reading at all. Raises EstimateError for an unknown slug."""
        self.report.est.model(slug)
        return self.report.answer(slug)

    def estimates(self) -> pd.DataFrame:
        """The estimates table, as downloads/estimates.csv holds it: per model one row with
        method "answer" (the site's number), then one row per method's reading (evidence).
        Sizes are in billions of parameters; a missing value is NaN or None."""
        import pandas as pd  # only here: opening a report does not need it

        return pd.DataFrame(estimate_rows(self.report), columns=list(CSV_FIELDS))

    def fit(self, calibration: str | None = None, lam: float | None = None) -> dict[str, object]:
        """A calibration fitted at λ (default: the site's calibration at its headline λ), as
        `paramatlas fit --json` prints it: slope, intercept, r_squared, rmse, pi90_factor, the
        LOO statistics and the cohort's slugs."""
        name = calibration or self.report.data.site.default_calibration
        return self.report.est.fitted(name, lam).as_json()


def open(data: str | os.PathLike[str] = "data") -> Atlas:
    """Read, check and compute a data folder. Raises DataErrors, listing every problem (file,
    field, what was expected), when the data do not validate."""
    return Atlas(load_report(Path(data)))
