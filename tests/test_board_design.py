"""The board's design on small inputs: the office's theme (checked, then on the board), the grids a
board may take, and how fit chooses among sizes, grids and codes under the text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from healthboard.cache import Cache
from healthboard.content.sizes import parse_size
from healthboard.errors import HealthboardError
from healthboard.poster import plan
from healthboard.poster.fit import Overflow
from healthboard.poster.layout import CODE_GROWTH, MIN_CODE_SHARE, MIN_LINE_CHARS, PT_MM, STACKED_CODE, PrintSettings, _panel_box, _text_column, auto_layout, grids_for, layout_for, qr_side_mm
from healthboard.poster.pages import Producer, board_page, edition_layout, render_board
from healthboard.poster.theme import contrast_with_white
from healthboard.settings import Settings
from helpers import build_project, write_project
from test_modules import DAY, _content

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#0d47a1"/></svg>'


def _settings(tmp_path: Path, theme: str) -> Settings:
    root = write_project(tmp_path, plugin_extra="print:\n  theme:\n" + "".join(f"    {line}\n" for line in theme.splitlines()), files={"docs/images/logo.svg": LOGO})
    return Settings.from_mkdocs(load_config(str(root / "mkdocs.yml")), today=DAY)


def test_theme_mistakes_are_named_together(tmp_path):
    with pytest.raises(HealthboardError) as bad:
        _settings(tmp_path, 'color: "#ffeb3b"\naccent: green\nlogo: images/missing.png\ntitle: ""')
    fields = [p.field for p in bad.value.problems]
    assert bad.value.codes == ["E_PRINT_THEME"] * 4
    assert fields == ["healthboard.print.theme.color", "healthboard.print.theme.accent", "healthboard.print.theme.title", "healthboard.print.theme.logo"]
    assert "对比度 1.2:1" in str(bad.value)  # yellow under white text
    assert round(contrast_with_white("#1b5e20"), 1) == 7.9 and round(contrast_with_white("#fff"), 1) == 1.0


def test_theme_reaches_the_board(tmp_path):
    theme = _settings(tmp_path, 'color: "#0d47a1"\naccent: "#90caf9"\nlogo: images/logo.svg\ntitle: 社区健康小课堂').print_settings().theme
    content = _content()
    edition, board = content.editions[0], content.boards["b1"]
    producer = Producer("测试区", "", [], "https://x.org/", 60)
    settings = PrintSettings(theme=theme)
    page = board_page(content, edition, board, edition_layout(content, edition, board, settings), producer)
    soup = BeautifulSoup(render_board(page, producer, settings), "html.parser")
    assert soup.select_one(".hb-masthead h1").get_text() == "社区健康小课堂"
    assert soup.select_one(".hb-masthead h1 img.hb-logo")["src"].endswith("images/logo.svg")
    css = soup.style.get_text()
    assert "--hb-brand: #0d47a1;" in css and "--hb-accent: #90caf9;" in css and "background: var(--hb-brand)" in css


def test_theme_logo_is_on_the_built_board(tmp_path):
    root = write_project(tmp_path, plugin_extra='print:\n  theme:\n    logo: images/logo.svg\n', files={"docs/images/logo.svg": LOGO})
    site = Path(build_project(root).site_dir)
    page = site / "print/1/b1/index.html"
    src = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("img.hb-logo")["src"]
    assert (page.parent / src).resolve() == (site / "images/logo.svg").resolve()


@pytest.mark.parametrize("size,count", [("A3 landscape", 5), ("2400×1200", 6), ("600×800", 5), ("A1", 4), ("A4 横版", 2)])
def test_grids_have_no_empty_row_and_no_slivers(size, count):
    s = parse_size(size)
    grids = grids_for(count, s.width_mm, s.height_mm)
    assert grids
    for cols, rows in grids:
        assert cols * rows >= count and (rows - 1) * cols < count
        assert 0.5 <= (s.width_mm / cols) / (s.height_mm / rows) <= 4


def _fake_measure(fits: "callable"):
    """A stand-in for WeasyPrint: the page overflows unless `fits(panel_pt, stacked, columns)`."""
    def measure(html, base_url, cache):
        panel = float(re.search(r"--hb-panel: ([\d.]+)pt;", html)[1])
        stacked = ".hb-qr { margin: var(--hb-gap) 0 0 auto; }" in html  # each code under its text, not floating beside it
        columns = int(re.search(r"grid-template-columns: repeat\((\d+)", html)[1])
        return ([] if fits(panel, stacked, columns) else [Overflow("wash-hands", 5.0)]), b"png"
    return measure


def _fit(monkeypatch, tmp_path, fits, board: str = "b2"):
    content = _content()
    monkeypatch.setattr(plan, "measure_cached", _fake_measure(fits))
    producer = Producer("测试区", "", [], "https://x.org/", 60)
    return plan.fit_layout(content, content.editions[0], content.boards[board], producer, PrintSettings(), tmp_path, Cache(None)), content


def test_fit_steps_down_from_the_estimate_instead_of_dropping_to_the_minimum(monkeypatch, tmp_path):
    (layout, overflows, _), content = _fit(monkeypatch, tmp_path, lambda pt, stacked, cols: pt < 60)
    estimate = edition_layout(content, content.editions[0], content.boards["b2"], PrintSettings()).panel_pt
    assert not overflows and estimate >= 60 and layout.body_pt < layout.panel_pt < 60  # a size between, not the floor


def test_fit_puts_codes_under_the_text_or_changes_the_grid_before_giving_up(monkeypatch, tmp_path):
    (layout, overflows, _), _ = _fit(monkeypatch, tmp_path, lambda pt, stacked, cols: stacked)
    assert not overflows and layout.stacked
    (best, _, _), _ = _fit(monkeypatch, tmp_path, lambda pt, stacked, cols: True, "b1")
    (other, overflows, _), _ = _fit(monkeypatch, tmp_path, lambda pt, stacked, cols: cols != best.columns and not stacked, "b1")
    assert not overflows and other.columns != best.columns  # A3 landscape, two articles: 2×1, else 1×2
    (failed, overflows, _), _ = _fit(monkeypatch, tmp_path, lambda pt, stacked, cols: False, "b1")
    assert overflows and (failed.columns, failed.stacked, failed.panel_pt) == (best.columns, False, failed.body_pt)  # the best grid's overflow is reported


@pytest.mark.parametrize("edition,board_id", [(3, "nq-center"), (2, "by-clinic")])  # the example's largest and smallest board
def test_no_card_stands_more_than_a_quarter_empty(edition, board_id):
    """Measured on the drawn page: in every panel, ink (text, code, pictogram) reaches within a
    quarter of the card's height from its bottom."""
    import numpy as np
    import pypdfium2
    from weasyprint import HTML

    from healthboard.cache import Cache
    from healthboard.commands import load_project
    from healthboard.poster.fit import boxes
    from helpers import REPO

    project, content = load_project(str(REPO / "mkdocs.yml"))
    s = project.settings
    e, board = content.edition(edition), content.boards[board_id]
    layout, overflows, _ = plan.fit_layout(content, e, board, s.producer(), s.print_settings(), s.docs_dir, Cache(None))
    assert overflows == []
    page_html = render_board(board_page(content, e, board, layout, s.producer()), s.producer(), s.print_settings(), codes=project.codes())
    document = HTML(string=page_html, base_url=(s.docs_dir / "print" / "x" / "y").as_uri() + "/").render()
    panels = [b for b in boxes(document.pages[0]) if getattr(b, "element", None) is not None
              and "hb-panel" in (b.element.get("class") or "").split() and b.element_tag == "section"]
    assert len(panels) == len(content.articles_on(e, board))
    scale = 300 / max(layout.size.width_mm, layout.size.height_mm)  # about 300 px on the long side, in px per mm
    pdf = pypdfium2.PdfDocument(document.write_pdf())
    gray = np.asarray(pdf[0].render(scale=scale * 25.4 / 72).to_pil().convert("L"))
    px = scale * 25.4 / 96  # image pixels per CSS pixel
    for panel in panels:
        x0, y0 = int(panel.padding_box_x() * px) + 1, int(panel.padding_box_y() * px) + 1
        x1, y1 = int((panel.padding_box_x() + panel.padding_width()) * px) - 1, int((panel.padding_box_y() + panel.padding_height()) * px) - 1
        inked = np.nonzero((gray[y0:y1, x0:x1] < 245).any(axis=1))[0]
        empty = 1 - (inked.max() + 1) / (y1 - y0)
        assert empty <= 0.25, f"{panel.element.get('data-fit')}: {empty:.0%} of the card empty at the bottom"


