"""Print-shop PDFs: page boxes, one page per board, embedded CJK fonts, codes that read back, cache."""
from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
import zxingcpp

from healthboard.cli import main as cli_main
from healthboard.fonts import check_cjk_font
from healthboard.errors import HealthboardError
from helpers import write_project

MM_PT = 72 / 25.4


def run_pdf(root: Path, *args: str) -> int:
    return cli_main(["pdf", "-f", str(root / "mkdocs.yml"), "-o", str(root / "pdf"), "-q", *args])


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """The fixture district's PDFs, made once: bleed and marks on (the defaults)."""
    root = write_project(tmp_path_factory.mktemp("shop"))
    assert run_pdf(root, "--jobs", "2") == 0
    return root


def _box_mm(box) -> tuple[float, float]:
    left, bottom, right, top = box
    return (right - left) / MM_PT, (top - bottom) / MM_PT


def test_files_per_grid_size_and_per_board(shop):
    files = sorted(str(p.relative_to(shop / "pdf")) for p in (shop / "pdf").rglob("*.pdf"))
    assert files == ["第1期/东片_2400x1200mm.pdf", "第1期/单块/b1.pdf", "第1期/单块/b2.pdf", "第1期/西片_420x297mm.pdf"]


@pytest.mark.parametrize("name,size", [("东片_2400x1200mm", (2400, 1200)), ("西片_420x297mm", (420, 297))])
def test_trim_is_board_size_with_bleed_box_around(shop, name, size):
    pdf = pypdfium2.PdfDocument(shop / f"pdf/第1期/{name}.pdf")
    assert len(pdf) == 1  # one board in each grid here
    page = pdf[0]
    trim = _box_mm(page.get_trimbox())
    bleed = _box_mm(page.get_bleedbox())
    assert abs(trim[0] - size[0]) < 0.5 and abs(trim[1] - size[1]) < 0.5
    assert abs(bleed[0] - size[0] - 6) < 0.5 and abs(bleed[1] - size[1] - 6) < 0.5
    media = _box_mm(page.get_mediabox())  # a 10 mm slug around the bleed holds the crop marks
    assert abs(media[0] - bleed[0] - 20) < 0.5 and abs(media[1] - bleed[1] - 20) < 0.5


def test_crop_marks_are_visible_in_the_slug_and_preflight_sees_them(shop, tmp_path):
    from healthboard.pdf.verify import preflight

    path = shop / "pdf/第1期/西片_420x297mm.pdf"
    assert preflight(path, 3.0, marks=True) == []
    page = pypdfium2.PdfDocument(path)[0]
    w, h = page.get_width(), page.get_height()
    corner = page.render(scale=300 / 72, crop=(0, h - 14 * MM_PT, w - 14 * MM_PT, 0)).to_pil().convert("L")
    assert corner.getextrema()[0] < 128  # dark hairlines beside the top-left corner, outside the bleed
    # The same page without its marks (as when they were clipped inside the base form) fails preflight.
    unmarked = pikepdf.open(path)
    unmarked.pages[0].obj.Contents = unmarked.make_stream(b"q /B Do Q q /O Do Q")
    unmarked.save(tmp_path / "unmarked.pdf")
    assert any("看不到裁切线" in p for p in preflight(tmp_path / "unmarked.pdf", 3.0, marks=True))
    assert any("出血不是 5 毫米" in p for p in preflight(path, 5.0, marks=True))


def test_no_bleed_for_banners(tmp_path):
    root = write_project(tmp_path)
    assert run_pdf(root, "--bleed", "0", "--no-per-board", "--jobs", "1") == 0
    page = pypdfium2.PdfDocument(root / "pdf/第1期/西片_420x297mm.pdf")[0]
    media = _box_mm(page.get_mediabox())
    assert abs(media[0] - 420) < 0.5 and abs(media[1] - 297) < 0.5
    assert not (root / "pdf/第1期/单块").exists()


MM_PT = 72 / 25.4


def _fonts(pdf: pikepdf.Pdf):
    seen = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/FontDescriptor" in obj:
            seen[str(obj.BaseFont)] = obj.FontDescriptor
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/DescendantFonts" in obj:
            for d in obj.DescendantFonts:
                seen[str(d.BaseFont)] = d.FontDescriptor
    return seen


