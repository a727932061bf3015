"""Read articles, updates, the board registry and editions; validate; build the model.

Every problem is collected with its file, line and field, and all are raised together.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from ..errors import HealthboardError, Problem
from .model import Article, Board, Content, Edition, Posting, Topic, Update
from .sizes import SIZE_HINT, is_plausible, parse_size
from .fields import ARTICLE_FIELDS, BOARD_FIELDS, EDITION_FIELDS, PAGE_FIELDS, UPDATE_FIELDS, unknown_keys
from .sheet import read_sheet
from .yamlfile import LineDict, LineList, load_yaml, read_text, split_front_matter

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
ID_HINT = "只用小写英文字母、数字和连字符，如 hand-washing；id 会印在二维码里，发布后不要再改"
DATE_HINT = "写成 年-月-日，如 2026-03-15"
# Phone numbers as they are printed: digits, dashes, spaces, brackets, extensions, several numbers.
PHONE_RE = re.compile(r"^\+?[0-9()\- ]+(转[0-9]+)?([、/,][ ]?\+?[0-9()\- ]+(转[0-9]+)?)*$")
STATUSES = ("draft", "approved")
# A panel carries a summary, the site the full text. Far longer text is a paste mistake, and WeasyPrint's
# layout time grows with the square of a paragraph's length (2,000 characters: 6 s a measurement).
SUMMARY_MAX = 600


@dataclass(frozen=True)
class Layout:
    """Where content lives inside docs/."""

    docs_dir: Path
    articles_dir: str = "articles"
    updates_dir: str = "updates"
    data_dir: str = "_data"

    @property
    def boards_file(self) -> Path:
        return self.docs_dir / self.data_dir / "boards.yml"

    @property
    def editions_dir(self) -> Path:
        return self.docs_dir / self.data_dir / "editions"

    @property
    def postings_file(self) -> Path:
        return self.docs_dir / self.data_dir / "postings.csv"


# Spreadsheets rewrite 2026-03-15 as 2026/3/15; staff also write 2026年3月15日 or 2026.3.15.
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(text: str) -> dt.date | None:
    """A calendar date written the ways Chinese staff and their spreadsheets write it, or None."""
    m = _DATE.match(text.strip())
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:  # 2026-02-30
        return None


class _Record:
    """One YAML mapping or CSV row being validated; reports problems against its file, line and field
    (for a CSV row, the column as its header names it, from `labels`)."""

    def __init__(self, data: LineDict, file: str, problems: list[Problem], labels: dict[str, str] | None = None) -> None:
        self.data, self.file, self.problems, self.labels = data, file, problems, labels

    def problem(self, code: str, message: str, field: str | None = None, value: Any = None, hint: str | None = None) -> None:
        line = self.data.line_of(field) if field else self.data.line
        shown = self.labels.get(field, field) if self.labels and field else field
        self.problems.append(Problem(code, message, self.file, line, shown, value, hint))

    def only(self, known: Sequence[str], what: str) -> None:
        """Every key must be a known one: a misspelt key would otherwise be ignored in silence."""
        self.problems.extend(unknown_keys(((k, self.data.line_of(str(k))) for k in self.data), known, self.file, what))

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, "", [])

    def item_line(self, key: str, index: int) -> int:
        """The line of a list item (its own line in a block list), else the key's line."""
        value = self.data.get(key)
        return value.line_at(index) if isinstance(value, LineList) else self.data.line_of(key)

    def item_problem(self, code: str, message: str, key: str, index: int, value: Any, hint: str | None = None) -> None:
        self.problems.append(Problem(code, message, self.file, self.item_line(key, index), key, value, hint))

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.data.as_written(key) if isinstance(self.data, LineDict) else self.data.get(key)
        if value in (None, ""):
            if required:
                hint = f"在“{self.labels[key]}”列填写" if self.labels and key in self.labels else f"补上 {key}: …"
                self.problem("E_MISSING_FIELD", "缺少必填字段", key, hint=hint)
            return None
        if isinstance(value, (dict, list)):
            self.problem("E_BAD_FIELD", "这里应当是一段文字", key, value, "去掉多余的缩进或短横线")
            return None
        return str(value).strip()

    def date(self, key: str, required: bool = True) -> dt.date | None:
        raw = self.text(key, required)
        if raw is None:
            return None
        date = parse_date(raw)
        if date is None:
            self.problem("E_BAD_DATE", "日期无效", key, raw, DATE_HINT)
        return date

    def ident(self, key: str = "id") -> str | None:
        raw = self.text(key)
        if raw is not None and not ID_RE.match(raw):
            self.problem("E_BAD_ID", "id 格式不对", key, raw, ID_HINT)
            return None
        return raw

    def text_list(self, key: str, required: bool = True) -> list[str] | None:
        value = self.data.get(key)
        if value in (None, "", []):
            if required:
                self.problem("E_MISSING_FIELD", "缺少必填字段（至少一项）", key, hint=f"写成列表，每项一行：{key}:\\n  - …")
            return None
        if isinstance(value, (str, int)):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and str(v).strip() for v in value):
            self.problem("E_BAD_FIELD", "这里应当是列表，每项一行文字", key, value, f"写成：{key}:\\n  - …")
            return None
        return [str(v).strip() for v in value]


