"""Page HTML as staff text is: pasted from Word and WeChat, possibly by someone hostile. Cleaned with
nh3 (the Rust ammonia sanitiser) to what Markdown, its extensions and mkdocs-material produce."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import nh3

from .errors import Problem, line_in, source_text

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


def remote(url: str, own_host: str) -> bool:
    """An address the browser fetches from another host by itself (http://, https:// or //host/)."""
    try:
        parts = urlsplit(url.strip())
        return bool(parts.netloc) and (parts.hostname or "") != own_host
    except ValueError:  # "http://[not-ipv6": no address of this site either
        return True


@lru_cache(maxsize=None)
def _cleaner(own_host: str) -> nh3.Cleaner:
    """Configured once a host: nh3.clean() converts these sets for the Rust side on every call (half its
    time a page)."""
    def keep(tag: str, attribute: str, value: str) -> str | None:
        # A picture pasted from WeChat or the web stays on its host: residents' phones would fetch it
        # from there (hotlinking is often refused, some hosts are blocked, all of them see the visit).
        if tag == "img" and attribute == "src" and remote(value, own_host):
            return None
        return attribute_filter(tag, attribute, value)

    return nh3.Cleaner(
        tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES, attribute_filter=keep,
        url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True, filter_style_properties={"text-align"},
    )


def clean(page_html: str, own_host: str = "") -> str:
    """`own_host`: the site's host, whose pictures may be given by full address."""
    return _cleaner(own_host).clean(page_html)


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
    return Problem("W_HTML_REMOVED", "页面中有不安全的内容，已删除：" + "、".join(r.what for r in removed), shown,
                   line_in(source_text(source_path), removed[0].needle), hint="从 Word 或微信粘贴时请只粘贴文字；需要图片请用 Markdown 的 ![说明](图片路径)")


_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)


def _host(url: str) -> str:
    try:
        return urlsplit(url.strip()).hostname or url
    except ValueError:
        return url


def remote_image_problem(page_html: str, source_path: str | None, shown: str, own_host: str) -> Problem | None:
    """W_REMOTE_IMAGE for the pictures of a page `clean` leaves without their address (other hosts'),
    at the line of the first in the source file."""
    urls = [url for m in _IMG_SRC.finditer(page_html) if remote(url := html.unescape(m[1]), own_host)]
    if not urls:
        return None
    hosts = "、".join(dict.fromkeys(_host(u) for u in urls))
    return Problem("W_REMOTE_IMAGE", f"页面中有 {len(urls)} 张其他网站上的图片（{hosts}），已去掉：居民的手机会去那个网站取图，"
                   "常常被拒绝或打不开，还会让对方知道谁在看", shown, line_in(source_text(source_path), urls[0]), value=urls[0],
                   hint="把图片下载下来放进 docs/images/，再用 ![说明](../images/文件名) 引用")
