"""Print-shop PDFs for an edition: one file per grid and board size, one per board, cached and parallel."""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterable


from ..cache import Cache, atomic_write, digest
from ..content.model import Board, Content, Edition
from ..content.sizes import ISO_A
from ..errors import HealthboardError, Problem
from ..fonts import check_cjk_font
from ..poster.layout import BoardLayout, PrintSettings
from ..poster.plan import overflow_problems, plan_edition
from ..poster.pages import FONT_STACK, Producer, board_page, render_board, slot_texts
from ..qr import CodeBook
from ..variant import Variant
from .base import BasePage, Slot, render_base_cached
from .overlay import overlay_html, qr_ops

SIDECAR = ".healthboard-pdf.json"


@dataclass(frozen=True)
class PdfOptions:
    bleed_mm: float = 3.0  # 0 for outdoor banners (喷绘): the shop adds its own margin
    marks: bool = True  # crop marks around the trim (with bleed)
    per_board: bool = True  # one file per board as well, for units that print their own
    workers: int = 0  # 0: every core
    tile: str | None = None  # "A3"/"A4": boards larger than the sheet also cut into overlapping sheets
    overlap_mm: float = 10.0


@dataclass(frozen=True)
class CodeSpot:
    url: str
    slot: Slot


@dataclass
class Job:
    """One shop file: an edition's boards of one grid and one size."""

    key: str
    edition: int
    path: str  # relative to the output folder
    board_paths: list[str]
    tile_paths: list[str]  # per board page: its tiled file, or "" when it needs none
    tile: tuple[str, float] | None
    base: BasePage
    texts: list[dict[str, str]]  # per board page
    codes: list[list[CodeSpot]]  # per board page
    qr_error: str
    boards: int
    warnings: list[Problem] = field(default_factory=list)  # e.g. pictures too small for the size
    marks: bool = False  # crop marks in a slug outside the bleed

    @property
    def outputs(self) -> list[str]:
        return ([self.path] if self.path else []) + self.board_paths + [t for t in self.tile_paths if t]


@dataclass
class PdfReport:
    files: list[Path] = field(default_factory=list)
    codes: dict[Path, list[list[CodeSpot]]] = field(default_factory=dict)  # what each page should carry
    boards: int = 0
    rendered: int = 0  # shop files drawn in this run
    from_cache: int = 0  # taken from the cache
    unchanged: int = 0  # already in place from an earlier run


def _select(content: Content, edition: int | None, grid: str | None, board: str | None) -> tuple[Edition, list[Board]]:
    if not content.editions:
        raise HealthboardError(Problem("E_UNKNOWN_EDITION", "还没有任何期次", hint="先在 docs/_data/editions/ 中建立一期"))
    numbers = [e.number for e in content.editions]
    if edition is None:
        chosen = content.editions[-1]
    elif edition in numbers:
        chosen = content.editions[numbers.index(edition)]
    else:
        raise HealthboardError(Problem("E_UNKNOWN_EDITION", f"没有第{edition}期", field="--edition", value=edition, hint="现有期数：" + "、".join(map(str, numbers))))
    boards = content.boards_of(chosen)
    if grid is not None:
        grids = sorted({b.grid for b in content.boards.values()})
        if grid not in grids:
            raise HealthboardError(Problem("E_UNKNOWN_GRID", "没有这个片区", field="--grid", value=grid, hint="现有片区：" + "、".join(grids)))
        boards = [b for b in boards if b.grid == grid]
    if board is not None:
        if board not in content.boards:
            raise HealthboardError(Problem("E_UNKNOWN_BOARD", "宣传栏登记表中没有这块宣传栏", field="--board", value=board))
        if board not in {b.id for b in boards}:
            raise HealthboardError(Problem("E_BOARD_NOT_IN_EDITION", f"这块宣传栏不在{chosen.label}的上栏范围内", field="--board", value=board))
        boards = [content.boards[board]]
    return chosen, boards


def _needs_tiles(board: Board, sheet: str) -> bool:
    w, h = sorted(ISO_A[sheet])
    bw, bh = sorted((board.size.width_mm, board.size.height_mm))
    return bw > w or bh > h


