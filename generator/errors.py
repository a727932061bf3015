"""User-facing errors: Chinese message, stable English code, and where the mistake is."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Problem:
    """One mistake in content or configuration."""

    code: str  # stable English code, e.g. "E_DUPLICATE_ID"; tests match on it
    message: str  # what is wrong, in Chinese
    file: str | None = None
    line: int | None = None
    field: str | None = None
    value: Any = None
    hint: str | None = None  # what to do, in Chinese

    def __str__(self) -> str:
        where = self.file or "配置"
        if self.line:
            where += f" 第 {self.line} 行"
        parts = [f"[{self.code}] {where}"]
        if self.field:
            parts.append(f"字段 “{self.field}”")
        text = "，".join(parts) + f"：{self.message}"
        if self.value is not None:
            text += f"（当前值：{self.value!r}）"
        if self.hint:
            text += f"。处理办法：{self.hint}"
        return text


BUILD_STOPPED = "构建已停止，网站未更新"


class HealthboardError(Exception):
    """Raised with every problem found, so staff can fix them all in one pass."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__(self.render())

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        return (type(self), (self.problems,))  # crosses from worker processes intact

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def render(self, stopped: str = BUILD_STOPPED) -> str:
        """`stopped` says what did not happen: the site build, the PDFs, the ledger…"""
        head = f"发现 {len(self.problems)} 处问题，{stopped}：" if len(self.problems) > 1 else f"{stopped}："
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


def os_problem(error: OSError, path: object) -> Problem:
    """A file system failure as staff read it: which file, and what to do."""
    import errno

    if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return Problem("E_DISK_FULL", "磁盘空间不足（或超出配额），文件没有写完", str(path), hint="清理磁盘（如删除旧的 site/、pdf/ 和 .healthboard-cache/）后重试")
    return Problem("E_OUTPUT_PATH", f"无法写入这个位置（{error.strerror or error}）", str(path),
                   hint="检查路径：上级目录是否其实是一个文件、是否有写入权限、磁盘是否只读")


def source_text(path: str | Path | None) -> str:
    """A staff file's text, to find a line in (what cannot be decoded replaced); "" when there is none."""
    return Path(path).read_text(encoding="utf-8-sig", errors="replace") if path and Path(path).is_file() else ""


def line_in(source: str, needle: str, first_line: int = 1) -> int | None:
    """The line of `source` (which starts at `first_line` of its file) where `needle` first appears."""
    index = source.lower().find(needle.lower())
    return first_line + source.count("\n", 0, index) if index >= 0 else None
