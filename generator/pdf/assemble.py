"""Put a board's PDF page together: the shared base page, its text overlay and its QR codes."""
from __future__ import annotations

import io

import pikepdf

from .base import BasePage


class Assembler:
    """Builds one output PDF whose pages all draw the same base page (stored once) plus their own parts."""

    def __init__(self, base: BasePage) -> None:
        self.pdf = pikepdf.Pdf.new()
        self._base_src = pikepdf.Pdf.open(io.BytesIO(base.pdf))
        self._base_page = self._base_src.pages[0]
        self._base_form = self.pdf.copy_foreign(self._base_page.as_form_xobject())
        self._overlay_src: pikepdf.Pdf | None = None

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
        for box in ("/MediaBox", "/TrimBox", "/BleedBox", "/CropBox"):
            if box in src:
                page[box] = pikepdf.Array([float(v) for v in src[box]])
        page.Contents = self.pdf.make_stream(f"q /B Do Q q /O Do Q\n{extra_ops}\n".encode("ascii"))
        self.pdf.pages.append(pikepdf.Page(page))

    def save(self) -> bytes:
        out = io.BytesIO()
        self.pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


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
