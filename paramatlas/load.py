"""Find and parse every file under data/, collecting every problem before giving up."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from paramatlas import corrections, environment, probes, strict
from paramatlas.cache import Cache, digest
from paramatlas.errors import DataError, DataErrors, by_slug
from paramatlas.field_errors import pydantic_errors
from paramatlas.schema import (
    RELEASE_VERSION,
    Accelerator,
    AcceleratorsFile,
    ArchitectureFile,
    BenchmarkFile,
    CalibrationFile,
    CaseStudy,
    ComputeEntry,
    ComputeFile,
    CorrectionsFile,
    ExternalEstimate,
    ExternalFile,
    HardwareInputs,
    ModelEntry,
    Registry,
    ResultFile,
    SiteFile,
)
from paramatlas.schema_probes import ProbeSamplesFile

# No honest result or registry file comes near this; a bigger one is refused unread.
MAX_FILE_BYTES = 2_000_000

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Dataset:
    """Everything under data/, parsed and schema-checked (cross-file checks come later)."""

    root: Path
    site: SiteFile
    models: tuple[ModelEntry, ...]
    results: tuple[tuple[str, ResultFile], ...]
    """(path relative to root, result), sorted by path."""
    calibrations: tuple[tuple[str, CalibrationFile], ...]
    case_studies: tuple[tuple[str, CaseStudy], ...]
    benchmarks: tuple[tuple[str, BenchmarkFile], ...]
    hardware: tuple[tuple[str, HardwareInputs], ...]
    compute: tuple[tuple[str, ComputeEntry], ...]
    architectures: tuple[tuple[str, ArchitectureFile], ...]
    external: tuple[tuple[str, ExternalEstimate], ...]
    """(file, estimate) for every estimate quoted from elsewhere."""
    digest: str
    """sha256 of every file's path and bytes: names the exact data a page was built from."""
    ledgers: tuple[dict[str, Any], ...] = ()
    """Release ledgers (`releases/<version>.json`), oldest version first."""
    probe_tiers: dict[str, dict[str, int]] | None = None
    """Probes per tier of each probe set (`Scoring.probes`), to check counts against."""
    corrections: tuple[corrections.Applied, ...] = ()
    """Registry facts we hold otherwise than upstream (applied to `models`)."""
    accelerators: tuple[Accelerator, ...] = ()
    """Datasheet figures offered by the hardware calculator."""
    samples: tuple[tuple[str, ProbeSamplesFile], ...] = ()
    """Sample answers of a run (`probes/samples/<model>.json`), for models with public ones."""
    folder: str | None = None
    """The version folder a deploy publishes these data under (None: served at the root)."""


def data_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not oddity(p, root)):
        rel = path.relative_to(root).as_posix()
        # Release ledgers record what was built from the rest; they are not its input.
        if any(part.startswith(".") for part in rel.split("/")) or rel.startswith("releases/"):
            continue
        # Line endings are a checkout's setting (core.autocrlf), not the data's content.
        content = path.read_bytes().replace(b"\r\n", b"\n")
        digest.update(rel.encode() + b"\0" + content + b"\0")
    return digest.hexdigest()


