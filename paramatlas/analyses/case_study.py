"""A case study: one model's runs read as their source did, its anchors' over-estimates,
every way of sizing it side by side, and the verdicts on the published conclusions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from statistics import geometric_mean

from paramatlas import hazards
from paramatlas.analyses import anchors, verdicts
from paramatlas.analyses.anchors import AnchorRow, out_of_sample
from paramatlas.analyses.coverage import CLAIMED
from paramatlas.analyses.ladders import Ladder, ladders
from paramatlas.analyses.replication import ReplicationRow, estimate_noise, replication_rows
from paramatlas.analyses.verdicts import Conclusion
from paramatlas.estimator import Estimator
from paramatlas.hazards import Flag
from paramatlas.readings import Estimate, EstimateError
from paramatlas.schema import CaseStudy, ExternalEstimate, ModelEntry, ResultFile, TierCounts
from paramatlas.stats import TIERS, shortfall_chance


@dataclass(frozen=True)
class Reading:
    """One row of a disagreement table: a labelled size, its interval, its caveats."""

    label: str
    params_B: float | None
    """Central value; None when it was not published or cannot be computed."""
    low_B: float | None
    high_B: float | None
    interval: str
    """What the interval is (LOO band, quoted range, range of factors)."""
    flags: tuple[Flag, ...]
    command: str
    """The paramatlas command that reproduces the number, if one does."""
    published_B: float | None = None  # the published central figure, for the chart
    published_range: tuple[float, float] | None = None
    """The published range, when the source gave one."""
    published_active: tuple[float, float] | None = None
    """The published range of active parameters, when the source gave one."""
    published_approx: bool = False  # the source gave the range as approximate ("~")
    short: str = ""  # a short label for the chart axis
    quoted: bool = False  # a range quoted from elsewhere: no centre, compared by its edges


@dataclass(frozen=True)
class AnchorFactor:
    """A known-size model's over-estimate under one reading."""

    model: ModelEntry
    estimate: Estimate | None
    factor: float | None
    error: str | None = None


