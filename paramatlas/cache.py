"""Content-addressed results kept between builds, so an unchanged input is not reworked.

Each entry is keyed by a digest of everything that makes it (file bytes, fit inputs, page
inputs) plus the generator version, so a stale entry can never be returned: a changed input is
a different key. Entries are files, one each, so a build reads only what it asks for and writes
only what is new. With no folder the cache lives only as long as the process.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from paramatlas.names import VERSION as __version__


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256(__version__.encode())
    for part in parts:
        h.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return h.hexdigest()


# A file in every cache folder: only such a folder (or a new or empty one) is written to, and
# save() deletes only in it.
CACHE_MARK = ".paramatlas-cache"


def cache_folder_problem(folder: Path, data_dir: Path, project: Path) -> str | None:
    """Why a folder cannot be the cache (it is, holds or lies in the data folder or holds the
    checkout, or holds files no cache of ours wrote), or None."""
    folder, data, root = folder.resolve(), data_dir.resolve(), project.resolve()
    if folder == data or folder.is_relative_to(data) or data.is_relative_to(folder):
        return f"it is, holds or lies in the data folder {data}"
    if root.is_relative_to(folder):
        return f"it holds the checkout {root}"
    if folder.exists() and not folder.is_dir():
        return "it is a file"
    if folder.is_dir() and any(folder.iterdir()) and not (folder / CACHE_MARK).is_file():
        return f"it holds files no cache of ours wrote (no {CACHE_MARK} file)"
    return None


class Cache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.memory: dict[tuple[str, str], Any] = {}
        self.used: set[tuple[str, str]] = set()
        self.hits = self.misses = 0

    def _path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def get(self, kind: str, key: str) -> Any | None:
        self.used.add((kind, key))
        if (kind, key) in self.memory:
            self.hits += 1
            return self.memory[kind, key]
        if self.folder is not None:
            try:
                value = pickle.loads(self._path(kind, key).read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                value = None  # absent or unreadable: rebuilt, like a miss
            if value is not None:
                self.hits += 1
                self.memory[kind, key] = value
                return value
        self.misses += 1
        return None

    def put(self, kind: str, key: str, value: Any) -> Any:
        self.used.add((kind, key))
        self.memory[kind, key] = value
        if self.folder is not None:
            path = self._path(kind, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            (self.folder / CACHE_MARK).touch()
            tmp = path.with_name(f".{key}.{os.getpid()}")
            tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)
        return value

    def save(self) -> None:
        """Drop the entries this build did not use, so the cache stays the size of one build."""
        if self.folder is None or not (self.folder / CACHE_MARK).is_file():
            return
        for path in self.folder.glob("*/*/*.pickle"):
            if (path.parts[-3], path.stem) not in self.used:
                path.unlink(missing_ok=True)
