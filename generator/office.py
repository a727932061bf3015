"""The office's everyday commands: check, ledger, calendar, new, led."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
from itertools import groupby
from pathlib import Path

from mkdocs.exceptions import Abort, ConfigurationError

from . import scaffold
from .cache import atomic_write, atomic_write_all
from .calendar import WEEKDAYS, load_health_days, upcoming
from .commands import STOPPED, run_date, load_project, project_for, report_error
from .content.loader import ID_HINT, ID_RE
from .content.model import Content
from .ics import health_days_ics
from .errors import HealthboardError, Problem
from .led import load_slogans, max_chars_for, text_file, to_gbk, wrap
from .ledger import check, csv_safe, ledger_csv, ledger_rows, ledger_xlsx
from .project import Project
from .reviews import stale_reviews
from .wechat import wechat_html
from .wordimport import Imported, article_id, guess_topic, import_docx
from .settings import today_from_env


def check_command(args: argparse.Namespace) -> int:
    if (loaded := project_for(args)) is None:
        return 2
    project, content = loaded
    if args.edition is not None and content.edition(args.edition) is None:
        print(HealthboardError(Problem("E_UNKNOWN_EDITION", f"没有第{args.edition}期", field="--edition", value=args.edition)), file=sys.stderr)
        return 2
    as_of = args.by or project.settings.today
    result = check(content, as_of, project.settings.cadence_days, args.edition)
    rows = result.rows()
    stale = stale_reviews(content, as_of, project.settings.review_max_age_days, project.settings.docs_dir.name)
    lines: list[str] = []
    if args.format == "json":
        reviews = [{"文章": r.article.title, "id": r.article.id, "文件": r.file, "审核单位": r.article.reviewed_by, "审核日期": r.article.reviewed_on.isoformat(), "天数": r.age_days}
                   for r in stale if r.article.reviewed_on]
        lines.append(json.dumps({"as_of": as_of.isoformat(), "ok": result.ok and not stale, "problems": rows, "stale_reviews": reviews}, ensure_ascii=False, indent=2))
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
    if stale and args.format != "json":
        listed = [f"审核已超过 {project.settings.review_max_age_days} 天的文章 {len(stale)} 篇（含这些文章的各期暂不印刷，请重新审核）："]
        listed += [f"  《{r.article.title}》 {r.file}：{r.article.reviewed_by} 审核于 {r.article.reviewed_on}（已 {r.age_days} 天）" for r in stale]
        if args.format == "table":
            lines += listed
        else:  # the CSV holds boards only
            print("\n".join(listed), file=sys.stderr)
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
    return 0 if result.ok and not stale else 1


def ledger_command(args: argparse.Namespace) -> int:
    if (loaded := project_for(args)) is None:
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


def calendar_command(args: argparse.Namespace) -> int:
    start = run_date(args) or today_from_env()
    try:
        days = load_health_days()
    except HealthboardError as e:
        report_error(e, args)
        return 2
    span = args.days or (365 if args.ics else 90)
    coming = upcoming(days, start, span)
    if args.ics:
        made = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        atomic_write(Path(args.ics), health_days_ics(coming, "全国卫生健康宣传日", made))
        print(f"已写入 {args.ics}：{start.isoformat()} 起 {span} 天内的 {len(coming)} 个卫生健康宣传日（全天事件）。"
              "在手机或电脑的日历中导入这个文件即可，再次导入会更新而不会重复。")
        return 0
    print(f"{start.isoformat()} 起 {span} 天内的卫生健康宣传日（共 {len(coming)} 个）：")
    for o in coming:
        span = f"至{o.end.month}月{o.end.day}日" if o.day.days > 1 else ""
        print(f"  {o.start.isoformat()}（星期{WEEKDAYS[o.start.weekday()]}）{span}  {o.day.name}　{o.day.rule_text}；来源：{o.day.source}")
    return 0


def new_command(args: argparse.Namespace) -> int:
    try:
        project, content = load_project(args.config_file, run_date(args))
        now = project.settings.today
        docs = project.settings.docs_dir
        if args.kind == "article":
            path, text = new_article(project, content, args, now)
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
        report_error(e, args)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"已创建 {path}")
    print("下一步：编辑这个文件，然后运行 healthboard build 检查并预览。")
    return 0


def new_article(project: Project, content: Content, args: argparse.Namespace, now: dt.date) -> tuple[Path, str]:
    topics = [t.name for t in project.settings.topics]
    if args.id and not args.title and not ID_RE.match(args.id) and re.search(r"[\u4e00-\u9fff]", args.id):
        args.title, args.id = args.id, None  # `new article 冬季防一氧化碳中毒`: a title, not an id
    if args.title and not args.id:
        args.id = article_id(args.title, content.articles)
        args.topic = args.topic or guess_topic(args.title, topics)
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


def led_command(args: argparse.Namespace) -> int:
    try:
        project, content = load_project(args.config_file)
        shown = project.settings.slogans_shown
        slogans = load_slogans(project.settings.slogans_file, shown, content)
        number = args.edition if args.edition is not None else (content.latest_edition.number if content.latest_edition else None)
        if args.edition is not None and content.edition(args.edition) is None:
            raise HealthboardError(Problem("E_UNKNOWN_EDITION", f"没有第{args.edition}期", field="--edition", value=args.edition))
    except (HealthboardError, ConfigurationError, Abort) as e:
        report_error(e, args)
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


def import_command(args: argparse.Namespace) -> int:
    """Word manuscripts in as draft articles: every file read first, then all written, or none."""
    try:
        project, content = load_project(args.config_file, run_date(args))
        s = project.settings
        taken = set(content.articles)
        imported: list[tuple[Path, Imported]] = []
        for name in args.files:
            path = project.new_article_path("{id}")
            done = import_docx(Path(name), taken=taken, topics=[t.name for t in s.topics], today=s.today, images_dir="images",
                               article_path=path.relative_to(s.docs_dir).as_posix())
            taken.add(done.article_id)
            imported.append((Path(name), done))
        files = {project.new_article_path(d.article_id): d.text.encode("utf-8") for _, d in imported}
        files |= {s.docs_dir / where: data for _, d in imported for where, data in d.pictures.items()}
        if existing := [f for f in files if f.exists()]:
            raise HealthboardError([Problem("E_EXISTS", "文件已存在，没有覆盖", str(f)) for f in existing])
        atomic_write_all(files)
    except (HealthboardError, ConfigurationError, Abort) as e:
        report_error(e, args)
        return 1
    for source, d in imported:
        target = project.new_article_path(d.article_id).relative_to(s.project_dir)
        print(f"已导入 {source.name} → {target}（id：{d.article_id}，标题：{d.title}，图片 {len(d.pictures)} 张）")
        print(f"  请核对（按内容猜的）：{'、'.join(d.guessed)}" + (f"；还需填写：{'、'.join(d.missing)}" if d.missing else ""))
        for message in d.lost:
            print(f"  注意：Word 中有内容未能带过来：{message}")
    print("下一步：打开这些文件核对，然后运行 healthboard build 预览。审核通过后把 status 改为 approved。")
    return 0


def wechat_command(args: argparse.Namespace) -> int:
    """Articles as HTML files for the WeChat official account's editor (inline styles only)."""
    try:
        project, content = load_project(args.config_file, run_date(args))
        s = project.settings
        published = {a.id: a for a in content.articles.values() if not a.is_draft}
        if args.all_new:
            since = content.latest_edition.date if content.latest_edition else None
            chosen = [a for a in published.values() if since is None or a.date > since]
        else:
            if not args.ids:
                raise HealthboardError(Problem("E_USAGE", "请写出文章 id，或用 --all-new 导出上一期以来的新文章", field="id"))
            unknown = [i for i in args.ids if i not in published]
            if unknown:
                raise HealthboardError([Problem("E_UNKNOWN_ARTICLE", "没有这篇已审核的文章" + ("（它还是草稿）" if i in content.articles else ""), field="id", value=i,
                                                hint="写文章 front matter 中的 id；草稿审核通过后才能发到公众号") for i in unknown])
            chosen = [published[i] for i in args.ids]
        out = Path(args.out)
        exports = {a.id: wechat_html(a, s.docs_dir, s.site_url, s.print.theme.color) for a in chosen}
        atomic_write_all({out / f"{i}.html": e.html.encode("utf-8") for i, e in exports.items()})
    except (HealthboardError, ConfigurationError, Abort) as e:
        report_error(e, args)
        return 1
    if not exports:
        since_text = f"{content.latest_edition.label}（{content.latest_edition.date.isoformat()}）" if content.latest_edition else ""
        print(f"{since_text}以来没有新的已审核文章。")
        return 0
    for exported, e in exports.items():
        print(f"已写入 {out / (exported + '.html')}（图片 {len(e.embedded)} 张已嵌入）")
        for picture in e.to_upload:
            print(f"  图片 {picture} 太大或是 SVG，没有嵌入：请在公众号编辑器中上传（文中已标出位置）")
    print("用法：用浏览器打开文件，全选（Ctrl+A）、复制，粘贴到公众号编辑器；格式和图片会一起带过去，文末是文章的短链接。")
    return 0
