"""Permanent short links (/q/<id>/), their redirect pages, and the printed-URL manifest guard."""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence
from urllib.parse import urlsplit

from .errors import Problem
from .templating import environment

SHORT_PREFIX = "q"
_templates = environment("templates", html=True)
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"')


# Where a page's Markdown or HTML names an address: [text](url), ![alt](url), href=…, src=….
_ADDRESSES = re.compile(r"""\]\(\s*<?([^)\s>]+)|\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.I)


def unreadable_urls(text: str) -> list[str]:
    """Addresses no browser can follow and MkDocs stops at: a full-width ／ or ： typed into a
    web address with a Chinese input method, a bracket pasted into one ("http://[www…")."""
    return [url for m in _ADDRESSES.finditer(text) if not readable(url := m.group(1) or m.group(2))]


def readable(url: str) -> bool:
    try:
        urlsplit(url)
    except ValueError:
        return False
    return True


def short_path(article_id: str) -> str:
    """Site-relative path of an article's permanent link, e.g. "q/hand-washing/"."""
    return f"{SHORT_PREFIX}/{article_id}/"


def short_url(site_url: str, article_id: str) -> str:
    return site_url + short_path(article_id)


def board_qr_url(site_url: str, article_id: str, board_id: str, edition: int) -> str:
    """What a board's panel encodes: the permanent link, attributed to board and edition for analytics."""
    return f"{short_url(site_url, article_id)}?b={board_id}&e={edition}"


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a file of docs/ ("a/b.md" → "a/b/", or "a/b.html"
    without directory URLs; any other file keeps its path)."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


@lru_cache(maxsize=65536)  # posixpath.relpath is slow, and a city's ledger links to its 2,000 boards from page after page
def relative_url(from_dir: str, to_url: str) -> str:
    """Relative link between two site-relative directory URLs ("a/b/" → "c/d/" gives "../../c/d/")."""
    rel = posixpath.relpath("/" + to_url, "/" + from_dir)
    return rel + "/" if to_url.endswith("/") and not rel.endswith("/") else rel


def redirect_page(target: str, title: str, canonical: str, site_name: str = "") -> str:
    """A static page that forwards to `target` (relative), keeping ?query#hash when JavaScript runs."""
    return _templates.get_template("redirect.html.j2").render(
        target=target, title=title, canonical=canonical,
        full_title=f"{title} - {site_name}" if site_name else title,
    )


@dataclass(frozen=True)
class PrintedUrl:
    url: str
    line: int


def read_manifest(path: Path) -> list[PrintedUrl]:
    """URLs ever put on paper: one per line, anything after the URL is a comment; '#' lines too."""
    if not path.is_file():
        return []
    urls = []
    for n, raw in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        text = raw.strip()
        if text and not text.startswith("#"):
            urls.append(PrintedUrl(text.split()[0], n))
    return urls


def append_manifest(path: Path, urls: list[str], comment: str = "") -> int:
    """Add URLs not yet listed; returns how many were new."""
    known = {p.url for p in read_manifest(path)}
    new = [u for u in dict.fromkeys(urls) if u not in known]
    if new:
        with path.open("a", encoding="utf-8") as f:
            if comment:
                f.write(f"# {comment}\n")
            f.writelines(f"{u}\n" for u in new)
    return len(new)


def redirect_target(file: Path) -> str | None:
    """Where one of our redirect pages forwards to (relative, as written), or None for any other file."""
    found = _REFRESH.search(file.read_text(encoding="utf-8", errors="replace")) if file.suffix == ".html" else None
    return html.unescape(found.group(1)) if found else None


def resolve(site_dir: Path, site_url: str, url: str, hops: int = 5) -> str | None:
    """Why `url` would not resolve in the built site, or None if it does (following our redirects)."""
    if not url.startswith(site_url):
        return f"不在本站地址 {site_url} 之下"
    current = urlsplit(url[len(site_url) :]).path  # site-relative, e.g. "q/hand-washing/"
    for _ in range(hops):
        file = site_dir / current if current else site_dir
        if file.is_dir():
            file = file / "index.html"
            current = current.rstrip("/") + "/" if current else ""
        if not file.is_file():
            return f"网站中没有 /{current}"
        target = redirect_target(file)
        if target is None:
            return None
        base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
        current = posixpath.normpath(posixpath.join("/" + base, target)).lstrip("/")
    return "跳转次数过多"


def check_manifest(manifest: Path, shown: str, site_dir: Path, site_url: str, ignore_host: bool = False, skip_under: str | None = None,
                   previous: Sequence[str] = ()) -> list[Problem]:
    """Problems for printed URLs that would break, one per broken page or per foreign address however
    many boards carry it. `ignore_host` for previews served on localhost, `skip_under` for a part of
    the site the preview does not build (the 繁體 copy), `previous` for old addresses of this site
    that the web server forwards here, path and query kept."""
    own = urlsplit(site_url)
    verdicts: dict[str, str | None] = {}  # site path -> why it breaks; thousands of boards share a few paths
    broken: dict[str, list[PrintedUrl]] = {}
    foreign: dict[str, list[PrintedUrl]] = {}
    for printed in read_manifest(manifest):
        url = next((site_url + printed.url[len(old):] for old in previous if printed.url.startswith(old)), printed.url)
        url = urlsplit(url)._replace(scheme=own.scheme, netloc=own.netloc).geturl() if ignore_host else url
        if skip_under and url.startswith(skip_under):
            continue
        if not url.startswith(site_url):
            parts = urlsplit(url)
            foreign.setdefault(f"{parts.scheme}://{parts.netloc}", []).append(printed)
            continue
        path = own.path + url[len(site_url):].split("#", 1)[0].split("?", 1)[0]  # urlsplit's path, for the city's 12,000 at a tenth of the cost
        if path not in verdicts:
            verdicts[path] = resolve(site_dir, site_url, url)
        if verdicts[path]:
            broken.setdefault(path, []).append(printed)
    problems = [
        Problem(
            "E_PRINTED_URL_BROKEN",
            f"已印在纸上的网址将失效：{found[0].url}（{verdicts[path]}）" + _how_many(found, "同一页面"),
            file=shown, line=found[0].line,
            hint="恢复被删除或改了 id 的文章（已印出的 id 不能删改）；确需撤下时，在 mkdocs.yml 的 healthboard.redirects 中把旧 id 指向另一篇文章",
        )
        for path, found in broken.items()
    ]
    problems += [
        Problem(
            "E_PRINTED_URL_BROKEN",
            f"已印在纸上的网址不在本站地址 {site_url} 之下，将失效：{found[0].url}" + _how_many(found, f"{origin} 下"),
            file=shown, line=found[0].line,
            hint=f"网站地址改过了？请让旧地址 {origin}/… 整站转向新地址（保留路径和 ? 后的参数），"
                 "再把旧的网站地址写进 mkdocs.yml 的 healthboard.previous_site_urls；或者改回原来的 site_url",
        )
        for origin, found in foreign.items()
    ]
    return problems


def _how_many(found: list[PrintedUrl], where: str) -> str:
    if len(found) == 1:
        return ""
    lines = "、".join(str(p.line) for p in found[:5])
    return f"；{where}共印出 {len(found)} 个网址（第 {lines} 行{'等' if len(found) > 5 else ''}）"
