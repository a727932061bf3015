"""Shared test helpers: build sites in temporary folders, decode QR codes from rendered output."""
from __future__ import annotations

import os
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import zxingcpp
from mkdocs.commands.build import build
from mkdocs.config import load_config

from healthboard.content.model import Content

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

MKDOCS_YML = """\
site_name: 测试区健康教育
site_url: {site_url}
theme:
  name: material
  language: zh
  font: false
extra:
  generator: false
exclude_docs: |
  _data/
draft_docs: |
  articles/drafts/
plugins:
  - search:
      lang: zh
  - healthboard:
      district: 测试区
      unit: 测试区爱卫办
      topics:
        - {{id: personal-hygiene, name: 个人卫生}}
        - {{id: tobacco-control, name: 控烟}}
{plugin_extra}"""

ARTICLE = """\
---
id: {id}
title: {title}
topic: 个人卫生
summary: 这是一段摘要。
sources:
  - 《中国公民健康素养—基本知识与技能（2024年版）》第9条
status: {status}
reviewed_by: 测试区疾控中心
reviewed_on: 2026-01-02
date: 2026-01-03
---

# {title}

社区居民健康评估工作正在进行中，请大家积极参加。
"""

BOARDS = """\
- id: b1
  name: 一号栏
  address: 测试路1号
  grid: 东片
  unit: 东片社区
  phone: "0000-1"
  size: 2400×1200
- id: b2
  name: 二号栏
  address: 测试路2号
  grid: 西片
  unit: 西片社区
  phone: "0000-2"
  size: A3 landscape
"""

EDITION = """\
number: 1
date: 2026-02-01
theme: 测试主题
articles:
  - wash-hands
  - no-smoking
"""


def write_project(root: Path, *, site_url: str = "https://example.org/health/", plugin_extra: str = "", files: dict[str, str | bytes] | None = None) -> Path:
    """A small but complete project: two articles, a draft, two boards, one edition."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(site_url=site_url, plugin_extra=textwrap.indent(plugin_extra, "      ")), encoding="utf-8")
    base = {
        "docs/index.md": "# 首页\n\n欢迎。\n",
        "docs/articles/wash-hands.md": ARTICLE.format(id="wash-hands", title="勤洗手", status="approved"),
        "docs/articles/sub/no-smoking.md": ARTICLE.format(id="no-smoking", title="不吸烟", status="approved"),
        "docs/articles/drafts/draft-one.md": ARTICLE.format(id="draft-one", title="草稿文章", status="draft"),
        "docs/updates/2026-01-05-news.md": "---\ntitle: 一条动态\ndate: 2026-01-05\n---\n\n# 一条动态\n\n内容。\n",
        "docs/_data/boards.yml": BOARDS,
        "docs/_data/editions/001.yml": EDITION,
    }
    base.update(files or {})
    for rel, text in base.items():
        path = root / rel
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def copy_example(dest: Path, manifest: bool = True) -> Path:
    """The example district in `dest`; with `manifest=False` its printed-URL manifest starts empty."""
    for name in ("mkdocs.yml", "docs", "overrides"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    if manifest:
        shutil.copy(REPO / "printed-urls.txt", dest / "printed-urls.txt")
    return dest


@dataclass(frozen=True)
class Built:
    """What a build produced. MkDocs reuses plugin instances across builds in one process,
    so the content model is captured here rather than read from the plugin later."""

    config_file_path: str
    site_dir: str
    site_url: str
    content: Content


def build_project(root: Path, **overrides: object) -> Built:
    """Build like `mkdocs build` does (startup event included)."""
    config = load_config(str(root / "mkdocs.yml"), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Built(config.config_file_path, config.site_dir, config.site_url, config.plugins["healthboard"].summary().content)


def decode_svgs(svgs: list[str], side_mm: float = 40, dpi: int = 150) -> list[list[str]]:
    """Render each inline SVG on its own PDF page (WeasyPrint), rasterise it (pdfium), decode (zxing)."""
    from weasyprint import HTML

    style = f'<svg style="width:{side_mm}mm;height:{side_mm}mm"'
    pages = "".join(f'<div style="break-after: page">{svg.replace("<svg", style, 1)}</div>' for svg in svgs)
    doc = f"<html><head><style>@page {{ size: {side_mm + 20}mm; margin: 10mm }} body {{ margin: 0 }}</style></head><body>{pages}</body></html>"
    pdf = pypdfium2.PdfDocument(HTML(string=doc).write_pdf())
    decoded = []
    for page in pdf:
        image = page.render(scale=dpi / 72).to_pil()
        decoded.append([r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode])
    return decoded
