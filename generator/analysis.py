"""The report's analyses, computed from estimates: the case study, replication, λ, anchors,
family ladders and the hazard list. Every derived number is made here, none in templates."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cached_property
from statistics import geometric_mean

from generator import hazards
from generator.hazards import Flag
from generator.report import (
    Calibrated,
    Estimate,
    EstimateError,
    Estimator,
    ModelView,
    fmt_b,
)
from generator.schema import CaseStudy, ExternalEstimate, ModelEntry, ResultFile


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
    published: str
    """The figure as the source published it, or "not published"."""
    command: str
    """The paramatlas command that reproduces the number, if one does."""
    published_B: float | None = None
    """The published central figure, for the chart."""
    short: str = ""
    """A short label for the chart axis."""


@dataclass(frozen=True)
class Conclusion:
    claim: str
    published: str
    recomputed: str
    verdict: str
    """"survives", "does not survive" or "partly survives"."""


@dataclass(frozen=True)
class AnchorFactor:
    """A known-size model's over-estimate under one reading."""

    model: ModelEntry
    estimate: Estimate | None
    factor: float | None
    error: str | None = None


@dataclass(frozen=True)
class ReplicationRow:
    model: ModelEntry
    rerun: ResultFile
    upstream: ResultFile
    rerun_accuracy: float
    upstream_accuracy: float
    upstream_from_counts: bool
    delta: float
    passed: bool
    estimate: Estimate


@dataclass(frozen=True)
class LambdaRow:
    model: ModelEntry
    in_cohort: bool
    at_headline: float
    """Over-estimate factor at the calibration's headline λ."""
    at_compare: float
    estimate_headline: float
    estimate_compare: float


@dataclass(frozen=True)
class AnchorRow:
    model: ModelEntry
    estimate_B: float
    factor: float
    out_of_sample: bool
    """True when the factor comes from the fit made without the model (LOO)."""
    highlighted: bool


@dataclass(frozen=True)
class LadderRow:
    model: ModelEntry
    accuracy: float
    estimate_B: float


@dataclass(frozen=True)
class Ladder:
    family: str
    rows: tuple[LadderRow, ...]
    drops: tuple[tuple[LadderRow, LadderRow], ...]
    """Consecutive releases where accuracy fell."""

    @property
    def monotone(self) -> bool:
        return not self.drops


@dataclass(frozen=True)
class FlaggedRun:
    model: ModelEntry
    run_id: str
    flag: Flag


def _published_reading(est: Estimator, run: ResultFile, name: str, lam: float) -> Estimate:
    return est.estimate(run.model, name, lam, run_id=run.run_id, as_published=True)


