"""Which keys each kind of file may hold; a key outside them is a typo until proven otherwise.

`bords:` for `boards:` would otherwise be ignored in silence and send an edition to every board.
"""
from __future__ import annotations

import difflib
from typing import Iterable

from ..errors import Problem

ARTICLE_FIELDS = ("id", "title", "topic", "summary", "sources", "status", "reviewed_by", "reviewed_on", "date", "image")
UPDATE_FIELDS = ("title", "date", "summary")
BOARD_FIELDS = ("id", "name", "address", "grid", "unit", "phone", "size", "notes", "layout", "max_articles")
EDITION_FIELDS = ("number", "date", "theme", "articles", "boards", "layout")
# Board layouts staff may name (`layout:` in an edition or a board), with what each is, in Chinese.
LAYOUTS = {"grid": "网格：各版块一样大", "feature": "头条：第一篇占两格", "strip": "长条：每篇一整行，适合竖版海报"}
LAYOUT_HINT = "写 " + "、".join(f"{k}（{v}）" for k, v in LAYOUTS.items()) + "；不写则按宣传栏形状和文章数自动选择"
SLOGAN_FIELDS = ("campaign", "editions")
# Front matter that MkDocs and mkdocs-material read themselves: a host site's pages and staff may use them.
PAGE_FIELDS = ("tags", "hide", "template", "description", "icon", "subtitle", "search", "comments", "social")


def nearest(key: str, known: Iterable[str]) -> str | None:
    """The known key a typo most likely meant (bords → boards, 标题 → none)."""
    found = difflib.get_close_matches(key.lower(), list(known), n=1, cutoff=0.5)
    return found[0] if found else None


def unknown_key_hint(key: str, known: Iterable[str]) -> str:
    known = list(known)
    guess = nearest(key, known)
    listed = "、".join(known)
    return (f"您是不是想写 {guess}？" if guess else "") + f"可用的字段：{listed}"


def unknown_keys(keys: Iterable[tuple[str, int | None]], known: Iterable[str], file: str, what: str) -> list[Problem]:
    """A problem for each (key, line) not in `known`."""
    known = list(known)
    return [
        Problem("E_UNKNOWN_KEY", f"{what}中有不认识的字段（拼写错误时这一项会被忽略）", file, line, str(key), hint=unknown_key_hint(str(key), known))
        for key, line in keys if str(key) not in known
    ]
