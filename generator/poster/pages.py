"""The print pages of an edition: one per board, plus index pages. HTML strings, no MkDocs."""
from __future__ import annotations

import base64
import datetime as dt
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import groupby

from markupsafe import Markup, escape

from .. import links
from ..content.model import Article, Board, Content, Edition, Hotline
from ..fonts import FONT_STACK, printable
from ..qr import CodeBook
from ..templating import environment
from .icons import FALLBACK, icon_for, pictogram_svg
from .layout import BoardLayout, PrintSettings, auto_layout, layout_for

_env = environment("poster/templates", html=True)


def _printed(value: object) -> object:
    """Every value a board prints, without the characters no font has (pasted emoji): WeasyPrint would
    print each as an empty box (plan.unprintable_problems says which were left out)."""
    if isinstance(value, str):
        kept = printable(value)
        return value if kept is value else Markup(kept) if isinstance(value, Markup) else kept
    return value


_env.finalize = _printed  # before any template is compiled: Jinja applies it to every {{ … }}


def _art_uri(svg: str, color: str) -> str:
    """A pictogram as a background picture in the theme colour: it fills whatever room a panel's
    text leaves (CSS background-size: contain), so no card stands half empty and nothing can overflow."""
    coloured = svg.replace("<svg ", f'<svg fill="{color}" ', 1)
    if "xmlns=" not in coloured:  # a picture on its own must name its namespace
        coloured = coloured.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(coloured.encode("utf-8")).decode("ascii")


def _keep_end(text: str, count: int = 2) -> Markup:
    """The text, its last `count` characters kept on one line: a title never ends in a line of one
    character (the example's boards had twelve such, 认真洗 / 手), which a designer would not pass."""
    text = str(text)
    if len(text) <= count:
        return escape(text)
    return Markup('{}<span class="hb-keep">{}</span>').format(text[:-count], text[-count:])


_env.filters["art_uri"] = _art_uri
_env.filters["keep_end"] = _keep_end

PRINT_DIR = "print"
PARTS = {"masthead": "报头", "footer": "页脚", "page": "整个版面"}  # parts of a board that can overflow, in Chinese


@dataclass(frozen=True)
class Producer:
    """Who publishes: shown on every board."""

    district: str
    unit: str
    hotlines: list[Hotline]
    site_url: str
    cadence_days: int


@dataclass
class Panel:
    article: Article
    qr_url: str  # what the code encodes: attributed to board and edition
    short_text: str  # what is printed under it: the official short link, without scheme
    image: str | None  # site-relative path of the article's image
    pictogram: str = ""  # inline SVG of the topic's pictogram, shown where there is no image


@dataclass
class BoardPage:
    edition: Edition
    board: Board
    layout: BoardLayout
    panels: list[Panel]
    posted: dt.date  # the date printed on the board
    cadence_days: int

    @property
    def uri(self) -> str:
        return board_page_uri(self.edition, self.board)

    @property
    def next_due(self) -> dt.date:
        return self.posted + dt.timedelta(days=self.cadence_days)


def board_page_uri(edition: Edition, board: Board) -> str:
    return f"{PRINT_DIR}/{edition.number}/{board.id}/"


def layout_kind(edition: Edition, board: Board) -> str:
    """The board's own layout, else the edition's, else the one its shape and the article count suggest."""
    return board.layout or edition.layout or auto_layout(board.size, board.cap(edition) or len(edition.articles))


def edition_layout(content: Content, edition: Edition, board: Board, settings: PrintSettings, fill: float = 1.0, grid: int = 0, stacked: bool = False,
                   kind: str = "", code_fill: float = 1.0) -> BoardLayout:
    """The board's layout for this edition (`kind` in place of layout_kind(), when given)."""
    articles = content.articles_on(edition, board)
    return replace(layout_for(
        board.size, len(articles), settings, fill=fill, images=any(a.image for a in articles), grid=grid, stacked=stacked,
        longest_title=max(len(a.title) for a in articles), longest_summary=max(len(a.summary) for a in articles), kind=kind or layout_kind(edition, board),
        lead=(len(articles[0].title), len(articles[0].summary), bool(articles[0].image)), code_fill=code_fill,
    ), capped=board.cap(edition))


def _icon_of(content: Content, topic_name: str) -> str:
    topic = next((t for t in content.topics if t.name == topic_name), None)
    return icon_for(topic.id, topic.icon) if topic else FALLBACK


