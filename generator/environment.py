"""What the environment adds to the data: the site's address, which a fork publishes under its
own name."""

from __future__ import annotations

import os
import re

from generator.errors import DataError
from generator.schema import SiteFile

SITE_URL_ENV = "PARAMATLAS_SITE_URL"


def site_url(site: SiteFile, errors: list[DataError]) -> SiteFile:
    """The site's address: PARAMATLAS_SITE_URL when set (the publishing workflow sets it to
    the repository's GitHub Pages address), else site.yaml's site_url, else unknown."""
    url = os.environ.get(SITE_URL_ENV)
    if not url:
        return site
    if not re.match(r"^https?://[^\s<>\"']+$", url):
        expected = "an http(s) address, e.g. https://owner.github.io/repository/"
        errors.append(DataError(SITE_URL_ENV, "(environment)", f"{url!r} is not one", expected))
        return site
    return site.model_copy(update={"site_url": url if url.endswith("/") else url + "/"})
