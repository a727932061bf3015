"""LED slogans (TXT in UTF-8 and GBK, scrolling page) and the offline copy (file://, search, no CDN)."""
from __future__ import annotations

from pathlib import Path

from healthboard.cli import main as cli
from healthboard.led import to_gbk, wrap
from helpers import write_project

SLOGANS = """campaign:
  - 创建国家卫生城市，共建健康美好家园
editions:
  1:
    - 勤洗手•讲卫生™
    - 少用一次性餐具，减少CO₂排放²
"""


def test_wrap_breaks_after_punctuation():
    assert wrap("创建国家卫生城市，共建健康美好家园", 12) == ["创建国家卫生城市，", "共建健康美好家园"]
    assert wrap("一二三四五六七八九十", 4) == ["一二三四", "五六七八", "九十"]
    assert wrap("短句", None) == ["短句"]


def test_gbk_replaces_what_it_can_and_reports_the_rest():
    result = to_gbk(["勤洗手•讲卫生™", "CO₂²", "好😀", "𠮷野家"])
    assert result.lines == ["勤洗手·讲卫生TM", "CO22", "好?", "?野家"]
    assert ("•", "·") in [(old, new) for _, old, new in result.replaced]
    assert result.impossible == [(3, "😀"), (4, "𠮷")]


def test_led_command_writes_utf8_bom_and_gbk(tmp_path, capsys):
    root = write_project(tmp_path, files={"docs/_data/slogans.yml": SLOGANS})
    assert cli(["led", "-f", str(root / "mkdocs.yml"), "-o", str(tmp_path / "led"), "--width", "160"]) == 0
    out = capsys.readouterr().out
    assert "每行最多 10 个字" in out and "“•”" in out and "已换成“·”" in out
    utf8 = (tmp_path / "led/标语-第1期-UTF8.txt").read_bytes()
    assert utf8.startswith(b"\xef\xbb\xbf")
    lines = utf8.decode("utf-8-sig").split("\r\n")[:-1]
    assert lines[0] == "勤洗手•讲卫生™" and all(len(line) <= 10 for line in lines)
    gbk = (tmp_path / "led/标语-第1期-GBK.txt").read_bytes().decode("gbk").split("\r\n")[:-1]
    assert gbk[0] == "勤洗手·讲卫生TM" and len(gbk) == len(lines)
    assert "创建国家卫生城市，" in gbk


def test_led_command_fails_on_characters_gbk_cannot_hold(tmp_path, capsys):
    root = write_project(tmp_path, files={"docs/_data/slogans.yml": "campaign:\n  - 健康每一天😀\n"})
    assert cli(["led", "-f", str(root / "mkdocs.yml"), "-o", str(tmp_path / "led")]) == 1
    err = capsys.readouterr().err
    assert "E_GBK_UNSUPPORTED" in err and "U+1F600" in err and "标语未导出，原有文件未改动" in err
    assert not (tmp_path / "led").exists()  # neither file written


def test_led_scroll_page_in_site(example):
    page = (Path(example.site_dir) / "led/index.html").read_text(encoding="utf-8")
    assert "@keyframes scroll" in page and "咳嗽打喷嚏，记得遮口鼻" in page and "创建国家卫生城市" in page
    assert "夏季防病" in (Path(example.site_dir) / "led/1/index.html").read_text(encoding="utf-8")


def test_offline_copy_searches_over_file_urls_without_other_hosts(tmp_path, browser, capsys):
    root = write_project(tmp_path)
    assert cli(["build", "-f", str(root / "mkdocs.yml"), "--offline"]) == 0
    site = root / "site-offline"
    assert (site / "search/search_index.js").is_file() and (site / "articles/wash-hands.html").is_file()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html and "iframe-worker-shim.js" in html
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((site / "articles/wash-hands.html").as_uri(), wait_until="load")
    page.fill(".md-search__input", "健康评估")
    # mkdocs-material reads the query on keyup (an IME commit ends with one); fill() alone sends none,
    # so under load the query could be read before the text arrived and stay empty.
    page.press(".md-search__input", "End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.locator(".md-search-result__item").count() >= 1
    page.close()
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    # Over file:// a link to a folder opens a listing, not the page: every print link names its file.
    from bs4 import BeautifulSoup

    index = site / "print/1/index.html"
    hrefs = [a["href"] for a in BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser").select("a")]
    assert hrefs and all((index.parent / h).is_file() for h in hrefs), hrefs
