"""The nginx configuration for a built site: every short link answered by the server itself (one
redirect, no extra HTML round trip on a slow phone), old addresses forwarded, compression, caching,
security headers with a Content-Security-Policy made from the site's own inline scripts, and the
access log in the JSON format `healthboard scans` reads."""
from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .links import SHORT_PREFIX, redirect_target
from .templating import environment

_templates = environment("templates", html=False)
_templates.filters["ng"] = lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'  # an nginx quoted string
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_NOT_JS = re.compile(r"""\b(?:src=|type=["']?(?!text/javascript|module|application/javascript))""", re.I)
ACCESS_LOG = "/var/log/nginx/healthboard.access.log"


@dataclass(frozen=True)
class OldAddress:
    host: str
    path: str
    same_host: bool


@dataclass(frozen=True)
class ServerConfig:
    site_url: str
    root: str  # where the site's files are on the server
    short_links: dict[str, str]  # URL path of a short link -> URL path of its article
    script_hashes: list[str]  # "sha256-…" of every inline script the site has
    old_addresses: list[OldAddress]
    listen: str = "80"
    access_log: str = ACCESS_LOG

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or "_"

    @property
    def path(self) -> str:
        return urlsplit(self.site_url).path or "/"

    @property
    def csp(self) -> str:
        scripts = " ".join(["'self'", *(f"'{h}'" for h in self.script_hashes)])
        # Styles stay 'unsafe-inline': board pages carry their sizes in style attributes, and CSS runs no code.
        # default-src covers fonts, fetches and the search worker; short, as it is sent with every page.
        return (f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")

    def render(self) -> str:
        return _templates.get_template("nginx.conf.j2").render(c=self)


def short_links(site_dir: Path, site_path: str, copies: list[str]) -> dict[str, str]:
    """Every `/q/<id>/` of the built site (and of its copies, e.g. "zh-hant/") with the page its
    redirect page forwards to, as URL paths; with and without the trailing slash."""
    out: dict[str, str] = {}
    for copy in ["", *copies]:
        for page in sorted((site_dir / copy / SHORT_PREFIX).glob("*/index.html")):
            target = redirect_target(page)
            if target is None:
                continue
            here = unquote(f"{site_path}{copy}{SHORT_PREFIX}/{page.parent.name}/")  # as nginx's $uri: decoded
            article = posixpath.normpath(posixpath.join(here, unquote(target))) + ("/" if target.endswith("/") else "")
            out[here] = out[here.rstrip("/")] = out[here + "index.html"] = quote(article, safe="/-._~")  # a Location header: encoded
    return out


def inline_script_hashes(site_dir: Path) -> list[str]:
    """The CSP hashes of every distinct inline script in the site's pages (the theme's, ours)."""
    found: set[str] = set()
    for page in site_dir.rglob("*.html"):
        for script in _SCRIPT.finditer(page.read_text(encoding="utf-8", errors="replace")):
            if not _NOT_JS.search(script["attrs"]) and script["body"].strip():
                found.add("sha256-" + base64.b64encode(hashlib.sha256(script["body"].encode("utf-8")).digest()).decode())
    return sorted(found)


def old_addresses(site_url: str, previous: list[str]) -> list[OldAddress]:
    host = urlsplit(site_url).hostname
    return [OldAddress(urlsplit(u).hostname or "", urlsplit(u).path or "/", urlsplit(u).hostname == host) for u in previous]
