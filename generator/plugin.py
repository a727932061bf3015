"""MkDocs plugin: a switchboard from MkDocs events to `build.SiteBuild` and the other plain modules."""
from __future__ import annotations

import html
import logging
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import links, sanitize
from .build import BuildSummary, SiteBuild, exclusion_problems, swap_in
from .config import HealthboardConfig, chinese_problems
from .errors import HealthboardError, Problem
from .host import ThirdParty, override_problems, third_party_problem, third_party_requests
from .project import Project
from .qr import qr_svg
from .settings import Settings
from .templating import cn_date

log = logging.getLogger("mkdocs.plugins.healthboard")
THEME_DIR = Path(__file__).parent / "theme"
CSS_URI = "assets/healthboard/healthboard.css"
ASSETS = {CSS_URI: "healthboard.css", "assets/healthboard/healthboard.js": "healthboard.js"}
SHIM = {"assets/healthboard/iframe-worker-shim.js": "vendor/iframe-worker-shim.js"}  # else material/offline takes it from a CDN
REQUIRED_EXTENSIONS = ("tables", "attr_list", "admonition")  # the generated pages use them
ESCAPED_META = ("title", "description", "subtitle")  # front matter the theme prints as HTML


@contextmanager
def user_errors() -> Iterator[None]:
    """Mistakes in content stop MkDocs with healthboard's own message."""
    try:
        yield
    except HealthboardError as e:
        raise PluginError(str(e)) from None