def _mapping(data: Any, file: str, problems: list[Problem], what: str) -> LineDict | None:
    if isinstance(data, LineDict):
        return data
    problems.append(Problem("E_BAD_STRUCTURE", f"{what}应当是“字段: 值”的列表", file, getattr(data, "line", None), value=None if data is None else type(data).__name__))
    return None


def _guard(problems: list[Problem], fn: Callable[[], Any]) -> Any:
    """Run a reader; a fatal problem in one file is recorded and the others still get checked."""
    try:
        return fn()
    except HealthboardError as e:
        problems.extend(e.problems)
        return None


def load_content(layout: Layout, topics: list[Topic], required_topics: Sequence[str] = (), as_of: dt.date | None = None) -> Content:
    """`required_topics`: topics every edition must carry (some cities demand 控烟 and 病媒生物防制);
    `as_of`: today, for the warning about editions dated far ahead."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    articles = _load_articles(layout, topics, problems, warnings)
    # An article or board file that is itself broken must not also show up as "unknown" in editions.
    articles_complete = not problems
    updates = _load_updates(layout, problems)
    before = len(problems)
    boards = _load_boards(layout, problems)
    boards_complete = len(problems) == before
    editions = _load_editions(layout, articles if articles_complete else None, boards if boards_complete else None, problems)
    postings = _load_postings(layout, boards, editions, problems) if not problems else []
    if not problems:
        _check_required_topics(layout, editions, articles, topics, required_topics, problems)
    if problems:
        raise HealthboardError(problems)
    updates.sort(key=lambda u: u.date, reverse=True)
    for e in editions if as_of else []:
        if (e.date - as_of).days > 365:  # 2062 for 2026: a typo that would make every board look current
            warnings.append(Problem("W_EDITION_FAR_DATE", f"{e.label}的日期在一年以后", _shown(layout, layout.docs_dir / e.src_uri), e.lines.get("date"), "date", e.date.isoformat(), "检查年份"))
    return Content(topics=topics, articles=articles, boards=boards, editions=editions, updates=updates, postings=postings, warnings=warnings)


def _rel(layout: Layout, path: Path) -> str:
    return path.relative_to(layout.docs_dir).as_posix()


def _shown(layout: Layout, path: Path) -> str:
    """File name as staff see it: relative to the project, e.g. docs/articles/x.md."""
    return (Path(layout.docs_dir.name) / path.relative_to(layout.docs_dir)).as_posix()


def _markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.name != "index.md") if folder.is_dir() else []


_HEADING = re.compile(r"^\s{0,3}#+\s.*$|^\s*$", re.M)


def _front_matter(path: Path, shown: str, problems: list[Problem], missing: str, hint: str, warnings: list[Problem] | None = None) -> LineDict | None:
    """A Markdown file's front matter, or None with the problem recorded; a body with no text
    besides headings is a warning (W_EMPTY_BODY) when `warnings` is given."""
    before = len(problems)
    parts = _guard(problems, lambda: split_front_matter(read_text(path, shown), shown))
    if len(problems) > before:
        return None
    meta, body, body_line = parts
    if not isinstance(meta, LineDict):
        problems.append(Problem("E_FRONT_MATTER_MISSING", missing, shown, 1, hint=hint))
        return None
    if warnings is not None and not _HEADING.sub("", body).strip():
        warnings.append(Problem("W_EMPTY_BODY", "正文是空的：居民扫码后只会看到标题", shown, body_line, hint="在 front matter 下面写上正文"))
    return meta


def _load_articles(layout: Layout, topics: list[Topic], problems: list[Problem], warnings: list[Problem]) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    first_seen: dict[str, str] = {}
    topic_names = [t.name for t in topics]
    for path in _markdown_files(layout.docs_dir / layout.articles_dir):
        shown = _shown(layout, path)
        meta = _front_matter(path, shown, problems, "文章缺少开头的 front matter（id、title、topic 等字段）", "参照示例文章，在文件开头用两行 --- 包住这些字段", warnings)
        if meta is None:
            continue
        r = _Record(meta, shown, problems)
        r.only(ARTICLE_FIELDS + PAGE_FIELDS, "文章的 front matter")
        article_id = r.ident()
        title, topic, summary = r.text("title"), r.text("topic"), r.text("summary")
        sources = r.text_list("sources")
        status = r.text("status")
        date = r.date("date")
        reviewed_by = r.text("reviewed_by", required=False)
        reviewed_on = r.date("reviewed_on", required=False)
        if summary is not None and len(summary) > SUMMARY_MAX:
            r.problem("E_SUMMARY_TOO_LONG", f"摘要有 {len(summary)} 个字，宣传栏版块上最多印 {SUMMARY_MAX} 个字", "summary", summary[:20] + "……",
                      "摘要只写最要紧的一两句（一般 50–150 字）；全文在网站上，居民扫码阅读")
        if topic is not None and topic not in topic_names:
            r.problem("E_UNKNOWN_TOPIC", "栏目不在 mkdocs.yml 配置的栏目列表中", "topic", topic, "改成其中之一：" + "、".join(topic_names))
        if status is not None and status not in STATUSES:
            r.problem("E_BAD_STATUS", "状态只能是 draft（草稿）或 approved（已审核）", "status", status)
        if status == "approved":
            for key, value in (("reviewed_by", reviewed_by), ("reviewed_on", reviewed_on)):
                if value is None and not r.has(key):
                    r.problem("E_MISSING_FIELD", "已审核（approved）的文章必须写明审核单位和审核日期", key, hint="补上 reviewed_by: 审核单位 和 reviewed_on: 审核日期，或把 status 改回 draft")
        if article_id and article_id in first_seen:
            r.problem("E_DUPLICATE_ID", f"文章 id 与 {first_seen[article_id]} 重复", "id", article_id, "每篇文章的 id 必须唯一：给其中一篇换一个新 id")
            continue
        if None in (article_id, title, topic, summary, sources, status, date):
            continue
        first_seen[article_id] = shown
        article = Article(
            id=article_id, title=title, topic=topic, summary=summary, sources=sources, status=status, date=date,
            src_uri=_rel(layout, path), reviewed_by=reviewed_by, reviewed_on=reviewed_on,
            image=r.text("image", required=False), lines=dict(meta.key_lines),
        )
        _check_image(article, layout.docs_dir, r)
        articles[article_id] = article
    return articles


IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


def _check_image(article: Article, docs_dir: Path, r: _Record) -> None:
    """The panel picture must be a file inside docs/ that both the site and the print pages can show."""
    uri = article.image_uri
    if uri is None:
        return
    hint = f"路径相对于文章所在目录（如 ../images/xxx.png），或以 / 开头相对于 {docs_dir.name}/；支持 " + "、".join(IMAGE_TYPES)
    path = docs_dir / uri
    if uri.startswith("../") or not path.is_file():
        r.problem("E_MISSING_IMAGE", f"图片文件不存在（找的是 {docs_dir.name}/{uri}）", "image", article.image, hint)
    elif path.suffix.lower() not in IMAGE_TYPES:
        r.problem("E_BAD_IMAGE", "不支持这种图片格式", "image", article.image, hint)
    elif path.suffix.lower() != ".svg":
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            r.problem("E_BAD_IMAGE", "图片文件已损坏或不是它扩展名所说的格式", "image", article.image, "用看图软件打开确认，重新导出为 PNG 或 JPG")


def _load_updates(layout: Layout, problems: list[Problem]) -> list[Update]:
    updates: list[Update] = []
    for path in _markdown_files(layout.docs_dir / layout.updates_dir):
        shown = _shown(layout, path)
        meta = _front_matter(path, shown, problems, "动态缺少开头的 front matter（title、date）", "在文件开头用两行 --- 包住 title: 和 date:")
        if meta is None:
            continue
        r = _Record(meta, shown, problems)
        r.only(UPDATE_FIELDS + PAGE_FIELDS, "动态的 front matter")
        title, date = r.text("title"), r.date("date")
        if title and date:
            updates.append(Update(title, date, _rel(layout, path), r.text("summary", required=False) or ""))
    return updates


# A city's board registry often lives in a spreadsheet: boards.csv, with Chinese or English column names.
BOARD_COLUMNS = {
    "id": ("id", "编号", "宣传栏编号"),
    "name": ("name", "名称", "宣传栏名称"),
    "address": ("address", "地址", "位置"),
    "grid": ("grid", "片区", "网格"),
    "unit": ("unit", "责任单位", "单位"),
    "phone": ("phone", "联系电话", "电话"),
    "size": ("size", "尺寸", "规格"),
    "notes": ("notes", "备注", "说明"),
}


def _board_entries(layout: Layout, problems: list[Problem]) -> tuple[str, list[LineDict], dict[str, str] | None]:
    """The registry's entries from boards.yml or boards.csv, its name as shown, and CSV column names."""
    yml, table = layout.boards_file, layout.boards_file.with_suffix(".csv")
    if yml.is_file() and table.is_file():
        problems.append(Problem("E_TWO_REGISTRIES", f"宣传栏登记表有两份：{_shown(layout, yml)} 和 {_shown(layout, table)}", _shown(layout, table), hint="只保留其中一份"))
        return "", [], None
    if table.is_file():
        shown = _shown(layout, table)
        sheet = _guard(problems, lambda: read_sheet(table, shown, "宣传栏登记表", BOARD_COLUMNS, frozenset({"notes"})))
        return (shown, sheet.rows, sheet.columns) if sheet else (shown, [], None)
    shown = _shown(layout, yml)
    if not yml.is_file():
        # A site with articles only (short links and codes, no boards) needs no registry; editions do.
        if layout.editions_dir.is_dir() and any(layout.editions_dir.glob("*.yml")):
            problems.append(Problem("E_NO_BOARDS", "有期次文件，却找不到宣传栏登记表", shown, hint=f"创建这个文件（或用表格软件做一份 {_shown(layout, table)}），每块宣传栏一项：id、name、address、grid、unit、phone、size"))
        return shown, [], None
    data = _guard(problems, lambda: load_yaml(yml, shown))
    if data is None:
        return shown, [], None
    if not isinstance(data, list):
        problems.append(Problem("E_BAD_STRUCTURE", "宣传栏登记表应当是列表，每块宣传栏以“- id: …”开头", shown, getattr(data, "line", 1)))
        return shown, [], None
    return shown, [e for item in data if (e := _mapping(item, shown, problems, "每块宣传栏")) is not None], None


