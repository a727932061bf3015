"""Whether a panel's picture has enough pixels for the size it is printed at on a board."""
from __future__ import annotations

import math
from pathlib import Path

from PIL import Image

from ..content.model import Article
from ..errors import Problem
from .layout import BoardLayout, image_box_mm

MM_PER_INCH = 25.4


def required_dpi(layout: BoardLayout) -> int:
    """Small boards and posters are read up close; big boards from a step or two away."""
    return 96 if layout.size.is_large else 150


def low_resolution(article: Article, layout: BoardLayout, docs_dir: Path, lead: bool = False) -> Problem | None:
    """A warning when the picture would print blurred on boards of this size (in the feature panel,
    with `lead`); vector pictures never do."""
    if article.image_uri is None or article.image_uri.lower().endswith(".svg"):
        return None
    with Image.open(docs_dir / article.image_uri) as image:
        px_w, px_h = image.size
    box_w, box_h = image_box_mm(layout, lead)
    mm_per_px = min(box_w / px_w, box_h / px_h)  # object-fit: contain
    dpi, need = MM_PER_INCH / mm_per_px, required_dpi(layout)
    if dpi >= need:
        return None
    printed_w, printed_h = px_w * mm_per_px, px_h * mm_per_px
    wanted = (math.ceil(printed_w / MM_PER_INCH * need), math.ceil(printed_h / MM_PER_INCH * need))
    return Problem(
        "W_IMAGE_LOW_RES",
        f"图片在 {layout.size.label} 的宣传栏上印出约 {printed_w:.0f}×{printed_h:.0f} 毫米，只有 {int(dpi)} dpi，印出来会模糊"
        f"（至少需要 {need} dpi）",
        file=f"{docs_dir.name}/{article.src_uri}", line=article.lines.get("image"), field="image", value=f"{px_w}×{px_h} 像素",
        hint=f"换一张至少 {wanted[0]}×{wanted[1]} 像素的图片，或改用 SVG 矢量图",
    )
