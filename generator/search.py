"""Chinese search, on top of mkdocs-material's: health words jieba keeps whole (a data file), and the
words inside them (结核 in 肺结核, 病媒 in 病媒生物) indexed in a field of their own, so a search for a
part finds the pages that only use the whole word. Results still show the page's own text."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jieba

HEALTH_WORDS = Path(__file__).parent / "data" / "health-words.txt"
SUB_WORDS = "hb_words"  # an index field of our own: the theme's worker indexes every field the config lists
_HAN = re.compile(r"[\u4e00-\u9fff]{3,}")


@lru_cache(maxsize=None)
def load_health_words() -> None:
    """Once per process, before the theme's search segments the first page (jieba is global)."""
    jieba.load_userdict(str(HEALTH_WORDS))


def sub_words(text: str) -> list[str]:
    """The words inside the long words of `text` (already segmented with \\u200b by the theme's search)."""
    found: dict[str, None] = {}
    for token in text.split("\u200b"):
        for word in _HAN.findall(token):
            found.update(dict.fromkeys(_parts(word)))
    return list(found)


@lru_cache(maxsize=65536)
def _parts(word: str) -> tuple[str, ...]:
    # A site repeats its vocabulary page after page: each word is split once.
    return tuple(part for part in jieba.cut_for_search(word) if len(part) >= 2 and part != word)


def add_sub_words(index: dict) -> dict:
    index["config"].setdefault("fields", {})[SUB_WORDS] = {"boost": 1.0}
    for doc in index["docs"]:
        words = sub_words(doc.get("title", "") + "\u200b" + doc.get("text", ""))
        if words:
            doc[SUB_WORDS] = " ".join(words)
    return index


def rewrite_index(search_dir: Path) -> None:
    """The theme's search_index.json (and the offline copy's search_index.js) with the sub-words added."""
    json_file, js_file = search_dir / "search_index.json", search_dir / "search_index.js"
    if not json_file.is_file():
        return
    index = add_sub_words(json.loads(json_file.read_text(encoding="utf-8")))
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    json_file.write_text(data, encoding="utf-8")
    if js_file.is_file():
        js_file.write_text(f"var __index = {data}", encoding="utf-8")
