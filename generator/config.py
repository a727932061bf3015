"""The plugin's configuration schema (`plugins: - healthboard: …` in mkdocs.yml)."""
from __future__ import annotations

import re
from typing import Callable

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.exceptions import ConfigurationError

from .content.fields import nearest


class StrictConfig(Config):
    """MkDocs stops at the first wrong setting and only warns about unknown names: staff get
    every mistake of a run at once, and a misspelt setting is an error, not a silent default."""

    def _validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        failed: ConfigErrors = []
        warnings: ConfigWarnings = []
        for key, option in self._schema:
            try:
                self[key] = option.validate(self.get(key))
                warnings.extend((key, w) for w in option.warnings)
                option.reset_warnings()
            except ValidationError as e:
                failed.append((key, e))
        for key in sorted(set(self.keys()) - self._schema_keys, key=str):
            guess = nearest(str(key), self._schema_keys)
            failed.append((key, ValidationError(f"Unknown key{f'; nearest: {guess}' if guess else ''}")))
        return failed, warnings


class StrictSubConfig(c.SubConfig):
    """A sub-section reporting all of its errors, not only the first."""

    def __init__(self, config_class: type[Config], /) -> None:
        super().__init__()
        self.config_class = config_class

    def run_validation(self, value: object) -> Config:
        config = self.config_class(config_file_path=self._config_file_path)
        try:
            config.load_dict(value)  # type: ignore[arg-type]
            failed, warnings = config.validate()
        except ConfigurationError as e:
            raise ValidationError(str(e))
        self.warnings.extend(f"Sub-option '{key}': {msg}" for key, msg in warnings)
        if failed:
            raise ValidationError("\n".join(f"Sub-option '{key}': {error}" for key, error in failed))
        return config


class Number(c.Type):
    """A number within the range that makes sense for it (a scanning distance of 0 or an 80 mm bleed
    is a slip, not a wish), which staff may write either way (`1` or `1.0`) unless it is `whole`."""

    def __init__(self, low: float, high: float, unit: str, default: float | None = None, whole: bool = False) -> None:
        super().__init__(int if whole else float, default=default)
        self.low, self.high, self.unit, self.whole = low, high, unit, whole

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int if self.whole else (int, float)):
            return super().run_validation(value)  # the type's message, in Chinese below
        if not self.low <= value <= self.high:
            raise ValidationError(f"应在 {self.low:g}–{self.high:g}{self.unit}之间（当前值：{value:g}）")
        return value if self.whole else float(value)


class TopicConfig(StrictConfig):
    id = c.Type(str)  # ASCII, used in the topic page's URL
    name = c.Type(str)  # Chinese name staff write in `topic:`
    icon = c.Optional(c.Type(str))  # pictogram from mkdocs-material's icon sets, e.g. material/hand-wash


class HotlineConfig(StrictConfig):
    name = c.Type(str)
    number = c.Type(str)


DEFAULT_HOTLINES = [
    {"name": "政务服务便民热线（投诉建议）", "number": "12345"},
    {"name": "卫生健康热线", "number": "12320"},
]


class PrintThemeConfig(StrictConfig):
    """The board's look: the office's colours, logo and masthead wording."""

    color = c.Type(str, default="#1b5e20")  # masthead band, panel titles, pictograms: white text must read on it
    accent = c.Type(str, default="#66bb6a")  # panel borders
    logo = c.Optional(c.Type(str))  # a picture under docs/, shown in the masthead
    title = c.Type(str, default="健康教育宣传栏")


class PrintConfig(StrictConfig):
    enabled = c.Type(bool, default=True)
    bleed = c.Type(bool, default=False)  # 3 mm bleed and crop marks, for print shops
    bleed_mm = Number(0, 10, " 毫米", default=3.0)
    font_scale = Number(0.5, 3, " 倍", default=1.0)
    min_body_pt = c.Optional(Number(8, 200, " 磅"))  # fixed body size instead of one derived from board size
    qr_distance_m = c.Optional(Number(0.2, 5, " 米"))  # expected scanning distance; default by board size
    pdf = c.Type(bool, default=False)  # also make print-shop PDFs during `mkdocs build` (slow for big cities)
    require_approval = c.Type(bool, default=False)  # `healthboard pdf` only for editions the CDC approved
    theme = StrictSubConfig(PrintThemeConfig)


