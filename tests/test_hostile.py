"""Hostile text in content (pasted or planted): no script reaches residents, no formula reaches Excel."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from healthboard.cli import main as cli
from helpers import ARTICLE, write_project

TITLE = '<script>alert("t")</script>洗手'
BODY = """
正文第一段。

<script>alert(1)</script>

<img src="x" onerror="alert(2)">

<div onmouseover="alert(3)">悬停</div>

[点我](javascript:alert(4))

<iframe src="https://evil.example/"></iframe>

<a href="data:text/html,<script>alert(5)</script>">数据</a>

<form action="https://evil.example/"><input type="text" name="p"></form>

<style>body { display: none }</style>

![从公众号粘贴的图](https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png&from=appmsg)

<img src="//cdn.evil.example/pixel.gif" alt="跟踪像素">

![本站的图](https://example.org/health/images/own.png)

!!! note "提示"
    正常的提示框。

| 列一 | 列二 |
| :--: | ---- |
| 甲 | 乙 |
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    article = ARTICLE.format(id="wash-hands", title=f"'{TITLE}'", status="approved").split("# ")[0] + BODY
    article = article.replace("summary: 这是一段摘要。", "summary: '=HYPERLINK(\"https://evil.example\",\"点我\")'")
    update = "---\ntitle: '<img src=x onerror=alert(6)>动态'\ndate: 2026-01-05\nsummary: '<b>摘要</b>'\n---\n\n# 动态\n\n<script>alert(7)</script>内容。\n"
    write_project(root, plugin_extra="traditional:\n  enabled: true\n", files={"docs/articles/wash-hands.md": article, "docs/updates/2026-01-05-news.md": update})
    err = io.StringIO()
    from contextlib import redirect_stderr, redirect_stdout

    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0, err.getvalue()
    return root, err.getvalue()


def _dangers(html: str) -> list[str]:
    """Dangerous markup in the page's content, header and nav (the theme's own search form aside)."""
    soup = BeautifulSoup(html, "html.parser")
    for theme_form in soup.select("form.md-search__form"):
        theme_form.decompose()
    found = []
    for tag in soup.find_all(True):
        if tag.name in ("iframe", "object", "embed", "form"):
            found.append(tag.name)
        if tag.name == "script" and not tag.get("src") and ("alert" in tag.get_text()):
            found.append("inline alert script")
        for name, value in tag.attrs.items():
            if name.startswith("on"):
                found.append(f"{tag.name}[{name}]")
            if name in ("href", "src") and str(value).strip().lower().startswith(("javascript:", "data:text")):
                found.append(f"{tag.name}[{name}={value}]")
        if tag.name == "style" and "display: none" in tag.get_text():
            found.append("style")
    return found


@pytest.mark.parametrize("page", ["articles/wash-hands/index.html", "zh-hant/articles/wash-hands/index.html",
                                  "updates/2026-01-05-news/index.html", "zh-hant/updates/2026-01-05-news/index.html"])
def test_no_vector_reaches_the_page(hostile, page):
    root, _ = hostile
    html = (root / "site" / page).read_text(encoding="utf-8")
    assert _dangers(html) == []
    soup = BeautifulSoup(html, "html.parser")
    if "articles" in page:
        # what Markdown and its extensions make survives
        assert soup.select_one(".admonition.note .admonition-title") is not None
        assert soup.select_one("table th[style]")["style"] == "text-align:center"
        assert soup.select_one(".hb-qr svg path") is not None  # healthboard's own code is added after cleaning
        topic = soup.select_one(".md-header__topic:last-child .md-ellipsis").get_text()
        assert "<script>" in topic  # the title shows as the text it is, not as markup


def test_titles_are_text_in_search_index_and_nav(hostile):
    root, _ = hostile
    index = json.loads((root / "site/search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert "<script" not in doc["title"] and "<img" not in doc["title"] and "\\&" not in doc["title"], doc["title"]
    home = (root / "site/index.html").read_text(encoding="utf-8")
    assert _dangers(home) == []


def test_removed_html_is_a_warning_with_file_and_line(hostile):
    _, err = hostile
    [line] = [x for x in err.splitlines() if "W_HTML_REMOVED" in x and "wash-hands" in x]
    assert "docs/articles/wash-hands.md 第 " in line
    for what in ("<script>", "onerror", "onmouseover", "javascript:", "<iframe>", "<form>", "data:"):
        assert what in line, what
    number = int(line.split("第 ")[1].split(" 行")[0])
    source = (hostile[0] / "docs/articles/wash-hands.md").read_text(encoding="utf-8").splitlines()
    assert "<script>" in source[number - 1]


@pytest.mark.parametrize("page", ["articles/wash-hands/index.html", "zh-hant/articles/wash-hands/index.html"])
def test_pictures_on_other_hosts_are_not_fetched_by_residents_phones(hostile, page):
    """Pasted from WeChat or the web, a picture would make every phone fetch it from its host (WeChat's
    refuses hotlinks, some hosts are blocked, all see who reads): its address goes, its alt text stays;
    the site's own host may be given in full."""
    root, err = hostile
    soup = BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    sources = [img.get("src") for img in article.select("img")]
    assert not [s for s in sources if s and ("mmbiz" in s or "evil.example" in s)], sources
    assert "https://example.org/health/images/own.png" in sources
    alts = [img.get("alt") for img in article.select("img")]
    assert any(a and "公众号" in a or a and "公眾號" in a for a in alts), alts
    [line] = [x for x in err.splitlines() if "W_REMOTE_IMAGE" in x]
    assert "docs/articles/wash-hands.md 第 " in line and "mmbiz.qpic.cn、cdn.evil.example" in line and "2 张" in line, line
    number = int(line.split("第 ")[1].split(" 行")[0])
    assert "mmbiz.qpic.cn" in (root / "docs/articles/wash-hands.md").read_text(encoding="utf-8").splitlines()[number - 1]


def test_feed_escapes_titles(hostile):
    root, _ = hostile
    from xml.etree import ElementTree as ET

    feed = ET.fromstring((root / "site/updates/feed.xml").read_bytes())
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "<img src=x onerror=alert(6)>动态" in titles  # a text node, escaped by the XML writer
    assert b"<img src=x" not in (root / "site/updates/feed.xml").read_bytes()


def test_spreadsheets_never_hold_formulas(hostile, tmp_path):
    root, _ = hostile
    (root / "docs/_data/editions/001.yml").write_text("number: 1\ndate: 2026-02-01\ntheme: '=1+1'\narticles: [wash-hands]\n", encoding="utf-8")
    out = tmp_path / "t.xlsx"
    assert cli(["ledger", "-f", str(root / "mkdocs.yml"), "--today", "2026-05-01", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert "=1+1" in [c.value for c in cells]
    out_csv = tmp_path / "t.csv"
    assert cli(["ledger", "-f", str(root / "mkdocs.yml"), "--format", "csv", "--today", "2026-05-01", "-o", str(out_csv)]) == 0
    rows = list(csv.reader(io.StringIO(out_csv.read_bytes().decode("utf-8-sig"))))
    assert "'=1+1" in rows[1] and not any(v.startswith("=") for row in rows for v in row)


# --- broken input and a broken machine: a Chinese message with a code, never a traceback ---

def _run(root: Path, *args: str, capsys) -> tuple[int, str]:
    code = cli([*args, "-f", str(root / "mkdocs.yml")])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("bad, code, line", [
    ("summary: 第一行\x0b第二行", "E_CONTROL_CHAR", 5),
    ("summary: 文字\x00", "E_CONTROL_CHAR", 5),
    ("summary: \x1b[31m红色", "E_CONTROL_CHAR", 5),
    ("summary: 非字符\uffff", "E_CONTROL_CHAR", 5),
    ("summary: !!float abc", "E_YAML_TAG", 5),
    ("summary:\n\t- 缩进用了 Tab", "E_YAML", 6),
])
def test_broken_front_matter_is_explained_in_chinese(tmp_path, capsys, bad, code, line):
    text = ARTICLE.format(id="wash-hands", title="t", status="approved").replace("summary: 这是一段摘要。", bad)
    root = write_project(tmp_path, files={"docs/articles/wash-hands.md": text})
    exit_code, out = _run(root, "check", capsys=capsys)
    assert exit_code in (1, 2) and "Traceback" not in out
    assert f"[{code}] docs/articles/wash-hands.md 第 {line} 行" in out, out
    if code == "E_CONTROL_CHAR" and "\x0b" in bad:
        assert "U+000B" in out and "Word" in out
    if code == "E_YAML":
        assert "Tab" in out and "解析器原文" in out  # Chinese first, the parser's English kept as a detail


def test_id_tag_in_yaml_is_refused(tmp_path, capsys):
    text = ARTICLE.format(id="wash-hands", title="t", status="approved").replace("id: wash-hands", "id: !!int 0x")
    root = write_project(tmp_path, files={"docs/articles/wash-hands.md": text})
    exit_code, out = _run(root, "check", capsys=capsys)
    assert exit_code == 2 and "[E_YAML_TAG] docs/articles/wash-hands.md 第 2 行" in out and "Traceback" not in out


def test_full_disk_is_e_disk_full_and_leaves_the_old_file(tmp_path, capsys, monkeypatch):
    import errno

    import healthboard.cache

    root = write_project(tmp_path)
    out = tmp_path / "台账.xlsx"
    out.write_bytes(b"old ledger")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(healthboard.cache.os, "replace", full)
    code = cli(["ledger", "-f", str(root / "mkdocs.yml"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "[E_DISK_FULL]" in err and "台账未导出，原有文件未改动" in err and "Traceback" not in err
    assert out.read_bytes() == b"old ledger"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_under_a_file_is_e_output_path(tmp_path, capsys):
    root = write_project(tmp_path)
    (tmp_path / "a-file").write_text("x")
    code = cli(["ledger", "-f", str(root / "mkdocs.yml"), "-o", str(tmp_path / "a-file" / "台账.xlsx")])
    err = capsys.readouterr().err
    assert code == 1 and "[E_OUTPUT_PATH]" in err and "Traceback" not in err


def test_unexpected_error_is_one_chinese_line_and_a_log_file(tmp_path, capsys, monkeypatch):
    import healthboard.office

    root = write_project(tmp_path)
    monkeypatch.setattr(healthboard.office, "ledger_xlsx", lambda *a, **k: 1 / 0)
    code = cli(["ledger", "-f", str(root / "mkdocs.yml"), "-o", str(tmp_path / "t.xlsx")])
    err = capsys.readouterr().err
    assert code == 2 and "[E_INTERNAL]" in err and "Traceback" not in err and "ZeroDivisionError" not in err
    log = Path(err.split("详细信息已写入 ")[1].split("：")[0])
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
    log.unlink()


@pytest.mark.parametrize("args, expected", [
    (["pdf", "--bleed", "5000"], "参数 --bleed：应在 0 到 10 毫米之间"),
    (["pdf", "--overlap", "-50"], "参数 --overlap：应在 0 到 50 毫米之间"),
    (["pdf", "--jobs", "-1"], "参数 --jobs：应在 0 到 64 之间"),
    (["calendar", "--days", "0"], "参数 --days：应在 1 到 3660 天之间"),
    (["led", "--width", "3"], "参数 --width：应在 16 到 100000 像素之间"),
    (["serve", "-a", "8000"], "参数 -a/--dev-addr：应写成 地址:端口"),
    (["serve", "-a", "127.0.0.1:99999"], "参数 -a/--dev-addr：应写成 地址:端口"),
])
def test_option_values_are_checked(args, expected, capsys):
    with pytest.raises(SystemExit) as done:
        cli(args)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "[E_USAGE]" in err and expected in err, err


def test_a_pasted_5000_character_summary_stops_pdf_at_once(tmp_path, capsys):
    import time

    text = ARTICLE.format(id="wash-hands", title="t", status="approved").replace("summary: 这是一段摘要。", "summary: " + "勤洗手" * 1667)
    root = write_project(tmp_path, files={"docs/articles/wash-hands.md": text})
    started = time.monotonic()
    code = cli(["pdf", "-f", str(root / "mkdocs.yml"), "-o", str(root / "pdf"), "-q"])
    assert code == 1 and time.monotonic() - started < 60  # WeasyPrint would lay it out for minutes
    err = capsys.readouterr().err
    assert "[E_SUMMARY_TOO_LONG] docs/articles/wash-hands.md 第 5 行" in err and "PDF 未生成" in err
    assert not (root / "pdf").exists()


def test_text_that_cannot_fit_a_small_board_is_reported_without_laying_it_out():
    from healthboard.content.sizes import parse_size
    from healthboard.poster.layout import PrintSettings, layout_for, surely_over_mm

    layout = layout_for(parse_size("A4"), 6, PrintSettings(), fill=False)
    assert surely_over_mm(layout, "勤洗手" * 200) > 100
    assert surely_over_mm(layout, "勤洗手，流动水加肥皂。") is None  # short text: the real layout decides


def test_the_ledger_shows_hostile_registry_text_as_text(tmp_path, monkeypatch):
    """The ledger's tables are HTML put in after Markdown conversion: every value from the registry,
    the postings and the editions is escaped there (and still shows as written)."""
    from helpers import BOARDS, EDITION
    evil = '<img src=x onerror=alert(8)>'
    boards = (BOARDS.replace("name: 一号栏", f"name: '{evil}一号栏'").replace("address: 测试路1号", "address: '<script>alert(9)</script>测试路1号'")
              .replace("unit: 东片社区", "unit: '东片社区 & <b>单位</b>'").replace("grid: 东片", "grid: '<i>东片</i>'"))
    postings = f'宣传栏,期数,张贴日期,张贴人,照片\nb1,1,2026-02-02,"{evil}张贴员",\n'
    root = write_project(tmp_path, files={"docs/_data/boards.yml": boards, "docs/_data/postings.csv": postings,
                                          "docs/_data/editions/001.yml": EDITION.replace("theme: 测试主题", "theme: '<script>alert(10)</script>主题'")})
    monkeypatch.setenv("HEALTHBOARD_TODAY", "2026-09-01")  # b1 and b2 overdue: their warnings are drawn too
    assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
    pages = [root / "site/ledger/index.html", *sorted((root / "site/ledger/grids").glob("*/index.html"))]
    assert len(pages) == 3
    text = ""
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert _dangers(html) == [], page
        content = BeautifulSoup(html, "html.parser").select_one("article")
        assert not content.select("b, i, img, script"), page  # none of the planted tags became markup
        text += content.get_text()
    for shown in (f"{evil}一号栏", "<script>alert(9)</script>测试路1号", "东片社区 & <b>单位</b>", "<i>东片</i>", f"{evil}张贴员", "<script>alert(10)</script>主题"):
        assert shown in text, shown
    assert "逾期未更换" in text


def test_an_unreadable_picture_address_is_another_hosts():
    """The sanitiser (also used for the review pack, where no build check runs first) takes an address
    Python cannot parse for a remote one, rather than failing."""
    from healthboard.sanitize import clean, remote_image_problem

    assert clean('<img src="http://[::1/x.png" alt="图"><img src="https://own.org/a.png">', "own.org") == '<img alt="图"><img src="https://own.org/a.png">'
    problem = remote_image_problem('<img src="http://www.a.cn／x.png">', None, "docs/a.md", "own.org")
    assert problem is not None and "http://www.a.cn／x.png" in problem.message