class Analysis:
    """Every analysis page's numbers, from one Estimator."""

    def __init__(self, est: Estimator, models: tuple[ModelView, ...]) -> None:
        self.est = est
        self.views = {v.entry.slug: v for v in models}

    # ---- case studies -----------------------------------------------------------------

    @cached_property
    def case_studies(self) -> tuple[CaseStudyView, ...]:
        return tuple(
            CaseStudyView(self.est, study, rel) for rel, study in self.est.data.case_studies
        )

    def case_study_names(self, slug: str) -> tuple[tuple[str, str], ...]:
        return tuple(
            (c.study.name, c.study.title) for c in self.case_studies if c.study.model == slug
        )

    # ---- λ analysis ---------------------------------------------------------------------

    def lambda_rows(self, name: str, compare: float) -> tuple[LambdaRow, ...]:
        """Over-estimate factors of every known-size model at the headline λ and at `compare`,
        each read with the fit made at that λ (LOO for cohort members)."""
        head = self.est.fitted(name)
        other = self.est.fitted(name, compare)
        rows = []
        for model in self.est.data.models:
            if model.params_B is None:
                continue
            sizes = [_out_of_sample(self.est, model, cal) for cal in (head, other)]
            if None in sizes:
                continue
            (a, in_cohort), (b, _) = sizes
            rows.append(LambdaRow(model, in_cohort, a / model.params_B, b / model.params_B, a, b))
        return tuple(sorted(rows, key=lambda r: (r.model.params_B, r.model.slug)))

    # ---- anchors ------------------------------------------------------------------------

    def anchors(self, highlight: set[str]) -> tuple[AnchorRow, ...]:
        cal = self.est.fitted(self.est.data.site.default_calibration)
        rows = []
        for model in self.est.data.models:
            if model.params_B is None:
                continue
            size = _out_of_sample(self.est, model, cal)
            if size is None:
                continue
            rows.append(
                AnchorRow(
                    model, size[0], size[0] / model.params_B, size[1], model.slug in highlight
                )
            )
        return tuple(sorted(rows, key=lambda r: (r.model.params_B, r.model.slug)))

    # ---- family ladders -----------------------------------------------------------------

    @cached_property
    def ladders(self) -> tuple[Ladder, ...]:
        families: dict[str, list[LadderRow]] = {}
        for view in self.views.values():
            if view.estimate is None or view.entry.release_date is None:
                continue
            families.setdefault(view.entry.family, []).append(
                LadderRow(view.entry, view.estimate.accuracy, view.estimate.params_B)
            )
        ladders = []
        for family, rows in sorted(families.items()):
            if len(rows) < 2:
                continue
            rows.sort(key=lambda r: (r.model.release_date, r.accuracy, r.model.slug))
            drops = tuple(
                (a, b)
                for a, b in itertools.pairwise(rows)
                if b.model.release_date > a.model.release_date and b.accuracy < a.accuracy
            )
            ladders.append(Ladder(family, tuple(rows), drops))
        return tuple(ladders)

    # ---- hazards ------------------------------------------------------------------------

    @cached_property
    def flagged_runs(self) -> tuple[FlaggedRun, ...]:
        out = []
        for slug, runs in sorted(self.est.runs.items()):
            model = self.est.models.get(slug)
            if model is None:
                continue
            for _, run in runs:
                for flag in (*self.est.run_flags[slug, run.run_id], *hazards.model_flags(model)):
                    out.append(FlaggedRun(model, run.run_id, flag))
        return tuple(out)


def _out_of_sample(est: Estimator, model: ModelEntry, cal: Calibrated) -> tuple[float, bool] | None:
    """A known-size model's estimate: from the fit without it when it is in the cohort."""
    slugs = [p.slug for p in cal.points]
    if model.slug in slugs:
        return 10 ** cal.loo.predicted_log10[slugs.index(model.slug)], True
    try:
        return est.estimate(model.slug, cal.spec.name, cal.lam).params_B, False
    except EstimateError:
        return None


