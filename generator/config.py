"""The plugin's configuration schema (`plugins: - healthboard: …` in mkdocs.yml)."""
from __future__ import annotations

import re
from typing import Callable

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings, ValidationError


class TopicConfig(Config):
    id = c.Type(str)  # ASCII, used in the topic page's URL
    name = c.Type(str)  # Chinese name staff write in `topic:`


class HotlineConfig(Config):
    name = c.Type(str)
    number = c.Type(str)


DEFAULT_HOTLINES = [
    {"name": "政务服务便民热线（投诉建议）", "number": "12345"},
    {"name": "卫生健康热线", "number": "12320"},
]


class PrintConfig(Config):
    enabled = c.Type(bool, default=True)
    bleed = c.Type(bool, default=False)  # 3 mm bleed and crop marks, for print shops
    bleed_mm = c.Type(float, default=3.0)
    font_scale = c.Type(float, default=1.0)
    min_body_pt = c.Optional(c.Type(float))  # fixed body size instead of one derived from board size
    qr_distance_m = c.Optional(c.Type(float))  # expected scanning distance; default by board size
    pdf = c.Type(bool, default=False)  # also make print-shop PDFs during `mkdocs build` (slow for big cities)


class TraditionalConfig(Config):
    enabled = c.Type(bool, default=False)
    opencc = c.Choice(("s2t", "s2twp", "s2hk", "s2tw"), default="s2t")  # s2twp: Taiwan usage; s2hk: Hong Kong
    path = c.Type(str, default="zh-hant/")


class HealthboardConfig(Config):
    district = c.Type(str)  # e.g. 清河区 (fictional)
    unit = c.Type(str, default="")  # producing unit, e.g. 清河区爱国卫生运动委员会办公室
    hotlines = c.ListOfItems(c.SubConfig(HotlineConfig), default=DEFAULT_HOTLINES)
    wechat = c.Optional(c.Type(str))  # official WeChat account name
    cadence_days = c.Type(int, default=60)  # boards change at least every 2 months
    topics = c.ListOfItems(c.SubConfig(TopicConfig))
    required_topics = c.ListOfItems(c.Type(str), default=[])  # topic names every edition must carry, e.g. 控烟

    articles_dir = c.Type(str, default="articles")
    updates_dir = c.Type(str, default="updates")
    data_dir = c.Type(str, default="_data")

    show_drafts = c.Type(bool, default=False)
    manifest = c.Type(str, default="printed-urls.txt")  # next to mkdocs.yml
    cache_dir = c.Type(str, default=".healthboard-cache")  # next to mkdocs.yml; "" turns caching off
    redirects = c.DictOfItems(c.Type(str), default={})  # retired article id -> article id
    previous_site_urls = c.ListOfItems(c.Type(str), default=[])  # old addresses the web server forwards here
    qr_error_correction = c.Choice(("L", "M", "Q", "H"), default="M")
    print = c.SubConfig(PrintConfig)  # printable board pages
    traditional = c.SubConfig(TraditionalConfig)  # a 繁體 copy of the whole site


# MkDocs validates the schema above in English; staff read these instead.
_TYPES = {"int": "整数", "float": "数字", "bool": "true 或 false", "str": "文字", "list": "列表", "dict": "“字段: 值”的设置"}


def _kind(python_type: str) -> str:
    name = _TYPES.get(python_type, python_type)
    return " " + name if name[0].isascii() else name  # a space between Chinese and Latin text


_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Expected type: <class '(\w+)'> but received: <class '(\w+)'>"),
     lambda m: f"应为{_kind(m[1])}，这里写成了{_kind(m[2])}"),
    (re.compile(r"Expected one of: \((.*)\) but received: (.*)"),
     lambda m: f"只能是 {m[1].replace(chr(39), '').replace(', ', '、')} 之一（当前值：{m[2].strip(chr(39))}）"),
    (re.compile(r"Required configuration not provided\."), lambda m: "缺少这项必填设置"),
    (re.compile(r"Expected a (list|dict) of items, but a <class '(\w+)'> was given\."),
     lambda m: f"应为{_kind(m[1])}，这里写成了{_kind(m[2])}"),
    (re.compile(r"Unrecognised configuration name: (.*)"), lambda m: "没有这项设置（拼写错误？可用的设置见 README）"),
]
_SUB_OPTION = re.compile(r"Sub-option '([^']+)': (.*)", re.S)


def chinese_problem(key: str, message: str) -> str:
    """One MkDocs validation message about healthboard's settings, in Chinese with the setting's full path."""
    path = [key]
    while m := _SUB_OPTION.fullmatch(message):
        path.append(m[1])
        message = m[2]
    for pattern, say in _MESSAGES:
        if m := pattern.fullmatch(message):
            message = say(m)
            break
    return f"[E_CONFIG] mkdocs.yml 中 healthboard 的设置“{'.'.join(path)}”：{message}"


def chinese_problems(errors: ConfigErrors, warnings: ConfigWarnings) -> tuple[ConfigErrors, ConfigWarnings]:
    return (
        [(key, ValidationError(chinese_problem(key, str(error)))) for key, error in errors],
        [(key, chinese_problem(key, message)) for key, message in warnings],
    )
