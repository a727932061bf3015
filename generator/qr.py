"""QR codes: encoded once (qrcode), kept across builds, drawn as compact inline SVG or PDF paths."""
from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from typing import Callable, Iterable

from .cache import Cache, digest

ERROR_LEVELS = ("L", "M", "Q", "H")  # qrcode's levels, by name (qrencode.LEVELS)
QUIET_ZONE = 4  # modules, as the QR standard requires
MIN_SIDE_MM = 20.0

Matrix = tuple[str, ...]  # rows of modules as "0"/"1" ("1" dark), quiet zone included


def side_for_distance(distance_m: float) -> float:
    """Printed side in mm, quiet zone included: 11 % of the scanning distance plus 15 mm (7 cm at
    0.5 m, 12.5 cm at 1 m, 18 cm at 1.5 m), never below 2 cm. WeChat's detector looks at a photo
    shrunk to about 400×400 px, so what counts is the code's share of the frame, not its module
    size: alone on a wall it found 1/11 of the distance in 3 of 4 photos and 1/9 in 23 of 24. Near,
    the whole poster is in the frame, text and its other codes around it, and the code needs more:
    on the example's A3 from 0.5 m (aimed at and around each code) 6 cm read 14 of 18, 7 cm 34 of 36."""
    return max(MIN_SIDE_MM, round(15 + distance_m * 110))


def _encode(urls: list[str], error: str) -> list[bytes]:
    """Codes as they are kept: the modules packed, then the SVG path, drawn here too (where they were
    encoded: on all cores), so a later build that reads them from the cache draws nothing. Encoded
    together: their masks are scored at once."""
    from .qrencode import modules  # qrcode and numpy only where codes are encoded: a rebuild reads them all

    return [_pack(matrix) + _path(matrix).encode("ascii") for matrix in modules(urls, error, QUIET_ZONE)]


def _pool(workers: int, background: bool = False) -> ProcessPoolExecutor:
    # forkserver, not fork: `mkdocs serve` runs threads, and forking a threaded process can hang.
    # In the background, at a lower priority: they take the cores the build leaves idle, not its own.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=os.nice if background else None, initargs=(10,) if background else ())


def _encode_all(urls: list[str], error: str, cache: Cache) -> list[bytes]:
    """A chunk encoded and put in the cache by a background worker: writing a thousand cache files
    took the build's own process half a second."""
    packed = _encode(urls, error)
    for url, data in zip(urls, packed):
        cache.put(_key(url, error), data, ".qr")
    return packed


