"""Per-board parts: text slots in one small WeasyPrint document, QR codes as PDF vector paths."""
from __future__ import annotations

from ..qr import Matrix, runs
from ..templating import environment
from .base import Slot

_templates = environment("templates", html=True)


def overlay_html(width_pt: float, height_pt: float, slots: dict[str, Slot], pages: list[dict[str, str]], font_css: str) -> str:
    """One page per board holding only its text slots, each absolutely placed where the base left room."""
    boards = [[(slots[name], text) for name, text in texts.items()] for texts in pages]
    return _templates.get_template("overlay.html.j2").render(width=width_pt, height=height_pt, pages=boards, font_stack=font_css)


def qr_ops(matrix: Matrix, x: float, y_top: float, side: float, page_height: float) -> str:
    """PDF operators that paint the code: a white square, then one rectangle per run of dark modules."""
    m = side / len(matrix)
    bottom = page_height - y_top - side
    ops = [f"q 1 g {x:.3f} {bottom:.3f} {side:.3f} {side:.3f} re f 0 g"]
    ops += [f"{x + c * m:.3f} {page_height - y_top - (r + 1) * m:.3f} {n * m:.3f} {m:.3f} re" for r, c, n in runs(matrix)]
    ops.append("f Q")
    return "\n".join(ops)
