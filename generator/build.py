"""One site build, without MkDocs: from settings and content to every file healthboard adds (pages,
short links, print pages, LED pages, downloads), the URLs it would print, the PDF jobs, and the
checks at the end. The plugin hands MkDocs' events here; the CLI uses the same pieces."""
from __future__ import annotations

import html
import os
import shutil
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from tqdm import tqdm

from . import links, pages, sanitize, search
from .calendar import Occurrence, load_health_days, upcoming
from .content.model import Article, Content
from .content.yamlfile import parsed_kept_in
from .errors import HealthboardError, Problem, line_in, source_text
from .feed import atom_feed
from .fonts import check_cjk_font
from .host import ThirdPartyLog
from .led import load_slogans, scroll_page
from .ledger import Sheet, board_statuses, ledger_csv, ledger_sheets, workbook, workbook_key
from .offload import Offload
from .pdf.shop import SIDECAR, Job, PdfOptions, make_pdfs
from .pdf.shop import plan as plan_pdfs
from .poster.output import build_print, layout_count
from .project import Project
from .scanreport import load_summary, xlsx_sheets
from .reviews import REVIEW_HINT, StaleReview, held_editions, hold_problems
from .scans import ScanSummary
from .settings import Settings

PDF_DIR = "print/pdf"
THEME_DIR = Path(__file__).parent / "theme"
CSS_URI = "assets/healthboard/healthboard.css"
ASSETS = {CSS_URI: "healthboard.css", "assets/healthboard/healthboard.js": "healthboard.js"}
SHIM = {"assets/healthboard/iframe-worker-shim.js": "vendor/iframe-worker-shim.js"}  # else material/offline takes it from a CDN
ESCAPED_META = ("title", "description", "subtitle")  # front matter the theme prints as HTML
# An article's sources, share block and code go into the written page (post_page), not its content: the
# theme's search would parse and index them for every article (twice the sections, four times the tags).
META_SLOT = "<!--hb-article-meta-->"
CODE_SLOT = "<!--hb-article-code-->"  # filled as late as that: codes are encoded in the background meanwhile


@dataclass(frozen=True)
class Generated:
    """A file the build adds to the site."""

    uri: str  # inside the site: "topics/index.md" (a page MkDocs renders) or "q/x/index.html" (copied as is)
    content: str | bytes | Path  # a Path: a cache file with the content (print pages), linked into the site
    staff_only: bool = False  # ledger pages: out of residents' navigation and search


@dataclass(frozen=True)
class PrintFiles:
    """What laying out the print pages made."""

    files: list[Generated] = field(default_factory=list)
    printed_urls: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    pdf_jobs: list[Job] = field(default_factory=list)


class Background:
    """A call run on a thread of its own; result() waits for it and raises what it raised. A daemon
    thread: an interrupted build (Ctrl+C) does not wait for it to end."""

    def __init__(self, call: Callable[[], PrintFiles]) -> None:
        self._value: PrintFiles | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(call,), name="healthboard-print", daemon=True)
        self._thread.start()

    def _run(self, call: Callable[[], PrintFiles]) -> None:
        try:
            self._value = call()
        except BaseException as e:  # handed to the build's own thread by result()
            self._error = e

    def result(self) -> PrintFiles:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


def _conflicts(generated: list[Generated], mine: dict[str, SiteFile], dest_of: Callable[[str], str], docs: str) -> list[Problem]:
    """The site's own files that would take the place of a file healthboard makes."""
    return [Problem("E_RESERVED_PATH", f"这个文件会占用 healthboard 自动生成的页面 {dest_of(g.uri)}", f"{docs}/{f.src_uri}", hint="删除或改名这个文件")
            for g in generated if (f := mine.get(dest_of(g.uri)) or mine.get(g.uri))]


