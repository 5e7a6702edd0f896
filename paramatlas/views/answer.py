"""One answer per model: the best reading by the summary rule, one plausible range that
combines the measured sources of spread, a plain-language confidence grade, what evidence
would change it, and a sentence that can be quoted safely."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.estimator import Estimator
from paramatlas.present import fmt_b, method_name, size_range
from paramatlas.readings import Estimate, EstimateError
from paramatlas.rules import DISAGREE, LOW_CONFIDENCE_FLAGS, grade, summary_of
from paramatlas.views.budget import Budget, Reading, budget
from paramatlas.views.estimates import NO_USABLE, Methods, ikp_problems


@dataclass(frozen=True)
class Answer:
    params_B: float | None
    central: bool
    """False when the best reading is a range with no central value of its own (a quoted
    range): the answer then is the range."""
    low_B: float | None
    high_B: float | None
    """The plausible range; None when no reading is usable."""
    grade: str
    spread: tuple[tuple[str, float, float], ...]
    """The sources of spread combined into the range: (what, low, high)."""
    would_change: tuple[str, ...]
    sentence: str
    basis: str
    """Which reading the answer rests on, and why (the summary rule's reason)."""
    budget: Budget | None = None
    """How much of the range's width each source of error makes (an IKP answer's)."""
    readings: tuple[Reading, ...] = ()
    """The IKP readings whose 90% prediction intervals make the range, the chosen one first
    (an IKP answer's)."""

    @property
    def usable(self) -> bool:
        """False when no reading gives a usable size: the answer then states no size."""
        return self.params_B is not None

    @property
    def value_text(self) -> str:
        """The answer in a table's estimate column: a size, a range with no centre of its own,
        or that there is none (the numbers set aside are explained on the model page)."""
        if not self.usable:
            return "no usable estimate"
        if not self.central:
            return f"{self.range_text} (a quoted range, unverified)"
        return fmt_b(self.params_B)

    @property
    def range_text(self) -> str:
        """The plausible range, as every table prints it."""
        if self.low_B is None or self.high_B is None:
            return "none"
        if self.low_B == self.high_B:  # a disclosed or counted size: nothing to span
            return fmt_b(self.low_B)
        return size_range(self.low_B, self.high_B)

    def as_json(self) -> dict[str, object]:
        return {
            "params_B": self.params_B if self.central else None,
            "low_B": self.low_B,
            "high_B": self.high_B,
            "grade": self.grade,
            "estimate_text": self.value_text,
            "range_text": self.range_text,
            "spread": [{"source": s, "low_B": lo, "high_B": hi} for s, lo, hi in self.spread],
            "would_change": list(self.would_change),
            "sentence": self.sentence,
            "basis": self.basis,
            "budget": self.budget.as_json() if self.budget else None,
        }


def answer(methods: Methods, slug: str) -> Answer | None:
    """The answer of the model's training: every model the registry declares one training
    (`same_weights_as`) gets the same size, range and grade; only the sentence names it."""
    training = methods.variants(slug)
    readings = [(m.slug, e) for m in training for e in methods.estimates(m.slug)]
    if not readings:
        return None
    model = methods.est.models[slug]
    chosen = summary_of([e for _, e in readings])
    if chosen is None:
        # The readings set aside are explained on the model page, never quoted as a size.
        sentence = (
            f"{model.name}: no usable estimate of its size; every reading was set aside "
            "(its page gives each one's reason)."
        )
        basis = NO_USABLE
        return Answer(None, False, None, None, "None", (), ("a disclosed size",), sentence, basis)
    best, why = chosen
    owner = next(s for s, e in readings if e is best)
    basis = f"{best.label}, chosen by the summary rule: {why}"
    params_B, spread = best.params_B, [(best.interval or method_name(best.method), *best.span)]
    ikp = methods.ikp.get(owner) if best.method == "ikp" else None
    cost, ranged = None, ()
    if ikp is not None:
        readings = ikp_readings(methods, owner, ikp)
        spread = [(what, r.estimate.pi_low_B, r.estimate.pi_high_B) for what, r in readings]
        ranged = tuple(r for _, r in readings)
        cost = budget(list(ranged), methods.est.fitted)
        found = methods.training_ikp(slug)
        if found is not None and found[2]:  # several readings of one training: pooled
            params_B, _, basis = found
    low, high = min(s[1] for s in spread), max(s[2] for s in spread)
    flags = {f.id for f in ikp.flags} if ikp else set()
    label = grade(best.method, best.confidence, high / low, bool(flags & LOW_CONFIDENCE_FLAGS))
    runs = len(methods.est.runs.get(owner, []))
    changes = () if label == "High" else would_change(best.method, flags, spread, runs)
    central = best.method != "quoted"
    size = (
        f"about {fmt_b(params_B)} parameters "
        + (f"(plausible range {fmt_b(low)}–{fmt_b(high)}; " if high > low else "(")
        if central
        else f"{fmt_b(low)}–{fmt_b(high)} parameters, a range quoted from elsewhere ("
    )
    # A stated size is "reported" without the weights to check it, "disclosed" with them.
    source = best.label.lower() if best.method == "disclosed" else method_name(best.method)
    sentence = f"{model.name}: {size}grade: {label.lower()}), from {source}."
    return Answer(
        params_B, central, low, high, label, tuple(spread), changes, sentence, basis, cost, ranged
    )


def ikp_readings(methods: Methods, slug: str, ikp: Estimate) -> list[tuple[str, Reading]]:
    """The chosen reading, and every other reading of the same size, whose 90% prediction
    intervals the range combines: the other calibration, the model's other runs, its reasoning
    variants (one training, one size)."""
    est: Estimator = methods.est
    # In a training of several models, each reading names the model it reads.
    whose = f"{est.models[slug].name}: " if len(methods.variants(slug)) > 1 else ""
    chosen = f"{whose}90% prediction interval ({ikp.calibration})"
    out = [(chosen, _counted(est, "chosen", ikp))]
    for name in sorted(est.calibrations):
        if name != ikp.calibration:
            what = f"{whose}the {name} calibration's 90% prediction interval"
            out += _reading(est, what, "calibration", slug, name)
    for _, run in est.runs.get(slug, []):
        if run.run_id != ikp.run_id and run.scoring == est.fitted(ikp.calibration).spec.scoring:
            out += _reading(est, f"run {run.run_id}", "run", slug, ikp.calibration, run.run_id)
    for variant in methods.variants(slug):
        if variant.slug != slug:
            out += _reading(est, f"{variant.name}", "variant", variant.slug, ikp.calibration)
    return out


def _reading(
    est: Estimator, what: str, kind: str, slug: str, name: str, run_id: str | None = None
) -> list[tuple[str, Reading]]:
    """The reading, if it is a usable size: a reading the judgments set aside never widens
    (or narrows) the answer."""
    try:
        e = est.estimate(slug, name, run_id=run_id)
    except EstimateError:
        return []
    if ikp_problems(e, est.fitted(name)):
        return []
    return [(what, _counted(est, kind, e))]


def _counted(est: Estimator, kind: str, e: Estimate) -> Reading:
    run = next(r for _, r in est.runs[e.model] if r.run_id == e.run_id)
    return Reading(kind, e, {t: c.model_dump() for t, c in run.tiers.items()})


def would_change(
    method: str, flags: set[str], spread: list[tuple[str, float, float]], runs: int
) -> tuple[str, ...]:
    """What evidence would move the answer, by rule."""
    if method == "disclosed":
        return ("the weights, published: they would confirm the stated size",)
    out = []
    if method == "quoted":
        out.append("the assumptions behind the quoted figure, published")
    if "extrapolation" in flags:
        out.append("a calibration cohort with open models of this size")
    if "sibling_judge" in flags:
        out.append("a run judged by a model of another family")
    if "contamination_risk" in flags:
        out.append("probes the model cannot have seen")
    if method == "ikp" and runs < 2:
        out.append("a second run of the same model")
    centers = [(lo * hi) ** 0.5 for _, lo, hi in spread]
    if centers and max(centers) / min(centers) > DISAGREE:
        out.append("its readings agreeing: the other calibration, runs or reasoning variants "
                   "put it more than 2× apart")  # fmt: skip
    out.append("a disclosed size")
    return tuple(out)