def _load_boards(layout: Layout, problems: list[Problem]) -> dict[str, Board]:
    shown, entries, labels = _board_entries(layout, problems)
    boards: dict[str, Board] = {}
    first_line: dict[str, int] = {}
    for entry in entries:
        r = _Record(entry, shown, problems, labels)
        if labels is None:  # a spreadsheet's columns are checked once, at its header
            r.only(BOARD_FIELDS, "宣传栏登记表")
        board_id = r.ident()
        fields = {k: r.text(k) for k in ("name", "address", "grid", "unit", "phone")}
        if fields["phone"] and not PHONE_RE.match(unicodedata.normalize("NFKC", fields["phone"])):
            r.problem("E_BAD_PHONE", "联系电话里有数字以外的字符（会原样印在宣传栏上）", "phone", fields["phone"],
                      "只写数字、连字符和空格，如 0571-81234567；分机写成 0571-81234567转123；多个号码用“、”隔开")
        raw_size = r.text("size")
        size = parse_size(raw_size) if raw_size is not None else None
        if raw_size is not None and size is None:
            r.problem("E_BAD_SIZE", "看不懂宣传栏尺寸", "size", raw_size, SIZE_HINT)
        elif size is not None and not is_plausible(size):
            r.problem("E_BAD_SIZE", f"宣传栏尺寸不合常理：{size.label}", "size", raw_size,
                      "不写单位时按毫米计；如果是厘米或米，请写上单位，如 240×120厘米、2.4×1.2米")
            size = None
        if board_id is not None and board_id in first_line:
            r.problem("E_DUPLICATE_ID", f"宣传栏 id 重复：第 {first_line[board_id]} 行已经用过", "id", board_id, "每块宣传栏的 id 必须唯一：给其中一块换一个新 id")
            continue
        if board_id is not None:
            first_line[board_id] = entry.line_of("id")
        if board_id is None or size is None or None in fields.values():
            continue
        boards[board_id] = Board(id=board_id, size=size, notes=r.text("notes", required=False) or "", **fields)
    return boards


