"""MkDocs plugin: a thin switchboard from MkDocs events to healthboard's plain modules."""
from __future__ import annotations

import html
import json
import logging
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from tqdm import tqdm

from . import links, pages, sanitize
from .calendar import load_health_days, today, upcoming
from .config import HealthboardConfig, chinese_problems
from .content.model import Article, Content
from .errors import HealthboardError, Problem
from .feed import atom_feed
from .fonts import check_cjk_font
from .host import ThirdParty, override_problems, third_party_problem, third_party_requests
from .led import load_slogans, scroll_page
from .ledger import board_statuses, ledger_csv, ledger_xlsx
from .pdf.shop import SIDECAR, PdfOptions, make_pdfs
from .pdf.shop import plan as plan_pdfs
from .poster.output import build_print, layout_count
from .project import PENDING_ENV, Project, check_site_url, check_theme_font, previous_site_urls
from .qr import qr_svg
from .variant import ENV as VARIANT_ENV
from .variant import Variant, building_variant

log = logging.getLogger("mkdocs.plugins.healthboard")
THEME_DIR = Path(__file__).parent / "theme"
CSS_URI = "assets/healthboard/healthboard.css"
JS_URI = "assets/healthboard/healthboard.js"
SHIM_URI = "assets/healthboard/iframe-worker-shim.js"
PDF_DIR = "print/pdf"
VARIANT_URLS = ".healthboard-printed-urls.json"  # what the 繁體 sub-build would print, handed to its parent
REQUIRED_EXTENSIONS = ("tables", "attr_list", "admonition")
ESCAPED_META = ("title", "description", "subtitle")


