"""The `healthboard` command for publicity staff."""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

import jieba
from tqdm import tqdm
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.utils.yaml import yaml_load

from .content.model import Content
from .errors import HealthboardError
from .pdf.shop import PdfOptions, make_pdfs, plan
from .pdf.verify import verify_file
from .plugin import check_site_url
from .project import Project


class _StderrHandler(logging.Handler):
    """MkDocs' warnings and errors, message only, to whatever stderr is now."""

    def emit(self, record: logging.LogRecord) -> None:
        print(self.format(record), file=sys.stderr)


def _precheck(config_file: str) -> None:
    """Checks MkDocs would otherwise reject with an English message before the plugin can speak."""
    with open(config_file, encoding="utf-8-sig") as f:
        raw = yaml_load(f) or {}
    check_site_url(raw.get("site_url"))


def _build(args: argparse.Namespace) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.monotonic()
    handler = _StderrHandler(logging.WARNING)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    try:
        _precheck(args.config_file)
        overrides = {"site_dir": args.site_dir} if args.site_dir else {}
        config = load_config(args.config_file, **overrides)
        if args.drafts:
            config.plugins["healthboard"].config.show_drafts = True
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except HealthboardError as e:
        print(e, file=sys.stderr)
        return 1
    except (PluginError, Abort, ConfigurationError) as e:
        # PluginError text was already logged by MkDocs through the handler above.
        if not isinstance(e, Abort):
            print(e, file=sys.stderr)
        print("构建失败：原有的网站目录没有改动。", file=sys.stderr)
        return 1
    finally:
        mkdocs_log.removeHandler(handler)
    plugin = config.plugins["healthboard"]
    content = plugin.content
    drafts = sum(a.is_draft for a in content.articles.values())
    print(f"构建完成：{config.site_dir}（用时 {time.monotonic() - started:.1f} 秒）")
    print(f"  文章 {len(content.articles) - drafts} 篇" + (f"，草稿 {drafts} 篇{'（已显示）' if plugin.config.show_drafts else '（未发布）'}" if drafts else ""))
    print(f"  期次 {len(content.editions)} 期，宣传栏 {len(content.boards)} 块，动态 {len(content.updates)} 条")
    print(f"  文章二维码 {plugin.qr_count} 个")
    return 0


def _load_project(config_file: str) -> tuple[Project, Content]:
    """The project and its validated content, without building the site."""
    _precheck(config_file)
    config = load_config(config_file)
    plugin = config.plugins["healthboard"]
    project = Project(plugin.config, check_site_url(config.site_url), Path(config.config_file_path).resolve().parent, Path(config.docs_dir))
    return project, project.load_content()


def _pdf(args: argparse.Namespace) -> int:
    try:
        project, content = _load_project(args.config_file)
        options = PdfOptions(bleed_mm=args.bleed, marks=not args.no_marks, per_board=not args.no_per_board, workers=args.jobs, tile=args.tile, overlap_mm=args.overlap)
        settings = project.print_settings(bleed_mm=options.bleed_mm, marks=options.marks)
        cache = project.cache()
        jobs = plan(content, project.producer(), settings, options, project.docs_dir, cache, args.edition, args.grid, args.board)
        out_dir = Path(args.out)
        with tqdm(total=sum(j.boards for j in jobs), desc="生成 PDF", unit="块", file=sys.stderr, disable=args.quiet) as bar:
            report = make_pdfs(jobs, out_dir, cache, workers=options.workers, progress=bar.update)
    except (HealthboardError, ConfigurationError, Abort) as e:
        print(e, file=sys.stderr)
        return 1
    print(f"完成：{report.boards} 块宣传栏，{len(report.files)} 个 PDF 文件，在 {out_dir}/")
    print(f"  新绘制 {report.rendered} 组，取自缓存 {report.from_cache} 组，未变 {report.unchanged} 组")
    if args.verify:
        failures = [f for path in report.files for f in verify_file(path, report.codes[path])]
        total = sum(len(spots) for pages in report.codes.values() for spots in pages)
        if failures:
            print(f"二维码核验失败 {len(failures)} 个（共 {total} 个）：", file=sys.stderr)
            for f in failures:
                print(f"  - {f}", file=sys.stderr)
            return 1
        print(f"二维码核验：{total} 个二维码全部能识别，且网址正确（150 dpi）")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="healthboard", description="健康教育宣传栏与健康科普网站生成器")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")
    b = sub.add_parser("build", help="构建网站（同 mkdocs build，另附统计）", description="构建网站；失败时不改动原有的 site/ 目录。")
    b.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    b.add_argument("-d", "--site-dir", help="输出目录（默认 site/）")
    b.add_argument("--drafts", action="store_true", help="同时发布草稿（页面上会标明“草稿”）")
    b.set_defaults(run=_build)

    d = sub.add_parser("pdf", help="生成印刷厂用的 PDF", description="生成印刷厂 PDF：每个片区、每种尺寸一个文件（每块宣传栏一页），另有每块宣传栏单独一个文件。内容未变时直接复用上次结果。")
    d.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    d.add_argument("--edition", type=int, help="期数（默认最新一期）")
    d.add_argument("--grid", help="只生成这个片区")
    d.add_argument("--board", help="只生成这块宣传栏（宣传栏 id）")
    d.add_argument("-o", "--out", default="pdf", help="输出目录（默认 pdf/）")
    d.add_argument("--bleed", type=float, default=3.0, help="出血，毫米（默认 3；户外喷绘用 0）")
    d.add_argument("--no-marks", action="store_true", help="不加裁切线")
    d.add_argument("--no-per-board", action="store_true", help="不另外生成每块宣传栏单独的文件")
    d.add_argument("--tile", choices=["A3", "A4"], help="另外把大于该纸张的宣传栏拆成多张 A3/A4 拼贴打印")
    d.add_argument("--overlap", type=float, default=10.0, help="拼贴时相邻纸张的重叠宽度，毫米（默认 10）")
    d.add_argument("--jobs", type=int, default=0, help="并行进程数（默认等于 CPU 核数）")
    d.add_argument("--verify", action="store_true", help="生成后逐个识别二维码，核对网址")
    d.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    d.set_defaults(run=_pdf)
    return p


def main(argv: list[str] | None = None) -> int:
    jieba.setLogLevel(logging.WARNING)  # its dictionary chatter is not for staff
    args = parser().parse_args(argv)
    if not Path(args.config_file).is_file():
        print(f"找不到配置文件 {args.config_file}：请在项目目录（有 mkdocs.yml 的目录）中运行。", file=sys.stderr)
        return 2
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
