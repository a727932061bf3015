"""The print-shop PDF's parts on their own: the base page and its slots, and the assembler's pages,
boxes and crop marks. Small pages written here; no site, no board layout."""
from __future__ import annotations

import io
import re

import pikepdf
import pypdfium2 as pdfium
import pytest
from weasyprint import HTML

from healthboard.cache import Cache
from healthboard.pdf.assemble import MM, SLUG_MM, Assembler, crop_marks, split_pages
from healthboard.pdf.base import render_base, render_base_cached

BASE = """<!doctype html><html><head><style>
@page { size: 100mm 60mm; margin: 0; bleed: %(bleed)s; }
body { margin: 0; font-family: sans-serif; }
.band { background: #c00; height: 20mm; margin: 0; }
.slot { position: absolute; left: 10mm; top: 25mm; width: 50mm; height: 10mm; font-size: 12pt; line-height: 1.5;
        font-weight: 700; color: rgb(0, 0, 255); }
</style></head><body><div class="band"></div><div class="slot" data-slot="meta"></div>
<svg data-slot="qr:0" style="position:absolute;left:70mm;top:30mm" width="20mm" height="20mm"></svg></body></html>"""


def _base(bleed: str = "0mm"):
    return render_base(BASE % {"bleed": bleed}, None)


def _overlay(pages: int) -> bytes:
    sections = "".join(f'<section style="page-break-after:always">第{i}块</section>' for i in range(pages))
    return HTML(string=f"<style>@page {{ size: 100mm 60mm; margin: 0 }}</style>{sections}").write_pdf()


def test_base_page_finds_each_slot_where_css_put_it_with_its_style():
    base = _base()
    assert base.width == pytest.approx(100 * MM, abs=0.1) and base.height == pytest.approx(60 * MM, abs=0.1)
    meta = base.slots["meta"]
    assert (meta.x, meta.y) == (pytest.approx(10 * MM, abs=0.5), pytest.approx(25 * MM, abs=0.5))
    assert (meta.width, meta.height) == (pytest.approx(50 * MM, abs=0.5), pytest.approx(10 * MM, abs=0.5))
    assert (meta.font_size, meta.line_height, meta.font_weight, meta.color) == (pytest.approx(12), 1.5, 700, "rgb(0,0,255)")
    assert (base.slots["qr:0"].x, base.slots["qr:0"].width) == (pytest.approx(70 * MM, abs=0.5), pytest.approx(20 * MM, abs=0.5))
    with pikepdf.Pdf.open(io.BytesIO(base.pdf)) as pdf:
        assert _boxes(pdf.pages[0])["/MediaBox"][2] == pytest.approx(100 * MM, abs=0.1)


def test_base_page_is_rendered_once_and_then_read_from_the_cache(tmp_path):
    cache = Cache(tmp_path / "cache")
    first = render_base_cached(BASE % {"bleed": "0mm"}, None, cache)
    misses = cache.misses
    again = render_base_cached(BASE % {"bleed": "0mm"}, None, Cache(tmp_path / "cache"))
    assert again.slots == first.slots and (again.width, again.height) == (first.width, first.height) and again.pdf == first.pdf
    changed = render_base_cached((BASE % {"bleed": "0mm"}).replace("left: 10mm", "left: 12mm"), None, cache)
    assert cache.misses > misses and changed.slots["meta"].x == pytest.approx(12 * MM, abs=0.5)


def _boxes(page: pikepdf.Page) -> dict[str, list[float]]:
    return {name: [round(float(v), 2) for v in page.obj[name]] for name in ("/MediaBox", "/TrimBox", "/BleedBox") if name in page.obj}


