"""Print a large board on office paper: A3 or A4 sheets that overlap, with marks for gluing them."""
from __future__ import annotations

import io
import math

import pikepdf

from ..content.sizes import ISO_A

MM = 72 / 25.4
MARGIN_MM = 10.0  # office printers cannot print to the edge
LABEL_Y_MM, LABEL_W_MM, LABEL_H_MM = 3.0, 180.0, 5.0  # the instruction line in the bottom margin


def _instructions(rows: int, cols: int, overlap_mm: float) -> pikepdf.Pdf:
    """One small page per sheet of a rows × cols tiling: where the sheet goes and how to glue it, in
    Chinese (set by WeasyPrint, so the CJK font is embedded like the board's own)."""
    from weasyprint import HTML

    from ..fonts import FONT_STACK

    lines = "".join(
        f"<p>第 {r + 1} 行 第 {c + 1} 列（共 {rows} 行 {cols} 列）　相邻两张重叠 {overlap_mm:g} 毫米："
        f"下一张对齐虚线压在重叠处粘贴，四角十字对准</p>"
        for r in range(rows) for c in range(cols)
    )
    css = (f"@page {{ size: {LABEL_W_MM}mm {LABEL_H_MM}mm; margin: 0 }} body {{ margin: 0 }}"
           f"p {{ margin: 0; font: 7.5pt/{LABEL_H_MM}mm {FONT_STACK}; white-space: nowrap; break-after: page }}")
    return pikepdf.Pdf.open(io.BytesIO(HTML(string=f"<html lang='zh-CN'><style>{css}</style><body>{lines}</body></html>").write_pdf()))


def tile_grid(width_mm: float, height_mm: float, sheet: str, overlap_mm: float) -> tuple[float, float, int, int]:
    """Sheet width and height (best orientation), columns and rows needed to cover the board."""
    best = None
    w0, h0 = ISO_A[sheet]
    for sw, sh in ((w0, h0), (h0, w0)):
        step_x, step_y = sw - 2 * MARGIN_MM - overlap_mm, sh - 2 * MARGIN_MM - overlap_mm
        cols = max(1, math.ceil((width_mm - overlap_mm) / step_x))
        rows = max(1, math.ceil((height_mm - overlap_mm) / step_y))
        if best is None or cols * rows < best[2] * best[3]:
            best = (sw, sh, cols, rows)
    return best


def tile_pdf(board_pdf: bytes, sheet: str = "A3", overlap_mm: float = 10.0) -> bytes:
    """Every page of `board_pdf` (one board each) cut into overlapping sheets, row by row."""
    src = pikepdf.Pdf.open(io.BytesIO(board_pdf))
    out = pikepdf.Pdf.new()
    labels: dict[tuple[int, int], pikepdf.Pdf] = {}
    for page in src.pages:
        trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
        width, height = (trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM
        sw, sh, cols, rows = tile_grid(width, height, sheet, overlap_mm)
        form = out.copy_foreign(page.as_form_xobject())
        if (rows, cols) not in labels:
            labels[rows, cols] = _instructions(rows, cols, overlap_mm)
        pw, ph = sw - 2 * MARGIN_MM, sh - 2 * MARGIN_MM  # printable area
        step_x, step_y = pw - overlap_mm, ph - overlap_mm
        for r in range(rows):
            for c in range(cols):
                tx = MARGIN_MM - c * step_x - trim[0] / MM
                ty = MARGIN_MM - (height - r * step_y - ph) - trim[1] / MM
                ops = [
                    f"q {MARGIN_MM * MM:.2f} {MARGIN_MM * MM:.2f} {pw * MM:.2f} {ph * MM:.2f} re W n",
                    f"1 0 0 1 {tx * MM:.2f} {ty * MM:.2f} cm /P Do Q",
                    _assembly_marks(sw, sh, pw, ph, overlap_mm, c < cols - 1, r < rows - 1),
                    f"q 1 0 0 1 {MARGIN_MM * MM:.2f} {LABEL_Y_MM * MM:.2f} cm /L Do Q",
                ]
                label = out.copy_foreign(labels[rows, cols].pages[r * cols + c].as_form_xobject())
                sheet_page = pikepdf.Dictionary(
                    Type=pikepdf.Name.Page,
                    MediaBox=pikepdf.Array([0, 0, sw * MM, sh * MM]),
                    Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(P=form, L=label)),
                    Contents=out.make_stream("\n".join(ops).encode("ascii")),
                )
                out.pages.append(pikepdf.Page(sheet_page))
    buf = io.BytesIO()
    out.save(buf, compress_streams=True)
    return buf.getvalue()


def _assembly_marks(sw: float, sh: float, pw: float, ph: float, overlap: float, right: bool, below: bool) -> str:
    """Dashed lines where the next sheet's content starts, and registration crosses at the corners."""
    m, ops = MARGIN_MM, ["q 0.3 w 0 0 0 RG [4 3] 0 d"]
    if right:
        x = (m + pw - overlap) * MM
        ops.append(f"{x:.2f} {m * MM:.2f} m {x:.2f} {(m + ph) * MM:.2f} l S")
    if below:
        y = (m + overlap) * MM
        ops.append(f"{m * MM:.2f} {y:.2f} m {(m + pw) * MM:.2f} {y:.2f} l S")
    ops.append("[] 0 d")
    for cx, cy in ((m, m), (m + pw, m), (m, m + ph), (m + pw, m + ph)):
        x, y, k = cx * MM, cy * MM, 4 * MM
        ops.append(f"{x - k:.2f} {y:.2f} m {x + k:.2f} {y:.2f} l S {x:.2f} {y - k:.2f} m {x:.2f} {y + k:.2f} l S")
    ops.append("Q")
    return "\n".join(ops)
