"""Content-addressed results kept between builds, so an unchanged input is not reworked.

Each entry is keyed by a digest of everything that makes it (file bytes, fit inputs, page
inputs) plus the generator version, so a stale entry can never be returned: a changed input is
a different key. With no folder the cache lives only as long as the process.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from generator import __version__


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256(__version__.encode())
    for part in parts:
        h.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return h.hexdigest()


class Cache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: dict[str, set[str]] = {}
        self.hits = self.misses = 0

    def _kind(self, kind: str) -> dict[str, Any]:
        if kind not in self.entries:
            self.entries[kind] = {}
            path = self.folder / f"{kind}.pickle" if self.folder else None
            if path and path.is_file():
                try:
                    self.entries[kind] = pickle.loads(path.read_bytes())
                except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                    self.entries[kind] = {}  # an unreadable cache is an empty one
        return self.entries[kind]

    def get(self, kind: str, key: str) -> Any | None:
        entries = self._kind(kind)
        self.used.setdefault(kind, set()).add(key)
        if key in entries:
            self.hits += 1
            return entries[key]
        self.misses += 1
        return None

    def put(self, kind: str, key: str, value: Any) -> Any:
        self._kind(kind)[key] = value
        self.used.setdefault(kind, set()).add(key)
        return value

    def save(self) -> None:
        """Keep what this build used (and so drop what it did not) for the next one."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for kind, entries in self.entries.items():
            kept = {k: v for k, v in entries.items() if k in self.used.get(kind, set())}
            tmp = self.folder / f".{kind}.pickle.tmp"
            tmp.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(self.folder / f"{kind}.pickle")
