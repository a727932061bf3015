"""A content-addressed file cache: same input bytes, same output, no re-rendering."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import uuid
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

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


def atomic_write_all(files: dict[Path, bytes]) -> None:
    """Several files that belong together (the UTF-8 and GBK slogan files): all or none replaced."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
            staged.append((tmp, path))
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "xb") as f:
                f.write(data)
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as e:
        for tmp, _ in staged:
            _discard(tmp)
        raise HealthboardError(os_problem(e, e.filename or "")) from None


class Cache:
    """Files named by the digest of what produced them. `None` as folder disables caching.

    With `pending`, new entries wait in that folder until `commit()`: a run that fails or is
    interrupted leaves the cache exactly as it was (`discard()` drops them). Worker processes get a
    pickled copy and write into the same pending folder.
    """

    def __init__(self, folder: Path | None, pending: Path | None = None, owner: bool = True) -> None:
        self.folder = folder
        self.pending = pending if folder is not None else None
        self.owner = owner  # False in a sub-build: the run that started it commits or discards
        self.hits = 0
        self.misses = 0

    def _path(self, key: str, suffix: str, root: Path | None = None) -> Path:
        root = root or self.folder
        assert root is not None
        return Path(f"{root}/{key[:2]}/{key}{suffix}")  # one Path, not two joins: a city's rebuild looks up 14,000

    def get(self, key: str, suffix: str = "") -> bytes | None:
        path = self.file(key, suffix)
        return path.read_bytes() if path is not None else None

    def file(self, key: str, suffix: str = "") -> Path | None:
        """Where an entry is kept, or None: a caller may link to it rather than read it (entries are
        never changed in place, a new one replaces the file)."""
        # The kept entries first: a rebuild finds nearly all there (an entry is named by what made it, so
        # this run's new one has the same bytes).
        for root in (self.folder, self.pending):
            if root is not None and (path := self._path(key, suffix, root)).is_file():
                self.hits += 1
                return path
        self.misses += 1
        return None

    def destination(self, key: str, suffix: str = "") -> Path | None:
        """Where put() writes an entry (None when caching is off): another process may put it there."""
        return self._path(key, suffix, self.pending) if self.folder is not None else None

    def put(self, key: str, data: bytes, suffix: str = "") -> None:
        if self.folder is None:
            return
        atomic_write(self._path(key, suffix, self.pending), data)

    def commit(self) -> None:
        """The run succeeded: its new entries join the cache."""
        if not self.owner or self.pending is None or not self.pending.is_dir():
            return
        for path in sorted(self.pending.rglob("*")):
            if path.is_file():
                target = self.folder / path.relative_to(self.pending)  # type: ignore[operator]
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
        shutil.rmtree(self.pending, ignore_errors=True)

    def discard(self) -> None:
        """The run failed: nothing it computed is kept."""
        if self.owner and self.pending is not None:
            shutil.rmtree(self.pending, ignore_errors=True)


# --- what a cached render depends on besides its HTML ---------------------------------------------

_REFERENCE = re.compile(r"""(?:\bsrc|\bhref)\s*=\s*["']([^"'#]+)["']|url\(\s*["']?([^"')]+)["']?\s*\)""", re.I)


def inputs_digest(html: str, base_url: str | None) -> str:
    """A digest of everything a WeasyPrint render of `html` reads besides the HTML itself: the bytes of
    each local picture or stylesheet it references, the fonts fontconfig offers, and the versions of
    the libraries that draw. A picture replaced under the same name changes the key."""
    files = []
    for m in _REFERENCE.finditer(html):
        ref = unquote(m.group(1) or m.group(2))
        if ref.startswith(("data:", "http:", "https:", "mailto:", "tel:")):
            continue
        target = urljoin(base_url or "", ref)
        if target.startswith("file://"):
            files.append(_file_digest(unquote(urlsplit(target).path)))
    return digest(_environment_digest(), *sorted(set(files)))


def _file_digest(path: str) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return f"missing:{path}"
    return _bytes_digest(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _bytes_digest(path: str, mtime_ns: int, size: int) -> str:
    with open(path, "rb") as f:
        return path + ":" + hashlib.sha256(f.read()).hexdigest()


@lru_cache(maxsize=1)
def _environment_digest() -> str:
    """Fonts (family, file, version as fontconfig lists them) and the drawing libraries' versions."""
    import subprocess

    try:
        fonts = subprocess.run(["fc-list", ":", "file", "family", "fontversion"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        fonts = ""
    return digest("\n".join(sorted(fonts.splitlines())), package_versions("weasyprint", "qrcode", "healthboard", "pydyf"))


def package_versions(*packages: str) -> str:
    """`name=version` of each package (`?` when it is not installed): the libraries a cached output was made with."""
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for package in packages:
        try:
            versions.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package}=?")
    return " ".join(versions)
