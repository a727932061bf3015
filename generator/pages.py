"""Generated Markdown pages (topics, edition archive, updates list, home sections) from the model."""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from itertools import groupby
from typing import Callable
from urllib.parse import quote

from .calendar import Occurrence
from .content.model import Content, Edition
from .ledger import BoardStatus
from .links import page_url, relative_url
from .scanreport import grid_chart, period
from .scans import ScanSummary
from .templating import environment

_env = environment("templates/pages", html=False)


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where the page sits inside docs/, e.g. "topics/index.md"
    markdown: str
    html: dict[str, str] = field(default_factory=dict)  # placeholder in `markdown` → HTML that fill() puts there


def fill(page_html: str, parts: dict[str, str]) -> str:
    """A converted page with its HTML parts in place of their placeholders."""
    for placeholder, part in parts.items():
        page_html = page_html.replace(placeholder, part, 1)
    return page_html


def _render(template: str, src_uri: str, directory_urls: bool = True, **context: object) -> GeneratedPage:
    here = posixpath.dirname(src_uri)
    url = page_url(src_uri, directory_urls)
    here_url = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"

    def link(target_src_uri: str) -> str:
        """For a Markdown link: MkDocs turns it into the page's URL (and checks it)."""
        return posixpath.relpath(target_src_uri, here or ".")

    def href(target_src_uri: str) -> str:
        """For raw HTML, which MkDocs leaves alone: the target's own URL, relative (its #anchor kept)."""
        target, hash_, anchor = target_src_uri.partition("#")
        return quote(relative_url(here_url, page_url(target, directory_urls)), safe="/.-_~") + hash_ + anchor

    parts: dict[str, str] = {}

    def html(caller: Callable[[], str]) -> str:
        """`{% call html() %}…{% endcall %}`: HTML put into the page after Markdown conversion and the
        sanitiser (every value in it escaped by the template). Python-Markdown would parse raw HTML tag
        by tag, and a city's ledger has tens of thousands of table cells."""
        token = f"hb-html-part-{len(parts)}"
        parts[f"<p>{token}</p>"] = caller()  # what Markdown makes of the token on a line of its own
        return f"\n{token}\n\n"

    return GeneratedPage(src_uri, _env.get_template(template).render(link=link, href=href, html=html, **context), parts)


def site_pages(content: Content, updates_dir: str, with_updates: bool = True) -> list[GeneratedPage]:
    """Topic pages always; the edition archive where there are boards; the updates list where asked for
    (a host site that only wants articles with short links gets no empty archives)."""
    pages = [_render("topics.md.j2", "topics/index.md", content=content)]
    pages += [_render("topic.md.j2", f"topics/{t.id}.md", topic=t, articles=content.articles_of(t)) for t in content.topics]
    if content.boards:
        pages.append(_render("editions.md.j2", "editions/index.md", content=content))
        pages += [_render("edition.md.j2", f"editions/{e.number}.md", edition=e, content=content) for e in content.editions]
    if with_updates:
        pages.append(_render("updates.md.j2", f"{updates_dir}/index.md", content=content))
    return pages


_H1 = re.compile(r"^# .*$", re.M)


def home_page(markdown: str, content: Content, home_src_uri: str, updates_dir: str, health_days: list[Occurrence], count: int = 3) -> str:
    """The current edition right under the page's title (the first thing on a phone's first screen),
    then the page's own text, then the latest updates and the coming health days."""
    def part(name: str) -> str:
        return _render("home.md.j2", home_src_uri, part=name, content=content, edition=content.latest_edition, updates=content.updates[:count],
                       updates_index=f"{updates_dir}/index.md", health_days=health_days[:count]).markdown

    title = _H1.search(markdown)
    at = title.end() if title else 0
    return markdown[:at] + "\n\n" + part("top") + "\n" + markdown[at:] + "\n" + part("bottom")


def calendar_page(occurrences: list[Occurrence], as_of: dt.date) -> GeneratedPage:
    return _render("calendar.md.j2", "calendar.md", occurrences=occurrences, as_of=as_of)


def ledger_pages(content: Content, statuses: list[BoardStatus], as_of: dt.date, cadence_days: int, scans: bool = False,
                 directory_urls: bool = True) -> list[GeneratedPage]:
    """The inspectors' ledger: overview by grid, a page per grid (a section per board), a page per edition."""
    def cell(status: BoardStatus, edition: Edition) -> str:
        if not edition.is_for(status.board.id):
            return "—"
        posting = next((p for p in status.postings if p.edition == edition.number), None)
        if posting:
            return f"{posting.date.month}月{posting.date.day}日" + ("（有照片）" if posting.photo else "")
        return "未到期" if edition.date > as_of else "<strong>未张贴</strong>"  # in raw HTML

    grids = [(g, list(items), f"ledger/grids/{n}.md") for n, (g, items) in enumerate(groupby(statuses, key=lambda s: s.board.grid), 1)]
    section = {s.board.id: f"{src_uri}#{s.board.id}" for _, items, src_uri in grids for s in items}  # a board's place in its grid's page
    pages = [_render("ledger.md.j2", "ledger/index.md", directory_urls, content=content, statuses=statuses, grids=grids, section=section,
                     as_of=as_of, cadence=cadence_days, cell=cell, scans=scans)]
    # A page per grid with a section per board: a city has thousands of boards, and each MkDocs page
    # costs its theme (nav, header) on every build.
    for grid, items, src_uri in grids:
        pages.append(_render("ledger-grid.md.j2", src_uri, directory_urls, grid=grid, items=items,
                             editions_of=lambda s: [e for e in content.editions if e.is_for(s.board.id)],
                             postings_of=lambda s: {p.edition: p for p in s.postings}))
    for e in content.editions:
        count = sum(1 for p in content.postings if p.edition == e.number and p.date <= as_of)
        pages.append(_render("ledger-edition.md.j2", f"ledger/editions/{e.number}.md", edition=e, content=content, posted=count))
    return pages


def scans_page(summary: ScanSummary, color: str) -> tuple[GeneratedPage, dict[str, str]]:
    """The ledger's scan statistics page and its charts (SVG files by site path), one chart per grid."""
    grids, charts = [], {}
    for n, (grid, total) in enumerate(summary.grid_totals().items(), 1):
        boards = summary.board_totals(grid)
        charts[f"ledger/scans/grid-{n}.svg"] = grid_chart(grid, boards, color)
        grids.append((grid, total, f"grid-{n}.svg", boards))
    return _render("ledger-scans.md.j2", "ledger/scans/index.md", summary=summary, period=period(summary), grids=grids), charts
