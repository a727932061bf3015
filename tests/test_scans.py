"""`healthboard scans`: access logs read (both formats, gzipped, rotated, overlapping), scans attributed
through the printed-URL manifest and counted once per phone and code per half hour, bad logs told
in Chinese with nothing written, and the statistics in CSV, XLSX and the site's ledger."""
from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from healthboard.accesslog import ReadStats, parse_line, read_requests
from healthboard.cli import main as cli
from healthboard.scans import Code, CodeIndex, count_scans
from helpers import build_project, write_project

SITE = "https://example.org/health/"
WECHAT = "Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.47"
PRINTED = [f"{SITE}q/wash-hands/?b=b1&e=1", f"{SITE}q/no-smoking/?b=b1&e=1", f"{SITE}q/wash-hands/?b=b2&e=1", f"{SITE}q/no-smoking/?b=b2&e=1"]
# b1 posted edition 1 on 2026-02-02, b2 on 2026-02-03.
POSTINGS = "宣传栏,期数,张贴日期,张贴人,照片\nb1,1,2026-02-02,东片社区 张贴员,\nb2,1,2026-02-03,西片社区 张贴员,\n"


def combined(client: str, when: str, target: str, status: int = 200, agent: str = WECHAT, method: str = "GET", zone: str = "+0800") -> str:
    return f'{client} - - [{when} {zone}] "{method} {target} HTTP/1.1" {status} 1234 "-" "{agent}"'


def json_line(client: str, when: str, target: str, status: int = 200, agent: str = WECHAT) -> str:
    return json.dumps({"time": when, "client": client, "method": "GET", "uri": target, "status": status, "agent": agent, "bytes": 10})


def index() -> CodeIndex:
    return CodeIndex(["/health/", "/health/zh-hant/"], {"wash-hands": "articles/wash-hands/", "no-smoking": "articles/sub/no-smoking/"}, PRINTED)


def tally_of(lines: list[str], tmp_path: Path):
    log = tmp_path / "access.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stats = ReadStats()
    return count_scans(read_requests([log], stats), index()), stats


def test_both_log_formats_are_read_with_their_own_time_zone() -> None:
    a = parse_line(combined("1.2.3.4", "02/Feb/2026:00:30:00", "/health/q/wash-hands/?b=b1&e=1"))
    b = parse_line(json_line("1.2.3.4", "2026-02-02T00:30:00+08:00", "/health/q/wash-hands/?b=b1&e=1"))
    common = parse_line('1.2.3.4 - - [02/Feb/2026:00:30:00 +0800] "GET /health/ HTTP/1.1" 200 5')
    assert a == b
    assert a.time.utcoffset() == dt.timedelta(hours=8) and a.time.date() == dt.date(2026, 2, 2)  # 1 Feb in UTC
    assert (a.client, a.method, a.target, a.status, a.agent) == ("1.2.3.4", "GET", "/health/q/wash-hands/?b=b1&e=1", 200, WECHAT)
    assert common is not None and common.agent == "" and common.target == "/health/"
    for bad in ("garbage", '1.2.3.4 - - [32/Foo/2026:00:30:00 +0800] "GET / HTTP/1.1" 200 5', '{"time": "2026-02-02T00:30:00"}', "{not json"):
        assert parse_line(bad) is None, bad


