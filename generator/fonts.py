"""Is a Chinese font installed? WeasyPrint prints empty boxes without one, silently."""
from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache

from .errors import HealthboardError, Problem

# The one CJK font stack: boards, PDFs, LED and print-index pages, and the site's CSS (a test holds them equal).
# Noto (installed by setup, embedded in PDFs) first; each phone or PC has just one of the others.
FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'


def _families(pattern: str) -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    out = subprocess.run(["fc-list", pattern or ":", "family"], capture_output=True, text=True, timeout=60).stdout
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


def cjk_fonts() -> list[str]:
    """Font families fontconfig (which WeasyPrint uses) offers for Chinese."""
    return _families(":lang=zh")


def check_cjk_font() -> None:
    """Before WeasyPrint starts: with no font at all Pango crashes the process; with no Chinese font
    every character prints as an empty box, silently."""
    if not cjk_fonts():
        if not _families(""):
            raise HealthboardError(Problem(
                "E_NO_FONTS", "系统中没有安装任何字体，无法排版宣传栏和 PDF",
                hint="运行 bash scripts/setup.sh，或以 root 运行 apt-get install fonts-noto-cjk 后重试",
            ))
        raise HealthboardError(Problem(
            "E_NO_CJK_FONT",
            "系统中没有中文字体，生成的 PDF 会把汉字印成空白方框",
            hint="运行 bash scripts/setup.sh，或以 root 运行 apt-get install fonts-noto-cjk 后重试",
        ))


# What every Chinese font set prints: ASCII and Latin-1, general punctuation, CJK punctuation, kana,
# ideographs, full-width forms. Other characters are looked up in fontconfig, one by one.
_UNSURE = re.compile(r"[^\n\t\u0020-\u007e\u00a0-\u00ff\u2000-\u206f\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_SELECTOR = re.compile(r"[\ufe00-\ufe0f\u20e3]")  # an emoji's presentation: nothing to print without it


@lru_cache(maxsize=None)
def _in_some_font(char: str) -> bool:
    if shutil.which("fc-list") is None:
        return True  # cannot tell: keep it
    out = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, timeout=60).stdout
    return bool(out.strip())


def unprintable(text: str) -> list[str]:
    """The characters of `text` no installed font has, which WeasyPrint prints as empty boxes: the
    emoji of text pasted from WeChat (✅, 👍, 🩺…), mostly. Phones show them; boards cannot."""
    return [c for c in dict.fromkeys(_UNSURE.findall(text)) if _SELECTOR.match(c) or not _in_some_font(c)]


def printable(text: str) -> str:
    """`text` without its unprintable characters (`text` itself when it has none)."""
    if not _UNSURE.search(text):  # nearly every text, at the regex engine's speed
        return text
    missing = set(unprintable(text))
    return "".join(c for c in text if c not in missing) if missing else text
