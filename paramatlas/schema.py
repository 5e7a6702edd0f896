"""The data contract: one frozen pydantic model per kind of file under data/.

Field docstrings are the reference for contributors; the JSON Schema of a result file is
generated from `ResultFile`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from paramatlas.names import DEFAULT_JUDGE  # noqa: F401 (the data contract's default)
from paramatlas.stats import TIERS

TierName = Literal["T1", "T2", "T3", "T4", "T5", "T6", "T7"]
SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,79}$"
# In ECMA-262's dialect, which JSON Schema specifies: no escape a Unicode-mode regex refuses.
URL_PATTERN = r"""^https?://[^\s<>"']+$"""
# What each pattern means, in the words an error message uses.
PATTERN_WORDS = {
    SLUG_PATTERN: "a slug: up to 80 lowercase letters, digits, '.', '_' or '-', starting with a "
    "letter or digit",
    URL_PATTERN: "an http:// or https:// URL without spaces, quotes or angle brackets",
}
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
# Bounded before anything is made from them: a probe set has 1,400 probes, and the largest
# model anyone has described is below a thousand trillion parameters.
MOST = 1_000_000
Count = Annotated[int, Field(strict=True, ge=0, le=MOST)]
# strict: a boolean is never read as a number (true is not 1.0), nor a number as a boolean.
Lambda = Annotated[float, Field(ge=-5.0, le=0.0, allow_inf_nan=False, strict=True)]
Url = Annotated[str, Field(pattern=URL_PATTERN, max_length=500)]
Text = Annotated[str, Field(max_length=2000)]
Params = Annotated[float, Field(gt=0, le=MOST, allow_inf_nan=False, strict=True)]
Flag = Annotated[bool, Field(strict=True)]

# A release's calendar version: YEAR.MONTH (month 1 to 12, no leading zero) or
# YEAR.MONTH.PATCH, e.g. 2026.11 or 2026.11.1. Ordered as numbers: 2026.9 < 2026.10.
RELEASE_VERSION = r"^20[0-9]{2}\.(?:[1-9]|1[0-2])(?:\.(?:0|[1-9][0-9]*))?$"
# The file format's version: 1 so far, as a number (a boolean true is not a version).
SchemaVersion = Annotated[int, Field(strict=True, ge=1, le=1)]
# A real calendar date of the language-model era (a typo such as 1926 or 2206 is refused).
# Read from text in JSON (and from quoted YAML), so not strict: an ISO date string is a date.
Date = Annotated[dt.date, Field(strict=False, ge=dt.date(2015, 1, 1), le=dt.date(2035, 12, 31))]


class Frozen(BaseModel):
    # Strict: a boolean or a text is never read as a number (YAML's `yes`, a quoted "12").
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Citation(Frozen):
    """Where a figure comes from."""

    text: Text
    """Who published it, where, and when."""
    url: Url | None = None
    """A link to the source, http(s) only."""


class ModelEntry(Frozen):
    """One model of the registry (`data/models.yaml`)."""

    slug: Slug
    """Stable identifier; also the folder name under data/results/ and the page URL."""
    name: Annotated[str, Field(min_length=1, max_length=120)]
    """Display name."""
    vendor: Annotated[str, Field(min_length=1, max_length=80)]
    family: Annotated[str, Field(min_length=1, max_length=80)]
    arch: Literal["dense", "moe", "unknown"]
    open: Flag
    """True when the weights are public (such models can join a calibration cohort)."""
    params_B: Params | None = None
    """Known total parameters in billions (MoE: all experts), or null when not disclosed."""
    active_B: Params | None = None
    """Known parameters active per token in billions, or null."""
    release_date: Date | None = None
    thinking: Flag = False
    """Run with reasoning enabled."""
    api_id: Text | None = None
    """The id the model was queried under."""
    size_citation: Citation | None = None
    """Required when params_B is set: where the known size comes from."""
    unverified_B: Params | None = None
    """A total size reported but never confirmed (a leak), in billions: shown as such, never a
    known size and never an anchor."""
    unverified_active_B: Params | None = None
    """The active size of the same unconfirmed report, in billions."""
    note: Text | None = None
    same_weights_as: Slug | None = None
    """The model whose weights this one runs (the same training, e.g. queried with reasoning
    on): declared with a weights_citation, never inferred from ids or names. Models so declared
    share one answer and one training-compute figure."""
    weights_citation: Citation | None = None
    """Required when same_weights_as is set: where the fact comes from."""

    @model_validator(mode="after")
    def _size_needs_citation(self) -> ModelEntry:
        if self.params_B is not None and self.size_citation is None:
            msg = "a known size (params_B) needs a size_citation"
            raise ValueError(msg)
        if self.same_weights_as is not None and self.weights_citation is None:
            msg = "same_weights_as needs a weights_citation"
            raise ValueError(msg)
        return self