def test_a_scan_is_one_phone_and_one_code_per_half_hour(tmp_path: Path) -> None:
    q = "/health/q/wash-hands/?b=b1&e=1"
    tally, _ = tally_of([
        combined("1.1.1.1", "02/Feb/2026:10:00:00", q),
        combined("1.1.1.1", "02/Feb/2026:10:20:00", q),  # the same phone again: not another scan
        combined("1.1.1.1", "02/Feb/2026:10:40:00", q),  # 40 min after the counted one: a new scan
        combined("2.2.2.2", "02/Feb/2026:10:01:00", q),  # another phone
        combined("2.2.2.2", "02/Feb/2026:10:02:00", "/health/q/no-smoking/?b=b1&e=1"),  # another code
        combined("3.3.3.3", "02/Feb/2026:10:03:00", q, agent="Mozilla/5.0 (compatible; Baiduspider/2.0)"),
        combined("3.3.3.3", "02/Feb/2026:10:03:00", q, method="POST"),
        combined("3.3.3.3", "02/Feb/2026:10:04:00", q, status=502),
        combined("4.4.4.4", "02/Feb/2026:10:05:00", "/health/q/wash-hands/?b=b9&e=1"),  # never printed (a fake sticker?)
        combined("4.4.4.4", "02/Feb/2026:10:06:00", "/health/q/wash-hands"),  # the article page's own code
        combined("4.4.4.4", "02/Feb/2026:10:07:00", "/health/zh-hant/q/no-smoking/"),
        combined("4.4.4.4", "02/Feb/2026:10:08:00", "/health/articles/wash-hands/"),  # not a code
        # The server's redirect, then the article with the board kept: one scan.
        combined("6.6.6.6", "02/Feb/2026:10:09:00", "/health/q/wash-hands/?b=b2&e=1", status=301),
        combined("6.6.6.6", "02/Feb/2026:10:09:00", "/health/articles/wash-hands/?b=b2&e=1"),
        # Only the article's request reached this server (a cache in front answered the redirect).
        combined("7.7.7.7", "02/Feb/2026:10:10:00", "/health/articles/sub/no-smoking/?b=b2&e=1"),
    ], tmp_path)
    assert tally.board_scans == {Code("wash-hands", "b1", 1): 3, Code("no-smoking", "b1", 1): 1, Code("wash-hands", "b2", 1): 1, Code("no-smoking", "b2", 1): 1}
    assert tally.article_scans == {"wash-hands": 1, "no-smoking": 1}
    assert tally.unknown == {Code("wash-hands", "b9", 1): 1}
    assert (tally.crawlers, tally.other_methods, tally.failed, tally.repeats) == (1, 1, 1, 2)
    assert tally.scans == 8


def test_rotated_files_in_any_order_gzipped_and_overlapping_count_once(tmp_path: Path) -> None:
    q1, q2 = "/health/q/wash-hands/?b=b1&e=1", "/health/q/wash-hands/?b=b2&e=1"
    older = [combined("1.1.1.1", "02/Feb/2026:10:00:00", q1), combined("1.1.1.1", "02/Feb/2026:11:00:00", q1)]
    newer = [older[-1], combined("1.1.1.1", "02/Feb/2026:12:00:00", q1), json_line("5.5.5.5", "2026-02-02T12:30:00+08:00", q2)]
    with gzip.open(tmp_path / "access.log.2.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(older) + "\n")
    (tmp_path / "access.log").write_text("\n".join(newer) + "\n", encoding="utf-8")
    (tmp_path / "error.log").write_text("2026/02/02 10:00:00 [error] 1#1: open() failed\n", encoding="utf-8")
    stats = ReadStats()
    from healthboard.accesslog import log_files

    files = log_files([tmp_path])
    assert [f.name for f in files] == ["access.log", "access.log.2.gz"]  # the error log left out
    times = [r.time.hour for r in read_requests(files, stats)]
    assert times == [10, 11, 12, 12]  # merged in time order, the line in both files read once
    assert stats.repeated == 1 and stats.lines == 5
    stats = ReadStats()
    tally = count_scans(read_requests(files, stats), index())
    assert tally.board_scans == {Code("wash-hands", "b1", 1): 3, Code("wash-hands", "b2", 1): 1}


# The command, on a small project whose boards were printed.

def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "p", site_url=SITE, files={"docs/_data/postings.csv": POSTINGS})
    (root / "printed-urls.txt").write_text("\n".join(PRINTED) + "\n", encoding="utf-8")
    return root


