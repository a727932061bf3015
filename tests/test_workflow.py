"""Staff workflow: postings, check, ledger (CSV/XLSX and site pages), calendar, scaffolding, feed."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from bs4 import BeautifulSoup

from healthboard.calendar import HealthDay, load_health_days, upcoming
from healthboard.cli import main as cli
from healthboard.content.loader import Layout, load_content
from healthboard.content.model import Topic
from healthboard.errors import HealthboardError
from healthboard.ledger import LEDGER_HEADERS
from helpers import ARTICLE, build_project, write_project

TOPICS = [Topic("personal-hygiene", "个人卫生"), Topic("tobacco-control", "控烟")]
# b1 posted edition 1 on 2026-02-02; b2 never posted. Edition 2 (2026-04-01) is for b1 only.
POSTINGS = "宣传栏,期数,张贴日期,张贴人,照片\nb1,1,2026-02-02,东片社区 张贴员,images/p1.jpg\n"
EDITION2 = "number: 2\ndate: 2026-04-01\ntheme: 第二期主题\narticles: [no-smoking]\nboards: [b1]\n"


def project(tmp_path: Path, postings: str = POSTINGS, **files: str) -> Path:
    return write_project(tmp_path, files={"docs/_data/postings.csv": postings, "docs/images/p1.jpg": b"\xff\xd8\xff\xd9", "docs/_data/editions/002.yml": EDITION2, **files})


def run(root: Path, *args: str) -> int:
    return cli([args[0], "-f", str(root / "mkdocs.yml"), *args[1:]])


def posting_problems(tmp_path: Path, rows: str, header: str = "宣传栏,期数,张贴日期,张贴人,照片") -> list:
    root = project(tmp_path, postings=header + "\n" + rows)
    with pytest.raises(HealthboardError) as err:
        load_content(Layout(root / "docs"), TOPICS)
    return err.value.problems


@pytest.mark.parametrize("row,code,field", [
    ("b9,1,2026-02-02,张三,", "E_UNKNOWN_BOARD", "宣传栏"),
    ("b1,7,2026-02-02,张三,", "E_UNKNOWN_EDITION", "期数"),
    ("b1,1,2026-02-30,张三,", "E_BAD_DATE", "张贴日期"),
    ("b1,1,2026-01-15,张三,", "E_POSTED_BEFORE_EDITION", "张贴日期"),
    ("b1,1,2026-02-02,张三,images/none.jpg", "E_MISSING_PHOTO", "照片"),
    ("b2,2,2026-04-02,张三,", "E_BOARD_NOT_IN_EDITION", "宣传栏"),
    ("b1,1,2026-02-02,,", "E_MISSING_FIELD", "张贴人"),
])
def test_posting_errors_name_line_and_column(tmp_path, row, code, field):
    [p] = posting_problems(tmp_path, "b2,1,2026-02-03,李四,\n" + row)
    assert (p.code, p.field, p.line, p.file) == (code, field, 3, "docs/_data/postings.csv")


def test_duplicate_posting_and_bad_header(tmp_path):
    [p] = posting_problems(tmp_path, "b1,1,2026-02-02,张三,\nb1,1,2026-02-05,张三,")
    assert p.code == "E_DUPLICATE_POSTING" and "第 2 行" in p.message
    problems = posting_problems(tmp_path / "h", "b1,1,2026-02-02", header="宣传栏,期数,日期")
    assert [p.code for p in problems] == ["E_BAD_CSV_HEADER"]


def test_english_headers_work(tmp_path):
    root = project(tmp_path, postings="board,edition,date,by\nb1,1,2026-02-02,someone\n")
    assert len(load_content(Layout(root / "docs"), TOPICS).postings) == 1


def test_postings_saved_by_excel_on_chinese_windows_load(tmp_path):
    """Excel's plain "CSV" is GBK there, and it rewrites dates as 2026/2/2; staff write 第1期."""
    text = "宣传栏,期数,张贴日期,张贴人,照片\r\nb1,第1期,2026/2/2,东片社区 张贴员,images/p1.jpg\r\nb1,2,2026年4月3日,东片社区 张贴员,\r\n"
    root = project(tmp_path)
    (root / "docs/_data/postings.csv").write_bytes(text.encode("gbk"))
    postings = load_content(Layout(root / "docs"), TOPICS).postings
    assert [(p.board, p.edition, p.date, p.by) for p in postings] == [
        ("b1", 1, dt.date(2026, 2, 2), "东片社区 张贴员"), ("b1", 2, dt.date(2026, 4, 3), "东片社区 张贴员"),
    ]


