"""YAML reading that remembers line numbers, so errors can point at the line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import HealthboardError, Problem


class LineDict(dict):
    """A mapping from YAML that knows the line of each key (1-based, in its file)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    line_offset = 0


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1 + loader.line_offset
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Keep dates as the text the user wrote; date validation gives better messages.
_LineLoader.yaml_implicit_resolvers = {
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


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> Any:
    """Parse YAML text; syntax errors name the file and line."""
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except yaml.YAMLError as e:
        raise HealthboardError(yaml_problem(e, shown, line_offset)) from None
    finally:
        loader.dispose()


def yaml_problem(error: yaml.YAMLError, shown: str, line_offset: int = 0) -> Problem:
    """A YAML syntax error as staff read it: file, line, what to look at."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return Problem(
        "E_YAML", f"YAML 格式错误：{getattr(error, 'problem', None) or error}", file=shown,
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
