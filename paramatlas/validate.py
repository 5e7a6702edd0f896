"""Checks that span files: names match paths, slugs resolve, reported numbers match counts."""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import PurePosixPath

from paramatlas.errors import DataError
from paramatlas.load import Dataset
from paramatlas.schema import CaseStudy, ModelEntry, ResultFile, Scoring
from paramatlas.schema_probes import ProbeSamplesFile
from paramatlas.stats import accuracy


def unknown_model(rel: str, field: str, slug: str, slugs: set[str]) -> DataError:
    """An unknown slug, with the registry's closest slugs and how to add a model."""
    close = difflib.get_close_matches(slug, sorted(slugs), n=3, cutoff=0.6)
    hint = f"one of the close slugs {', '.join(close)}, or" if close else "a registry slug, or"
    return DataError(
        rel,
        field,
        f"unknown model {slug!r}",
        f"{hint} a new entry in data/models.yaml (slug, name, vendor, family, arch, open, and "
        "params_B with a size_citation when the size is known)",
    )


def validate(data: Dataset) -> list[DataError]:
    """Every cross-file problem in the dataset; raises nothing."""
    slugs = {m.slug for m in data.models}
    names = {c.name for _, c in data.calibrations}
    runs = {(r.model, r.run_id) for _, r in data.results}
    return [
        *registry_errors(data),
        *result_file_errors(data, slugs),
        *calibration_errors(data, slugs),
        *cohort_errors(data),
        *reported_calibration_errors(data, names),
        *(e for rel, s in data.case_studies for e in case_study_errors(rel, s, slugs, runs, names)),
        *slug_reference_errors(data, slugs),
        *site_errors(data, names),
        *samples_errors(data, slugs),
    ]


def registry_errors(data: Dataset) -> list[DataError]:
    """models.yaml: each slug once, active parameters within the total, and each declared
    training names a model that is one (not itself, not declared in turn, the same known
    size)."""
    errors = [
        DataError(
            "models.yaml", f"models[slug={slug}]", f"slug appears {count} times", "each slug once"
        )
        for slug, count in sorted(Counter(m.slug for m in data.models).items())
        if count > 1
    ]
    for model in data.models:
        if model.params_B and model.active_B and model.active_B > model.params_B:
            errors.append(
                DataError(
                    "models.yaml",
                    f"models[slug={model.slug}].active_B",
                    f"{model.active_B} is above params_B {model.params_B}",
                    "active_B ≤ params_B",
                )
            )
    errors += [e for m in data.models if (e := _training_error(m, data)) is not None]
    return errors


def _training_error(model: ModelEntry, data: Dataset) -> DataError | None:
    target = model.same_weights_as
    if target is None:
        return None
    others = {m.slug: m for m in data.models}
    base = others.get(target)
    if base is None or base.slug == model.slug or base.same_weights_as is not None:
        problem = f"{target!r} is " + (
            "not in the registry"
            if base is None
            else "the model itself"
            if base.slug == model.slug
            else f"declared the same weights as {base.same_weights_as!r} in turn"
        )
        expected = "the slug of the model whose weights it runs, declared as no one's variant"
    elif model.params_B and base.params_B and model.params_B != base.params_B:
        problem = f"known sizes differ: {model.params_B}B here, {base.params_B}B for {target}"
        expected = "one training, one size"
    else:
        return None
    field = f"models[slug={model.slug}].same_weights_as"
    return DataError("models.yaml", field, problem, expected)


def result_file_errors(data: Dataset, slugs: set[str]) -> list[DataError]:
    errors = []
    for rel, result in data.results:
        if len(PurePosixPath(rel).parts) != 3:
            errors.append(
                DataError(
                    rel, "(file)", "result file at the wrong depth", "results/<model>/<run_id>.json"
                )
            )
        errors.extend(result_errors(rel, result, slugs, data.probe_tiers))
    return errors


def named_for_file(rel: str, field: str, value: str) -> list[DataError]:
    """A file named for what it holds: `field` carries the file's name."""
    path = PurePosixPath(rel)
    if path.stem == value:
        return []
    return [
        DataError(
            rel,
            field,
            f"{value!r} does not match the file name {path.stem!r}",
            f"the file name without {path.suffix}",
        )
    ]


def calibration_errors(data: Dataset, slugs: set[str]) -> list[DataError]:
    """A calibration is named for its file and excludes or withholds only known models."""
    errors = []
    for rel, calibration in data.calibrations:
        errors += named_for_file(rel, "name", calibration.name)
        for field in ("excluded", "withheld"):
            for i, entry in enumerate(getattr(calibration, field)):
                if entry.model not in slugs:
                    errors.append(unknown_model(rel, f"{field}[{i}].model", entry.model, slugs))
    return errors