def test_the_lead_article_grows_into_its_two_cells():
    """The feature panel's text and picture take the room of its two cells (a short lead article's text
    stood one line at the grid's size in a half-empty panel), its text still under the titles' size;
    measured on the laid-out page of the example's boards: 第2期 on the 600×800 (a wide feature, its
    text alone) and 第1期 on the 2400×1200 (a tall feature with a picture)."""
    from weasyprint import HTML

    from healthboard.cache import Cache
    from healthboard.commands import load_project
    from healthboard.poster.fit import PX_MM, boxes
    from healthboard.poster.layout import LEAD_IMAGE_SHARE, LEAD_UNDER_TITLE
    from helpers import REPO

    project, content = load_project(str(REPO / "mkdocs.yml"))
    s = project.settings
    for edition, board_id in ((2, "dh-liuyuan"), (1, "dh-center-1")):
        e, board = content.edition(edition), content.boards[board_id]
        layout, overflows, _ = plan.fit_layout(content, e, board, s.producer(), s.print_settings(), s.docs_dir, Cache(None))
        assert overflows == [] and layout.kind == "feature"
        page_html = render_board(board_page(content, e, board, layout, s.producer()), s.producer(), s.print_settings(), codes=project.codes())
        document = HTML(string=page_html, base_url=(s.docs_dir / "print" / "x" / "y").as_uri() + "/").render()
        sections = [b for b in boxes(document.pages[0]) if getattr(b, "element", None) is not None and b.element_tag == "section"]

        def inside(box):  # type: ignore[no-untyped-def]
            for child in getattr(box, "children", []):
                yield child
                yield from inside(child)

        feature = next(b for b in sections if "hb-feature" in b.element.get("class", ""))
        lead = {b.style["font_size"] for b in inside(feature) if getattr(b, "element_tag", "") == "p"}
        others = {b.style["font_size"] for section in sections if section is not feature for b in inside(section) if getattr(b, "element_tag", "") == "p"}
        titles = {b.style["font_size"] for b in inside(feature) if getattr(b, "element_tag", "") == "h2"}
        assert len(lead) == len(others) == len(titles) == 1, (lead, others, titles)
        assert min(lead) > 1.2 * min(others), (board_id, lead, others)
        assert min(lead) <= min(titles) / LEAD_UNDER_TITLE + 0.1
        pictures = [b for b in inside(feature) if getattr(b, "element_tag", "") == "img"]
        if board.size.width_mm == 2400:  # the tall feature's picture: a share of the whole panel, not of one cell
            assert pictures and pictures[0].height * PX_MM > 0.9 * LEAD_IMAGE_SHARE * feature.height * PX_MM


