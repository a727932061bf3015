"""One plan per edition and board size: the layout every board of that size shares, chosen and
measured once (on the worst-case board), which the web print pages, their previews and the
print-shop PDFs all render from."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..cache import Cache
from ..content.model import Article, Board, Content, Edition
from ..errors import Problem
from ..fonts import unprintable
from .fit import Overflow, measure_ahead, measure_cached
from .images import low_resolution
from .layout import BoardLayout, PrintSettings, column_over_mm, layout_for, qr_side_mm, scan_distance_m, surely_over_mm
from .pages import PARTS, Producer, board_page, edition_layout, layout_kind, render_board


@dataclass(frozen=True)
class SizePlan:
    edition: Edition
    boards: list[Board]  # every board of the size carrying the edition, in registry order
    sample: Board  # the worst case the fit was measured on
    layout: BoardLayout
    overflows: list[Overflow]
    preview: bytes  # PNG of the sample board
    warnings: list[Problem]  # pictures too small for this size


def plan_edition(content: Content, edition: Edition, producer: Producer, settings: PrintSettings, docs_dir: Path, cache: Cache,
                 convert: Callable[[str], str] = str, only: set[str] | None = None, progress: Callable[[], None] | None = None) -> list[SizePlan]:
    """The edition's plans, one per board size (only sizes with a board in `only`, when given)."""
    plans = []
    for boards in boards_by_size(content.boards_of(edition), edition).values():
        if only is not None and not only & {b.id for b in boards}:
            continue
        sample = sample_board(boards)
        layout, overflows, preview = fit_layout(content, edition, sample, producer, settings, docs_dir, cache, convert)
        if progress:
            progress()
        articles = content.articles_on(edition, sample)
        warnings = [w for i, a in enumerate(articles) if (w := low_resolution(a, layout, docs_dir, lead=i == 0))] + unprintable_problems(articles, edition, docs_dir)
        if small := small_code_problem(content, edition, boards, layout, settings, docs_dir):
            warnings.append(small)
        plans.append(SizePlan(edition, boards, sample, layout, overflows, preview, warnings))
    return plans


def boards_by_size(boards: list[Board], edition: Edition) -> dict[tuple[float, float, str, int], list[Board]]:
    """Boards that share a plan: the same size, the same layout and the same articles."""
    groups: dict[tuple[float, float, str, int], list[Board]] = {}
    for board in boards:
        groups.setdefault((board.size.width_mm, board.size.height_mm, layout_kind(edition, board), board.cap(edition)), []).append(board)
    return groups


def sample_boards(content: Content, edition: Edition) -> list[Board]:
    """The boards fit measures for this edition: one per plan."""
    return [sample_board(boards) for boards in boards_by_size(content.boards_of(edition), edition).values()]


def sample_board(boards: list[Board]) -> Board:
    """The worst case of a size for fit: panels are identical across its boards, only the masthead (name)
    and footer (unit, phone) differ, so the longest name and the longest contact line stand for all."""
    named = max(boards, key=lambda b: len(b.name))
    contact = max(boards, key=lambda b: len(b.unit) + len(b.phone))
    return replace(named, unit=contact.unit, phone=contact.phone)


def unprintable_problems(articles: list[Article], edition: Edition, docs_dir: Path) -> list[Problem]:
    """W_UNPRINTABLE for each text a board prints with characters no installed font has (emoji pasted
    from WeChat): pages.render_board leaves them out, as WeasyPrint would print empty boxes."""
    texts = [(f"{docs_dir.name}/{a.src_uri}", a.lines, field, name, getattr(a, field)) for a in articles
             for field, name in (("title", "标题"), ("summary", "摘要"))]
    texts.append((f"{docs_dir.name}/{edition.src_uri}", edition.lines, "theme", "本期主题", edition.theme))
    return [Problem("W_UNPRINTABLE", f"{name}中的 {'、'.join(chars)} 没有字体能印出来（会印成空白方框），宣传栏打印页和 PDF 上已去掉，网站上照常显示",
                    file, lines.get(field), field, hint="表情符号只在网站上显示；宣传栏上每个版块已有栏目图标，需要图时用文章配图（image）")
            for file, lines, field, name, text in texts if (chars := unprintable(text))]


def small_code_problem(content: Content, edition: Edition, boards: list[Board], layout: BoardLayout, settings: PrintSettings,
                       docs_dir: Path) -> Problem | None:
    """W_CODE_SMALL when a plan's codes gave way to the text beside them (more articles than the board
    has room for): WeChat finds fewer of them in a photo of the whole board (bench/scan.py, the example's
    A2 from 1 m: five articles with 11.2 cm codes, 18 of 40 photos read; four with 12.5 cm, 30 of 32).
    Says how many articles keep the codes at their size."""
    full = qr_side_mm(layout.size, settings)
    if layout.qr_mm >= full:
        return None
    count = len(content.articles_on(edition, boards[0]))
    keep = next((n for n in range(count - 1, 1, -1) if layout_for(layout.size, n, settings, fill=0).qr_mm >= full), 1)
    ids = "、".join(b.id for b in boards[:5]) + (f" 等 {len(boards)} 块" if len(boards) > 5 else "")
    return Problem(
        "W_CODE_SMALL", f"第{edition.number}期的 {count} 篇文章排在 {layout.size.label} 的宣传栏（{ids}）上，版块太窄，二维码从 {full:g} 毫米"
        f"缩到 {layout.qr_mm:g} 毫米：居民在 {scan_distance_m(layout.size, settings):g} 米处拍下整块宣传栏时，微信常常认不出",
        file=f"{docs_dir.name}/{edition.src_uri}", line=edition.lines.get("articles"), field="articles",
        hint=f"在 boards.yml 中给这些宣传栏写 max_articles: {keep}（每期只放前 {keep} 篇，二维码保持 {full:g} 毫米）；或这一期少放几篇",
    )


