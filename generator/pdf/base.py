"""Render a board size's base page once and find where the per-board parts (slots) go."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from ..cache import Cache, digest, inputs_digest
from ..poster.fit import boxes

PX_PT = 0.75  # CSS px to PDF points


@dataclass(frozen=True)
class Slot:
    """A per-board part's box, in points from the trim's top-left corner, and its text style."""

    name: str
    x: float
    y: float
    width: float
    height: float
    font_size: float  # pt
    line_height: float  # multiple of font size
    font_weight: int
    color: str


@dataclass
class BasePage:
    pdf: bytes
    slots: dict[str, Slot]
    width: float  # trim, pt
    height: float


def _css_color(color: object) -> str:
    coords = getattr(color, "coordinates", None)
    if coords and len(coords) >= 3:
        return "rgb({:.0f},{:.0f},{:.0f})".format(*(max(0.0, min(1.0, c)) * 255 for c in coords[:3]))
    return "#000"


def _line_height(style) -> float:
    value = style["line_height"]
    if isinstance(value, (int, float)):
        return float(value)
    if getattr(value, "unit", None) == "px":
        return value.value / style["font_size"]
    return 1.2


def render_base(html: str, base_url: str | None) -> BasePage:
    from weasyprint import HTML  # only when the base page is not cached

    document = HTML(string=html, base_url=base_url).render()
    page = document.pages[0]
    slots: dict[str, Slot] = {}
    for box in boxes(page):
        element = getattr(box, "element", None)
        name = element.get("data-slot") if element is not None else None
        if name and name not in slots and box.element_tag != "svg":
            style = box.style
            slots[name] = Slot(
                name=name, x=box.content_box_x() * PX_PT, y=box.content_box_y() * PX_PT,
                width=box.width * PX_PT, height=box.height * PX_PT, font_size=style["font_size"] * PX_PT,
                line_height=_line_height(style), font_weight=int(style["font_weight"]), color=_css_color(style["color"]),
            )
    return BasePage(document.write_pdf(), slots, page.width * PX_PT, page.height * PX_PT)


def render_base_cached(html: str, base_url: str | None, cache: Cache) -> BasePage:
    key = digest("base-v2", inputs_digest(html, base_url), html, base_url or "")
    pdf, meta = cache.get(key, ".pdf"), cache.get(key, ".json")
    if pdf is not None and meta is not None:
        data = json.loads(meta)
        return BasePage(pdf, {k: Slot(**v) for k, v in data["slots"].items()}, data["width"], data["height"])
    base = render_base(html, base_url)
    cache.put(key, base.pdf, ".pdf")
    cache.put(key, json.dumps({"slots": {k: asdict(v) for k, v in base.slots.items()}, "width": base.width, "height": base.height}).encode(), ".json")
    return base