class CaseStudyView:
    """Numbers of one case study: runs, anchors, disagreement, conclusions."""

    def __init__(self, est: Estimator, study: CaseStudy, file: str) -> None:
        self.est = est
        self.study = study
        self.file = file
        self.model = est.models[study.model]
        runs = {r.run_id: r for _, r in est.runs.get(study.model, [])}
        self.runs = tuple(runs[r] for r in study.runs)
        self.cal = est.fitted(study.calibration)
        self.compare = est.fitted(study.calibration, study.compare_lambda)
        self.readings = {
            r.run_id: _published_reading(est, r, study.calibration, self.cal.lam) for r in self.runs
        }
        self.headline = self.readings[study.headline_run]
        self.external: tuple[ExternalEstimate, ...] = tuple(
            e for _, e in est.data.external if e.model == study.model
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

    def tier_pairs(self) -> list[tuple[str, list[tuple[ResultFile, object]]]]:
        from generator.stats import TIERS

        return [(t, [(r, r.tiers.get(t)) for r in self.runs]) for t in TIERS]

    # anchors, as published (the notes' runs, scored 3-way over all probes) and matched

    def _published_factor(self, slug: str, lam: float) -> AnchorFactor:
        model = self.est.models[slug]
        pair = next((p for p in self.study.replication if p.model == slug), None)
        if pair is None:
            return AnchorFactor(model, None, None, "no replication run")
        run = next(r for _, r in self.est.runs[slug] if r.run_id == pair.rerun)
        try:
            e = _published_reading(self.est, run, self.study.calibration, lam)
        except EstimateError as exc:
            return AnchorFactor(model, None, None, str(exc))
        return AnchorFactor(model, e, e.factor)

    def _matched_factor(self, slug: str, name: str, lam: float | None = None) -> AnchorFactor:
        model = self.est.models[slug]
        try:
            e = self.est.estimate(slug, name, lam)
        except EstimateError as exc:
            return AnchorFactor(model, None, None, str(exc))
        return AnchorFactor(model, e, e.factor)

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

    def _range(self, factors: dict[str, AnchorFactor]) -> tuple[float, float] | None:
        values = [factors[s].factor for s in self.study.range_anchors]
        if any(v is None for v in values):
            return None
        return min(values), max(values)

    @cached_property
    def external_high(self) -> float | None:
        totals = [e.total_B.high for e in self.external if e.total_B]
        return max(totals) if totals else None

    @cached_property
    def rows(self) -> tuple[Reading, ...]:
        """The disagreement table: every way of sizing the model, with its interval."""
        h, study = self.headline, self.study
        slug, run, lam2 = study.model, study.headline_run, self.compare.lam
        published = study.published
        rows = []
        for e in self.external:
            if not e.total_B:
                continue
            active = (
                f", {fmt_b(e.active_B.low)}–{fmt_b(e.active_B.high)} active" if e.active_B else ""
            )
            rows.append(
                Reading(
                    label=e.label,
                    short=f"{e.method} (quoted)",
                    params_B=math.sqrt(e.total_B.low * e.total_B.high),
                    low_B=e.total_B.low,
                    high_B=e.total_B.high,
                    interval="quoted range, center its geometric mean"
                    + ("; assumptions not published" if not e.assumptions_published else ""),
                    flags=(),
                    published=f"{fmt_b(e.total_B.low)}–{fmt_b(e.total_B.high)}{active}",
                    command="",
                )
            )
        rows.append(
            Reading(
                label=f"IKP face value, {run}, λ = {h.lam:g} ({study.calibration} fit)",
                short=f"IKP, λ = {h.lam:g}",
                params_B=h.params_B,
                low_B=h.loo_low_B,
                high_B=h.loo_high_B,
                interval="LOO band",
                flags=h.flags,
                published=fmt_b(h.reported_B) if h.reported_B else "not published",
                command=f"paramatlas estimate {slug} --run {run} --as-published --json",
                published_B=h.reported_B,
            )
        )
        half = published.estimates.get("lambda_half")
        rows.append(
            Reading(
                label=f"IKP face value, {run}, λ = {lam2:g} (matched fit)",
                short=f"IKP, λ = {lam2:g}",
                params_B=None,
                low_B=None,
                high_B=None,
                interval=f"accuracy of {run} at λ = {lam2:g} not published",
                flags=h.flags,
                published=fmt_b(half) if half else "not published",
                command="",
                published_B=half,
            )
        )
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
                    label=f"IKP, {run_id} counts rescored at λ = {lam2:g} (matched fit)",
                    short=f"IKP, λ = {lam2:g}, {run_id}",
                    params_B=again.params_B,
                    low_B=again.loo_low_B,
                    high_B=again.loo_high_B,
                    interval="LOO band",
                    flags=again.flags,
                    published="not published",
                    command=f"paramatlas estimate {slug} --run {run_id} --as-published "
                    f"--lambda {lam2:g} --json",
                )
            )
        span = self._range(self.published_factors)
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
                    published=f"{fmt_b(pub.low)}–{fmt_b(pub.high)}" if pub else "not published",
                    command="",
                )
            )
        frontier = study.frontier_anchor
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
                    published=f"~{fmt_b(pub.low)}–{fmt_b(pub.high)}" if pub else "not published",
                    command="",
                )
            )
        matched = [
            (n, f)
            for n, f in (
                (study.calibration, self.matched_factors[frontier]),
                (self.est.data.site.default_calibration, self.default_factors[frontier]),
            )
            if f.factor
        ]
        if matched:
            values = [f.factor for _, f in matched]
            names = ", ".join(f"{f.factor:.2f}× {n}" for n, f in matched)
            rows.append(
                Reading(
                    label=f"IKP ÷ {frontier} over-estimate scored consistently ({names})",
                    short=f"IKP ÷ {frontier} (scored consistently)",
                    params_B=h.params_B / geometric_mean(values),
                    low_B=h.params_B / max(values),
                    high_B=h.params_B / min(values),
                    interval="range over the two matched fits",
                    flags=h.flags,
                    published="not published",
                    command="",
                )
            )
        return tuple(rows)

    @cached_property
    def disagreement(self) -> float | None:
        centers = [r.params_B for r in self.rows if r.params_B]
        return max(centers) / min(centers) if len(centers) > 1 else None

    @cached_property
    def gap_after_frontier(self) -> dict[str, float] | None:
        """How far above the top of the quoted hardware range IKP stays after each frontier
        correction."""
        if not self.external_high:
            return None
        h = self.headline.params_B
        gaps = {}
        pf = self.published_factors[self.study.frontier_anchor].factor
        if pf:
            gaps["as published"] = h / pf / self.external_high
        mf = self.matched_factors[self.study.frontier_anchor].factor
        if mf:
            gaps["scored consistently"] = h / mf / self.external_high
        return gaps

    @cached_property
    def replication(self) -> tuple[ReplicationRow, ...]:
        rows = []
        for pair in self.study.replication:
            runs = {r.run_id: r for _, r in self.est.runs[pair.model]}
            rerun, upstream = runs[pair.rerun], runs[pair.upstream]
            lam = rerun.reported.lam if rerun.reported else self.cal.lam
            a = self.est.run_accuracy(rerun, lam)
            b = self.est.run_accuracy(upstream, lam)
            delta = a - b
            estimate = _published_reading(self.est, rerun, self.study.calibration, lam)
            rows.append(
                ReplicationRow(
                    self.est.models[pair.model],
                    rerun,
                    upstream,
                    a,
                    b,
                    upstream.complete,
                    delta,
                    abs(delta) <= self.study.replication_tolerance,
                    estimate,
                )
            )
        return tuple(rows)

    def as_json(self) -> dict[str, object]:
        def factors(table: dict[str, AnchorFactor]) -> dict[str, float | None]:
            return {slug: f.factor for slug, f in table.items()}

        return {
            "case_study": self.study.name,
            "model": self.study.model,
            "headline": self.headline.as_json(),
            "runs": {run_id: e.as_json() for run_id, e in self.readings.items()},
            "factors": {
                "as_published": factors(self.published_factors),
                f"matched_{self.study.calibration}": factors(self.matched_factors),
                f"matched_{self.est.data.site.default_calibration}": factors(self.default_factors),
            },
            "rows": [
                {
                    "label": r.label,
                    "params_B": r.params_B,
                    "low_B": r.low_B,
                    "high_B": r.high_B,
                    "published": r.published,
                    "flags": [f.id for f in r.flags],
                }
                for r in self.rows
            ],
            "disagreement": self.disagreement,
            "gap_after_frontier_correction": self.gap_after_frontier,
            "replication": [
                {
                    "model": r.model.slug,
                    "rerun_accuracy": r.rerun_accuracy,
                    "upstream_accuracy": r.upstream_accuracy,
                    "delta": r.delta,
                    "passed": r.passed,
                    "estimate_B": r.estimate.params_B,
                }
                for r in self.replication
            ],
            "conclusions": [
                {"claim": c.claim, "verdict": c.verdict, "recomputed": c.recomputed}
                for c in self.conclusions
            ],
        }

    @cached_property
    def conclusions(self) -> tuple[Conclusion, ...]:
        out = []
        rep = self.replication
        if rep:
            worst = max(abs(r.delta) for r in rep)
            ok = all(r.passed for r in rep)
            out.append(
                Conclusion(
                    "IKP replicates: re-runs land on upstream's accuracy.",
                    "all within 0.007 of upstream",
                    f"largest |Δ accuracy| {worst:.4f} "
                    f"(tolerance {self.study.replication_tolerance:g})",
                    "survives" if ok else "does not survive",
                )
            )
        frontier = self.study.frontier_anchor
        pf = self.published_factors[frontier].factor
        mf = [
            f.factor
            for f in (self.matched_factors[frontier], self.default_factors[frontier])
            if f.factor
        ]
        if pf and mf:
            out.append(
                Conclusion(
                    f"IKP over-estimates {frontier}, a known-size frontier MoE, about 8×.",
                    "about 8×",
                    f"{pf:.2f}× as the notes scored it; {min(mf):.2f}–{max(mf):.2f}× "
                    "with count sets "
                    "scored like the fit that reads them",
                    "survives" if min(mf) >= 6 else "does not survive",
                )
            )
        span = self._range(self.published_factors)
        matched_span = self._range(self.matched_factors)
        if pf and span and mf and matched_span:
            out.append(
                Conclusion(
                    f"The {frontier} over-estimate is far worse than on "
                    f"{' and '.join(self.study.range_anchors)}.",
                    f"{pf:.2f}× against {span[0]:.2f}–{span[1]:.2f}×",
                    f"scored consistently: {min(mf):.2f}–{max(mf):.2f}× against "
                    f"{matched_span[0]:.2f}–{matched_span[1]:.2f}× ({self.study.calibration})",
                    "survives"
                    if min(mf) > 2 * matched_span[1]
                    else "partly survives"
                    if min(mf) > matched_span[1]
                    else "does not survive",
                )
            )
        gaps = self.gap_after_frontier
        if gaps:
            low = min(gaps.values())
            detail = "; ".join(f"{g:.1f}× {k}" for k, g in gaps.items())
            out.append(
                Conclusion(
                    "Even after the frontier-anchor correction, IKP stays about 10× above the "
                    "hardware estimate.",
                    "about 10×",
                    f"IKP ÷ the {frontier} factor is {detail} the top of the quoted hardware range",
                    "survives" if low >= 5 else "does not survive",
                )
            )
        return tuple(out)


