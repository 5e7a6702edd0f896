"""The numbers of the pages as plain data, for the command line and the downloads."""

from __future__ import annotations

from paramatlas.analyses.case_study import AnchorFactor, CaseStudyView
from paramatlas.analyses.ladders import Ladder
from paramatlas.present import published_text, reason
from paramatlas.readings import Estimate
from paramatlas.rules import EVAL_POWER_QUANTILE
from paramatlas.views.analysis import Analysis
from paramatlas.views.estimates import Methods
from paramatlas.views.models import RunView
from paramatlas.views.report import Report


def estimate_json(e: Estimate) -> dict[str, object]:
    return {
        "model": e.model,
        "calibration": e.calibration,
        "lambda": e.lam,
        "run_id": e.run_id,
        "accuracy": e.accuracy,
        "params_B": e.params_B,
        "low_B": e.low_B,
        "high_B": e.high_B,
        "loo_low_B": e.loo_low_B,
        "loo_high_B": e.loo_high_B,
        "pi_low_B": e.pi_low_B,
        "pi_high_B": e.pi_high_B,
        "flags": [f.id for f in e.flags],
        "flag_reasons": {f.id: reason(f) for f in e.flags},
        "runs": list(e.runs),
        "known_B": e.known_B,
        "factor": e.factor,
        "as_published": e.as_published,
        "reported_B": e.reported_B,
    }


def eval_power_json(r: RunView) -> dict[str, object]:
    """A run's eval power: each tier's Wilson 95% interval and its width, and (a complete run
    that a calibration reads) its noise floor as a ratio of sizes."""
    power = r.power
    return {
        "run_id": r.result.run_id,
        "calibration": r.calibration,
        "lambda": r.lam,
        "quantile": EVAL_POWER_QUANTILE,
        "accuracy_step": power.accuracy_step if power else None,
        "size_ratio": power.size_ratio if power else None,
        "tiers": [
            {
                "tier": t.tier,
                "correct": t.correct,
                "total": t.total,
                "wilson_low": t.wilson[0] if t.wilson else None,
                "wilson_high": t.wilson[1] if t.wilson else None,
                "wilson_width": t.wilson[1] - t.wilson[0] if t.wilson else None,
            }
            for t in r.tiers
        ],
    }


def summary_json(methods: Methods, slug: str) -> dict[str, object] | None:
    """The estimate that stands for a model, with the rule's reason."""
    summary = methods.summary(slug)
    if summary is None:
        return None
    best, why = summary
    return {**best.as_json(), "reason": why}


def answer_json(report: Report, slug: str) -> dict[str, object] | None:
    found = report.answer(slug)
    return found.as_json() if found else None


def case_study_json(cs: CaseStudyView, ladders: tuple[Ladder, ...]) -> dict[str, object]:
    """Every derived number of a case study (for `paramatlas case-study NAME`), with the
    family ladders its page sums."""

    def factors(table: dict[str, AnchorFactor]) -> dict[str, float | None]:
        return {slug: f.factor for slug, f in table.items()}

    return {
        "case_study": cs.study.name,
        "model": cs.study.model,
        "headline": estimate_json(cs.headline),
        "runs": {run_id: estimate_json(e) for run_id, e in cs.readings.items()},
        "factors": {
            "as_published": factors(cs.published_factors),
            f"matched_{cs.study.calibration}": factors(cs.matched_factors),
            f"matched_{cs.est.data.site.default_calibration}": factors(cs.default_factors),
        },
        "rows": [
            {
                "label": r.label,
                "params_B": r.params_B,
                "low_B": r.low_B,
                "high_B": r.high_B,
                "published": published_text(r),
                "flags": [f.id for f in r.flags],
            }
            for r in cs.rows
        ],
        "disagreement": cs.disagreement,
        "frontier_moes_of_known_size": {
            "year": cs.frontier_year,
            "models": {
                row.model.slug: {"factor": row.factor, "in_loo_band": inside}
                for row, inside in cs.frontier_peers
            },
            "shortfall_chance": cs.frontier_shortfall if cs.frontier_peers else None,
            "reasoning_variants_beside_their_model": cs.frontier_variants,
        },
        "known_size_pairs_in_order": sum(ladder.size_agree for ladder in ladders),
        "known_size_pairs": sum(ladder.size_pairs for ladder in ladders),
        "families_monotone": sum(ladder.monotone for ladder in ladders),
        "families": len(ladders),
        "gap_after_frontier_correction": cs.gap_after_frontier,
        "replication": [
            {
                "model": r.model.slug,
                "rerun_accuracy": r.rerun_accuracy,
                "upstream_accuracy": r.upstream_accuracy,
                "delta": r.delta,
                "within_claim": r.within_claim,
                "noise_bound": r.noise,
                "noise_from_run": r.noise_run,
                "within_noise": r.within_noise,
                "estimate_B": r.estimate.params_B,
            }
            for r in cs.replication
        ],
        "conclusions": [
            {
                "claim": c.claim,
                "verdict": c.verdict,
                "recomputed": c.recomputed,
                "yardstick": c.yardstick,
            }
            for c in cs.conclusions
        ],
    }


def analysis_json(report_analysis: Analysis, name: str) -> object:
    """One analysis page's numbers as plain data (for `paramatlas analysis NAME`)."""
    a = report_analysis
    if name == "families":
        return [
            {
                "family": ladder.family,
                "monotone": ladder.monotone,
                "drops": [[a.model.slug, b.model.slug] for a, b in ladder.drops],
                "falls_within_noise": [[a.model.slug, b.model.slug] for a, b in ladder.small_falls],
                "known_size_pairs": ladder.size_pairs,
                "known_size_pairs_in_order": ladder.size_agree,
                "models": [
                    {
                        "model": r.model.slug,
                        "released": str(r.model.release_date),
                        "accuracy": r.accuracy,
                        "run_to_run_noise": r.noise,
                        "estimate_B": r.estimate_B,
                    }
                    for r in ladder.rows
                ],
            }
            for ladder in a.ladders
        ]
    if name == "hazards":
        return [
            {"model": f.model.slug, "run": f.run_id, "flag": f.flag.id, "reason": reason(f.flag)}
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
                "released_before_probes": r.released_before_probes,
            }
            for r in a.anchors(set(cs.study.highlight))
        ]
    msg = f"no analysis named {name!r}"
    raise ValueError(msg)
