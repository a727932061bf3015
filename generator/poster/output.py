"""Every print file of a build: board pages, previews and indexes, fit-checked. No MkDocs."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import count
from pathlib import Path
from typing import Callable, Mapping

from ..content.model import Content, Edition
from ..errors import HealthboardError, Problem
from ..cache import Cache, digest, package_versions
from ..qr import CodeBook
from .layout import PrintSettings
from .plan import boards_by_size, measure_first_layouts, overflow_problems, plan_edition
from .pages import PRINT_DIR, BoardPage, Panel, Producer, board_page, preview_uri, render_board, render_index


@dataclass
class PrintOutput:
    files: dict[str, str | bytes | Path] = field(default_factory=dict)  # site-relative path -> content, or the cache file holding it
    printed_urls: list[str] = field(default_factory=list)
    pages: list[BoardPage] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # the build goes on; staff should still look


def build_print(content: Content, producer: Producer, settings: PrintSettings, docs_dir: Path, cache: Cache | None = None, pdfs: dict[int, list[str]] | None = None, variant: str | None = None,
                progress: Callable[[], None] | None = None, directory_urls: bool = True, convert: Callable[[str], str] = str,
                code_progress: Callable[[int], None] | None = None, codes: CodeBook | None = None, held: Mapping[int, list[str]] | None = None) -> PrintOutput:
    """Board pages, previews and indexes; `pdfs` lists each edition's print-shop files (site paths) and
    `variant` the path of the 繁體 copy, both for links in the indexes. `convert` is what the caller
    will do to the pages' text (the 繁體 conversion): fit is measured and previews drawn on that text.
    `held` editions (stale reviews) get no board pages, only the reasons on their index."""
    held = held or {}
    cache = cache or Cache(None)
    index = "" if directory_urls else "index.html"  # file:// copies cannot open folders
    out = PrintOutput()
    problems: list[Problem] = []
    per_edition: list[tuple[Edition, list[BoardPage]]] = []
    previews: dict[tuple[int, str], str] = {}  # (edition, board id) -> its plan's preview
    editions = [e for e in content.editions if e.number not in held]
    codes = codes or CodeBook(cache)
    measure_first_layouts(content, editions, producer, settings, docs_dir, cache, convert)
    for edition in content.editions:
        pages: list[BoardPage] = []
        if edition.number in held:
            per_edition.append((edition, pages))
            continue
        order = {b.id: i for i, b in enumerate(content.boards_of(edition))}
        for plan in plan_edition(content, edition, producer, settings, docs_dir, cache, convert, progress=progress):
            problems += overflow_problems(edition, plan.boards, plan.layout, plan.overflows, content)
            out.warnings += [w for w in plan.warnings if all((w.file, w.message) != (o.file, o.message) for o in out.warnings)]
            uri = next(u for n in count(1) if (u := preview_uri(edition, plan.layout, n)) not in out.files)
            out.files[uri] = plan.preview
            previews.update(((edition.number, b.id), uri) for b in plan.boards)  # by board: the index shows each its plan's
            pages += [board_page(content, edition, b, plan.layout, producer) for b in plan.boards]
        pages.sort(key=lambda p: order[p.board.id])
        per_edition.append((edition, pages))
    if problems:  # every edition's overflows at once, before the long part
        raise HealthboardError(problems)
    every = [p for _, pages in per_edition for p in pages]
    keys = page_keys(every, producer, settings, index)
    drawn = render_boards(every, keys, producer, settings, index, codes, cache, code_progress)

    def listing(uri: str, shown: list[tuple[Edition, list[BoardPage]]]) -> str | Path:
        """An index page, from the cache while none of its boards (nor anything else it lists) changed."""
        key = digest("print-index-v1", _sources(), package_versions("healthboard"), repr(producer), index, uri,
                     *(keys[p.uri] for _, pages in shown for p in pages), repr([e for e, _ in shown]),
                     repr(sorted(previews.items())), repr(sorted((pdfs or {}).items())), repr(variant), repr(sorted(held.items())))
        if (kept := cache.file(key, ".html")) is not None:
            return kept
        text = render_index(shown, producer, uri, previews, pdfs, variant, index, held)
        cache.put(key, text.encode("utf-8"), ".html")
        return text

    for edition, pages in per_edition:
        for page in pages:
            out.files[page.uri + "index.html"] = drawn[page.uri]
            out.printed_urls += [p.qr_url for p in page.panels]
        out.pages += pages
        uri = f"{PRINT_DIR}/{edition.number}/"
        out.files[uri + "index.html"] = listing(uri, [(edition, pages)])
    out.files[f"{PRINT_DIR}/index.html"] = listing(f"{PRINT_DIR}/", list(reversed(per_edition)))
    return out


def page_keys(pages: list[BoardPage], producer: Producer, settings: PrintSettings, index: str) -> dict[str, str]:
    """A key for each board page (by uri) that changes with anything the page shows: its edition, board,
    layout and panels, the producer and print settings, and what draws it (the modules, templates and
    healthboard's version). Parts shared by many boards (an edition may name thousands, an article is on
    all of them) are made into digests once."""
    fixed = digest("board-page-v1", _sources(), package_versions("healthboard"), repr(producer), repr(settings), index)
    shared: dict[object, str] = {}

    def once(key: object, text: Callable[[], str]) -> str:
        if key not in shared:
            shared[key] = digest(text())
        return shared[key]

    def panel(p: Panel) -> str:
        return "|".join((once(("article", p.article.id), lambda: repr(p.article)), p.qr_url, p.short_text, p.image or "",
                         once(("pictogram", p.pictogram), lambda: p.pictogram)))

    return {p.uri: digest(fixed, once(("edition", p.edition.number), lambda: repr(p.edition)), repr(p.board), once(("layout", id(p.layout)), lambda: repr(p.layout)),
                          *map(panel, p.panels), p.posted.isoformat(), str(p.cadence_days)) for p in pages}


def render_boards(pages: list[BoardPage], keys: dict[str, str], producer: Producer, settings: PrintSettings, index: str, codes: CodeBook, cache: Cache,
                  code_progress: Callable[[int], None] | None = None) -> dict[str, str | Path]:
    """Each board's page by its uri: the cache file of an earlier build's where nothing it shows has
    changed (its key, page_keys(), is in the cache: a city's re-run drew 2,000 pages again), else
    drawn now, the codes of all of these read or encoded first."""
    drawn: dict[str, str | Path] = {p.uri: kept for p in pages if (kept := cache.file(keys[p.uri], ".html")) is not None}
    todo = [p for p in pages if p.uri not in drawn]
    codes.warm_up((panel.qr_url for p in todo for panel in p.panels), settings.qr_error, progress=code_progress)
    for page in todo:
        drawn[page.uri] = text = render_board(page, producer, settings, index=index, codes=codes)
        cache.put(keys[page.uri], text.encode("utf-8"), ".html")
    return drawn


@lru_cache(maxsize=1)
def _sources() -> str:
    """What draws a board page besides its inputs: these modules and templates (a changed one is a new page)."""
    here = Path(__file__).parent
    files = [*(here / name for name in ("pages.py", "layout.py", "theme.py", "icons.py")),
             *(here.parent / name for name in ("qr.py", "qrencode.py", "fonts.py", "templating.py")), *sorted((here / "templates").glob("*.j2"))]
    return digest(*(f.read_bytes() for f in files))


def layout_count(content: Content) -> int:
    """How many layouts a build measures: one per edition and board size."""
    return sum(len(boards_by_size(content.boards_of(e), e)) for e in content.editions)
