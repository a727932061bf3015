"""MkDocs' own warnings about staff's pages (broken links, mostly), said in Chinese with the file and
line, as healthboard's own problems are."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from .errors import Problem, line_in, source_text

_DOC = r"Doc file '(?P<src>[^']+)' contains "
_GUESS = r"(?: Did you mean '(?P<guess>[^']+)'\?)?"
_LINK_HINT = "链接站内文章写相对路径，如 ../articles/hand-washing.md（相对于这篇文章所在的文件夹）；链接其他网站写完整的网址 https://…"


def _missing(m: re.Match[str]) -> tuple[str, str]:
    target = f"（找的是 {m['target']}）" if m["target"] else ""
    return f"链接 {m['url']} 指向的文件不存在{target}", _guessed(m) or "检查文件名和路径：" + _LINK_HINT


def _unrecognized(m: re.Match[str]) -> tuple[str, str]:
    return f"链接 {m['url']} 既不是站内的文件，也不是完整的网址", _guessed(m) or _LINK_HINT


def _anchor(m: re.Match[str]) -> tuple[str, str]:
    where = f" {m['target']} 中" if m["target"] else "本页"
    anchor = m["anchor"] or m["url"].rpartition("#")[2]
    return f"链接 {m['url']} 指向{where}的小标题 #{anchor}，但没有这个小标题", "小标题改过时，链接 # 后面的部分也要跟着改"


def _excluded(m: re.Match[str]) -> tuple[str, str]:
    return f"链接 {m['url']} 指向的文件不会发布到网站上（草稿或被排除的文件）", "发布那篇文章后再链接它，或去掉这个链接"


def _guessed(m: re.Match[str]) -> str:
    return f"您是不是想写 {m['guess']}？" if m.groupdict().get("guess") else ""


_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[str, str]]]] = [
    (re.compile(_DOC + r"a link '(?P<url>[^']+)', but the target(?: '(?P<target>[^']+)')? is not found among documentation files\." + _GUESS), _missing),
    (re.compile(_DOC + r"an unrecognized relative link '(?P<url>[^']+)', it was left as is\." + _GUESS), _unrecognized),
    (re.compile(_DOC + r"a link '(?P<url>[^']+)', but (?:the doc '(?P<target>[^']+)' does not contain an anchor|there is no such anchor on this page)"
                r"(?: '#(?P<anchor>[^']+)')?\..*"), _anchor),
    (re.compile(_DOC + r"a link to '(?P<url>[^']+)' which is excluded from the built site\."), _excluded),
]


def link_problem(message: str, docs_dir: Path) -> Problem | None:
    """W_BROKEN_LINK for one of MkDocs' link warnings, at the link's line in its file; None for others."""
    for pattern, say in _MESSAGES:
        if m := pattern.fullmatch(message):
            text, hint = say(m)
            source, url = source_text(docs_dir / m["src"]), m["url"]
            return Problem("W_BROKEN_LINK", text, f"{docs_dir.name}/{m['src']}", line_in(source, f"({url}") or line_in(source, url), hint=hint)
    return None
