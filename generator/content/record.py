"""Reading one record (a YAML mapping or a spreadsheet row) and reporting its problems at file, line and field."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from ..errors import HealthboardError, Problem
from .fields import unknown_keys
from .yamlfile import LineDict, LineList

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
ID_HINT = "只用小写英文字母、数字和连字符，如 hand-washing；id 会印在二维码里，发布后不要再改"
DATE_HINT = "写成 年-月-日，如 2026-03-15"


@dataclass(frozen=True)
class Layout:
    """Where content lives inside docs/."""

    docs_dir: Path
    articles_dir: str = "articles"
    updates_dir: str = "updates"
    data_dir: str = "_data"

    @property
    def boards_file(self) -> Path:
        return self.docs_dir / self.data_dir / "boards.yml"

    @property
    def editions_dir(self) -> Path:
        return self.docs_dir / self.data_dir / "editions"

    @property
    def postings_file(self) -> Path:
        return self.docs_dir / self.data_dir / "postings.csv"

    @property
    def scans_file(self) -> Path:
        """The scan statistics `healthboard scans --site` saves for the next build."""
        return self.docs_dir / self.data_dir / "scans.json"


# Spreadsheets rewrite 2026-03-15 as 2026/3/15; staff also write 2026年3月15日 or 2026.3.15.
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(text: str) -> dt.date | None:
    """A calendar date written the ways Chinese staff and their spreadsheets write it, or None."""
    m = _DATE.match(text.strip())
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:  # 2026-02-30
        return None


class Record:
    """One YAML mapping or CSV row being validated; reports problems against its file, line and field
    (for a CSV row, the column as its header names it, from `labels`)."""

    def __init__(self, data: LineDict, file: str, problems: list[Problem], labels: dict[str, str] | None = None) -> None:
        self.data, self.file, self.problems, self.labels = data, file, problems, labels

    def problem(self, code: str, message: str, field: str | None = None, value: Any = None, hint: str | None = None) -> None:
        line = self.data.line_of(field) if field else self.data.line
        shown = self.labels.get(field, field) if self.labels and field else field
        self.problems.append(Problem(code, message, self.file, line, shown, value, hint))

    def only(self, known: Sequence[str], what: str) -> None:
        """Every key must be a known one: a misspelt key would otherwise be ignored in silence."""
        self.problems.extend(unknown_keys(((k, self.data.line_of(str(k))) for k in self.data), known, self.file, what))

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, "", [])

    def item_line(self, key: str, index: int) -> int:
        """The line of a list item (its own line in a block list), else the key's line."""
        value = self.data.get(key)
        return value.line_at(index) if isinstance(value, LineList) else self.data.line_of(key)

    def item_problem(self, code: str, message: str, key: str, index: int, value: Any, hint: str | None = None) -> None:
        self.problems.append(Problem(code, message, self.file, self.item_line(key, index), key, value, hint))

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.data.as_written(key) if isinstance(self.data, LineDict) else self.data.get(key)
        if value in (None, ""):
            if required:
                hint = f"在“{self.labels[key]}”列填写" if self.labels and key in self.labels else f"补上 {key}: …"
                self.problem("E_MISSING_FIELD", "缺少必填字段", key, hint=hint)
            return None
        if isinstance(value, (dict, list)):
            self.problem("E_BAD_FIELD", "这里应当是一段文字", key, value, "去掉多余的缩进或短横线")
            return None
        return str(value).strip()

    def date(self, key: str, required: bool = True) -> dt.date | None:
        raw = self.text(key, required)
        if raw is None:
            return None
        date = parse_date(raw)
        if date is None:
            self.problem("E_BAD_DATE", "日期无效", key, raw, DATE_HINT)
        return date

    def ident(self, key: str = "id") -> str | None:
        raw = self.text(key)
        if raw is not None and not ID_RE.match(raw):
            self.problem("E_BAD_ID", "id 格式不对", key, raw, ID_HINT)
            return None
        return raw

    def text_list(self, key: str, required: bool = True) -> list[str] | None:
        value = self.data.get(key)
        if value in (None, "", []):
            if required:
                self.problem("E_MISSING_FIELD", "缺少必填字段（至少一项）", key, hint=f"写成列表，每项一行：{key}:\\n  - …")
            return None
        if isinstance(value, (str, int)):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and str(v).strip() for v in value):
            self.problem("E_BAD_FIELD", "这里应当是列表，每项一行文字", key, value, f"写成：{key}:\\n  - …")
            return None
        return [str(v).strip() for v in value]


def mapping(data: Any, file: str, problems: list[Problem], what: str) -> LineDict | None:
    if isinstance(data, LineDict):
        return data
    problems.append(Problem("E_BAD_STRUCTURE", f"{what}应当是“字段: 值”的列表", file, getattr(data, "line", None), value=None if data is None else type(data).__name__))
    return None


def guard(problems: list[Problem], fn: Callable[[], Any]) -> Any:
    """Run a reader; a fatal problem in one file is recorded and the others still get checked."""
    try:
        return fn()
    except HealthboardError as e:
        problems.extend(e.problems)
        return None


def rel(layout: Layout, path: Path) -> str:
    return path.relative_to(layout.docs_dir).as_posix()


def shown_path(layout: Layout, path: Path) -> str:
    """File name as staff see it: relative to the project, e.g. docs/articles/x.md."""
    return (Path(layout.docs_dir.name) / path.relative_to(layout.docs_dir)).as_posix()