def test_fonts_are_embedded_and_text_extracts_as_chinese(shop):
    path = shop / "pdf/第1期/单块/b2.pdf"
    with pikepdf.open(path) as pdf:
        fonts = _fonts(pdf)
    assert fonts, "no fonts found"
    assert any("CJK" in name for name in fonts), fonts.keys()
    for name, descriptor in fonts.items():
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"
    text = re.sub(r"\s+", "", pypdfium2.PdfDocument(path)[0].get_textpage().get_text_range())
    for expected in ("健康教育宣传栏", "勤洗手", "不吸烟", "这是一段摘要。", "二号栏", "西片社区", "0000-2", "12320"):
        assert expected in text, expected


def test_every_code_reads_back_at_150_dpi_from_the_whole_page(shop):
    page = pypdfium2.PdfDocument(shop / "pdf/第1期/单块/b2.pdf")[0]
    image = page.render(scale=150 / 72).to_pil()
    found = sorted(r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode)
    assert found == sorted(f"https://example.org/health/q/{a}/?b=b2&e=1" for a in ("wash-hands", "no-smoking"))


def test_codes_are_vector(shop):
    with pikepdf.open(shop / "pdf/第1期/单块/b1.pdf") as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
    assert images == []


def test_unchanged_rerun_draws_nothing_and_a_change_redraws_only_its_grid(tmp_path, capsys):
    root = write_project(tmp_path)
    assert run_pdf(root, "--jobs", "1") == 0
    first = {p: p.stat().st_mtime_ns for p in (root / "pdf").rglob("*.pdf")}
    capsys.readouterr()
    assert run_pdf(root, "--jobs", "1") == 0
    assert "新绘制 0 组，取自缓存 0 组，未变 2 组" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in (root / "pdf").rglob("*.pdf")} == first
    boards = (root / "docs/_data/boards.yml").read_text(encoding="utf-8").replace('phone: "0000-2"', 'phone: "0000-9"')
    (root / "docs/_data/boards.yml").write_text(boards, encoding="utf-8")
    assert run_pdf(root, "--jobs", "1") == 0
    assert "新绘制 1 组，取自缓存 0 组，未变 1 组" in capsys.readouterr().out
    text = pypdfium2.PdfDocument(root / "pdf/第1期/单块/b2.pdf")[0].get_textpage().get_text_range()
    assert "0000-9" in text