def board_page(content: Content, edition: Edition, board: Board, layout: BoardLayout, producer: Producer) -> BoardPage:
    articles = content.articles_on(edition, board)
    panels = [
        Panel(
            article=a,
            qr_url=links.board_qr_url(producer.site_url, a.id, board.id, edition.number),
            short_text=links.short_url(producer.site_url, a.id).split("://", 1)[1],
            image=a.image_uri,
            pictogram="" if a.image_uri else pictogram_svg(_icon_of(content, a.topic)),
        )
        for a in articles
    ]
    return BoardPage(edition, board, layout, panels, posted=edition.date, cadence_days=producer.cadence_days)


def _to_root(uri: str) -> str:
    return "../" * uri.rstrip("/").count("/") + "../" if uri else ""


def render_board(page: BoardPage, producer: Producer, settings: PrintSettings, base: bool = False, index: str = "", codes: CodeBook | None = None,
                 sketch: bool = False) -> str:
    """The board's page. With `base`, per-board parts (data-slot) are laid out but left blank. `codes`:
    the run's codes, ready drawn (without it each code is encoded here). A `sketch` (what fit measures
    and the preview shows) has every code drawn as the same stand-in: the layout is the same, and
    WeasyPrint draws a few squares instead of a code's hundreds of runs, encoded first."""
    book = codes or CodeBook()
    root = _to_root(page.uri)

    def qr(panel: Panel) -> str:
        if base:  # no need to encode a code nobody will see
            return f'<svg width="{page.layout.qr_mm}mm" height="{page.layout.qr_mm}mm"></svg>'
        if sketch:
            return SKETCHED_CODE.format(side=page.layout.qr_mm)
        return book.svg(panel.qr_url, side_mm=page.layout.qr_mm, error=settings.qr_error, label=f"二维码：{panel.article.title}")

    return _env.get_template("board.html.j2").render(page=page, L=page.layout, producer=producer, root=root, qr=qr, base=base, font_stack=FONT_STACK, index=index, theme=settings.theme)


# A code's three finder squares and a grey field where its data would be, in a code's 29-module box.
SKETCHED_CODE = ('<svg width="{side}mm" height="{side}mm" viewBox="0 0 29 29" xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges">'
                 '<rect width="29" height="29" fill="#fff"/><path d="M12,4h5v8h-5zM4,12h21v5h-21zM12,17h13v8h-13z" fill="#bbb"/>'
                 '<path d="M4,4h7v7h-7zM18,4h7v7h-7zM4,18h7v7h-7z" fill="#000"/>'
                 '<path d="M5,5h5v5h-5zM19,5h5v5h-5zM5,19h5v5h-5z" fill="#fff"/>'
                 '<path d="M6,6h3v3h-3zM20,6h3v3h-3zM6,20h3v3h-3z" fill="#000"/></svg>')


def slot_texts(page: BoardPage, producer: Producer) -> dict[str, str]:
    """The HTML of each text slot for this board, exactly as the full page has it."""
    macros = _env.get_template("slots.html.j2").module
    return {"meta": str(macros.meta(page)), "contact": str(macros.contact(page, producer))}


def render_index(editions: list[tuple[Edition, list[BoardPage]]], producer: Producer, uri: str, previews: dict[tuple[int, str], str], pdfs: dict[int, list[str]] | None = None, variant: str | None = None, index: str = "",
                 held: Mapping[int, list[str]] | None = None) -> str:
    """The overall index (all editions) or one edition's index, every board grouped by grid.

    `index` is appended to folder links ("index.html" where the site has no directory URLs).
    """
    def grids(pages: list[BoardPage]):
        ordered = sorted(pages, key=lambda p: (p.board.grid, p.board.id))
        return [(grid, list(items)) for grid, items in groupby(ordered, key=lambda p: p.board.grid)]

    root = _to_root(uri)
    return _env.get_template("index.html.j2").render(
        editions=editions, producer=producer, root=root, grids=grids,
        preview=lambda p: previews.get((p.edition.number, p.board.id)),
        single=len(editions) == 1, pdfs=pdfs or {}, posix=posixpath, variant=variant, index=index, font_stack=FONT_STACK, held=held or {},
    )


def preview_uri(edition: Edition, layout: BoardLayout, n: int = 1) -> str:
    """The preview of a plan; `n` tells apart plans whose layouts are alike (an automatic layout that
    gave way to the grid, beside boards of that size that ask for the grid)."""
    return f"{PRINT_DIR}/{edition.number}/preview-{layout.key}{f'-{n}' if n > 1 else ''}.png"
