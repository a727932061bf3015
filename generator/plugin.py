"""MkDocs plugin: a switchboard from MkDocs events to `build.SiteBuild` and the other plain modules."""
from __future__ import annotations

import logging
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from jinja2 import Environment
from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from .build import BuildSummary, SiteBuild, SiteFile, swap_in
from .config import HealthboardConfig, chinese_problems
from .engine import adapt_config, build_copy, offline
from .errors import HealthboardError, Problem
from .project import Project
from .settings import Settings
from .templating import CompiledTemplates, cn_date

log = logging.getLogger("mkdocs.plugins.healthboard")


def strict_warnings() -> int:
    """The warnings MkDocs has counted in strict mode so far (its counter on the "mkdocs" logger)."""
    return sum(n for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler) for _, n in h.get_counts())


@contextmanager
def user_errors() -> Iterator[None]:
    """Mistakes in content stop MkDocs with healthboard's own message."""
    try:
        yield
    except HealthboardError as e:
        raise PluginError(str(e)) from None


class HealthboardPlugin(BasePlugin[HealthboardConfig]):
    """Events run at MkDocs' default priority (0) unless marked: healthboard adds its files before other
    plugins see the file list, and checks the written site after all of them."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str | None = None  # "build" or "serve", from on_startup
        self.parent: HealthboardPlugin | None = None  # set on the 繁體 copy's instance by the main build
        self.build: SiteBuild | None = None  # this build's state, made anew in every on_config
        self.final_site_dir: str | None = None  # a staged build writes beside it and swaps at the end
        self.staged = True  # see on_startup; the 繁體 copy's instance is staged as the main build is
        self.env: Environment | None = None  # the theme's templates, for the article footer

    @property
    def settings(self) -> Settings:
        assert self.build is not None
        return self.build.settings

    def summary(self) -> BuildSummary:
        """What the last build made, for the `healthboard build` report."""
        assert self.build is not None and self.build.content is not None
        return BuildSummary(self.settings, self.build.content, self.build.article_codes, list(self.build.printed_urls))

    def load_config(self, options: dict, config_file_path: str | None = None) -> tuple[ConfigErrors, ConfigWarnings]:
        return chinese_problems(*super().load_config(options, config_file_path))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        # A failed build leaves the site as it was: `build`, and `serve` (its preview keeps the last good
        # site while a mistake is fixed), but not a dirty build, which writes only what changed.
        self.staged = not dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        with user_errors():
            settings = Settings.from_mkdocs(config, is_variant=self.parent is not None)
        parent = self.parent.build.project if self.parent and self.parent.build else None
        self.build = SiteBuild(Project(settings, parent), pdfs=settings.print.pdf and self.command == "build")
        # Segments kept from earlier builds hold only with jieba's own dictionary and the health words.
        self.build.keep_segments = not any(getattr(p.config, k, None) for name, p in config.plugins.items() if name.endswith("search")
                                           for k in ("jieba_dict", "jieba_dict_user"))
        for problem in adapt_config(config, settings, self.build.theme_extra()):
            log.warning(str(problem))
        if self.staged:
            self.final_site_dir, config.site_dir = config.site_dir, config.site_dir.rstrip("/\\") + ".building"
            shutil.rmtree(config.site_dir, ignore_errors=True)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        found = [SiteFile(f.src_uri, f.dest_uri, f.inclusion.is_excluded()) for f in files]
        dest_of = lambda uri: File(uri, None, "", config.use_directory_urls).dest_uri  # noqa: E731
        with user_errors():
            changes = self.build.file_changes(found, lambda uri: files.get_file_from_path(uri).url, dest_of, config.use_directory_urls, offline(config))
        for file in list(files):
            if file.src_uri in changes.drop:
                files.remove(file)
            elif file.src_uri in changes.shown_drafts:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        for g in changes.add:
            # A Path: a cache file, copied (not read into memory); it may still be being written (files_ready)
            file = File.generated(config, g.uri, abs_src_path=str(g.content)) if isinstance(g.content, Path) else File.generated(config, g.uri, content=g.content)
            files.append(file)
            if g.staff_only:
                file.inclusion = InclusionLevel.NOT_IN_NAV  # the ledger: for inspectors and staff, not residents
        for warning in self.build.warnings if not self.settings.is_variant else []:  # the 繁體 copy would repeat them
            log.warning(str(warning))
        self.env = self._theme_env(config.theme.get_env())  # pages are read before MkDocs makes its own
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        assert self.build is not None
        with user_errors():
            self.build.files_ready()  # MkDocs copies the files next
        return self._theme_env(env)

    def _theme_env(self, env: Environment) -> Environment:
        assert self.build is not None
        env.bytecode_cache = CompiledTemplates(self.build.project.cache())
        env.filters["cn_date"] = cn_date
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.build is not None
        with user_errors():
            self.build.check_addresses(markdown, page.file.src_uri, page.file.abs_src_path)
        self.build.escape_meta(page.meta)
        if page.is_homepage:
            markdown = self.build.home_page(markdown, page.file.src_uri)
        return self.settings.convert(markdown)

    def on_page_content(self, page_html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.build is not None and self.env is not None
        env = self.env
        return self.build.page_html(page_html, page.file.src_uri, page.file.abs_src_path, page.url, lambda name, **v: env.get_template(f"healthboard/{name}.html").render(**v))

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: object) -> dict:
        assert self.build is not None
        context["hb_own_page"] = page.file.src_uri in self.build.own_pages  # the hotline footer's condition
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        assert self.build is not None
        return self.build.post_page(output, page.file.src_uri)

    @event_priority(-200)  # after search, offline and every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        b, s = self.build, self.settings
        assert b is not None
        with user_errors():
            print_warnings = b.write_print(Path(config.site_dir))  # laid out meanwhile, on a thread of their own
        for warning in print_warnings if not s.is_variant else []:
            log.warning(str(warning))
        for problem in b.late_warnings + b.third_party.problems(s.docs_dir.name) if not s.is_variant else []:
            log.warning(str(problem))
        if s.variant and not s.is_variant and self.command == "build":
            self._build_variant(config, Path(config.site_dir) / s.variant.path)
        if config.strict and strict_warnings():
            # MkDocs would stop the run only after this event: with the site swapped in, the printed
            # URLs recorded and the cache committed.
            with user_errors():
                raise HealthboardError(Problem("E_STRICT", "严格模式（strict）下构建中有警告（见上方）：构建已停止", "mkdocs.yml", field="strict",
                                               hint="先处理上面列出的警告再构建；若只是想看看结果，去掉命令行的 --strict 或 mkdocs.yml 中的 strict: true"))
        with user_errors():
            b.project.codes().finish()  # before the cache is committed: the codes encoded in the background go in
            b.finish(Path(config.site_dir), serving=self.command == "serve")
        if self.final_site_dir:
            swap_in(Path(self.final_site_dir), Path(config.site_dir))
            config.site_dir, self.final_site_dir = self.final_site_dir, None
        if not s.is_variant:
            b.project.cache().commit()  # only now: a failed run leaves the cache as it was

    def _build_variant(self, config: MkDocsConfig, target: Path) -> None:
        """The 繁體 copy: built in this process with the same command and drafts, sharing this run's cache."""
        def prepare(plugin: HealthboardPlugin) -> None:
            plugin.parent, plugin.command, plugin.config.show_drafts = self, "build", self.config.show_drafts
            plugin.config.allow_stale_reviews = self.config.allow_stale_reviews
        copy = build_copy(config, target, prepare)  # type: ignore[arg-type]
        self.build.printed_urls += copy.build.printed_urls  # type: ignore[union-attr, attr-defined]  # recorded with the main build's

    def on_build_error(self, *, error: Exception) -> None:
        if self.build:
            self.build.settle_print()
            self.build.project.codes().abandon()
        if self.build and not self.settings.is_variant:
            self.build.project.cache().discard()
        if self.final_site_dir:
            shutil.rmtree(self.final_site_dir.rstrip("/\\") + ".building", ignore_errors=True)
            self.final_site_dir = None
