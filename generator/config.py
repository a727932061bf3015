"""The plugin's configuration schema (`plugins: - healthboard: …` in mkdocs.yml)."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


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
    qr_error_correction = c.Choice(("L", "M", "Q", "H"), default="M")
    print = c.SubConfig(PrintConfig)  # printable board pages
    traditional = c.SubConfig(TraditionalConfig)  # a 繁體 copy of the whole site

