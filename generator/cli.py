"""The `healthboard` command for publicity staff."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import logging
import os
import re
import shutil
import sys
import time
from importlib.metadata import entry_points
from itertools import groupby
from pathlib import Path

import jieba
import yaml
from tqdm import tqdm
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.utils.yaml import yaml_load

from . import links, scaffold
from .argparse_zh import ChineseParser
from .cache import atomic_write, atomic_write_all
from .calendar import WEEKDAYS, load_health_days, upcoming
from .content.loader import ID_HINT, ID_RE, parse_date
from .content.model import Content
from .content.yamlfile import yaml_problem
from .errors import BUILD_STOPPED, HealthboardError, Problem, os_problem
from .led import load_slogans, max_chars_for, text_file, to_gbk, wrap
from .ledger import check, csv_safe, ledger_csv, ledger_rows, ledger_xlsx
from .pdf.shop import PdfOptions, make_pdfs, plan
from .pdf.verify import verify_file
from .project import Project, check_mkdocs_yml
from .settings import Settings, today_from_env


_MKDOCS_PREFIX = re.compile(r"^[^\[\n]*?(?=\[E_[A-Z_]+\])", re.M)


class _StderrHandler(logging.Handler):
    """MkDocs' warnings and errors, message only, to whatever stderr is now; counts the warnings."""

    warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        warning = record.levelno == logging.WARNING
        self.warnings += warning
        message = self.format(record)
        # "Config value 'plugins': Plugin 'healthboard' option '…': [E_CONFIG] …": the Chinese part says it all.
        message = _MKDOCS_PREFIX.sub("", message)
        print(("警告：" if warning else "") + message, file=sys.stderr)


# What a failed command leaves undone, named in its error message.
STOPPED = {
    "build": BUILD_STOPPED, "pdf": "PDF 未生成，原有文件未改动", "check": "检查未完成", "ledger": "台账未导出，原有文件未改动",
    "led": "标语未导出，原有文件未改动", "new": "没有新建文件", "calendar": "无法列出宣传日", "cache": "缓存未改动",
}


def _report(error: BaseException, args: argparse.Namespace) -> None:
    stopped = STOPPED.get(getattr(args, "command", ""), BUILD_STOPPED)
    print(error.render(stopped) if isinstance(error, HealthboardError) else str(error), file=sys.stderr)


def _crash_log() -> Path:
    """The traceback of an unexpected error goes to a file, never to the screen."""
    import tempfile
    import traceback

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(tempfile.gettempdir()) / f"healthboard-error-{stamp}-{os.getpid()}.log"
    path.write_text(f"healthboard {sys.argv[1:]}\n\n{traceback.format_exc()}", encoding="utf-8")
    return path


def _precheck(config_file: str) -> None:
    """Checks MkDocs would otherwise reject with an English message before the plugin can speak."""
    shown = Path(config_file).name
    try:
        with open(config_file, encoding="utf-8-sig") as f:
            raw = yaml_load(f) or {}
    except UnicodeDecodeError:
        raise HealthboardError(Problem("E_NOT_UTF8", "文件不是 UTF-8 编码", shown, hint="用编辑器把文件另存为“UTF-8”编码")) from None
    except ConfigurationError as e:  # MkDocs' loader wraps the YAML error
        if isinstance(e.__context__, yaml.YAMLError):
            raise HealthboardError(yaml_problem(e.__context__, shown)) from None
        raise
    if not isinstance(raw, dict):
        raise HealthboardError(Problem("E_BAD_STRUCTURE", "配置文件应当是“字段: 值”的设置", shown))
    check_mkdocs_yml(raw, {ep.name for ep in entry_points(group="mkdocs.plugins")}, shown)


def _add_offline_plugin(config, site_dir: str | None) -> None:
    """A copy for USB sticks and kiosks: file:// links, search without a server, no CDN."""
    from material.plugins.offline.plugin import OfflinePlugin

    offline = OfflinePlugin()
    errors, _ = offline.load_config({"enabled": True})
    if errors:
        raise ConfigurationError(str(errors))
    config.plugins["material/offline"] = offline
    if not site_dir:
        config.site_dir = str(Path(config.site_dir).with_name(Path(config.site_dir).name + "-offline"))