class CaseStudyView:
    """Numbers of one case study: runs, anchors, disagreement, replication, conclusions."""

    def __init__(self, est: Estimator, study: CaseStudy, file: str) -> None:
        self.est = est
        self.study = study
        self.file = file
        self.model = est.models[study.model]
        runs = {r.run_id: r for _, r in est.runs.get(study.model, [])}
        self.runs = tuple(runs[r] for r in study.runs)
        self.cal = est.fitted(study.calibration)
        self.compare = est.fitted(study.calibration, study.compare_lambda)
        self.readings = {r.run_id: self._as_published(r, self.cal.lam) for r in self.runs}
        self.headline = self.readings[study.headline_run]
        self.external: tuple[ExternalEstimate, ...] = tuple(
            e for _, e in est.data.external if e.model == study.model
        )

    def _as_published(self, run: ResultFile, lam: float) -> Estimate:
        return self.est.estimate(
            run.model, self.study.calibration, lam, run_id=run.run_id, as_published=True
        )

    @cached_property
    def wrong_shifts(self) -> tuple[tuple[str, str], ...]:
        """Tiers where one run has far more WRONG than another: (tier, what to mark)."""
        out = []
        for tier, pairs in self.tier_pairs():
            counts = [(r.run_id, c) for r, c in pairs if c is not None and c.total]
            if len(counts) < 2:
                continue
            (a_id, a), (b_id, b) = (
                max(counts, key=lambda x: x[1].wrong / x[1].total),
                min(counts, key=lambda x: x[1].wrong / x[1].total),
            )
            run = next(r for r in self.runs if r.run_id == a_id)
            others = [(b_id, next(r for r in self.runs if r.run_id == b_id))]
            if hazards.wrong_shift(run, others):
                out.append((tier, f"{tier} dip: {a.wrong} WRONG vs {b.wrong}"))
        return tuple(out)

    def run_flags(self, run: ResultFile) -> tuple[Flag, ...]:
        return self.est.run_flags[run.model, run.run_id]

    def tier_pairs(self) -> list[tuple[str, list[tuple[ResultFile, TierCounts | None]]]]:
        return [(t, [(r, r.tiers.get(t)) for r in self.runs]) for t in TIERS]

    # ---- anchors: as the notes scored them, and scored like the fit that reads them -------

    def _published_factor(self, slug: str, lam: float) -> AnchorFactor:
        model = self.est.models[slug]
        pair = next((p for p in self.study.replication if p.model == slug), None)
        if pair is None:
            return AnchorFactor(model, None, None, "no replication run")
        run = next(r for _, r in self.est.runs[slug] if r.run_id == pair.rerun)
        try:
            e = self._as_published(run, lam)
        except EstimateError as exc:
            return AnchorFactor(model, None, None, str(exc))
        return AnchorFactor(model, e, e.factor)

    def _matched_factor(self, slug: str, name: str, lam: float | None = None) -> AnchorFactor:
        """Graded like every known size on the site (anchors, λ analysis): a cohort member by
        the fit made without it, so no anchor is read by a line it helped draw."""
        model = self.est.models[slug]
        try:
            e = self.est.estimate(slug, name, lam)
        except EstimateError as exc:
            return AnchorFactor(model, None, None, str(exc))
        size, _ = out_of_sample(self.est, model, self.est.fitted(name, lam)) or (e.params_B, False)
        return AnchorFactor(model, e, size / model.params_B)

    @cached_property
    def anchor_slugs(self) -> tuple[str, ...]:
        return (*self.study.range_anchors, self.study.frontier_anchor)

    @cached_property
    def published_factors(self) -> dict[str, AnchorFactor]:
        """Read as the notes did: their re-runs, the calibration's fit at its headline λ."""
        return {s: self._published_factor(s, self.cal.lam) for s in self.anchor_slugs}

    @cached_property
    def matched_factors(self) -> dict[str, AnchorFactor]:
        """The same anchors from count sets scored like the calibration that reads them."""
        return {s: self._matched_factor(s, self.study.calibration) for s in self.anchor_slugs}

    @cached_property
    def default_factors(self) -> dict[str, AnchorFactor]:
        default = self.est.data.site.default_calibration
        return {s: self._matched_factor(s, default) for s in self.anchor_slugs}

    def factor_range(self, factors: dict[str, AnchorFactor]) -> tuple[float, float] | None:
        """The range anchors' factors in one reading, when every one of them has a factor."""
        values = [factors[s].factor for s in self.study.range_anchors]
        if any(v is None for v in values):
            return None
        return min(values), max(values)

    @cached_property
    def frontier_matched(self) -> list[float]:
        """The frontier anchor's factor scored consistently, with each fit that reads it."""
        frontier = self.study.frontier_anchor
        pair = (self.matched_factors[frontier], self.default_factors[frontier])
        return [f.factor for f in pair if f.factor]

    @cached_property
    def external_high(self) -> float | None:
        totals = [e.total_B.high for e in self.external if e.total_B]
        return max(totals) if totals else None

    # ---- the notes' conclusion about frontier MoEs, against the models of known size ------

    @cached_property
    def frontier_year(self) -> int | None:
        released = self.est.models[self.study.frontier_anchor].release_date
        return released.year if released else None

    @cached_property
    def frontier_peers(self) -> tuple[tuple[AnchorRow, bool], ...]:
        return anchors.frontier_peers(self.est, self.frontier_year)

    @property
    def frontier_variants(self) -> int:
        return anchors.variants_beside_their_model(self.frontier_peers)

    @property
    def frontier_shortfall(self) -> float:
        """How often chance alone leaves as few of `frontier_peers` inside a 90% band."""
        held = sum(inside for _, inside in self.frontier_peers)
        return shortfall_chance(held, len(self.frontier_peers), CLAIMED)

    # ---- every way of sizing the model -------------------------------------------------

    @cached_property
    def rows(self) -> tuple[Reading, ...]:
        """The disagreement table: every way of sizing the model, with its interval."""
        return (*self._quoted_rows(), *self._ikp_rows(), *self._corrected_rows())

    def _quoted_rows(self) -> list[Reading]:
        return [
            Reading(
                label=e.label,
                short=f"{e.method} (quoted)",
                params_B=None,
                low_B=e.total_B.low,
                high_B=e.total_B.high,
                interval="quoted range, unverified, no centre of its own"
                + ("; assumptions not published" if not e.assumptions_published else ""),
                quoted=True,
                flags=(),
                command="",
                published_range=(e.total_B.low, e.total_B.high),
                published_active=(e.active_B.low, e.active_B.high) if e.active_B else None,
            )
            for e in self.external
            if e.total_B
        ]

    def _ikp_rows(self) -> list[Reading]:
        h, study = self.headline, self.study
        slug, run, lam2 = study.model, study.headline_run, self.compare.lam
        half = study.published.estimates.get("lambda_half")
        rows = [
            Reading(
                label=f"IKP face value, {run}, λ = {h.lam:g} ({study.calibration} fit)",
                short=f"IKP, λ = {h.lam:g}",
                params_B=h.params_B,
                low_B=h.loo_low_B,
                high_B=h.loo_high_B,
                interval="LOO band",
                flags=h.flags,
                command=f"paramatlas ikp {slug} --run {run} --as-published --json",
                published_B=h.reported_B,
            ),
            Reading(
                label=f"IKP face value, {run}, λ = {lam2:g} (the fit at that λ)",
                short=f"IKP, λ = {lam2:g}",
                params_B=None,
                low_B=None,
                high_B=None,
                interval=f"accuracy of {run} at λ = {lam2:g} not published",
                flags=h.flags,
                command="",
                published_B=half,
            ),
        ]
        for run_id in self.readings:
            if run_id == run:
                continue
            try:
                again = self.est.estimate(
                    slug, study.calibration, lam2, run_id=run_id, as_published=True
                )
            except EstimateError:
                continue
            rows.append(
                Reading(
                    label=f"IKP, {run_id} counts rescored at λ = {lam2:g} "
                    "(the fit at that λ; scoring differs)",
                    short=f"IKP, λ = {lam2:g}, {run_id}",
                    params_B=again.params_B,
                    low_B=again.loo_low_B,
                    high_B=again.loo_high_B,
                    interval="LOO band",
                    flags=again.flags,
                    command=f"paramatlas ikp {slug} --run {run_id} --as-published "
                    f"--lambda {lam2:g} --json",
                )
            )
        return rows

    def _corrected_rows(self) -> list[Reading]:
        h, study = self.headline, self.study
        published, frontier = study.published, study.frontier_anchor
        rows = []
        span = self.factor_range(self.published_factors)
        if span:
            pub = published.ranges.get("range_corrected")
            anchors = " / ".join(study.range_anchors)
            rows.append(
                Reading(
                    label=f"IKP ÷ {anchors} over-estimate ({span[0]:.2f}–{span[1]:.2f}×, as the "
                    "notes scored them)",
                    short=f"IKP ÷ {anchors}",
                    params_B=h.params_B / geometric_mean(span),
                    low_B=h.params_B / span[1],
                    high_B=h.params_B / span[0],
                    interval="range of the anchors' factors",
                    flags=h.flags,
                    command="",
                    published_range=(pub.low, pub.high) if pub else None,
                )
            )
        pf = self.published_factors[frontier]
        if pf.factor:
            pub = published.ranges.get("frontier_corrected")
            rows.append(
                Reading(
                    label=f"IKP ÷ {frontier} over-estimate "
                    f"({pf.factor:.2f}×, as the notes scored it)",
                    short=f"IKP ÷ {frontier} (as published)",
                    params_B=h.params_B / pf.factor,
                    low_B=None,
                    high_B=None,
                    interval="",
                    flags=h.flags,
                    command="",
                    published_range=(pub.low, pub.high) if pub else None,
                    published_approx=True,
                )
            )
        # The headline is a reading of the study's calibration: divided by the anchor's factor
        # in that calibration only, never by another fit's.
        mf = self.matched_factors[frontier].factor
        if mf:
            rows.append(
                Reading(
                    label=f"IKP as the notes read it ÷ {frontier} over-estimate, the anchor "
                    f"scored like {study.calibration} ({mf:.2f}×)",
                    short=f"IKP ÷ {frontier} (anchor scored consistently)",
                    params_B=h.params_B / mf,
                    low_B=None,
                    high_B=None,
                    interval="",
                    flags=h.flags,
                    command="",
                )
            )
        return rows

    @cached_property
    def disagreement(self) -> float | None:
        """Largest ÷ smallest figure; a quoted range counts by its nearer edge, not a centre."""
        spans = [(r.params_B, r.params_B) for r in self.rows if r.params_B]
        spans += [(r.low_B, r.high_B) for r in self.rows if r.quoted and r.low_B and r.high_B]
        if len(spans) < 2:
            return None
        return max(1.0, max(lo for lo, _ in spans) / min(hi for _, hi in spans))

    @cached_property
    def gap_after_frontier(self) -> dict[str, tuple[float, float]] | None:
        """How far above the top of the quoted hardware range IKP stays after dividing by the
        frontier anchor's factor: as the notes scored it, and scored like the calibration the
        headline is read with."""
        if not self.external_high:
            return None
        h = self.headline.params_B
        gaps = {}
        pf = self.published_factors[self.study.frontier_anchor].factor
        if pf:
            gaps["as published"] = (h / pf / self.external_high,) * 2
        mf = self.matched_factors[self.study.frontier_anchor].factor
        if mf:
            gaps["anchor scored consistently"] = (h / mf / self.external_high,) * 2
        return gaps

    # ---- verdicts ------------------------------------------------------------------------

    @cached_property
    def replication(self) -> tuple[ReplicationRow, ...]:
        return replication_rows(self.est, self.study, self.cal)

    @cached_property
    def conclusions(self) -> tuple[Conclusion, ...]:
        study, frontier = self.study, self.study.frontier_anchor
        out = []
        if self.replication:
            if study.published.replication_claim is not None:
                claim = study.published.replication_claim
                out.append(verdicts.replicates_as_stated(self.replication, claim))
            out.append(verdicts.replicates_within_noise(self.replication))
        pf, mf = self.published_factors[frontier].factor, self.frontier_matched
        if pf and mf:
            out.append(verdicts.frontier_factor(frontier, pf, mf))
        span = self.factor_range(self.published_factors)
        per_fit = {
            name: (factors[frontier].factor, anchor_span)
            for name, factors in (
                (study.calibration, self.matched_factors),
                (self.est.data.site.default_calibration, self.default_factors),
            )
            if factors[frontier].factor and (anchor_span := self.factor_range(factors))
        }
        if pf and span and per_fit:
            out.append(verdicts.far_worse(frontier, study.range_anchors, (pf, span), per_fit))
        if self.gap_after_frontier:
            out.append(verdicts.above_hardware(frontier, self.gap_after_frontier))
        family = study.published.monotone_family
        if family:
            out.append(verdicts.family_monotone(self.family_ladder(family), family))
        return tuple(out)

    def family_ladder(self, family: str) -> Ladder | None:
        """A family's ladder with the default calibration, every model it can read."""
        readings = []
        for model in self.est.data.models:
            if model.family != family:
                continue
            try:
                readings.append((model, self.est.estimate(model.slug)))
            except EstimateError:
                continue
        return next(iter(ladders(readings, lambda e: estimate_noise(self.est, e))), None)
