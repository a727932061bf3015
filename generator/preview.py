"""`healthboard serve`: MkDocs' live preview, speaking Chinese. A mistake made while editing is said
with its file and line (MkDocs' own server prints a Python traceback for it), and the preview keeps
the last good site until the file is saved again."""
from __future__ import annotations

import argparse
import errno
import logging
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any, Callable

from mkdocs.commands import serve as mkdocs_serve
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from .commands import StderrHandler, crash_log, mkdocs_stopped, precheck
from .errors import HealthboardError, Problem

NOT_UPDATED = "预览没有更新（仍是上一次的结果），改正后保存文件即自动重试"

# What MkDocs' server says that staff need, in Chinese; the rest of its news is for developers.
NEWS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Serving on (\S+)"), lambda m: f"预览地址：{m[1]}（保存文件后自动更新，按 Ctrl+C 停止）"),
    (re.compile(r"Detected file changes"), lambda m: "文件有改动，正在重新构建……"),
    (re.compile(r"Documentation built in ([\d.]+) seconds"), lambda m: f"预览已更新（用时 {float(m[1]):.1f} 秒）"),
    (re.compile(r"Shutting down\.\.\."), lambda m: "预览已停止。"),
]

_CLOCK = re.compile(r"^\[\d\d:\d\d:\d\d\] ")  # the server's own news begins with the time
_REQUEST = re.compile(r'"[A-Z]+ \S+ HTTP/[\d.]+" code \d+')


class PreviewHandler(StderrHandler):
    """Warnings and errors as `healthboard build` says them; of MkDocs' news, only NEWS."""

    def emit(self, record: logging.LogRecord) -> None:
        message = _CLOCK.sub("", record.getMessage())
        if _REQUEST.fullmatch(message):
            return  # a browser asked for a file the site has not (favicon.ico…): not the staff's mistake
        if record.levelno >= logging.WARNING:
            super().emit(record)
            return
        for pattern, say in NEWS:
            if m := pattern.fullmatch(message):
                print(say(m), file=sys.stderr, flush=True)


def _build_saying(handler: PreviewHandler) -> Callable[..., None]:
    """MkDocs' build for its server, every failure said in Chinese and kept from the server (which would
    print the traceback and wait): the preview shows the last good site meanwhile."""
    def build(config: MkDocsConfig, **kwargs: Any) -> None:
        handler.said.clear()  # each build says its warnings again
        handler.docs_dir = Path(config.docs_dir)
        try:
            mkdocs_build(config, **kwargs)
        except HealthboardError as e:
            print(e.render(NOT_UPDATED), file=sys.stderr, flush=True)
        except (Abort, ConfigurationError) as e:
            mkdocs_stopped(e, NOT_UPDATED + "。")
        except Exception:  # noqa: BLE001 (a bug of ours: one line for staff, the details for the maintainers)
            print(f"[E_INTERNAL] healthboard 内部出错，{NOT_UPDATED}。详细信息已写入 {crash_log()}：请把这个文件发给维护人员。",
                  file=sys.stderr, flush=True)
    return build


def serve_command(args: argparse.Namespace) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = PreviewHandler(logging.INFO)
    log = logging.getLogger("mkdocs")
    level = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    # serve() builds through this module-level name, for its first build and after each change.
    original, mkdocs_serve.build = mkdocs_serve.build, _build_saying(handler)  # type: ignore[attr-defined]
    # Ctrl+C and `kill` both stop the preview as MkDocs' server stops on Ctrl+C (its temporary site
    # removed), also when it was started from a background job, which inherits Ctrl+C ignored.
    stopping = {sig: signal.signal(sig, signal.default_int_handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        precheck(args.config_file)
        mkdocs_serve.serve(config_file=args.config_file, dev_addr=args.dev_addr, open_in_browser=False)
    except (Abort, ConfigurationError) as e:  # mkdocs.yml itself: nothing to serve
        mkdocs_stopped(e, "预览未启动。")
        return 1
    except OSError as e:
        if e.errno != errno.EADDRINUSE:
            raise
        raise HealthboardError(Problem("E_PORT_IN_USE", "预览地址的端口已被占用（可能已经开着一个预览）", value=args.dev_addr or "127.0.0.1:8000",
                                       hint="关掉另一个预览，或换一个端口，如 healthboard serve -a 127.0.0.1:8001")) from None
    finally:
        for sig, previous in stopping.items():
            signal.signal(sig, previous)
        mkdocs_serve.build = original  # type: ignore[attr-defined]
        log.removeHandler(handler)
        log.setLevel(level)
    return 0
