"""Per-board parts: text slots in one small WeasyPrint document, QR codes as PDF vector paths."""
from __future__ import annotations

from ..qr import Matrix, runs
from .base import Slot


def overlay_html(width_pt: float, height_pt: float, slots: dict[str, Slot], pages: list[dict[str, str]], font_css: str) -> str:
    """One page per board holding only its text slots, each absolutely placed where the base left room."""
    body = []
    for texts in pages:
        parts = []
        for name, text in texts.items():
            s = slots[name]
            # A one-line slot stays one line: the sample board had the longest text of its size.
            wrap = "nowrap" if s.height < 1.5 * s.font_size * s.line_height else "normal"
            parts.append(
                f'<div style="left:{s.x:.3f}pt;top:{s.y:.3f}pt;width:{s.width + 0.5:.3f}pt;font-size:{s.font_size:.3f}pt;'
                f'line-height:{s.line_height:.4f};font-weight:{s.font_weight};color:{s.color};white-space:{wrap}">{text}</div>'
            )
        body.append(f'<section>{"".join(parts)}</section>')
    return (
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><style>"
        f"@page {{ size: {width_pt:.3f}pt {height_pt:.3f}pt; margin: 0 }} html, body {{ margin: 0 }}"
        f"body {{ font-family: {font_css}; }}"
        f"section {{ position: relative; width: {width_pt:.3f}pt; height: {height_pt:.3f}pt; overflow: hidden; break-after: page }}"
        "section > div { position: absolute; margin: 0; padding: 0 }"
        "</style></head><body>" + "".join(body) + "</body></html>"
    )


def qr_ops(matrix: Matrix, x: float, y_top: float, side: float, page_height: float) -> str:
    """PDF operators that paint the code: a white square, then one rectangle per run of dark modules."""
    m = side / len(matrix)
    bottom = page_height - y_top - side
    ops = [f"q 1 g {x:.3f} {bottom:.3f} {side:.3f} {side:.3f} re f 0 g"]
    ops += [f"{x + c * m:.3f} {page_height - y_top - (r + 1) * m:.3f} {n * m:.3f} {m:.3f} re" for r, c, n in runs(matrix)]
    ops.append("f Q")
    return "\n".join(ops)