def _parse(path: Path, root: Path, errors: list[DataError]) -> Any:
    rel = path.relative_to(root).as_posix()
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        errors.append(
            DataError(rel, "(file)", f"file is {size:,} bytes", f"at most {MAX_FILE_BYTES:,} bytes")
        )
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        errors.append(
            DataError(rel, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})", "UTF-8")
        )
        return None
    if text.startswith("\ufeff"):  # some editors add one; JSON forbids it, YAML would hide it
        errors.append(
            DataError(rel, "(file)", "starts with a byte-order mark", "UTF-8 without one")
        )
        return None
    try:
        if path.suffix == ".json":
            return strict.loads_json(text)
        return strict.loads_yaml(text)
    except json.JSONDecodeError as exc:
        errors.append(
            DataError(
                rel,
                "(file)",
                f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                "valid JSON",
            )
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        errors.append(DataError(rel, "(file)", f"invalid YAML{where}: {exc.problem}", "valid YAML"))
    except yaml.YAMLError as exc:
        errors.append(DataError(rel, "(file)", f"invalid YAML: {exc}", "valid YAML"))
    except ValueError as exc:  # NaN or Infinity, a duplicated key
        kind = "JSON" if path.suffix == ".json" else "YAML"
        errors.append(DataError(rel, "(file)", f"invalid {kind}: {exc}", f"valid {kind}"))
    except RecursionError:
        errors.append(DataError(rel, "(file)", "nested too deeply to read", "a flat data file"))
    return None


def _model(cls: type[M], raw: Any, rel: str, errors: list[DataError]) -> M | None:
    if raw is None:
        return None
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        errors.extend(by_slug(e, raw) for e in pydantic_errors(rel, exc))
        return None


def _load_file(
    path: Path, root: Path, cls: type[M], errors: list[DataError], cache: Cache | None
) -> M | None:
    """Parse and check one file; with a cache, bytes parsed before are not parsed again."""
    rel = path.relative_to(root).as_posix()
    key = None
    if cache is not None and path.stat().st_size <= MAX_FILE_BYTES:
        key = digest(cls.__name__, path.read_bytes())
        hit = cache.get("parsed", key)
        if hit is not None:
            return hit
    known = len(errors)
    raw = _parse(path, root, errors)
    if raw is None and len(errors) == known:  # read fine, but holds nothing: refused, not skipped
        errors.append(DataError(rel, "(file)", "empty or null", "the mapping this file holds"))
    parsed = _model(cls, raw, rel, errors)
    if parsed is not None and key is not None:
        cache.put("parsed", key, parsed)
    return parsed


def _load_one(
    root: Path,
    name: str,
    cls: type[M],
    errors: list[DataError],
    cache: Cache | None,
    *,
    optional: bool = False,
) -> M | None:
    path = root / name
    if optional and not path.exists() and not path.is_symlink():
        return None
    if not path.exists() and not path.is_symlink():
        errors.append(DataError(name, "(file)", "missing", "a file"))
        return None
    odd = oddity(path, root)
    if odd:
        errors.append(DataError(name, "(file)", odd, "a regular file inside the data folder"))
        return None
    return _load_file(path, root, cls, errors, cache)


def oddity(path: Path, root: Path) -> str | None:
    """What makes a path unreadable as a data file, if anything: a broken link, a link out
    of the data folder, a folder, a device or a pipe (reading one could hang)."""
    if path.is_symlink() and not path.exists():
        return "a broken symbolic link"
    if not real_path(path).is_relative_to(real_folder(root)):
        return "a link to a file outside the data folder"
    if path.is_dir():
        return "a folder where a data file belongs"
    if not path.is_file():
        return "not a regular file"
    return None


def real_path(path: Path) -> Path:
    """Where path leads: its folder's real path (found once per folder) and, unless the file
    is itself a link, its name. Resolving every file's whole path was most of a load's time."""
    return path.resolve() if path.is_symlink() else real_folder(path.parent) / path.name


@functools.lru_cache(maxsize=256)
def real_folder(folder: Path) -> Path:
    return folder.resolve()


def _load_folder(
    root: Path,
    folder: str,
    suffixes: set[str],
    cls: type[M],
    layout: str,
    errors: list[DataError],
    cache: Cache | None = None,
) -> list[tuple[str, M]]:
    """Every file of one kind under a folder, as (path relative to root, parsed model)."""
    loaded = []
    for path in sorted((root / folder).glob("**/*")):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith(".") or (path.is_dir() and path.suffix not in suffixes):
            continue
        odd = oddity(path, root)
        if odd:
            errors.append(DataError(rel, "(file)", odd, "a regular file inside the data folder"))
            continue
        if path.suffix not in suffixes:
            errors.append(DataError(rel, "(file)", "not a data file of this folder", layout))
            continue
        parsed = _load_file(path, root, cls, errors, cache)
        if parsed is not None:
            loaded.append((rel, parsed))
    return loaded


LEDGER_KEYS = {
    "version",
    "date",
    "generator_version",
    "data_digest",
    "default_calibration",
    "fits",
    "models",
}


def _load_ledgers(root: Path, errors: list[DataError]) -> list[dict[str, Any]]:
    """Ledgers are written by `paramatlas release`; check only that they are whole."""
    ledgers = []
    for path in sorted((root / "releases").glob("*.json")):
        rel = path.relative_to(root).as_posix()
        ledger = _parse(path, root, errors)
        if ledger is None:
            continue
        missing = LEDGER_KEYS - set(ledger) if isinstance(ledger, dict) else LEDGER_KEYS
        if missing:
            errors.append(
                DataError(
                    rel,
                    "(file)",
                    f"missing {', '.join(sorted(missing))}",
                    "a ledger written by paramatlas release",
                )
            )
        elif not isinstance(ledger["version"], str) or not re.match(
            RELEASE_VERSION, ledger["version"]
        ):
            expected = "a calendar version, e.g. 2026.11"
            errors.append(DataError(rel, "version", f"got {ledger['version']!r}", expected))
        elif ledger["version"] != path.stem:
            errors.append(
                DataError(
                    rel,
                    "version",
                    f"{ledger['version']!r} does not match the file name",
                    "the file name without .json",
                )
            )
        else:
            ledgers.append(ledger)
    return sorted(ledgers, key=lambda led: version_order(led["version"]))


def version_order(version: str) -> tuple[int, ...]:
    """A calendar version as numbers, to order releases (2026.9 before 2026.10)."""
    return tuple(int(part) for part in version.split("."))


def probe_tiers(root: Path, errors: list[DataError]) -> dict[str, dict[str, int]]:
    """Probes per tier of each probe set: the full set, and the cleaned subset's list."""
    clean = root / "probes" / "clean-1311.json"
    raw = _parse(clean, root, errors) if clean.is_file() else None
    return probes.tier_sizes(raw, "probes/clean-1311.json", errors)


# What the data folder holds: these files and folders and nothing else, so that a file put
# elsewhere (a typo in a folder's name) is named instead of silently left out.
DATA_FILES = ("site.yaml", "models.yaml", "corrections.yaml", "accelerators.yaml")
DATA_FOLDERS = (
    "results", "calibration", "case-studies", "external", "benchmarks", "hardware", "compute",
    "architectures", "probes", "releases",
)  # fmt: skip


def strays(root: Path) -> list[DataError]:
    """Entries of the data folder that no kind of data file lives in."""
    expected = f"one of the files {', '.join(DATA_FILES)} or folders {', '.join(DATA_FOLDERS)}"
    return [
        DataError(entry.name, "(file)", "not a place the data are read from", expected)
        for entry in sorted(root.iterdir())
        if not entry.name.startswith(".")
        and not (entry.name in DATA_FILES and not entry.is_dir())
        and not (entry.name in DATA_FOLDERS and entry.is_dir())
    ]


def load_dataset(root: Path, cache: Cache | None = None) -> Dataset:
    """Parse data/ and raise DataErrors listing every problem found, or return the Dataset."""
    root = Path(root)
    if not root.is_dir():
        raise DataErrors([DataError(str(root), "(folder)", "no such data folder")])
    real_folder.cache_clear()  # links may have changed since the last load in this process
    errors: list[DataError] = strays(root)
    site = _load_one(root, "site.yaml", SiteFile, errors, cache)
    registry = _load_one(root, "models.yaml", Registry, errors, cache)
    results = _load_folder(
        root, "results", {".json"}, ResultFile, "results/<model>/<run_id>.json", errors, cache
    )
    calibrations = _load_folder(
        root, "calibration", {".yaml", ".yml"}, CalibrationFile, "calibration/<name>.yaml", errors
    )
    case_studies = _load_folder(
        root, "case-studies", {".yaml", ".yml"}, CaseStudy, "case-studies/<name>.yaml", errors
    )
    external = _load_folder(
        root, "external", {".yaml", ".yml"}, ExternalFile, "external/<name>.yaml", errors
    )
    yaml_kinds = {".yaml", ".yml"}
    benchmarks = _load_folder(
        root, "benchmarks", yaml_kinds, BenchmarkFile, "benchmarks/<name>.yaml", errors, cache
    )
    hardware = _load_folder(
        root, "hardware", yaml_kinds, HardwareInputs, "hardware/<name>.yaml", errors, cache
    )
    compute = _load_folder(
        root, "compute", yaml_kinds, ComputeFile, "compute/<name>.yaml", errors, cache
    )
    arch_name = "architectures/<model>.yaml"
    architectures = _load_folder(
        root, "architectures", yaml_kinds, ArchitectureFile, arch_name, errors, cache
    )
    samples_name = "probes/samples/<model>.json"
    samples = _load_folder(
        root, "probes/samples", {".json"}, ProbeSamplesFile, samples_name, errors, cache
    )
    ledgers = _load_ledgers(root, errors)
    fixes = _load_one(root, corrections.FILE, CorrectionsFile, errors, cache, optional=True)
    chips = _load_one(root, "accelerators.yaml", AcceleratorsFile, errors, cache, optional=True)
    # Without a registry there is nothing to correct, and no slug to check a correction's
    # against: its problems are reported alone (one mistake, one message).
    models, applied = corrections.apply(
        registry.models if registry else [],
        fixes.corrections if fixes and registry else [],
        errors,
    )
    site = environment.site_url(site, errors) if site else None
    if errors or site is None or registry is None:
        raise DataErrors(errors)
    return Dataset(
        root=root,
        site=site,
        models=tuple(models),
        corrections=tuple(applied),
        accelerators=tuple(chips.accelerators) if chips else (),
        probe_tiers=probe_tiers(root, errors),
        results=tuple(results),
        calibrations=tuple(calibrations),
        case_studies=tuple(case_studies),
        benchmarks=tuple(benchmarks),
        hardware=tuple(hardware),
        compute=tuple((rel, e) for rel, f in compute for e in f.entries),
        architectures=tuple(architectures),
        ledgers=tuple(ledgers),
        samples=tuple(samples),
        external=tuple((rel, e) for rel, f in external for e in f.estimates),
        digest=data_digest(root),
    )