class Registry(Frozen):
    """`data/models.yaml`."""

    models: list[ModelEntry]


class Correction(Frozen):
    """A registry fact corrected with a citation; the registry keeps upstream's value."""

    model: Slug
    correct: dict[str, str | float | bool | None]
    """Registry fields and their corrected values (a corrected params_B takes this citation
    as its size_citation)."""
    reason: Text
    citation: Citation


class CorrectionsFile(Frozen):
    """`data/corrections.yaml`: every registry fact we hold otherwise than upstream."""

    corrections: list[Correction]


class TierCounts(Frozen):
    """Verdict counts of one tier. Their sum is the tier's total."""

    correct: Count
    """CORRECT (3-way) or CORRECT_STRONG (4-way) verdicts: credit 1."""
    weak: Count
    """CORRECT_WEAK verdicts of 4-way judging: credit 0.5; 0 with 3-way judging."""
    wrong: Count
    """WRONG verdicts: credit λ."""
    refusal: Count
    """REFUSAL verdicts: credit 0."""

    @property
    def total(self) -> int:
        return self.correct + self.weak + self.wrong + self.refusal


class Scoring(Frozen):
    """Which probes were counted and how; a calibration reads only count sets that match it."""

    probes: Literal["all-1400", "clean-1311"]
    """All 1,400 probes, or the cleaned subset of 1,311 (upstream's clean_mask)."""
    researcher_verdicts: Literal["3-way", "4-way"]
    """How the 345 researcher probes were judged."""
    query_errors: Literal["excluded", "refusal", "wrong"]
    """What a failed query (empty answer) counts as."""


class Reported(Frozen):
    """The accuracy the submitter's tool printed, kept to check the counts against."""

    accuracy: Annotated[float, Field(ge=-5.0, le=1.0, allow_inf_nan=False)]
    lam: Lambda = Field(alias="lambda")
    """The λ it was scored at."""
    floored: Flag = True
    """Whether tier scores were floored at 0 before averaging."""
    decimals: Annotated[int, Field(ge=1, le=17)] | None = None
    """Decimals the accuracy was published with (null: full precision); sets the tolerance."""
    calibration: Slug | None = None
    """The calibration the submitter read it with, when the source says so."""
    params_B: Params | None = None
    """The estimate the submitter published from it, in billions."""

    @property
    def tolerance(self) -> float:
        return 1e-6 if self.decimals is None else 0.5 * 10.0**-self.decimals + 1e-12

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, strict=True)


class Source(Frozen):
    """Where the numbers of a run come from."""

    text: Text
    url: Url | None = None
    license: Annotated[str, Field(max_length=80)] | None = None


class ResultFile(Frozen):
    """One IKP count set: `data/results/<model>/<run_id>.json`."""

    schema_version: SchemaVersion
    model: Slug
    """Slug of the model in data/models.yaml; equals the folder name."""
    run_id: Slug
    """Equals the file name without `.json`."""
    date: Date
    """When the run was made (or, for imported sets, when its counts were published)."""
    judge: Annotated[str, Field(min_length=1, max_length=120)]
    """The judge model's id."""
    workers: Annotated[int, Field(strict=True, ge=1, le=100000)] | None
    """Parallel query workers, or null when not recorded."""
    concurrent_runs: Annotated[int, Field(strict=True, ge=1, le=1000)] | None = None
    """Runs sharing the same judge endpoint at the same time (1: alone), or null."""
    judge_errors: Count | None = None
    """Judge calls that failed and were scored anyway, or null when not recorded."""
    scoring: Scoring
    tiers: dict[TierName, TierCounts]
    """Counts for T1..T7; a partial run lists only the tiers that are known."""
    query_errors: dict[TierName, Count] | None
    """Failed queries per tier, or null when they were not recorded separately."""
    source: Source
    reported: Reported | None = None
    notes: Text | None = None

    @property
    def complete(self) -> bool:
        """True when all seven tiers were counted; a partial run only has `reported`."""
        return all(t in self.tiers for t in TIERS)

    @model_validator(mode="after")
    def _partial_needs_reported(self) -> ResultFile:
        missing = [t for t in TIERS if t not in self.tiers]
        if missing and self.reported is None:
            msg = (
                f"tiers {', '.join(missing)} are missing; a partial run must give its "
                "reported accuracy"
            )
            raise ValueError(msg)
        return self


