"""Whole builds of small fixture sites: configuration errors, atomic output, manifest guard, sub-paths."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from healthboard import links
from healthboard.cli import main as cli_main
from helpers import ARTICLE, build_project, decode_svgs, write_project


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def failing_build(root: Path, capsys: pytest.CaptureFixture) -> str:
    """Build through the staff's command; it must fail and say why on stderr."""
    capsys.readouterr()
    assert cli_main(["build", "-f", str(root / "mkdocs.yml")]) == 1
    return capsys.readouterr().err


@pytest.mark.parametrize("site_url", ["https://example.org/", "https://example.gov.cn/health/"])
def test_short_links_and_qr_codes_with_and_without_sub_path(tmp_path, site_url):
    config = build_project(write_project(tmp_path, site_url=site_url))
    site = Path(config.site_dir)
    svgs, expected = [], []
    for article_id, page in (("wash-hands", "articles/wash-hands/"), ("no-smoking", "articles/sub/no-smoking/")):
        redirect = soup(site / "q" / article_id / "index.html")
        target = redirect.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=")[1]
        assert urljoin(site_url + f"q/{article_id}/", target) == site_url + page
        assert (site / page / "index.html").is_file()
        svgs.append(str(soup(site / page / "index.html").select_one(".hb-qr svg")))
        expected.append([site_url + f"q/{article_id}/"])
    assert decode_svgs(svgs) == expected


@pytest.mark.parametrize("line,code", [
    ("", "E_SITE_URL_MISSING"),
    ("site_url: /health/", "E_SITE_URL_RELATIVE"),
    ("site_url: example.org", "E_SITE_URL_RELATIVE"),
    ("site_url: ftp://example.org/", "E_SITE_URL_RELATIVE"),
])
def test_site_url_must_be_absolute(tmp_path, line, code, capsys):
    root = write_project(tmp_path)
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("site_url: https://example.org/health/", line), encoding="utf-8")
    message = failing_build(root, capsys)
    assert code in message and "site_url" in message


def test_google_fonts_are_refused(tmp_path, capsys):
    root = write_project(tmp_path)
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  font: false\n", ""), encoding="utf-8")
    assert "E_WEB_FONT" in failing_build(root, capsys)


def test_failed_build_leaves_previous_site_untouched(tmp_path, capsys):
    root = write_project(tmp_path)
    config = build_project(root)
    site = Path(config.site_dir)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    write_project(tmp_path, files={"docs/_data/editions/001.yml": "number: 1\ndate: 2026-02-01\ntheme: t\narticles: [gone]\n"})
    assert "E_UNKNOWN_ARTICLE" in failing_build(root, capsys)
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("site")] == ["site"]


