"""The formats staff already work in: the health days as a calendar file, registries as Excel
workbooks, Word manuscripts in, WeChat articles out, the CDC's review pack."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from healthboard.cli import main as cli


def test_calendar_exports_health_days_as_ics(tmp_path: Path, capsys) -> None:
    out = tmp_path / "健康日.ics"
    assert cli(["calendar", "--ics", str(out), "--today", "2026-12-07"]) == 0
    events = [e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    by_name = {str(e["summary"]): e for e in events}
    assert len(events) >= 36 and len({str(e["uid"]) for e in events}) == len(events)
    tb = by_name["世界防治结核病日"]
    assert tb.decoded("dtstart") == dt.date(2027, 3, 24) and tb.decoded("dtend") == dt.date(2027, 3, 25)  # all day
    week = by_name["全国肿瘤防治宣传周"]
    assert (week.decoded("dtend") - week.decoded("dtstart")).days == 7
    assert "世界卫生组织" in str(tb["description"])
    again = tmp_path / "again.ics"
    assert cli(["calendar", "--ics", str(again), "--today", "2026-12-08"]) == 0  # a later export updates, never duplicates
    assert {str(e["uid"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT")} & {str(e["uid"]) for e in events}


# Registries kept as Excel workbooks.

def _workbook(path: Path, rows: list[list[object]], title: str = "登记表") -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)


BOARDS_HEADER = ["编号", "名称", "地址", "片区", "责任单位", "联系电话", "尺寸"]


def _project_with_workbooks(tmp_path: Path, boards: list[list[object]], postings: list[list[object]] | None = None) -> Path:
    from helpers import write_project

    root = write_project(tmp_path / "p", files={"docs/_data/boards.yml": None})
    _workbook(root / "docs/_data/boards.xlsx", [BOARDS_HEADER, *boards])
    if postings is not None:
        _workbook(root / "docs/_data/postings.xlsx", [["宣传栏", "期数", "张贴日期", "张贴人"], *postings], "张贴")
    return root


def test_registry_and_postings_read_straight_from_excel(tmp_path: Path) -> None:
    from healthboard.content.loader import Layout, load_content
    from test_workflow import TOPICS

    root = _project_with_workbooks(tmp_path, [
        ["b1", "一号栏", "测试路1号", "东片", "东片社区", 81234567.0, "2400×1200"],  # a phone number stored as a number
        ["b2", "二号栏", "测试路2号", "西片", "西片社区", "0571-81234568", "A3 横版"],
    ], [["b1", 1, dt.datetime(2026, 2, 2), "张贴员"], ["b2", "第1期", dt.date(2026, 2, 3), "张贴员"]])
    content = load_content(Layout(root / "docs"), TOPICS)
    assert content.boards["b1"].phone == "81234567" and content.boards["b2"].size.label.startswith("A3")
    assert [(p.board, p.edition, p.date) for p in content.postings] == [("b1", 1, dt.date(2026, 2, 2)), ("b2", 1, dt.date(2026, 2, 3))]


def test_excel_mistakes_name_the_sheet_row_and_column(tmp_path: Path, capsys) -> None:
    good = ["b1", "一号栏", "测试路1号", "东片", "东片社区", "0000-1", "2400×1200"]
    root = _project_with_workbooks(tmp_path / "a", [good, ["b2", "二号栏", "测试路2号", "西片", "西片社区", "0000-2", "巨大"]])
    assert cli(["check", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    assert "[E_BAD_SIZE] docs/_data/boards.xlsx 工作表“登记表” 第 3 行，字段 “尺寸”" in capsys.readouterr().err
    root = _project_with_workbooks(tmp_path / "b", [good], [["b9", 1, dt.datetime(2026, 2, 2), "张贴员"]])
    assert cli(["check", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    err = capsys.readouterr().err
    assert "[E_UNKNOWN_BOARD] docs/_data/postings.xlsx 工作表“张贴” 第 2 行，字段 “宣传栏”" in err and "Traceback" not in err
    (root / "docs/_data/boards.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    assert cli(["check", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    assert "[E_BAD_XLSX] docs/_data/boards.xlsx" in capsys.readouterr().err
    (root / "docs/_data/boards.csv").write_text(",".join(BOARDS_HEADER) + "\n", encoding="utf-8")
    assert cli(["check", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01"]) == 2
    assert "[E_TWO_REGISTRIES]" in capsys.readouterr().err


# Word manuscripts in.

def _docx(path: Path, title: str = "夏季预防登革热", footnote: str | None = "《登革热诊疗方案（2024年版）》第二部分") -> Path:
    """A manuscript as staff receive it: headings, bold and italic, both kinds of list, a table, a
    picture and (optionally) a footnote naming the source."""
    import io
    import zipfile

    import docx
    from docx.shared import Inches
    from PIL import Image

    document = docx.Document()
    document.add_heading(title, level=1)
    p = document.add_paragraph("登革热是由")
    p.add_run("伊蚊").bold = True
    p.add_run("叮咬传播的急性传染病。清除积水是关键。")
    if footnote:
        p.add_run("FOOTNOTE-HERE")
    document.add_paragraph("夏秋季节").add_run("尤其要注意").italic = True
    document.add_heading("怎样预防", level=2)
    document.add_paragraph("翻盆倒罐，清除积水；", style="List Bullet")
    document.add_paragraph("穿浅色长袖衣裤。", style="List Bullet")
    document.add_paragraph("发热先就医", style="List Number")
    document.add_paragraph("主动告诉医生旅行史", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "症状", (0, 1): "怎么办", (1, 0): "高热", (1, 1): "及时就医"}.items():
        table.cell(r, c).text = text
    picture = io.BytesIO()
    Image.new("RGB", (60, 40), (46, 125, 50)).save(picture, "PNG")
    picture.seek(0)
    document.add_picture(picture, width=Inches(1))
    document.save(path)
    if footnote:  # python-docx writes no footnotes: add the part Word would
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts["word/document.xml"] = parts["word/document.xml"].replace(
            b"<w:t>FOOTNOTE-HERE</w:t>", b'<w:footnoteReference w:id="1"/>')
        parts["word/footnotes.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
                                       f'<w:footnote w:id="1"><w:p><w:r><w:t>{footnote}</w:t></w:r></w:p></w:footnote></w:footnotes>').encode()
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


def test_word_manuscript_becomes_a_draft_article(tmp_path: Path, capsys) -> None:
    from healthboard.content.loader import Layout, load_content
    from helpers import write_project
    from test_workflow import TOPICS

    root = write_project(tmp_path / "p")
    manuscript = _docx(tmp_path / "登革热.docx")
    assert cli(["import", "-f", str(root / "mkdocs.yml"), "--today", "2026-07-01", str(manuscript), str(manuscript)]) == 0
    out = capsys.readouterr().out
    article = root / "docs/articles/drafts/xia-ji-yu-fang-deng-ge-re.md"
    text = article.read_text(encoding="utf-8")
    assert (root / "docs/articles/drafts/xia-ji-yu-fang-deng-ge-re-2.md").is_file()  # the same title again: a suffix
    assert "id: xia-ji-yu-fang-deng-ge-re\n" in text and 'title: "夏季预防登革热"' in text and "status: draft" in text
    assert "date: 2026-07-01" in text and 'summary: "登革热是由伊蚊叮咬传播的急性传染病。清除积水是关键。"' in text
    assert '  - "《登革热诊疗方案（2024年版）》第二部分"' in text  # the footnote became the source
    body = text.split("---\n", 2)[2].lstrip("\n")
    assert body.startswith("# 夏季预防登革热\n") and "## 怎样预防" in body and "**伊蚊**" in body and "*尤其要注意*" in body
    assert "- 翻盆倒罐，清除积水；" in body and "1. 发热先就医" in body and "2. 主动告诉医生旅行史" in body
    assert "| 症状 | 怎么办 |\n| --- | --- |\n| 高热 | 及时就医 |" in body and "[1]" not in body
    assert "![](../../images/xia-ji-yu-fang-deng-ge-re/1.png)" in body
    assert (root / "docs/images/xia-ji-yu-fang-deng-ge-re/1.png").read_bytes()[:4] == b"\x89PNG"
    assert "请核对（按内容猜的）：topic、summary" in out
    content = load_content(Layout(root / "docs"), TOPICS)  # a valid draft the build accepts
    imported = content.articles["xia-ji-yu-fang-deng-ge-re"]
    assert imported.is_draft and imported.topic in ("个人卫生", "控烟")


def test_a_title_in_words_title_style_is_the_article_title(tmp_path: Path) -> None:
    import docx

    from healthboard.wordimport import import_docx

    document = docx.Document()
    document.add_heading("冬季预防一氧化碳中毒", level=0)  # Word's "Title" style, as many manuscripts start
    document.add_paragraph("取暖要通风。")
    document.save(tmp_path / "稿件.docx")
    done = import_docx(tmp_path / "稿件.docx", taken=[], topics=["个人卫生"], today=dt.date(2026, 12, 1), images_dir="images", article_path="articles/{id}.md")
    assert done.title == "冬季预防一氧化碳中毒" and done.article_id == "dong-ji-yu-fang-yi-yang-hua-tan-zhong-du" and not done.lost


def test_ids_from_titles_are_pinyin_short_and_unique() -> None:
    from healthboard.wordimport import article_id

    assert article_id("饭前便后，认真洗手", []) == "fan-qian-bian-hou-ren-zhen-xi-shou"
    long = article_id("秋冬季节预防流行性感冒和其他呼吸道传染病的十条建议", [])
    assert len(long) <= 40 and not long.endswith("-") and long.startswith("qiu-dong-ji-jie")
    assert article_id("12320 热线", ["12320-re-xian"]) == "12320-re-xian-2"


def test_old_or_damaged_word_files_are_refused_and_nothing_is_written(tmp_path: Path, capsys) -> None:
    from helpers import write_project

    root = write_project(tmp_path / "p")
    good = _docx(tmp_path / "good.docx", footnote=None)
    old = tmp_path / "旧稿.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    broken = tmp_path / "坏.docx"
    broken.write_bytes(good.read_bytes()[:200])
    for bad, code in ((old, "E_DOC_OLD_FORMAT"), (broken, "E_DOCX_DAMAGED")):
        assert cli(["import", "-f", str(root / "mkdocs.yml"), str(good), str(bad)]) == 1
        err = capsys.readouterr().err
        assert f"[{code}] {bad}" in err and "另存为" in err and "没有导入任何文件" in err and "Traceback" not in err
    assert not list((root / "docs/articles/drafts").glob("xia-*")) and not (root / "docs/images").exists()


def test_new_article_from_a_chinese_title_alone(tmp_path: Path) -> None:
    from helpers import write_project

    root = write_project(tmp_path / "p")
    assert cli(["new", "article", "冬季取暖防一氧化碳中毒", "-f", str(root / "mkdocs.yml"), "--today", "2026-12-01"]) == 0
    made = root / "docs/articles/drafts/dong-ji-qu-nuan-fang-yi-yang-hua-tan.md"  # 44 letters, cut at a hyphen to ≤ 40
    assert made.is_file() and "title: \"冬季取暖防一氧化碳中毒\"" in made.read_text(encoding="utf-8")


# WeChat out.

WECHAT_ARTICLE = """\
---
id: mosquito-water
title: 清除积水，防蚊防病
topic: 个人卫生
summary: 每周清除一次积水。
sources:
  - 《中国公民健康素养—基本知识与技能（2024年版）》第41条
