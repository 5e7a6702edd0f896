"""How the report is cited: one author and one title for CITATION.cff (which a release
rewrites), the BibTeX download and every page's cite block."""

from __future__ import annotations

import re

import yaml

AUTHOR = "paramatlas maintainers"
TITLE = "paramatlas: reproducible estimates of how big large language models are"
# A GitHub remote, as git clones it over https or ssh: its owner/name.
GITHUB_REMOTE = r"^(?:https://github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?/?$"


def year_of(version: str, date: str | None) -> str:
    """A release's year: its date's, else its calendar version's (2026.11 → 2026)."""
    return (date or version)[:4]


def report_bibtex(version: str, date: str | None, url: str | None) -> str:
    """The report's BibTeX entry, with the fields cffconvert gives from CITATION.cff (author,
    title, year, month, url) and the version."""
    key = "paramatlas_" + re.sub(r"[^0-9a-z]", "", version.lower())
    fields = [
        ("author", f"{{{AUTHOR}}}"),
        ("title", TITLE),
        ("version", version),
        ("year", year_of(version, date)),
        *([("month", str(int(date[5:7])))] if date else []),
        *([("url", url)] if url else []),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def released_cff(
    text: str, version: str, date: str, url: str | None, repository: str | None
) -> str:
    """CITATION.cff as a release leaves it: its version, release date and address (and the
    repository's address, when git knows it); every other field kept, in its order. Raises
    ValueError when the text is not a YAML mapping."""
    try:
        cff = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        msg = f"not valid YAML ({str(exc).splitlines()[0]})"
        raise ValueError(msg) from None
    if not isinstance(cff, dict):
        msg = f"not a mapping of CFF fields (got {type(cff).__name__})"
        raise ValueError(msg)
    cff.update({"title": TITLE, "version": version, "date-released": date})
    cff["authors"] = [{"name": AUTHOR}]
    if url:
        cff["url"] = url
    if repository:
        cff["repository-code"] = repository
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=96)


def repository_address(remote: str | None) -> str | None:
    """The web address of a git remote on GitHub (https or ssh form), or None."""
    found = re.match(
        r"^(?:https://github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?/?$", remote or ""
    )
    return f"https://github.com/{found[1]}" if found else None
