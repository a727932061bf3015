"""Word manuscripts in: a .docx (as reviewed by the CDC) becomes a draft article. mammoth turns the
document into HTML and hands over its pictures; markdownify writes the Markdown; pypinyin makes the id
from the title. Nothing is decided silently: what had to be guessed is marked in the front matter."""
from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from .errors import HealthboardError, Problem
from .templating import yaml_str

KEYWORDS = Path(__file__).parent / "data" / "topic-keywords.yml"
ID_MAX = 40
# Word's "Title" and "Subtitle" styles (标题, 副标题) are a document's title and a heading, not paragraphs.
STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => h2:fresh"
SUMMARY_MAX = 80  # characters: what a board panel holds at a readable size
_FOOTNOTE_REF = re.compile(r'<sup><a href="#(?:footnote|endnote)-\d+" id="(?:footnote|endnote)-ref-\d+">\[\d+\]</a></sup>')
_FOOTNOTE = re.compile(r'<li id="(?:footnote|endnote)-\d+">(.*?)</li>', re.S)
_FOOTNOTE_LIST = re.compile(r'<ol>\s*(?:<li id="(?:footnote|endnote)-\d+">.*?</li>\s*)+</ol>', re.S)
_TAG = re.compile(r"<[^>]+>")
_H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


@dataclass
class Imported:
    article_id: str
    title: str
    text: str  # the whole Markdown file
    pictures: dict[str, bytes] = field(default_factory=dict)  # path inside docs/ -> bytes
    guessed: list[str] = field(default_factory=list)  # front matter fields to check
    missing: list[str] = field(default_factory=list)  # front matter fields to fill in
    lost: list[str] = field(default_factory=list)  # what mammoth could not carry over


def article_id(title: str, taken: Iterable[str]) -> str:
    """The title in pinyin, lowercase and hyphenated, at most 40 characters, a suffix when taken."""
    from pypinyin import Style, lazy_pinyin

    words = lazy_pinyin(title, style=Style.NORMAL, errors="default")  # digits and Latin letters kept as written
    slug = re.sub(r"-{2,}", "-", "-".join(re.sub(r"[^a-z0-9]+", "-", w.lower()) for w in words)).strip("-") or "article"
    if len(slug) > ID_MAX:
        slug = slug[:ID_MAX].rsplit("-", 1)[0] if "-" in slug[:ID_MAX] else slug[:ID_MAX]
    taken = set(taken)
    candidate, n = slug, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate, n = slug[: ID_MAX - len(suffix)].rstrip("-") + suffix, n + 1
    return candidate


def guess_topic(text: str, topics: list[str]) -> str:
    table = yaml.safe_load(KEYWORDS.read_text(encoding="utf-8")) or {}
    scores = {t: sum(text.count(k) for k in table.get(t, [])) for t in topics}
    best = max(topics, key=lambda t: scores[t]) if topics else ""
    return best if scores.get(best) else (topics[0] if topics else "")


def summary_of(body_html: str) -> str:
    """The first paragraph's first sentence(s) that fit a panel."""
    paragraphs = [re.sub(r"\s+", "", html.unescape(_TAG.sub("", p))) for p in re.findall(r"<p>(.*?)</p>", body_html, re.S)]
    first = next((p for p in paragraphs if p), "")
    out = ""
    for sentence in _SENTENCE.findall(first):
        if len(out) + len(sentence) > SUMMARY_MAX:
            break
        out += sentence
    return out or first[:SUMMARY_MAX]