def overflow_problems(edition: Edition, boards: list[Board], layout: BoardLayout, overflows: list[Overflow], content: Content) -> list[Problem]:
    return [_overflow_problem(edition, boards, layout, o.part, o.over_mm, content) for o in overflows]


GRIDS_TRIED = 3  # the best grid and two others, when text does not fit
FILL_STEPS = (1.0, 0.6, 0.3, 0.0)  # shares of the estimated text growth tried, largest first: panels stay as full as they can
# Each share with the codes grown into the room the text leaves, then (where that overflowed) half as much,
# then not: a larger code never costs the text its size.
STEPS = tuple((fill, codes) for fill in FILL_STEPS for codes in (1.0, 0.5, 0.0))


def fit_layout(content: Content, edition: Edition, board: Board, producer: Producer, settings: PrintSettings, docs_dir: Path, cache: Cache,
               convert: Callable[[str], str] = str) -> tuple[BoardLayout, list[Overflow], bytes]:
    """The enlarged layout if it fits, else the minimum sizes; with its overflows and preview picture.

    Fit is measured on the trim alone: bleed and crop marks lie outside it and are applied to the
    returned layout only, so the web print pages and the print-shop PDFs share one measurement."""
    trim = replace(settings, bleed_mm=0.0, marks=False)
    with_bleed = {"bleed_mm": settings.bleed_mm, "marks": settings.marks}
    kinds = [layout_kind(edition, board)]
    if not (board.layout or edition.layout) and kinds[0] != "grid":
        kinds.append("grid")  # a layout chosen automatically gives way to the plain grid rather than fail
    smallest = edition_layout(content, edition, board, trim, fill=False)
    articles = content.articles_on(edition, board)
    gross = [Overflow(a.id, over) for a in articles if (over := surely_over_mm(smallest, a.title + a.summary))]
    if gross:
        kinds = kinds[1:]  # the layout surely overflows: only the grid it would give way to may hold the text
    # The best grid, its text and codes enlarged as estimated, then the codes less, then the text less, down to the smallest
    # size; then with each code under its text;
    # then the other grids; then, for an automatic choice, the same in the plain grid layout. When none holds the text, the
    # best grid's overflow is reported.
    measured: list[tuple[BoardLayout, list[Overflow], bytes]] = []
    tried: set[tuple[str, int, int, bool]] = set()
    for kind, grid, stacked in [(k, g, s) for k in kinds for g in range(GRIDS_TRIED) for s in (False, True)]:
        seen: set[BoardLayout] = set()
        for fill, codes in STEPS:
            layout = edition_layout(content, edition, board, trim, fill=fill, grid=grid, stacked=stacked, kind=kind, code_fill=codes)
            if (kind, layout.columns, layout.rows, stacked) in tried:
                break  # fewer grids than tries
            if layout in seen:
                continue  # a smaller share of the growth that came to the same sizes
            seen.add(layout)
            if any(column_over_mm(layout, a.title + a.summary) for a in articles):
                continue  # surely overflows: not worth a measurement
            overflows, png = measure_cached(*_measurable(content, edition, board, layout, producer, trim, docs_dir, convert), cache)
            if not overflows:
                return replace(layout, **with_bleed), overflows, png
            measured.append((layout, overflows, png))
            if layout.panel_pt == layout.body_pt and not codes:
                break
        tried.add((kind, layout.columns, layout.rows, stacked))
    if gross:
        return replace(smallest, **with_bleed), gross, b""
    best = (smallest.kind, smallest.columns, smallest.rows, False)
    layout, overflows, png = next((m for m in reversed(measured) if (m[0].kind, m[0].columns, m[0].rows, m[0].stacked) == best and m[0].panel_pt == m[0].body_pt),
                                  (smallest, [Overflow(a.id, over) for a in articles if (over := column_over_mm(smallest, a.title + a.summary))], b""))
    return replace(layout, **with_bleed), overflows, png


def _measurable(content: Content, edition: Edition, board: Board, layout: BoardLayout, producer: Producer, trim: PrintSettings,
                docs_dir: Path, convert: Callable[[str], str]) -> tuple[str, str]:
    """The page fit measures for a layout (its codes sketched), and its base URL."""
    page = board_page(content, edition, board, layout, producer)
    return convert(render_board(page, producer, trim, sketch=True)), (docs_dir / page.uri).as_uri() + "/"


def measure_first_layouts(content: Content, editions: list[Edition], producer: Producer, settings: PrintSettings, docs_dir: Path, cache: Cache,
                          convert: Callable[[str], str] = str) -> None:
    """The layout fit tries first for every plan of these editions, measured on all cores ahead of the
    fit (which then reads them from the cache); usually it is the one that holds."""
    trim = replace(settings, bleed_mm=0.0, marks=False)
    pages = []
    for edition in editions:
        for board in sample_boards(content, edition):
            layout = edition_layout(content, edition, board, trim, fill=FILL_STEPS[0])
            if not any(column_over_mm(layout, a.title + a.summary) for a in content.articles_on(edition, board)):
                pages.append(_measurable(content, edition, board, layout, producer, trim, docs_dir, convert))
    measure_ahead(pages, cache)


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
