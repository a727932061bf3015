"""The `healthboard` commands that build: the site, the print-shop PDFs, the cache; and what every
command shares (loading the project, reporting errors in Chinese)."""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import shutil
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.utils.yaml import yaml_load
from tqdm import tqdm

from . import links
from .content.loader import parse_date
from .content.model import Content
from .content.yamlfile import yaml_problem
from .errors import BUILD_STOPPED, HealthboardError, Problem
from .mkdocs_log import link_problem
from .pdf.shop import PdfOptions, PdfReport, make_pdfs, plan
from .project import Project, check_mkdocs_yml
from .cache import atomic_write_all
from .review import approval_problems, pack_folder, review_pack
from .reviews import held_editions, hold_problems
from .settings import Settings


_MKDOCS_PREFIX = re.compile(r"^[^\[\n]*?(?=\[E_[A-Z_]+\])", re.M)
# MkDocs' line before a page's build error (ours follow it, naming file and line): said in our message.
_PAGE_FAILED = re.compile(r"Error reading page '[^']*':")


class StderrHandler(logging.Handler):
    """MkDocs' warnings and errors, message only, to whatever stderr is now; counts the warnings.
    Once `docs_dir` is known, its warnings about links are said in Chinese."""

    warnings = 0
    docs_dir: Path | None = None

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.said: set[str] = set()  # the 繁體 copy renders the same pages: each warning once

    def emit(self, record: logging.LogRecord) -> None:
        message = self.format(record)
        if _PAGE_FAILED.fullmatch(message) or message in self.said:
            return
        self.said.add(message)
        warning = record.levelno == logging.WARNING
        self.warnings += warning
        if self.docs_dir and (problem := link_problem(message, self.docs_dir)):
            message = str(problem)
        # "Config value 'plugins': Plugin 'healthboard' option '…': [E_CONFIG] …": the Chinese part says it all.
        message = _MKDOCS_PREFIX.sub("", message)
        print(("警告：" if warning else "") + message, file=sys.stderr)


# What a failed command leaves undone, named in its error message.
STOPPED = {
    "build": BUILD_STOPPED, "serve": "预览未启动", "pdf": "PDF 未生成，原有文件未改动", "check": "检查未完成", "ledger": "台账未导出，原有文件未改动",
    "led": "标语未导出，原有文件未改动", "new": "没有新建文件", "calendar": "无法列出宣传日", "cache": "缓存未改动",
    "scans": "统计未完成，没有写入任何文件", "import": "没有导入任何文件", "wechat": "没有导出文件", "review": "送审材料未生成，原有文件未改动", "nginx": "配置未生成，原有文件未改动",
}


def report_error(error: BaseException, args: argparse.Namespace) -> None:
    stopped = STOPPED.get(getattr(args, "command", ""), BUILD_STOPPED)
    print(error.render(stopped) if isinstance(error, HealthboardError) else str(error), file=sys.stderr)


def crash_log() -> Path:
    """The traceback of an unexpected error goes to a file, never to the screen."""
    import tempfile
    import traceback

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(tempfile.gettempdir()) / f"healthboard-error-{stamp}-{os.getpid()}.log"
    path.write_text(f"healthboard {sys.argv[1:]}\n\n{traceback.format_exc()}", encoding="utf-8")
    return path


def precheck(config_file: str) -> None:
    """Checks MkDocs would otherwise reject with an English message before the plugin can speak."""
    shown = Path(config_file).name
    try:
        with open(config_file, encoding="utf-8-sig") as f:
            raw = yaml_load(f) or {}
    except UnicodeDecodeError:
        raise HealthboardError(Problem("E_NOT_UTF8", "文件不是 UTF-8 编码", shown, hint="用编辑器把文件另存为“UTF-8”编码")) from None
    except ConfigurationError as e:  # MkDocs' loader wraps the YAML error
        if isinstance(e.__context__, yaml.YAMLError):
            raise HealthboardError(yaml_problem(e.__context__, shown)) from None
        raise
    if not isinstance(raw, dict):
        raise HealthboardError(Problem("E_BAD_STRUCTURE", "配置文件应当是“字段: 值”的设置", shown))
    check_mkdocs_yml(raw, {ep.name for ep in entry_points(group="mkdocs.plugins")}, shown)


def add_offline_plugin(config, site_dir: str | None) -> None:
    """A copy for USB sticks and kiosks: file:// links, search without a server, no CDN."""
    from material.plugins.offline.plugin import OfflinePlugin

    offline = OfflinePlugin()
    errors, _ = offline.load_config({"enabled": True})
    if errors:
        raise ConfigurationError(str(errors))
    config.plugins["material/offline"] = offline
    if not site_dir:
        config.site_dir = str(Path(config.site_dir).with_name(Path(config.site_dir).name + "-offline"))


def load_project(config_file: str, today: dt.date | None = None) -> tuple[Project, Content]:
    """The project and its validated content, without building the site."""
    precheck(config_file)
    project = Project(Settings.from_mkdocs(load_config(config_file), today=today))
    return project, project.load_content()