def read_docx(path: Path) -> None:
    """Refuse what is not a .docx before mammoth sees it, naming the file and what to do."""
    shown = str(path)
    if path.suffix.lower() == ".doc" or (path.is_file() and path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise HealthboardError(Problem("E_DOC_OLD_FORMAT", "这是旧的 Word 格式（.doc），无法导入", shown,
                                       hint="用 WPS 或 Word 打开，“另存为”Word 文档（.docx）后再导入"))
    if not path.is_file():
        raise HealthboardError(Problem("E_DOCX_MISSING", "找不到这个文件", shown))
    if path.suffix.lower() != ".docx" or not zipfile.is_zipfile(path):
        raise HealthboardError(Problem("E_DOCX_DAMAGED", "文件不是 Word 文档（.docx），或已损坏", shown,
                                       hint="用 WPS 或 Word 打开后重新“另存为”.docx；打不开的文件请向原作者重新要一份"))


def import_docx(path: Path, *, taken: Iterable[str], topics: list[str], today: dt.date, images_dir: str, article_path: str) -> Imported:
    """`images_dir` ("images") and `article_path` ("articles/drafts/x.md", filled once the id is known,
    with {id}) are paths inside docs/."""
    import mammoth
    from markdownify import markdownify

    read_docx(path)
    pictures: list[tuple[bytes, str]] = []

    def picture(image) -> dict[str, str]:  # type: ignore[no-untyped-def]
        with image.open() as f:
            pictures.append((f.read(), image.content_type or "image/png"))
        return {"src": f"hb-picture-{len(pictures)}.invalid", "alt": image.alt_text or ""}

    try:
        with path.open("rb") as f:
            result = mammoth.convert_to_html(f, convert_image=mammoth.images.img_element(picture), style_map=STYLE_MAP)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as e:  # a zip that is not a Word document inside
        raise HealthboardError(Problem("E_DOCX_DAMAGED", f"Word 文档无法读取（{type(e).__name__}）", str(path),
                                       hint="用 WPS 或 Word 打开后重新“另存为”.docx")) from None
    body = result.value
    sources = [html.unescape(_TAG.sub("", s)).replace("↑", "").strip() for s in _FOOTNOTE.findall(body)]
    body = _FOOTNOTE_LIST.sub("", _FOOTNOTE_REF.sub("", body))
    heading = _H1.search(body)
    title = html.unescape(_TAG.sub("", heading.group(1))).strip() if heading else path.stem
    if heading:
        body = body[: heading.start()] + body[heading.end():]
    new_id = article_id(title, taken)
    here = posixpath.dirname(article_path.format(id=new_id))
    saved: dict[str, bytes] = {}
    for n, (data, content_type) in enumerate(pictures, 1):
        ext = {"image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg", "image/webp": "webp"}.get(content_type, "png")
        where = f"{images_dir}/{new_id}/{n}.{ext}"
        saved[where] = data
        body = body.replace(f"hb-picture-{n}.invalid", posixpath.relpath(where, here))
    markdown = markdownify(body, heading_style="ATX", bullets="-", table_infer_header=True, escape_underscores=False).strip()
    markdown = re.sub(r"\n{3,}", "\n\n", markdown)
    plain = _TAG.sub("", html.unescape(body))
    topic = guess_topic(title + plain, topics)
    summary = summary_of(body)
    lost = sorted({m.message for m in result.messages if m.type == "warning"})
    missing = [] if sources else ["sources"]
    front = [
        "---", f"id: {new_id}", f"title: {yaml_str(title)}",
        f"topic: {topic}  # 按关键词猜的，请核对", f"summary: {yaml_str(summary)}  # 文中第一句，请按宣传栏版块的篇幅修改",
        "sources:" + ("" if sources else "  # 请填写信息来源：文件名称和条目编号"),
        *([f"  - {yaml_str(s)}" for s in sources] or ['  - "待填写"']),
        "status: draft",
        "# 审核通过后改为 status: approved，填写下面两项，并把文件从 articles/drafts/ 移到 articles/：",
        "# reviewed_by: 审核单位", f"# reviewed_on: {today.isoformat()}",
        f"date: {today.isoformat()}", f"# 从 Word 导入：{path.name}", "---", "",
    ]
    text = "\n".join(front) + f"\n# {title}\n\n{markdown}\n"
    return Imported(new_id, title, text, saved, ["topic", "summary"], missing, lost)
