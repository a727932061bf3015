"""The board registry (boards.yml, boards.csv or boards.xlsx) and the posting records (postings.csv or postings.xlsx)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Literal

from ..errors import Problem
from .fields import BOARD_FIELDS, LAYOUT_HINT, LAYOUTS
from .model import Board, Edition, Posting
from .sheet import read_sheet
from .sizes import SIZE_HINT, is_plausible, parse_size
from .yamlfile import LineDict, load_yaml
from .record import DATE_HINT, Layout, Record, guard, mapping, parse_date, shown_path

# Phone numbers as they are printed: digits, dashes, spaces, brackets, extensions, several numbers.
PHONE_RE = re.compile(r"^\+?[0-9()\- ]+(转[0-9]+)?([、/,][ ]?\+?[0-9()\- ]+(转[0-9]+)?)*$")


BOARD_COLUMNS = {
    "id": ("id", "编号", "宣传栏编号"),
    "name": ("name", "名称", "宣传栏名称"),
    "address": ("address", "地址", "位置"),
    "grid": ("grid", "片区", "网格"),
    "unit": ("unit", "责任单位", "单位"),
    "phone": ("phone", "联系电话", "电话"),
    "size": ("size", "尺寸", "规格"),
    "notes": ("notes", "备注", "说明"),
    "layout": ("layout", "版式"),
    "max_articles": ("max_articles", "最多篇数", "篇数上限"),
}
MAX_ARTICLES_HINT = "写一个正整数，如 max_articles: 3：这块宣传栏每期只放该期的前 3 篇（期次文件中排在前面的）；不写则放全部"


def board_entries(layout: Layout, problems: list[Problem]) -> tuple[str, list[LineDict], dict[str, str] | None]:
    """The registry's entries from boards.yml or boards.csv, its name as shown, and CSV column names."""
    yml = layout.boards_file
    found = one_of(layout, [yml, yml.with_suffix(".csv"), yml.with_suffix(".xlsx")], "宣传栏登记表", problems)
    if found is False:
        return "", [], None
    if found is not None and found != yml:
        table, shown = found, shown_path(layout, found)
        sheet = guard(problems, lambda: read_sheet(table, shown, "宣传栏登记表", BOARD_COLUMNS, frozenset({"notes", "layout", "max_articles"})))
        return (sheet.shown, sheet.rows, sheet.columns) if sheet else (shown, [], None)
    table = yml.with_suffix(".csv")
    shown = shown_path(layout, yml)
    if not yml.is_file():
        # A site with articles only (short links and codes, no boards) needs no registry; editions do.
        if layout.editions_dir.is_dir() and any(layout.editions_dir.glob("*.yml")):
            problems.append(Problem("E_NO_BOARDS", "有期次文件，却找不到宣传栏登记表", shown, hint=f"创建这个文件（或用表格软件做一份 {shown_path(layout, table)}），每块宣传栏一项：id、name、address、grid、unit、phone、size"))
        return shown, [], None
    data = guard(problems, lambda: load_yaml(yml, shown))
    if data is None:
        return shown, [], None
    if not isinstance(data, list):
        problems.append(Problem("E_BAD_STRUCTURE", "宣传栏登记表应当是列表，每块宣传栏以“- id: …”开头", shown, getattr(data, "line", 1)))
        return shown, [], None
    return shown, [e for item in data if (e := mapping(item, shown, problems, "每块宣传栏")) is not None], None


def one_of(layout: Layout, paths: list[Path], what: str, problems: list[Problem]) -> Path | None | Literal[False]:
    """The one of `paths` that exists, None for none, False (and a problem) for two: which would count?"""
    present = [p for p in paths if p.is_file()]
    if len(present) > 1:
        names = " 和 ".join(shown_path(layout, p) for p in present)
        problems.append(Problem("E_TWO_REGISTRIES", f"{what}有 {len(present)} 份：{names}", shown_path(layout, present[-1]), hint="只保留其中一份"))
        return False
    return present[0] if present else None


