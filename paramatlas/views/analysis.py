"""The analysis pages' numbers, gathered for the templates from the analyses modules."""

from __future__ import annotations

from functools import cached_property

from paramatlas.analyses import anchors, flagged, ladders, lambdas
from paramatlas.analyses.case_study import CaseStudyView
from paramatlas.analyses.replication import estimate_noise
from paramatlas.estimator import Estimator
from paramatlas.views.models import ModelView


class Analysis:
    """Every analysis page's numbers, from one Estimator and the model views."""

    def __init__(self, est: Estimator, models: tuple[ModelView, ...]) -> None:
        self.est = est
        self.views = {v.entry.slug: v for v in models}

    @cached_property
    def case_studies(self) -> tuple[CaseStudyView, ...]:
        return tuple(
            CaseStudyView(self.est, study, rel) for rel, study in self.est.data.case_studies
        )

    def case_study_names(self, slug: str) -> tuple[tuple[str, str], ...]:
        return tuple(
            (c.study.name, c.study.title) for c in self.case_studies if c.study.model == slug
        )

    def lambda_rows(self, name: str, compare: float) -> tuple[lambdas.LambdaRow, ...]:
        return lambdas.lambda_rows(self.est, name, compare)

    def anchors(self, highlight: set[str]) -> tuple[anchors.AnchorRow, ...]:
        return anchors.anchors(self.est, highlight)

    @cached_property
    def ladders(self) -> tuple[ladders.Ladder, ...]:
        return ladders.ladders(
            ((v.entry, v.estimate) for v in self.views.values() if v.estimate),
            lambda e: estimate_noise(self.est, e),
        )

    @cached_property
    def flagged_runs(self) -> tuple[flagged.FlaggedRun, ...]:
        return flagged.flagged_runs(self.est)
