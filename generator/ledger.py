"""The inspectors' ledger (台账): what went up where and when, overdue boards, CSV and XLSX."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Sequence

from .cache import Cache, digest, package_versions
from .content.model import Board, Content, Edition, Posting


@dataclass
class BoardStatus:
    board: Board
    postings: list[Posting]  # oldest first
    as_of: dt.date
    cadence_days: int

    @property
    def last(self) -> Posting | None:
        return self.postings[-1] if self.postings else None

    @property
    def due(self) -> dt.date | None:
        """When the next edition must be up: the last posting plus the cadence."""
        return self.last.date + dt.timedelta(days=self.cadence_days) if self.last else None

    @property
    def overdue(self) -> bool:
        return self.due is None or self.as_of > self.due

    @property
    def latest_edition(self) -> int | None:
        return max((p.edition for p in self.postings), default=None)


def board_statuses(content: Content, as_of: dt.date, cadence_days: int) -> list[BoardStatus]:
    """Every board with its postings up to `as_of`, by grid then id."""
    by_board: dict[str, list[Posting]] = {b: [] for b in content.boards}
    for p in content.postings:
        if p.date <= as_of:
            by_board[p.board].append(p)
    boards = sorted(content.boards.values(), key=lambda b: (b.grid, b.id))
    return [BoardStatus(b, by_board[b.id], as_of, cadence_days) for b in boards]


@dataclass
class CheckResult:
    as_of: dt.date
    edition: Edition | None
    overdue: list[BoardStatus] = field(default_factory=list)
    missing_edition: list[BoardStatus] = field(default_factory=list)  # lack edition >= N by as_of

    @property
    def ok(self) -> bool:
        return not self.overdue and not self.missing_edition

    def rows(self) -> list[dict[str, str]]:
        """One row per problem, grouped by grid: what the terminal, CSV and JSON show."""
        rows = []
        for kind, statuses in (("逾期未更换", self.overdue), (f"缺{self.edition.label}" if self.edition else "", self.missing_edition)):
            for s in statuses:
                rows.append({
                    "片区": s.board.grid, "宣传栏": s.board.id, "名称": s.board.name, "责任单位": s.board.unit,
                    "联系电话": s.board.phone, "问题": kind,
                    "最近张贴": f"第{s.last.edition}期 {s.last.date.isoformat()}" if s.last else "从未张贴",
                    "应更换日期": s.due.isoformat() if s.due else "",
                })
        return sorted(rows, key=lambda r: (r["片区"], r["宣传栏"], r["问题"]))


def check(content: Content, as_of: dt.date, cadence_days: int, edition: int | None = None) -> CheckResult:
    """Boards overdue as of a date, and (with `edition`) boards that should carry it and do not."""
    statuses = board_statuses(content, as_of, cadence_days)
    chosen = content.edition(edition) if edition is not None else None
    result = CheckResult(as_of, chosen, overdue=[s for s in statuses if s.overdue])
    if chosen is not None:
        expected = {b.id for b in content.boards_of(chosen)}
        result.missing_edition = [s for s in statuses if s.board.id in expected and (s.latest_edition or 0) < chosen.number]
    return result


LEDGER_HEADERS = ["片区", "宣传栏编号", "宣传栏名称", "地址", "责任单位", "联系电话", "尺寸", "期数", "主题", "出刊日期", "张贴日期", "张贴人", "照片", "状态"]


def ledger_rows(content: Content, as_of: dt.date, cadence_days: int) -> list[list[str]]:
    """Every (board, edition meant for it) with its posting, or the gap."""
    rows = []
    for status in board_statuses(content, as_of, cadence_days):
        b = status.board
        posted = {p.edition: p for p in status.postings}
        for e in content.editions:
            if not e.is_for(b.id) or e.date > as_of:
                continue
            p = posted.get(e.number)
            state = "已张贴" if p else "未张贴"
            rows.append([b.grid, b.id, b.name, b.address, b.unit, b.phone, b.size.label, e.label, e.theme, e.date.isoformat(),
                         p.date.isoformat() if p else "", p.by if p else "", p.photo or "" if p else "", state])
    return rows


def csv_safe(value: object) -> object:
    """A cell Excel would run as a formula (=, +, -, @ first) is kept as text with a leading quote."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def ledger_csv(content: Content, as_of: dt.date, cadence_days: int) -> bytes:
    """UTF-8 with BOM, so Excel on Windows opens the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LEDGER_HEADERS)
    writer.writerows([csv_safe(v) for v in row] for row in ledger_rows(content, as_of, cadence_days))
    return out.getvalue().encode("utf-8-sig")


Sheet = tuple[str, list[str], list[list[object]]]  # title, headers, rows


def ledger_sheets(content: Content, as_of: dt.date, cadence_days: int, extra: Sequence[Sheet] = ()) -> list[Sheet]:
    """The ledger workbook's sheets as data: postings, overdue boards, each edition's articles, then
    `extra` ones (the scan statistics, when there are any)."""
    result = check(content, as_of, cadence_days)
    overdue = [[r[k] for k in ("片区", "宣传栏", "名称", "责任单位", "联系电话", "最近张贴", "应更换日期")] for r in result.rows()]
    articles = [
        [e.label, e.theme, e.date.isoformat(), i, a.title, a.id, "；".join(a.sources), a.reviewed_by or "", a.reviewed_on.isoformat() if a.reviewed_on else ""]
        for e in content.editions for i, a in enumerate((content.articles[x] for x in e.articles), 1)
    ]
    return [
        ("张贴台账", LEDGER_HEADERS, ledger_rows(content, as_of, cadence_days)),
        ("逾期宣传栏", ["片区", "宣传栏编号", "宣传栏名称", "责任单位", "联系电话", "最近张贴", "应更换日期"], overdue),
        ("各期文章", ["期数", "主题", "出刊日期", "序号", "文章标题", "文章编号", "信息来源", "审核单位", "审核日期"], articles),
        *extra,
    ]


def ledger_xlsx(content: Content, as_of: dt.date, cadence_days: int, title: str, extra: Sequence[Sheet] = ()) -> bytes:
    return workbook(ledger_sheets(content, as_of, cadence_days, extra), title)


def workbook_key(sheets: Sequence[Sheet], title: str) -> str:
    """The cache key of a workbook: its sheets, title, and the versions of openpyxl and healthboard."""
    return digest("ledger-xlsx-v1", package_versions("openpyxl", "healthboard"), title, repr(list(sheets)))


def workbook(sheets: Sequence[Sheet], title: str, cache: Cache | None = None) -> bytes:
    """An XLSX of these sheets; with a cache, made only when its sheets, title, openpyxl or healthboard
    changed (openpyxl takes a tenth of a second to import, and a city's ledger seconds to write)."""
    key = workbook_key(sheets, title)
    if cache is not None and (stored := cache.get(key, ".xlsx")) is not None:
        return stored
    from openpyxl import Workbook

    wb = Workbook()
    for n, (name, headers, rows) in enumerate(sheets):
        sheet = wb.active if n == 0 else wb.create_sheet(name)
        sheet.title = name
        write_table(sheet, headers, rows, title)
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    if cache is not None:
        cache.put(key, data, ".xlsx")
    return data


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _cell_value(value: object) -> object:
    """Dates as real Excel dates (sortable, filterable); text never taken for a formula."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        return dt.date.fromisoformat(value)
    return value


def write_table(sheet, headers: list[str], rows: list[list[object]], title: str = "") -> None:  # type: ignore[no-untyped-def]
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8F5E9")
        cell.alignment = Alignment(vertical="center")
    for row in rows:
        sheet.append([_cell_value(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # openpyxl would otherwise write "=…" from an article title as a formula
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for i, header in enumerate(headers, 1):
        width = max([len(str(header))] + [len(str(r[i - 1])) for r in rows]) * 2 + 2
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(width, 60)
    # Printed for inspectors: A4 landscape, one page wide, header row on every page, numbered pages.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = f"{title}　{sheet.title}" if title else sheet.title
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
