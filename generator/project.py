"""A healthboard run over one project (settings, content, cache), and the checks of mkdocs.yml that
must speak before MkDocs does."""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .cache import Cache
from .content.loader import load_content
from .content.model import Content
from .errors import HealthboardError, Problem
from .links import readable
from .qr import CodeBook

if TYPE_CHECKING:
    from .settings import Settings


def _drop_stale_pending(folder: Path, hours: float = 6) -> None:
    """Pending folders of runs that were killed (power cut, Ctrl+C) and never came back."""
    import shutil
    import time

    for stale in folder.parent.glob(f"{folder.name}.pending-*"):
        if time.time() - stale.stat().st_mtime > hours * 3600:
            shutil.rmtree(stale, ignore_errors=True)


def check_site_url(site_url: str | None) -> str:
    """The site URL with a trailing slash; QR codes are absolute, so it must be one."""
    if not site_url:
        raise HealthboardError(Problem("E_SITE_URL_MISSING", "没有设置网站地址，二维码无法生成", "mkdocs.yml", field="site_url", hint="在 mkdocs.yml 中写上 site_url: https://你的域名/（有子路径也可以，如 https://example.gov.cn/health/）"))
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HealthboardError(Problem("E_SITE_URL_RELATIVE", "网站地址必须是以 https:// 或 http:// 开头的完整地址", "mkdocs.yml", field="site_url", value=site_url, hint="写成 site_url: https://example.gov.cn/health/"))
    return site_url if site_url.endswith("/") else site_url + "/"


def previous_site_urls(urls: list[str]) -> list[str]:
    """Old addresses of the site (each absolute, with a trailing slash) whose printed codes still count."""
    problems = [Problem("E_SITE_URL_RELATIVE", "旧网站地址必须是以 https:// 或 http:// 开头的完整地址", "mkdocs.yml", field="healthboard.previous_site_urls", value=u)
                for u in urls if not urlsplit(u).scheme.startswith("http") or not urlsplit(u).netloc]
    if problems:
        raise HealthboardError(problems)
    return [u if u.endswith("/") else u + "/" for u in urls]


def check_mkdocs_yml(raw: dict[str, Any], installed: set[str], shown: str = "mkdocs.yml") -> None:
    """What MkDocs would otherwise refuse in English, or crash on, before healthboard can speak.

    `raw` is mkdocs.yml as parsed; `installed` the names of the MkDocs plugins that are installed.
    """
    problems = []
    plugins = raw.get("plugins") or []
    names = [next(iter(p)) if isinstance(p, dict) else str(p) for p in plugins] if isinstance(plugins, list) else []
    if "healthboard" not in names:
        problems.append(Problem("E_NO_PLUGIN", "plugins 中没有 healthboard：文章二维码、宣传栏打印页都不会生成", shown, field="plugins", hint="在 plugins 下加上 - healthboard:（写法见示例 mkdocs.yml）"))
    theme = raw.get("theme")
    theme_name = theme.get("name") if isinstance(theme, dict) else theme
    for name in names:
        # MkDocs tries the theme's namespace first: `tags` under material is `material/tags`.
        if name.lstrip("/") not in installed and f"{theme_name}/{name}" not in installed:
            problems.append(Problem("E_PLUGIN_MISSING", "这个插件没有安装（或名字写错了）", shown, field="plugins", value=name, hint="检查拼写；需要的话运行 bash scripts/setup.sh 重新安装依赖"))
    for key in ("extra_javascript", "extra_css"):  # MkDocs fails on an address it cannot parse while normalising it
        entries = raw.get(key) if isinstance(raw.get(key), list) else []
        for entry in entries:
            path = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(path, str) and not readable(path):
                problems.append(Problem("E_BAD_URL", "地址无法识别", shown, field=key, value=path,
                                        hint="网址里不能有全角符号（／：？＝）和方括号；本站的文件写相对于 docs/ 的路径，如 js/extra.js"))
    if theme_name != "material":
        problems.append(Problem("E_THEME", "网站需要 mkdocs-material 主题", shown, field="theme.name", value=theme_name, hint="写成 theme: {name: material, language: zh, font: false}"))
    if problems:
        raise HealthboardError(problems)
    check_site_url(raw.get("site_url"))


def check_theme_font(font: object) -> None:
    if font is not False:
        raise HealthboardError(Problem("E_WEB_FONT", "主题会从谷歌字体服务器加载字体：国内无法访问，还会泄露居民的访问记录", "mkdocs.yml", field="theme.font", value=font, hint="在 theme 下写 font: false，本站使用手机自带的中文字体"))



class Project:
    """A run over one project: its settings, its content, and the cache whose new entries wait until the
    run succeeds. The 繁體 copy is built with its own settings and the main run's cache and codes."""

    def __init__(self, settings: "Settings", parent: Project | None = None) -> None:
        self.settings = settings
        self._cache = parent.cache() if parent else None
        self._codes = parent.codes() if parent else None

    def load_content(self) -> Content:
        s = self.settings
        return load_content(s.layout, list(s.topics), s.required_topics, s.today)

    def new_article_path(self, article_id: str) -> Path:
        """New articles are drafts: into articles/drafts/ where MkDocs' draft_docs keeps that folder
        unpublished (so no engine publishes a draft), else straight into articles/."""
        s = self.settings
        drafts = f"{s.articles_dir}/drafts/{article_id}.md"
        if s.draft_docs is not None and s.draft_docs.match_file(drafts):
            return s.docs_dir / drafts
        return s.docs_dir / s.articles_dir / f"{article_id}.md"

    def cache(self) -> Cache:
        """This run's cache: one per run, its new entries kept aside until the run succeeds."""
        if self._cache is None:
            s = self.settings
            folder = s.project_dir / s.cache_dir if s.cache_dir else None
            pending = folder.with_name(f"{folder.name}.pending-{os.getpid()}-{uuid.uuid4().hex[:6]}") if folder else None
            if folder is not None:
                _drop_stale_pending(folder)
            self._cache = Cache(folder, pending)
        return self._cache

    def codes(self) -> CodeBook:
        """The QR codes this run draws, each encoded once (or read from the cache)."""
        if self._codes is None:
            self._codes = CodeBook(self.cache())
        return self._codes