def _build(args: argparse.Namespace) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.monotonic()
    handler = _StderrHandler(logging.WARNING)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    try:
        _precheck(args.config_file)
        overrides = {"site_dir": args.site_dir} if args.site_dir else {}
        config = load_config(args.config_file, **overrides)
        if args.drafts:
            config.plugins["healthboard"].config.show_drafts = True
        if args.offline:
            _add_offline_plugin(config, args.site_dir)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except HealthboardError as e:
        _report(e, args)
        return 1
    except (PluginError, Abort, ConfigurationError) as e:
        # PluginError text was already logged by MkDocs through the handler above.
        if not isinstance(e, Abort):
            print(e, file=sys.stderr)
        print("构建失败：原有的网站目录没有改动。", file=sys.stderr)
        return 1
    finally:
        mkdocs_log.removeHandler(handler)
    summary = config.plugins["healthboard"].summary()
    content = summary.content
    drafts = sum(a.is_draft for a in content.articles.values())
    print(f"构建完成：{config.site_dir}（用时 {time.monotonic() - started:.1f} 秒）")
    print(f"  文章 {len(content.articles) - drafts} 篇" + (f"，草稿 {drafts} 篇{'（已显示）' if summary.settings.show_drafts else '（未发布）'}" if drafts else ""))
    print(f"  期次 {len(content.editions)} 期，宣传栏 {len(content.boards)} 块，动态 {len(content.updates)} 条")
    print(f"  文章二维码 {summary.article_codes} 个，宣传栏打印页二维码 {len(summary.printed_urls)} 个")
    if summary.printed_urls:
        print(f"  打印宣传栏：用浏览器打开 {Path(config.site_dir) / 'print' / 'index.html'}")
    print(f"  警告 {handler.warnings} 条" + ("（见上方）" if handler.warnings else ""))
    return 0


def _load_project(config_file: str, today: dt.date | None = None) -> tuple[Project, Content]:
    """The project and its validated content, without building the site."""
    _precheck(config_file)
    project = Project(Settings.from_mkdocs(load_config(config_file), today=today))
    return project, project.load_content()


def _pdf(args: argparse.Namespace) -> int:
    project: Project | None = None
    try:
        project, content = _load_project(args.config_file)
        options = PdfOptions(bleed_mm=args.bleed, marks=not args.no_marks, per_board=not args.no_per_board, workers=args.jobs, tile=args.tile, overlap_mm=args.overlap)
        settings = project.settings.print_settings(bleed_mm=options.bleed_mm, marks=options.marks)
        cache = project.cache()
        variant = project.settings.variant if args.traditional else None
        if args.traditional and variant is None:
            raise HealthboardError(Problem("E_TRADITIONAL_OFF", "网站没有开启繁體版，繁體宣传栏的二维码会打不开", "mkdocs.yml", field="healthboard.traditional.enabled", hint="在 mkdocs.yml 中写 traditional: {enabled: true}，重新构建网站后再生成"))
        jobs = plan(content, project.settings.producer(), settings, options, project.settings.docs_dir, cache, args.edition, args.grid, args.board, variant)
        out_dir = Path(args.out)
        urls = [spot.url for job in jobs for page in job.codes for spot in page]
        added = 0

        def record() -> None:
            nonlocal added
            added = links.append_manifest(project.settings.manifest, urls, comment=f"{project.settings.today.isoformat()} healthboard pdf")

        with tqdm(total=sum(j.boards for j in jobs), desc="生成 PDF", unit="块", file=sys.stderr, disable=args.quiet) as bar:
            report = make_pdfs(jobs, out_dir, cache, workers=options.workers, progress=bar.update, before_publish=record)
        cache.commit()
    except (HealthboardError, ConfigurationError, Abort) as e:
        _report(e, args)
        return 1
    finally:
        if project is not None:
            project.cache().discard()  # nothing left to drop after a commit
    print(f"完成：{report.boards} 块宣传栏，{len(report.files)} 个 PDF 文件，在 {out_dir}/")
    if added:
        print(f"  {added} 个新网址已记入 {project.settings.manifest_name}（已印出的网址清单，请提交）")
    print(f"  新绘制 {report.rendered} 组，取自缓存 {report.from_cache} 组，未变 {report.unchanged} 组")
    warnings = list(dict.fromkeys(str(w) for job in jobs for w in job.warnings))
    for warning in warnings:
        print(f"警告：{warning}", file=sys.stderr)
    if args.verify:
        failures = [f for path in report.files for f in verify_file(path, report.codes[path])]
        total = sum(len(spots) for pages in report.codes.values() for spots in pages)
        if failures:
            print(f"二维码核验失败 {len(failures)} 个（共 {total} 个）：", file=sys.stderr)
            for f in failures:
                print(f"  - {f}", file=sys.stderr)
            return 1
        print(f"二维码核验：{total} 个二维码全部能识别，且网址正确（150 dpi）")
    return 0


