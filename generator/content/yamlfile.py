"""YAML reading that remembers line numbers, so errors can point at the line."""
from __future__ import annotations

import pickle
import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

from ..cache import Cache, digest
from ..errors import HealthboardError, Problem


class LineDict(dict):
    """A mapping from YAML that knows the line of each key (1-based, in its file) and the text each
    scalar value was written as (`0x0` stays `0x0`, a phone `0571…` keeps its leading zero)."""

    line: int = 0
    key_lines: dict[str, int]
    written: dict[str, str]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def as_written(self, key: str) -> object:
        value = self.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return getattr(self, "written", {}).get(key, value)
        return value


class LineList(list):
    """A sequence from YAML that knows the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_at(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser where PyYAML was built with it (every wheel is): front matter of a thousand articles
# is read in a fifth of the time; construction (and the line numbers) stays ours.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    line_offset = 0


class _ExplainingLoader(yaml.SafeLoader):
    """PyYAML's own parser, run again only on a file libyaml refused: its messages name the character
    (a tab, a stray quote) that staff need to find."""

    line_offset = 0


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.key_lines = {}
    result.written = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1 + loader.line_offset
        if isinstance(value_node, yaml.ScalarNode):
            result.written[str(key)] = value_node.value
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(item, deep=True) for item in node.value)
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.item_lines = [item.start_mark.line + 1 + loader.line_offset for item in node.value]
    return result


for _loader in (_LineLoader, _ExplainingLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Keep dates as the text the user wrote; date validation gives better messages.
_LineLoader.yaml_implicit_resolvers = _ExplainingLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path, shown: str, fallback: str | None = None) -> str:
    """Read a UTF-8 file (BOM allowed), else `fallback` if given; anything else is a clear error."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if fallback:
            try:
                return data.decode(fallback)
            except UnicodeDecodeError:
                pass
        line = data[: e.start].count(b"\n") + 1
        raise HealthboardError(
            Problem(
                "E_NOT_UTF8",
                "文件不是 UTF-8 编码（可能是用记事本或 WPS 另存为了 GBK/ANSI）",
                file=shown,
                line=line,
                hint="用编辑器把文件另存为“UTF-8”编码后重新构建",
            )
        ) from None


# What PyYAML refuses to read (its Reader's NON_PRINTABLE), found first so the message can say which and where.
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_CONTROL_NAMES = {
    0x0B: "竖向制表符（从 Word 粘贴时，Shift+Enter 换行会变成它）", 0x0C: "换页符", 0x00: "空字符",
    0x1B: "ESC 控制字符", 0x08: "退格符", 0x7F: "删除符", 0xFFFE: "非字符 U+FFFE", 0xFFFF: "非字符 U+FFFF",
}


def _control_char_problem(text: str, shown: str, line_offset: int) -> Problem | None:
    m = _NON_PRINTABLE.search(text)
    if m is None:
        return None
    ch = m.group(0)
    name = _CONTROL_NAMES.get(ord(ch)) or unicodedata.name(ch, "控制字符")
    return Problem("E_CONTROL_CHAR", f"这一行有看不见的控制字符 U+{ord(ch):04X}（{name}）", shown,
                   text.count("\n", 0, m.start()) + 1 + line_offset,
                   hint="多半是从 Word、微信或网页粘贴带进来的：删掉这一行里的这个字符（把它所在的文字重新打一遍最省事）")


def _tag_problem(text: str, shown: str, line_offset: int) -> Problem | None:
    """YAML tags (!!int, !!float, !ruby…) make the parser build values staff never meant."""
    if "!" not in text:  # no tag can start (Chinese text writes ！): the common case costs nothing
        return None
    try:
        for token in yaml.scan(text, Loader=_LineLoader):
            if isinstance(token, yaml.TagToken):
                return Problem("E_YAML_TAG", "这里用了 YAML 标记（以 ! 开头），healthboard 不接受", shown, token.start_mark.line + 1 + line_offset,
                               value=text[token.start_mark.index:token.end_mark.index], hint="去掉 ! 开头的标记；值里确实要写 ! 时给整个值加引号")
    except yaml.YAMLError:
        return None  # a syntax error: the parser below reports it with its line
    return None