@dataclass(frozen=True)
class SiteFile:
    """One of the site's own files, as the engine found it."""

    src_uri: str  # "articles/rabies.md"
    dest_uri: str  # "articles/rabies/index.html"
    excluded: bool  # kept out by the engine's own exclude_docs/draft_docs


@dataclass
class FileChanges:
    """What the build does to the site's files."""

    drop: set[str]  # src_uris to take out: data, drafts not shown
    shown_drafts: set[str]  # drafts previewed (`--drafts`) although draft_docs covers them
    add: list[Generated]


@dataclass(frozen=True)
class BuildSummary:
    settings: Settings
    content: Content
    article_codes: int
    printed_urls: list[str]


@dataclass
class SiteBuild:
    """The state of one build of the site (or of its 繁體 copy), filled in MkDocs' event order."""

    project: Project
    pdfs: bool = False  # print-shop PDFs into the site (`print.pdf` during `mkdocs build`)
    content: Content | None = None
    published: dict[str, Article] = field(default_factory=dict)  # by src_uri
    own_pages: set[str] = field(default_factory=set)  # where the hotline footer goes by default
    html_parts: dict[str, dict[str, str]] = field(default_factory=dict)  # generated pages' HTML, put in after conversion
    _article_meta: dict[str, str] = field(default_factory=dict)  # by src_uri, until the page is written (META_SLOT)
    _printing: Background | None = None  # the print pages being laid out (write_print)
    _offloads: list[Offload] = field(default_factory=list)  # files other processes write meanwhile (files_ready)
    _reserved: Callable[[list[Generated]], list[Problem]] = lambda generated: []  # the site's files in their way
    printed_urls: list[str] = field(default_factory=list)
    pdf_jobs: list[Job] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    health_days: list[Occurrence] = field(default_factory=list)
    article_codes: int = 0  # codes drawn on article pages
    late_warnings: list[Problem] = field(default_factory=list)  # found while pages are written
    third_party: ThirdPartyLog = field(default_factory=lambda: ThirdPartyLog(""))
    scans: ScanSummary | None = None  # saved by `healthboard scans --site`
    stale: list[StaleReview] = field(default_factory=list)  # approved articles whose review is too old
    keep_segments: bool = True  # search.SEGMENTS: False where the theme's search has a jieba dictionary of its own

    def __post_init__(self) -> None:
        self.third_party = ThirdPartyLog(urlsplit(self.settings.site_url).hostname or "")

    @property
    def settings(self) -> Settings:
        return self.project.settings

    def load(self) -> Content:
        s = self.settings
        with parsed_kept_in(self.project.cache()):  # this run commits its cache (or discards it)
            self.content = content = self.project.load_content()
        self.warnings += content.warnings
        self.published = {a.src_uri: a for a in content.articles.values() if s.show_drafts or not a.is_draft}
        self.health_days = upcoming(load_health_days(), s.today, 365)
        self.stale = s.stale_reviews(content)
        if not s.is_variant:  # the copy's warnings would repeat the same articles
            self.warnings += [r.problem("W_REVIEW_STALE", s.review_max_age_days, REVIEW_HINT + "；过期期间，含这篇文章的各期不生成打印页（确需照印：healthboard build --allow-stale）") for r in self.stale]
        self.scans = load_summary(s.layout.scans_file, f"{s.docs_dir.name}/{s.data_dir}/{s.layout.scans_file.name}")
        # Article codes from the cache of earlier builds, or encoded by other processes while this one lays
        # out the boards and converts the pages (each page waits for its own code only; finish() for the rest).
        self.project.codes().warm_up((links.short_url(s.site_url, a.id) for a in self.published.values()), s.qr_error, wait=False)
        return content

    def file_changes(self, found: list[SiteFile], url_of: Callable[[str], str], dest_of: Callable[[str], str],
                     directory_urls: bool = True, offline: bool = False) -> FileChanges:
        """Loads the content, then says which of the site's files go and which healthboard adds.
        `url_of(src_uri)` is a page's URL, `dest_of(uri)` where the engine writes a file."""
        self.load()
        drop, errors, warnings = exclusion_problems(self, [(f.src_uri, f.excluded) for f in found])
        if errors:
            raise HealthboardError(errors)
        self.warnings[:0] = warnings
        assets = [Generated(uri, minified(THEME_DIR / "assets" / name)) for uri, name in (ASSETS | (SHIM if offline else {})).items()]
        add = [*self.pages(directory_urls), *self.short_links(url_of), *self.led_files(), *self.downloads(url_of), *assets]
        mine = {key: f for f in found if f.src_uri not in drop for key in (f.src_uri, f.dest_uri)}
        self._reserved = lambda generated: _conflicts(generated, mine, dest_of, self.settings.docs_dir.name)
        if conflicts := self._reserved(add):
            raise HealthboardError(conflicts)
        # The print pages are laid out on a thread of their own while MkDocs converts and writes the
        # pages (their measuring runs in worker processes); write_print() collects them at the end.
        self._printing = Background(lambda: self.print_files(directory_urls))
        # Before the theme's search segments the first page (the 繁體 copy shares the main build's).
        if not self.settings.is_variant:
            if self.keep_segments:
                search.SEGMENTS.begin(self.project.cache())
            else:
                search.SEGMENTS.off()
        return FileChanges(drop, {f.src_uri for f in found if f.excluded and f.src_uri in self.published}, add)

    def write_print(self, site_dir: Path) -> list[Problem]:
        """The print pages, indexes and previews written into the site once laid out (raising what their
        layout raised); their printed URLs and PDF jobs join the build's. Returns their warnings."""
        if self._printing is None:
            return []
        made, self._printing = self._printing.result(), None
        if conflicts := self._reserved(made.files):
            raise HealthboardError(conflicts)
        for g in made.files:
            target = site_dir / g.uri
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(g.content, Path):
                _link_or_copy(g.content, target)
            else:
                target.write_bytes(g.content if isinstance(g.content, bytes) else g.content.encode("utf-8"))
        self.printed_urls, self.pdf_jobs = made.printed_urls, made.pdf_jobs
        self.warnings += made.warnings
        return made.warnings

    def settle_print(self) -> None:
        """A failed build: waits for its print work (and its files other processes write) to end, their
        results unused, so that nothing they put in the cache comes after its new entries are discarded."""
        if self._printing is not None:
            try:
                self._printing.result()
            except Exception:  # noqa: BLE001 - the build has already failed for another reason
                pass
            self._printing = None
        for offload in self._offloads:
            offload.abandon()
        self._offloads = []

    def check_addresses(self, markdown: str, src_uri: str, abs_src_path: str | None) -> None:
        """A page's addresses MkDocs could not read stop the build at their line, not with its traceback."""
        if not (bad := links.unreadable_urls(markdown)):
            return
        source = source_text(abs_src_path) if abs_src_path else markdown
        shown = f"{self.settings.docs_dir.name}/{src_uri}"
        raise HealthboardError([Problem("E_BAD_URL", "链接或图片的地址无法识别", shown, line_in(source, url), value=url,
                                        hint="网址里不能有全角符号（／：？＝）和方括号，请改成半角或重新复制网址，写成 [文字](https://…)")
                                for url in dict.fromkeys(bad)])

    def page_html(self, page_html: str, src_uri: str, abs_src_path: str | None, page_url: str, render: Callable[..., str]) -> str:
        """A page's HTML sanitised (what was removed is reported once the build ends), and an article's
        with the draft banner before it and a slot after it for its sources, short link and code.
        `render(name, **values)` renders one of the theme's `healthboard/` templates."""
        s = self.settings
        own_host = self.third_party.own_host
        if not s.is_variant:
            shown = f"{s.docs_dir.name}/{src_uri}"
            self.late_warnings += [p for p in (sanitize.removed_problem(page_html, abs_src_path, shown),
                                               sanitize.remote_image_problem(page_html, abs_src_path, shown, own_host)) if p]
        # A generated page's HTML parts (pages.html) are ours, every value in them escaped: put in after cleaning.
        body = pages.fill(sanitize.clean(page_html, own_host), {k: s.convert(v) for k, v in self.html_parts.get(src_uri, {}).items()})
        if (article := self.published.get(src_uri)) is None:
            return body
        url = links.short_url(s.site_url, article.id)
        editions = links.relative_url(page_url, "editions/") if self._content.boards else ""
        self._article_meta[src_uri] = render("article-meta", article=article, short_url=url, qr_svg=CODE_SLOT, editions_base=editions)
        self.article_codes += 1
        return (s.convert(render("draft-banner")) if article.is_draft else "") + body + META_SLOT

    def post_page(self, output: str, src_uri: str) -> str:
        """A written page with its article's sources, short link and code put in, what it loads from other
        hosts noted, all of it (the theme's words too) converted."""
        if (meta := self._article_meta.pop(src_uri, None)) is not None:
            s, article = self.settings, self.published[src_uri]
            code = self.project.codes().svg(links.short_url(s.site_url, article.id), error=s.qr_error, label=f"二维码：{article.title}")
            output = output.replace(META_SLOT, meta.replace(CODE_SLOT, code, 1), 1)
        self.third_party.read(output, src_uri)
        return self.settings.convert(output)

    def escape_meta(self, meta: dict[str, object]) -> None:
        """Front matter the theme prints as HTML (MkDocs' page.title is HTML) is escaped first."""
        for key in ESCAPED_META:
            if isinstance(value := meta.get(key), str):
                meta[key] = self.settings.convert(html.escape(value))

    @property
    def with_updates(self) -> bool:
        return bool(self.content and self.content.updates) or (self.settings.docs_dir / self.settings.updates_dir).is_dir()

    def pages(self, directory_urls: bool = True) -> list[Generated]:
        """Topic pages, the edition archive, the updates list, the ledger, the calendar."""
        content, s = self._content, self.settings
        generated = pages.site_pages(content, s.updates_dir, self.with_updates)
        staff: list[pages.GeneratedPage] = []
        charts: dict[str, str] = {}
        if content.boards:
            staff = pages.ledger_pages(content, board_statuses(content, s.today, s.cadence_days), s.today, s.cadence_days, self.scans is not None,
                                       directory_urls)
            if self.scans is not None:
                scans, charts = pages.scans_page(self.scans, s.print.theme.color)
                staff.append(scans)
        generated += [*staff, pages.calendar_page(self.health_days, s.today)]
        self.own_pages = {p.src_uri for p in generated} | set(self.published) | {u.src_uri for u in content.updates}
        self.html_parts = {p.src_uri: p.html for p in generated if p.html}
        return [Generated(p.src_uri, p.markdown, staff_only=p in staff) for p in generated] + [Generated(uri, svg) for uri, svg in charts.items()]

    def short_links(self, url_of: Callable[[str], str]) -> list[Generated]:
        """`/q/<id>/` for every published article and every retired id; `url_of(src_uri)` is a page's URL."""
        s = self.settings
        out = []
        for article_id, target in self._short_link_targets().items():
            page_url = url_of(target.src_uri)
            here = links.short_path(article_id)
            html = links.redirect_page(links.relative_url(here, page_url), target.title, s.site_url + page_url, s.site_name)
            out.append(Generated(here + "index.html", s.convert(html)))
        return out

    def _short_link_targets(self) -> dict[str, Article]:
        live = {a.id: a for a in self.published.values()}
        problems = []
        config_file = self.settings.project_dir / "mkdocs.yml"
        for old, new in self.settings.redirects.items():
            if old in live:
                problems.append(Problem("E_DUPLICATE_ID", "healthboard.redirects 中的旧 id 仍是一篇现有文章的 id", "mkdocs.yml", _redirect_line(config_file, old), f"redirects.{old}", old, "只为已删除的文章写转向"))
            elif new not in live:
                problems.append(Problem("E_UNKNOWN_ARTICLE", "转向的目标文章不存在或未发布", "mkdocs.yml", _redirect_line(config_file, old), f"redirects.{old}", new))
        if problems:
            raise HealthboardError(problems)
        return live | {old: live[new] for old, new in self.settings.redirects.items()}

    def print_files(self, directory_urls: bool) -> PrintFiles:
        """Board print pages, indexes and previews; PDF jobs when asked for. Runs on its own thread
        (file_changes): reads the build's state, changes none of it."""
        content, s, p = self._content, self.settings, self.project
        if not s.print.enabled or not content.boards:
            return PrintFiles()
        check_cjk_font()  # board layout is measured in WeasyPrint, which crashes without fonts
        held = {} if s.allow_stale_reviews else {n: [str(p) for p in hold_problems(content.edition(n), found, s.review_max_age_days)]
                                                   for n, found in held_editions(content, self.stale).items()}
        jobs: list[Job] = []
        if self.pdfs and not s.is_variant:
            settings = s.print_settings(bleed_mm=3.0)
            jobs = [job for e in content.editions if e.number not in held for job in plan_pdfs(content, s.producer(), settings, PdfOptions(), s.docs_dir, p.cache(), edition=e.number, codes=p.codes())]
        pdfs: dict[int, list[str]] = {}
        for job in jobs:
            pdfs.setdefault(job.edition, []).extend(f"{PDF_DIR}/{rel}" for rel in job.outputs)
        variant = s.variant.path if s.variant and not s.is_variant else None
        # Laying out boards takes a while the first time: show it in a terminal (not in logs or CI).
        quiet = not sys.stderr.isatty()
        codes = sum(len(content.articles_on(e, b)) for e in content.editions for b in content.boards_of(e))
        with tqdm(total=layout_count(content), desc="排版宣传栏", unit="版", file=sys.stderr, disable=quiet, leave=False) as layouts, \
                tqdm(total=codes, desc="生成二维码", unit="个", file=sys.stderr, disable=quiet, leave=False) as qr:
            output = build_print(content, s.producer(), s.print_settings(), s.docs_dir, p.cache(), pdfs, variant, progress=layouts.update,
                                 directory_urls=directory_urls, convert=s.convert, code_progress=qr.update, codes=p.codes(), held=held)
        def converted(data: str | bytes | Path) -> str | bytes | Path:
            if isinstance(data, Path) and s.is_variant:  # the 繁體 copy's text differs from what was cached
                data = data.read_text(encoding="utf-8")
            return s.convert(data) if isinstance(data, str) else data

        files = [Generated(uri, converted(data)) for uri, data in output.files.items()]
        return PrintFiles(files, output.printed_urls, output.warnings, jobs)

    def led_files(self) -> list[Generated]:
        content, s = self._content, self.settings
        if not content.boards:
            return []
        slogans = load_slogans(s.slogans_file, s.slogans_shown, content)
        latest = content.latest_edition.number if content.latest_edition else None
        screens = [("led/index.html", "", latest)] + [(f"led/{e.number}/index.html", f" · {e.label}", e.number) for e in content.editions]
        return [Generated(uri, s.convert(scroll_page(f"{s.district}健康宣传标语{label}", slogans.for_edition(number)))) for uri, label, number in screens]

    def downloads(self, url_of: Callable[[str], str]) -> list[Generated]:
        """The ledger as XLSX and CSV, and the updates as an Atom feed."""
        content, s = self._content, self.settings
        out = []
        if content.boards:
            titles = {a.id: a.title for a in content.articles.values()}
            sheets = xlsx_sheets(self.scans, titles) if self.scans is not None else []
            out.append(Generated("ledger/ledger.xlsx", self._workbook(ledger_sheets(content, s.today, s.cadence_days, sheets), s.ledger_title)))
            out.append(Generated("ledger/ledger.csv", ledger_csv(content, s.today, s.cadence_days)))
        if self.with_updates:
            feed = f"{s.updates_dir}/feed.xml"
            entries = [(u, s.site_url + url_of(u.src_uri)) for u in content.updates]
            out.append(Generated(feed, atom_feed(s.convert(f"{s.site_name} · 工作动态"), s.site_url, s.site_url + feed, s.unit or s.district, entries)))
        return out

    def _workbook(self, sheets: list[Sheet], title: str) -> bytes | Path:
        """The ledger's XLSX: the cache's file, else written into the cache by another process while the
        pages are built (openpyxl's import and the writing took 0.12 s of this process's time in a
        1,000-article site's first build, and 32 MiB); the engine copies it after files_ready()."""
        cache = self.project.cache()
        key = workbook_key(sheets, title)
        if (kept := cache.file(key, ".xlsx")) is not None:
            return kept
        if (target := cache.destination(key, ".xlsx")) is None:
            return workbook(sheets, title)
        self._offloads.append(Offload(workbook, sheets, title, cache))
        return target

    def files_ready(self) -> None:
        """Every file another process writes for the site is written (before the engine copies them)."""
        offloads, self._offloads = self._offloads, []
        for offload in offloads:
            offload.result()

    def home_page(self, markdown: str, home_src_uri: str) -> str:
        """The home page's Markdown with the current edition first (under its title) and the updates and health days last."""
        return pages.home_page(markdown, self._content, home_src_uri, self.settings.updates_dir, self.health_days)

    def finish(self, site_dir: Path, serving: bool = False) -> None:
        """After MkDocs wrote the site: printed URLs checked against it, PDFs drawn, printed URLs recorded. `serving`: `mkdocs
        serve` swaps site_url for its own address, so URLs are checked by path, and it builds no 繁體 copy."""
        s = self.settings
        search.rewrite_index(site_dir / "search")
        if s.is_variant:
            return  # the main build checks and records both
        if self.keep_segments:
            search.SEGMENTS.end(self.project.cache())
        skip = s.site_url + s.variant.path if serving and s.variant else None
        problems = links.check_manifest(s.manifest, s.manifest_name, site_dir, s.site_url, ignore_host=serving, skip_under=skip, previous=list(s.previous_site_urls))
        if problems:
            raise HealthboardError(problems)
        if self.pdf_jobs:
            make_pdfs(self.pdf_jobs, site_dir / PDF_DIR, self.project.cache(), codes=self.project.codes())
            (site_dir / PDF_DIR / SIDECAR).unlink(missing_ok=True)
        # Whatever the build could print goes on record (with the 繁體 copy's), so later builds refuse to break it.
        if self.printed_urls:
            links.append_manifest(self.settings.manifest, self.printed_urls, comment=f"{self.settings.today.isoformat()} 构建")

    @property
    def _content(self) -> Content:
        assert self.content is not None, "load() first"
        return self.content

    def theme_extra(self) -> dict[str, object]:
        """What healthboard's theme templates read from `config.extra.healthboard`."""
        s = self.settings
        extra: dict[str, object] = {
            "district": s.convert(s.district), "unit": s.convert(s.unit), "wechat": s.convert(s.wechat) if s.wechat else s.wechat,
            "hotlines": [{"name": s.convert(h.name), "number": h.number} for h in s.hotlines],
            "feed": f"{s.updates_dir}/feed.xml", "hotline_footer": s.hotline_footer,
            # read-aloud voice: Taiwan or Hong Kong Mandarin for the 繁體 copy, as its OpenCC config says
            "speech_lang": ("zh-HK" if s.variant.opencc == "s2hk" else "zh-TW") if s.is_variant and s.variant else "zh-CN",
        }
        if s.variant:
            back = "../" * s.variant.path.count("/")
            extra["variant"] = ({"prefix": back, "label": "简体", "lang": "zh-Hans"} if s.is_variant
                                else {"prefix": s.variant.path, "label": "繁體", "lang": "zh-Hant"})
        return extra