class PublishedRow(Frozen):
    """A calibration's statistics at one λ as its source published them (null: not published)."""

    lam: Lambda = Field(alias="lambda")
    n: int
    slope: float
    intercept: float | None = None
    r_squared: float
    rmse: float | None = None
    residual_se: float | None = None
    loo_median_fold: float
    loo_within_2x: float
    loo_within_3x: float | None = None
    loo_r_squared: float | None = None
    pi90_factor: float

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, strict=True)


class PublishedEstimate(Frozen):
    """An estimate as the calibration's source published it."""

    model: Slug
    accuracy: float
    params_B: Params
    low_B: Params
    high_B: Params
    run: Slug | None = None
    """The run the source read (default: the run the calibration reads today)."""


class CohortMember(Frozen):
    """One model of a pinned cohort: the run and the size the source fitted it with."""

    model: Slug
    run: Slug
    params_B: Params


class PublishedFold(Frozen):
    model: Slug
    fold_error: float


class Exclusion(Frozen):
    model: Slug
    reason: Text


class Published(Frozen):
    """What the calibration's source published, kept to prove the data reproduce it."""

    source: Citation
    rows: list[PublishedRow]
    estimates: list[PublishedEstimate] = []
    """Published estimates at the headline λ."""
    loo_folds: list[PublishedFold] = []
    """Published leave-one-out fold errors at the headline λ."""


class CalibrationFile(Frozen):
    """`data/calibration/<name>.yaml`."""

    name: Slug
    """Equals the file name without `.yaml`."""
    title: Text
    description: Text
    scoring: Scoring
    """The count sets this calibration reads; no other run is ever read with it."""
    headline_lambda: Lambda
    lambdas: list[Lambda]
    """The λ sweep shown on its page (the headline λ among them)."""
    cohort_rule: Text
    cohort: list[CohortMember] = []
    """The cohort as the source fitted it. When given, the fit reads exactly these runs with
    these sizes, whatever runs or registry edits come later; when empty, the cohort is every
    open model of known size with a run of this scoring, minus the excluded ones."""
    excluded: list[Exclusion]
    """Open models of known size left out of the cohort, with the reason."""
    withheld: list[Exclusion] = []
    """Models whose estimates the source does not publish, with the reason."""
    published: Published | None = None
    """What the source published; every number in it must be reproduced by the data."""

    @model_validator(mode="after")
    def _headline_in_sweep(self) -> CalibrationFile:
        if self.headline_lambda not in self.lambdas:
            msg = "headline_lambda must be one of lambdas"
            raise ValueError(msg)
        return self


class SiteFile(Frozen):
    """`data/site.yaml`: the report's own settings."""

    title: Text
    report_version: Annotated[str, Field(pattern=r"^[0-9A-Za-z.+-]{1,40}$")]
    default_calibration: Slug
    license_note: Text
    site_url: Url | None = None
    """Where the site is published (ends with /), for citations and the feed."""


class Interval(Frozen):
    low: Params
    high: Params

    @model_validator(mode="after")
    def _ordered(self) -> Interval:
        if self.low > self.high:
            msg = "low is above high"
            raise ValueError(msg)
        return self


class ExternalEstimate(Frozen):
    """A size estimate made elsewhere, by another method, quoted with its citation."""

    model: Slug
    method: Literal["hardware", "benchmark", "compute", "architecture", "disclosure", "other"]
    label: Text
    """How the site names it, e.g. "Hardware back-calculation (TPU 8i bandwidth)"."""
    total_B: Interval | None = None
    """Total parameters, in billions."""
    active_B: Interval | None = None
    """Active parameters per token, in billions."""
    assumptions_published: Flag
    """False: the figure can only be quoted, not recomputed here."""
    citation: Citation
    note: Text | None = None


class ExternalFile(Frozen):
    """`data/external/<name>.yaml`."""

    estimates: list[ExternalEstimate]


class ReplicationPair(Frozen):
    model: Slug
    rerun: Slug
    """The re-run's run id."""
    upstream: Slug
    """The run id of upstream's result for the same model, scored the same way."""


class ContentionExample(Frozen):
    model: Slug
    question: Text
    answer: Text


class PublishedFactor(Frozen):
    """An over-estimate factor (estimate ÷ known size) as the source published it."""

    model: Slug
    lam: Lambda = Field(alias="lambda")
    factor: Params
    estimate_B: Params | None = None

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, strict=True)