def _as_of(args: argparse.Namespace) -> dt.date | None:
    """The day a command runs as: `--today`, else HEALTHBOARD_TODAY or the system date (in Settings)."""
    if not getattr(args, "today", None):
        return None
    if (day := parse_date(args.today)) is None:
        raise HealthboardError(Problem("E_USAGE", "日期应写成 年-月-日，如 2026-03-15", field="--today", value=args.today))
    return day


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


def _date_arg(text: str) -> dt.date:
    date = parse_date(text)
    if date is None:
        raise argparse.ArgumentTypeError(f"日期应写成 年-月-日，如 2026-03-15（当前值：{text}）")
    return date


def _project_for(args: argparse.Namespace) -> tuple[Project, Content] | None:
    """Project and content for a command, or None after telling staff what is wrong."""
    try:
        return _load_project(args.config_file, _as_of(args))
    except (HealthboardError, ConfigurationError, Abort) as e:
        _report(e, args)
        return None


def _check(args: argparse.Namespace) -> int:
    if (loaded := _project_for(args)) is None:
        return 2
    project, content = loaded
    if args.edition is not None and content.edition(args.edition) is None:
        print(HealthboardError(Problem("E_UNKNOWN_EDITION", f"没有第{args.edition}期", field="--edition", value=args.edition)), file=sys.stderr)
        return 2
    as_of = args.by or project.settings.today
    result = check(content, as_of, project.settings.cadence_days, args.edition)
    rows = result.rows()
    lines: list[str] = []
    if args.format == "json":
        lines.append(json.dumps({"as_of": as_of.isoformat(), "ok": result.ok, "problems": rows}, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        table = io.StringIO()
        writer = csv.DictWriter(table, fieldnames=list(rows[0]) if rows else ["片区"])
        writer.writeheader()
        writer.writerows({k: csv_safe(v) for k, v in row.items()} for row in rows)
        lines.append("\ufeff" + table.getvalue().rstrip("\r\n"))  # BOM: Excel on Windows reads the Chinese headers
    elif result.ok:
        what = f"，都已张贴{result.edition.label}或更新的一期" if result.edition else ""
        lines.append(f"截至 {as_of.isoformat()}，全部 {len(content.boards)} 块宣传栏都在 {project.settings.cadence_days} 天内更换过{what}。")
    else:
        lines.append(f"截至 {as_of.isoformat()}，发现 {len(rows)} 处问题（更换周期 {project.settings.cadence_days} 天）：")
        for grid, items in groupby(rows, key=lambda r: r["片区"]):
            lines.append(f"【{grid}】")
            for r in items:
                due = f"，应于 {r['应更换日期']} 前更换" if r["应更换日期"] else ""
                lines.append(f"  {r['宣传栏']}  {r['名称']}：{r['问题']}；最近张贴 {r['最近张贴']}{due}；{r['责任单位']} {r['联系电话']}")
    text = "\n".join(lines) + "\n"
    if args.out:
        # Written whole or not at all: `> 待整改.csv` would empty the old file on an error.
        atomic_write(Path(args.out), text.encode("utf-8"))
        print(f"检查结果已写入 {args.out}（{len(rows)} 处问题）")
    else:
        sys.stdout.write(text)
    future = [p for p in content.postings if p.date > as_of]
    if future and args.by is None:  # checking as of today: a posting dated later is most likely a typo
        lines = "、".join(str(p.line) for p in future[:10])
        print(f"注意：张贴记录中有 {len(future)} 条日期晚于今天（{as_of.isoformat()}），没有计入"
              f"（{project.settings.layout.postings_file.name} 第 {lines} 行）：日期是否写错了？", file=sys.stderr)
    return 0 if result.ok else 1


def _ledger(args: argparse.Namespace) -> int:
    if (loaded := _project_for(args)) is None:
        return 2
    project, content = loaded
    as_of = project.settings.today
    out = Path(args.out or f"台账-{as_of.isoformat()}.{args.format}")
    cadence = project.settings.cadence_days
    if args.format == "xlsx":
        data = ledger_xlsx(content, as_of, cadence, project.settings.ledger_title)
    else:
        data = ledger_csv(content, as_of, cadence)
    atomic_write(out, data)
    print(f"台账已写入 {out}（{len(ledger_rows(content, as_of, cadence))} 条记录，截至 {as_of.isoformat()}）")
    return 0


def _calendar(args: argparse.Namespace) -> int:
    start = _as_of(args) or today_from_env()
    try:
        days = load_health_days()
    except HealthboardError as e:
        _report(e, args)
        return 2
    coming = upcoming(days, start, args.days)
    print(f"{start.isoformat()} 起 {args.days} 天内的卫生健康宣传日（共 {len(coming)} 个）：")
    for o in coming:
        span = f"至{o.end.month}月{o.end.day}日" if o.day.days > 1 else ""
        print(f"  {o.start.isoformat()}（星期{WEEKDAYS[o.start.weekday()]}）{span}  {o.day.name}　{o.day.rule_text}；来源：{o.day.source}")
    return 0


def _new(args: argparse.Namespace) -> int:
    try:
        project, content = _load_project(args.config_file, _as_of(args))
        now = project.settings.today
        docs = project.settings.docs_dir
        if args.kind == "article":
            path, text = _new_article(project, content, args, now)
        elif args.kind == "update":
            if not args.title:
                raise HealthboardError(Problem("E_MISSING_FIELD", "动态需要标题", field="--title", hint='加上 --title "标题"'))
            n = 1
            while (docs / project.settings.updates_dir / f"{now.isoformat()}-{n}.md").exists():
                n += 1
            path, text = docs / project.settings.updates_dir / f"{now.isoformat()}-{n}.md", scaffold.update(args.title, now)
        else:
            number, text = scaffold.edition(content, load_health_days(), now, project.settings.cadence_days, args.theme, project.settings.required_topics)
            path = project.settings.layout.editions_dir / f"{number:03d}.yml"
        if path.exists():
            raise HealthboardError(Problem("E_EXISTS", "文件已存在，没有覆盖", str(path)))
    except (HealthboardError, ConfigurationError, Abort) as e:
        _report(e, args)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"已创建 {path}")
    print("下一步：编辑这个文件，然后运行 healthboard build 检查并预览。")
    return 0


def _new_article(project: Project, content: Content, args: argparse.Namespace, now: dt.date) -> tuple[Path, str]:
    topics = [t.name for t in project.settings.topics]
    problems = []
    if not args.id or not ID_RE.match(args.id):
        problems.append(Problem("E_BAD_ID", "文章 id 格式不对", field="id", value=args.id, hint=ID_HINT))
    elif args.id in content.articles:
        problems.append(Problem("E_DUPLICATE_ID", f"已有文章使用这个 id：{content.articles[args.id].src_uri}", field="id", value=args.id))
    if not args.title:
        problems.append(Problem("E_MISSING_FIELD", "文章需要标题", field="--title", hint='加上 --title "标题"'))
    if args.topic not in topics:
        problems.append(Problem("E_UNKNOWN_TOPIC", "栏目不在配置的栏目列表中", field="--topic", value=args.topic, hint="改成其中之一：" + "、".join(topics)))
    if problems:
        raise HealthboardError(problems)
    return project.new_article_path(args.id), scaffold.article(args.id, args.title, args.topic, now)


def _led(args: argparse.Namespace) -> int:
    try:
        project, content = _load_project(args.config_file)
        shown = project.settings.slogans_shown
        slogans = load_slogans(project.settings.slogans_file, shown, content)
        number = args.edition if args.edition is not None else (content.latest_edition.number if content.latest_edition else None)
        if args.edition is not None and content.edition(args.edition) is None:
            raise HealthboardError(Problem("E_UNKNOWN_EDITION", f"没有第{args.edition}期", field="--edition", value=args.edition))
    except (HealthboardError, ConfigurationError, Abort) as e:
        _report(e, args)
        return 1
    chosen = slogans.for_edition(number)
    if not chosen:
        print(f"没有可导出的标语：请在 {shown} 中填写 campaign 或 editions。", file=sys.stderr)
        return 1
    limit = max_chars_for(args.width)
    lines = [line for s in chosen for line in wrap(s, limit)]
    gbk = to_gbk(lines)
    if gbk.impossible:  # nothing is written: a GBK file with "?" in a slogan must not reach a screen
        for n, ch in gbk.impossible:
            print(f"[E_GBK_UNSUPPORTED] GBK 版第 {n} 行：字符“{ch}”（U+{ord(ch):04X}）GBK 无法表示，也没有替代字。处理办法：修改这条标语，或在控制软件中使用 UTF-8 版", file=sys.stderr)
        print(STOPPED["led"] + "。", file=sys.stderr)
        return 1
    out = Path(args.out)
    stem = f"标语-第{number}期" if number else "标语"
    atomic_write_all({out / f"{stem}-UTF8.txt": text_file(lines, "utf-8"), out / f"{stem}-GBK.txt": text_file(gbk.lines, "gbk")})
    print(f"已导出 {len(chosen)} 条标语（{len(lines)} 行）到 {out}/{stem}-UTF8.txt 和 {stem}-GBK.txt")
    if limit:
        print(f"  每行最多 {limit} 个字（屏宽 {args.width} 像素 ÷ 16）")
    for n, old, new in gbk.replaced:
        print(f"  GBK 版第 {n} 行：“{old}”（U+{ord(old):04X}）GBK 无法表示，已换成“{new}”")
    return 0


def _cache(args: argparse.Namespace) -> int:
    if (loaded := _project_for(args)) is None:
        return 2
    project, _ = loaded
    folder = project.settings.project_dir / project.settings.cache_dir if project.settings.cache_dir else None
    if folder is None or not folder.is_dir():
        print("缓存是空的。")
        return 0
    files = [p for p in folder.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    if args.clear:
        shutil.rmtree(folder)
        print(f"已清空缓存 {folder}（{len(files)} 个文件，{size / 1e6:.1f} MB）：下次构建会重新排版和生成二维码，用时较长。")
    else:
        print(f"缓存 {folder}：{len(files)} 个文件，共 {size / 1e6:.1f} MB。内容没变时构建直接取用；清空：healthboard cache --clear")
    return 0


def parser() -> argparse.ArgumentParser:
    p = ChineseParser(prog="healthboard", description="健康教育宣传栏与健康科普网站生成器")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令", title="命令")
    b = sub.add_parser("build", help="构建网站（同 mkdocs build，另附统计）", description="构建网站；失败时不改动原有的 site/ 目录。")
    b.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    b.add_argument("-d", "--site-dir", help="输出目录（默认 site/）")
    b.add_argument("--drafts", action="store_true", help="同时发布草稿（页面上会标明“草稿”）")
    b.add_argument("--offline", action="store_true", help="生成离线版（默认输出到 site-offline/），可从 U 盘或触摸屏用 file:// 直接打开，含搜索")
    b.set_defaults(run=_build)

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
    d.add_argument("--traditional", action="store_true", help="印繁體版：文字转为繁體，二维码指向网站的繁體页面")
    d.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    d.set_defaults(run=_pdf)

    c = sub.add_parser("check", help="检查逾期未更换、缺某一期的宣传栏", description="按片区列出逾期未更换（超过更换周期）的宣传栏，以及到某日仍未张贴第N期（或更新一期）的宣传栏。有问题时退出码为 1。")
    c.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    c.add_argument("--edition", type=_within(1, 9999, "", int), help="检查是否都已张贴这一期（或更新的一期）")
    c.add_argument("--by", type=_date_arg, help="按这一天核对（如检查日），默认今天")
    c.add_argument("--format", choices=["table", "csv", "json"], default="table", help="输出格式（默认表格）")
    c.add_argument("-o", "--out", metavar="文件", help="写入文件（整体写入，出错时不改动原文件），默认显示在屏幕上")
    c.add_argument("--today", help=argparse.SUPPRESS)
    c.set_defaults(run=_check)

    g = sub.add_parser("ledger", help="导出台账（XLSX 或 CSV）", description="导出全部宣传栏的张贴台账：每块宣传栏、每一期的张贴日期、张贴人、照片和状态。")
    g.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    g.add_argument("--format", choices=["xlsx", "csv"], default="xlsx", help="文件格式（默认 xlsx）")
    g.add_argument("-o", "--out", help="输出文件（默认 台账-日期.xlsx）")
    g.add_argument("--today", help=argparse.SUPPRESS)
    g.set_defaults(run=_ledger)

    k = sub.add_parser("calendar", help="列出即将到来的卫生健康宣传日", description="列出今天起若干天内的全国性卫生健康宣传日，供策划下一期主题。")
    k.add_argument("-f", "--config-file", default="mkdocs.yml", help=argparse.SUPPRESS)
    k.add_argument("--days", type=_within(1, 3660, " 天", int), default=90, help="天数（默认 90）")
    k.add_argument("--today", help=argparse.SUPPRESS)
    k.set_defaults(run=_calendar)

    e = sub.add_parser("led", help="导出 LED 屏标语（TXT）", description="导出本期标语：UTF-8（带 BOM）和 GBK 两个 TXT 文件，每行一条，供 LED 屏控制软件导入。")
    e.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    e.add_argument("--edition", type=_within(1, 9999, "", int), help="期数（默认最新一期）")
    e.add_argument("--width", type=_within(16, 100000, " 像素", int), help="屏幕宽度（像素）；按 16 像素一个字自动折行")
    e.add_argument("-o", "--out", default="led", help="输出目录（默认 led/）")
    e.set_defaults(run=_led)

    h = sub.add_parser("cache", help="查看或清空缓存", description="缓存存放排版测量结果、二维码和 PDF，内容（含图片和字体）没变时直接取用。")
    h.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    h.add_argument("--clear", action="store_true", help="清空缓存")
    h.set_defaults(run=_cache)

    n = sub.add_parser("new", help="新建文章、动态或下一期", description="新建一个格式正确的文件：文章（草稿）、动态，或下一期宣传栏（自动编号，主题参考宣传日）。")
    n.add_argument("kind", choices=["article", "update", "edition"], help="article 文章 / update 动态 / edition 下一期")
    n.add_argument("id", nargs="?", help="文章 id（仅 article）：小写字母、数字、连字符")
    n.add_argument("--title", help="标题")
    n.add_argument("--topic", help="栏目（仅 article）")
    n.add_argument("--theme", help="主题（仅 edition；默认按宣传日建议）")
    n.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    n.add_argument("--today", help=argparse.SUPPRESS)
    n.set_defaults(run=_new)
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
        _report(e, args)
        return 1
    except OSError as e:  # a full disk, an output folder that cannot be made
        _report(HealthboardError(os_problem(e, e.filename or "")), args)
        return 1
    except KeyboardInterrupt:
        print("已中断：没有完成的文件都没有写入。", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 (a bug of ours: one line for staff, the details for the maintainers)
        log = _crash_log()
        print(f"[E_INTERNAL] healthboard 内部出错，{STOPPED.get(args.command, BUILD_STOPPED)}。"
              f"详细信息已写入 {log}：请把这个文件发给维护人员。", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
