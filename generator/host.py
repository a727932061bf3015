"""Living inside a host site: its template overrides and its third-party requests, checked and named.

A site that adds healthboard keeps its own `custom_dir`, hooks and extra scripts; where they would
silently switch healthboard's features off, or make residents' phones call other hosts, staff are told.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import Problem, line_in

# Templates healthboard puts in the theme, what vanishes when a host's copy replaces them, and how
# the host's copy keeps them.
NEEDED_TEMPLATES = {
    "main.html": ("长辈模式、朗读按钮和页面标题中的地区",
                  '把第一行改成 {% extends "healthboard/main.html" %}（不要直接 extends "base.html"）'),
    "partials/copyright.html": ("页脚中的主办单位和 12345/12320 热线",
                                '在文件中加上 {% include "healthboard/footer.html" %}'),
}
# Blocks healthboard fills in main.html: a host's block of the same name must call super().
MAIN_BLOCKS = ("htmltitle", "extrahead", "content", "scripts")
_BLOCK = re.compile(r"{%-?\s*block\s+(\w+)\s*-?%}(.*?){%-?\s*endblock", re.S)


def override_problems(custom_dir: Path | None, shown_dir: str) -> list[Problem]:
    """W_OVERRIDE_HIDES for each template of the host's custom_dir that hides one of healthboard's."""
    if custom_dir is None:
        return []
    problems = []
    for name, (lost, fix) in NEEDED_TEMPLATES.items():
        path = custom_dir / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        shown = f"{shown_dir}/{name}"
        if name == "main.html" and re.search(r"""extends\s+["']healthboard/main\.html["']""", text):
            for block, body in _BLOCK.findall(text):
                if block in MAIN_BLOCKS and "super()" not in body:
                    problems.append(Problem("W_OVERRIDE_HIDES", f"这里重写了 block {block} 却没有调用 super()，healthboard 在这个 block 中的内容会消失",
                                            shown, line_in(text, f"block {block}"), hint=f"在 {{% block {block} %}} 里加上 {{{{ super() }}}}"))
            continue
        if name == "partials/copyright.html" and "healthboard/footer.html" in text:
            continue
        problems.append(Problem("W_OVERRIDE_HIDES", f"这个文件替换了 healthboard 的 {name}：{lost}会消失", shown, hint=fix))
    return problems


# What a page makes the browser fetch by itself: scripts, stylesheets, fonts, frames.
_FETCHED = re.compile(
    r"""(?=[<@uU])(?:"""  # the alternatives are tried only where a first character could start one
    r"""<script\b[^>]*?\bsrc\s*=\s*["']?(?P<script>[^"'\s>]+)"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']?(?P<link>[^"'\s>]+)[^>]*>"""
    r"""|<iframe\b[^>]*?\bsrc\s*=\s*["']?(?P<frame>[^"'\s>]+)"""
    r"""|@import\s+(?:url\()?\s*["']?(?P<import>[^"')\s;]+)"""
    r"""|\burl\(\s*["']?(?P<url>(?:https?:)?//[^"')\s]+))""",
    re.I,
)
_KINDS = {"script": "脚本", "link": "样式表或字体", "frame": "内嵌网页", "import": "样式表", "url": "字体或图片"}
# <link> kinds that do not make the browser fetch anything by themselves
_LINK_PASSIVE = re.compile(r"""\brel\s*=\s*["']?(canonical|alternate|author|license|me|next|prev|search)\b""", re.I)


@dataclass(frozen=True)
class ThirdParty:
    url: str
    kind: str  # in Chinese: 脚本, 样式表或字体, …


# Where one of _FETCHED's alternatives can begin (str.find on the lower-cased page is ten times faster
# than letting the pattern look at every "<" of a page, and every page is read).
_STARTS = ("<script", "<link", "<iframe", "@import", "url(")


def _fetches(html: str) -> list[re.Match[str]]:
    lower = html.lower()
    if len(lower) != len(html):  # a character whose lower case is longer: positions would not match
        return list(_FETCHED.finditer(html))
    found = []
    for start in _STARTS:
        i = lower.find(start)
        while i >= 0:
            if m := _FETCHED.match(html, i):
                found.append(m)
            i = lower.find(start, i + 1)
    found.sort(key=lambda m: m.start())
    return [m for i, m in enumerate(found) if i == 0 or m.start() >= found[i - 1].end()]  # as finditer: no overlaps


def third_party_requests(html: str, own_host: str) -> list[ThirdParty]:
    """Resources a page loads from hosts other than the site's own."""
    found = []
    for m in _fetches(html):
        kind = m.lastgroup or ""
        url = m.group(kind)
        if kind == "link" and _LINK_PASSIVE.search(m.group(0)):
            continue
        host = urlsplit(url if not url.startswith("//") else "https:" + url).hostname
        if url.startswith(("http://", "https://", "//")) and host and host != own_host:
            found.append(ThirdParty(url, _KINDS[kind]))
    return found


class ThirdPartyLog:
    """Every script, stylesheet, font or frame the built pages load from another host, with its pages."""

    def __init__(self, own_host: str) -> None:
        self.own_host = own_host
        self.seen: dict[ThirdParty, list[str]] = {}

    def read(self, page_html: str, page: str) -> None:
        for item in third_party_requests(page_html, self.own_host):
            self.seen.setdefault(item, []).append(page)

    def problems(self, docs: str) -> list[Problem]:
        return [third_party_problem(item, f"{docs}/{pages[0]}", len(pages)) for item, pages in self.seen.items()]


def third_party_problem(item: ThirdParty, first_page: str, pages: int) -> Problem:
    more = f"等 {pages} 个页面" if pages > 1 else ""
    return Problem("W_THIRD_PARTY", f"页面从其他网站加载{item.kind}：国内可能无法访问，还会把居民的访问记录交给对方",
                   first_page + more, value=item.url,
                   hint="把文件下载到 docs/ 下，用相对路径引用（如 extra_javascript: [js/mathjax.js]）；或从 mkdocs.yml 中去掉这一项")