def _names_apart(layouts: list[BoardLayout]) -> list[str]:
    """What tells the files of one size apart when its boards have several plans (a board's own
    `layout:` or `max_articles:`, or an automatic layout that gave way to the grid): the layout, the
    articles when capped, a number when those are alike too; nothing for a size with one plan."""
    names = []
    for i, layout in enumerate(layouts):
        if sum(other.size.key == layout.size.key for other in layouts) < 2:
            names.append("")
            continue
        alike = sum((o.size.key, o.kind, o.capped) == (layout.size.key, layout.kind, layout.capped) for o in layouts[:i])
        names.append(f"_{layout.kind}" + (f"_{layout.capped}篇" if layout.capped else "") + (f"_{alike + 1}" if alike else ""))
    return names


def _size_name(board: Board) -> str:
    return f"{board.size.key}mm"


def plan(content: Content, producer: Producer, settings: PrintSettings, options: PdfOptions, docs_dir: Path, cache: Cache,
         edition: int | None = None, grid: str | None = None, board: str | None = None, variant: Variant | None = None,
         codes: CodeBook | None = None) -> list[Job]:
    """Everything to draw, with a key that changes exactly when a file's content would.

    With `variant` the boards are printed in 繁體: text converted, codes to the 繁體 pages.
    """
    chosen, selected = _select(content, edition, grid, board)
    check_cjk_font()  # before any layout: WeasyPrint without fonts crashes the process
    wanted = {b.id for b in selected}
    folder = f"第{chosen.number}期" + ("（繁體）" if variant else "")
    convert = variant.convert if variant else str
    printed_as = replace(producer, site_url=producer.site_url + variant.path) if variant else producer
    jobs: list[Job] = []
    # The same plan as the web print pages: a partial run (one grid, one board) prints the same pages.
    plans = plan_edition(content, chosen, producer, settings, docs_dir, cache, convert, only=wanted)
    if problems := [p for plan in plans for p in overflow_problems(chosen, plan.boards, plan.layout, plan.overflows, content)]:
        raise HealthboardError(problems)  # before anything is drawn
    for plan, layout_name in zip(plans, _names_apart([p.layout for p in plans])):
        size_boards, layout, warnings = plan.boards, plan.layout, plan.warnings
        sample = board_page(content, chosen, plan.sample, layout, printed_as)
        # WeasyPrint's own marks would sit inside the bleed and be clipped: the assembler draws them in a slug.
        unmarked = replace(settings, marks=False)
        base = render_base_cached(convert(render_board(replace(sample, layout=replace(layout, marks=False)), printed_as, unmarked, base=True)), (docs_dir / sample.uri).as_uri() + "/", cache)
        marks = settings.marks and settings.bleed_mm > 0
        base_key = digest(base.pdf, json.dumps(sorted((k, v.__dict__) for k, v in base.slots.items()), default=str))
        chosen_boards = sorted((b for b in size_boards if b.id in wanted), key=lambda b: (b.grid, b.id))
        for grid_name, grid_boards in groupby(chosen_boards, key=lambda b: b.grid):
            pages = [board_page(content, chosen, b, layout, printed_as) for b in grid_boards]
            texts = [{k: convert(v) for k, v in slot_texts(p, printed_as).items()} for p in pages]
            codes = [[CodeSpot(panel.qr_url, base.slots[f"qr:{i}"]) for i, panel in enumerate(p.panels)] for p in pages]
            key = digest("shop-v1", base_key, settings.qr_error, FONT_STACK, json.dumps(texts, ensure_ascii=False), json.dumps([[c.url for c in page] for page in codes]))
            board_paths = [f"{folder}/单块/{p.board.id}.pdf" for p in pages] if options.per_board or board else []
            tile_paths = [f"{folder}/分块打印/{p.board.id}-{options.tile}.pdf" if options.tile and _needs_tiles(p.board, options.tile) else "" for p in pages]
            tile = (options.tile, options.overlap_mm) if any(tile_paths) else None
            path = "" if board else f"{folder}/{convert(grid_name)}_{_size_name(pages[0].board)}{layout_name}.pdf"
            key = digest(key, repr(tile), "marks-v2" if marks else "")
            jobs.append(Job(key, chosen.number, path, board_paths, tile_paths, tile, base, texts, codes, settings.qr_error, len(pages), warnings, marks))
    return jobs