def run_date(args: argparse.Namespace) -> dt.date | None:
    """The day a command runs as: `--today`, else HEALTHBOARD_TODAY or the system date (in Settings)."""
    if not getattr(args, "today", None):
        return None
    if (day := parse_date(args.today)) is None:
        raise HealthboardError(Problem("E_USAGE", "日期应写成 年-月-日，如 2026-03-15", field="--today", value=args.today))
    return day


def project_for(args: argparse.Namespace) -> tuple[Project, Content] | None:
    """Project and content for a command, or None after telling staff what is wrong."""
    try:
        return load_project(args.config_file, run_date(args))
    except (HealthboardError, ConfigurationError, Abort) as e:
        report_error(e, args)
        return None


def mkdocs_stopped(error: Exception, outcome: str) -> None:
    """What MkDocs stopped with (an Abort's reason was logged through the handler already), then what
    that leaves undone."""
    if not isinstance(error, Abort):
        print(error, file=sys.stderr)
    print(outcome, file=sys.stderr, flush=True)


def build_command(args: argparse.Namespace) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.monotonic()
    handler = StderrHandler(logging.WARNING)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    try:
        precheck(args.config_file)
        overrides: dict[str, object] = {"site_dir": args.site_dir} if args.site_dir else {}
        if args.strict:
            overrides["strict"] = True
        config = load_config(args.config_file, **overrides)
        handler.docs_dir = Path(config.docs_dir)
        if args.drafts:
            config.plugins["healthboard"].config.show_drafts = True
        if args.allow_stale:
            config.plugins["healthboard"].config.allow_stale_reviews = True
        if args.offline:
            add_offline_plugin(config, args.site_dir)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except HealthboardError as e:
        report_error(e, args)
        return 1
    except (PluginError, Abort, ConfigurationError) as e:
        mkdocs_stopped(e, "构建失败：原有的网站目录没有改动。")
        return 1
    finally:
        mkdocs_log.removeHandler(handler)
    if args.quiet:
        return 0
    summary = config.plugins["healthboard"].summary()
    content = summary.content
    drafts = sum(a.is_draft for a in content.articles.values())
    print(f"构建完成：{config.site_dir}（用时 {time.monotonic() - started:.1f} 秒）")
    print(f"  文章 {len(content.articles) - drafts} 篇" + (f"，草稿 {drafts} 篇{'（已显示）' if summary.settings.show_drafts else '（未发布）'}" if drafts else ""))
    print(f"  期次 {len(content.editions)} 期，宣传栏 {len(content.boards)} 块，动态 {len(content.updates)} 条")
    print(f"  文章二维码 {summary.article_codes} 个，宣传栏打印页二维码 {len(summary.printed_urls)} 个")
    if summary.printed_urls:
        print(f"  打印宣传栏：用浏览器打开 {Path(config.site_dir) / 'print' / 'index.html'}")
    print(f"  警告 {handler.warnings} 条" + ("（见上方）" if handler.warnings else ""))
    return 0


def pdf_command(args: argparse.Namespace) -> int:
    project: Project | None = None
    try:
        project, content = load_project(args.config_file)
        options = PdfOptions(bleed_mm=args.bleed, marks=not args.no_marks, per_board=not args.no_per_board, workers=args.jobs, tile=args.tile, overlap_mm=args.overlap)
        settings = project.settings.print_settings(bleed_mm=options.bleed_mm, marks=options.marks)
        cache = project.cache()
        variant = project.settings.variant if args.traditional else None
        if args.traditional and variant is None:
            raise HealthboardError(Problem("E_TRADITIONAL_OFF", "网站没有开启繁體版，繁體宣传栏的二维码会打不开", "mkdocs.yml", field="healthboard.traditional.enabled", hint="在 mkdocs.yml 中写 traditional: {enabled: true}，重新构建网站后再生成"))
        refuse_stale(project, content, args.edition, args.allow_stale)
        if project.settings.print.require_approval and (chosen := content.edition(args.edition) if args.edition else content.latest_edition):
            if problems := approval_problems(project, content, chosen):
                raise HealthboardError(problems)
        jobs = plan(content, project.settings.producer(), settings, options, project.settings.docs_dir, cache, args.edition, args.grid, args.board, variant, codes=project.codes())
        out_dir = Path(args.out)
        urls = [spot.url for job in jobs for page in job.codes for spot in page]
        added = 0

        def record() -> None:
            nonlocal added
            added = links.append_manifest(project.settings.manifest, urls, comment=f"{project.settings.today.isoformat()} healthboard pdf")

        with tqdm(total=sum(j.boards for j in jobs), desc="生成 PDF", unit="块", file=sys.stderr, disable=args.quiet) as bar:
            report = make_pdfs(jobs, out_dir, cache, workers=options.workers, progress=bar.update, before_publish=record, codes=project.codes())
        cache.commit()
    except (HealthboardError, ConfigurationError, Abort) as e:
        report_error(e, args)
        return 1
    finally:
        if project is not None:
            project.cache().discard()  # nothing left to drop after a commit
    print(f"完成：{report.boards} 块宣传栏，{len(report.files)} 个 PDF 文件，在 {out_dir}/")
    if added:
        print(f"  {added} 个新网址已记入 {project.settings.manifest_name}（已印出的网址清单，请提交）")
    print(f"  新绘制 {report.rendered} 组，取自缓存 {report.from_cache} 组，未变 {report.unchanged} 组")
    warnings = list(dict.fromkeys(str(w) for job in jobs for w in job.warnings))
    for warning in warnings:
        print(f"警告：{warning}", file=sys.stderr)
    if args.verify:
        return _verify(report, options)
    return 0


