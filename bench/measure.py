"""Measuring a command as a whole process tree: wall time, CPU time (user + system of every process
of the tree, sampled, or what the kernel reports for waited-for children, whichever is more) and peak memory as the tree's largest proportional set size at any moment
(PSS: a page shared by workers counts once, split among them, so forked pools are not counted twice)."""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds
    peak_mib: float


TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            found += [int(c) for c in task.read_text().split()]
    except OSError:  # the process ended while we looked
        pass
    return found


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += _children(p)
    return pids


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """User and system time of one process so far (its own, not its children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def tree_pss_kib(pid: int) -> int:
    """The PSS of `pid` and all its descendants now, in KiB."""
    return sum(_pss_kib(p) for p in tree(pid))


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None, interval: float = 0.05) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    cpu_seen: dict[int, float] = {}  # pid -> CPU seconds last read: workers of a forkserver are nobody's waited-for child
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            pids = tree(process.pid)
            peak = max(peak, sum(_pss_kib(p) for p in pids))
            for p in pids:
                cpu_seen[p] = max(cpu_seen.get(p, 0.0), _cpu_seconds(p))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{err.decode(errors='replace')[-3000:]}")
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, max(waited, sum(cpu_seen.values())), peak / 1024)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs), statistics.median(r.peak_mib for r in runs))


def environment() -> dict[str, str]:
    """Both sides with compiled modules, as an install has them: mkdocs and the theme come from
    site-packages, compiled when pip installed them, while a checkout installed in place would compile
    healthboard on every run where PYTHONDONTWRITEBYTECODE is set (its __pycache__ is ignored by git)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "NO_MKDOCS_2_WARNING": "1"}