def test_a_long_lead_article_keeps_the_room_its_text_needs():
    """The feature's picture grows only into room its text leaves, and with no growth at all (the fit's
    last step) the feature is laid out as before it grew: what fitted then still fits."""
    size = parse_size("2400×1200")
    short, long = (layout_for(size, 5, PrintSettings(), 20, 800, images=True, kind="feature", lead=(12, summary, True)) for summary in (40, 800))
    assert short.lead_image_mm > long.lead_image_mm >= long.image_mm
    assert short.lead_pt > long.lead_pt >= long.panel_pt
    last = layout_for(size, 5, PrintSettings(), 20, 800, images=True, kind="feature", lead=(12, 800, True), fill=0)
    assert (last.lead_pt, last.lead_image) == (0, 0) and last.lead_image_mm == last.image_mm
    assert "--hb-lead: %spt;" % last.panel_pt in last.css_properties()


@pytest.mark.parametrize("size,count,kind", [
    ("A3", 3, "strip"), ("600×800", 4, "strip"),  # a few articles on a portrait poster: one a row
    ("2400×1200", 5, "feature"), ("600×800", 5, "feature"),  # a grid they would not fill: the lead takes two cells
    ("2400×1200", 6, "grid"), ("A3 landscape", 2, "grid"),
])
def test_layout_is_chosen_by_board_shape_and_article_count(size, count, kind):
    assert auto_layout(parse_size(size), count) == kind


