"""Put a board's PDF page together: the shared base page, its text overlay and its QR codes."""
from __future__ import annotations

import io

import pikepdf

from .base import BasePage


MM = 72 / 25.4
SLUG_MM = 10.0  # beyond the bleed: room for crop marks a press can see
MARK_GAP_MM, MARK_LENGTH_MM = 1.0, 6.0  # marks start this far outside the bleed, this long


class Assembler:
    """Builds one output PDF whose pages all draw the same base page (stored once) plus their own parts.

    With `marks`, each page gets a slug around its bleed (MediaBox = BleedBox + 10 mm) with crop
    marks drawn in the page itself, not inside a form that would clip them."""

    def __init__(self, base: BasePage, marks: bool = False) -> None:
        self.pdf = pikepdf.Pdf.new()
        self._base_src = pikepdf.Pdf.open(io.BytesIO(base.pdf))
        self._base_page = self._base_src.pages[0]
        form = self._base_page.as_form_xobject()
        # as_form_xobject() clips to the trim: the bleed (backgrounds running off the edge) must survive.
        form.BBox = pikepdf.Array([float(v) for v in self._base_page.obj.get("/BleedBox", self._base_page.obj.MediaBox)])
        self._base_form = self.pdf.copy_foreign(form)
        self._overlay_src: pikepdf.Pdf | None = None
        self._marks = marks

    def set_overlays(self, overlay_pdf: bytes) -> None:
        self._overlay_src = pikepdf.Pdf.open(io.BytesIO(overlay_pdf))

    def add_page(self, overlay_index: int, extra_ops: str) -> None:
        assert self._overlay_src is not None
        overlay_form = self.pdf.copy_foreign(self._overlay_src.pages[overlay_index].as_form_xobject())
        src = self._base_page.obj
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(B=self._base_form, O=overlay_form)),
        )
        for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
            if box in src:
                page[box] = pikepdf.Array([float(v) for v in src[box]])
        trim = [float(v) for v in src.get("/TrimBox", src.MediaBox)]
        bleed = [float(v) for v in src.get("/BleedBox", src.MediaBox)]
        marks = ""
        if self._marks:
            slug = SLUG_MM * MM
            page.MediaBox = pikepdf.Array([bleed[0] - slug, bleed[1] - slug, bleed[2] + slug, bleed[3] + slug])
            marks = crop_marks(trim, trim[0] - bleed[0])
        page.Contents = self.pdf.make_stream(f"q /B Do Q q /O Do Q\n{extra_ops}\n{marks}\n".encode("ascii"))
        self.pdf.pages.append(pikepdf.Page(page))

    def save(self) -> bytes:
        out = io.BytesIO()
        self.pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def crop_marks(trim: list[float], bleed: float) -> str:
    """Hairline crop marks in registration black at the four trim corners, outside the bleed."""
    x0, y0, x1, y1 = trim
    start, end = bleed + MARK_GAP_MM * MM, bleed + (MARK_GAP_MM + MARK_LENGTH_MM) * MM
    ops = ["q 0.25 w 1 1 1 1 K"]
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            ops.append(f"{x + sx * start:.2f} {y:.2f} m {x + sx * end:.2f} {y:.2f} l S")  # horizontal, beside the corner
            ops.append(f"{x:.2f} {y + sy * start:.2f} m {x:.2f} {y + sy * end:.2f} l S")  # vertical, above or below it
    ops.append("Q")
    return "\n".join(ops)


def split_pages(pdf: bytes) -> list[bytes]:
    """One single-page PDF per page (per-board files for units that print their own)."""
    src = pikepdf.Pdf.open(io.BytesIO(pdf))
    result = []
    for page in src.pages:
        one = pikepdf.Pdf.new()
        one.pages.append(page)
        out = io.BytesIO()
        one.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        result.append(out.getvalue())
    return result
