"""The commands for the site once it is online: `scans` (which codes residents scanned, from the web
server's logs) and `nginx` (the server's configuration, from the built site)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import Abort, ConfigurationError

from .accesslog import ReadStats, log_files, read_requests
from .cache import atomic_write_all
from .commands import load_project, report_error, run_date
from .content.model import Content
from .errors import HealthboardError, Problem
from .ledger import ledger_xlsx
from .links import SHORT_PREFIX, read_manifest
from .nginx import ServerConfig, inline_script_hashes, old_addresses, short_links
from .project import Project
from .scanreport import scans_csv, summary_json, terminal_text, xlsx_sheets
from .scans import CodeIndex, ScanSummary, count_scans, summarize


def site_paths(project: Project) -> list[str]:
    """The URL paths the site answers under: its own, its 繁體 copy's, and old addresses' (forwarded here)."""
    s = project.settings
    paths = [urlsplit(s.site_url).path]
    if s.variant:
        paths.append(paths[0] + s.variant.path)
    paths += [urlsplit(old).path for old in s.previous_site_urls]
    return paths


def page_path(src_uri: str) -> str:
    """An article's page inside the site, as MkDocs writes it with directory URLs: "articles/x.md" -> "articles/x/"."""
    base = src_uri.removesuffix(".md")
    return base.removesuffix("index") if base == "index" or base.endswith("/index") else base + "/"


def read_scans(project: Project, content: Content, logs: list[Path]) -> tuple[ScanSummary, ReadStats]:
    s = project.settings
    files = log_files(logs)
    if not files:
        raise HealthboardError(Problem("E_LOG_EMPTY", "文件夹里没有日志文件", " ".join(map(str, logs)),
                                       hint="把网站服务器的访问日志（如 access.log、access.log.2.gz）复制到这个文件夹"))
    printed = [p.url for p in read_manifest(s.manifest)]
    pages = {a.id: page_path(a.src_uri) for a in content.articles.values()}
    pages |= {old: pages[new] for old, new in s.redirects.items() if new in pages}
    index = CodeIndex(site_paths(project), pages, printed)
    stats = ReadStats()
    tally = count_scans(read_requests(files, stats), index)
    named = "、".join(str(f) for f in files[:3]) + ("等" if len(files) > 3 else "")
    if tally.requests == 0:
        examples = "；".join(f"{b.file} 第 {b.line} 行：{b.text[:80]}" for b in stats.examples)
        raise HealthboardError(Problem("E_LOG_EMPTY" if stats.bad == 0 else "E_LOG_FORMAT",
                                       "日志是空的" if stats.bad == 0 else f"没有一行是能识别的访问日志（{stats.bad:,} 行都无法识别；例：{examples}）", named,
                                       hint="使用网站服务器的访问日志（nginx/Apache 的 combined 格式，或 healthboard nginx 配置的 JSON 格式），不是错误日志"))
    if tally.site_requests == 0:
        raise HealthboardError(Problem("E_LOG_OTHER_SITE", f"日志中的 {tally.requests:,} 个请求没有一个是本站的（本站地址 {s.site_url}）", named,
                                       hint="是不是别的网站的日志？请复制本站服务器的访问日志；网站地址改过的，把旧地址写进 healthboard.previous_site_urls"))
    return summarize(tally, stats, content, dict(s.redirects), s.today), stats


def scans_command(args: argparse.Namespace) -> int:
    try:
        project, content = load_project(args.config_file, run_date(args))
        summary, stats = read_scans(project, content, [Path(p) for p in args.logs])
        titles = {a.id: a.title for a in content.articles.values()}
        s = project.settings
        out = Path(args.out or f"扫码统计-{s.today.isoformat()}.csv")
        files = {out: scans_csv(summary, titles)}
        if args.xlsx:
            files[Path(args.xlsx)] = ledger_xlsx(content, s.today, s.cadence_days, s.ledger_title, xlsx_sheets(summary, titles))
        if args.site:
            files[s.layout.scans_file] = summary_json(summary)
        atomic_write_all(files)  # all or nothing: a failed run leaves yesterday's statistics
    except (HealthboardError, ConfigurationError, Abort) as e:
        report_error(e, args)
        return 1
    sys.stdout.write(terminal_text(summary))
    if stats.bad:
        print(f"注意：{stats.bad:,} 行无法识别，没有计入：", file=sys.stderr)
        for b in stats.examples:
            print(f"  {b.file} 第 {b.line} 行：{b.text[:120]}", file=sys.stderr)
    if not read_manifest(s.manifest):
        print(f"注意：{s.manifest_name} 是空的（还没有印过宣传栏），宣传栏二维码无法归到宣传栏和期数。", file=sys.stderr)
    written = [str(out)] + ([args.xlsx] if args.xlsx else []) + ([f"{s.docs_dir.name}/{s.data_dir}/{s.layout.scans_file.name}（下次构建的台账页会显示）"] if args.site else [])
    print("已写入：" + "、".join(written))
    return 0


def nginx_command(args: argparse.Namespace) -> int:
    try:
        project, _ = load_project(args.config_file, run_date(args))
        s = project.settings
        site_dir = Path(args.site_dir) if args.site_dir else s.site_dir or s.project_dir / "site"
        if not (site_dir / "index.html").is_file():
            raise HealthboardError(Problem("E_SITE_NOT_BUILT", "网站还没有构建（找不到 index.html）", str(site_dir),
                                           hint="先运行 healthboard build，再生成 nginx 配置"))
        path = urlsplit(s.site_url).path
        config = ServerConfig(
            site_url=s.site_url, root=args.root or str(site_dir.resolve()),
            short_links=short_links(site_dir, path, [s.variant.path] if s.variant else []),
            script_hashes=inline_script_hashes(site_dir), old_addresses=old_addresses(s.site_url, list(s.previous_site_urls)),
            listen=args.listen, access_log=args.access_log,
        )
        if not config.short_links:
            raise HealthboardError(Problem("E_SITE_NOT_BUILT", f"网站中没有短链接页面（{SHORT_PREFIX}/…/index.html）", str(site_dir),
                                           hint="用 healthboard build 重新构建网站，再生成 nginx 配置"))
        out = Path(args.out)
        atomic_write_all({out: config.render().encode("utf-8")})
    except (HealthboardError, ConfigurationError, Abort) as e:
        report_error(e, args)
        return 1
    articles = sum(1 for k in config.short_links if k.endswith("/"))
    print(f"nginx 配置已写入 {out}：{articles} 个短链接由服务器直接跳转，{len(config.script_hashes)} 个内联脚本写入内容安全策略，"
          f"{len(config.old_addresses)} 个旧地址转到新地址；访问日志 {config.access_log}（healthboard scans 可直接读取）")
    print(f"下一步：复制到 /etc/nginx/conf.d/，运行 nginx -t 检查，再 nginx -s reload。网站文件应在服务器的 {config.root}")
    return 0
