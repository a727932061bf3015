"""Read every QR code back from the finished PDFs, as a phone would, and compare with what was meant."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import zxingcpp

from .shop import CodeSpot


@dataclass(frozen=True)
class CodeFailure:
    file: Path
    page: int  # 1-based
    expected: str
    found: tuple[str, ...]

    def __str__(self) -> str:
        got = "、".join(self.found) if self.found else "无法识别"
        return f"{self.file} 第 {self.page} 页：应为 {self.expected}，读出 {got}"


def verify_file(path: Path, pages: list[list[CodeSpot]], dpi: int = 150) -> list[CodeFailure]:
    """Rasterise the area around each code at `dpi` (pdfium) and decode it (zxing-cpp)."""
    failures = []
    pdf = pypdfium2.PdfDocument(path)
    try:
        for index, spots in enumerate(pages):
            page = pdf[index]
            left, bottom, right, top = page.get_mediabox()
            trim_left, _, _, trim_top = page.get_trimbox()
            for spot in spots:
                side = spot.slot.width
                pad = side * 0.15
                x0, y1 = trim_left + spot.slot.x, trim_top - spot.slot.y  # the code's top-left, PDF space
                crop = (x0 - pad - left, y1 - side - pad - bottom, right - (x0 + side + pad), top - (y1 + pad))
                image = page.render(scale=dpi / 72, crop=tuple(max(0.0, c) for c in crop)).to_pil()
                found = tuple(r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode)
                if found != (spot.url,):
                    failures.append(CodeFailure(path, index + 1, spot.url, found))
    finally:
        pdf.close()
    return failures
