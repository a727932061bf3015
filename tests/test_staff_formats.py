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