def test_check_reports_overdue_by_grid_and_exits_1(tmp_path, capsys):
    root = project(tmp_path)
    assert run(root, "check", "--today", "2026-03-01") == 1  # b1 posted 02-02: fine; b2 never posted
    out = capsys.readouterr().out
    assert "【西片】" in out and "b2" in out and "从未张贴" in out and "西片社区" in out and "0000-2" in out
    assert "【东片】" not in out
    assert run(root, "check", "--today", "2026-04-10") == 1  # 02-02 + 60 days = 04-03: b1 overdue now
    out = capsys.readouterr().out
    assert "【东片】" in out and "应于 2026-04-03 前更换" in out


def test_check_points_at_postings_dated_after_today(tmp_path, capsys):
    """A posting typed as 2062 would leave a board looking overdue with no clue why."""
    root = project(tmp_path, postings=POSTINGS + "b2,1,2062-02-03,西片 张贴员,\n")
    assert run(root, "check", "--today", "2026-03-01") == 1
    captured = capsys.readouterr()
    assert "b2" in captured.out and "从未张贴" in captured.out
    assert "有 1 条日期晚于今天（2026-03-01），没有计入（postings.csv 第 3 行）" in captured.err
    assert run(root, "check", "--today", "2026-03-01", "--by", "2026-02-10") == 1  # a past day on purpose: no note
    assert "晚于今天" not in capsys.readouterr().err


