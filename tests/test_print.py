"""Printable board pages: size, one page, QR codes that decode and resolve, fit, manifest, indexes."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from weasyprint import HTML

from healthboard import links
from healthboard.content.sizes import parse_size
from healthboard.poster.layout import PrintSettings, layout_for
from helpers import ARTICLE, build_project, write_project

MM_PT = 72 / 25.4
CHROMIUM = "/usr/bin/chromium"


def _print_pages(config):
    """(edition, board, path) for every board page the example should have."""
    content = config.content
    site = Path(config.site_dir)
    return [(e, b, site / f"print/{e.number}/{b.id}/index.html") for e in content.editions for b in content.boards_of(e)]


def _decode_page(page, qr_mm: float) -> list[str]:
    dpi = max(50, 180 / (qr_mm / 25.4))  # about 180 px across each code
    image = page.render(scale=dpi / 72).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def test_a_print_page_for_every_board_of_every_edition(example):
    assert len(_print_pages(example)) == sum(len(example.content.boards_of(e)) for e in example.content.editions) == 18


@pytest.mark.parametrize("index", range(0, 18, 4))  # in groups, so test workers share the rendering
def test_every_board_page_is_one_page_at_board_size_and_every_code_resolves(example, index):
    site = Path(example.site_dir)
    for edition, board, path in _print_pages(example)[index:index + 4]:
        assert path.is_file(), path
        pdf = pypdfium2.PdfDocument(HTML(filename=str(path)).write_pdf())
        assert len(pdf) == 1, (edition.number, board.id)
        page = pdf[0]
        assert abs(page.get_width() / MM_PT - board.size.width_mm) < 0.5
        assert abs(page.get_height() / MM_PT - board.size.height_mm) < 0.5
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        qr_mm = float(soup.select_one(".hb-qr svg")["width"].removesuffix("mm"))
        expected = sorted(links.board_qr_url(example.site_url, a.id, board.id, edition.number) for a in example.content.articles_on(edition, board))
        assert sorted(_decode_page(page, qr_mm)) == expected, (edition.number, board.id)
        for url in expected:
            assert links.resolve(site, example.site_url, url) is None


def test_board_page_shows_what_inspectors_and_residents_need(example):
    content = example.content
    edition = content.editions[1]
    board = content.boards["nq-xincun"]
    soup = BeautifulSoup((Path(example.site_dir) / f"print/{edition.number}/{board.id}/index.html").read_text(encoding="utf-8"), "html.parser")
    masthead = soup.select_one(".hb-masthead").get_text()
    assert "健康教育宣传栏" in masthead and "第2期" in masthead and edition.theme in masthead and "2026年9月18日" in masthead
    panels = soup.select(".hb-panel")
    assert [p.select_one("h2").get_text() for p in panels] == [content.articles[a].title for a in edition.articles]
    for panel, article_id in zip(panels, edition.articles):
        assert "扫码阅读全文" in panel.select_one("figcaption").get_text()
        assert panel.select_one(".hb-url").get_text() == example.site_url.split("://")[1] + f"q/{article_id}/"
    footer = soup.select_one(".hb-footer").get_text()
    assert board.unit in footer and board.phone in footer and "12345" in footer and "12320" in footer
    assert "张贴日期：2026年9月18日" in footer and "下期更换：2026年11月17日前" in footer  # + 60 days


@pytest.mark.parametrize("board_id", ["dh-center-1", "dh-center-2", "dh-liuyuan", "nq-xincun", "by-school"])
def test_chromium_prints_exactly_one_page_of_the_board_size(example, board_id, tmp_path):
    board = example.content.boards[board_id]
    page = Path(example.site_dir) / f"print/1/{board_id}/index.html"
    out = tmp_path / "out.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    pdf = pypdfium2.PdfDocument(out)
    assert len(pdf) == 1
    assert abs(pdf[0].get_width() / MM_PT - board.size.width_mm) < 0.5
    assert abs(pdf[0].get_height() / MM_PT - board.size.height_mm) < 0.5


def test_indexes_list_every_board_of_every_edition_with_a_preview(example):
    content = example.content
    site = Path(example.site_dir)
    overall = BeautifulSoup((site / "print/index.html").read_text(encoding="utf-8"), "html.parser")
    for edition in content.editions:
        expected = {b.id for b in content.boards_of(edition)}
        section = overall.select_one(f'section[data-edition="{edition.number}"]')
        assert {r["data-board"] for r in section.select("tr.hb-board-row")} == expected
        own = BeautifulSoup((site / f"print/{edition.number}/index.html").read_text(encoding="utf-8"), "html.parser")
        rows = own.select("tr.hb-board-row")
        assert {r["data-board"] for r in rows} == expected
        for row in rows:
            board = content.boards[row["data-board"]]
            text = row.get_text()
            assert board.address in text and board.unit in text and board.size.label in text
            link = row.select_one("a")["href"]
            assert (site / f"print/{edition.number}" / link / "index.html").is_file()
            img = site / f"print/{edition.number}" / row.select_one("img")["src"]
            assert img.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_manifest_holds_every_printed_url(example):
    """The shared example build starts from an empty manifest (the committed one already lists every
    URL, so it would prove nothing); the wheel test builds with the committed one."""
    listed = {p.url for p in links.read_manifest(Path(example.config_file_path).parent / "printed-urls.txt")}
    content = example.content
    assert any("/zh-hant/q/" in url for url in listed)  # the 繁體 print pages' codes too
    for edition in content.editions:
        for board in content.boards_of(edition):
            for a in content.articles_on(edition, board):
                assert links.board_qr_url(example.site_url, a.id, board.id, edition.number) in listed


def test_manifest_grows_once_and_rebuilds_add_nothing(tmp_path):
    root = write_project(tmp_path)
    build_project(root)
    manifest = root / "printed-urls.txt"
    first = links.read_manifest(manifest)
    assert {p.url for p in first} == {
        f"https://example.org/health/q/{a}/?b={b}&e=1" for a in ("wash-hands", "no-smoking") for b in ("b1", "b2")
    }
    build_project(root)
    assert links.read_manifest(manifest) == first


def test_overflow_fails_naming_edition_board_article_and_amount(tmp_path, capsys):
    from healthboard.cli import main

    long_summary = "这是一段非常非常长的摘要，写了太多的字。" * 29  # 580 characters: within the summary limit, too much for A4 landscape
    article = ARTICLE.format(id="wash-hands", title="勤洗手", status="approved").replace("summary: 这是一段摘要。", f"summary: {long_summary}")
    root = write_project(tmp_path, files={
        "docs/_data/boards.yml": "- {id: small, name: 小栏, address: 某路, grid: 东片, unit: 某社区, phone: '1', size: A4 横版}\n",
        "docs/articles/wash-hands.md": article,
        "docs/articles/sub/no-smoking.md": ARTICLE.format(id="no-smoking", title="不吸烟", status="approved").replace("summary: 这是一段摘要。", f"summary: {long_summary}"),
    })
    assert main(["build", "-f", str(root / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert "E_PANEL_OVERFLOW" in err and "第1期" in err and "small" in err and "wash-hands" in err and "毫米" in err
    assert "docs/articles/wash-hands.md 第 5 行，字段 “summary”" in err
    assert not (root / "site").exists() and not (root / "printed-urls.txt").exists()


def test_bleed_option_keeps_trim_at_board_size(tmp_path):
    root = write_project(tmp_path, plugin_extra="print:\n  bleed: true\n")
    site = Path(build_project(root).site_dir)
    pdf = pypdfium2.PdfDocument(HTML(filename=str(site / "print/1/b2/index.html")).write_pdf())
    page = pdf[0]
    left, bottom, right, top = page.get_trimbox()
    assert abs((right - left) / MM_PT - 420) < 0.5 and abs((top - bottom) / MM_PT - 297) < 0.5
    l2, b2, r2, t2 = page.get_bleedbox()
    assert abs((r2 - l2) / MM_PT - 426) < 0.5
    assert page.get_width() / MM_PT > 426  # room for crop marks


def test_minimum_sizes_scale_with_board_and_are_configurable():
    a4, big = parse_size("A4"), parse_size("2400×1200")
    small_layout = layout_for(a4, 5, PrintSettings())
    big_layout = layout_for(big, 5, PrintSettings())
    assert big_layout.body_pt > small_layout.body_pt >= 12
    assert big_layout.panel_pt >= big_layout.body_pt
    # 15 mm + 11 % of where residents stand (bench/scan.py measured WeChat's reads there): 0.5 m, 1 m, 1.5 m;
    # codes grow past it where their text leaves room (CODE_GROWTH), not with code_fill=0
    assert layout_for(big, 5, PrintSettings(), code_fill=0).qr_mm == 180 < big_layout.qr_mm  # 18 cm over 1 m
    assert layout_for(parse_size("A3 landscape"), 5, PrintSettings(), code_fill=0).qr_mm == 70  # 7 cm up to A3
    assert small_layout.qr_mm == 52.5  # an A4 of five panels in two columns: the code gives way to the text, down to 3/4
    assert layout_for(parse_size("600×800"), 5, PrintSettings(), code_fill=0).qr_mm == 125  # 12.5 cm on boards up to 1 m
    assert min(small_layout.padding_mm, big_layout.padding_mm) >= 5
    fixed = layout_for(a4, 5, PrintSettings(min_body_pt=20), fill=False)
    assert fixed.body_pt == fixed.panel_pt == 20
    assert layout_for(a4, 5, PrintSettings(qr_distance_m=0.03), code_fill=0).qr_mm == 20  # never below 2 cm


def test_article_image_appears_on_the_panel_and_resolves(example):
    site = Path(example.site_dir)
    page = site / "print/1/dh-liuyuan/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    panel = soup.select_one('.hb-panel[data-fit="mosquito-breeding"]')
    src = panel.select_one("img")["src"]
    assert (page.parent / src).resolve() == (site / "images/no-standing-water.svg").resolve()
    assert (site / "images/no-standing-water.svg").is_file()


def test_picture_too_small_for_the_board_is_a_warning_naming_the_pixels_needed(tmp_path, capsys):
    """A blurred picture is worth a warning, not a stopped edition: the build goes on."""
    from healthboard.cli import main
    from healthboard.poster.images import low_resolution

    from test_content_errors import _png, _with_image, load

    root = write_project(tmp_path, files={
        "docs/articles/wash-hands.md": _with_image("../images/small.png"),
        "docs/articles/sub/no-smoking.md": ARTICLE.format(id="no-smoking", title="不吸烟", status="approved").replace("status:", "image: /images/big.png\nstatus:"),
        "docs/images/small.png": _png(120, 90),
        "docs/images/big.png": _png(3000, 2250),
    })
    assert main(["build", "-f", str(root / "mkdocs.yml")]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if "W_IMAGE_LOW_RES" in line]
    # Once for each board size the small picture is printed at; never for the big one.
    assert len(warnings) == 2 and all("docs/articles/wash-hands.md 第 8 行" in w for w in warnings), captured.err
    assert any("2400×1200" in w and "至少需要 96 dpi" in w for w in warnings)
    assert any("A3" in w and "至少需要 150 dpi" in w for w in warnings)
    assert "警告 2 条" in captured.out and (root / "site/print/1/b1/index.html").is_file()
    # The pixels asked for are enough: the same picture at that size passes.
    layout = layout_for(parse_size("A3 landscape"), 2, PrintSettings())
    article = load(root).articles["wash-hands"]
    problem = low_resolution(article, layout, root / "docs")
    wanted = [int(n) for n in problem.hint.split("至少 ")[1].split(" 像素")[0].split("×")]
    (root / "docs/images/small.png").write_bytes(_png(*wanted))
    assert low_resolution(article, layout, root / "docs") is None


def test_fit_is_measured_on_the_longest_name_and_the_longest_contact_of_a_size():
    from healthboard.content.model import Board
    from healthboard.poster.plan import sample_board

    size = parse_size("A3")
    boards = [
        Board("a", "一个名字非常非常长的社区卫生服务站宣传栏", "某路1号", "东片", "短单位", "1", size),
        Board("b", "短名", "某路2号", "东片", "一个名字非常非常长的街道办事处公共卫生科", "0000-12345678", size),
    ]
    worst = sample_board(boards)
    assert (worst.name, worst.unit, worst.phone) == (boards[0].name, boards[1].unit, boards[1].phone)


def test_board_design_hierarchy_pictograms_and_no_empty_cell(example):
    """Every panel shows its topic's pictogram (or its own picture), the masthead title is at least
    1.8 times the panel titles, and no grid cell is left empty (a feature or the last panel spans the gap)."""
    site = Path(example.site_dir)
    for html in sorted((site / "print").glob("*/*/index.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        panels = soup.select(".hb-panel")
        for panel in panels:
            assert panel.select_one(".hb-icon svg path") is not None or panel.select_one("img") is not None, html
        css = soup.style.get_text()
        assert re.search(r"\.hb-masthead h1 \{[^}]*font-size: var\(--hb-masthead\)", css) and re.search(r"\.hb-panel h2 \{[^}]*font-size: var\(--hb-title\)", css)
        masthead, title = (float(re.search(rf"--hb-{name}: ([\d.]+)pt;", css)[1]) for name in ("masthead", "title"))
        panel, footer, body = (float(re.search(rf"--hb-{name}: ([\d.]+)pt;", css)[1]) for name in ("panel", "footer", "body"))
        assert footer >= max(body, 0.6 * panel) - 0.1, (html, footer, panel)  # the footer rule: legible from where panels are read
        assert re.search(r"\.hb-footer \{[^}]*font-size: var\(--hb-footer\)", css) and re.search(r"\.hb-meta \{[^}]*font-size: var\(--hb-footer\)", css)
        assert masthead >= 1.8 * title - 0.1, (html, masthead, title)
        columns = int(re.search(r"grid-template-columns: repeat\((\d+)", css)[1])
        rows = int(re.search(r"grid-template-rows: repeat\((\d+)", css)[1])
        def cells(panel) -> int:
            style = panel.get("style", "")
            across, down = (int(m[1]) if (m := re.search(rf"grid-{axis}: span (\d+)", style)) else 1 for axis in ("column", "row"))
            return across * down
        assert sum(cells(p) for p in panels) == columns * rows, (html, len(panels), columns, rows)  # no empty grid cell