def cohort_errors(data: Dataset) -> list[DataError]:
    """A pinned cohort names runs that exist, hold every tier and are scored like the
    calibration; a published estimate names a run that exists."""
    runs = {(r.model, r.run_id): r for _, r in data.results}
    errors = []
    for rel, calibration in data.calibrations:
        for i, member in enumerate(calibration.cohort):
            run = runs.get((member.model, member.run))
            problem = (
                f"no run {member.run!r} of {member.model!r}"
                if run is None
                else "the run does not count every tier"
                if not run.complete
                else "the run is scored otherwise than the calibration"
                if run.scoring != calibration.scoring
                else None
            )
            if problem:
                errors.append(
                    DataError(
                        rel,
                        f"cohort[{i}].run",
                        problem,
                        f"a complete run results/{member.model}/<run>.json of this scoring",
                    )
                )
        published = calibration.published.estimates if calibration.published else []
        for i, pub in enumerate(published):
            if pub.run is not None and (pub.model, pub.run) not in runs:
                errors.append(
                    DataError(
                        rel,
                        f"published.estimates[{i}].run",
                        f"no run {pub.run!r} of {pub.model!r}",
                        f"a file results/{pub.model}/{pub.run}.json",
                    )
                )
    return errors


def reported_calibration_errors(data: Dataset, names: set[str]) -> list[DataError]:
    """A result that says which calibration read it names one that exists."""
    return [
        DataError(
            rel,
            "reported.calibration",
            f"no calibration named {result.reported.calibration!r}",
            f"one of {sorted(names)}",
        )
        for rel, result in data.results
        if result.reported
        and result.reported.calibration
        and result.reported.calibration not in names
    ]


def slug_reference_errors(data: Dataset, slugs: set[str]) -> list[DataError]:
    """Every model named by an external, benchmark, hardware, compute or architecture file."""
    named = [(rel, "estimates.model", e.model) for rel, e in data.external]
    named += [
        (rel, f"rows[{i}].model", r.model)
        for rel, f in data.benchmarks
        for i, r in enumerate(f.rows)
    ]
    named += [(rel, "model", h.model) for rel, h in data.hardware]
    named += [(rel, "entries.model", c.model) for rel, c in data.compute]
    named += [(rel, "model", a.model) for rel, a in data.architectures]
    return [
        unknown_model(rel, field, slug, slugs) for rel, field, slug in named if slug not in slugs
    ]


# Sample answers carry 3-way verdicts of the cleaned subset, failed queries left out.
SAMPLED_SCORING = Scoring(probes="clean-1311", researcher_verdicts="3-way", query_errors="excluded")


def samples_errors(data: Dataset, slugs: set[str]) -> list[DataError]:
    """Sample answers are named for their model and come from a run whose counts they repeat:
    samples of other verdicts than the run counted would not be its answers."""
    runs = {(r.model, r.run_id): r for _, r in data.results}
    errors = []
    for rel, samples in data.samples:
        errors += named_for_file(rel, "model", samples.model)
        if samples.model not in slugs:
            errors.append(unknown_model(rel, "model", samples.model, slugs))
        run = runs.get((samples.model, samples.run))
        if run is None:
            where = f"results/{samples.model}/{samples.run}.json"
            errors.append(
                DataError(
                    rel, "run", f"no run {samples.run!r} of {samples.model!r}", f"a file {where}"
                )
            )
            continue
        errors += _sample_count_errors(rel, samples, run)
    return errors


def _sample_count_errors(rel: str, samples: ProbeSamplesFile, run: ResultFile) -> list[DataError]:
    """Each tier's verdicts and failed queries equal the run's (both 3-way, cleaned subset)."""
    name = f"results/{run.model}/{run.run_id}.json"
    if run.scoring != SAMPLED_SCORING:
        return [
            DataError(
                rel,
                "run",
                f"{name} is scored otherwise",
                "a run of the cleaned subset, 3-way verdicts, failed queries left out, as the "
                "samples are",
            )
        ]
    errors = []
    for tier in sorted(set(samples.tiers) | set(run.tiers)):
        ours, theirs = samples.tiers.get(tier), run.tiers.get(tier)
        got = ours and (ours.correct, ours.wrong, ours.refusal, ours.query_errors)
        failed = (run.query_errors or {}).get(tier)
        want = theirs and (theirs.correct, theirs.wrong, theirs.refusal, failed)
        if got != want:
            errors.append(
                DataError(
                    rel,
                    f"tiers.{tier}",
                    f"correct, wrong, refusal, query_errors {got} differ from the run's",
                    f"those of {name}: {want}",
                )
            )
    return errors