# PyYAML's English, as staff read it; the parser's own text stays after it as a detail.
_YAML_MESSAGES = [
    ("found character '\\t' that cannot start any token", "这一行用 Tab 键缩进了：YAML 只能用空格缩进"),
    ("mapping values are not allowed here", "冒号用得不对：值里有“: ”时请给整个值加引号，或检查上一行是否少了缩进"),
    ("could not find expected ':'", "缺少冒号：每一项都应写成“字段: 值”"),
    ("found unexpected end of stream", "引号或括号没有成对"),
    ("found unexpected end of document", "引号或括号没有成对"),
    ("did not find expected key", "缩进不一致，或多了/少了一个短横线"),
    ("did not find expected node content", "这里缺少值，或方括号、短横线用得不对"),
    ("expected <block end>, but found", "缩进不一致：同一级的字段要对齐"),
    ("expected ',' or ']', but got", "方括号列表没有闭合，或项之间少了逗号"),
    ("expected ',' or '}', but got", "花括号没有闭合，或项之间少了逗号"),
    ("found undefined alias", "用了未定义的 * 引用：值以 * 开头时请加引号"),
    ("found unknown escape character", "双引号里的反斜杠 \\ 用法不对：改用单引号"),
    ("found a tab character", "用了 Tab 键：YAML 只能用空格"),
    ("found duplicate anchor", "& 锚点重复：值以 & 开头时请加引号"),
]


def _chinese(problem: str) -> str:
    for english, chinese in _YAML_MESSAGES:
        if problem.startswith(english):
            return chinese
    return "格式错误"


# A big YAML file (a city's board registry: 2,000 entries, 0.2 s to parse, a sixth of its no-change
# rebuild) is parsed once and kept in the run's cache, named by its text and by this module's code;
# smaller ones (an article's front matter) cost less to parse than to keep.
KEEP_PARSED_CHARS = 16_384
_KEEPING: ContextVar[Cache | None] = ContextVar("healthboard_parsed_yaml", default=None)


@contextmanager
def parsed_kept_in(cache: Cache) -> Iterator[None]:
    """Big YAML files parsed meanwhile come from `cache`, or go into it."""
    token = _KEEPING.set(cache)
    try:
        yield
    finally:
        _KEEPING.reset(token)


@lru_cache(maxsize=1)
def _code_digest() -> str:
    return digest(Path(__file__).read_bytes(), yaml.__version__)


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> Any:
    """Parse YAML text; every mistake (syntax, control characters, tags) names the file and line."""
    cache = _KEEPING.get() if len(text) >= KEEP_PARSED_CHARS else None
    key = digest("parsed-yaml", _code_digest(), str(line_offset), text) if cache else ""
    if cache and (kept := cache.get(key, ".pickle")) is not None:
        return pickle.loads(kept)  # a fresh copy each time: callers may change what they are given
    parsed = _parse(text, shown, line_offset)
    if cache:
        cache.put(key, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL), ".pickle")
    return parsed


def _parse(text: str, shown: str, line_offset: int) -> Any:
    found = _control_char_problem(text, shown, line_offset) or _tag_problem(text, shown, line_offset)
    if found:
        raise HealthboardError(found)
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except yaml.YAMLError as e:
        raise HealthboardError(yaml_problem(_explained(text, e), shown, line_offset)) from None
    except (ValueError, TypeError, OverflowError) as e:  # a constructor refused a value
        raise HealthboardError(Problem("E_YAML_TAG", f"YAML 中有无法读取的值（解析器原文：{e}）", shown, hint="给这个值加上引号")) from None
    finally:
        loader.dispose()


def _explained(text: str, error: yaml.YAMLError) -> yaml.YAMLError:
    """The same mistake as PyYAML's pure-Python parser words it (libyaml says less)."""
    loader = _ExplainingLoader(text)
    try:
        loader.get_single_data()
    except yaml.YAMLError as explained:
        return explained
    except (ValueError, TypeError, OverflowError):
        pass
    finally:
        loader.dispose()
    return error


def yaml_problem(error: yaml.YAMLError, shown: str, line_offset: int = 0) -> Problem:
    """A YAML syntax error as staff read it: file, line, what to look at."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    english = str(getattr(error, "problem", None) or error)
    return Problem(
        "E_YAML", f"YAML 格式错误：{_chinese(english)}（解析器原文：{english}）", file=shown,
        line=mark.line + 1 + line_offset if mark else None, hint="检查这一行附近的缩进、冒号后的空格和引号是否成对",
    )


def load_yaml(path: Path, shown: str) -> Any:
    return parse_yaml(read_text(path, shown), shown)


def split_front_matter(text: str, shown: str) -> tuple[Any, str, int]:
    """Return (front matter, body, line where the body starts) of a Markdown file."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            meta = parse_yaml("".join(lines[1:i]), shown, line_offset=1)
            return meta, "".join(lines[i + 1 :]), i + 2
    raise HealthboardError(
        Problem(
            "E_FRONT_MATTER",
            "文件开头的 front matter 没有结束标记 “---”",
            file=shown,
            line=1,
            hint="在字段列表之后单独加一行 ---",
        )
    )
