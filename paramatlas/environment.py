"""What the environment adds to the data: the site's address, which a fork publishes under its
own name."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from paramatlas.errors import DataError
from paramatlas.schema import URL_PATTERN, SiteFile

SITE_URL_ENV = "PARAMATLAS_SITE_URL"


def site_url(site: SiteFile, errors: list[DataError]) -> SiteFile:
    """The site's address: PARAMATLAS_SITE_URL when set (the publishing workflow sets it to
    the repository's GitHub Pages address), else site.yaml's site_url, else unknown."""
    url = os.environ.get(SITE_URL_ENV)
    if not url:
        return site
    if not re.match(URL_PATTERN, url):
        expected = "an http(s) address, e.g. https://owner.github.io/repository/"
        errors.append(DataError(SITE_URL_ENV, "(environment)", f"{url!r} is not one", expected))
        return site
    return site.model_copy(update={"site_url": url if url.endswith("/") else url + "/"})


@dataclass(frozen=True)
class Address:
    """Where a build is served. `root` is the site's address (None when unknown: links stay
    relative and ids are URNs); `folder` is the version folder mike publishes the build under
    (None for a build served at the root itself)."""

    root: str | None
    folder: str | None = None

    @property
    def own(self) -> str | None:
        """This build's address: its sitemap, canonical links, citations and ids."""
        return f"{self.root}{self.folder}/" if self.root and self.folder else self.root

    def of_release(self, version: str) -> str | None:
        """Where a release's pages stay: its own version folder when versions are published
        side by side (they never change there), else this build."""
        return f"{self.root}{version}/" if self.root and self.folder else self.root
