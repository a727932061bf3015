"""argparse in Chinese: usage line, section titles and the errors staff see when they mistype."""
from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse's own messages (Python 3.11–3.13), most specific first; what stays unmatched is shown as is.
_MESSAGES: list[tuple[str, str]] = [
    (r"the following arguments are required: (.+)", r"缺少必填参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1。请用 --help 查看可用的选项"),
    (r"argument (.+?): invalid choice: '?(.*?)'? \(choose from (.+)\)", r"参数 \1 的值“\2”无效，可选：\3"),
    (r"argument (.+?): invalid int value: '?(.*?)'?$", r"参数 \1 应为整数，当前值：“\2”"),
    (r"argument (.+?): invalid float value: '?(.*?)'?$", r"参数 \1 应为数字，当前值：“\2”"),
    (r"argument (.+?): expected one argument", r"参数 \1 后面缺少取值"),
    (r"argument (.+?): not allowed with argument (.+)", r"参数 \1 不能与 \2 同时使用"),
    (r"ambiguous option: (.+?) could match (.+)", r"选项 \1 不明确，可能是：\2"),
    (r"argument (.+?): (.+)", r"参数 \1：\2"),
]


def translate(message: str) -> str:
    for pattern, chinese in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, chinese, message)
    return message


class ChineseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def, override]
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


# Placeholders in usage and help ("--edition 期数", not "--edition EDITION"), by argument name.
METAVARS = {
    "config_file": "配置文件", "site_dir": "目录", "edition": "期数", "grid": "片区", "board": "宣传栏",
    "out": "输出", "bleed": "毫米", "overlap": "毫米", "jobs": "进程数", "by": "日期", "days": "天数",
    "width": "像素", "title": "标题", "topic": "栏目", "theme": "主题", "id": "文章id", "today": "日期",
}


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors read in Chinese; sub-commands inherit it."""

    def add_argument(self, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        action = super().add_argument(*args, **kwargs)
        if action.metavar is None and action.choices is None and action.nargs != 0 and action.dest in METAVARS:
            action.metavar = METAVARS[action.dest]
        return action

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", ChineseHelp)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "显示本帮助并退出"

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"[E_USAGE] {self.prog}：{translate(message)}\n")