def test_check_json_csv_edition_and_by(tmp_path, capsys):
    root = project(tmp_path, postings=POSTINGS + "b2,1,2026-02-03,西片 张贴员,\n")
    assert run(root, "check", "--today", "2026-03-01") == 0
    assert "都在 60 天内更换过" in capsys.readouterr().out
    assert run(root, "check", "--today", "2026-03-01", "--edition", "2", "--by", "2026-04-02", "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2026-04-02" and not data["ok"]
    assert [(r["宣传栏"], r["问题"]) for r in data["problems"]] == [("b1", "缺第2期")]  # b2 is not on edition 2
    out = tmp_path / "待整改.csv"
    assert run(root, "check", "--edition", "2", "--by", "2026-04-02", "--format", "csv", "-o", str(out)) == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel on Windows reads the Chinese headers
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["宣传栏"] == "b1" and rows[0]["最近张贴"] == "第1期 2026-02-02"
    assert run(root, "check", "--edition", "9") == 2


def test_ledger_xlsx_cell_by_cell(tmp_path, capsys):
    root = project(tmp_path)
    out = tmp_path / "台账.xlsx"
    assert run(root, "ledger", "--today", "2026-05-01", "-o", str(out)) == 0
    wb = openpyxl.load_workbook(out)
    sheet = wb["张贴台账"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    day = lambda m, d: dt.datetime(2026, m, d)  # noqa: E731 (openpyxl reads Excel dates back as datetimes)
    assert rows[0] == LEDGER_HEADERS
    assert rows[1:] == [
        ["东片", "b1", "一号栏", "测试路1号", "东片社区", "0000-1", "2400×1200 mm", "第1期", "测试主题", day(2, 1), day(2, 2), "东片社区 张贴员", "images/p1.jpg", "已张贴"],
        ["东片", "b1", "一号栏", "测试路1号", "东片社区", "0000-1", "2400×1200 mm", "第2期", "第二期主题", day(4, 1), None, None, None, "未张贴"],
        ["西片", "b2", "二号栏", "测试路2号", "西片社区", "0000-2", "A3 横版", "第1期", "测试主题", day(2, 1), None, None, None, "未张贴"],
    ]
    assert sheet["J2"].number_format == "yyyy-mm-dd" and sheet["F2"].data_type == "s"  # dates are dates, phones stay text
    overdue = [[c.value for c in row] for row in wb["逾期宣传栏"].iter_rows(min_row=2)]
    assert [(r[1], r[5], r[6]) for r in overdue] == [("b1", "第1期 2026-02-02", day(4, 3)), ("b2", "从未张贴", None)]
    articles = [[c.value for c in row] for row in wb["各期文章"].iter_rows(min_row=2)]
    assert articles[0][:6] == ["第1期", "测试主题", day(2, 1), 1, "勤洗手", "wash-hands"]
    for ws in wb.worksheets:  # printed for inspectors
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1" and ws.auto_filter.ref == ws.dimensions
        assert "测试区" in ws.oddHeader.center.text and "&P" in ws.oddFooter.center.text
    assert articles[0][7] == "测试区疾控中心"


def test_ledger_csv_has_bom_and_chinese_headers(tmp_path):
    root = project(tmp_path)
    out = tmp_path / "t.csv"
    assert run(root, "ledger", "--format", "csv", "--today", "2026-05-01", "-o", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == LEDGER_HEADERS and len(rows) == 4


def test_health_day_rules():
    sight = HealthDay("世界视觉日", "", 10, nth=2, weekday=4)
    assert [sight.on(y) for y in (2025, 2026, 2027)] == [dt.date(2025, 10, 9), dt.date(2026, 10, 8), dt.date(2027, 10, 14)]
    days = load_health_days()
    names = [o.day.name for o in upcoming(days, dt.date(2026, 4, 20), 10)]
    assert names[0] == "爱国卫生月" and "全国儿童预防接种日" in names  # a month-long observance still running


def test_calendar_command(tmp_path, capsys):
    root = project(tmp_path)
    assert run(root, "calendar", "--today", "2026-10-01", "--days", "10") == 0
    out = capsys.readouterr().out
    assert "2026-10-08（星期四）  世界视觉日" in out and "全国高血压日" in out and "全球洗手日" not in out


def test_new_article_update_edition_make_valid_files(tmp_path, capsys):
    root = project(tmp_path)
    assert run(root, "new", "article", "eat-less-salt", "--title", "少吃盐", "--topic", "个人卫生", "--today", "2026-05-01") == 0
    assert run(root, "new", "update", "--title", "今天的动态", "--today", "2026-05-01") == 0
    assert run(root, "new", "edition", "--today", "2026-05-21") == 0
    content = load_content(Layout(root / "docs"), TOPICS)
    assert content.articles["eat-less-salt"].is_draft and content.articles["eat-less-salt"].date == dt.date(2026, 5, 1)
    assert [u.title for u in content.updates][0] == "今天的动态"
    third = content.edition(3)
    assert third.date == dt.date(2026, 5, 21) and third.articles
    assert "世界无烟日" in third.theme  # 5/31, the first health day in the edition's 60 days
    text = (root / "docs/_data/editions/003.yml").read_text(encoding="utf-8")
    assert "世界无烟日（5月31日）" in text


def test_new_edition_carries_the_required_topics(tmp_path):
    """With required_topics, the suggested list already passes the build's check."""
    smoking = ARTICLE.format(id="no-smoking", title="不吸烟", status="approved").replace("topic: 个人卫生", "topic: 控烟")
    fresh = {f"docs/articles/fresh-{i}.md": ARTICLE.format(id=f"fresh-{i}", title=f"新文章{i}", status="approved") for i in range(5)}
    root = project(tmp_path, **{"docs/articles/sub/no-smoking.md": smoking, **fresh})  # five unused, none 控烟
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8") + "      required_topics: [控烟]\n", encoding="utf-8")
    assert run(root, "new", "edition", "--today", "2026-05-21") == 0
    third = load_content(Layout(root / "docs"), TOPICS, ["控烟"]).edition(3)  # raises if 控烟 were missing
    assert "no-smoking" in third.articles


@pytest.mark.parametrize("args,code", [
    (["new", "article", "Bad Id", "--title", "t", "--topic", "个人卫生"], "E_BAD_ID"),
    (["new", "article", "wash-hands", "--title", "t", "--topic", "个人卫生"], "E_DUPLICATE_ID"),
    (["new", "article", "ok-id", "--title", "t", "--topic", "无此栏目"], "E_UNKNOWN_TOPIC"),
    (["new", "update"], "E_MISSING_FIELD"),
])
def test_new_refuses_mistakes(tmp_path, capsys, args, code):
    root = project(tmp_path)
    assert run(root, *args) == 1
    assert code in capsys.readouterr().err


@pytest.mark.parametrize("command", ["build", "serve", "pdf", "check", "ledger", "calendar", "new", "cache"])
def test_every_command_has_chinese_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        cli([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "选项" in out
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out)
    # placeholders are Chinese too: "-f 配置文件", never "-f CONFIG_FILE"
    assert not re.search(r"(-\w|--[\w-]+) [A-Z][A-Z_]+\b", out), out
    if command != "calendar":
        assert "-f 配置文件" in out


@pytest.mark.parametrize("args, expected", [
    (["pdf", "--tile", "A5"], "参数 --tile 的值“A5”无效，可选：'A3', 'A4'"),
    (["pdf", "--edition", "三"], "参数 --edition：应为整数（当前值：三）"),
    (["pdf", "--edition"], "参数 --edition 后面缺少取值"),
    (["check", "--by", "2026-13-01"], "参数 --by：日期应写成 年-月-日"),
    (["build", "--zzz"], "无法识别的参数：--zzz"),
    (["new"], "缺少必填参数：kind"),
    (["publish"], "参数 命令 的值“publish”无效"),
])
def test_mistyped_commands_are_explained_in_chinese(args, expected, capsys):
    with pytest.raises(SystemExit) as done:
        cli(args)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "用法：" in err and "[E_USAGE]" in err and expected in err, err
    assert "invalid" not in err and "argument" not in err


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import os

    os.environ["HEALTHBOARD_TODAY"] = "2026-05-01"
    try:
        root = project(tmp_path_factory.mktemp("ledger-site"))
        return build_project(root)
    finally:
        del os.environ["HEALTHBOARD_TODAY"]


def _soup(built, rel: str) -> BeautifulSoup:
    return BeautifulSoup((Path(built.site_dir) / rel).read_text(encoding="utf-8"), "html.parser")


def test_ledger_pages_in_site(built):
    index = _soup(built, "ledger/index.html")
    text = index.get_text()
    assert "统计日期：2026年5月1日" in text and "逾期未更换：2 块" in text
    rows = {tr.select_one("td").get_text(" ", strip=True).split()[-1]: tr.get_text(" ", strip=True) for tr in index.select("table tbody tr")}
    assert "⚠ 逾期" in rows["b1"] and "2月2日（有照片）" in rows["b1"] and "未张贴" in rows["b1"]
    # The board's name leads to its section of its grid's page: the photo of its posting is there.
    href = next(tr.select_one("td a")["href"] for tr in index.select("table tbody tr") if tr.select_one("td").get_text(" ", strip=True).endswith("b1"))
    page, anchor = href.split("#")
    grid_dir = (Path(built.site_dir) / "ledger" / page).resolve()
    grid = BeautifulSoup((grid_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    heading = grid.find(id=anchor)
    assert anchor == "b1" and heading.name == "h2"
    img = heading.find_next("table").find_next("table").select_one("img")
    assert img is not None and img.find_previous("h2") is heading
    assert (grid_dir / img["src"]).resolve() == (Path(built.site_dir) / "images/p1.jpg").resolve()
    edition = _soup(built, "ledger/editions/1/index.html")
    assert "《中国公民健康素养—基本知识与技能（2024年版）》第9条" in edition.get_text() and "测试区疾控中心" in edition.get_text()
    wb = openpyxl.load_workbook(Path(built.site_dir) / "ledger/ledger.xlsx")
    assert wb["张贴台账"]["A1"].value == "片区"
    assert (Path(built.site_dir) / "ledger/ledger.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_ledger_is_out_of_residents_navigation_and_search(built):
    home = _soup(built, "index.html")
    assert not [a for a in home.select("nav a") if "ledger" in a.get("href", "")]
    index = json.loads((Path(built.site_dir) / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("ledger/")]


def test_home_and_calendar_show_coming_health_days(built):
    home = _soup(built, "index.html").get_text()
    assert "近期健康宣传日" in home and "2026年5月15日　全国碘缺乏病防治日" in home
    calendar = _soup(built, "calendar/index.html").get_text()
    assert "世界无烟日" in calendar and "世界卫生组织" in calendar


def test_updates_feed_is_atom_with_absolute_links(built):
    root = ET.fromstring((Path(built.site_dir) / "updates/feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == ["一条动态"]
    link = entries[0].find("a:link", ns).get("href")
    assert link == "https://example.org/health/updates/2026-01-05-news/"
    assert (Path(built.site_dir) / "updates/2026-01-05-news/index.html").is_file()