def analysis_json(report_analysis: Analysis, name: str) -> object:
    """One analysis page's numbers as plain data (for `paramatlas analysis NAME`)."""
    a = report_analysis
    if name == "families":
        return [
            {
                "family": ladder.family,
                "monotone": ladder.monotone,
                "models": [
                    {
                        "model": r.model.slug,
                        "released": str(r.model.release_date),
                        "accuracy": r.accuracy,
                        "estimate_B": r.estimate_B,
                    }
                    for r in ladder.rows
                ],
            }
            for ladder in a.ladders
        ]
    if name == "hazards":
        return [
            {"model": f.model.slug, "run": f.run_id, "flag": f.flag.id, "reason": f.flag.reason}
            for f in a.flagged_runs
        ]
    if not a.case_studies:
        return []
    cs = a.case_studies[0]
    if name == "lambda":
        return [
            {
                "model": r.model.slug,
                "known_B": r.model.params_B,
                "in_cohort": r.in_cohort,
                "lambda": cs.cal.lam,
                "estimate_B": r.estimate_headline,
                "factor": r.at_headline,
                "compare_lambda": cs.compare.lam,
                "compare_estimate_B": r.estimate_compare,
                "compare_factor": r.at_compare,
            }
            for r in a.lambda_rows(cs.study.calibration, cs.compare.lam)
        ]
    if name == "anchors":
        return [
            {
                "model": r.model.slug,
                "known_B": r.model.params_B,
                "arch": r.model.arch,
                "estimate_B": r.estimate_B,
                "factor": r.factor,
                "leave_one_out": r.out_of_sample,
                "frontier_anchor": r.highlighted,
            }
            for r in a.anchors(set(cs.study.highlight))
        ]
    msg = f"no analysis named {name!r}"
    raise ValueError(msg)


ANALYSES = ("lambda", "anchors", "families", "hazards")