@pytest.mark.parametrize("kind", ["grid", "feature", "strip"])
@pytest.mark.parametrize("size", ["2400×1200", "600×800", "A3 landscape", "A1"])
def test_every_layout_fills_its_grid_without_gaps(kind, size):
    for count in range(2, 9):
        layout = layout_for(parse_size(size), count, PrintSettings(), fill=0, kind=kind)
        spans = layout.spans(count)
        assert sum(c * r for c, r in spans) == layout.columns * layout.rows, (count, spans, layout.columns, layout.rows)
        assert all(c <= layout.columns and r <= layout.rows for c, r in spans)
        if kind == "feature":
            portrait = layout.size.height_mm > layout.size.width_mm
            side_by_side = (portrait and layout.columns > 1) or layout.rows == 1  # wide on a portrait board, tall on a landscape one
            assert spans[0] == ((2, 1) if side_by_side else (1, 2)) and spans[1:-1] == [(1, 1)] * (count - 2)
        if kind == "strip":
            assert (layout.columns, layout.rows) == (1, count)


@pytest.mark.parametrize("kind", ["grid", "feature", "strip"])
@pytest.mark.parametrize("size", ["2400×1200", "600×800", "A3 landscape", "A2 landscape", "A1"])
def test_codes_keep_apart_where_a_photo_holds_the_whole_board(kind, size):
    """On boards up to 1 m (a resident's photo holds all of it), on two columns every code stands at
    the board's outer edge (no two codes face each other across the gutter); on other grids codes
    alternate sides as on a chessboard, no code straight above another, the first panel's on the
    right. The cells are where CSS grid places the panels."""
    for count in range(2, 9):
        layout = layout_for(parse_size(size), count, PrintSettings(), fill=0, kind=kind)
        spans, cells, left = layout.spans(count), layout.cells(count), layout.codes_left(count)
        covered = sorted((c + i, r + j) for (c, r), (w, h) in zip(cells, spans) for i in range(w) for j in range(h))
        assert covered == sorted((c, r) for c in range(layout.columns) for r in range(layout.rows)), (count, cells, spans)
        if layout.size.is_large:  # read from closer than its size: a photo holds only part of it
            assert not any(left)
            continue
        # A code stands at the top of its panel: on its left edge, or on its right edge (its last column).
        slots = [(r, (c, "left") if lf else (c + w - 1, "right")) for (c, r), (w, _), lf in zip(cells, spans, left)]
        if layout.columns == 2:
            assert all(slot in ((0, "left"), (1, "right")) for _, slot in slots), (size, kind, count, slots)
            continue
        assert not left[0]
        stacked = [(r, slot) for r, slot in slots if (r - 1, slot) in set(slots)]
        assert not stacked, (size, kind, count, stacked)


def test_codes_grow_into_the_room_their_text_leaves():
    """A1, the feature and four short articles: the codes grow past the side for 1 m (12.5 cm), up to
    CODE_GROWTH, and the text keeps the size it has beside codes not grown; on A2 landscape, where a
    bigger code with its caption would stand taller than its panel, they do not grow."""
    a1 = dict(size=parse_size("A1"), panels=5, settings=PrintSettings(), longest_title=12, longest_summary=40, kind="feature")
    grown, plain = layout_for(**a1), layout_for(**a1, code_fill=0)
    side = qr_side_mm(a1["size"], PrintSettings())
    assert plain.qr_mm == side < grown.qr_mm <= side * CODE_GROWTH and grown.panel_pt == plain.panel_pt > plain.body_pt
    assert layout_for(**a1, code_fill=0.5).qr_mm == round((side + grown.qr_mm) / 2, 1)
    a2 = layout_for(parse_size("A2 landscape"), 4, PrintSettings(), longest_title=12, longest_summary=40)
    assert a2.qr_mm * STACKED_CODE >= _panel_box(a2)[1] and a2.qr_mm == qr_side_mm(a2.size, PrintSettings())


