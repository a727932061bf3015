"""Which codes residents scanned: requests for `/q/<id>/?b=<board>&e=<N>` in the server's logs,
attributed to article, board, edition and grid through the printed-URL manifest, one scan per phone
and code within half an hour, crawlers and failed requests left out (and counted)."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping
from urllib.parse import parse_qs, urlsplit

from .accesslog import ReadStats, Request
from .content.model import Content
from .links import SHORT_PREFIX

SESSION = dt.timedelta(minutes=30)  # one phone scanning one code again within this is one scan
# Crawlers and tools, not residents' phones (WeChat's in-app browser says "MicroMessenger").
CRAWLER = re.compile(r"bot\b|bot/|spider|crawl|slurp|curl/|wget/|python|go-http-client|java/|okhttp|libwww|httpclient|scrapy|"
                     r"headlesschrome|phantomjs|uptime|monitor|lighthouse|facebookexternalhit|bytespider", re.I)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@lru_cache(maxsize=4096)
def crawler(agent: str) -> bool:
    return CRAWLER.search(agent) is not None  # a few hundred distinct user agents in a month of logs


@dataclass(frozen=True)
class Code:
    """What one printed (or shared) link says: the article id as printed, and the board and edition of a board code."""

    article: str
    board: str = ""
    edition: int = 0


class CodeIndex:
    """Reads a request target as a code of this site: under the site's path, its 繁體 copy's, or an old
    address's path; `printed` are the board codes of the manifest."""

    def __init__(self, site_paths: Iterable[str], articles: Mapping[str, str], printed_urls: Iterable[str]) -> None:
        """`articles`: article id (retired ids too) -> its page inside the site ("articles/rabies/")."""
        self.site_paths = tuple({p.rstrip("/") + "/" for p in site_paths})
        # Longest first: "/qinglan/zh-hant/" before "/qinglan/".
        self.prefixes = sorted((p + f"{SHORT_PREFIX}/" for p in self.site_paths), key=len, reverse=True)
        self.articles = set(articles)
        # Where the server redirects /q/ itself, a cache in front may leave only the article's request
        # in the log: the article page with ?b=…&e=… is the same scan.
        self.pages = {f"{site}{page}{end}": article_id for article_id, page in articles.items() for site in self.site_paths for end in ("", "index.html")}
        self._seen: dict[str, Code | None] = {}
        self.printed = {code for url in printed_urls if (code := self.code_of(_target(url))) and code.board}

    def code_of(self, target: str) -> Code | None:
        """Cached: a site has a few thousand codes, and its logs ask for them again and again."""
        if target in self._seen:
            return self._seen[target]
        code = self._read(target)
        if len(self._seen) < 100_000:
            self._seen[target] = code
        return code

    def _read(self, target: str) -> Code | None:
        path, _, query = target.partition("?")
        prefix = next((p for p in self.prefixes if path.startswith(p)), None)
        if prefix is None:
            article = self.pages.get(path) if query else None
            return _with_board(article, query) if article else None
        article, _, rest = path[len(prefix):].partition("/")
        if not _ID.match(article) or rest not in ("", "index.html"):
            return None
        return _with_board(article, query) or Code(article)


def _with_board(article: str, query: str) -> Code | None:
    params = parse_qs(query)
    board, edition = params.get("b", [""])[0], params.get("e", [""])[0]
    return Code(article, board, int(edition)) if board and edition.isdigit() else None


def _target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Tally:
    """What the logs say, before it is laid out for anyone."""

    board_scans: Counter[Code] = field(default_factory=Counter)  # printed board codes
    article_scans: Counter[str] = field(default_factory=Counter)  # links without a board: the article page's own code, shares
    unknown: Counter[Code] = field(default_factory=Counter)  # codes never printed, or of no article (a fake sticker?)
    last_scan: dict[str, dt.datetime] = field(default_factory=dict)  # board id -> its latest scan
    first: dt.datetime | None = None  # the period the logs cover
    last: dt.datetime | None = None
    requests: int = 0
    site_requests: int = 0  # under the site's path: none at all means another site's log
    crawlers: int = 0
    other_methods: int = 0
    failed: int = 0  # 4xx/5xx answers to a code
    repeats: int = 0  # the same phone and code within SESSION

    @property
    def scans(self) -> int:
        return sum(self.board_scans.values()) + sum(self.article_scans.values())