def _offline_enabled(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.get("enabled", True))


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
        self.command: str | None = None
        self.final_site_dir: str | None = None
        self.staging_dir: str | None = None
        self.qr_count = 0
        self.own_pages: set[str] = set()
        self._user_files: dict[str, File] = {}  # staff's own files by source and output path
        self._conflicts: list[Problem] = []
        self.third_party: dict[tuple[str, str], list[str]] = {}  # (url, kind) -> pages loading it

    def load_config(self, options: dict, config_file_path: str | None = None) -> tuple[ConfigErrors, ConfigWarnings]:
        return chinese_problems(*super().load_config(options, config_file_path))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        with user_errors():
            self.site_url = check_site_url(config.site_url)
            self.previous_site_urls = previous_site_urls(self.config.previous_site_urls)
            check_theme_font(config.theme.get("font"))
        self.variant = Variant.from_settings(self.config.traditional)
        self.is_variant = self.variant is not None and building_variant()
        if self.is_variant:
            # This is the second build: everything in 繁體, under its own path, with its own search.
            self.site_url += self.variant.path
            config.theme["language"] = "zh-Hant"
            config.site_name = self.variant.convert(config.site_name)
            config.nav = self.variant.convert_tree(config.nav)
            config.copyright = self.variant.convert(config.copyright or "") or None
        config.site_url = self.site_url
        self.project = Project(self.config, self.site_url, Path(config.config_file_path or ".").resolve().parent, Path(config.docs_dir))
        config.extra["healthboard"] = {
            "district": self.config.district, "unit": self.config.unit, "wechat": self.config.wechat,
            "hotlines": [{"name": h.name, "number": h.number} for h in self.project.hotlines],
            "feed": f"{self.config.updates_dir}/feed.xml", "hotline_footer": self.config.hotline_footer,
        }
        if self.variant:
            back = "../" * self.variant.path.count("/")
            config.extra["healthboard"]["variant"] = (
                {"prefix": back, "label": "简体", "lang": "zh-Hans"} if self.is_variant
                else {"prefix": self.variant.path, "label": "繁體", "lang": "zh-Hant"}
            )
            if self.is_variant:
                config.extra["healthboard"] = self.variant.convert_tree(config.extra["healthboard"]) | {"variant": config.extra["healthboard"]["variant"]}
        # Package templates rank below overrides/ (custom_dir) but above the theme itself.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if not self.is_variant:
            custom = config.theme.custom_dir
            shown = Path(custom).name if custom else ""
            for problem in override_problems(Path(custom) if custom else None, shown):
                log.warning(str(problem))
        for extension in REQUIRED_EXTENSIONS:  # the generated pages use them
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.extra_css.append(CSS_URI)
        self.offline = _offline_enabled(config)
        if self.offline:
            # mkdocs-material's offline plugin would add this shim from a CDN unless one is listed.
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM_URI]
        if self.command == "build":
            # Build into a sibling folder and swap at the end: a failed build leaves site/ as it was.
            self.final_site_dir = config.site_dir
            self.staging_dir = config.site_dir = config.site_dir.rstrip("/\\") + ".building"
            shutil.rmtree(self.staging_dir, ignore_errors=True)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        with user_errors():
            self.content = content = self.project.load_content()
            for warning in content.warnings if not self.is_variant else []:
                log.warning(str(warning))
            self.qr_count = 0
            self.as_of = today()
            self.health_days = upcoming(load_health_days(), self.as_of, 365)
            self._drop_unpublished(files, config, content)
            self._user_files = {key: f for f in files for key in (f.src_uri, f.dest_uri)}
            self._conflicts: list[Problem] = []
            self._add_pages(files, config, content)
            self._add_short_links(files, config, content)
            self._add_print(files, config, content)
            self._add_led(files, config, content)
            self._add_downloads(files, config, content)
            self._add_assets(files, config)
            if self._conflicts:
                raise HealthboardError(self._conflicts)
        self.env = self._template_env(config)
        return files

    def _add(self, files: Files, config: MkDocsConfig, uri: str, data: str | bytes) -> File:
        return self._place(files, config, File.generated(config, uri, content=self._text(data) if isinstance(data, str) else data))

    def _place(self, files: Files, config: MkDocsConfig, file: File) -> File:
        """A generated file joins the site unless staff wrote a page that lands at the same address."""
        mine = self._user_files.get(file.dest_uri) or self._user_files.get(file.src_uri)
        if mine is not None:
            self._conflicts.append(Problem("E_RESERVED_PATH", f"这个文件会占用 healthboard 自动生成的页面 {file.dest_uri}", f"{Path(config.docs_dir).name}/{mine.src_uri}", hint="删除或改名这个文件"))
        else:
            files.append(file)
        return file

    def _drop_unpublished(self, files: Files, config: MkDocsConfig, content: Content) -> None:
        """Data files never go out; drafts only when asked for. Both should also be kept out by
        MkDocs' own exclude_docs / draft_docs, so a build without healthboard (another engine, a
        plugin left out) publishes neither: staff are warned where they are not."""
        shown = {a.src_uri for a in content.articles.values() if self.config.show_drafts or not a.is_draft}
        self.articles_by_src = {a.src_uri: a for a in content.articles.values() if a.src_uri in shown}
        articles = {a.src_uri: a for a in content.articles.values()}
        data_prefix = self.config.data_dir.strip("/") + "/"
        docs = Path(config.docs_dir).name
        problems, data_public = [], False
        for file in list(files):
            article = articles.get(file.src_uri)
            protected = file.inclusion.is_excluded()
            if file.src_uri.startswith(data_prefix):
                data_public = data_public or not protected
                files.remove(file)
            elif article is not None and article.is_draft:
                if not protected and not self.is_variant:
                    log.warning(str(Problem("W_DRAFT_PUBLIC", "草稿不在 mkdocs.yml 的 draft_docs 范围内：不带 healthboard 构建（或换用其他引擎）时会被公开",
                                            f"{docs}/{file.src_uri}", hint="把草稿放进 articles/drafts/（示例 mkdocs.yml 的 draft_docs 已包含这个目录），审核后再移出")))
                if file.src_uri in shown:
                    file.inclusion = InclusionLevel.NOT_IN_NAV  # a preview of drafts shows them even inside draft_docs
                else:
                    files.remove(file)
            elif article is not None and protected:
                problems.append(Problem("E_APPROVED_EXCLUDED", "这篇文章已审核（approved），但文件在 draft_docs 或 exclude_docs 范围内，网站上不会有它，二维码会打不开",
                                        f"{docs}/{file.src_uri}", hint="把文件移出 articles/drafts/（或改 mkdocs.yml 的 draft_docs）"))
        if problems:
            raise HealthboardError(problems)
        if data_public and not self.is_variant:
            log.warning(str(Problem("W_DATA_PUBLIC", f"{docs}/{data_prefix} 不在 mkdocs.yml 的 exclude_docs 中：不带 healthboard 构建（或换用其他引擎）时，登记表中的电话和张贴人会被公开",
                                    "mkdocs.yml", field="exclude_docs", hint=f"在 mkdocs.yml 中写 exclude_docs: |\n  {data_prefix}")))

    def _add_pages(self, files: Files, config: MkDocsConfig, content: Content) -> None:
        generated = pages.site_pages(content, self.config.updates_dir, self._with_updates(content))
        if content.boards:
            statuses = board_statuses(content, self.as_of, self.config.cadence_days)
            generated += pages.ledger_pages(content, statuses, self.as_of, self.config.cadence_days)
        generated.append(pages.calendar_page(self.health_days, self.as_of))
        self.own_pages = {page.src_uri for page in generated} | set(self.articles_by_src) | {u.src_uri for u in content.updates}
        for page in generated:
            file = File.generated(config, page.src_uri, content=page.markdown)
            if page.src_uri.startswith("ledger/"):
                file.inclusion = InclusionLevel.NOT_IN_NAV  # for inspectors and staff, not residents
            self._place(files, config, file)

    def _with_updates(self, content: Content) -> bool:
        return bool(content.updates) or (self.project.docs_dir / self.config.updates_dir).is_dir()

    def _add_short_links(self, files: Files, config: MkDocsConfig, content: Content) -> None:
        for article_id, target in self._short_links(content).items():
            page_url = files.get_file_from_path(target.src_uri).url
            here = links.short_path(article_id)
            html = links.redirect_page(links.relative_url(here, page_url), target.title, self.site_url + page_url, config.site_name)
            self._add(files, config, here + "index.html", html)

    def _add_print(self, files: Files, config: MkDocsConfig, content: Content) -> None:
        self.printed_urls, self.pdf_jobs = [], []
        if not self.config.print.enabled or not content.boards:
            return
        check_cjk_font()  # board layout is measured in WeasyPrint, which crashes without fonts
        p = self.project
        if self.config.print.pdf and self.command == "build" and not self.is_variant:
            self.pdf_jobs = [job for e in content.editions for job in plan_pdfs(content, p.producer(), p.print_settings(bleed_mm=3.0), PdfOptions(), p.docs_dir, p.cache(), edition=e.number)]
        pdfs: dict[int, list[str]] = {}
        for job in self.pdf_jobs:
            pdfs.setdefault(job.edition, []).extend(f"{PDF_DIR}/{rel}" for rel in job.outputs)
        variant = self.variant.path if self.variant and not self.is_variant else None
        # Laying out boards takes a while the first time: show it in a terminal (not in logs or CI).
        quiet = not sys.stderr.isatty()
        codes = sum(len(e.articles) * len(content.boards_of(e)) for e in content.editions)
        with tqdm(total=layout_count(content), desc="排版宣传栏", unit="版", file=sys.stderr, disable=quiet, leave=False) as layouts, \
                tqdm(total=codes, desc="生成二维码", unit="个", file=sys.stderr, disable=quiet, leave=False) as qr:
            output = build_print(content, p.producer(), p.print_settings(), p.docs_dir, p.cache(), pdfs, variant, progress=layouts.update,
                                 directory_urls=config.use_directory_urls, convert=self._text, code_progress=qr.update)
        for uri, data in output.files.items():
            self._add(files, config, uri, data)
        self.printed_urls = output.printed_urls
        if not self.is_variant:  # the 繁體 copy would only repeat them
            for warning in output.warnings:
                log.warning(str(warning))

    def _add_led(self, files: Files, config: MkDocsConfig, content: Content) -> None:
        if not content.boards:
            return
        slogans = load_slogans(self.project.slogans_file, f"{Path(config.docs_dir).name}/{self.config.data_dir}/slogans.yml", content)
        latest = content.latest_edition.number if content.latest_edition else None
        self._add(files, config, "led/index.html", scroll_page(f"{self.config.district}健康宣传标语", slogans.for_edition(latest)))
        for e in content.editions:
            self._add(files, config, f"led/{e.number}/index.html", scroll_page(f"{self.config.district}健康宣传标语 · {e.label}", slogans.for_edition(e.number)))

    def _add_downloads(self, files: Files, config: MkDocsConfig, content: Content) -> None:
        """The ledger as XLSX and CSV, and the updates as an Atom feed."""
        cadence = self.config.cadence_days
        if content.boards:
            self._add(files, config, "ledger/ledger.xlsx", ledger_xlsx(content, self.as_of, cadence, f"{self.config.district}健康教育宣传栏台账"))
            self._add(files, config, "ledger/ledger.csv", ledger_csv(content, self.as_of, cadence))
        if not self._with_updates(content):
            return
        feed_url = self.site_url + f"{self.config.updates_dir}/feed.xml"
        entries = [(u, self.site_url + files.get_file_from_path(u.src_uri).url) for u in content.updates]
        author = self.config.unit or self.config.district
        self._add(files, config, f"{self.config.updates_dir}/feed.xml", atom_feed(f"{config.site_name} · 工作动态", self.site_url, feed_url, author, entries))

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        assets = {CSS_URI: "healthboard.css", JS_URI: "healthboard.js"} | ({SHIM_URI: "vendor/iframe-worker-shim.js"} if self.offline else {})
        for uri, name in assets.items():
            self._place(files, config, File.generated(config, uri, abs_src_path=str(THEME_DIR / "assets" / name)))

    def _short_links(self, content: Content) -> dict[str, Article]:
        """Every published article's id, plus retired ids redirected to a live article."""
        live = {a.id: a for a in self.articles_by_src.values()}
        problems = []
        for old, new in self.config.redirects.items():
            if old in live:
                problems.append(Problem("E_DUPLICATE_ID", "healthboard.redirects 中的旧 id 仍是一篇现有文章的 id", "mkdocs.yml", field=f"redirects.{old}", value=old, hint="只为已删除的文章写转向"))
            elif new not in live:
                problems.append(Problem("E_UNKNOWN_ARTICLE", "转向的目标文章不存在或未发布", "mkdocs.yml", field=f"redirects.{old}", value=new))
        if problems:
            raise HealthboardError(problems)
        return live | {old: live[new] for old, new in self.config.redirects.items()}

    def _template_env(self, config: MkDocsConfig) -> Environment:
        env = config.theme.get_env()
        env.filters["cn_date"] = pages.cn_date
        return env

    def _text(self, text: str) -> str:
        return self.variant.convert(text) if self.is_variant else text

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # The theme prints these front matter values as HTML (MkDocs' page.title is HTML): escape them.
        for key in ESCAPED_META:
            if isinstance(page.meta.get(key), str):
                page.meta[key] = html.escape(page.meta[key])
        if page.is_homepage:
            markdown += "\n" + pages.home_sections(self.content, page.file.src_uri, self.config.updates_dir, self.health_days)
        if self.is_variant and page.meta.get("title"):
            page.meta["title"] = self.variant.convert(str(page.meta["title"]))
        return self._text(markdown)

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: object) -> dict:
        context["hb_own_page"] = page.file.src_uri in self.own_pages  # the hotline footer's condition
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        for item in third_party_requests(output, urlsplit(self.site_url).hostname or ""):
            self.third_party.setdefault((item.url, item.kind), []).append(page.file.src_uri)
        return self._text(output)  # the theme's own words, nav and footer too

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        html = self._sanitized(html, page, config)
        article = self.articles_by_src.get(page.file.src_uri)
        if article is None:
            return html
        url = links.short_url(self.site_url, article.id)
        meta = self.env.get_template("healthboard/article-meta.html").render(
            article=article, short_url=url, qr_svg=qr_svg(url, error=self.config.qr_error_correction, label=f"二维码：{article.title}"),
        )
        self.qr_count += 1
        banner = self.env.get_template("healthboard/draft-banner.html").render() if article.is_draft else ""
        return self._text(banner + html + meta)

    def _sanitized(self, page_html: str, page: Page, config: MkDocsConfig) -> str:
        """Every page's HTML cleaned (staff paste from Word and WeChat); what mattered is named."""
        removed = sanitize.removed_items(page_html)
        if removed and not self.is_variant:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig", errors="replace") if page.file.abs_src_path else ""
            shown = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
            log.warning(str(Problem("W_HTML_REMOVED", "页面中有不安全的内容，已删除：" + "、".join(r.what for r in removed), shown,
                                    sanitize.line_in(source, removed[0].needle), hint="从 Word 或微信粘贴时请只粘贴文字；需要图片请用 Markdown 的 ![说明](图片路径)")))
        return sanitize.clean(page_html)

    @event_priority(-200)  # after search, offline and every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.is_variant:
            docs = Path(config.docs_dir).name
            for (url, kind), where in self.third_party.items():
                log.warning(str(third_party_problem(ThirdParty(url, kind), f"{docs}/{where[0]}", len(where))))
        self.third_party = {}
        manifest = self.project.manifest
        if self.variant and not self.is_variant and self.command == "build":
            self._build_variant(config)
        # `mkdocs serve` swaps site_url for its local address; printed URLs are then checked by path.
        # The 繁體 build is checked by the main build, which holds both.
        # A preview (`mkdocs serve`) does not build the 繁體 copy, so its URLs wait for the real build.
        serving = self.command == "serve"
        skip = self.site_url + self.variant.path if serving and self.variant else None
        with user_errors():
            problems = [] if self.is_variant else links.check_manifest(
                manifest, self.config.manifest, Path(config.site_dir), self.site_url, ignore_host=serving, skip_under=skip, previous=self.previous_site_urls)
            if problems:
                raise HealthboardError(problems)
            if self.pdf_jobs:
                make_pdfs(self.pdf_jobs, Path(config.site_dir) / PDF_DIR, self.project.cache())
                (Path(config.site_dir) / PDF_DIR / SIDECAR).unlink(missing_ok=True)
        if self.is_variant:
            # The parent run records these with its own once everything has succeeded.
            (Path(config.site_dir) / VARIANT_URLS).write_text(json.dumps(self.printed_urls), encoding="utf-8")
        elif self.command == "build" and self.printed_urls:
            # Whatever a build could print is on record, so later builds refuse to break it.
            links.append_manifest(manifest, self.printed_urls, comment=f"{today().isoformat()} 构建")
        if self.final_site_dir:
            self._swap_in(config)
        self.project.cache().commit()  # only now: a failed run leaves the cache as it was

    def _build_variant(self, config: MkDocsConfig) -> None:
        """The 繁體 copy, built by a second process (MkDocs shares plugin instances within one)."""
        target = Path(config.site_dir) / self.variant.path
        command = [sys.executable, "-m", "healthboard.cli", "build", "-f", str(config.config_file_path), "-d", str(target)]
        if self.config.show_drafts:
            command.append("--drafts")
        pending = self.project.cache().pending
        env = {**os.environ, VARIANT_ENV: "1"} | ({PENDING_ENV: str(pending)} if pending else {})
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise PluginError(f"繁體版构建失败：\n{done.stderr.strip()}")
        urls = target / VARIANT_URLS
        if urls.is_file():
            self.printed_urls = [*self.printed_urls, *json.loads(urls.read_text(encoding="utf-8"))]
            urls.unlink()

    def _swap_in(self, config: MkDocsConfig) -> None:
        final, staging = Path(self.final_site_dir), Path(config.site_dir)
        old = final.with_name(final.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        staging.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        config.site_dir = str(final)
        self.final_site_dir = self.staging_dir = None

    def on_build_error(self, *, error: Exception) -> None:
        if hasattr(self, "project"):
            self.project.cache().discard()
        if self.staging_dir:
            shutil.rmtree(self.staging_dir, ignore_errors=True)
