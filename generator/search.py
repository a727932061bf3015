"""Chinese search, on top of mkdocs-material's: health words jieba keeps whole (a data file), and the
words inside them (结核 in 肺结核, 病媒 in 病媒生物) indexed in a field of their own, so a search for a
part finds the pages that only use the whole word. Results still show the page's own text."""
from __future__ import annotations

import json
import marshal
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import jieba

from .cache import Cache, digest

HEALTH_WORDS = Path(__file__).parent / "data" / "health-words.txt"
SUB_WORDS = "hb_words"  # an index field of our own: the theme's worker indexes every field the config lists
_HAN = re.compile(r"[\u4e00-\u9fff]{3,}")
_CUT, _CUT_FOR_SEARCH = jieba.cut, jieba.cut_for_search  # jieba's own, before Segments stands in for the first


@lru_cache(maxsize=None)
def load_health_words() -> None:
    """Once per process, before jieba segments its first text (jieba is global): this loads its
    dictionary too (0.8 s)."""
    jieba.load_userdict(str(HEALTH_WORDS))


class Segments:
    """jieba's segmentation of every text the search indexes, kept from build to build: a rebuild whose
    texts were all segmented before never loads jieba's dictionary (0.8 s, a third of the example's
    no-change rebuild). The theme's search calls `jieba.cut` with no hook of its own, so during a build
    the module's function answers from here (begin()); what is new goes to jieba, with the health words."""

    def __init__(self) -> None:
        self.known: dict[object, list[str]] = {}
        self.used: set[object] = set()
        self.added = False  # texts segmented in this build
        self.key = ""  # of the cache entry `known` came from

    def cut(self, sentence: str | bytes, *args: object, **kwargs: object) -> Iterator[str]:
        if args or kwargs:  # another mode than the theme's: not kept
            load_health_words()
            return _CUT(sentence, *args, **kwargs)
        return iter(self._tokens(sentence, _CUT))

    def cut_for_search(self, word: str) -> list[str]:
        return self._tokens(("search", word), lambda key: _CUT_FOR_SEARCH(key[1]))

    def _tokens(self, key: Any, segment: Callable[[Any], Iterable[str]]) -> list[str]:
        tokens = self.known.get(key)
        if tokens is None:
            load_health_words()
            tokens = self.known[key] = list(segment(key))
            self.added = True
        self.used.add(key)
        return tokens

    def begin(self, cache: Cache) -> None:
        """Before the theme's search runs: the segments of earlier builds read, jieba.cut answering from them."""
        key = digest("jieba-segments-v1", jieba.__version__, HEALTH_WORDS.read_bytes())
        if key != self.key:
            kept = cache.get(key, ".marshal")
            self.known, self.key = (marshal.loads(kept) if kept else {}), key
        self.used, self.added = set(), False
        jieba.cut = self.cut

    def off(self) -> None:
        """jieba.cut as jieba has it (a build whose theme gives jieba a dictionary of its own)."""
        jieba.cut = _CUT
        load_health_words()

    def end(self, cache: Cache) -> None:
        """After the build (and its 繁體 copy): what it segmented kept for the next, and only that."""
        if self.key and (self.added or self.used != self.known.keys()):
            self.known = {k: self.known[k] for k in self.used}
            cache.put(self.key, marshal.dumps(self.known), ".marshal")


SEGMENTS = Segments()


def sub_words(text: str) -> list[str]:
    """The words inside the long words of `text` (already segmented with \\u200b by the theme's search)."""
    found: dict[str, None] = {}
    for token in text.split("\u200b"):
        for word in _HAN.findall(token):
            found.update(dict.fromkeys(_parts(word)))
    return list(found)


def _parts(word: str) -> tuple[str, ...]:
    # A site repeats its vocabulary page after page: each word is split once (SEGMENTS keeps it).
    return tuple(part for part in SEGMENTS.cut_for_search(word) if len(part) >= 2 and part != word)


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