def count_scans(requests: Iterable[Request], index: CodeIndex) -> Tally:
    """Requests in time order (as `accesslog.read_requests` gives them); memory stays with the
    number of codes and of phones in the last half hour, not with the logs."""
    tally = Tally()
    recent: dict[tuple[str, Code], dt.datetime] = {}
    swept: dt.datetime | None = None
    for r in requests:
        tally.requests += 1
        if tally.first is None or r.time < tally.first:
            tally.first = r.time
        if tally.last is None or r.time > tally.last:
            tally.last = r.time
        if r.target.startswith(index.site_paths):
            tally.site_requests += 1
        else:
            continue
        if (code := index.code_of(r.target)) is None:
            continue
        if crawler(r.agent):
            tally.crawlers += 1
            continue
        if r.method not in ("GET", "HEAD"):
            tally.other_methods += 1
            continue
        if r.status >= 400:
            tally.failed += 1
            continue
        key = (r.client, code)
        if (seen := recent.get(key)) is not None and abs(r.time - seen) < SESSION:
            tally.repeats += 1
            continue
        recent[key] = r.time
        if swept is None or r.time - swept > SESSION:
            recent = {k: t for k, t in recent.items() if r.time - t < SESSION}
            swept = r.time
        if code.board and code in index.printed:
            tally.board_scans[code] += 1
            if code.board not in tally.last_scan or r.time > tally.last_scan[code.board]:
                tally.last_scan[code.board] = r.time
        elif not code.board and code.article in index.articles:
            tally.article_scans[code.article] += 1
        else:
            tally.unknown[code] += 1
    return tally


@dataclass(frozen=True)
class ScanRow:
    grid: str
    board: str
    board_name: str
    edition: int
    article: str
    title: str
    scans: int


@dataclass(frozen=True)
class Unscanned:
    grid: str
    board: str
    board_name: str
    unit: str
    phone: str
    edition: int
    posted: dt.date


@dataclass
class ScanSummary:
    """The statistics as the terminal, CSV, XLSX and the site's ledger page show them (and as saved
    for the next build)."""

    made: dt.date
    first: dt.datetime | None
    last: dt.datetime | None
    files: int
    lines: int
    rows: list[ScanRow]
    article_scans: dict[str, int]  # article id -> scans of its links without a board
    unscanned: list[Unscanned]  # boards with no scan since their latest posting, within the logs' period
    never_posted: list[str]  # board ids with no posting at all
    excluded: dict[str, int]  # what was left out, by reason (Chinese labels)
    bad_lines: int = 0

    @property
    def board_total(self) -> int:
        return sum(r.scans for r in self.rows)

    @property
    def total(self) -> int:
        return self.board_total + sum(self.article_scans.values())

    def grid_totals(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for r in self.rows:
            totals[r.grid] += r.scans
        return dict(sorted(totals.items()))

    def board_totals(self, grid: str) -> list[tuple[str, str, int]]:
        """(board id, name, scans) of a grid, every board of the grid with a code scanned."""
        totals: dict[tuple[str, str], int] = {}
        for r in self.rows:
            if r.grid == grid:
                totals[(r.board, r.board_name)] = totals.get((r.board, r.board_name), 0) + r.scans
        return [(b, name, n) for (b, name), n in sorted(totals.items())]


RETIRED_BOARD = "（已撤销的宣传栏）"


def summarize(tally: Tally, stats: ReadStats, content: Content, redirects: dict[str, str], made: dt.date) -> ScanSummary:
    boards = content.boards
    rows = []
    for code, n in tally.board_scans.items():
        board = boards.get(code.board)
        article = content.articles.get(redirects.get(code.article, code.article))
        rows.append(ScanRow(board.grid if board else RETIRED_BOARD, code.board, board.name if board else "", code.edition,
                            code.article, article.title if article else "", n))
    rows.sort(key=lambda r: (r.grid, r.board, r.edition, r.article))
    latest: dict[str, tuple[int, dt.date]] = {}
    for p in content.postings:
        if p.date <= made and (p.board not in latest or p.date >= latest[p.board][1]):
            latest[p.board] = (p.edition, p.date)
    unscanned = []
    if tally.last is not None:
        for board_id, (edition, posted) in latest.items():
            seen = tally.last_scan.get(board_id)
            if posted <= tally.last.date() and (seen is None or seen.date() < posted):
                b = boards[board_id]
                unscanned.append(Unscanned(b.grid, b.id, b.name, b.unit, b.phone, edition, posted))
    unscanned.sort(key=lambda u: (u.grid, u.board))
    excluded = {"爬虫和工具": tally.crawlers, "非 GET/HEAD 请求": tally.other_methods, "出错的请求（4xx/5xx）": tally.failed,
                "30 分钟内同一手机重复扫同一码": tally.repeats, "未印出或不存在的码": sum(tally.unknown.values()),
                "重叠日志中的重复行": stats.repeated}
    return ScanSummary(made, tally.first, tally.last, stats.files, stats.lines, rows, dict(sorted(tally.article_scans.items())),
                       unscanned, sorted(set(boards) - set(latest)), excluded, stats.bad)