class HealthboardPlugin(BasePlugin[HealthboardConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str | None = None  # "build" or "serve", from on_startup
        self.parent: HealthboardPlugin | None = None  # set on the 繁體 copy's instance by the main build
        self.build: SiteBuild | None = None  # this build's state, made anew in every on_config
        self.final_site_dir: str | None = None  # `build` writes beside it and swaps at the end
        self.env: Environment | None = None  # the theme's templates, for the article footer
        self.offline = False
        self.qr_count = 0
        self.third_party: dict[tuple[str, str], list[str]] = {}  # (url, kind) -> pages loading it
        self._user_files: dict[str, File] = {}  # staff's own files by source and output path
        self._conflicts: list[Problem] = []

    @property
    def settings(self) -> Settings:
        assert self.build is not None
        return self.build.settings

    def summary(self) -> BuildSummary:
        """What the last build made, for the `healthboard build` report."""
        assert self.build is not None and self.build.content is not None
        return BuildSummary(self.settings, self.build.content, self.qr_count, list(self.build.printed_urls))

    def load_config(self, options: dict, config_file_path: str | None = None) -> tuple[ConfigErrors, ConfigWarnings]:
        return chinese_problems(*super().load_config(options, config_file_path))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        with user_errors():
            settings = Settings.from_mkdocs(config, is_variant=self.parent is not None)
        shared_cache = self.parent.build.project.cache() if self.parent and self.parent.build else None
        self.build = SiteBuild(Project(settings, shared_cache), pdfs=settings.print.pdf and self.command == "build")
        self.qr_count, self.third_party = 0, {}
        if settings.is_variant:  # everything in 繁體, under its own path, with its own search
            config.theme["language"] = "zh-Hant"
            config.site_name, config.copyright = settings.convert(config.site_name), settings.convert(config.copyright or "") or None
            config.nav = settings.variant.convert_tree(config.nav) if settings.variant else config.nav
        config.site_url = settings.site_url
        config.extra["healthboard"] = self.build.theme_extra()
        # Package templates rank below the site's custom_dir (overrides/) but above the theme itself.
        custom = config.theme.custom_dir
        config.theme.dirs.insert(1 if custom else 0, str(THEME_DIR))
        for problem in override_problems(Path(custom) if custom else None, Path(custom).name if custom else "") if not settings.is_variant else []:
            log.warning(str(problem))
        config.markdown_extensions.extend(e for e in REQUIRED_EXTENSIONS if e not in config.markdown_extensions)
        config.extra_css.append(CSS_URI)
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        self.offline = bool(offline and offline.config.get("enabled", True))
        if self.offline:
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), next(iter(SHIM))]
        if self.command == "build":  # a failed build leaves site/ as it was
            self.final_site_dir, config.site_dir = config.site_dir, config.site_dir.rstrip("/\\") + ".building"
            shutil.rmtree(config.site_dir, ignore_errors=True)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        b = self.build
        with user_errors():
            b.load()
            drop, errors, warnings = exclusion_problems(b, [(f.src_uri, f.inclusion.is_excluded()) for f in files])
            if errors:
                raise HealthboardError(errors)
            b.warnings[:0] = warnings
            for file in list(files):
                if file.src_uri in drop:
                    files.remove(file)
                elif file.src_uri in b.published and file.inclusion.is_excluded():
                    file.inclusion = InclusionLevel.NOT_IN_NAV  # a draft previewed although draft_docs covers it
            self._user_files, self._conflicts = {key: f for f in files for key in (f.src_uri, f.dest_uri)}, []
            url_of = lambda src_uri: files.get_file_from_path(src_uri).url  # noqa: E731
            for g in [*b.pages(), *b.short_links(url_of), *b.print_files(config.use_directory_urls), *b.led_files(), *b.downloads(url_of)]:
                self._place(files, config, File.generated(config, g.uri, content=g.content), g.staff_only)
            for uri, name in (ASSETS | (SHIM if self.offline else {})).items():
                self._place(files, config, File.generated(config, uri, abs_src_path=str(THEME_DIR / "assets" / name)))
            if self._conflicts:
                raise HealthboardError(self._conflicts)
        for warning in b.warnings if not self.settings.is_variant else []:  # the 繁體 copy would repeat them
            log.warning(str(warning))
        self.env = config.theme.get_env()
        self.env.filters["cn_date"] = cn_date
        return files

    def _place(self, files: Files, config: MkDocsConfig, file: File, staff_only: bool = False) -> None:
        """A generated file joins the site unless staff wrote a page that lands at the same address."""
        if mine := self._user_files.get(file.dest_uri) or self._user_files.get(file.src_uri):
            self._conflicts.append(Problem("E_RESERVED_PATH", f"这个文件会占用 healthboard 自动生成的页面 {file.dest_uri}", f"{Path(config.docs_dir).name}/{mine.src_uri}", hint="删除或改名这个文件"))
            return
        if staff_only:
            file.inclusion = InclusionLevel.NOT_IN_NAV  # the ledger: for inspectors and staff, not residents
        files.append(file)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        for key in ESCAPED_META:  # the theme prints these as HTML (MkDocs' page.title is HTML)
            if isinstance(page.meta.get(key), str):
                page.meta[key] = self.settings.convert(html.escape(page.meta[key]))
        if page.is_homepage:
            markdown += "\n" + self.build.home_sections(page.file.src_uri)  # type: ignore[union-attr]
        return self.settings.convert(markdown)

    def on_page_content(self, page_html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not self.settings.is_variant and (problem := sanitize.removed_problem(page_html, page.file.abs_src_path, f"{Path(config.docs_dir).name}/{page.file.src_uri}")):
            log.warning(str(problem))
        page_html = sanitize.clean(page_html)
        article = self.build.published.get(page.file.src_uri)  # type: ignore[union-attr]
        if article is None or self.env is None:
            return page_html
        url = links.short_url(self.settings.site_url, article.id)
        code = qr_svg(url, error=self.settings.qr_error, label=f"二维码：{article.title}")
        editions = links.relative_url(page.url, "editions/") if self.build.content and self.build.content.boards else ""  # type: ignore[union-attr]
        meta = self.env.get_template("healthboard/article-meta.html").render(article=article, short_url=url, qr_svg=code, editions_base=editions)
        self.qr_count += 1
        banner = self.env.get_template("healthboard/draft-banner.html").render() if article.is_draft else ""
        return self.settings.convert(banner + page_html + meta)

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: object) -> dict:
        context["hb_own_page"] = page.file.src_uri in self.build.own_pages  # type: ignore[union-attr]  # the hotline footer's condition
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        for item in third_party_requests(output, urlsplit(self.settings.site_url).hostname or ""):
            self.third_party.setdefault((item.url, item.kind), []).append(page.file.src_uri)
        return self.settings.convert(output)  # the theme's own words, nav and footer too

    @event_priority(-200)  # after search, offline and every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        b, s = self.build, self.settings
        assert b is not None
        for (url, kind), where in self.third_party.items() if not s.is_variant else []:
            log.warning(str(third_party_problem(ThirdParty(url, kind), f"{Path(config.docs_dir).name}/{where[0]}", len(where))))
        if s.variant and not s.is_variant and self.command == "build":
            self._build_variant(config, Path(config.site_dir) / s.variant.path)
        with user_errors():
            b.finish(Path(config.site_dir), serving=self.command == "serve")
            b.record()
        if self.final_site_dir:
            swap_in(Path(self.final_site_dir), Path(config.site_dir))
            config.site_dir, self.final_site_dir = self.final_site_dir, None
        if not s.is_variant:
            b.project.cache().commit()  # only now: a failed run leaves the cache as it was

    def _build_variant(self, config: MkDocsConfig, target: Path) -> None:
        """The 繁體 copy: a second MkDocs build in this process, with its own plugin instances (MkDocs
        keeps them in its config schema, so they are set aside meanwhile), sharing this run's cache."""
        option = dict(MkDocsConfig._schema)["plugins"]
        saved, option.plugin_cache = option.plugin_cache, {}  # type: ignore[attr-defined]
        try:
            copy = load_config(config.config_file_path, site_dir=str(target))
            plugin = copy.plugins["healthboard"]
            plugin.parent, plugin.command = self, "build"
            plugin.config.show_drafts = self.config.show_drafts  # `--drafts` applies to both
            mkdocs_build(copy)
        finally:
            option.plugin_cache = saved  # type: ignore[attr-defined]
        self.build.printed_urls += plugin.build.printed_urls  # type: ignore[union-attr]  # recorded with the main build's

    def on_build_error(self, *, error: Exception) -> None:
        if self.build and not self.settings.is_variant:
            self.build.project.cache().discard()
        if self.final_site_dir and self.command == "build":
            shutil.rmtree(self.final_site_dir.rstrip("/\\") + ".building", ignore_errors=True)