class CodeBook:
    """The codes of one run, each encoded once: read from the cache of earlier runs or encoded on all
    cores by warm_up(), then drawn as often as needed. Packed small (the modules a bit each, the SVG
    path as text): a city has tens of thousands."""

    CHUNK = 32  # codes a worker encodes at a time

    def __init__(self, cache: Cache | None = None) -> None:
        self.cache = cache or Cache(None)
        self._packed: dict[tuple[str, str], bytes] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[tuple[str, str], Future[list[bytes]]] = {}  # codes still being encoded
        self._chunks: dict[Future[list[bytes]], tuple[list[str], str]] = {}

    def warm_up(self, urls: Iterable[str], error: str, workers: int = 0, progress: Callable[[int], None] | None = None,
                wait: bool = True) -> None:
        """Have every code ready before pages are drawn; new codes go into the cache. Without it each
        code is encoded when first drawn. With `wait=False` the codes are encoded by other processes
        while this one goes on: drawing one waits for it alone, finish() for all."""
        wanted = [u for u in dict.fromkeys(urls) if (u, error) not in self._packed and (u, error) not in self._pending]
        missing = []
        for url in wanted:
            stored = self.cache.get(_key(url, error), ".qr")
            if stored is None:
                missing.append(url)
            else:
                self._packed[(url, error)] = stored
        if progress and len(wanted) > len(missing):
            progress(len(wanted) - len(missing))
        cores, many = os.cpu_count() or 1, len(missing) > 2 * self.CHUNK
        chunks = [missing[i:i + self.CHUNK] for i in range(0, len(missing), self.CHUNK)]  # their masks scored together
        if (many and not wait and cores > 1) or (missing and not many and self._pool is not None):
            # A core fewer than there are: this process goes on with the build on the one left. A few
            # codes go there too while those workers run anyway: this process then never loads qrcode
            # and numpy (0.2 s and 19 MiB of a 1,000-article site's first build, for its boards' codes).
            self._pool = self._pool or _pool(workers or cores - 1, background=True)
            submitted = []
            for chunk in chunks:
                future = self._pool.submit(_encode_all, chunk, error, self.cache)
                self._chunks[future] = (chunk, error)
                self._pending.update(((u, error), future) for u in chunk)
                submitted.append((future, len(chunk)))
            for future, n in submitted if wait else []:
                self._collect(future)
                if progress:
                    progress(n)
        elif many and (workers or cores) > 1:
            with _pool(workers or cores) as pool:  # its own: not queued behind codes encoded in the background
                self._store(missing, (data for chunk in pool.map(_encode, chunks, [error] * len(chunks)) for data in chunk), error, progress)
        else:
            self._store(missing, (data for chunk in chunks for data in _encode(chunk, error)), error, progress)

    def _collect(self, future: Future[list[bytes]]) -> None:
        chunk, error = self._chunks.pop(future)
        self._keep(chunk, future.result(), error)  # the worker put them in the cache
        for url in chunk:
            del self._pending[(url, error)]

    def finish(self) -> None:
        """Every code still being encoded collected (into the cache too), the worker processes ended."""
        try:
            for future in list(self._chunks):
                self._collect(future)
        finally:
            self.abandon()

    def abandon(self) -> None:
        """The worker processes ended, codes not yet encoded left (a failed run)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._pending.clear()
        self._chunks.clear()

    def _entry(self, data: str, error: str) -> bytes | None:
        if (data, error) not in self._packed and (future := self._pending.get((data, error))) is not None:
            self._collect(future)
        return self._packed.get((data, error))

    def _store(self, urls: list[str], packed: Iterable[bytes], error: str, progress: Callable[[int], None] | None) -> None:
        for url, data in zip(urls, packed):
            self._packed[(url, error)] = data
            self.cache.put(_key(url, error), data, ".qr")
            if progress:
                progress(1)

    def _keep(self, urls: list[str], packed: list[bytes], error: str) -> None:
        """Codes a background worker encoded (and put in the cache)."""
        self._packed.update(((url, error), data) for url, data in zip(urls, packed))

    def subset(self, urls: Iterable[str], error: str) -> CodeBook:
        """Just these codes, to hand to a worker process."""
        book = CodeBook()
        book._packed = {(u, error): entry for u in urls if (entry := self._entry(u, error)) is not None}
        return book

    def matrix(self, data: str, error: str = "M") -> Matrix:
        _check(error)
        packed = self._entry(data, error)
        return _unpack(packed) if packed else qr_matrix(data, error)

    def svg(self, data: str, *, side_mm: float | None = None, error: str = "M", label: str | None = None) -> str:
        """An inline <svg> that encodes `data`, with the quiet zone included in its box."""
        attrs = ' class="hb-qr-code" role="img"'
        attrs += f' aria-label="{_escape(label or "二维码：" + data)}"'
        if side_mm is not None:
            attrs += f' width="{side_mm:g}mm" height="{side_mm:g}mm"'
        entry = self._entry(data, error)
        svg = _svg_from(_size(entry), _path_of(entry)) if entry else _svg(qr_matrix(data, error))
        return svg.replace("<svg", "<svg" + attrs, 1)


def _check(error: str) -> None:
    if error not in ERROR_LEVELS:
        raise ValueError(f"error correction must be one of {', '.join(ERROR_LEVELS)}")


@lru_cache(maxsize=2048)
def qr_matrix(data: str, error: str = "M") -> Matrix:
    """A code encoded now, without a CodeBook."""
    _check(error)
    return _unpack(_encode([data], error)[0])


def qr_svg(data: str, *, side_mm: float | None = None, error: str = "M", label: str | None = None) -> str:
    return CodeBook().svg(data, side_mm=side_mm, error=error, label=label)


def _key(url: str, error: str) -> str:
    return digest("qr-matrix-v2", error, url)  # v2: the SVG path after the modules


def _pack(matrix: Matrix) -> bytes:
    n = len(matrix)
    return n.to_bytes(2, "big") + int("".join(matrix), 2).to_bytes((n * n + 7) // 8, "big")


def _size(data: bytes) -> int:
    return int.from_bytes(data[:2], "big")


def _unpack(data: bytes) -> Matrix:
    n = _size(data)
    bits = bin(int.from_bytes(data[2 : 2 + (n * n + 7) // 8], "big"))[2:].zfill(n * n)
    return tuple(bits[i : i + n] for i in range(0, n * n, n))


def _path_of(data: bytes) -> str:
    n = _size(data)
    return data[2 + (n * n + 7) // 8 :].decode("ascii")


_RUN = re.compile("1+")


def runs(matrix: Matrix) -> Iterable[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules: few shapes per code."""
    for r, row in enumerate(matrix):
        for m in _RUN.finditer(row):
            yield r, m.start(), m.end() - m.start()


def _path(matrix: Matrix) -> str:
    return "".join(f"M{c},{r}h{n}v1h-{n}z" for r, c, n in runs(matrix))


@lru_cache(maxsize=2048)
def _svg(matrix: Matrix) -> str:
    return _svg_from(len(matrix), _path(matrix))


def _svg_from(n: int, path: str) -> str:
    return (f'<svg viewBox="0 0 {n} {n}" xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges">'
            f'<rect width="{n}" height="{n}" fill="#fff"/><path d="{path}" fill="#000"/></svg>')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
