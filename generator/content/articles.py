"""Articles and updates: Markdown files with front matter."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem
from ..sanitize import remote
from .fields import ARTICLE_FIELDS, PAGE_FIELDS, UPDATE_FIELDS
from .model import Article, Topic, Update
from .yamlfile import LineDict, read_text, split_front_matter
from .record import Layout, Record, guard, rel, shown_path

STATUSES = ("draft", "approved")
# A panel carries a summary, the site the full text. Far longer text is a paste mistake, and WeasyPrint's
# layout time grows with the square of a paragraph's length (2,000 characters: 6 s a measurement).
SUMMARY_MAX = 600


def markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.name != "index.md") if folder.is_dir() else []


_HEADING = re.compile(r"^\s{0,3}#+\s.*$|^\s*$", re.M)


def front_matter(path: Path, shown: str, problems: list[Problem], missing: str, hint: str, warnings: list[Problem] | None = None) -> LineDict | None:
    """A Markdown file's front matter, or None with the problem recorded; a body with no text
    besides headings is a warning (W_EMPTY_BODY) when `warnings` is given."""
    before = len(problems)
    parts = guard(problems, lambda: split_front_matter(read_text(path, shown), shown))
    if len(problems) > before:
        return None
    meta, body, body_line = parts
    if not isinstance(meta, LineDict):
        problems.append(Problem("E_FRONT_MATTER_MISSING", missing, shown, 1, hint=hint))
        return None
    if warnings is not None and not _HEADING.sub("", body).strip():
        warnings.append(Problem("W_EMPTY_BODY", "正文是空的：居民扫码后只会看到标题", shown, body_line, hint="在 front matter 下面写上正文"))
    return meta


def load_articles(layout: Layout, topics: list[Topic], problems: list[Problem], warnings: list[Problem]) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    first_seen: dict[str, str] = {}
    topic_names = [t.name for t in topics]
    for path in markdown_files(layout.docs_dir / layout.articles_dir):
        shown = shown_path(layout, path)
        meta = front_matter(path, shown, problems, "文章缺少开头的 front matter（id、title、topic 等字段）", "参照示例文章，在文件开头用两行 --- 包住这些字段", warnings)
        if meta is None:
            continue
        r = Record(meta, shown, problems)
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
            src_uri=rel(layout, path), reviewed_by=reviewed_by, reviewed_on=reviewed_on,
            image=r.text("image", required=False), lines=dict(meta.key_lines),
        )
        check_image(article, layout.docs_dir, r)
        articles[article_id] = article
    return articles


IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


def check_image(article: Article, docs_dir: Path, r: Record) -> None:
    """The panel picture must be a file inside docs/ that both the site and the print pages can show."""
    uri = article.image_uri
    if uri is None:
        return
    hint = f"路径相对于文章所在目录（如 ../images/xxx.png），或以 / 开头相对于 {docs_dir.name}/；支持 " + "、".join(IMAGE_TYPES)
    if remote(article.image or "", own_host=""):
        r.problem("E_REMOTE_IMAGE", f"图片写成了其他网站的网址：宣传栏和网站只用 {docs_dir.name}/ 下的图片文件（居民的手机不去别的网站取图）",
                  "image", article.image, f"把图片下载下来放进 {docs_dir.name}/images/，写 image: ../images/文件名")
        return
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


def load_updates(layout: Layout, problems: list[Problem]) -> list[Update]:
    updates: list[Update] = []
    for path in markdown_files(layout.docs_dir / layout.updates_dir):
        shown = shown_path(layout, path)
        meta = front_matter(path, shown, problems, "动态缺少开头的 front matter（title、date）", "在文件开头用两行 --- 包住 title: 和 date:")
        if meta is None:
            continue
        r = Record(meta, shown, problems)
        r.only(UPDATE_FIELDS + PAGE_FIELDS, "动态的 front matter")
        title, date = r.text("title"), r.date("date")
        if title and date:
            updates.append(Update(title, date, rel(layout, path), r.text("summary", required=False) or ""))
    return updates


# A city's board registry often lives in a spreadsheet: boards.csv, with Chinese or English column names.