def test_fit_gives_up_a_grown_code_before_any_text_size(monkeypatch, tmp_path):
    """Where the grown codes overflow the measured page, fit tries them half grown, then not grown, at
    the same text size, before it makes the text smaller."""
    content = _content()
    board = content.boards["b2"]
    estimate = edition_layout(content, content.editions[0], board, PrintSettings())
    side = qr_side_mm(board.size, PrintSettings())
    assert estimate.qr_mm > side  # the codes would grow: else this proves nothing
    measured = []

    def measure(html, base_url, cache):
        qr = float(re.search(r"--hb-qr: ([\d.]+)mm;", html)[1])
        measured.append(qr)
        return ([] if qr < side + 1 else [Overflow("wash-hands", 5.0)]), b"png"

    monkeypatch.setattr(plan, "measure_cached", measure)
    producer = Producer("测试区", "", [], "https://x.org/", 60)
    layout, overflows, _ = plan.fit_layout(content, content.editions[0], board, producer, PrintSettings(), tmp_path, Cache(None))
    assert not overflows and layout.panel_pt == estimate.panel_pt and layout.qr_mm == side
    assert measured == [estimate.qr_mm, round((side + estimate.qr_mm) / 2, 1), side]


@pytest.mark.parametrize("size,count,smaller", [
    ("A2 landscape", 5, True),  # five 12 cm codes left four characters a line beside them
    ("A2 landscape", 6, True),
    ("600×800", 5, False), ("A3 landscape", 5, False), ("A1", 5, False), ("2400×1200", 6, False), ("2000×1000", 5, False),
])
def test_text_beside_a_code_keeps_eight_characters_a_line(size, count, smaller):
    """The code gives way (down to three quarters of its side for the scanning distance) where the
    text beside it would be narrower than eight characters of panel text; elsewhere it keeps its side
    (or grows, CODE_GROWTH, keeping the text its eight characters)."""
    board = parse_size(size)
    rule = qr_side_mm(board, PrintSettings())
    for fill in (0, 1.0):
        layout = layout_for(board, count, PrintSettings(), longest_title=14, longest_summary=40, fill=fill, kind=auto_layout(board, count))
        column = _text_column(_panel_box(layout)[0], layout.qr_mm, layout.gap_mm, False)
        assert rule * MIN_CODE_SHARE <= layout.qr_mm <= (rule if smaller or not fill else rule * CODE_GROWTH)
        assert (layout.qr_mm < rule) == smaller, (layout.qr_mm, rule)
        assert column >= MIN_LINE_CHARS * layout.panel_pt * PT_MM - 0.2 or layout.qr_mm == round(rule * MIN_CODE_SHARE, 1), (column, layout.panel_pt)