def test_cli_build_reports_errors_in_chinese_and_exits_nonzero(tmp_path, capsys):
    root = write_project(tmp_path, files={"docs/_data/boards.yml": "- {id: b1, name: a, address: a, grid: g, unit: u, phone: '1', size: 巨大}\n"})
    assert cli_main(["build", "-f", str(root / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert "E_BAD_SIZE" in err and "docs/_data/boards.yml 第 1 行" in err and "2400×1200" in err


def test_cli_build_summary(tmp_path, capsys):
    root = write_project(tmp_path)
    assert cli_main(["build", "-f", str(root / "mkdocs.yml")]) == 0
    out = capsys.readouterr().out
    assert "文章 2 篇，草稿 1 篇（未发布）" in out and "文章二维码 2 个" in out and "宣传栏打印页二维码 4 个" in out
    shown = out.split("打印宣传栏：用浏览器打开 ")[1].split("\n")[0]
    assert Path(shown) == root / "site/print/index.html" and Path(shown).is_file()
    # -q, as with mkdocs build: nothing on success (a script's log keeps warnings and errors only)
    assert cli_main(["build", "-q", "-f", str(root / "mkdocs.yml")]) == 0
    assert capsys.readouterr().out == ""


def test_drafts_are_shown_only_when_asked_and_say_so(tmp_path):
    root = write_project(tmp_path, plugin_extra="show_drafts: true\n")
    site = Path(build_project(root).site_dir)
    page = soup(site / "articles/drafts/draft-one/index.html")  # shown although MkDocs' draft_docs covers it
    assert "草稿" in page.select_one(".hb-draft").get_text()
    assert not soup(site / "articles/wash-hands/index.html").select(".hb-draft")


def test_drafts_and_data_outside_mkdocs_own_exclusions_are_warned_and_approved_drafts_refused(tmp_path, capsys):
    config = {"docs/articles/late.md": ARTICLE.format(id="late", title="晚稿", status="draft")}
    root = write_project(tmp_path, files=config)
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("exclude_docs: |\n  _data/\n", ""), encoding="utf-8")
    assert cli_main(["build", "-f", str(yml)]) == 0
    err = capsys.readouterr().err
    assert "[W_DRAFT_PUBLIC] docs/articles/late.md" in err and "[W_DATA_PUBLIC] mkdocs.yml" in err and "exclude_docs" in err, err
    assert not (root / "site/articles/late").exists() and not (root / "site/_data").exists()
    approved = write_project(tmp_path / "b", files={"docs/articles/drafts/done.md": ARTICLE.format(id="done", title="已审", status="approved")})
    assert cli_main(["build", "-f", str(approved / "mkdocs.yml")]) == 1
    assert "[E_APPROVED_EXCLUDED] docs/articles/drafts/done.md" in capsys.readouterr().err


def test_data_files_are_not_published(tmp_path):
    site = Path(build_project(write_project(tmp_path)).site_dir)
    assert not (site / "_data").exists()


def test_printed_url_manifest_guard(tmp_path, capsys):
    root = write_project(tmp_path)
    manifest = root / "printed-urls.txt"
    manifest.write_text("# 第1期\nhttps://example.org/health/q/wash-hands/?b=b1&e=1\nhttps://example.org/health/q/no-smoking/\n", encoding="utf-8")
    build_project(root)  # all listed URLs resolve
    # The article behind a printed code is deleted: the build must refuse, naming the URL and line.
    write_project(tmp_path, files={"docs/articles/sub/no-smoking.md": None, "docs/_data/editions/001.yml": "number: 1\ndate: 2026-02-01\ntheme: t\narticles: [wash-hands]\n"})
    message = failing_build(root, capsys)
    assert "E_PRINTED_URL_BROKEN" in message and "https://example.org/health/q/no-smoking/" in message
    assert "printed-urls.txt 第 3 行" in message
    # Redirecting the retired id to another article keeps the printed code alive.
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "      redirects:\n        no-smoking: wash-hands\n", encoding="utf-8")
    site = Path(build_project(root).site_dir)
    assert links.resolve(site, "https://example.org/health/", "https://example.org/health/q/no-smoking/") is None
    # A redirect to an article that does not exist is named at its own line.
    lines = yml.read_text(encoding="utf-8").replace("no-smoking: wash-hands", "no-smoking: wash-hand").splitlines()
    yml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = failing_build(root, capsys)
    assert f"[E_UNKNOWN_ARTICLE] mkdocs.yml 第 {len(lines)} 行，字段 “redirects.no-smoking”" in message, message


def test_manifest_url_on_another_domain_is_reported(tmp_path, capsys):
    root = write_project(tmp_path)
    (root / "printed-urls.txt").write_text("https://old.example.org/q/wash-hands/\n", encoding="utf-8")
    message = failing_build(root, capsys)
    assert "E_PRINTED_URL_BROKEN" in message and "old.example.org" in message


def test_moved_site_keeps_printed_codes_through_previous_site_urls(tmp_path, capsys):
    """A city moves its site: thousands of printed codes give one clear problem, and declaring the old
    address (which the web server forwards, path and query kept) checks them against the new site."""
    root = write_project(tmp_path, site_url="https://new.example.gov.cn/jiankang/")
    urls = [f"https://example.org/health/q/{a}/?b={b}&e=1" for a in ("wash-hands", "no-smoking") for b in ("b1", "b2", "b3")]
    (root / "printed-urls.txt").write_text("\n".join(urls) + "\nhttps://example.org/health/q/gone/?b=b1&e=1\n", encoding="utf-8")
    message = failing_build(root, capsys)
    assert message.count("E_PRINTED_URL_BROKEN") == 1 and "https://example.org 下共印出 7 个网址（第 1、2、3、4、5 行等）" in message
    assert "previous_site_urls" in message
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "      previous_site_urls: [https://example.org/health]\n", encoding="utf-8")
    message = failing_build(root, capsys)  # now only the page that is really gone
    assert message.count("E_PRINTED_URL_BROKEN") == 1 and "q/gone/" in message and "printed-urls.txt 第 7 行" in message
    (root / "printed-urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
    build_project(root)


def test_one_problem_per_broken_page_however_many_boards_carry_it(tmp_path, capsys):
    root = write_project(tmp_path)
    urls = [f"https://example.org/health/q/gone/?b=b{n}&e=1" for n in range(1, 4)]
    (root / "printed-urls.txt").write_text("https://example.org/health/q/wash-hands/\n" + "\n".join(urls) + "\n", encoding="utf-8")
    message = failing_build(root, capsys)
    assert message.count("E_PRINTED_URL_BROKEN") == 1 and "同一页面共印出 3 个网址（第 2、3、4 行）" in message


@pytest.mark.parametrize("written, generated", [
    ("docs/topics/index.md", "topics/index.html"),
    ("docs/print/index.md", "print/index.html"),  # a page that would replace the print index
    ("docs/q/wash-hands.md", "q/wash-hands/index.html"),  # or an article's printed short link
    ("docs/led/index.md", "led/index.html"),
    ("docs/ledger/index.md", "ledger/index.html"),
])
def test_generated_page_cannot_be_hand_written(tmp_path, capsys, written, generated):
    root = write_project(tmp_path, files={written: "# 自己写的\n"})
    err = failing_build(root, capsys)
    assert f"[E_RESERVED_PATH] {written}" in err and generated in err, err


def test_manifest_is_checked_by_path_under_mkdocs_serve(tmp_path):
    from healthboard.links import check_manifest

    root = write_project(tmp_path)
    site = Path(build_project(root).site_dir)
    manifest = root / "printed-urls.txt"
    manifest.write_text("https://example.org/health/q/wash-hands/\nhttps://example.org/health/q/gone/\n", encoding="utf-8")
    preview = "http://127.0.0.1:8000/health/"
    problems = check_manifest(manifest, "printed-urls.txt", site, preview, ignore_host=True)
    assert [p.line for p in problems] == [2]


def test_mkdocs_serve_previews_the_site(tmp_path):
    """Live preview works, even with printed 繁體 URLs that only a full build can check."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    root = write_project(tmp_path, plugin_extra="traditional:\n  enabled: true\n")
    (root / "printed-urls.txt").write_text("https://example.org/health/q/wash-hands/?b=b1&e=1\nhttps://example.org/health/zh-hant/q/wash-hands/?b=b1&e=1\n", encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", "--no-livereload"],
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, body = time.monotonic() + 90, ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/health/articles/wash-hands/", timeout=5).read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert "勤洗手" in body, server.stdout.read() if server.poll() is not None else "no answer"
        short = urllib.request.urlopen(f"http://127.0.0.1:{port}/health/q/wash-hands/", timeout=5).read().decode("utf-8")
        assert "../../articles/wash-hands/" in short
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not (root / "site").exists()  # a preview never touches the built site
