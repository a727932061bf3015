"""Every print file of a build: board pages, previews and indexes, fit-checked. No MkDocs."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .. import links
from ..content.model import Board, Content, Edition
from ..errors import HealthboardError, Problem
from ..cache import Cache
from .fit import Overflow, measure_cached
from .images import low_resolution
from ..qr import warm_up
from .layout import BoardLayout, PrintSettings, surely_over_mm
from .pages import PRINT_DIR, BoardPage, Producer, board_page, edition_layout, preview_uri, render_board, render_index

PARTS = {"masthead": "报头", "footer": "页脚", "page": "整个版面"}


@dataclass
class PrintOutput:
    files: dict[str, str | bytes] = field(default_factory=dict)  # site-relative path -> content
    printed_urls: list[str] = field(default_factory=list)
    pages: list[BoardPage] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # the build goes on; staff should still look


def build_print(content: Content, producer: Producer, settings: PrintSettings, docs_dir: Path, cache: Cache | None = None, pdfs: dict[int, list[str]] | None = None, variant: str | None = None,
                progress: Callable[[], None] | None = None, directory_urls: bool = True, convert: Callable[[str], str] = str,
                code_progress: Callable[[int], None] | None = None) -> PrintOutput:
    """Board pages, previews and indexes; `pdfs` lists each edition's print-shop files (site paths) and
    `variant` the path of the 繁體 copy, both for links in the indexes. `convert` is what the caller
    will do to the pages' text (the 繁體 conversion): fit is measured and previews drawn on that text."""
    cache = cache or Cache(None)
    index = "" if directory_urls else "index.html"  # file:// copies cannot open folders
    out = PrintOutput()
    problems: list[Problem] = []
    per_edition: list[tuple[Edition, list[BoardPage]]] = []
    previews: dict[tuple[int, str], str] = {}
    # Every code ready before any page is drawn (the fit check draws sample boards): from the cache, or
    # encoded on all cores — never one by one while drawing.
    urls = (links.board_qr_url(producer.site_url, a, b.id, e.number) for e in content.editions for b in content.boards_of(e) for a in e.articles)
    warm_up(urls, settings.qr_error, cache, progress=code_progress)
    for edition in content.editions:
        pages: list[BoardPage] = []
        order = {b.id: i for i, b in enumerate(content.boards_of(edition))}
        for boards in boards_by_size(content.boards_of(edition)).values():
            layout, overflows, png = fit_layout(content, edition, sample_board(boards), producer, settings, docs_dir, cache, convert)
            if progress:
                progress()
            problems += overflow_problems(edition, boards, layout, overflows, content)
            out.warnings += image_warnings(content, edition, layout, docs_dir, out.warnings)
            uri = preview_uri(edition, layout)
            out.files[uri] = png
            previews[(edition.number, layout.key)] = uri
            pages += [board_page(content, edition, b, layout, producer) for b in boards]
        pages.sort(key=lambda p: order[p.board.id])
        per_edition.append((edition, pages))
    if problems:  # every edition's overflows at once, before the long part
        raise HealthboardError(problems)
    for edition, pages in per_edition:
        for page in pages:
            out.files[page.uri + "index.html"] = render_board(page, producer, settings, index=index)
            out.printed_urls += [p.qr_url for p in page.panels]
        out.pages += pages
        uri = f"{PRINT_DIR}/{edition.number}/"
        out.files[uri + "index.html"] = render_index([(edition, pages)], producer, uri, previews, pdfs, variant, index)
    out.files[f"{PRINT_DIR}/index.html"] = render_index(list(reversed(per_edition)), producer, f"{PRINT_DIR}/", previews, pdfs, variant, index)
    return out


def image_warnings(content: Content, edition: Edition, layout: BoardLayout, docs_dir: Path, already: list[Problem]) -> list[Problem]:
    """Pictures too small for this board size, each article and size reported once."""
    found = [w for a in content.articles_in(edition) if (w := low_resolution(a, layout, docs_dir))]
    return [w for w in found if all((w.file, w.message) != (o.file, o.message) for o in already)]


def layout_count(content: Content) -> int:
    """How many layouts a build measures: one per edition and board size."""
    return sum(len(boards_by_size(content.boards_of(e))) for e in content.editions)


def boards_by_size(boards: list[Board]) -> dict[tuple[float, float], list[Board]]:
    groups: dict[tuple[float, float], list[Board]] = {}
    for board in boards:
        groups.setdefault((board.size.width_mm, board.size.height_mm), []).append(board)
    return groups


def sample_board(boards: list[Board]) -> Board:
    """The worst case of a size for fit: panels are identical across its boards, only the masthead (name)
    and footer (unit, phone) differ, so the longest name and the longest contact line stand for all."""
    named = max(boards, key=lambda b: len(b.name))
    contact = max(boards, key=lambda b: len(b.unit) + len(b.phone))
    return replace(named, unit=contact.unit, phone=contact.phone)


def overflow_problems(edition: Edition, boards: list[Board], layout: BoardLayout, overflows: list[Overflow], content: Content) -> list[Problem]:
    return [_overflow_problem(edition, boards, layout, o.part, o.over_mm, content) for o in overflows]


def fit_layout(content: Content, edition: Edition, board: Board, producer: Producer, settings: PrintSettings, docs_dir: Path, cache: Cache,
               convert: Callable[[str], str] = str) -> tuple[BoardLayout, list[Overflow], bytes]:
    """The enlarged layout if it fits, else the minimum sizes; with its overflows and preview picture.

    Fit is measured on the trim alone: bleed and crop marks lie outside it and are applied to the
    returned layout only, so the web print pages and the print-shop PDFs share one measurement."""
    trim = replace(settings, bleed_mm=0.0, marks=False)
    with_bleed = {"bleed_mm": settings.bleed_mm, "marks": settings.marks}
    smallest = edition_layout(content, edition, board, trim, fill=False)
    gross = [Overflow(a.id, over) for a in content.articles_in(edition) if (over := surely_over_mm(smallest, a.title + a.summary))]
    if gross:
        return replace(smallest, **with_bleed), gross, b""
    for fill in (True, False):
        layout = edition_layout(content, edition, board, trim, fill=fill)
        page = board_page(content, edition, board, layout, producer)
        overflows, png = measure_cached(convert(render_board(page, producer, trim)), (docs_dir / page.uri).as_uri() + "/", cache)
        if not overflows or layout.panel_pt == layout.body_pt:
            break
    return replace(layout, **with_bleed), overflows, png


def _overflow_problem(edition: Edition, group: list[Board], layout: BoardLayout, part: str, over_mm: float, content: Content) -> Problem:
    boards = "、".join(b.id for b in group)
    article = content.articles.get(part)
    what = f"文章 {part}《{article.title}》" if article else PARTS.get(part, part)
    # Point at what to shorten: the article's summary, or the edition's list when the frame itself overflows.
    file, key, line = (article.src_uri, "summary", article.lines.get("summary")) if article else (edition.src_uri, "articles", edition.lines.get("articles"))
    return Problem(
        "E_PANEL_OVERFLOW",
        f"{edition.label}在 {layout.size.label} 的宣传栏（{boards}）上放不下{what}：超出 {over_mm} 毫米"
        f"（正文 {layout.body_pt} 磅，{layout.columns}×{layout.rows} 个版块）",
        file=f"docs/{file}", line=line, field=key,
        hint="缩短该文章的 summary，或减少本期文章数，或用 boards 把本期限定在更大的宣传栏上；字号不会被自动缩小",
    )
