"""The whole site's numbers, computed once from the dataset into frozen view-models.

Templates only format what is here; they compute nothing.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from paramatlas.cache import Cache
from paramatlas.checks import checked
from paramatlas.citation import AUTHOR, report_bibtex
from paramatlas.environment import Address
from paramatlas.estimator import Estimator
from paramatlas.load import Dataset
from paramatlas.names import VERSION as __version__
from paramatlas.readings import Calibrated, Estimate
from paramatlas.views.analysis import Analysis
from paramatlas.views.answer import Answer, answer
from paramatlas.views.calibrations import CalibrationView, calibration_view
from paramatlas.views.estimates import Methods
from paramatlas.views.grades import GradeRow, Hidden, grade_rows, hidden_answers
from paramatlas.views.models import ModelView, Wilson, model_view, wilson_table
from paramatlas.views.next import Next, next_measurements


@dataclass(frozen=True)
class Stamp:
    report_version: str
    generator_version: str
    data_digest: str

    def __str__(self) -> str:
        return (
            f"Report {self.report_version} · generator {self.generator_version} · "
            f"data sha256:{self.data_digest[:12]}"
        )


class Report:
    """The whole site's numbers."""

    def __init__(
        self, data: Dataset, cache: Cache | None = None, est: Estimator | None = None
    ) -> None:
        self.data = data
        self.cache = cache
        self.est = est or Estimator(data, cache)
        self.stamp = Stamp(data.site.report_version, __version__, data.digest)
        self._answers: dict[str, Answer | None] = {}

    @cached_property
    def address(self) -> Address:
        """Where this build is served (its own address, and where each release stays)."""
        return Address(self.data.site.site_url, self.data.folder)

    @cached_property
    def _wilson(self) -> Wilson:
        return wilson_table([r for _, r in self.data.results])

    @cached_property
    def default(self) -> Calibrated:
        return self.est.fitted(self.data.site.default_calibration)

    @cached_property
    def calibrations(self) -> tuple[CalibrationView, ...]:
        return tuple(calibration_view(self.est, name) for name in sorted(self.est.calibrations))

    @cached_property
    def models(self) -> tuple[ModelView, ...]:
        cal = self.default
        folds = dict(zip((p.slug for p in cal.points), cal.loo.fold_errors, strict=True))
        samples = {s.model: s for _, s in self.data.samples}
        return tuple(
            model_view(self.est, model, self._wilson, folds, samples.get(model.slug))
            for model in sorted(self.data.models, key=lambda m: m.slug)
        )

    def view(self, slug: str) -> ModelView:
        """The model's view (its runs and its IKP reading)."""
        return self._views[slug]

    @cached_property
    def _views(self) -> dict[str, ModelView]:
        return {v.entry.slug: v for v in self.models}

    @cached_property
    def _readings_by_size(self) -> tuple[list[float], list[str]]:
        """Every training's IKP reading with the default calibration, as log10 size, sorted
        (a variant reads the same weights: its training's first model stands for it)."""
        pairs = sorted(
            (math.log10(v.estimate.params_B), v.entry.slug)
            for v in self.models
            if v.estimate and v.estimate.params_B and not v.entry.same_weights_as
        )
        return [log for log, _ in pairs], [slug for _, slug in pairs]

    def alike(self, slug: str, named: int = 5) -> tuple[int, list[str]]:
        """How many other trainings have a default IKP reading closer to this model's than the
        ratio its run resolves (its probes alone cannot order them), and the `named` nearest
        of them, nearest first. Found from the model's place in the sorted readings, in time
        that does not grow with how many lie that close."""
        view = self.view(slug)
        power = view.primary.power if view.primary else None
        if not (view.estimate and view.estimate.params_B and power):
            return 0, []
        own = math.log10(view.estimate.params_B)
        reach = math.log10(power.size_ratio)
        logs, slugs = self._readings_by_size
        lo, hi = bisect.bisect_right(logs, own - reach), bisect.bisect_left(logs, own + reach)
        training = {m.slug for m in self.methods.variants(slug)}
        count = hi - lo - sum(lo <= self._reading_place.get(m, -1) < hi for m in training)
        nearest: list[str] = []
        left, right = bisect.bisect_left(logs, own) - 1, bisect.bisect_left(logs, own)
        while len(nearest) < named and (left >= lo or right < hi):
            take_left = right >= hi or (left >= lo and own - logs[left] <= logs[right] - own)
            i = left if take_left else right
            left, right = (left - 1, right) if take_left else (left, right + 1)
            if slugs[i] not in training:
                nearest.append(slugs[i])
        return count, nearest

    @cached_property
    def _reading_place(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(self._readings_by_size[1])}

    def history(self, slug: str) -> list[tuple[str, str, dict[str, Any] | None]]:
        """(version, date, default estimate) of a model in every release, oldest first."""
        return [
            (led["version"], led["date"], (led["models"].get(slug) or {}).get("estimate"))
            for led in self.data.ledgers
        ]

    def disclosed_later(self) -> list[tuple[str, str, str, dict[str, Any], float]]:
        """(model, version, date, estimate then, size known now) for every model a release
        estimated before its size was known: the log a track record is made of."""
        out = []
        for led in self.data.ledgers:
            for slug, entry in sorted(led["models"].items()):
                model = self.est.models.get(slug)
                then = entry.get("estimate")
                if model and model.params_B and then and entry.get("known_B") is None:
                    out.append((slug, led["version"], led["date"], then, model.params_B))
        return out

    def citation(self, slug: str, digest12: str | None = None) -> dict[str, str]:
        """How to cite a model's page: a sentence and a BibTeX entry, with the version."""
        model = self.est.models[slug]
        name = re.sub(r"[{}\\`~%]", "", model.name)
        version = self.stamp.report_version
        digest12 = digest12 or self.stamp.data_digest[:12]
        url = f"{self.address.own or ''}models/{slug}/"
        year = version.split(".")[0]
        key = re.sub(r"[^a-z0-9]", "", slug) + re.sub(r"[^0-9]", "", version)
        text = (
            f'paramatlas, "{name}: estimated parameter count", report version {version} '
            f"(data sha256:{digest12}), {url}"
        )
        bibtex = "\n".join(
            [
                f"@misc{{paramatlas_{key},",
                f"  title = {{{{{name}}}: estimated parameter count}},",
                f"  author = {{{{{AUTHOR}}}}},",
                f"  year = {{{year}}},",
                f"  note = {{Report version {version}, data sha256:{digest12}}},",
                f"  howpublished = {{{url}}}",
                "}",
            ]
        )
        return {"text": text, "bibtex": bibtex}

    @cached_property
    def report_citation(self) -> str:
        """The report's BibTeX entry (downloads/citation.bib): this version, the date of its
        release when one was recorded, this build's address."""
        version = self.stamp.report_version
        date = next((led["date"] for led in self.data.ledgers if led["version"] == version), None)
        return report_bibtex(version, date, self.address.own)

    @cached_property
    def analysis(self) -> Analysis:
        return Analysis(self.est, self.models)

    @cached_property
    def ikp(self) -> dict[str, Estimate]:
        """The IKP reading that stands for each model: the default estimate, else its best run
        read as published."""
        return {
            v.entry.slug: e for v in self.models if (e := v.estimate or v.published) is not None
        }

    def answer(self, slug: str) -> Answer | None:
        """The one answer a model's page opens with (computed once: the model page, the models
        index and the downloads all read it)."""
        if slug not in self._answers:
            self._answers[slug] = answer(self.methods, slug)
        return self._answers[slug]

    @cached_property
    def next(self) -> Next:
        """What each next measurement would do to the answers (the next measurements page)."""
        trainings = self.methods.trainings
        return next_measurements(self.methods, {s: self.answer(s) for s in sorted(trainings)})

    @cached_property
    def hidden(self) -> tuple[Hidden, ...]:
        """Every training of known size, answered as if its size were unknown."""
        return hidden_answers(self.methods)

    @cached_property
    def grades(self) -> tuple[GradeRow, ...]:
        """How often each grade's plausible range held a hidden known size."""
        return grade_rows(self.hidden)

    @cached_property
    def methods(self) -> Methods:
        return Methods(self.est, self.ikp)


def build_report(data: Dataset, cache: Cache | None = None) -> Report:
    """Check everything (`paramatlas.checks`), then compute, before any page is rendered."""
    return Report(data, cache, checked(data, cache))
