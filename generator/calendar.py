"""National health observance days: fixed dates or rules like "2nd Thursday of October"."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .content.yamlfile import LineDict, load_yaml
from .errors import HealthboardError, Problem

DEFAULT_FILE = Path(__file__).parent / "data" / "health-days.yml"
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class HealthDay:
    name: str
    source: str
    month: int
    day: int | None = None  # fixed date
    nth: int | None = None  # or the nth weekday of the month
    weekday: int | None = None  # 1 = Monday … 7 = Sunday
    days: int = 1

    def on(self, year: int) -> dt.date:
        if self.day is not None:
            return dt.date(year, self.month, self.day)
        if self.nth == -1:  # the last such weekday of the month
            last = (dt.date(year + self.month // 12, self.month % 12 + 1, 1) - dt.timedelta(days=1))
            return last - dt.timedelta(days=(last.weekday() - (self.weekday - 1)) % 7)
        first = dt.date(year, self.month, 1)
        offset = (self.weekday - 1 - first.weekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (self.nth - 1))

    @property
    def rule_text(self) -> str:
        if self.day is not None:
            return f"每年{self.month}月{self.day}日" + (f"起{self.days}天" if self.days > 1 else "")
        which = "最后一个" if self.nth == -1 else f"第{self.nth}个"
        return f"每年{self.month}月{which}星期{WEEKDAYS[self.weekday - 1]}"


@dataclass(frozen=True)
class Occurrence:
    day: HealthDay
    start: dt.date

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.day.days - 1)


def load_health_days(path: Path = DEFAULT_FILE, shown: str | None = None) -> list[HealthDay]:
    shown = shown or path.name
    data = load_yaml(path, shown)
    days, problems = [], []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, LineDict):
            continue
        try:
            days.append(_parse(item))
        except (ValueError, TypeError, KeyError) as e:
            problems.append(Problem("E_BAD_HEALTH_DAY", f"看不懂这一条宣传日：{e}", shown, item.line, hint="写成 date: 月-日，或 rule: {month: 10, nth: 2, weekday: 4}"))
    if problems or not isinstance(data, list):
        raise HealthboardError(problems or [Problem("E_BAD_STRUCTURE", "宣传日文件应当是列表", shown, 1)])
    return days


def _parse(item: dict) -> HealthDay:
    name, source, days = str(item["name"]), str(item.get("source", "")), int(item.get("days", 1))
    if "date" in item:
        month, day = (int(x) for x in str(item["date"]).split("-"))
        dt.date(2024, month, day)  # validates, leap year allowed
        return HealthDay(name, source, month, day=day, days=days)
    rule = item["rule"]
    month, nth, weekday = int(rule["month"]), int(rule["nth"]), int(rule["weekday"])
    if not (1 <= month <= 12 and (1 <= nth <= 4 or nth == -1) and 1 <= weekday <= 7):
        raise ValueError("月份、第几个或星期几超出范围")
    return HealthDay(name, source, month, nth=nth, weekday=weekday, days=days)


def upcoming(days: list[HealthDay], start: dt.date, within_days: int) -> list[Occurrence]:
    """Observances that are on or running at `start`, or begin within `within_days` after it."""
    end = start + dt.timedelta(days=within_days)
    found = []
    for d in days:
        for year in (start.year - 1, start.year, start.year + 1):
            occ = Occurrence(d, d.on(year))
            if occ.end >= start and occ.start <= end:
                found.append(occ)
    return sorted(found, key=lambda o: (o.start, o.day.name))
