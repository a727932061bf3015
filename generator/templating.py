"""Jinja for healthboard: one environment factory with the filters every template shares (dates,
Markdown escaping), and the compiled-template cache the theme's environments use."""
from __future__ import annotations

import datetime as dt
import json

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket

from .cache import Cache


def cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def md_escape(text: str) -> str:
    """Keep titles literal inside Markdown link text and tables (Markdown has no backslash escape for < and &)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + ch if ch in "\\`*_[]|#" else ch for ch in text)


def yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def environment(folder: str, *, html: bool) -> Environment:
    """Templates in the package's `folder`; `html` turns autoescaping on (for Markdown and YAML, off)."""
    env = Environment(loader=PackageLoader("healthboard", folder), autoescape=html, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(cn_date=cn_date, md=md_escape, yaml_str=yaml_str)
    return env


class CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once and kept in the run's cache, not compiled again by every
    build (mkdocs-material's are many and long). Jinja checks each entry against the template's
    source and its own version; the cache keeps new entries aside until the run succeeds."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def load_bytecode(self, bucket: Bucket) -> None:
        if (data := self.cache.get(bucket.key, ".jinja")) is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.cache.put(bucket.key, bucket.bytecode_to_string(), ".jinja")