def scans(root: Path, *args: str) -> int:
    return cli(["scans", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01", *args])


LOG = [
    combined("1.1.1.1", "02/Feb/2026:10:00:00", "/health/q/wash-hands/?b=b1&e=1"),
    combined("2.2.2.2", "02/Feb/2026:10:05:00", "/health/q/wash-hands/?b=b1&e=1"),
    combined("2.2.2.2", "02/Feb/2026:10:06:00", "/health/q/no-smoking/?b=b1&e=1"),
    combined("2.2.2.2", "02/Feb/2026:23:59:00", "/health/q/no-smoking/?b=b2&e=1"),  # before b2 went up on the 3rd
    "this line is not a log line",
    combined("3.3.3.3", "03/Feb/2026:09:00:00", "/health/q/no-smoking/"),
]


def test_scans_writes_csv_xlsx_and_the_summary_for_the_site(tmp_path: Path, capsys) -> None:
    root = project(tmp_path)
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "access.log").write_text("\n".join(LOG) + "\n", encoding="utf-8")
    out, xlsx = tmp_path / "scans.csv", tmp_path / "ledger.xlsx"
    assert scans(root, str(logs), "-o", str(out), "--xlsx", str(xlsx), "--site") == 0
    text, err = capsys.readouterr()
    assert "宣传栏二维码 4 次" in text and "【东片】共 3 次" in text
    assert "张贴后一次也没有被扫过的宣传栏 1 块" in text and "b2  二号栏：第1期 2026-02-03 张贴" in text
    assert f"{logs / 'access.log'} 第 5 行：this line is not a log line" in err
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = [line.split(",") for line in data.decode("utf-8-sig").splitlines()]
    assert rows[0] == ["片区", "宣传栏编号", "宣传栏名称", "期数", "文章编号", "文章标题", "扫码次数"]
    assert ["东片", "b1", "一号栏", "第1期", "wash-hands", "勤洗手", "2"] in rows
    assert ["（不是宣传栏上的码）", "", "", "", "no-smoking", "不吸烟", "1"] in rows
    sheet = openpyxl.load_workbook(xlsx)["扫码统计"]
    assert sum(r[6] for r in sheet.iter_rows(min_row=2, values_only=True)) == 5
    assert [r[1] for r in openpyxl.load_workbook(xlsx)["张贴后未被扫码"].iter_rows(min_row=2, values_only=True)] == ["b2"]

    # The next build shows it on the ledger: a page with a chart per grid, and a sheet in the ledger's XLSX.
    built = build_project(root)
    site = Path(built.site_dir)
    page = BeautifulSoup((site / "ledger/scans/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "二号栏" in page.select_one(".admonition.warning").get_text()
    charts = [img["src"] for img in page.select("article img")]
    assert charts == ["grid-1.svg", "grid-2.svg"]
    svg = (site / "ledger/scans/grid-1.svg").read_text(encoding="utf-8")
    assert "一号栏（b1）" in svg and "<script" not in svg and "kozea.github.io" not in svg
    assert "scans/" in {a["href"] for a in BeautifulSoup((site / "ledger/index.html").read_text(encoding="utf-8"), "html.parser").select("article a")}
    assert "扫码统计" in openpyxl.load_workbook(site / "ledger/ledger.xlsx").sheetnames


@pytest.mark.parametrize("case,code", [
    ("empty folder", "E_LOG_EMPTY"), ("other site", "E_LOG_OTHER_SITE"), ("not a log", "E_LOG_FORMAT"),
    ("damaged gzip", "E_LOG_DAMAGED"), ("missing", "E_LOG_MISSING"),
])
def test_bad_logs_are_told_and_nothing_is_written(tmp_path: Path, capsys, case: str, code: str) -> None:
    root = project(tmp_path)
    logs = tmp_path / "logs"
    logs.mkdir()
    if case == "other site":
        (logs / "access.log").write_text(combined("1.1.1.1", "02/Feb/2026:10:00:00", "/shop/q/x/?b=1&e=1") + "\n", encoding="utf-8")
    elif case == "not a log":
        (logs / "access.log").write_text("hello\nworld\n", encoding="utf-8")
    elif case == "damaged gzip":
        (logs / "access.log").write_text("\n".join(LOG) + "\n", encoding="utf-8")
        (logs / "access.log.2.gz").write_bytes(gzip.compress(("\n".join(LOG * 50)).encode())[:300])
    target = str(logs / "nothing-here") if case == "missing" else str(logs)
    out = tmp_path / "scans.csv"
    assert scans(root, target, "-o", str(out), "--site") == 1
    err = capsys.readouterr().err
    assert f"[{code}]" in err and "统计未完成，没有写入任何文件" in err and "Traceback" not in err
    assert not out.exists() and not (root / "docs/_data/scans.json").exists()
