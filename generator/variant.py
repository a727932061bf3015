"""The Traditional Chinese (繁體) copy of the site: converted at build time with OpenCC."""
from __future__ import annotations

from dataclasses import dataclass
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CONFIGS = ("s2t", "s2twp", "s2hk", "s2tw")


@dataclass(frozen=True)
class Variant:
    path: str  # e.g. "zh-hant/": where the copy sits inside the site
    opencc: str  # OpenCC configuration: s2t (default), s2twp (Taiwan usage), s2hk (Hong Kong forms)

    @classmethod
    def from_settings(cls, settings: Any) -> "Variant | None":
        """From the `traditional:` settings; None when the 繁體 copy is off."""
        return cls(settings.path.strip("/") + "/", settings.opencc) if settings.enabled else None

    def convert(self, text: str) -> str:
        converted = _converter(self.opencc).convert(text)
        return _modern_forms(converted) if self.opencc == "s2t" else converted

    def convert_tree(self, value: Any) -> Any:
        """Strings inside lists and dicts converted, keys included (nav titles are keys)."""
        if isinstance(value, str):
            return self.convert(value)
        if isinstance(value, list):
            return [self.convert_tree(v) for v in value]
        if isinstance(value, dict):
            return {self.convert_tree(k): self.convert_tree(v) for k, v in value.items()}
        return value


PHRASES = Path(__file__).parent / "data" / "s2t-phrases.yml"


@lru_cache(maxsize=1)
def _phrases() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {str(k): str(v) for k, v in yaml.safe_load(PHRASES.read_text(encoding="utf-8")).items()}
    return re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True)))), table


def _modern_forms(text: str) -> str:
    """s2t's forms that read as old-fashioned in Taiwan and Hong Kong (喫飯, 纔, 淋溼) in their usual writing."""
    pattern, table = _phrases()
    return pattern.sub(lambda m: table[m.group(0)], text)


@lru_cache(maxsize=None)
def _converter(config: str):
    import opencc  # the official OpenCC binding (C++), not the slow pure-Python reimplementation

    return opencc.OpenCC(f"{config}.json")
