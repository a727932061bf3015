"""A content-addressed file cache: same input bytes, same output, no re-rendering."""
from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from .errors import HealthboardError, os_problem


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write then rename: a reader never sees half a file, even with parallel workers.

    The file gets the usual permissions (umask), not mkstemp's owner-only ones: a web server
    running as another user must be able to serve what lands in the site.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        _discard(tmp)
        raise HealthboardError(os_problem(e, path)) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass  # its folder could not be made: there is nothing to remove


class Cache:
    """Files named by the digest of what produced them. `None` as folder disables caching."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def _path(self, key: str, suffix: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}{suffix}"

    def get(self, key: str, suffix: str = "") -> bytes | None:
        if self.folder is not None:
            path = self._path(key, suffix)
            if path.is_file():
                self.hits += 1
                return path.read_bytes()
        self.misses += 1
        return None

    def put(self, key: str, data: bytes, suffix: str = "") -> None:
        if self.folder is None:
            return
        atomic_write(self._path(key, suffix), data)