class TraditionalConfig(StrictConfig):
    enabled = c.Type(bool, default=False)
    opencc = c.Choice(("s2t", "s2twp", "s2hk", "s2tw"), default="s2t")  # s2twp: Taiwan usage; s2hk: Hong Kong
    path = c.Type(str, default="zh-hant/")


class HealthboardConfig(StrictConfig):
    district = c.Type(str)  # e.g. 清河区 (fictional)
    unit = c.Type(str, default="")  # producing unit, e.g. 清河区爱国卫生运动委员会办公室
    hotlines = c.ListOfItems(StrictSubConfig(HotlineConfig), default=DEFAULT_HOTLINES)
    wechat = c.Optional(c.Type(str))  # official WeChat account name
    cadence_days = Number(1, 366, " 天", default=60, whole=True)  # boards change at least every 2 months
    topics = c.ListOfItems(StrictSubConfig(TopicConfig))
    required_topics = c.ListOfItems(c.Type(str), default=[])  # topic names every edition must carry, e.g. 控烟

    articles_dir = c.Type(str, default="articles")
    updates_dir = c.Type(str, default="updates")
    data_dir = c.Type(str, default="_data")

    show_drafts = c.Type(bool, default=False)
    review_max_age_days = Number(1, 3650, " 天", default=730, whole=True)  # older reviews are warned, and their editions not printed
    allow_stale_reviews = c.Type(bool, default=False)  # print them anyway (`healthboard build --allow-stale`)
    # The 12345/12320 footer: on healthboard's own pages (a host site keeps its footer), or on all pages.
    hotline_footer = c.Choice(("healthboard", "all"), default="healthboard")
    manifest = c.Type(str, default="printed-urls.txt")  # next to mkdocs.yml
    cache_dir = c.Type(str, default=".healthboard-cache")  # next to mkdocs.yml; "" turns caching off
    redirects = c.DictOfItems(c.Type(str), default={})  # retired article id -> article id
    previous_site_urls = c.ListOfItems(c.Type(str), default=[])  # old addresses the web server forwards here
    qr_error_correction = c.Choice(("L", "M", "Q", "H"), default="M")
    print = StrictSubConfig(PrintConfig)  # printable board pages
    traditional = StrictSubConfig(TraditionalConfig)  # a 繁體 copy of the whole site


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
    (re.compile(r"Unknown key(?:; nearest: (.*))?"), lambda m: "没有这项设置" + (f"，您是不是想写 {m[1]}？" if m[1] else "（可用的设置见 README）")),
]
_SUB_OPTION = re.compile(r"Sub-option '([^']+)': (.*)", re.S)


def chinese_problem(key: str, message: str) -> str:
    """One MkDocs validation message about healthboard's settings, in Chinese with the setting's full path."""
    path = [key]
    while m := _SUB_OPTION.fullmatch(message):
        path.append(m[1])
        message = m[2]
    code = "E_UNKNOWN_KEY" if message.startswith("Unknown key") else "E_CONFIG"
    for pattern, say in _MESSAGES:
        if m := pattern.fullmatch(message):
            message = say(m)
            break
    return f"[{code}] mkdocs.yml 中 healthboard 的设置“{'.'.join(path)}”：{message}"


def chinese_problems(errors: ConfigErrors, warnings: ConfigWarnings) -> tuple[ConfigErrors, ConfigWarnings]:
    return (
        # A sub-section's errors arrive joined by newlines, one "Sub-option '…': …" each.
        [(key, ValidationError(chinese_problem(key, line))) for key, error in errors for line in str(error).split("\n")],
        [(key, chinese_problem(key, message)) for key, message in warnings],
    )