def minified(path: Path) -> bytes:
    """Our stylesheet and script without comments and spaces (rcssmin, rjsmin): every page loads them on slow phones."""
    import rcssmin
    import rjsmin

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        return rcssmin.cssmin(text).encode("utf-8")
    if path.suffix == ".js" and "vendor" not in path.parts:  # vendored files stay exactly as published
        return rjsmin.jsmin(text).encode("utf-8")
    return text.encode("utf-8")


def exclusion_problems(build: SiteBuild, files: list[tuple[str, bool]]) -> tuple[set[str], list[Problem], list[Problem]]:
    """Which of the site's files (src_uri, kept out by MkDocs' own exclude_docs/draft_docs) to drop, and
    the errors and warnings: data and drafts must also be kept out by MkDocs itself, so a build
    without healthboard (another engine, a plugin left out) publishes neither."""
    s = build.settings
    content = build._content
    articles = {a.src_uri: a for a in content.articles.values()}
    data_prefix = s.data_dir.strip("/") + "/"
    docs = s.docs_dir.name
    drop, errors, warnings = set(), [], []
    data_public = False
    for src_uri, protected in files:
        article = articles.get(src_uri)
        if src_uri.startswith(data_prefix):
            data_public = data_public or not protected
            drop.add(src_uri)
        elif article is not None and article.is_draft:
            if not protected:
                warnings.append(Problem("W_DRAFT_PUBLIC", "草稿不在 mkdocs.yml 的 draft_docs 范围内：不带 healthboard 构建（或换用其他引擎）时会被公开",
                                        f"{docs}/{src_uri}", hint="把草稿放进 articles/drafts/（示例 mkdocs.yml 的 draft_docs 已包含这个目录），审核后再移出"))
            if src_uri not in build.published:
                drop.add(src_uri)
        elif article is not None and protected:
            errors.append(Problem("E_APPROVED_EXCLUDED", "这篇文章已审核（approved），但文件在 draft_docs 或 exclude_docs 范围内，网站上不会有它，二维码会打不开",
                                  f"{docs}/{src_uri}", hint="把文件移出 articles/drafts/（或改 mkdocs.yml 的 draft_docs）"))
    if data_public:
        warnings.append(Problem("W_DATA_PUBLIC", f"{docs}/{data_prefix} 不在 mkdocs.yml 的 exclude_docs 中：不带 healthboard 构建（或换用其他引擎）时，登记表中的电话和张贴人会被公开",
                                "mkdocs.yml", field="exclude_docs", hint=f"在 mkdocs.yml 中写 exclude_docs: |\n  {data_prefix}"))
    return drop, errors, warnings


def _link_or_copy(kept: Path, target: Path) -> None:
    """A cache file into the site: a second name for it where both are on one disk (2,000 print pages
    are not read and written again), else a copy."""
    try:
        os.link(kept, target)
    except OSError:
        shutil.copyfile(kept, target)


def swap_in(final: Path, staging: Path) -> None:
    """The freshly built site replaces the old one in two renames: a failed build never touched it."""
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _redirect_line(config_file: Path, old_id: str) -> int | None:
    """The line of `old_id:` under `redirects:` in mkdocs.yml (MkDocs keeps no line numbers)."""
    try:
        lines = config_file.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return None
    start = next((i for i, text in enumerate(lines) if text.strip().startswith("redirects:")), None)
    if start is None:
        return None
    return next((i + 1 for i, text in enumerate(lines[start + 1:], start + 1) if text.strip().startswith(f"{old_id}:")), None)