class CaseStudyPublished(Frozen):
    """The case study's figures as its source published them, shown beside ours."""

    estimates: dict[str, Params] = {}
    """Named published estimates in billions (e.g. `lambda_half`: IKP at λ=−0.5)."""
    ranges: dict[str, Interval] = {}
    """Named published ranges in billions (e.g. `range_corrected`)."""
    factors: list[PublishedFactor] = []
    monotone_family: Slug | None = None
    """A family the source says is monotone in accuracy with release order."""
    replication_claim: Annotated[float, Field(gt=0, le=0.1)] | None = None
    """The largest |Δ accuracy| the source claims its re-runs are within, as it stated it."""
    conclusion: Text


class CaseStudy(Frozen):
    """`data/case-studies/<name>.yaml`: a sizing report about one model."""

    name: Slug
    title: Text
    model: Slug
    source: Citation
    summary: Text
    runs: list[Slug]
    """Run ids of the model compared side by side, oldest first."""
    headline_run: Slug
    """The run the notes take as the clean read."""
    calibration: Slug
    """The calibration the source read its runs with."""
    compare_lambda: Lambda
    """A second λ at which over-estimates are checked, each with its matched fit."""
    replication: list[ReplicationPair]
    range_anchors: list[Slug]
    """Known-size models whose over-estimate range corrects the IKP figure (Llama, DeepSeek)."""
    frontier_anchor: Slug
    """The known-size frontier MoE that checks the correction (hy3-preview)."""
    highlight: list[Slug]
    """Frontier MoE anchors highlighted on the anchors page."""
    contention_examples: list[ContentionExample] = []
    hypotheses: list[Text] = []
    findings: dict[Literal["runs", "contention", "scoring"], Text] = {}
    """The source's own findings, quoted on the page: about its runs, judge contention, and
    how its figures were scored."""
    published: CaseStudyPublished


Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class BenchmarkRow(Frozen):
    """Vendor-published benchmark scores of one model, in percent."""

    model: Slug
    scores: dict[Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")], Score]
    source: Text
    """Where the scores were published."""


class PublishedBenchmarkFit(Frozen):
    """A benchmark's regression on log10 size as its source published it."""

    n: int
    r_squared: float
    ikp_r_squared: float | None = None
    """IKP accuracy on log10 size over the same models."""


class BenchmarkFile(Frozen):
    """`data/benchmarks/<name>.yaml`."""

    benchmarks: dict[Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")], Text]
    """Benchmark id -> display name."""
    citation: Citation
    rows: list[BenchmarkRow]
    published: dict[str, PublishedBenchmarkFit] = {}
    """The source's own comparison, which the committed scores must reproduce."""


class Cited(Frozen):
    value: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    citation: Citation


class CitedRange(Interval):
    """A range of values with its citation."""

    citation: Citation


class HardwareInputs(Frozen):
    """`data/hardware/<name>.yaml`: a serving back-calculation, every input cited."""

    model: Slug
    accelerator: Text
    memory_GB: Cited
    """Memory per chip, in GB."""
    bandwidth_TBps: Cited
    """Memory bandwidth per chip, in TB/s."""
    chips: Cited
    """Chips in one serving slice."""
    decode_tokens_per_s: Cited
    """Observed decode speed of one stream, in tokens per second."""
    bytes_per_param: Cited
    utilisation: CitedRange
    """Share of the bandwidth a decode step achieves (0–1)."""


class Accelerator(Frozen):
    """An accelerator's memory and bandwidth per chip, from its maker's datasheet."""

    name: Text
    memory_GB: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    bandwidth_TBps: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    citation: Citation


class AcceleratorsFile(Frozen):
    """`data/accelerators.yaml`: the presets of the hardware calculator."""

    accelerators: list[Accelerator]


class ComputeEntry(Frozen):
    """A training-compute figure: published accelerator-hours, an expert override, or known
    parameters and tokens."""

    model: Slug
    method: Literal["gpu_hours", "override", "known_specs"]
    flop: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    """For an override: the FLOP figure."""
    tokens: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    """For known specifications: training tokens (the parameters come from the registry)."""
    gpu_hours: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    """For published accelerator-hours: the hours the developer reports."""
    peak_flops: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    """For accelerator-hours: the accelerator's dense peak FLOP per second, as its maker
    publishes it for the training precision."""
    utilization: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] | None = None
    """For accelerator-hours: the share of peak the training is assumed to sustain."""
    confidence: Literal["High", "Medium", "Low", "Speculative"]
    citation: Citation


class ComputeFile(Frozen):
    """`data/compute/<name>.yaml`."""

    entries: list[ComputeEntry]


class ArchitectureFile(Frozen):
    """`data/architectures/<model>.yaml`: a published configuration to count parameters from."""

    model: Slug
    citation: Citation
    config: dict[str, int | float | str | bool | None]
    """The config.json fields (model_type, hidden_size, layers, heads, experts, …)."""