def test_verify_on_the_example_district(tmp_path, capsys):
    from helpers import copy_example

    root = copy_example(tmp_path)
    assert cli_main(["pdf", "-f", str(root / "mkdocs.yml"), "-o", str(root / "pdf"), "-q", "--verify"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"印前检查通过：\d+ 个文件的成品尺寸、3 毫米出血、裁切线、字体嵌入、矢量二维码；\d+ 个二维码 zxing 和微信引擎 都能识别", out), out


@pytest.mark.parametrize("args,code", [
    (["--edition", "9"], "E_UNKNOWN_EDITION"),
    (["--grid", "北片"], "E_UNKNOWN_GRID"),
    (["--board", "nope"], "E_UNKNOWN_BOARD"),
])
def test_clear_errors_for_unknown_selection(tmp_path, capsys, args, code):
    root = write_project(tmp_path)
    assert run_pdf(root, *args) == 1
    err = capsys.readouterr().err
    assert code in err


def test_single_board_and_grid_selection(tmp_path):
    root = write_project(tmp_path)
    assert run_pdf(root, "--board", "b1", "--jobs", "1") == 0
    assert sorted(p.name for p in (root / "pdf").rglob("*.pdf")) == ["b1.pdf"]
    assert run_pdf(root, "--grid", "西片", "--jobs", "1", "--no-per-board") == 0
    assert sorted(p.name for p in (root / "pdf").rglob("*.pdf")) == ["b1.pdf", "西片_420x297mm.pdf"]


def test_missing_cjk_font_is_a_clear_error(tmp_path, monkeypatch):
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    with pytest.raises(HealthboardError) as err:
        check_cjk_font()
    assert err.value.codes == ["E_NO_FONTS"]  # checked before WeasyPrint, which would crash
    assert "fonts-noto-cjk" in str(err.value)
    root = write_project(tmp_path / "p")
    assert run_pdf(root) == 1
    assert not (root / "pdf").exists()


def test_missing_chinese_font_is_a_clear_error(tmp_path, monkeypatch):
    import shutil
    import subprocess

    latin = [line.split(":")[0] for line in subprocess.run(["fc-list"], capture_output=True, text=True).stdout.splitlines()
             if "CJK" not in line and line.split(":")[0].endswith((".ttf", ".otf"))]
    assert latin, "a Latin font (fonts-dejavu-core comes with fontconfig)"
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(latin[0], fonts)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>{fonts}</dir><cachedir>{tmp_path}/c</cachedir></fontconfig>', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    with pytest.raises(HealthboardError) as err:
        check_cjk_font()
    assert err.value.codes == ["E_NO_CJK_FONT"]


def test_large_board_tiles_onto_overlapping_a3_sheets(tmp_path):
    from healthboard.pdf.tile import MARGIN_MM, tile_grid

    root = write_project(tmp_path)
    assert run_pdf(root, "--tile", "A3", "--jobs", "1", "--bleed", "0") == 0
    tiled = root / "pdf/第1期/分块打印/b1-A3.pdf"
    assert not (root / "pdf/第1期/分块打印/b2-A3.pdf").exists()  # an A3 board needs no tiles on A3
    sw, sh, cols, rows = tile_grid(2400, 1200, "A3", 10)
    pdf = pypdfium2.PdfDocument(tiled)
    assert len(pdf) == cols * rows
    for page in pdf:
        assert {round(v) for v in _box_mm(page.get_mediabox())} == {round(sw), round(sh)}
    # Together the sheets cover the board: the printable areas, less overlaps, add up to at least its size.
    assert cols * (sw - 2 * MARGIN_MM - 10) + 10 >= 2400 and rows * (sh - 2 * MARGIN_MM - 10) + 10 >= 1200
    text = "".join(p.get_textpage().get_text_range() for p in pdf)
    assert "健" in text
    last = pdf[len(pdf) - 1].get_textpage().get_text_range()
    assert f"第 {rows} 行 第 {cols} 列（共 {rows} 行 {cols} 列）" in last and "重叠 10 毫米" in last  # where the sheet goes, in Chinese


def test_pdfs_during_mkdocs_build_when_asked(tmp_path):
    from bs4 import BeautifulSoup

    from helpers import build_project

    root = write_project(tmp_path, plugin_extra="print:\n  pdf: true\n")
    site = Path(build_project(root).site_dir)
    assert (site / "print/pdf/第1期/西片_420x297mm.pdf").is_file()
    assert not (site / "print/pdf/.healthboard-pdf.json").exists()
    index = BeautifulSoup((site / "print/1/index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in index.select("a") if a["href"].endswith(".pdf")]
    assert hrefs and all((site / "print/1" / h).resolve().is_file() for h in hrefs)
    # Same permissions as MkDocs' own files: a web server that can serve the site can serve these.
    usual = (site / "index.html").stat().st_mode & 0o777
    for pdf in (site / "print/pdf").rglob("*.pdf"):
        assert pdf.stat().st_mode & 0o777 == usual, (pdf, oct(pdf.stat().st_mode))
    assert not [p for p in (site / "print/pdf").rglob("*.tmp")]


def test_traditional_boards_and_their_codes(tmp_path, capsys):
    root = write_project(tmp_path, plugin_extra="traditional:\n  enabled: true\n")
    assert run_pdf(root, "--traditional", "--jobs", "1", "--no-per-board") == 0
    path = root / "pdf/第1期（繁體）/西片_420x297mm.pdf"
    page = pypdfium2.PdfDocument(path)[0]
    text = re.sub(r"\s+", "", page.get_textpage().get_text_range())
    assert "健康教育宣傳欄" in text and "這是一段摘要。" in text
    found = sorted(r.text for r in zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil()))
    assert found == sorted(f"https://example.org/health/zh-hant/q/{a}/?b=b2&e=1" for a in ("wash-hands", "no-smoking"))
    listed = (root / "printed-urls.txt").read_text(encoding="utf-8")
    assert "https://example.org/health/zh-hant/q/wash-hands/?b=b2&e=1" in listed


def test_traditional_pdf_needs_the_traditional_site(tmp_path, capsys):
    root = write_project(tmp_path)
    assert run_pdf(root, "--traditional") == 1
    assert "E_TRADITIONAL_OFF" in capsys.readouterr().err


def test_pdf_warns_about_a_picture_too_small_for_the_board(tmp_path, capsys):
    from test_content_errors import _png, _with_image

    root = write_project(tmp_path, files={"docs/articles/wash-hands.md": _with_image("../images/small.png"), "docs/images/small.png": _png(120, 90)})
    assert run_pdf(root, "--board", "b2", "--no-per-board") == 0
    err = capsys.readouterr().err
    assert err.count("W_IMAGE_LOW_RES") == 1 and "A3 横版" in err and "docs/articles/wash-hands.md 第 8 行" in err