def refuse_stale(project: Project, content: Content, number: int | None, allowed: bool) -> None:
    """An edition carrying an article whose review is too old is not printed unless staff say so."""
    edition = content.edition(number) if number is not None else content.latest_edition
    if edition is None or allowed:
        return
    s = project.settings
    if found := held_editions(content, s.stale_reviews(content)).get(edition.number):
        raise HealthboardError(hold_problems(edition, found, s.review_max_age_days))


def _verify(report: PdfReport, options: PdfOptions) -> int:
    """`pdf --verify`: a print shop's preflight, and every code read back by zxing and WeChat's engine."""
    from .pdf.verify import preflight, verify_file, wechat_engine
    wechat = wechat_engine()
    failures = [str(f) for path in report.files for f in verify_file(path, report.codes[path], wechat=wechat)]
    marks = options.marks and options.bleed_mm > 0
    failures += [p for path in report.files if "分块打印" not in path.parts for p in preflight(path, options.bleed_mm, marks)]
    total = sum(len(spots) for pages in report.codes.values() for spots in pages)
    if failures:
        print(f"印前检查发现 {len(failures)} 处问题（共 {len(report.files)} 个文件，{total} 个二维码）：", file=sys.stderr)
        for f in failures:
            print(f"  - {f}", file=sys.stderr)
        return 1
    engines = "zxing 和微信引擎" if wechat is not None else "zxing（未安装微信引擎 opencv-contrib-python-headless）"
    print(f"印前检查通过：{len(report.files)} 个文件的成品尺寸、{options.bleed_mm:g} 毫米出血"
          + ("、裁切线" if marks else "") + f"、字体嵌入、矢量二维码；{total} 个二维码 {engines} 都能识别，网址正确（150 dpi）")
    return 0


def cache_command(args: argparse.Namespace) -> int:
    if (loaded := project_for(args)) is None:
        return 2
    project, _ = loaded
    folder = project.settings.project_dir / project.settings.cache_dir if project.settings.cache_dir else None
    if folder is None or not folder.is_dir():
        print("缓存是空的。")
        return 0
    files = [p for p in folder.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    if args.clear:
        shutil.rmtree(folder)
        print(f"已清空缓存 {folder}（{len(files)} 个文件，{size / 1e6:.1f} MB）：下次构建会重新排版和生成二维码，用时较长。")
    else:
        print(f"缓存 {folder}：{len(files)} 个文件，共 {size / 1e6:.1f} MB。内容没变时构建直接取用；清空：healthboard cache --clear")
    return 0


def review_command(args: argparse.Namespace) -> int:
    """The CDC's review pack of an edition: board pictures, the articles' booklet, the approval sheet."""
    project: Project | None = None
    try:
        project, content = load_project(args.config_file, run_date(args))
        edition = content.edition(args.edition) if args.edition is not None else content.latest_edition
        if edition is None:
            raise HealthboardError(Problem("E_UNKNOWN_EDITION", f"没有第{args.edition}期" if args.edition else "还没有任何一期", field="--edition", value=args.edition))
        files = review_pack(project, content, edition)
        out = Path(args.out)
        atomic_write_all({out / rel: data for rel, data in files.items()})
        project.cache().commit()
    except (HealthboardError, ConfigurationError, Abort) as e:
        report_error(e, args)
        return 1
    finally:
        if project is not None:
            project.cache().discard()
    folder = out / pack_folder(edition)
    boards = sum(1 for rel in files if "/宣传栏/" in rel)
    print(f"送审材料已写入 {folder}/：宣传栏效果图 {boards} 张（宣传栏/），文章送审稿.pdf（{len(edition.articles)} 篇，含信息来源和审核单位），审核表.xlsx")
    print(f"审核通过后：在 {project.settings.docs_dir.name}/{project.settings.data_dir}/approvals.yml 写"
          f"“- {{edition: {edition.number}, approved_by: 审核单位, approved_on: 日期}}”，或把填好的审核表放到 "
          f"{project.settings.docs_dir.name}/{project.settings.data_dir}/approvals/{pack_folder(edition)}.xlsx")
    return 0
