"""Tables staff keep in a spreadsheet and save as CSV: Chinese or English column names, UTF-8 or GBK."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import HealthboardError, Problem
from .fields import unknown_keys
from .yamlfile import LineDict, read_text


@dataclass
class Sheet:
    rows: list[LineDict]  # keyed by the canonical (English) names; each knows its line in the file
    columns: dict[str, str]  # canonical name -> the column's name as written in the header


def read_sheet(path: Path, shown: str, what: str, spec: dict[str, tuple[str, ...]], optional: frozenset[str] = frozenset()) -> Sheet:
    """Rows of a CSV whose header names each column in one of `spec`'s ways (the second is the Chinese one).

    Raises HealthboardError for an unreadable file or missing columns; empty rows are skipped.
    """
    # Excel on Chinese Windows saves "CSV (逗号分隔)" in GBK: take it as it comes. A lone carriage
    # return (old Mac files, pasted cells) is a line end like any other.
    text = read_text(path, shown, fallback="gb18030").replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read(reader, shown, what, spec, optional)
    except csv.Error as e:  # e.g. a quote opened and never closed
        raise HealthboardError(Problem("E_BAD_CSV", f"{what}的格式有误（解析器原文：{e}）", shown, reader.line_num or 1,
                                       hint="用 Excel/WPS 打开后重新“另存为 CSV”；单元格里的英文双引号要成对")) from None


def _read(reader: csv.DictReader, shown: str, what: str, spec: dict[str, tuple[str, ...]], optional: frozenset[str]) -> Sheet:
    header = reader.fieldnames or []
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
    rows = []
    for row in reader:
        values = {key: (row.get(column) or "").strip() for key, column in columns.items()}
        if not any(values.values()):
            continue
        entry = LineDict(values)
        entry.line = reader.line_num
        entry.key_lines = dict.fromkeys(values, reader.line_num)
        rows.append(entry)
    return Sheet(rows, {key: column.strip() for key, column in columns.items()})