def test_layout_set_per_edition_and_board(tmp_path, capsys):
    from healthboard.cli import main as cli

    boards = ("- {id: b1, name: 一号栏, address: 测试路1号, grid: 东片, unit: 东片社区, phone: '0000-1', size: 2400×1200}\n"
              "- {id: b2, name: 二号栏, address: 测试路2号, grid: 西片, unit: 西片社区, phone: '0000-2', size: 2400×1200, layout: grid}\n")
    edition = "number: 1\ndate: 2026-02-01\ntheme: 测试主题\nlayout: strip\narticles: [wash-hands, no-smoking]\n"
    root = write_project(tmp_path / "p", files={"docs/_data/boards.yml": boards, "docs/_data/editions/001.yml": edition})
    built = build_project(root)
    site = Path(built.site_dir)

    def grid_of(board_id: str) -> tuple[str, str]:
        css = BeautifulSoup((site / f"print/1/{board_id}/index.html").read_text(encoding="utf-8"), "html.parser").style.get_text()
        return re.search(r"grid-template-columns: repeat\((\d+)", css)[1], re.search(r"grid-template-rows: repeat\((\d+)", css)[1]
    assert grid_of("b1") == ("1", "2")  # the edition's strip
    assert grid_of("b2") == ("2", "1")  # the board's own grid wins
    bad = write_project(tmp_path / "q", files={"docs/_data/editions/001.yml": edition.replace("strip", "magazine")})
    assert cli(["check", "-f", str(bad / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    err = capsys.readouterr().err
    assert "[E_BAD_LAYOUT] docs/_data/editions/001.yml 第 4 行，字段 “layout”" in err and "'magazine'" in err and "feature" in err


def test_a_picture_leaves_the_text_room_to_grow_beside_a_big_code():
    """A panel's picture box is at most a third of the panel's height: on a 600×800 board with 12 cm
    codes, a picture 1.4 code sides tall (17 cm) left no room, and the text stayed at the floor size."""
    from healthboard.poster.layout import _panel_box

    layout = layout_for(parse_size("600×800"), 5, PrintSettings(), longest_title=14, longest_summary=40, images=True, kind="feature")
    assert layout.qr_mm >= 125 and layout.panel_pt > layout.body_pt * 1.15
    assert layout.image_mm <= 0.35 * _panel_box(layout)[1] + 0.1


def _line_texts(box) -> list[str]:  # type: ignore[no-untyped-def]
    def texts(b):  # type: ignore[no-untyped-def]
        if type(b).__name__ == "TextBox":
            yield b.text
        for child in getattr(b, "children", ()):
            yield from texts(child)
    return ["".join(texts(line)) for line in box.children if type(line).__name__ == "LineBox"]


def test_no_panel_title_ends_in_a_line_of_one_character(example):
    """Every board of every edition of the example, laid out by WeasyPrint: a title that wraps keeps at
    least two characters on its last line (there were twelve titles like 认真洗 / 手)."""
    from weasyprint import HTML

    from healthboard.poster.fit import boxes

    pages = sorted(Path(example.site_dir).glob("print/*/*/index.html"))
    assert len(pages) >= 10
    wrapped = 0
    for page in pages:
        for box in boxes(HTML(filename=str(page)).render().pages[0]):
            if type(box).__name__ == "BlockBox" and box.element_tag == "h2":
                lines = _line_texts(box)
                wrapped += len(lines) > 1
                assert len(lines) < 2 or len(lines[-1].strip()) >= 2, (page.parent.name, lines)
    assert wrapped, "no title wraps: the test proves nothing"


def test_a_title_kept_whole_at_its_end_is_still_escaped():
    from healthboard.poster.pages import _keep_end

    assert str(_keep_end("<b>&洗手")) == '&lt;b&gt;&amp;<span class="hb-keep">洗手</span>'
    assert str(_keep_end("手")) == "手"


def test_a_board_with_max_articles_carries_the_editions_first_ones_in_a_plan_of_its_own(tmp_path, capsys):
    """Two boards of one size, one of them taking at most one article: each gets its own plan (layout,
    preview, print-shop file); the capped one's page shows only the edition's first article, and only
    its code is printed for it. A wrong value, and a required topic the cap leaves out, are errors."""
    from healthboard import links
    from healthboard.cli import main as cli

    boards = ("- {id: b1, name: 一号栏, address: 测试路1号, grid: 东片, unit: 东片社区, phone: '0000-1', size: A3 landscape}\n"
              "- {id: b2, name: 二号栏, address: 测试路2号, grid: 东片, unit: 东片社区, phone: '0000-2', size: A3 landscape, max_articles: 1}\n")
    root = write_project(tmp_path / "p", files={"docs/_data/boards.yml": boards})
    built = build_project(root)
    site = Path(built.site_dir)

    def titles(board_id: str) -> list[str]:
        soup = BeautifulSoup((site / f"print/1/{board_id}/index.html").read_text(encoding="utf-8"), "html.parser")
        return [h.get_text() for h in soup.select(".hb-panel h2")]
    assert titles("b1") == ["勤洗手", "不吸烟"] and titles("b2") == ["勤洗手"]
    assert sorted(p.name for p in (site / "print/1").glob("preview-*.png")) == ["preview-420x297-1.png", "preview-420x297.png"]
    printed = {p.url for p in links.read_manifest(root / "printed-urls.txt")}
    assert links.board_qr_url(built.site_url, "wash-hands", "b2", 1) in printed
    assert links.board_qr_url(built.site_url, "no-smoking", "b2", 1) not in printed
    assert cli(["pdf", "-f", str(root / "mkdocs.yml"), "-o", str(tmp_path / "pdf"), "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "pdf/第1期").glob("*.pdf")) == ["东片_420x297mm_grid.pdf", "东片_420x297mm_grid_1篇.pdf"]

    capsys.readouterr()
    bad = write_project(tmp_path / "q", files={"docs/_data/boards.yml": boards.replace("max_articles: 1", "max_articles: 三")})
    assert cli(["check", "-f", str(bad / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    err = capsys.readouterr().err
    assert "[E_BAD_FIELD] docs/_data/boards.yml 第 2 行，字段 “max_articles”" in err and "'三'" in err
    from helpers import ARTICLE
    smoking = ARTICLE.format(id="no-smoking", title="不吸烟", status="approved").replace("topic: 个人卫生", "topic: 控烟")
    required = write_project(tmp_path / "r", plugin_extra="required_topics: [控烟]\n",
                             files={"docs/_data/boards.yml": boards, "docs/articles/sub/no-smoking.md": smoking})
    assert cli(["check", "-f", str(required / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    err = capsys.readouterr().err
    assert "[E_EDITION_MISSING_TOPIC] docs/_data/editions/001.yml 第 4 行" in err and "宣传栏 b2 上只放前 1 篇" in err and "控烟" in err


def test_an_automatic_layout_that_does_not_hold_the_text_gives_way_to_the_grid(monkeypatch, tmp_path):
    """A portrait board with a few articles gets a strip (one article a row) by default; where the strip
    does not hold the text but a grid would, the grid is used rather than an overflow error. A strip
    the edition or the board asks for is kept, and its overflow reported."""
    from dataclasses import replace

    import datetime as dt

    from healthboard.content.model import Board, Edition
    from healthboard.poster.pages import layout_kind
    from test_modules import _article

    content = _content()
    content.articles.update({a: _article(a) for a in ("a3", "a4")})
    board = content.boards["p"] = Board("p", "竖栏", "某路3号", "东片", "某社区", "0000-3", parse_size("600×800"))
    edition = Edition(3, dt.date(2026, 3, 1), "四篇", ["wash-hands", "no-smoking", "a3", "a4"], ["p"], "_data/editions/003.yml")
    assert layout_kind(edition, board) == "strip"  # 1×4; the grid is 2×2
    monkeypatch.setattr(plan, "measure_cached", _fake_measure(lambda pt, stacked, cols: cols > 1))
    producer = Producer("测试区", "", [], "https://x.org/", 60)
    layout, overflows, _ = plan.fit_layout(content, edition, board, producer, PrintSettings(), tmp_path, Cache(None))
    assert not overflows and layout.kind == "grid" and layout.columns > 1
    strip = content.boards["p"] = replace(board, layout="strip")
    layout, overflows, _ = plan.fit_layout(content, edition, strip, producer, PrintSettings(), tmp_path, Cache(None))
    assert overflows and layout.kind == "strip"


def test_print_shop_files_of_one_size_are_named_apart():
    """Several plans of one size (a board's own layout, max_articles, a strip that gave way to the
    grid) never write the same file."""
    from dataclasses import replace

    from healthboard.pdf.shop import _names_apart

    a3, a1 = layout_for(parse_size("A3 landscape"), 4, PrintSettings()), layout_for(parse_size("A1"), 4, PrintSettings())
    assert _names_apart([a3, a1]) == ["", ""]
    assert _names_apart([a3, replace(a3, kind="strip"), replace(a3, capped=2), a3, a1]) == ["_grid", "_strip", "_grid_2篇", "_grid_2", ""]


def test_two_plans_with_alike_layouts_keep_their_own_previews(monkeypatch, tmp_path):
    """A strip that gave way to the grid, beside a board of the same size that asks for the grid: two
    plans, two previews, and the print index shows each board its own plan's."""
    import datetime as dt
    from dataclasses import replace

    from healthboard.content.model import Board, Edition
    from healthboard.poster.output import build_print
    from test_modules import _article

    content = _content()
    content.articles.update({a: _article(a) for a in ("a3", "a4")})
    auto = Board("p1", "竖栏一", "某路3号", "东片", "某社区", "0000-3", parse_size("600×800"))
    content.boards.update({"p1": auto, "p2": replace(auto, id="p2", name="竖栏二", layout="grid")})
    content.editions[:] = [Edition(1, dt.date(2026, 3, 1), "四篇", ["wash-hands", "no-smoking", "a3", "a4"], ["p1", "p2"], "_data/editions/001.yml")]
    fake = _fake_measure(lambda pt, stacked, cols: cols > 1)
    monkeypatch.setattr(plan, "measure_cached", lambda html, base, cache: (fake(html, base, cache)[0], html.encode()))  # a "picture" of its page
    out = build_print(content, Producer("测试区", "", [], "https://x.org/", 60), PrintSettings(), tmp_path, Cache(None))
    pngs = {uri: data for uri, data in out.files.items() if uri.endswith(".png")}
    assert sorted(pngs) == ["print/1/preview-600x800-2.png", "print/1/preview-600x800.png"] and len(set(pngs.values())) == 2
    index = BeautifulSoup(out.files["print/1/index.html"], "html.parser")
    shown = {row.find("a")["href"].split("/")[-2]: row.find("img")["src"].rsplit("/", 1)[-1] for row in index.select("tr") if row.find("img")}
    assert sorted(shown.values()) == ["preview-600x800-2.png", "preview-600x800.png"], shown


def test_codes_that_gave_way_to_text_are_reported_with_the_articles_that_keep_them(example):
    """Five articles on the example's A2 shrink its codes to 11.2 cm (the text beside them keeps its
    8 characters a line), and WeChat read 18 of 40 whole photos from 1 m; four keep them at 12.5 cm:
    W_CODE_SMALL says so and names max_articles: 4. The example's A2 takes 3 (four codes so close
    together read 87 % from 1 m, three 96 %), so no warning."""
    from dataclasses import replace

    content = example.content
    edition = content.editions[1]
    capped = content.boards["by-school"]
    assert capped.max_articles == 3
    settings = PrintSettings()
    docs = Path(example.config_file_path).parent / "docs"
    full = replace(capped, max_articles=0)
    assert len(content.articles_on(edition, full)) == 5
    layout = edition_layout(content, edition, full, settings, fill=0)
    assert layout.qr_mm < qr_side_mm(layout.size, settings) == 125
    problem = plan.small_code_problem(content, edition, [full], layout, settings, docs)
    assert problem is not None and problem.code == "W_CODE_SMALL"
    assert (problem.file, problem.field) == ("docs/_data/editions/002.yml", "articles") and problem.line
    assert f"缩到 {layout.qr_mm:g} 毫米" in problem.message and "1 米" in problem.message and "by-school" in problem.message
    assert "max_articles: 4" in problem.hint
    four = replace(capped, max_articles=4)
    layout = edition_layout(content, edition, four, settings, fill=0)
    assert layout.qr_mm == 125 and plan.small_code_problem(content, edition, [four], layout, settings, docs) is None


def test_emoji_no_font_has_are_left_off_the_board_and_named(tmp_path):
    """Text pasted from WeChat carries emoji (✅ 👍 🩺) that no font installed for WeasyPrint has: each
    printed as an empty box on the board. The board leaves them out (the site keeps them) and
    W_UNPRINTABLE names the field and line; characters some font has (★, ①) stay."""
    from dataclasses import replace

    from healthboard.fonts import _in_some_font, unprintable

    if _in_some_font("✅"):
        pytest.skip("an emoji font is installed here: ✅ prints")
    assert unprintable("知道自己的血压，管好高血压 ★ ① ✔ 12320") == []
    assert unprintable("✅知道👍\ufe0f") == ["✅", "👍", "\ufe0f"]
    content = _content()
    edition, board = content.editions[0], content.boards["b1"]
    article = replace(content.articles["wash-hands"], title="✅勤洗手👍", summary="🩺饭前便后★洗手", lines={"title": 3, "summary": 5})
    content.articles["wash-hands"] = article
    producer = Producer("测试区", "", [], "https://x.org/", 60)
    settings = PrintSettings()
    page = board_page(content, edition, board, edition_layout(content, edition, board, settings), producer)
    soup = BeautifulSoup(render_board(page, producer, settings), "html.parser")
    panel = soup.select_one('.hb-panel[data-fit="wash-hands"]')
    assert panel.h2.get_text() == "勤洗手" and panel.select_one(".hb-panel-text p").get_text() == "饭前便后★洗手"
    assert not any(c in str(soup) for c in "✅👍🩺")
    problems = plan.unprintable_problems([article], edition, tmp_path / "docs")
    assert [(p.code, p.field, p.line) for p in problems] == [("W_UNPRINTABLE", "title", 3), ("W_UNPRINTABLE", "summary", 5)]
    assert "✅、👍" in problems[0].message and "🩺" in problems[1].message