def _load_editions(layout: Layout, articles: dict[str, Article] | None, boards: dict[str, Board] | None, problems: list[Problem]) -> list[Edition]:
    """Editions; `articles`/`boards` are None when their own files had errors (no cross-checks then)."""
    editions: dict[int, Edition] = {}
    folder = layout.editions_dir
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        shown = _shown(layout, path)
        data = _guard(problems, lambda: load_yaml(path, shown))
        entry = _mapping(data, shown, problems, "期次文件") if data is not None else None
        if entry is None:
            continue
        r = _Record(entry, shown, problems)
        r.only(EDITION_FIELDS, "期次文件")
        number = entry.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            r.problem("E_BAD_FIELD" if "number" in entry else "E_MISSING_FIELD", "期数应当是正整数", "number", number, "写成 number: 3")
            number = None
        elif number in editions:
            r.problem("E_DUPLICATE_EDITION", f"第{number}期已在 {editions[number].src_uri} 中定义", "number", number, "换一个期数，或合并这两个文件")
            number = None
        date, theme = r.date("date"), r.text("theme")
        article_ids = r.text_list("articles")
        board_ids = r.text_list("boards", required=False)
        for i, aid in enumerate(article_ids if articles is not None and article_ids else []):
            if aid not in articles:
                r.item_problem("E_UNKNOWN_ARTICLE", "期次中列出的文章不存在", "articles", i, aid, "检查拼写：这里写的是文章 front matter 中的 id")
            elif articles[aid].is_draft:
                r.item_problem("E_DRAFT_IN_EDITION", "期次中列出的文章还是草稿，不能上栏", "articles", i, aid, "文章审核后把 status 改为 approved，或从本期去掉")
        for i, aid in enumerate(article_ids or []):
            if aid in article_ids[:i]:
                r.item_problem("E_BAD_FIELD", f"同一篇文章在本期中列了两次（第一次在第 {r.item_line('articles', article_ids.index(aid))} 行）", "articles", i, aid, "删掉重复的一行")
        for i, bid in enumerate(board_ids if boards is not None and board_ids else []):
            if bid not in boards:
                r.item_problem("E_UNKNOWN_BOARD", "期次中列出的宣传栏不在登记表中", "boards", i, bid, "检查拼写，或先在宣传栏登记表中登记")
        if None in (number, date, theme, article_ids):
            continue
        editions[number] = Edition(number, date, theme, article_ids, board_ids, _rel(layout, path), dict(entry.key_lines))
    ordered = [editions[n] for n in sorted(editions)]
    for before, after in zip(ordered, ordered[1:]):
        if after.date < before.date:  # usually a mistyped year or month
            problems.append(Problem("E_EDITION_DATE_ORDER", f"{after.label}的日期早于{before.label}（{before.date.isoformat()}）",
                                    _shown(layout, layout.docs_dir / after.src_uri), after.lines.get("date"), "date", after.date.isoformat(),
                                    "检查年份和月份；期数按出刊先后编号"))
    return ordered