def draw(job: Job, codes: CodeBook) -> bytes:
    """The shop file: base page drawn once, text overlays from one small document, QR codes as vectors."""
    base = job.base
    from weasyprint import HTML  # the drawing libraries load only when a file is drawn, not for cached runs

    from .assemble import Assembler

    overlay = HTML(string=overlay_html(base.width, base.height, base.slots, job.texts, FONT_STACK)).write_pdf()
    assembler = Assembler(base, marks=job.marks)
    assembler.set_overlays(overlay)
    for i, spots in enumerate(job.codes):
        ops = "\n".join(qr_ops(codes.matrix(s.url, job.qr_error), s.slot.x, s.slot.y, s.slot.width, base.height) for s in spots)
        assembler.add_page(i, ops)
    return assembler.save()


def _run(args: tuple[Job, str, Cache, CodeBook]) -> tuple[str, int]:
    """In a worker: draw (or take from the cache) and write one job's files. Returns (outcome, boards)."""
    job, out_dir, cache, codes = args
    pdf = cache.get(job.key, ".pdf")
    outcome = "cache"
    if pdf is None:
        pdf = draw(job, codes)
        cache.put(job.key, pdf, ".pdf")
        outcome = "rendered"
    out = Path(out_dir)
    if job.path:
        atomic_write(out / job.path, pdf)
    from .assemble import split_pages
    from .tile import tile_pdf

    singles = split_pages(pdf) if job.board_paths or job.tile else []
    for rel, data in zip(job.board_paths, singles):
        atomic_write(out / rel, data)
    if job.tile:
        for rel, data in zip(job.tile_paths, singles):
            if rel:
                atomic_write(out / rel, tile_pdf(data, *job.tile))
    return outcome, job.boards


def make_pdfs(jobs: list[Job], out_dir: Path, cache: Cache, workers: int = 0, progress: Callable[[int], None] | None = None,
              before_publish: Callable[[], None] | None = None, codes: CodeBook | None = None) -> PdfReport:
    """Draw what changed into a folder beside `out_dir`, then move it in: a run that fails or is
    interrupted leaves `out_dir` as it was. `before_publish` runs between the two (the caller records
    the printed URLs there, so a failure to record them publishes nothing)."""
    check_cjk_font()
    sidecar_path = out_dir / SIDECAR
    sidecar: dict[str, str] = json.loads(sidecar_path.read_text(encoding="utf-8")) if sidecar_path.is_file() else {}
    report = PdfReport()
    todo = []
    for job in jobs:
        outputs = job.outputs
        spots_of = dict(zip(outputs, _pages_of(job)))  # tiled sheets split codes: not read back
        for rel in outputs:
            report.files.append(out_dir / rel)
            report.codes[out_dir / rel] = spots_of.get(rel, [])
        report.boards += job.boards
        if all(sidecar.get(rel) == job.key and (out_dir / rel).is_file() for rel in outputs):
            report.unchanged += 1
            if progress:
                progress(job.boards)
        else:
            todo.append(job)
    staging = out_dir.with_name(f"{out_dir.name}.pending-{os.getpid()}-{uuid.uuid4().hex[:6]}")
    results: Iterable[tuple[str, int]]
    workers = workers or os.cpu_count() or 1
    codes = codes or CodeBook(cache)
    try:
        for error in {j.qr_error for j in todo}:  # encoded on all cores, or read from earlier runs; workers inherit them
            codes.warm_up((s.url for j in todo if j.qr_error == error for page in j.codes for s in page), error, workers)
        if workers > 1 and len(todo) > 1:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
            results = pool.map(_run, [(j, str(staging), cache, _codes_of(j, codes)) for j in todo])
        else:
            pool = None
            results = map(_run, [(j, str(staging), cache, codes) for j in todo])
        try:
            for job, (outcome, boards) in zip(todo, results):
                if outcome == "rendered":
                    report.rendered += 1
                else:
                    report.from_cache += 1
                for rel in job.outputs:
                    sidecar[rel] = job.key
                if progress:
                    progress(boards)
        finally:
            if pool:
                pool.shutdown()
        if before_publish:
            before_publish()
        for path in sorted(staging.rglob("*")) if staging.is_dir() else []:
            if path.is_file():
                target = out_dir / path.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
        atomic_write(sidecar_path, json.dumps(sidecar, ensure_ascii=False, indent=0).encode("utf-8"))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _codes_of(job: Job, codes: CodeBook) -> CodeBook:
    return codes.subset((s.url for page in job.codes for s in page), job.qr_error)


def _pages_of(job: Job) -> list[list[list[CodeSpot]]]:
    """For each output file of a job, the codes each of its pages carries."""
    files = [job.codes] if job.path else []
    if job.board_paths:
        files += [[page] for page in job.codes]
    return files
