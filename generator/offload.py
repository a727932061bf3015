"""A call run in another process while the build goes on, waited for only where its result is needed."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Callable


class Offload:
    """One call on a process of its own (the build's process is the one that bounds a first build: what
    it need not do itself, another core does meanwhile)."""

    def __init__(self, call: Callable[..., object], *args: object) -> None:
        # forkserver, not fork: `mkdocs serve` runs threads, and forking a threaded process can hang.
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
        self._future = self._pool.submit(call, *args)

    def result(self) -> object:
        """Waits for the call and returns what it returned (raises what it raised)."""
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()

    def abandon(self) -> None:
        """A failed run: the call ended before anything else is undone (nothing it writes comes after)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
