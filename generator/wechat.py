"""Articles out to the office's WeChat official account (公众号): an HTML file whose formatting
survives copy and paste into its editor, which keeps inline styles only. The article's Markdown is
rendered by Python-Markdown, its pictures embedded by a small tree processor, and the result cleaned
by nh3, which also writes each element's style (set_tag_attribute_values)."""
from __future__ import annotations

import base64
import mimetypes
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .content.model import Article
from .content.yamlfile import split_front_matter
from .links import short_url
from .sanitize import URL_SCHEMES, attribute_filter
from .templating import environment

EMBED_MAX_BYTES = 1_000_000  # bigger pictures are listed for upload in the editor instead
BODY = "font-size:16px;line-height:1.75;color:#1a1a1a;"
_templates = environment("templates", html=True)


def styles(color: str) -> dict[str, dict[str, str]]:
    """Every element's inline style: a 16 px body, headings in the site's colour, pictures to the width."""
    return {tag: {"style": style} for tag, style in {
        "h1": f"font-size:20px;line-height:1.4;font-weight:bold;color:{color};margin:24px 0 12px;",
        "h2": f"font-size:18px;line-height:1.4;font-weight:bold;color:{color};margin:24px 0 12px;padding-left:8px;border-left:4px solid {color};",
        "h3": "font-size:17px;line-height:1.4;font-weight:bold;color:#1a1a1a;margin:20px 0 10px;",
        "h4": "font-size:16px;font-weight:bold;margin:16px 0 8px;",
        "p": f"{BODY}margin:0 0 16px;",
        "ul": "margin:0 0 16px;padding-left:24px;", "ol": "margin:0 0 16px;padding-left:24px;",
        "li": f"{BODY}margin:0 0 6px;",
        "strong": f"font-weight:bold;color:{color};", "b": "font-weight:bold;", "em": "font-style:italic;",
        "blockquote": "margin:0 0 16px;padding:8px 12px;background:#f5f5f5;border-left:4px solid #bbbbbb;color:#555555;",
        "table": "border-collapse:collapse;width:100%;margin:0 0 16px;font-size:15px;",
        "th": "border:1px solid #cccccc;padding:6px 8px;background:#f0f5f0;font-weight:bold;text-align:left;",
        "td": "border:1px solid #cccccc;padding:6px 8px;",
        "img": "display:block;max-width:100%;height:auto;margin:8px auto;",
        "a": f"color:{color};text-decoration:none;",
        "code": "font-family:Menlo,Consolas,monospace;font-size:14px;background:#f5f5f5;padding:0 3px;",
        "hr": "border:none;border-top:1px solid #dddddd;margin:24px 0;",
    }.items()}


@dataclass
class Export:
    html: str
    embedded: list[str] = field(default_factory=list)  # pictures inside the file
    to_upload: list[str] = field(default_factory=list)  # pictures to upload in the editor (large, or SVG)


class _Pictures(Treeprocessor):
    """Local pictures become data: URLs; too large or SVG (the editor refuses it) are left to upload."""

    def __init__(self, md: markdown.Markdown, folder: Path, docs_dir: Path, export: Export) -> None:
        super().__init__(md)
        self.folder, self.docs_dir, self.export = folder, docs_dir, export

    def run(self, root: Element) -> None:
        for img in root.iter("img"):
            src = img.get("src", "")
            if urlsplit(src).scheme:
                continue
            path = (self.docs_dir / src.lstrip("/")) if src.startswith("/") else self.folder / unquote(src)
            kind = mimetypes.guess_type(path.name)[0] or ""
            if path.is_file() and kind in ("image/png", "image/jpeg", "image/gif", "image/webp") and path.stat().st_size <= EMBED_MAX_BYTES:
                img.set("src", f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode())
                self.export.embedded.append(src)
            else:
                self.export.to_upload.append(src)
                img.tag, img.text = "p", f"【此处插入图片：{posixpath.basename(src)}，请在公众号编辑器中上传】"
                for key in list(img.attrib):
                    del img.attrib[key]


class _PicturesExtension(Extension):
    def __init__(self, folder: Path, docs_dir: Path, export: Export) -> None:
        super().__init__()
        self.args = (folder, docs_dir, export)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_Pictures(md, *self.args), "hb_pictures", 5)


def wechat_html(article: Article, docs_dir: Path, site_url: str, color: str) -> Export:
    source = docs_dir / article.src_uri
    _, body, _ = split_front_matter(source.read_text(encoding="utf-8-sig"), article.src_uri)
    export = Export("")
    rendered = markdown.markdown(body, extensions=["tables", "attr_list", "sane_lists", _PicturesExtension(source.parent, docs_dir, export)])
    tags = set(styles(color)) | {"br", "sup", "sub", "span", "thead", "tbody", "tr", "del", "s", "u", "mark", "pre"}
    cleaned = nh3.clean(
        rendered, tags=tags, clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "math", "form"},
        attributes={"a": {"href"}, "img": {"src", "alt"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}},
        attribute_filter=attribute_filter, url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
        set_tag_attribute_values=styles(color),
    )
    first_h1 = cleaned.find("<h1")
    if first_h1 >= 0 and article.title in cleaned[first_h1:cleaned.find("</h1>", first_h1)]:
        cleaned = cleaned[:first_h1] + cleaned[cleaned.find("</h1>", first_h1) + 5:]  # the title is printed once, above
    export.html = _templates.get_template("wechat.html.j2").render(article=article, body=cleaned, short_url=short_url(site_url, article.id), color=color)
    return export
