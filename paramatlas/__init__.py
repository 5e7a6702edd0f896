"""paramatlas: reproducible estimates of LLM parameter counts, published as a static site.

For analysis: `paramatlas.open("data")` reads a data folder into an `Atlas` (its answers, the
estimates table as a pandas DataFrame, the fits); see the site's Python page.
"""

from __future__ import annotations

from typing import Any

from paramatlas.names import VERSION as __version__

__all__ = ["Atlas", "__version__", "open"]


def __getattr__(name: str) -> Any:
    # The API is imported on first use: `paramatlas --version` and `--help` stay instant.
    if name in ("Atlas", "open"):
        from paramatlas import api

        return getattr(api, name)
    msg = f"module 'paramatlas' has no attribute {name!r}"
    raise AttributeError(msg)
