"""Is a Chinese font installed? WeasyPrint prints empty boxes without one, silently."""
from __future__ import annotations

import shutil
import subprocess

from .errors import HealthboardError, Problem

# Print and kiosk pages: Noto (installed by setup, embedded in PDFs) first, then phones' and Windows' own.
FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


def cjk_fonts() -> list[str]:
    """Font families fontconfig (which WeasyPrint uses) offers for Chinese."""
    if shutil.which("fc-list") is None:
        return []
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=60).stdout
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


def check_cjk_font() -> None:
    if not cjk_fonts():
        raise HealthboardError(Problem(
            "E_NO_CJK_FONT",
            "系统中没有中文字体，生成的 PDF 会把汉字印成空白方框",
            hint="运行 bash scripts/setup.sh，或以 root 运行 apt-get install fonts-noto-cjk 后重试",
        ))