def load_boards(layout: Layout, problems: list[Problem]) -> dict[str, Board]:
    shown, entries, labels = board_entries(layout, problems)
    boards: dict[str, Board] = {}
    first_line: dict[str, int] = {}
    for entry in entries:
        r = Record(entry, shown, problems, labels)
        if labels is None:  # a spreadsheet's columns are checked once, at its header
            r.only(BOARD_FIELDS, "宣传栏登记表")
        board_id = r.ident()
        fields = {k: r.text(k) for k in ("name", "address", "grid", "unit", "phone")}
        if fields["phone"] and not PHONE_RE.match(unicodedata.normalize("NFKC", fields["phone"])):
            r.problem("E_BAD_PHONE", "联系电话里有数字以外的字符（会原样印在宣传栏上）", "phone", fields["phone"],
                      "只写数字、连字符和空格，如 0571-81234567；分机写成 0571-81234567转123；多个号码用“、”隔开")
        raw_size = r.text("size")
        size = parse_size(raw_size) if raw_size is not None else None
        if raw_size is not None and size is None:
            r.problem("E_BAD_SIZE", "看不懂宣传栏尺寸", "size", raw_size, SIZE_HINT)
        elif size is not None and not is_plausible(size):
            r.problem("E_BAD_SIZE", f"宣传栏尺寸不合常理：{size.label}", "size", raw_size,
                      "不写单位时按毫米计；如果是厘米或米，请写上单位，如 240×120厘米、2.4×1.2米")
            size = None
        if board_id is not None and board_id in first_line:
            r.problem("E_DUPLICATE_ID", f"宣传栏 id 重复：第 {first_line[board_id]} 行已经用过", "id", board_id, "每块宣传栏的 id 必须唯一：给其中一块换一个新 id")
            continue
        if board_id is not None:
            first_line[board_id] = entry.line_of("id")
        if board_id is None or size is None or None in fields.values():
            continue
        board_layout = r.text("layout", required=False) or ""
        if board_layout and board_layout not in LAYOUTS:
            r.problem("E_BAD_LAYOUT", "不认识的版式", "layout", board_layout, LAYOUT_HINT)
            continue
        raw_max = r.text("max_articles", required=False)
        if raw_max is not None and not (raw_max.isdigit() and int(raw_max) > 0):
            r.problem("E_BAD_FIELD", "每期最多篇数应当是正整数", "max_articles", raw_max, MAX_ARTICLES_HINT)
            continue
        boards[board_id] = Board(id=board_id, size=size, notes=r.text("notes", required=False) or "", layout=board_layout,
                                 max_articles=int(raw_max) if raw_max else 0, **fields)
    return boards


POSTING_COLUMNS = {
    "board": ("board", "宣传栏", "宣传栏编号"),
    "edition": ("edition", "期数", "期次"),
    "date": ("date", "张贴日期", "日期"),
    "by": ("by", "张贴人", "经办人"),
    "photo": ("photo", "照片"),
    "notes": ("notes", "备注", "说明"),
}


def load_postings(layout: Layout, boards: dict[str, Board], editions: list[Edition], problems: list[Problem]) -> list[Posting]:
    path = one_of(layout, [layout.postings_file, layout.postings_file.with_suffix(".xlsx")], "张贴记录", problems)
    if not path:
        return []
    sheet = guard(problems, lambda: read_sheet(path, shown_path(layout, path), "张贴记录", POSTING_COLUMNS, frozenset({"photo", "notes"})))
    if sheet is None:
        return []
    shown = sheet.shown
    by_number = {e.number: e for e in editions}
    postings: list[Posting] = []
    seen: dict[tuple[str, int], int] = {}
    for row in sheet.rows:
        line = row.line
        board, number_text, date_text, by, photo = (row.get(key, "") for key in ("board", "edition", "date", "by", "photo"))
        before = len(problems)

        def bad(code: str, message: str, field: str, value: object, hint: str | None = None) -> None:
            problems.append(Problem(code, message, shown, line, sheet.columns.get(field, field), value, hint))

        if board not in boards:
            bad("E_UNKNOWN_BOARD", "张贴记录中的宣传栏不在登记表中", "board", board, "检查宣传栏 id 的拼写")
        digits = number_text.removeprefix("第").removesuffix("期").strip()  # "3", "第3期" and "3期" all mean 3
        number = int(digits) if digits.isdigit() else None
        edition = by_number.get(number) if number is not None else None
        if edition is None:
            bad("E_UNKNOWN_EDITION", "张贴记录中的期数不存在", "edition", number_text, "写阿拉伯数字期数，如 3；该期须已在 editions 中定义")
        date = parse_date(date_text)
        if date is None:
            bad("E_BAD_DATE", "张贴日期无效", "date", date_text, DATE_HINT)
        if not by:
            bad("E_MISSING_FIELD", "没有写张贴人", "by", None, "写上张贴人或经办单位")
        if edition and date and date < edition.date:
            bad("E_POSTED_BEFORE_EDITION", f"张贴日期早于{edition.label}的出刊日期 {edition.date.isoformat()}", "date", date_text)
        if edition and board in boards and edition.boards is not None and board not in edition.boards:
            bad("E_BOARD_NOT_IN_EDITION", f"{edition.label}不在这块宣传栏上栏", "board", board, "检查期数，或把宣传栏加入该期的 boards")
        if photo and not (layout.docs_dir / photo).is_file():
            bad("E_MISSING_PHOTO", "照片文件不存在", "photo", photo, f"照片路径相对于 {layout.docs_dir.name}/，如 images/postings/xxx.jpg")
        if number is not None and (board, number) in seen:
            bad("E_DUPLICATE_POSTING", f"与第 {seen[(board, number)]} 行重复：同一块宣传栏同一期只记一次", "board", board)
        if len(problems) == before:
            seen[(board, number)] = line
            postings.append(Posting(board, number, date, by, photo or None, line))
    return sorted(postings, key=lambda p: (p.date, p.board))