def site_errors(data: Dataset, names: set[str]) -> list[DataError]:
    if data.site.default_calibration in names:
        return []
    return [
        DataError(
            "site.yaml",
            "default_calibration",
            f"no calibration named {data.site.default_calibration!r}",
            f"one of {sorted(names)}",
        )
    ]


def result_errors(
    rel: str,
    result: ResultFile,
    slugs: set[str],
    probe_tiers: dict[str, dict[str, int]] | None = None,
    *,
    in_data: bool = True,
) -> list[DataError]:
    """Checks of one result file against its path, the registry, its probe set and its own
    counts."""
    errors = tier_size_errors(rel, result, (probe_tiers or {}).get(result.scoring.probes))
    path = PurePosixPath(rel)
    if in_data and path.parts[-2] != result.model:  # one mistake, one message
        unknown = "" if result.model in slugs else ", and is not in the registry"
        problem = f"{result.model!r} does not match its folder {path.parts[-2]!r}{unknown}"
        errors.append(DataError(rel, "model", problem, "the folder name"))
    elif result.model not in slugs:
        errors.append(unknown_model(rel, "model", result.model, slugs))
    errors += named_for_file(rel, "run_id", result.run_id)
    if result.reported is not None and result.complete:
        counts = {t: c.model_dump() for t, c in result.tiers.items()}
        got = accuracy(counts, result.reported.lam, floor=result.reported.floored)
        tolerance = result.reported.tolerance
        if abs(got - result.reported.accuracy) > tolerance:
            errors.append(
                DataError(
                    rel,
                    "reported.accuracy",
                    f"{result.reported.accuracy:.6f} contradicts the counts, which give "
                    f"{got:.6f} at λ={result.reported.lam:g}",
                    f"within {tolerance:.2g} of the accuracy the counts give",
                )
            )
    return errors


def tier_size_errors(rel: str, result: ResultFile, sizes: dict[str, int] | None) -> list[DataError]:
    """Each tier counts every probe of its probe set once: the verdicts, plus the failed
    queries when the scoring leaves them out."""
    if sizes is None:
        return []
    errors = []
    for tier, counts in sorted(result.tiers.items()):
        failed = (result.query_errors or {}).get(tier, 0)
        counted = counts.total + (failed if result.scoring.query_errors == "excluded" else 0)
        if counted != sizes.get(tier):
            what = "correct + weak + wrong + refusal" + (
                " + query_errors" if result.scoring.query_errors == "excluded" else ""
            )
            errors.append(
                DataError(
                    rel,
                    f"tiers.{tier}",
                    f"{counted} probes counted ({what})",
                    f"{sizes.get(tier)}, the probes of {tier} in the {result.scoring.probes} set",
                )
            )
    return errors


def case_study_errors(
    rel: str, study: CaseStudy, slugs: set[str], runs: set[tuple[str, str]], names: set[str]
) -> list[DataError]:
    """A case study names models, runs and a calibration that must all exist."""
    errors = named_for_file(rel, "name", study.name)
    if study.calibration not in names:
        errors.append(
            DataError(
                rel,
                "calibration",
                f"no calibration named {study.calibration!r}",
                f"one of {sorted(names)}",
            )
        )
    models = [("model", study.model), ("frontier_anchor", study.frontier_anchor)]
    models += [(f"range_anchors[{i}]", m) for i, m in enumerate(study.range_anchors)]
    models += [(f"highlight[{i}]", m) for i, m in enumerate(study.highlight)]
    models += [
        (f"contention_examples[{i}].model", e.model)
        for i, e in enumerate(study.contention_examples)
    ]
    for field, slug in models:
        if slug not in slugs:
            errors.append(unknown_model(rel, field, slug, slugs))
    wanted = [(f"runs[{i}]", study.model, r) for i, r in enumerate(study.runs)]
    wanted.append(("headline_run", study.model, study.headline_run))
    for i, pair in enumerate(study.replication):
        wanted += [
            (f"replication[{i}].rerun", pair.model, pair.rerun),
            (f"replication[{i}].upstream", pair.model, pair.upstream),
        ]
    for field, model, run in wanted:
        if (model, run) not in runs:
            errors.append(
                DataError(
                    rel, field, f"no run {run!r} of {model!r}", f"a file results/{model}/{run}.json"
                )
            )
    return errors
