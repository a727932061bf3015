"""User-facing errors: Chinese message, stable English code, and where the mistake is."""
from __future__ import annotations

from dataclasses import dataclass
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


class HealthboardError(Exception):
    """Raised with every problem found, so staff can fix them all in one pass."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__(self.render())

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def render(self) -> str:
        head = f"发现 {len(self.problems)} 处问题，构建已停止，网站未更新：" if len(self.problems) > 1 else "构建已停止，网站未更新："
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)