def _check_required_topics(layout: Layout, editions: list[Edition], articles: dict[str, Article], topics: list[Topic], required: Sequence[str], problems: list[Problem]) -> None:
    names = [t.name for t in topics]
    for topic in required:
        if topic not in names:
            problems.append(Problem("E_UNKNOWN_TOPIC", "每期必含的栏目不在栏目列表中", "mkdocs.yml", field="healthboard.required_topics", value=topic, hint="改成其中之一：" + "、".join(names)))
    for edition in editions:
        present = {articles[a].topic for a in edition.articles}
        for topic in (t for t in required if t in names and t not in present):
            candidates = [a.id for a in sorted(articles.values(), key=lambda a: a.date, reverse=True) if a.topic == topic and not a.is_draft][:3]
            problems.append(Problem(
                "E_EDITION_MISSING_TOPIC", f"{edition.label}没有“{topic}”栏目的文章，而 mkdocs.yml 的 required_topics 要求每期都有",
                f"{layout.docs_dir.name}/{edition.src_uri}", edition.lines.get("articles"), "articles",
                hint=f"在 articles 中加入一篇{topic}文章" + (f"，如 {'、'.join(candidates)}" if candidates else f"（还没有已审核的{topic}文章，请先写一篇）"),
            ))


# Staff keep postings in a spreadsheet: Chinese or English column names both work.
POSTING_COLUMNS = {
    "board": ("board", "宣传栏", "宣传栏编号"),
    "edition": ("edition", "期数", "期次"),
    "date": ("date", "张贴日期", "日期"),
    "by": ("by", "张贴人", "经办人"),
    "photo": ("photo", "照片"),
    "notes": ("notes", "备注", "说明"),
}


