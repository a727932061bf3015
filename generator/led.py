"""Slogans for LED screens: TXT files their controller software imports, and a scrolling page."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .content.model import Content
from .content.fields import SLOGAN_FIELDS, unknown_keys
from .content.yamlfile import LineDict, load_yaml
from .errors import HealthboardError, Problem
from .fonts import FONT_STACK
from .templating import environment

_templates = environment("templates", html=True)

CHAR_PX = 16  # a 16×16 dot font: one Chinese character per 16 pixels
# What GBK cannot hold, and the nearest thing it can (after NFKC has turned ², ₂, ⑪, ™ into 2, 2, 11, TM).
GBK_SUBSTITUTES = {"•": "·", "●": "·", "©": "(C)", "®": "(R)", "€": "EUR", "✓": "√", "✔": "√", "\u00a0": " "}
_BREAK_AFTER = "，。；！？、,;!? "


@dataclass
class Slogans:
    campaign: list[str]  # used with every edition
    by_edition: dict[int, list[str]]

    def for_edition(self, number: int | None) -> list[str]:
        return (self.by_edition.get(number, []) if number is not None else []) + self.campaign


def load_slogans(path: Path, shown: str, content: Content) -> Slogans:
    """`campaign:` a list; `editions:` edition number → list. A missing file means no slogans."""
    if not path.is_file():
        return Slogans([], {})
    data = load_yaml(path, shown)
    problems: list[Problem] = []
    if not isinstance(data, LineDict):
        raise HealthboardError(Problem("E_BAD_STRUCTURE", "标语文件应当包含 campaign: 和 editions: 两项", shown, 1))
    problems += unknown_keys(((k, data.line_of(str(k))) for k in data), SLOGAN_FIELDS, shown, "标语文件")
    campaign = [str(s).strip() for s in data.get("campaign") or [] if str(s).strip()]
    by_edition: dict[int, list[str]] = {}
    editions = data.get("editions") or {}
    for number, items in editions.items() if isinstance(editions, dict) else []:
        if not isinstance(number, int) or content.edition(number) is None:
            problems.append(Problem("E_UNKNOWN_EDITION", "标语所属的期数不存在", shown, editions.line_of(str(number)), "editions", number))
            continue
        by_edition[number] = [str(s).strip() for s in items or [] if str(s).strip()]
    if problems:
        raise HealthboardError(problems)
    return Slogans(campaign, by_edition)


def wrap(slogan: str, max_chars: int | None) -> list[str]:
    """Lines of at most `max_chars`, broken after punctuation where possible."""
    if not max_chars or len(slogan) <= max_chars:
        return [slogan]
    lines, rest = [], slogan
    while len(rest) > max_chars:
        cut = max((i + 1 for i, ch in enumerate(rest[:max_chars]) if ch in _BREAK_AFTER), default=max_chars)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return lines + ([rest] if rest else [])


@dataclass
class GbkResult:
    lines: list[str]
    replaced: list[tuple[int, str, str]] = field(default_factory=list)  # (line, original, replacement)
    impossible: list[tuple[int, str]] = field(default_factory=list)  # (line, character)


def to_gbk(lines: list[str]) -> GbkResult:
    """Every line made GBK-safe: substitutes are reported; characters with no substitute are listed."""
    result = GbkResult([])
    for n, line in enumerate(lines, 1):
        out = []
        for ch in line:
            if _gbk_ok(ch):
                out.append(ch)
                continue
            sub = GBK_SUBSTITUTES.get(ch) or unicodedata.normalize("NFKC", ch)
            if sub != ch and all(_gbk_ok(c) for c in sub):
                out.append(sub)
                result.replaced.append((n, ch, sub))
            else:
                out.append("?")
                result.impossible.append((n, ch))
        result.lines.append("".join(out))
    return result


def _gbk_ok(ch: str) -> bool:
    try:
        ch.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


def max_chars_for(width_px: int | None) -> int | None:
    return width_px // CHAR_PX if width_px else None


def text_file(lines: list[str], encoding: str) -> bytes:
    """Windows line ends: LED controller software runs on Windows."""
    body = "\r\n".join(lines) + "\r\n"
    return body.encode("utf-8-sig") if encoding == "utf-8" else body.encode("gbk")


def scroll_page(title: str, slogans: list[str], seconds_per_char: float = 0.35) -> str:
    """A full-screen page that scrolls the slogans right to left, for players that show a URL."""
    shown = slogans or ["健康生活，从我做起"]
    duration = max(10.0, len(re.sub(r"\s", "", "".join(shown))) * seconds_per_char)
    return _templates.get_template("led.html.j2").render(title=title, slogans=shown, duration=duration, font_stack=FONT_STACK)
