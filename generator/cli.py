"""The `healthboard` command for publicity staff: arguments, dispatch, and no traceback ever."""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

import jieba

from .argparse_zh import ChineseParser
from .commands import STOPPED, build_command, cache_command, crash_log, pdf_command, report_error, review_command
from .content.loader import parse_date
from .deploy import nginx_command, scans_command
from .nginx import ACCESS_LOG
from .errors import BUILD_STOPPED, HealthboardError, os_problem
from .preview import serve_command
from .office import calendar_command, check_command, import_command, led_command, ledger_command, new_command, wechat_command


def _within(low: float, high: float, unit: str, cast: type = float):  # type: ignore[no-untyped-def]
    """An argparse type: a number in [low, high], refused with E_USAGE otherwise (`--bleed 5000` made a 12 m page)."""
    def parse(text: str) -> float:
        try:
            value = cast(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"应为{'整数' if cast is int else '数字'}（当前值：{text}）") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"应在 {low:g} 到 {high:g}{unit or ' '}之间（当前值：{text}）")
        return value
    return parse


def _address(text: str) -> str:
    """An argparse type: host:port, as MkDocs' dev_addr takes it (refused in English there)."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"应写成 地址:端口，如 127.0.0.1:8000（当前值：{text}）")
    return text


def _date_arg(text: str) -> dt.date:
    date = parse_date(text)
    if date is None:
        raise argparse.ArgumentTypeError(f"日期应写成 年-月-日，如 2026-03-15（当前值：{text}）")
    return date


def parser() -> argparse.ArgumentParser:
    p = ChineseParser(prog="healthboard", description="健康教育宣传栏与健康科普网站生成器")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令", title="命令")
    b = sub.add_parser("build", help="构建网站（同 mkdocs build，另附统计）", description="构建网站；失败时不改动原有的 site/ 目录。")
    b.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    b.add_argument("-d", "--site-dir", help="输出目录（默认 site/）")
    b.add_argument("--drafts", action="store_true", help="同时发布草稿（页面上会标明“草稿”）")
    b.add_argument("--allow-stale", action="store_true", help="审核已过期（超过 review_max_age_days 天）的文章所在的各期也生成打印页")
    b.add_argument("--offline", action="store_true", help="生成离线版（默认输出到 site-offline/），可从 U 盘或触摸屏用 file:// 直接打开，含搜索")
    b.add_argument("--strict", action="store_true", help="严格模式：有任何警告就停止，网站不更新（适合自动发布前检查）")
    b.add_argument("-q", "--quiet", action="store_true", help="成功时不显示统计，只显示警告和错误")
    b.set_defaults(run=build_command)

    v = sub.add_parser("serve", help="写作时实时预览网站", description="在本机启动预览网站，保存文件后自动重新构建并刷新浏览器；内容有错时用中文指出文件和行号，预览保留上一次的结果。")
    v.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    v.add_argument("-a", "--dev-addr", type=_address, metavar="地址:端口", help="预览地址（默认 127.0.0.1:8000）")
    v.set_defaults(run=serve_command)

    d = sub.add_parser("pdf", help="生成印刷厂用的 PDF", description="生成印刷厂 PDF：每个片区、每种尺寸一个文件（每块宣传栏一页），另有每块宣传栏单独一个文件。内容未变时直接复用上次结果。")
    d.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    d.add_argument("--edition", type=_within(1, 9999, "", int), help="期数（默认最新一期）")
    d.add_argument("--grid", help="只生成这个片区")
    d.add_argument("--board", help="只生成这块宣传栏（宣传栏 id）")
    d.add_argument("-o", "--out", default="pdf", help="输出目录（默认 pdf/）")
    d.add_argument("--bleed", type=_within(0, 10, " 毫米"), default=3.0, help="出血，毫米（默认 3；户外喷绘用 0）")
    d.add_argument("--no-marks", action="store_true", help="不加裁切线")
    d.add_argument("--no-per-board", action="store_true", help="不另外生成每块宣传栏单独的文件")
    d.add_argument("--tile", choices=["A3", "A4"], help="另外把大于该纸张的宣传栏拆成多张 A3/A4 拼贴打印")
    d.add_argument("--overlap", type=_within(0, 50, " 毫米"), default=10.0, help="拼贴时相邻纸张的重叠宽度，毫米（默认 10）")
    d.add_argument("--jobs", type=_within(0, 64, "", int), default=0, help="并行进程数（默认等于 CPU 核数）")
    d.add_argument("--verify", action="store_true", help="生成后逐个识别二维码，核对网址")
    d.add_argument("--allow-stale", action="store_true", help="这一期有文章审核已过期（超过 review_max_age_days 天）时也照印")
    d.add_argument("--traditional", action="store_true", help="印繁體版：文字转为繁體，二维码指向网站的繁體页面")
    d.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    d.set_defaults(run=pdf_command)

    c = sub.add_parser("check", help="检查逾期未更换、缺某一期的宣传栏", description="按片区列出逾期未更换（超过更换周期）的宣传栏，以及到某日仍未张贴第N期（或更新一期）的宣传栏。有问题时退出码为 1。")
    c.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    c.add_argument("--edition", type=_within(1, 9999, "", int), help="检查是否都已张贴这一期（或更新的一期）")
    c.add_argument("--by", type=_date_arg, help="按这一天核对（如检查日），默认今天")
    c.add_argument("--format", choices=["table", "csv", "json"], default="table", help="输出格式（默认表格）")
    c.add_argument("-o", "--out", metavar="文件", help="写入文件（整体写入，出错时不改动原文件），默认显示在屏幕上")
    c.add_argument("--today", help=argparse.SUPPRESS)
    c.set_defaults(run=check_command)

    g = sub.add_parser("ledger", help="导出台账（XLSX 或 CSV）", description="导出全部宣传栏的张贴台账：每块宣传栏、每一期的张贴日期、张贴人、照片和状态。")
    g.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    g.add_argument("--format", choices=["xlsx", "csv"], default="xlsx", help="文件格式（默认 xlsx）")
    g.add_argument("-o", "--out", help="输出文件（默认 台账-日期.xlsx）")
    g.add_argument("--today", help=argparse.SUPPRESS)
    g.set_defaults(run=ledger_command)

    k = sub.add_parser("calendar", help="列出即将到来的卫生健康宣传日", description="列出今天起若干天内的全国性卫生健康宣传日，供策划下一期主题。")
    k.add_argument("-f", "--config-file", default="mkdocs.yml", help=argparse.SUPPRESS)
    k.add_argument("--days", type=_within(1, 3660, " 天", int), help="天数（默认 90；导出日历时 365）")
    k.add_argument("--ics", metavar="文件", help="导出 iCalendar 日历文件（.ics），可导入手机或电脑日历")
    k.add_argument("--today", help=argparse.SUPPRESS)
    k.set_defaults(run=calendar_command)

    e = sub.add_parser("led", help="导出 LED 屏标语（TXT）", description="导出本期标语：UTF-8（带 BOM）和 GBK 两个 TXT 文件，每行一条，供 LED 屏控制软件导入。")
    e.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    e.add_argument("--edition", type=_within(1, 9999, "", int), help="期数（默认最新一期）")
    e.add_argument("--width", type=_within(16, 100000, " 像素", int), help="屏幕宽度（像素）；按 16 像素一个字自动折行")
    e.add_argument("-o", "--out", default="led", help="输出目录（默认 led/）")
    e.set_defaults(run=led_command)

    h = sub.add_parser("cache", help="查看或清空缓存", description="缓存存放排版测量结果、二维码和 PDF，内容（含图片和字体）没变时直接取用。")
    h.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    h.add_argument("--clear", action="store_true", help="清空缓存")
    h.set_defaults(run=cache_command)

    s = sub.add_parser("scans", help="从网站访问日志统计扫码次数", description="读取网站服务器的访问日志（nginx/Apache combined 格式或 healthboard nginx 配置的 JSON 格式，可为 .gz，可给文件夹），按片区、宣传栏、期数和文章统计居民扫码次数，并列出张贴后一次也没被扫过的宣传栏。同一手机 30 分钟内扫同一个码只算一次；爬虫、出错的请求不计入。")
    s.add_argument("logs", nargs="+", metavar="日志", help="访问日志文件或文件夹")
    s.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    s.add_argument("-o", "--out", metavar="文件", help="CSV 文件（默认 扫码统计-日期.csv）")
    s.add_argument("--xlsx", metavar="文件", help="另外导出含“扫码统计”工作表的 XLSX 台账")
    s.add_argument("--site", action="store_true", help="保存统计结果，下次构建时网站台账中显示“扫码统计”页")
    s.add_argument("--today", help=argparse.SUPPRESS)
    s.set_defaults(run=scans_command)

    x = sub.add_parser("nginx", help="生成 nginx 服务器配置", description="按构建好的网站生成 nginx 配置：短链接 /q/… 由服务器直接跳转到文章、旧地址转向新地址、压缩、缓存、安全响应头（内容安全策略），访问日志采用 healthboard scans 能读的格式。")
    x.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    x.add_argument("-d", "--site-dir", help="构建好的网站目录（默认 site/）")
    x.add_argument("--root", help="网站文件在服务器上的位置（默认为网站目录的绝对路径）")
    x.add_argument("--listen", default="80", help="监听的端口或地址:端口（默认 80）")
    x.add_argument("--access-log", default=ACCESS_LOG, help=f"访问日志文件（默认 {ACCESS_LOG}）")
    x.add_argument("-o", "--out", default="healthboard-nginx.conf", help="输出文件（默认 healthboard-nginx.conf）")
    x.set_defaults(run=nginx_command)

    w = sub.add_parser("import", help="把 Word 文档（.docx）导入为文章草稿", description="把 Word 稿件（.docx）导入为文章草稿：标题、小标题、段落、加粗、列表、表格和图片都带过来，脚注作为信息来源；按标题生成拼音 id，栏目和摘要按内容猜测并标明待核对。全部读取成功才写入。")
    w.add_argument("files", nargs="+", metavar="文件", help="Word 文档（.docx），可以多个")
    w.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    w.add_argument("--today", help=argparse.SUPPRESS)
    w.set_defaults(run=import_command)

    m = sub.add_parser("wechat", help="导出公众号文章（HTML）", description="把文章导出为可直接粘贴到微信公众号编辑器的 HTML：样式全部写在元素上（编辑器会丢掉样式表），图片嵌入文件，文末附信息来源、审核和短链接。")
    m.add_argument("ids", nargs="*", metavar="id", help="文章 id，可以多个")
    m.add_argument("--all-new", action="store_true", help="导出最近一期宣传栏之后的全部新文章")
    m.add_argument("-o", "--out", default="wechat", help="输出目录（默认 wechat/）")
    m.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    m.add_argument("--today", help=argparse.SUPPRESS)
    m.set_defaults(run=wechat_command)

    r = sub.add_parser("review", help="生成送审材料（区疾控中心审核用）", description="生成一期宣传栏的送审材料：每块宣传栏的效果图（PNG，与印刷 PDF 同一套排版）、文章送审稿（PDF，含信息来源和审核单位）和审核表（XLSX）。")
    r.add_argument("--edition", type=_within(1, 9999, "", int), help="期数（默认最新一期）")
    r.add_argument("-o", "--out", default="review", help="输出目录（默认 review/）")
    r.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    r.add_argument("--today", help=argparse.SUPPRESS)
    r.set_defaults(run=review_command)

    n = sub.add_parser("new", help="新建文章、动态或下一期", description="新建一个格式正确的文件：文章（草稿）、动态，或下一期宣传栏（自动编号，主题参考宣传日）。")
    n.add_argument("kind", choices=["article", "update", "edition"], help="article 文章 / update 动态 / edition 下一期")
    n.add_argument("id", nargs="?", help="文章 id（仅 article）：小写字母、数字、连字符；也可以直接写中文标题，按拼音生成 id")
    n.add_argument("--title", help="标题")
    n.add_argument("--topic", help="栏目（仅 article）")
    n.add_argument("--theme", help="主题（仅 edition；默认按宣传日建议）")
    n.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    n.add_argument("--today", help=argparse.SUPPRESS)
    n.set_defaults(run=new_command)
    return p


def main(argv: list[str] | None = None) -> int:
    jieba.setLogLevel(logging.WARNING)  # its dictionary chatter is not for staff
    args = parser().parse_args(argv)
    if not Path(args.config_file).is_file():
        print(f"找不到配置文件 {args.config_file}：请在项目目录（有 mkdocs.yml 的目录）中运行。", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except HealthboardError as e:
        report_error(e, args)
        return 1
    except OSError as e:  # a full disk, an output folder that cannot be made
        report_error(HealthboardError(os_problem(e, e.filename or "")), args)
        return 1
    except KeyboardInterrupt:
        print("已中断：没有完成的文件都没有写入。", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 (a bug of ours: one line for staff, the details for the maintainers)
        log = crash_log()
        print(f"[E_INTERNAL] healthboard 内部出错，{STOPPED.get(args.command, BUILD_STOPPED)}。"
              f"详细信息已写入 {log}：请把这个文件发给维护人员。", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
