"""The scan statistics laid out: terminal text, CSV for Excel, the saved summary the next build reads
(`Layout.scans_file`), and a bar chart per grid drawn by pygal (SVG, no JavaScript)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import asdict
from itertools import groupby
from pathlib import Path

from .errors import HealthboardError, Problem
from .ledger import csv_safe
from .scans import ScanRow, ScanSummary, Unscanned

HEADERS = ["片区", "宣传栏编号", "宣传栏名称", "期数", "文章编号", "文章标题", "扫码次数"]
NOT_A_BOARD = "（不是宣传栏上的码）"
UNSCANNED_HEADERS = ["片区", "宣传栏编号", "宣传栏名称", "张贴期数", "张贴日期", "责任单位", "联系电话"]


def period(summary: ScanSummary) -> str:
    if summary.first is None or summary.last is None:
        return "（日志中没有请求）"
    return f"{summary.first:%Y-%m-%d %H:%M} 至 {summary.last:%Y-%m-%d %H:%M}（{summary.last:%z} 时区，按日志本身的时间）"


def table_rows(summary: ScanSummary, titles: dict[str, str]) -> list[list[object]]:
    """Board codes, then the links without a board: what the CSV and the XLSX sheet list."""
    rows: list[list[object]] = [[r.grid, r.board, r.board_name, f"第{r.edition}期", r.article, r.title, r.scans] for r in summary.rows]
    rows += [[NOT_A_BOARD, "", "", "", article, titles.get(article, ""), n] for article, n in summary.article_scans.items()]
    return rows


def unscanned_rows(summary: ScanSummary) -> list[list[object]]:
    return [[u.grid, u.board, u.board_name, f"第{u.edition}期", u.posted.isoformat(), u.unit, u.phone] for u in summary.unscanned]


def xlsx_sheets(summary: ScanSummary, titles: dict[str, str]) -> list[tuple[str, list[str], list[list[object]]]]:
    """The ledger workbook's scan sheets."""
    return [("扫码统计", HEADERS, table_rows(summary, titles)), ("张贴后未被扫码", UNSCANNED_HEADERS, unscanned_rows(summary))]


def scans_csv(summary: ScanSummary, titles: dict[str, str]) -> bytes:
    """UTF-8 with BOM, so Excel on Windows opens the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows([csv_safe(v) for v in row] for row in table_rows(summary, titles))
    return out.getvalue().encode("utf-8-sig")


def terminal_text(summary: ScanSummary) -> str:
    lines = [f"扫码统计：{period(summary)}；{summary.files} 个日志文件，{summary.lines:,} 行",
             f"  宣传栏二维码 {summary.board_total:,} 次，其他链接（文章页上的码、转发的链接）{sum(summary.article_scans.values()):,} 次"]
    for grid, rows in groupby(summary.rows, key=lambda r: r.grid):
        rows = list(rows)
        lines.append(f"【{grid}】共 {sum(r.scans for r in rows):,} 次")
        for board, items in groupby(rows, key=lambda r: r.board):
            items = list(items)
            editions: dict[int, int] = {}
            for r in items:
                editions[r.edition] = editions.get(r.edition, 0) + r.scans
            detail = "，".join(f"第{e}期 {n}" for e, n in sorted(editions.items()))
            lines.append(f"  {board}  {items[0].board_name}  {sum(r.scans for r in items):,} 次（{detail}）")
    if summary.unscanned:
        lines.append(f"张贴后一次也没有被扫过的宣传栏 {len(summary.unscanned)} 块（可能没有贴上、被遮挡或撕掉，或二维码被别的贴纸盖住）：")
        lines += [f"  【{u.grid}】{u.board}  {u.board_name}：第{u.edition}期 {u.posted.isoformat()} 张贴；{u.unit} {u.phone}" for u in summary.unscanned]
    elif summary.rows or summary.last:
        lines.append("每块已张贴的宣传栏在张贴后都有人扫过码。")
    if summary.never_posted:
        lines.append(f"没有张贴记录的宣传栏 {len(summary.never_posted)} 块（不在统计中）：{'、'.join(summary.never_posted)}")
    left_out = "；".join(f"{k} {v:,} 次" for k, v in summary.excluded.items() if v)
    if left_out:
        lines.append(f"未计入：{left_out}")
    return "\n".join(lines) + "\n"


# The saved summary: read by the next build (ledger page, XLSX sheet), written only by `scans --site`.

def summary_json(summary: ScanSummary) -> bytes:
    data = asdict(summary)
    return json.dumps(data, ensure_ascii=False, indent=1, default=_encode).encode("utf-8")


def _encode(value: object) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    raise TypeError(type(value))


def load_summary(path: Path, shown: str) -> ScanSummary | None:
    """The saved summary, or None when there is none."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        time = lambda v: dt.datetime.fromisoformat(v) if v else None  # noqa: E731
        return ScanSummary(
            made=dt.date.fromisoformat(data["made"]), first=time(data["first"]), last=time(data["last"]),
            files=int(data["files"]), lines=int(data["lines"]), rows=[ScanRow(**r) for r in data["rows"]],
            article_scans={str(k): int(v) for k, v in data["article_scans"].items()},
            unscanned=[Unscanned(**{**u, "posted": dt.date.fromisoformat(u["posted"])}) for u in data["unscanned"]],
            never_posted=list(data["never_posted"]), excluded={str(k): int(v) for k, v in data["excluded"].items()},
            bad_lines=int(data.get("bad_lines", 0)),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise HealthboardError(Problem("E_SCANS_FILE", f"扫码统计文件已损坏，无法读取（{type(e).__name__}）", shown,
                                       hint="删除这个文件，或重新运行 healthboard scans 日志… --site")) from None


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f-]{27}")


def grid_chart(grid: str, boards: list[tuple[str, str, int]], color: str = "#1b5e20") -> str:
    """A horizontal bar per board of the grid, numbers printed on the bars (no tooltips: no JavaScript)."""
    import pygal
    from pygal.style import Style

    style = Style(font_family='"Noto Sans CJK SC", "Noto Sans CJK", sans-serif', background="white", plot_background="white",
                  colors=(color,), foreground="#212121", foreground_strong="#212121", foreground_subtle="#757575",
                  label_font_size=14, major_label_font_size=14, value_font_size=14, title_font_size=18)
    chart = pygal.HorizontalBar(style=style, js=[], show_legend=False, print_values=True, title=f"{grid} 各宣传栏扫码次数",
                                width=800, height=120 + 44 * max(len(boards), 1), margin=16, truncate_label=-1)
    chart.x_labels = [f"{name}（{board}）" for board, name, _ in boards]
    chart.add("扫码次数", [n for _, _, n in boards])
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))  # pygal always adds its tooltip config; an <img> runs no script anyway
    return _CHART_ID.sub("hb-chart", svg)  # pygal's random id: the same data gives the same file
