"""The board's look from `print.theme` in mkdocs.yml, checked: colours white text reads on, a logo
that exists, a masthead title that fits."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import HealthboardError, Problem
from .layout import BoardTheme

_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg", ".webp")
MIN_CONTRAST = 4.5  # WCAG AA for the masthead's white text on the brand colour
MAX_TITLE = 12  # characters: one line on an A3 masthead


def contrast_with_white(color: str) -> float:
    """WCAG contrast ratio of white against `color` (#rgb or #rrggbb)."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def board_theme(config: Any, docs_dir: Path) -> BoardTheme:
    """`print.theme` as a BoardTheme; every mistake in it named at once."""
    field = "healthboard.print.theme"
    problems = []
    for key in ("color", "accent"):
        value = str(config[key])
        if not _HEX.fullmatch(value):
            problems.append(Problem("E_PRINT_THEME", "颜色要写成 # 加 6 位十六进制数", "mkdocs.yml", field=f"{field}.{key}", value=value, hint="如 #1b5e20（深绿）、#0d47a1（深蓝）"))
        elif key == "color" and (ratio := contrast_with_white(value)) < MIN_CONTRAST:
            problems.append(Problem("E_PRINT_THEME", f"这个颜色太浅：刊头的白字在上面看不清（对比度 {ratio:.1f}:1，至少要 {MIN_CONTRAST}:1）", "mkdocs.yml",
                                    field=f"{field}.{key}", value=value, hint="换一个更深的颜色，如 #1b5e20、#0d47a1、#b71c1c"))
    title = str(config["title"]).strip()
    if not title or len(title) > MAX_TITLE:
        problems.append(Problem("E_PRINT_THEME", f"刊头标题要写 1–{MAX_TITLE} 个字", "mkdocs.yml", field=f"{field}.title", value=config["title"], hint="如 健康教育宣传栏"))
    logo = (config["logo"] or "").strip().lstrip("/")
    if logo and (Path(logo).suffix.lower() not in LOGO_TYPES or not (docs_dir / logo).is_file()):
        problems.append(Problem("E_PRINT_THEME", f"找不到标志图片，或不是图片文件（{'、'.join(t.lstrip('.') for t in LOGO_TYPES)}）", "mkdocs.yml",
                                field=f"{field}.logo", value=config["logo"], hint=f"把图片放进 {docs_dir.name}/ 下，写相对于 {docs_dir.name}/ 的路径，如 assets/logo.svg"))
    if problems:
        raise HealthboardError(problems)
    return BoardTheme(str(config["color"]), str(config["accent"]), title, logo)
