"""Tables staff keep in a spreadsheet: an Excel workbook (.xlsx, its first sheet) or saved as CSV (UTF-8
or GBK); Chinese or English column names."""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import HealthboardError, Problem
from .fields import unknown_keys
from .yamlfile import LineDict, read_text


@dataclass
class Sheet:
    rows: list[LineDict]  # keyed by the canonical (English) names; each knows its line in the file
    columns: dict[str, str]  # canonical name -> the column's name as written in the header
    shown: str  # the file as named in errors (a workbook's with its sheet)


def read_sheet(path: Path, shown: str, what: str, spec: dict[str, tuple[str, ...]], optional: frozenset[str] = frozenset()) -> Sheet:
    """Rows of a CSV or .xlsx whose header names each column in one of `spec`'s ways (the second is the Chinese one).

    Raises HealthboardError for an unreadable file or missing columns; empty rows are skipped.
    """
    if path.suffix.lower() == ".xlsx":
        header, rows, shown = _workbook(path, shown, what)
        return _read(header, rows, shown, what, spec, optional)
    # Excel on Chinese Windows saves "CSV (逗号分隔)" in GBK: take it as it comes. A lone carriage
    # return (old Mac files, pasted cells) is a line end like any other.
    text = read_text(path, shown, fallback="gb18030").replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read(reader.fieldnames or [], ((reader.line_num, row) for row in reader), shown, what, spec, optional)
    except csv.Error as e:  # e.g. a quote opened and never closed
        raise HealthboardError(Problem("E_BAD_CSV", f"{what}的格式有误（解析器原文：{e}）", shown, reader.line_num or 1,
                                       hint="用 Excel/WPS 打开后重新“另存为 CSV”；单元格里的英文双引号要成对")) from None


def _workbook(path: Path, shown: str, what: str) -> tuple[list[str], list[tuple[int, dict[str, str]]], str]:
    """The first sheet as text rows numbered as Excel shows them; `shown` names the sheet too."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as e:
        raise HealthboardError(Problem("E_BAD_XLSX", f"{what}不是能读取的 Excel 工作簿（{type(e).__name__}）", shown,
                                       hint="用 Excel/WPS 打开后“另存为”Excel 工作簿（.xlsx）；旧的 .xls 格式也请另存为 .xlsx")) from None
    try:
        sheet = book.worksheets[0]
        shown = f"{shown} 工作表“{sheet.title}”"
        table = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if not table:
        return [], [], shown
    header = table[0]
    return header, [(n, dict(zip(header, row))) for n, row in enumerate(table[1:], 2)], shown


def _cell_text(value: object) -> str:
    """A cell as staff typed it: real Excel dates as 2026-03-15, numbers without a trailing .0 (a phone
    number stored as a number), text as it is."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read(header: list[str], rows: Iterable[tuple[int, dict[str, str]]], shown: str, what: str, spec: dict[str, tuple[str, ...]], optional: frozenset[str]) -> Sheet:
    columns: dict[str, str] = {}
    problems = []
    for key, names in spec.items():
        found = next((h for h in header if h.strip() in names), None)
        if found is not None:
            columns[key] = found
        elif key not in optional:
            listed = ",".join(n[1] + ("（可空）" if k in optional else "") for k, n in spec.items())
            problems.append(Problem("E_BAD_CSV_HEADER", f"{what}缺少“{names[1]}”列", shown, 1, hint=f"第一行写列名：{listed}"))
    aliases = [name for names in spec.values() for name in names]
    extra = [(h.strip(), 1) for h in header if h and h.strip() and h.strip() not in aliases]
    problems += unknown_keys(extra, aliases, shown, f"{what}的第一行（列名）")
    if problems:
        raise HealthboardError(problems)
    entries = []
    for line, row in rows:
        values = {key: (row.get(column) or "").strip() for key, column in columns.items()}
        if not any(values.values()):
            continue
        entry = LineDict(values)
        entry.line = line
        entry.key_lines = dict.fromkeys(values, line)
        entries.append(entry)
    return Sheet(entries, {key: column.strip() for key, column in columns.items()}, shown)
