"""The data contract of per-probe evidence: `data/probes/samples/<model>.json`.

One file per model whose per-probe result file is public, written by `paramatlas import-upstream`
from the IKP data pack. It holds a few of the run's answers as examples, never the score: the
first `per_cell` clean, answered probes of each tier and verdict, in probe-id order, each
response cut at `response_chars` characters ("…" marks a cut). Flagged probes are never shown,
only counted with their reasons; failed queries (empty responses) are counted, never shown, and
so are researcher probes whose response does not name the researcher asked about.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from paramatlas.schema import Count, Frozen, SchemaVersion, Slug, Source, Text, TierName

ProbeId = Annotated[str, Field(pattern=r"^IKP_T[1-7]_[0-9]{4}$")]
Verdict = Literal["CORRECT", "WRONG", "REFUSAL"]
Reason = Annotated[str, Field(min_length=1, max_length=120)]


class ProbeSample(Frozen):
    """One probe as it was asked, answered and judged."""

    probe_id: ProbeId
    """Upstream's probe id, e.g. `IKP_T3_0042` (the tier is in the id)."""
    tier: TierName
    verdict: Verdict
    """The judge's 3-way verdict, the one the run's counts are made of."""
    question: Text
    gold_answer: Text
    response: Text
    """The model's answer, cut at the file's `response_chars` with "…" appended when longer."""


class SampleTier(Frozen):
    """What one tier of the run holds: verdicts of the clean, answered probes, and failed
    queries. Equal to the tier's counts in the run file the samples come from."""

    correct: Count
    wrong: Count
    refusal: Count
    query_errors: Count
    """Clean probes whose query failed (empty response): dropped from the score."""


class ProbeSamplesFile(Frozen):
    """`data/probes/samples/<model>.json`: sample answers of one run, with what is left out."""

    schema_version: SchemaVersion
    model: Slug
    """Slug of the model in data/models.yaml; equals the file name without `.json`."""
    run: Slug
    """The run whose verdicts these are: `data/results/<model>/<run>.json`."""
    per_cell: Annotated[int, Field(strict=True, ge=1, le=5)]
    """At most this many samples per tier and verdict."""
    response_chars: Annotated[int, Field(strict=True, ge=40, le=2000)]
    """Responses longer than this many characters are cut there."""
    probes: Count
    """Probes in the source file (1,400 for a complete run)."""
    clean: Count
    """Of those, probes of the cleaned subset; the run is scored on these minus failed queries."""
    withheld: dict[Reason, Count]
    """Flagged probes, never shown: how many for each kind of reason (the reason's text before
    its first parenthesis, e.g. "researcher name-collision")."""
    tiers: dict[TierName, SampleTier]
    unnamed: Count = 0
    """Clean, answered researcher probes not sampled because the response does not name the
    researcher the question asks about (some answer about another person: the question
    changed after the run)."""
    samples: list[ProbeSample]
    """Ordered by tier, verdict (CORRECT, WRONG, REFUSAL), then probe id."""
    source: Source

    @model_validator(mode="after")
    def _counts_add_up(self) -> ProbeSamplesFile:
        withheld = sum(self.withheld.values())
        if self.clean + withheld != self.probes:
            msg = f"probes {self.probes} is not clean {self.clean} + withheld {withheld}"
            raise ValueError(msg)
        counted = sum(sum(t.model_dump().values()) for t in self.tiers.values())
        if counted != self.clean:
            msg = f"tiers count {counted} probes (verdicts and query_errors), clean {self.clean}"
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _samples_follow_the_rule(self) -> ProbeSamplesFile:
        cells: dict[tuple[str, str], int] = {}
        for i, s in enumerate(self.samples):
            cells[s.tier, s.verdict] = cells.get((s.tier, s.verdict), 0) + 1
            problem = (
                f"tier {s.tier} is not the tier of {s.probe_id}"
                if not s.probe_id.startswith(f"IKP_{s.tier}_")
                else f"response over response_chars {self.response_chars} (plus …)"
                if len(s.response) > self.response_chars + 1
                else f"more than per_cell {self.per_cell} samples of {s.tier} {s.verdict}"
                if cells[s.tier, s.verdict] > self.per_cell
                else f"more samples of {s.tier} {s.verdict} than its tiers count"
                if cells[s.tier, s.verdict] > getattr(self.tiers.get(s.tier), s.verdict.lower(), 0)
                else None
            )
            if problem:
                msg = f"samples[{i}]: {problem}"
                raise ValueError(msg)
        return self
