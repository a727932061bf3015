"""Page HTML as staff text is: pasted from Word and WeChat, possibly by someone hostile. Cleaned with
nh3 (the Rust ammonia sanitiser) to what Markdown, its extensions and mkdocs-material produce."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import nh3

from .errors import Problem, line_in

# What Python-Markdown and the usual extensions (tables, admonition, details, attr_list, toc,
# footnotes, abbr, tasklist, highlight) write.
TAGS = (nh3.ALLOWED_TAGS - {"map", "area"}) | {"input", "figure", "figcaption", "details", "summary", "mark", "section"}
_COMMON = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _COMMON,
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "input": {"type", "checked", "disabled"},  # task lists: disabled checkboxes
    "details": {"open"},
    "time": {"datetime"},
    "abbr": {"title"},
    "col": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel", "data"}  # data: only for pictures, see attribute_filter
# Removed with their content, not only their tags.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "select", "form", "svg", "math"}
_DATA_IMAGE = re.compile(r"^data:image/(png|jpe?g|gif|webp);", re.I)


def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src") and value.strip().lower().startswith("data:"):
        return value if tag == "img" and _DATA_IMAGE.match(value.strip()) else None
    if tag == "input" and attribute == "type" and value != "checkbox":
        return None
    return value


# Configured once: nh3.clean() converts these sets for the Rust side on every call (half its time a page).
_CLEANER = nh3.Cleaner(
    tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES, attribute_filter=attribute_filter,
    url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True, filter_style_properties={"text-align"},
)


def clean(page_html: str) -> str:
    return _CLEANER.clean(page_html)


@dataclass(frozen=True)
class Removed:
    what: str  # in Chinese, e.g. "<script> 脚本"
    needle: str  # text to find its line in the source


_DANGERS = [
    (re.compile(r"<\s*(script|iframe|object|embed|form|style|link|meta|base|frame|svg|math)\b", re.I), "<{0}> 标签"),
    (re.compile(r"\s(on[a-z]+)\s*=", re.I), "{0} 事件属性"),
    (re.compile(r"(javascript|vbscript)\s*:", re.I), "{0}: 链接"),
    (re.compile(r"""(?:href|src)\s*=\s*["']?\s*(data):(?!image/(?:png|jpe?g|gif|webp);)""", re.I), "{0}: 网址"),
]


def removed_items(page_html: str) -> list[Removed]:
    """What `clean` takes out that matters: scripts, frames, event handlers, script links."""
    found: dict[str, Removed] = {}
    for pattern, label in _DANGERS:
        for m in pattern.finditer(page_html):
            what = label.format(m.group(1).lower())
            found.setdefault(what, Removed(what, html.unescape(m.group(0).strip())))
    return list(found.values())


def removed_problem(page_html: str, source_path: str | None, shown: str) -> Problem | None:
    """W_HTML_REMOVED naming what `clean` will take out of a page, at its line in the source file."""
    removed = removed_items(page_html)
    if not removed:
        return None
    source = Path(source_path).read_text(encoding="utf-8-sig", errors="replace") if source_path else ""
    return Problem("W_HTML_REMOVED", "页面中有不安全的内容，已删除：" + "、".join(r.what for r in removed), shown,
                   line_in(source, removed[0].needle), hint="从 Word 或微信粘贴时请只粘贴文字；需要图片请用 Markdown 的 ![说明](图片路径)")
