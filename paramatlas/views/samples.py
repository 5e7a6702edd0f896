"""View-model of a model page's sample responses: a few answers of one run, and what is left
out of them and of its score."""

from __future__ import annotations

from dataclasses import dataclass

from paramatlas.schema import Source
from paramatlas.schema_probes import ProbeSample, ProbeSamplesFile

LICENSE_URLS = {"CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class SamplesView:
    model: str
    run: str
    per_cell: int
    response_chars: int
    scored: int
    """Probes the run was scored on: the clean ones whose query did not fail."""
    query_errors: int
    withheld: int
    reasons: tuple[tuple[str, int], ...]
    """(kind of reason, flagged probes) for the withheld ones, most frequent first."""
    unnamed: int
    """Researcher probes not sampled: the response does not name the researcher asked about."""
    samples: tuple[ProbeSample, ...]
    source: Source
    license_url: str | None


def samples_view(samples: ProbeSamplesFile) -> SamplesView:
    failed = sum(t.query_errors for t in samples.tiers.values())
    reasons = sorted(samples.withheld.items(), key=lambda kv: (-kv[1], kv[0]))
    return SamplesView(
        model=samples.model,
        run=samples.run,
        per_cell=samples.per_cell,
        response_chars=samples.response_chars,
        scored=samples.clean - failed,
        query_errors=failed,
        withheld=sum(samples.withheld.values()),
        reasons=tuple(reasons),
        unnamed=samples.unnamed,
        samples=tuple(samples.samples),
        source=samples.source,
        license_url=LICENSE_URLS.get(samples.source.license or ""),
    )
