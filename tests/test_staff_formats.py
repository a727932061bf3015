"""The formats staff already work in: the health days as a calendar file, registries as Excel
workbooks, Word manuscripts in, WeChat articles out, the CDC's review pack."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from healthboard.cli import main as cli


def test_calendar_exports_health_days_as_ics(tmp_path: Path, capsys) -> None:
    out = tmp_path / "健康日.ics"
    assert cli(["calendar", "--ics", str(out), "--today", "2026-12-07"]) == 0
    events = [e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    by_name = {str(e["summary"]): e for e in events}
    assert len(events) >= 36 and len({str(e["uid"]) for e in events}) == len(events)
    tb = by_name["世界防治结核病日"]
    assert tb.decoded("dtstart") == dt.date(2027, 3, 24) and tb.decoded("dtend") == dt.date(2027, 3, 25)  # all day
    week = by_name["全国肿瘤防治宣传周"]
    assert (week.decoded("dtend") - week.decoded("dtstart")).days == 7
    assert "世界卫生组织" in str(tb["description"])
    again = tmp_path / "again.ics"
    assert cli(["calendar", "--ics", str(again), "--today", "2026-12-08"]) == 0  # a later export updates, never duplicates
    assert {str(e["uid"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT")} & {str(e["uid"]) for e in events}


# Registries kept as Excel workbooks.

def _workbook(path: Path, rows: list[list[object]], title: str = "登记表") -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)


BOARDS_HEADER = ["编号", "名称", "地址", "片区", "责任单位", "联系电话", "尺寸"]


def _project_with_workbooks(tmp_path: Path, boards: list[list[object]], postings: list[list[object]] | None = None) -> Path:
    from helpers import write_project

    root = write_project(tmp_path / "p", files={"docs/_data/boards.yml": None})
    _workbook(root / "docs/_data/boards.xlsx", [BOARDS_HEADER, *boards])
    if postings is not None:
        _workbook(root / "docs/_data/postings.xlsx", [["宣传栏", "期数", "张贴日期", "张贴人"], *postings], "张贴")
    return root


def test_registry_and_postings_read_straight_from_excel(tmp_path: Path) -> None:
    from healthboard.content.loader import Layout, load_content
    from test_workflow import TOPICS

    root = _project_with_workbooks(tmp_path, [
        ["b1", "一号栏", "测试路1号", "东片", "东片社区", 81234567.0, "2400×1200"],  # a phone number stored as a number
        ["b2", "二号栏", "测试路2号", "西片", "西片社区", "0571-81234568", "A3 横版"],
    ], [["b1", 1, dt.datetime(2026, 2, 2), "张贴员"], ["b2", "第1期", dt.date(2026, 2, 3), "张贴员"]])
    content = load_content(Layout(root / "docs"), TOPICS)
    assert content.boards["b1"].phone == "81234567" and content.boards["b2"].size.label.startswith("A3")
    assert [(p.board, p.edition, p.date) for p in content.postings] == [("b1", 1, dt.date(2026, 2, 2)), ("b2", 1, dt.date(2026, 2, 3))]


def test_excel_mistakes_name_the_sheet_row_and_column(tmp_path: Path, capsys) -> None:
    good = ["b1", "一号栏", "测试路1号", "东片", "东片社区", "0000-1", "2400×1200"]
    root = _project_with_workbooks(tmp_path / "a", [good, ["b2", "二号栏", "测试路2号", "西片", "西片社区", "0000-2", "巨大"]])
    assert cli(["check", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    assert "[E_BAD_SIZE] docs/_data/boards.xlsx 工作表“登记表” 第 3 行，字段 “尺寸”" in capsys.readouterr().err
    root = _project_with_workbooks(tmp_path / "b", [good], [["b9", 1, dt.datetime(2026, 2, 2), "张贴员"]])
    assert cli(["check", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    err = capsys.readouterr().err
    assert "[E_UNKNOWN_BOARD] docs/_data/postings.xlsx 工作表“张贴” 第 2 行，字段 “宣传栏”" in err and "Traceback" not in err
    (root / "docs/_data/boards.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    assert cli(["check", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    assert "[E_BAD_XLSX] docs/_data/boards.xlsx" in capsys.readouterr().err
    (root / "docs/_data/boards.csv").write_text(",".join(BOARDS_HEADER) + "\n", encoding="utf-8")
    assert cli(["check", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    assert "[E_TWO_REGISTRIES]" in capsys.readouterr().err
