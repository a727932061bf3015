"""Modules tested on their own, on small inputs made here: no site build."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from healthboard import pages, scaffold
from healthboard.calendar import load_health_days
from healthboard.content.model import Article, Board, Content, Edition, Hotline, Posting, Topic, Update
from healthboard.content.sizes import parse_size
from healthboard.content.yamlfile import parse_yaml, split_front_matter
from healthboard.feed import ATOM, atom_feed
from healthboard.ledger import check
from healthboard.pdf.base import Slot
from healthboard.pdf.overlay import overlay_html
from healthboard.poster.layout import PrintSettings
from healthboard.poster.pages import Producer, board_page, edition_layout, render_board
from healthboard.settings import Settings
from helpers import write_project

DAY = dt.date(2026, 3, 1)
TOPIC = Topic("personal-hygiene", "个人卫生")


def _article(article_id: str, title: str = "勤洗手", topic: str = "个人卫生", status: str = "approved") -> Article:
    return Article(article_id, title, topic, "流动水加肥皂，搓洗二十秒。", ["某文件第9条"], status, dt.date(2026, 1, 3), f"articles/{article_id}.md", "某疾控中心", dt.date(2026, 1, 2))


def _board(board_id: str, size: str = "A3 landscape", grid: str = "东片") -> Board:
    return Board(board_id, f"{board_id}号栏", "某路1号", grid, "某社区", "0000-1", parse_size(size))


def _content(postings: list[Posting] | None = None) -> Content:
    articles = {a.id: a for a in (_article("wash-hands"), _article("no-smoking", "不吸烟"))}
    boards = {b.id: b for b in (_board("b1"), _board("b2", "2400×1200", "西片"))}
    editions = [Edition(1, dt.date(2026, 1, 10), "洗手", ["wash-hands", "no-smoking"], None, "_data/editions/001.yml"),
                Edition(2, dt.date(2026, 2, 20), "控烟", ["no-smoking"], ["b1"], "_data/editions/002.yml")]
    return Content([TOPIC], articles, boards, editions, postings=postings or [])


def test_check_finds_overdue_boards_and_missing_editions():
    postings = [Posting("b1", 1, dt.date(2026, 1, 12), "张贴员", None, 2), Posting("b2", 1, dt.date(2025, 12, 31), "张贴员", None, 3)]
    result = check(_content(postings), dt.date(2026, 3, 5), 60, edition=2)
    assert [s.board.id for s in result.overdue] == ["b2"]  # posted 64 days before
    assert [s.board.id for s in result.missing_edition] == ["b1"]  # edition 2 is for b1 only
    assert not result.ok
    assert check(_content(postings), dt.date(2026, 1, 20), 60).ok


def test_feed_is_atom_with_escaped_text():
    updates = [Update("<b>第4期</b>上栏", dt.date(2026, 2, 2), "updates/a.md", "全区 & 各街道")]
    feed = ET.fromstring(atom_feed("某区 · 工作动态", "https://x.org/", "https://x.org/updates/feed.xml", "某区爱卫办", [(updates[0], "https://x.org/updates/a/")]))
    entry = feed.find(f"{{{ATOM}}}entry")
    assert entry.find(f"{{{ATOM}}}title").text == "<b>第4期</b>上栏"
    assert entry.find(f"{{{ATOM}}}summary").text == "全区 & 各街道"
    assert entry.find(f"{{{ATOM}}}updated").text == "2026-02-02T00:00:00+08:00"


def test_scaffold_article_and_update_are_valid_front_matter():
    text = scaffold.article("eat-less-salt", '少吃盐："三减"', "个人卫生", DAY)
    meta, body, _ = split_front_matter(text, "x.md")
    assert (meta["id"], meta["title"], meta["status"], meta["date"]) == ("eat-less-salt", '少吃盐："三减"', "draft", "2026-03-01")
    assert '# 少吃盐："三减"' in body
    update = split_front_matter(scaffold.update("第4期上栏", DAY), "u.md")[0]
    assert update["title"] == "第4期上栏"


def test_scaffold_edition_numbers_next_and_brings_required_topics():
    content = _content()
    content.articles["quit"] = _article("quit", "戒烟", "控烟")
    number, text = scaffold.edition(content, load_health_days(), DAY, 60, required_topics=["控烟"])
    data = parse_yaml(text, "e.yml")
    assert number == 3 and data["number"] == 3 and "quit" in data["articles"]


def test_a_big_yaml_file_is_parsed_once_and_kept_until_it_changes(tmp_path, monkeypatch):
    """A city's board registry (here 600 boards) is parsed in the first run and read back from the cache
    in the next, lines and all, a fresh copy each time; a changed registry, or a small file, is parsed."""
    from healthboard.cache import Cache
    from healthboard.content import yamlfile

    parses = []

    class Counting(yamlfile._LineLoader):  # type: ignore[name-defined,misc]
        def get_single_data(self):  # type: ignore[no-untyped-def]
            parses.append(1)
            return super().get_single_data()

    monkeypatch.setattr(yamlfile, "_LineLoader", Counting)
    text = "".join(f"- id: b{i}\n  name: 第{i}号栏\n  phone: '0571-{i:04d}'\n" for i in range(600))
    assert len(text) >= yamlfile.KEEP_PARSED_CHARS
    first_run = Cache(tmp_path / "cache", tmp_path / "pending-1")
    with yamlfile.parsed_kept_in(first_run):
        first = parse_yaml(text, "boards.yml")
    first_run.commit()
    next_run = Cache(tmp_path / "cache", tmp_path / "pending-2")
    with yamlfile.parsed_kept_in(next_run):
        again, copy = parse_yaml(text, "boards.yml"), parse_yaml(text, "boards.yml")
        small = parse_yaml("number: 3\n", "e.yml")
        changed = parse_yaml(text.replace("b599", "b600"), "boards.yml")
    assert len(parses) == 3  # the first run's, the small file's, the changed registry's
    assert again == first and again[1].line_of("phone") == first[1].line_of("phone") == 6 and again.line_at(2) == 7
    again[0]["name"] = "改了"
    assert copy[0]["name"] == "第0号栏" and small == {"number": 3} and changed[599]["id"] == "b600"


def test_site_pages_follow_what_the_site_has():
    content = _content()
    uris = {p.src_uri for p in pages.site_pages(content, "updates", with_updates=False)}
    assert {"topics/index.md", "editions/index.md", "editions/1.md", "editions/2.md"} <= uris and "updates/index.md" not in uris
    no_boards = Content([TOPIC], content.articles, {}, [])
    assert {p.src_uri for p in pages.site_pages(no_boards, "updates")} == {"topics/index.md", "topics/personal-hygiene.md", "updates/index.md"}


def test_board_render_has_a_code_per_panel_and_the_masthead():
    content = _content()
    edition, board = content.editions[0], content.boards["b1"]
    producer = Producer("测试区", "测试区爱卫办", [Hotline("热线", "12345")], "https://x.org/", 60)
    layout = edition_layout(content, edition, board, PrintSettings())
    soup = BeautifulSoup(render_board(board_page(content, edition, board, layout, producer), producer, PrintSettings()), "html.parser")
    assert len(soup.select(".hb-qr svg")) == len(edition.articles)
    assert "第1期" in soup.get_text() and "健康教育宣传栏" in soup.get_text() and "12345" in soup.get_text()


def test_overlay_places_each_boards_text_in_its_slots():
    slots = {"name": Slot(name="name", x=10, y=20, width=100, height=12, font_size=10, line_height=1.2, font_weight=400, color="#000"),
             "note": Slot(name="note", x=10, y=40, width=100, height=60, font_size=10, line_height=1.2, font_weight=700, color="#333")}
    soup = BeautifulSoup(overlay_html(400, 300, slots, [{"name": "一号栏", "note": "甲"}, {"name": "二号栏", "note": "乙"}], "sans-serif"), "html.parser")
    sections = soup.select("section")
    assert [s.div.get_text() for s in sections] == ["一号栏", "二号栏"]
    first, second = sections[0].select("div")
    assert "white-space:nowrap" in first["style"] and "white-space:normal" in second["style"]  # a one-line slot stays one line
    assert "left:10.000pt;top:20.000pt" in first["style"]


def test_settings_are_made_once_from_mkdocs_yml(tmp_path, monkeypatch):
    root = write_project(tmp_path, plugin_extra="traditional:\n  enabled: true\nprint:\n  bleed: true\n")
    config = load_config(str(root / "mkdocs.yml"))
    settings = Settings.from_mkdocs(config, today=DAY)
    assert (settings.site_url, settings.district, settings.today, settings.topics[0].name) == ("https://example.org/health/", "测试区", DAY, "个人卫生")
    assert settings.print_settings().bleed_mm == 3.0 and settings.print_settings(bleed_mm=0).bleed_mm == 0
    variant = Settings.from_mkdocs(config, today=DAY, is_variant=True)
    assert variant.site_url == "https://example.org/health/zh-hant/" and variant.convert("卫生") == "衛生" and settings.convert("卫生") == "卫生"
    monkeypatch.setenv("HEALTHBOARD_TODAY", "2030-01-02")
    assert Settings.from_mkdocs(config).today == dt.date(2030, 1, 2)
    with pytest.raises(Exception):
        settings.district = "别处"  # frozen
    assert settings.manifest == Path(root) / "printed-urls.txt"


def test_fit_is_measured_once_for_the_web_pages_and_the_print_shop(tmp_path):
    """Bleed and crop marks lie outside the trim: the second fit (with bleed) is a cache hit."""
    from healthboard.cache import Cache
    from healthboard.poster.plan import fit_layout

    content, cache = _content(), Cache(tmp_path / "cache")
    edition, board = content.editions[0], content.boards["b2"]
    producer = Producer("测试区", "", [], "https://x.org/", 60)
    web, _, preview = fit_layout(content, edition, board, producer, PrintSettings(), tmp_path, cache)
    measured = cache.misses
    shop, _, _ = fit_layout(content, edition, board, producer, PrintSettings(bleed_mm=3.0), tmp_path, cache)
    assert cache.misses == measured and cache.hits >= 2  # no new WeasyPrint measurement
    assert (shop.bleed_mm, web.bleed_mm) == (3.0, 0.0) and shop.panel_pt == web.panel_pt
    assert preview[:8] == b"\x89PNG\r\n\x1a\n"


def test_shop_plan_names_files_and_keys_them_by_content(tmp_path):
    from healthboard.cache import Cache
    from healthboard.commands import load_project
    from healthboard.pdf.shop import PdfOptions, plan

    root = write_project(tmp_path)
    project, content = load_project(str(root / "mkdocs.yml"))
    s = project.settings

    def jobs(options: PdfOptions, **kw):
        return plan(content, s.producer(), s.print_settings(bleed_mm=3.0), options, s.docs_dir, Cache(tmp_path / "c"), **kw)

    first = jobs(PdfOptions())
    assert sorted(j.path for j in first) == ["第1期/东片_2400x1200mm.pdf", "第1期/西片_420x297mm.pdf"]
    assert sorted(p for j in first for p in j.board_paths) == ["第1期/单块/b1.pdf", "第1期/单块/b2.pdf"]
    assert [j.key for j in jobs(PdfOptions())] == [j.key for j in first]  # same content, same keys
    assert [j.path for j in jobs(PdfOptions(), board="b2")] == [""]  # one board: its own file only
    content.boards["b2"].phone = "0000-9"  # a board's own text changes its file's key, not the other's
    changed = {j.path: j.key for j in jobs(PdfOptions())}
    assert changed["第1期/西片_420x297mm.pdf"] != {j.path: j.key for j in first}["第1期/西片_420x297mm.pdf"]
    assert changed["第1期/东片_2400x1200mm.pdf"] == {j.path: j.key for j in first}["第1期/东片_2400x1200mm.pdf"]


def test_one_cjk_font_stack_everywhere():
    from healthboard.fonts import FONT_STACK
    from helpers import REPO

    css = (REPO / "generator/theme/assets/healthboard.css").read_text(encoding="utf-8")
    assert f"--md-text-font: {FONT_STACK};" in css
    for template in ("generator/poster/templates/index.html.j2", "generator/templates/led.html.j2", "generator/templates/overlay.html.j2"):
        text = (REPO / template).read_text(encoding="utf-8")
        assert "font_stack" in text and "Noto Sans CJK" not in text, template  # the constant, not a copy


def test_health_days_fill_the_year():
    """From any day, a national health day comes within 60 days (December to February included)."""
    from healthboard.calendar import HealthDay, upcoming

    days = load_health_days()
    leprosy = HealthDay("世界防治麻风病日", "", 1, nth=-1, weekday=7)
    assert [leprosy.on(y) for y in (2026, 2027)] == [dt.date(2026, 1, 25), dt.date(2027, 1, 31)]  # last Sundays
    for offset in range(731):
        start = dt.date(2026, 1, 1) + dt.timedelta(days=offset)
        assert upcoming(days, start, 60), start
        # The home page shows the next three: always within about two months (the longest wait is
        # early December to 世界癌症日 on 4 February, as January has one national day).
        assert len(upcoming(days, start, 75)) >= 3, start
    months = Counter(o.start.month for o in upcoming(days, dt.date(2026, 1, 1), 365))
    assert all(months[m] >= 2 for m in range(2, 13)), months  # at least two a month where the calendar has them


def test_board_is_drawn_with_the_numbers_the_fit_estimate_uses():
    """Sizes reach the CSS once, as custom properties: what WeasyPrint lays out is what layout.py computed."""
    from weasyprint import HTML

    from healthboard.poster.fit import boxes
    from healthboard.poster.layout import _inner, _panel

    content = _content()
    edition, board = content.editions[0], content.boards["b2"]
    producer = Producer("测试区", "", [], "https://x.org/", 60)
    layout = edition_layout(content, edition, board, PrintSettings())
    html = render_board(board_page(content, edition, board, layout, producer), producer, PrintSettings())
    assert f"--hb-qr: {layout.qr_mm}mm;" in html and f"--hb-title: {layout.title_pt}pt;" in html
    page = HTML(string=html).render().pages[0]
    px_mm, px_pt = 25.4 / 96, 0.75
    found = {}
    for box in boxes(page):
        classes = (box.element.get("class") or "").split() if getattr(box, "element", None) is not None else []
        for name in ("hb-panel", "hb-qr-slot", "hb-masthead", "hb-panel-text"):
            if name in classes and name not in found:
                found[name] = box
        if getattr(box, "element_tag", "") == "h2" and "h2" not in found:
            found["h2"] = box
    panel_w, panel_h = _panel(*_inner(layout.size, layout.body_pt, layout.padding_mm, layout.gap_mm, layout.panel_pt), layout.columns, layout.rows, layout.gap_mm)
    assert found["hb-panel"].width * px_mm == pytest.approx(panel_w, abs=0.2)  # content box: padding and border as layout.py counts them
    assert found["hb-qr-slot"].width * px_mm == pytest.approx(layout.qr_mm, abs=0.05)
    # the text column leaves the code its white margin (CODE_MARGIN), as the estimate counts it
    assert found["hb-panel-text"].width * px_mm == pytest.approx(panel_w - layout.qr_mm - layout.code_gap_mm, abs=0.2)
    assert layout.code_gap_mm >= 0.25 * layout.qr_mm
    assert found["h2"].style["font_size"] * px_pt == pytest.approx(layout.title_pt, abs=0.05)
    # The masthead band is as tall as its lines (WeasyPrint's flex column once made it a third taller),
    # and the panels get at least the height the estimate counted on.
    band = found["hb-masthead"]
    assert band.height == pytest.approx(sum(child.margin_height() for child in band.children), abs=0.5 / px_mm)
    assert found["hb-panel"].height * px_mm >= panel_h - 0.2


def test_fit_measures_a_sketch_that_lays_out_as_the_board_does(tmp_path, monkeypatch):
    """Fit lays out the board with its codes sketched (no code encoded for it, few shapes for WeasyPrint
    to draw): every measured part has the same box as on the page that is printed."""
    from weasyprint import HTML

    from healthboard import qr
    from healthboard.poster.fit import boxes
    from healthboard.poster.pages import board_page, edition_layout, render_board

    content = _content()
    edition, board = content.editions[0], content.boards["b2"]
    producer = Producer("测试区", "", [], "https://x.org/", 60)
    page = board_page(content, edition, board, edition_layout(content, edition, board, PrintSettings()), producer)

    def parts(html: str) -> dict[str, tuple[float, float, float, float]]:
        document = HTML(string=html, base_url=tmp_path.as_uri() + "/").render()
        return {b.element.get("data-fit"): (round(b.position_x, 2), round(b.position_y, 2), round(b.width, 2), round(b.height, 2))
                for b in boxes(document.pages[0]) if getattr(b, "element", None) is not None and b.element.get("data-fit")
                and b.element_tag in ("section", "header", "footer")}

    printed = render_board(page, producer, PrintSettings())
    monkeypatch.setattr(qr, "_encode", lambda *a: pytest.fail("a code encoded for the sketch"))
    sketch = render_board(page, producer, PrintSettings(), sketch=True)
    assert sketch.count('viewBox="0 0 29 29"') == len(page.panels) and "hb-qr-code" not in sketch
    measured = parts(sketch)
    assert set(measured) == {a for a in edition.articles} | {"masthead", "footer"}
    assert measured == parts(printed)