status: approved
reviewed_by: 测试区疾控中心
reviewed_on: 2026-03-01
date: 2026-03-02
---

# 清除积水，防蚊防病

伊蚊在**小小的积水**里就能繁殖。

## 怎么做

- 翻盆倒罐
- 每周换水

1. 检查花盆托盘
2. 清理轮胎积水

![积水的花盆](../images/pot.png)

<script>alert(1)</script>
"""


def test_wechat_export_pastes_into_an_editor_with_its_formatting(tmp_path: Path, browser, capsys) -> None:
    import io

    from PIL import Image

    from browser import serve
    from helpers import write_project

    picture = io.BytesIO()
    Image.new("RGB", (80, 50), (27, 94, 32)).save(picture, "PNG")
    root = write_project(tmp_path / "p", files={"docs/articles/mosquito-water.md": WECHAT_ARTICLE, "docs/images/pot.png": picture.getvalue()})
    out = tmp_path / "wechat"
    assert cli(["wechat", "mosquito-water", "-f", str(root / "mkdocs.yml"), "-o", str(out)]) == 0
    assert "图片 1 张已嵌入" in capsys.readouterr().out
    text = (out / "mosquito-water.html").read_text(encoding="utf-8")
    assert "<style" not in text and "class=" not in text and "<script" not in text and "alert(1)" not in text  # the editor drops styles and classes
    (out / "editor.html").write_text('<!doctype html><meta charset="utf-8"><div id="editor" contenteditable="true" style="min-height:50px"></div>', encoding="utf-8")
    with serve(out, "/") as base:
        context = browser.new_context(viewport={"width": 1000, "height": 800})
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(base + "mosquito-water.html", wait_until="load")
        page.keyboard.press("Control+A")
        page.keyboard.press("Control+C")  # the browser's own copy of the rendered page
        editor = context.new_page()
        editor.goto(base + "editor.html", wait_until="load")
        editor.click("#editor")
        editor.keyboard.press("Control+V")  # and its own paste, as into the 公众号 editor
        editor.wait_for_function("document.querySelector('#editor img') !== null", timeout=10000)
        pasted = editor.evaluate("""() => {
            const e = document.querySelector('#editor'), style = s => getComputedStyle(e.querySelector(s));
            return {h1: e.querySelector('h1')?.textContent, h2: e.querySelector('h2')?.textContent,
                    h2size: style('h2').fontSize, bodySize: style('p').fontSize, bold: e.querySelector('strong, b')?.textContent,
                    ul: e.querySelector('ul').querySelectorAll('li').length, ol: e.querySelector('ol').querySelectorAll('li').length,
                    img: e.querySelector('img').src.slice(0, 22), imgWidth: e.querySelector('img').naturalWidth, text: e.innerText};
        }""")
        context.close()
    assert pasted["h1"] == "清除积水，防蚊防病" and pasted["h2"] == "怎么做" and pasted["h2size"] == "18px"
    assert pasted["bodySize"] in ("16px", "17px") and pasted["bold"] == "小小的积水"
    assert pasted["ul"] == 2 and pasted["ol"] == 2 and pasted["img"] == "data:image/png;base64," and pasted["imgWidth"] == 80
    assert "《中国公民健康素养—基本知识与技能（2024年版）》第41条" in pasted["text"] and "审核：测试区疾控中心" in pasted["text"]
    assert pasted["text"].rstrip().endswith("https://example.org/health/q/mosquito-water/")  # the short link, as text, at the end


def test_wechat_all_new_and_mistakes(tmp_path: Path, capsys) -> None:
    from helpers import write_project

    root = write_project(tmp_path / "p", files={"docs/articles/mosquito-water.md": WECHAT_ARTICLE})
    out = tmp_path / "wechat"
    assert cli(["wechat", "--all-new", "-f", str(root / "mkdocs.yml"), "-o", str(out)]) == 0  # dated after 第1期 (2026-02-01)
    assert sorted(p.name for p in out.iterdir()) == ["mosquito-water.html"]
    assert cli(["wechat", "draft-one", "nope", "-f", str(root / "mkdocs.yml"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "[E_UNKNOWN_ARTICLE]" in err and "它还是草稿" in err and "'nope'" in err and "没有导出文件" in err


# The CDC's review pack, and approval before printing.

def test_review_pack_has_board_pictures_a_booklet_and_a_sheet(tmp_path: Path, capsys) -> None:
    import openpyxl
    import pypdfium2
    import zxingcpp
    from PIL import Image

    from helpers import write_project

    from helpers import ARTICLE

    pasted = ARTICLE.format(id="wash-hands", title="勤洗手", status="approved") + "\n✅饭前便后要洗手👍\n"  # emoji from WeChat: no font prints them
    root = write_project(tmp_path / "p", files={"docs/articles/wash-hands.md": pasted})
    out = tmp_path / "review"
    assert cli(["review", "--edition", "1", "-f", str(root / "mkdocs.yml"), "-o", str(out)]) == 0
    folder = out / "第1期"
    pictures = sorted(p.name for p in (folder / "宣传栏").iterdir())
    assert pictures == ["2400×1200mm_b1.png", "A3横版_b2.png"]  # a picture per board size and board
    big = Image.open(folder / "宣传栏" / pictures[0])
    assert big.size[0] == 2400 and abs(big.size[0] / big.size[1] - 2.0) < 0.01  # the board's own proportions
    urls = {r.text for r in zxingcpp.read_barcodes(big)}
    assert "https://example.org/health/q/wash-hands/?b=b1&e=1" in urls  # drawn as the print shop gets it, codes and all
    booklet = pypdfium2.PdfDocument(str(folder / "文章送审稿.pdf"))
    text = "".join(booklet[i].get_textpage().get_text_range() for i in range(len(booklet)))
    assert len(booklet) == 3 and "勤洗手" in text and "不吸烟" in text and "测试区疾控中心" in text and "第9条" in text
    assert "饭前便后要洗手" in text and "✅" not in text and "👍" not in text  # left out, not printed as empty boxes
    sheet = openpyxl.load_workbook(folder / "审核表.xlsx")["审核表"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4 and {(r[1], r[5]) for r in rows} == {(b, a) for b in ("b1", "b2") for a in ("wash-hands", "no-smoking")}
    assert sheet.data_validations.dataValidation[0].formula1 == '"通过,修改后通过,不通过"'


def test_pdf_waits_for_approval_when_required(tmp_path: Path, capsys) -> None:
    import openpyxl

    from helpers import write_project
    from healthboard.commands import load_project
    from healthboard.review import approval_problems, approval_sheet

    root = write_project(tmp_path / "p", plugin_extra="print:\n  require_approval: true\n")
    out = tmp_path / "pdf"
    assert cli(["pdf", "--edition", "1", "-f", str(root / "mkdocs.yml"), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "[E_NOT_APPROVED]" in err and "第1期还没有审核记录" in err and "healthboard review --edition 1" in err and not out.exists()

    project, content = load_project(str(root / "mkdocs.yml"))
    edition = content.edition(1)
    returned = root / "docs/_data/approvals/第1期.xlsx"  # the sheet as the CDC sends it back
    returned.parent.mkdir(parents=True)
    returned.write_bytes(approval_sheet(content, edition, "审核表"))
    book = openpyxl.load_workbook(returned)
    sheet = book["审核表"]
    for row in sheet.iter_rows(min_row=2, max_row=4):  # three rows decided, the fourth left open
        row[8].value, row[9].value, row[10].value = "通过", "健康教育科", dt.date(2026, 2, 1)
    book.save(returned)
    problems = approval_problems(project, content, edition)
    assert [(p.code, p.line) for p in problems] == [("E_NOT_APPROVED", 5)] and "还没有审核结论" in problems[0].message
    sheet["I5"], sheet["K5"] = "修改后通过", dt.date(2026, 2, 2)
    book.save(returned)
    assert approval_problems(project, content, edition) == []
    returned.unlink()
    (root / "docs/_data/approvals.yml").write_text("- edition: 1\n  approved_by: 测试区疾控中心健康教育科\n  approved_on: 2026-02-01\n", encoding="utf-8")
    assert approval_problems(project, content, edition) == []
