"""The contract of the JSON downloads (`estimates.json`, `calibration.json`): one pydantic model
per object, published as a JSON Schema beside each file. Every object forbids fields it does
not name, so a field added to a download without its description here fails the tests."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from paramatlas.schema import Scoring

# A number the site could not compute (an open-ended band, a fit with too few points) is null.
Size = float | None


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Spread(Closed):
    source: str
    """Where this part of the plausible range comes from."""
    low_B: Size
    high_B: Size


class BudgetPart(Closed):
    source: str = Field(
        description="probe sampling, cohort scatter, calibration and count set, another run "
        "or reasoning variants"
    )
    log10_width: float = Field(description="its part of log10(high_B / low_B)")
    share: float


class Answer(Closed):
    """The model's answer, as its page, the home table and the estimate command give it."""

    params_B: Size = Field(description="best estimate in billions of parameters")
    low_B: Size = Field(description="plausible range, low end (null: no usable estimate)")
    high_B: Size = Field(description="plausible range, high end (null: open-ended or none)")
    grade: str = Field(description="High, Moderate, Low, Very low, or no usable estimate")
    estimate_text: str
    range_text: str
    spread: list[Spread]
    would_change: list[str]
    sentence: str = Field(description="the sentence to quote")
    basis: str = Field(description="which reading the summary rule chose, and why")
    budget: list[BudgetPart] | None = Field(
        description="where the plausible range's width comes from (an IKP answer's; the "
        "parts sum to log10(high_B / low_B))"
    )


class Reading(Closed):
    """The IKP reading of the model with the default calibration (evidence, not the answer)."""

    model: str
    calibration: str
    lambda_: float = Field(alias="lambda")
    run_id: str
    accuracy: float
    params_B: Size
    low_B: Size
    high_B: Size
    loo_low_B: Size
    loo_high_B: Size
    pi_low_B: Size
    pi_high_B: Size
    flags: list[str] = Field(description="hazard ids (the hazards page defines each)")
    flag_reasons: dict[str, str]
    runs: list[str]
    known_B: Size
    factor: Size = Field(description="estimate / known size, when the size is known")
    as_published: bool
    reported_B: Size


class Method(Closed):
    """One method's reading of the model's size."""

    method: str
    label: str
    params_B: Size
    interval_low_B: Size
    interval_high_B: Size
    interval: str = Field(description="what the interval is (e.g. LOO band), empty if none")
    confidence: str = Field(description="strong, fair, weak or speculative")
    source: str
    usable: bool
    unusable_because: list[str]


class Summary(Method):
    reason: str = Field(description="why the summary rule chose this reading")


class TierPower(Closed):
    tier: str
    correct: int
    total: int
    wilson_low: float | None = Field(description="Wilson 95% interval of the correct rate")
    wilson_high: float | None = Field(
        description="the highest true correct rate the counts still allow (95%)"
    )
    wilson_width: float | None


class EvalPower(Closed):
    """How finely one run's counts resolve what they measure (methodology, "Eval power")."""

    run_id: str
    calibration: str | None = Field(description="the calibration scored like the run, if any")
    lambda_: float = Field(alias="lambda")
    quantile: float
    accuracy_step: float | None = Field(
        description="|accuracy difference| two runs drawn like this one exceed by chance with "
        "probability 1 − quantile (null: a partial run, or no calibration reads it)"
    )
    size_ratio: float | None = Field(
        description="the run's noise floor as a ratio of sizes: "
        "10 ** (accuracy_step / the calibration's slope)"
    )
    tiers: list[TierPower]


class Model(Closed):
    name: str
    known_B: Size = Field(description="disclosed size, when the registry cites one")
    ikp_reading: Reading | None
    ikp_flags: list[str]
    methods: list[Method]
    summary: Summary | None
    answer: Answer | None
    eval_power: list[EvalPower] = Field(description="one entry per run, oldest first")


class EstimatesFile(Closed):
    """`downloads/estimates.json`: every model's answer and the readings it rests on."""

    report_version: str
    generator_version: str
    data_digest: str = Field(pattern="^[0-9a-f]{64}$", description="sha256 of data/")
    models: dict[str, Model]


class Fit(Closed):
    """A calibration fitted at one λ."""

    calibration: str
    lambda_: float = Field(alias="lambda")
    n: int
    slope: Size
    intercept: Size
    r_squared: Size
    rmse: Size
    loo_median_fold: Size
    loo_within_2x: Size
    loo_within_3x: Size
    pi90_factor: Size
    cohort: list[str]


class Calibration(Closed):
    scoring: Scoring
    headline_lambda: float
    sweep: list[Fit]


class CalibrationsFile(Closed):
    """`downloads/calibration.json`: every calibration's fit at every λ of its sweep."""

    report_version: str
    calibrations: dict[str, Calibration]
