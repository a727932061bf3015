"""Web server access logs, read a line at a time: nginx/Apache "combined" (or "common") lines and the
JSON lines `healthboard nginx` configures; plain or gzipped; rotated files merged into one stream in
time order, so memory does not grow with the logs and overlapping rotations can be told apart."""
from __future__ import annotations

import datetime as dt
import gzip
import heapq
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from .errors import HealthboardError, Problem

_COMBINED = re.compile(
    r'(?P<client>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<method>[A-Za-z]+) (?P<target>\S+)[^"]*" (?P<status>\d{3}) \S+'
    r'(?: "(?:[^"\\]|\\.)*" "(?P<agent>(?:[^"\\]|\\.)*)")?'
)
_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
EXAMPLES = 5  # unparseable lines shown to staff


class Request(NamedTuple):  # a tuple: a million are made per run
    time: dt.datetime  # aware, in the zone the server wrote
    client: str
    method: str
    target: str  # path and query as requested, e.g. "/qinglan/q/rabies/?b=x&e=1"
    status: int
    agent: str


@dataclass(frozen=True)
class BadLine:
    file: str
    line: int
    text: str


@dataclass
class ReadStats:
    files: int = 0
    lines: int = 0
    repeated: int = 0  # the same line in two overlapping rotations, read once
    bad: int = 0
    examples: list[BadLine] = field(default_factory=list)

    def bad_line(self, file: str, line: int, text: str) -> None:
        self.bad += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append(BadLine(file, line, text[:200]))


class _ClfTime:
    """`07/Dec/2026:14:05:01 +0800`, parsed by hand and remembered for the rest of that second (strptime
    would take a third of the run)."""

    def __init__(self) -> None:
        self._text = ""
        self._time: dt.datetime | None = None
        self._zones: dict[str, dt.tzinfo] = {}

    def __call__(self, text: str) -> dt.datetime | None:
        if text == self._text:
            return self._time
        try:
            zone = self._zones.get(text[21:26])
            if zone is None:
                zone = self._zones[text[21:26]] = dt.datetime.strptime(text[21:26], "%z").tzinfo  # type: ignore[assignment]
            time = dt.datetime(int(text[7:11]), _MONTHS[text[3:6]], int(text[0:2]), int(text[12:14]), int(text[15:17]), int(text[18:20]), tzinfo=zone)
        except (KeyError, ValueError):
            return None
        self._text, self._time = text, time
        return time


def parse_line(text: str, clf_time: _ClfTime | None = None) -> Request | None:
    """One line of either format, or None when it is neither."""
    if text.startswith("{"):
        return _json_line(text)
    found = _COMBINED.match(text)
    if not found:
        return None
    time = (clf_time or _ClfTime())(found["time"])
    if time is None:
        return None
    return Request(time, found["client"], found["method"], found["target"], int(found["status"]), found["agent"] or "")


def _json_line(text: str) -> Request | None:
    try:
        record = json.loads(text)
        time = dt.datetime.fromisoformat(record["time"])
        if time.tzinfo is None:
            return None
        return Request(time, str(record["client"]), str(record["method"]), str(record["uri"]), int(record["status"]), str(record.get("agent", "")))
    except (ValueError, KeyError, TypeError):
        return None


def log_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the files in the folders named (error logs and hidden files left out)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".") and "error" not in p.name.lower())
        elif path.is_file():
            files.append(path)
        else:
            raise HealthboardError(Problem("E_LOG_MISSING", "找不到这个日志文件或文件夹", str(path), hint="检查路径；可以写文件夹，会读其中全部日志"))
    return list(dict.fromkeys(files))


def _lines(path: Path) -> Iterator[str]:
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    opened = gzip.open(path, "rb") if gzipped else path.open("rb")
    with opened as f:
        try:
            for line in f:
                yield line.decode("utf-8", "replace").rstrip("\r\n")
        except (EOFError, OSError, zlib.error) as e:
            raise HealthboardError(Problem("E_LOG_DAMAGED", f"压缩文件不完整或已损坏（{e}）", str(path),
                                           hint="重新从服务器复制这个文件；正在写入的日志请等轮转完成后再复制")) from None


def _requests(path: Path, stats: ReadStats) -> Iterator[tuple[dt.datetime, str, Request]]:
    clf_time = _ClfTime()
    for n, text in enumerate(_lines(path), 1):
        stats.lines += 1
        if not text.strip():
            continue
        request = parse_line(text, clf_time)
        if request is None:
            stats.bad_line(str(path), n, text)
            continue
        yield request.time, text, request


def read_requests(files: list[Path], stats: ReadStats, overlap: dt.timedelta = dt.timedelta(minutes=2)) -> Iterator[Request]:
    """Every request of every file, in time order across files (each file is in time order, as servers
    write them); a line met again within `overlap` (the same rotation copied twice, or copytruncate's
    overlap) is read once."""
    stats.files = len(files)
    merged = heapq.merge(*(_requests(p, stats) for p in files), key=lambda item: item[0])
    recent: dict[str, dt.datetime] = {}
    swept: dt.datetime | None = None
    for time, text, request in merged:
        if text in recent:
            stats.repeated += 1
            continue
        recent[text] = time
        if swept is None or time - swept > overlap:  # keep only the last few minutes' lines
            recent = {t: seen for t, seen in recent.items() if time - seen <= overlap}
            swept = time
        yield request