def test_assembled_pages_share_one_base_and_keep_trim_and_bleed():
    base = _base("3mm")
    assembler = Assembler(base, marks=False)
    assembler.set_overlays(_overlay(2))
    assembler.add_page(0, "0 0 0 rg 10 10 20 20 re f")
    assembler.add_page(1, "")
    pdf = pikepdf.Pdf.open(io.BytesIO(assembler.save()))
    assert len(pdf.pages) == 2
    forms = {page.obj.Resources.XObject.B.objgen for page in pdf.pages}
    assert len(forms) == 1  # the base page is stored once, however many boards
    boxes = _boxes(pdf.pages[0])
    bleed, trim = boxes["/BleedBox"], boxes["/TrimBox"]
    assert trim[2] - trim[0] == pytest.approx(100 * MM, abs=0.1)
    assert trim[0] - bleed[0] == pytest.approx(3 * MM, abs=0.1)
    assert boxes["/MediaBox"] == bleed  # no marks: no slug
    # the red band runs into the bleed: the base form is not clipped to the trim
    assert [round(float(v), 2) for v in pdf.pages[0].obj.Resources.XObject.B.BBox] == bleed
    # the extra operators (a code) are drawn: a black square near the bottom-left corner
    image = pdfium.PdfDocument(assembler.save())[0].render(scale=2).to_pil().convert("L")
    left = (trim[0] - float(pdf.pages[0].obj.MediaBox[0]) + 20) * 2
    bottom = image.height - (trim[1] - float(pdf.pages[0].obj.MediaBox[1]) + 20) * 2
    assert image.getpixel((int(left), int(bottom))) < 50


def test_marks_put_a_slug_around_the_bleed_with_a_mark_at_each_corner():
    base = _base("3mm")
    assembler = Assembler(base, marks=True)
    assembler.set_overlays(_overlay(1))
    assembler.add_page(0, "")
    pdf = pikepdf.Pdf.open(io.BytesIO(assembler.save()))
    page = pdf.pages[0]
    boxes = _boxes(page)
    media, bleed, trim = boxes["/MediaBox"], boxes["/BleedBox"], boxes["/TrimBox"]
    assert bleed[0] - media[0] == pytest.approx(SLUG_MM * MM, abs=0.05) and media[2] - bleed[2] == pytest.approx(SLUG_MM * MM, abs=0.05)
    lines = re.findall(r"([\d.-]+) ([\d.-]+) m ([\d.-]+) ([\d.-]+) l S", crop_marks(trim, trim[0] - bleed[0]))
    assert len(lines) == 8
    for x0, y0, x1, y1 in (tuple(map(float, line)) for line in lines):
        # each mark lies wholly outside the bleed, inside the slug, on a trim line
        outside = max(x0, x1) <= bleed[0] or min(x0, x1) >= bleed[2] or max(y0, y1) <= bleed[1] or min(y0, y1) >= bleed[3]
        inside_media = media[0] <= min(x0, x1) and max(x0, x1) <= media[2] and media[1] <= min(y0, y1) and max(y0, y1) <= media[3]
        on_trim = (x0 == x1 and x0 in (trim[0], trim[2])) or (y0 == y1 and y0 in (trim[1], trim[3]))
        assert outside and inside_media and on_trim
    assert crop_marks(trim, trim[0] - bleed[0]).split("\n")[-1] == "Q" and crop_marks(trim, 0).encode("ascii")
    assert "1 1 1 1 K" in page.Contents.read_bytes().decode()  # registration black, drawn in the page itself


def test_split_pages_gives_one_file_per_board_with_the_same_boxes():
    assembler = Assembler(_base("3mm"), marks=True)
    assembler.set_overlays(_overlay(3))
    for i in range(3):
        assembler.add_page(i, "")
    whole = assembler.save()
    singles = split_pages(whole)
    assert len(singles) == 3
    whole_pdf = pikepdf.Pdf.open(io.BytesIO(whole))
    first = _boxes(whole_pdf.pages[0])
    for data in singles:
        pdf = pikepdf.Pdf.open(io.BytesIO(data))
        assert len(pdf.pages) == 1 and _boxes(pdf.pages[0]) == first