def _load_postings(layout: Layout, boards: dict[str, Board], editions: list[Edition], problems: list[Problem]) -> list[Posting]:
    path = layout.postings_file
    if not path.is_file():
        return []
    shown = _shown(layout, path)
    sheet = _guard(problems, lambda: read_sheet(path, shown, "张贴记录", POSTING_COLUMNS, frozenset({"photo", "notes"})))
    if sheet is None:
        return []
    by_number = {e.number: e for e in editions}
    postings: list[Posting] = []
    seen: dict[tuple[str, int], int] = {}
    for row in sheet.rows:
        line = row.line
        board, number_text, date_text, by, photo = (row.get(key, "") for key in ("board", "edition", "date", "by", "photo"))
        before = len(problems)

        def bad(code: str, message: str, field: str, value: object, hint: str | None = None) -> None:
            problems.append(Problem(code, message, shown, line, sheet.columns.get(field, field), value, hint))

        if board not in boards:
            bad("E_UNKNOWN_BOARD", "张贴记录中的宣传栏不在登记表中", "board", board, "检查宣传栏 id 的拼写")
        digits = number_text.removeprefix("第").removesuffix("期").strip()  # "3", "第3期" and "3期" all mean 3
        number = int(digits) if digits.isdigit() else None
        edition = by_number.get(number) if number is not None else None
        if edition is None:
            bad("E_UNKNOWN_EDITION", "张贴记录中的期数不存在", "edition", number_text, "写阿拉伯数字期数，如 3；该期须已在 editions 中定义")
        date = parse_date(date_text)
        if date is None:
            bad("E_BAD_DATE", "张贴日期无效", "date", date_text, DATE_HINT)
        if not by:
            bad("E_MISSING_FIELD", "没有写张贴人", "by", None, "写上张贴人或经办单位")
        if edition and date and date < edition.date:
            bad("E_POSTED_BEFORE_EDITION", f"张贴日期早于{edition.label}的出刊日期 {edition.date.isoformat()}", "date", date_text)
        if edition and board in boards and edition.boards is not None and board not in edition.boards:
            bad("E_BOARD_NOT_IN_EDITION", f"{edition.label}不在这块宣传栏上栏", "board", board, "检查期数，或把宣传栏加入该期的 boards")
        if photo and not (layout.docs_dir / photo).is_file():
            bad("E_MISSING_PHOTO", "照片文件不存在", "photo", photo, f"照片路径相对于 {layout.docs_dir.name}/，如 images/postings/xxx.jpg")
        if number is not None and (board, number) in seen:
            bad("E_DUPLICATE_POSTING", f"与第 {seen[(board, number)]} 行重复：同一块宣传栏同一期只记一次", "board", board)
        if len(problems) == before:
            seen[(board, number)] = line
            postings.append(Posting(board, number, date, by, photo or None, line))
    return sorted(postings, key=lambda p: (p.date, p.board))
