"""The `healthboard` command for publicity staff."""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

import jieba
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.utils.yaml import yaml_load

from .errors import HealthboardError
from .plugin import check_site_url


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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="healthboard", description="健康教育宣传栏与健康科普网站生成器")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")
    b = sub.add_parser("build", help="构建网站（同 mkdocs build，另附统计）", description="构建网站；失败时不改动原有的 site/ 目录。")
    b.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    b.add_argument("-d", "--site-dir", help="输出目录（默认 site/）")
    b.add_argument("--drafts", action="store_true", help="同时发布草稿（页面上会标明“草稿”）")
    b.set_defaults(run=_build)
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
