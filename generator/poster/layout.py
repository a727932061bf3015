"""Sizes on paper: fonts, QR side, margins and the panel grid for one board size. Plain arithmetic."""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, replace
from itertools import product
from typing import Callable

from ..content.sizes import BoardSize
from ..qr import MIN_SIDE_MM, side_for_distance

PT_MM = 25.4 / 72


@dataclass(frozen=True)
class BoardTheme:
    color: str = "#1b5e20"  # masthead band, titles, pictograms
    accent: str = "#66bb6a"  # panel borders
    title: str = "健康教育宣传栏"
    logo: str = ""  # path under docs/, "" for none


@dataclass(frozen=True)
class PrintSettings:
    bleed_mm: float = 0.0  # 3 for print shops; 0 for office printers and outdoor banners
    marks: bool = True  # crop marks, when there is bleed
    font_scale: float = 1.0  # multiplies every font size
    min_body_pt: float | None = None  # fixed body size instead of the one derived from board size
    qr_distance_m: float | None = None  # expected scanning distance; None: by board size
    qr_error: str = "M"
    theme: BoardTheme = BoardTheme()


@dataclass(frozen=True)
class BoardLayout:
    """Everything about a page that depends only on the board's size (boards of one size share it)."""

    size: BoardSize
    body_pt: float  # masthead, footer and the floor for panels
    panel_pt: float  # panel text: at least body_pt, larger when the panels have room
    title_pt: float
    masthead_pt: float
    small_pt: float
    qr_mm: float
    padding_mm: float
    gap_mm: float
    columns: int
    rows: int
    bleed_mm: float
    marks: bool = True
    stacked: bool = False  # each panel's code under its text (narrow panels), not beside it
    kind: str = "grid"  # grid, feature (the first article takes two cells) or strip (one article a row)
    capped: int = 0  # the board carries only this many of the edition's articles (its max_articles), 0: all
    lead_pt: float = 0.0  # the feature panel's text, when its two cells give it room to be larger (0: panel_pt)
    lead_image: float = 0.0  # the feature panel's picture height, mm (0: as the other panels')

    @property
    def key(self) -> str:
        """Names the plan's preview: the size, the layout unless a grid, the articles when capped."""
        return "-".join([self.size.key] + ([self.kind] if self.kind != "grid" else []) + ([f"{self.capped}"] if self.capped else []))

    def spans(self, count: int) -> list[tuple[int, int]]:
        """(columns, rows) each of `count` panels takes: the feature two cells (side by side on a
        portrait board, one above the other on a landscape one), the last panel the cells left over
        (beside it, or under it when the feature stands beside them)."""
        spans = [(1, 1)] * count
        if self.kind == "feature" and count:
            portrait = self.size.height_mm > self.size.width_mm
            spans[0] = (2, 1) if (portrait and self.columns > 1) or self.rows == 1 else (1, 2)
        if count > 1:
            taken = {cell for cell, span in zip(self._place(spans[:-1]), spans) for cell in _covered(cell, span)}
            free = [(c, r) for r in range(self.rows) for c in range(self.columns) if (c, r) not in taken]
            if free:
                width = max(c for c, _ in free) - min(c for c, _ in free) + 1
                height = max(r for _, r in free) - min(r for _, r in free) + 1
                spans[-1] = (width, height) if width * height == len(free) else (len(free), 1)
        return spans

    def cells(self, count: int) -> list[tuple[int, int]]:
        """(column, row) where each of `count` panels starts, as CSS grid auto-placement places them."""
        return self._place(self.spans(count))

    def _place(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        # Row by row, each panel in the first free spot after the one before (the sparse algorithm).
        taken: set[tuple[int, int]] = set()
        cells = []
        col = row = 0
        for width, height in spans:
            width = min(width, self.columns)
            while True:
                if col + width > self.columns:
                    col, row = 0, row + 1
                elif taken & set(_covered((col, row), (width, height))):
                    col += 1
                else:
                    break
            taken.update(_covered((col, row), (width, height)))
            cells.append((col, row))
            col += width
        return cells

    def codes_left(self, count: int) -> list[bool]:
        """Which panels carry their code on the left (or, stacked, at the start). Boards over 1 m keep
        every code on the right: a photo from 1–1.5 m holds only part of such a board, its codes far
        apart, and alternating gained nothing there (27 → 24 of 30 on 2000×1000 from 1.5 m).

        On smaller boards a resident's photo holds the whole board, and WeChat's detector loses a code
        that has another close beside it: two codes facing each other across the gutter between two
        panels (47 mm apart on 600×800 and A1) were the codes it missed most, and painting out the
        facing one alone brought the other from 7 to 19 of 20 photos. So on two columns every code
        stands at the board's outer edge (the left column's on the left, the right column's and a
        panel across both on the right): on the example's 600×800 and A1 boards (第1–2期, 20 whole
        photos a code from 1 m, bench/scan.py) 343 of 400 codes were read with the codes on a
        chessboard, 328 with the rows alternating sides, 367 at the outer edges (377 with the codes
        grown where there was room, CODE_GROWTH). On other grids (not measured since) codes come as
        close to a chessboard as wide panels allow, so that no code stands straight above another in
        the row of panels before (a code stands at the top of its panel, at its first column on the
        left or its last on the right), the first panel's code on the right."""
        if self.size.is_large:
            return [False] * count
        panels = list(zip(self.cells(count), self.spans(count)))
        if self.columns == 2:
            return [col == 0 and width == 1 for (col, _), (width, _) in panels]
        rows: dict[int, list[int]] = {}
        for i, ((_, row), _) in enumerate(panels):
            rows.setdefault(row, []).append(i)

        def slots(row: int, lefts: tuple[bool, ...]) -> set[tuple[int, str]]:
            taken = set()
            for i, left in zip(rows[row], lefts):
                (col, _), (width, _) = panels[i]
                taken.add((col, "left") if left else (col + width - 1, "right"))
            return taken

        def square(i: int) -> int:  # the chessboard's colour where a code on the right would stand
            (col, row), (width, _) = panels[i]
            return (col + width - 1 + row) % 2

        # Row by row, the cheapest choice given the row before: a code above another costs most,
        # then the first panel's code on the left, then each panel off the chessboard.
        best: dict[tuple[bool, ...], tuple[int, list[bool]]] = {(): (0, [])}
        previous = None
        for row in sorted(rows):
            step = {}
            for lefts in product((False, True), repeat=len(rows[row])):
                cost = sum(left != (square(i) != square(0)) for i, left in zip(rows[row], lefts)) + (1000 if lefts[0] and row == min(rows) else 0)
                step[lefts] = min((c + cost + (100 * len(slots(row, lefts) & slots(previous, p)) if previous == row - 1 else 0), chosen + list(lefts))
                                  for p, (c, chosen) in best.items())
            best, previous = step, row
        return min(best.values())[1] if count else []

    @property
    def theme_pt(self) -> float:
        return theme_size(self.body_pt, self.panel_pt)

    @property
    def footer_pt(self) -> float:
        return footer_size(self.body_pt, self.panel_pt)

    @property
    def code_gap_mm(self) -> float:
        return code_gap_mm(self.qr_mm, self.gap_mm)

    @property
    def image_mm(self) -> float:
        return image_height_mm(self.qr_mm, _panel_box(self)[1])

    @property
    def lead_image_mm(self) -> float:
        return self.lead_image or self.image_mm

    def css_properties(self) -> str:
        """The sizes board.html.j2 lays out with, as CSS custom properties: the numbers the fit
        estimate uses are the numbers the page is drawn with, written once here."""
        values = {
            "body": f"{self.body_pt}pt", "panel": f"{self.panel_pt}pt", "lead": f"{self.lead_pt or self.panel_pt}pt", "title": f"{self.title_pt}pt",
            "masthead": f"{self.masthead_pt}pt", "theme": f"{self.theme_pt}pt", "small": f"{self.small_pt}pt", "footer": f"{self.footer_pt}pt",
            "qr": f"{self.qr_mm}mm", "code-gap": f"{self.code_gap_mm}mm", "code-room": f"{round(self.qr_mm + self.code_gap_mm, 2)}mm", "image": f"{self.image_mm}mm", "lead-image": f"{self.lead_image_mm}mm", "padding": f"{self.padding_mm}mm", "gap": f"{self.gap_mm}mm",
            "band-padding": f"{round(self.gap_mm * BAND_PADDING, 1)}mm", "panel-padding": f"{round(self.gap_mm * PANEL_PADDING, 1)}mm",
            "panel-border": f"{PANEL_BORDER_MM}mm", "footer-padding": f"{round(self.gap_mm * FOOTER_PADDING, 1)}mm",
        }
        return " ".join(f"--hb-{name}: {value};" for name, value in values.items())


def body_size_pt(size: BoardSize, settings: PrintSettings) -> float:
    """Body text grows with the board: bigger boards are read from further away."""
    if settings.min_body_pt:
        return settings.min_body_pt * settings.font_scale
    short = min(size.width_mm, size.height_mm)
    return round(max(12.0, short * 0.03) * settings.font_scale, 1)


# Where residents stand to scan, by board size: half a metre from A3 and smaller, a step back (1 m)
# from a board, 1.5 m from boards over 1 m, where people keep their distance to see it whole.
SCAN_DISTANCE_M = {"poster": 0.5, "board": 1.0, "large": 1.5}


def scan_distance_m(size: BoardSize, settings: PrintSettings) -> float:
    return settings.qr_distance_m or SCAN_DISTANCE_M["poster" if size.is_poster else "large" if size.is_large else "board"]


def qr_side_mm(size: BoardSize, settings: PrintSettings) -> float:
    """7 cm on A3 and smaller, 12.5 cm on boards, 18 cm on boards over 1 m (read from further away)."""
    return side_for_distance(scan_distance_m(size, settings))


def grids_for(count: int, width_mm: float, height_mm: float, target_aspect: float = 1.3) -> list[tuple[int, int]]:
    """Columns and rows for `count` panels, best first: panels near a comfortable shape, few empty
    cells. The later ones are what fit tries when the best does not hold the text."""
    scored = []
    for cols in range(1, max(1, count) + 1):
        rows = math.ceil(count / cols)
        aspect = (width_mm / cols) / (height_mm / rows)
        if (rows - 1) * cols >= count or not 0.5 <= aspect <= 4:
            continue  # a whole empty row, or slivers of panels
        scored.append((abs(math.log(aspect / target_aspect)) + 0.35 * (cols * rows - count), cols, rows))
    return [(cols, rows) for _, cols, rows in sorted(scored)] or [(1, count)]


def grid_for(count: int, width_mm: float, height_mm: float) -> tuple[int, int]:
    return grids_for(count, width_mm, height_mm)[0]


def auto_layout(size: BoardSize, count: int) -> str:
    """The layout when neither the edition nor the board names one: a few articles on a portrait
    poster one per row; a grid they would not fill gives its first article two cells; else the grid."""
    if size.height_mm >= 1.15 * size.width_mm and count <= 4:
        return "strip"
    columns, rows = grid_for(count, size.width_mm, size.height_mm)
    return "feature" if columns * rows > count >= 3 else "grid"


def layout_for(size: BoardSize, panels: int, settings: PrintSettings, longest_title: int = 0, longest_summary: int = 0, fill: float = 1.0, images: bool = False,
               grid: int = 0, stacked: bool = False, kind: str = "grid", lead: tuple[int, int, bool] = (0, 0, False),
               code_fill: float = 1.0) -> BoardLayout:
    """The layout for a board size. Panel text grows (up to 2.5×) into the room the panels have, by
    the estimate, then the codes, into the room that text leaves; `fill` takes that share of the
    growth (0: body size), `code_fill` that share again of the codes' growth. `grid`: which of the grids
    (grids_for, best first) to use; `stacked`: codes under the text; `kind`: grid, feature or strip
    (every panel is sized as one cell; the feature's text and picture, `lead` = (title and summary
    characters, has a picture), grow on into its two cells, the text kept under the titles' size)."""
    body = body_size_pt(size, settings)
    short = min(size.width_mm, size.height_mm)
    padding = max(8.0, short * 0.025)  # text stays well over 5 mm inside the trim
    gap = max(4.0, short * 0.015)
    qr = qr_side_mm(size, settings)
    panel_pt = body
    cells = panels + 1 if kind == "feature" and panels > 1 else panels
    candidates = [(1, panels)] if kind == "strip" else grids_for(cells, *_inner(size, body, padding, gap))
    cols, rows = candidates[min(grid, len(candidates) - 1)]
    distance_side = qr
    if not stacked:
        qr = _leaving_text_room(qr, _panel(*_inner(size, body, padding, gap), cols, rows, gap)[0], body, gap)
    if fill:
        def fits(pt: float, code: float) -> bool:
            inner_w, inner_h = _inner(size, body, padding, gap, pt)
            panel_w, panel_h = _panel(inner_w, inner_h, cols, rows, gap)
            room = 0.7 * panel_h - (image_height_mm(code, panel_h) if images else 0) - (code * STACKED_CODE if stacked else 0)
            column = _text_column(panel_w, code, gap, stacked)
            return (_text_height(pt, column, longest_title, longest_summary) < room and column >= MIN_LINE_CHARS * pt * PT_MM
                    and (code <= qr or stacked or code * STACKED_CODE < panel_h))  # a grown code beside the text, with its caption, in its panel

        panel_pt = _grown(panel_pt, body * MAX_GROWTH, lambda pt: fits(pt, qr))
        # Then the codes, into the room their text at that size leaves.
        grown = next((code for code in (round(distance_side * CODE_GROWTH - step, 1) for step in range(0, 30, 2))
                      if qr < code and fits(panel_pt, code)), qr)
        panel_pt = round(min(body * MAX_GROWTH, body + (panel_pt - body) * fill), 1)
        qr = round(qr + (grown - qr) * fill * code_fill, 1)
    layout = BoardLayout(
        size=size, body_pt=body, panel_pt=panel_pt, title_pt=title_size(body, panel_pt), masthead_pt=masthead_size(body, panel_pt),
        small_pt=round(max(9.0, body * 0.72), 1), qr_mm=qr, padding_mm=round(padding, 1),
        gap_mm=round(gap, 1), columns=cols, rows=rows, bleed_mm=settings.bleed_mm, marks=settings.marks, stacked=stacked, kind=kind,
    )
    return _with_lead(layout, *lead, fill=fill) if kind == "feature" and panels > 1 and fill else layout


def _with_lead(layout: BoardLayout, title_chars: int, summary_chars: int, picture: bool, fill: float) -> BoardLayout:
    """The feature panel grown into the room of the two cells it spans (the grid's cells hold the other
    articles' text at one size: a short lead article stood one line in a half-empty panel, the picture
    of a tall one in its top third): its picture up to LEAD_IMAGE_SHARE of it, as far as its text at
    the grid's size leaves room, then its text, as panel text grows, kept under the titles' size. With
    no growth (`fill` 0) it is laid out as the other panels are."""
    width, height = _lead_box(layout)
    column = _text_column(width, layout.qr_mm, layout.gap_mm, layout.stacked)
    room = 0.7 * height - (layout.qr_mm * STACKED_CODE if layout.stacked else 0)
    title_h = _text_height(layout.panel_pt, column, title_chars, 0)
    image = 0.0
    if picture:
        image = round(max(layout.image_mm, min(height * LEAD_IMAGE_SHARE, room - title_h - _text_height(layout.panel_pt, column, 0, summary_chars))), 1)
        room -= image

    def fits(pt: float) -> bool:
        return title_h + _text_height(pt, column, 0, summary_chars) < room and column >= MIN_LINE_CHARS * pt * PT_MM

    top = layout.title_pt / LEAD_UNDER_TITLE
    pt = _grown(layout.panel_pt, top, fits)
    return replace(layout, lead_pt=round(min(top, layout.panel_pt + (pt - layout.panel_pt) * fill), 1), lead_image=image)


def _grown(pt: float, top: float, fits: Callable[[float], bool]) -> float:
    """A text size grown from `pt` in steps of a tenth while it fits, from below `top`."""
    while pt < top and fits(round(pt * 1.1, 1)):
        pt = round(pt * 1.1, 1)
    return pt


def _covered(cell: tuple[int, int], span: tuple[int, int]) -> list[tuple[int, int]]:
    return [(cell[0] + c, cell[1] + r) for c in range(span[0]) for r in range(span[1])]


TITLE_RATIO = 1.45  # panel titles to panel text
LEAD_UNDER_TITLE = 1.15  # the feature's titles to its (larger) text: the title still leads
MASTHEAD_RATIO = 1.8  # the masthead title to panel titles: the board's hierarchy
# Proportions the page is drawn with (board.html.j2 reads them through css_properties()):
BAND_PADDING = 0.6  # masthead band's padding, in gaps
PANEL_PADDING = 0.8  # panel's padding, in gaps
FOOTER_PADDING = 0.5  # above the footer line, in gaps
PANEL_BORDER_MM = 0.6
IMAGE_HEIGHT = 1.4  # a panel's picture box, in code sides, at most…
IMAGE_SHARE = 0.35  # …and at most this share of the panel's height: a big code leaves the text room
LEAD_IMAGE_SHARE = 0.45  # the feature panel's picture, of its height
STACKED_CODE = 1.4  # a code under the text with its caption, in code sides
# White space between a code and the text beside it, in code sides: a 2.4 m board's large text close
# to its codes hid them from WeChat's detector in whole photos from 1.5 m (bench/scan.py: 3–4 of 6
# found with the panel gap of 18 mm, 6 of 6 with 50 mm).
CODE_MARGIN = 0.25
# Text beside a code keeps at least this many characters a line (the code gives way at the body size,
# the text grows only while it keeps them), the code down to MIN_CODE_SHARE of its side: at 1 m WeChat's scanner (2× zoom) and zxing still read every
# code of an A2 poster at 75 mm instead of 120 (bench/scan.py, 20 of 20 photos), though WeChat finds
# fewer in a whole photo of the board (8 of 20 at 120 mm, 4 of 20 at 75).
MIN_LINE_CHARS = 8
MIN_CODE_SHARE = 0.75
# Codes grow past the side for the scanning distance up to this much, into the room their panel's text
# at its size does not need. With 14 cm codes (12.5 grown by this) on the example's 600×800 and A1
# boards, WeChat's detector found 380 of 400 whole-board photos' codes from 1 m against 367 (codes at the
# outer edges, codes_left); grown only where their text keeps its size (A1 第2期 to 14 cm, 600×800 第1期
# to 13 cm, the others not), 377.
CODE_GROWTH = 1.12
FOOTER_RATIO = 0.6  # footer and meta line to panel text
MAX_GROWTH = 2.5  # panel text up to this many times the body size, where panels have room


def _leaving_text_room(qr_mm: float, panel_w_mm: float, body_pt: float, gap_mm: float) -> float:
    """The code's side, made smaller where the text beside it would get fewer than MIN_LINE_CHARS
    characters a line (five 12 cm codes on an A2 poster left four), but never below MIN_CODE_SHARE
    of the side for the scanning distance (nor below the smallest code)."""
    room = panel_w_mm - MIN_LINE_CHARS * body_pt * PT_MM  # for the code and its margin
    fitting = min(room / (1 + CODE_MARGIN), room - gap_mm)  # code_gap_mm is the larger of the two margins
    return round(max(min(qr_mm, fitting), qr_mm * MIN_CODE_SHARE, MIN_SIDE_MM), 1)


def image_height_mm(qr_mm: float, panel_h_mm: float) -> float:
    """The height of a panel's picture box (its width is the text column's)."""
    return round(min(qr_mm * IMAGE_HEIGHT, panel_h_mm * IMAGE_SHARE), 1)


def code_gap_mm(qr_mm: float, gap_mm: float) -> float:
    return round(max(gap_mm, qr_mm * CODE_MARGIN), 1)


def _text_column(panel_w: float, qr_mm: float, gap_mm: float, stacked: bool) -> float:
    """A panel's text column: the whole panel when the code sits under the text, else what the code
    and its margin leave."""
    return panel_w if stacked else panel_w - qr_mm - code_gap_mm(qr_mm, gap_mm)


def title_size(body_pt: float, panel_pt: float) -> float:
    return round(panel_pt * TITLE_RATIO, 1)


def masthead_size(body_pt: float, panel_pt: float) -> float:
    return round(max(body_pt * 2.4, title_size(body_pt, panel_pt) * MASTHEAD_RATIO), 1)


def footer_size(body_pt: float, panel_pt: float) -> float:
    """Who made the board, who answers for it, hotlines, dates, and the board name under the masthead:
    never below the body size, nor below FOOTER_RATIO of the panel text (read from where it is read)."""
    return round(max(body_pt, panel_pt * FOOTER_RATIO), 1)


def theme_size(body_pt: float, panel_pt: float) -> float:
    """The issue and theme lines under the masthead title."""
    return round(max(body_pt * 1.6, panel_pt * 1.2), 1)


def _inner(size: BoardSize, body_pt: float, padding: float, gap: float, panel_pt: float | None = None) -> tuple[float, float]:
    """Width and height left for the panels once the masthead band and footer are placed (the
    masthead grows with the panel text, keeping the hierarchy)."""
    panel_pt = panel_pt or body_pt
    footer_mm = footer_size(body_pt, panel_pt) * PT_MM
    masthead_mm, theme_mm = masthead_size(body_pt, panel_pt) * PT_MM, theme_size(body_pt, panel_pt) * PT_MM
    # band padding, title, issue and theme line, meta line
    masthead_h = 2 * BAND_PADDING * gap + masthead_mm * 1.2 + theme_mm * 1.3 + footer_mm * 1.5 + gap
    footer_h = footer_mm * 3.2 + gap
    return size.width_mm - 2 * padding, size.height_mm - 2 * padding - masthead_h - footer_h - 2 * gap


def _panel(inner_w: float, inner_h: float, cols: int, rows: int, gap: float) -> tuple[float, float]:
    pad = 2 * (PANEL_PADDING * gap + PANEL_BORDER_MM)
    return (inner_w - (cols - 1) * gap) / cols - pad, (inner_h - (rows - 1) * gap) / rows - pad


def surely_over_mm(layout: BoardLayout, text: str) -> float | None:
    """How far a panel's text runs over, when it cannot fit even packed solid at the smallest size;
    None when only a real layout can tell. Such text takes WeasyPrint minutes to lay out: the
    overflow is reported at once instead (a lower bound: Chinese characters one em wide, others half)."""
    width, height = _panel_box(layout)
    needed = _packed_height_mm(text, layout.body_pt, width)
    return round(needed - height, 1) if needed > 1.5 * height else None


def column_over_mm(layout: BoardLayout, text: str) -> float:
    """How far the text surely runs over its column (beside or under the code) even packed solid; 0
    when only a real layout can tell. A layout this says overflows is not worth measuring: an
    overflowing layout takes WeasyPrint minutes."""
    width, height = _panel_box(layout)
    width = _text_column(width, layout.qr_mm, layout.gap_mm, layout.stacked)
    height = height - layout.qr_mm * STACKED_CODE if layout.stacked else height
    needed = _packed_height_mm(text, layout.panel_pt, width)
    return round(needed - height, 1) if needed > 1.1 * max(height, 0.0) else 0.0


def _panel_box(layout: BoardLayout) -> tuple[float, float]:
    """A panel's content box, in mm."""
    inner_w, inner_h = _inner(layout.size, layout.body_pt, layout.padding_mm, layout.gap_mm, layout.panel_pt)
    return _panel(inner_w, inner_h, layout.columns, layout.rows, layout.gap_mm)


def _packed_height_mm(text: str, pt: float, width_mm: float) -> float:
    """The height of `text` packed solid at line height 1.5: a lower bound (Chinese characters one em
    wide, others half)."""
    em = pt * PT_MM
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)
    return ems * em * em * 1.5 / max(width_mm, 1.0)


def image_box_mm(layout: BoardLayout, lead: bool = False) -> tuple[float, float]:
    """The box a panel's picture is fitted into (the feature panel's, with `lead`): the text column's
    width, a fixed height (see board.html.j2)."""
    lead = lead and layout.kind == "feature"
    text_w = _text_column((_lead_box(layout) if lead else _panel_box(layout))[0], layout.qr_mm, layout.gap_mm, layout.stacked)
    return max(text_w, 1.0), layout.lead_image_mm if lead else layout.image_mm


def _lead_box(layout: BoardLayout) -> tuple[float, float]:
    """The feature panel's content box, in mm: the two cells it spans and the gap between them."""
    cell_w, cell_h = _panel_box(layout)
    pad = 2 * (PANEL_PADDING * layout.gap_mm + PANEL_BORDER_MM)
    cols, rows = (min(n, most) for n, most in zip(layout.spans(2)[0], (layout.columns, layout.rows)))
    return cell_w * cols + (cols - 1) * (layout.gap_mm + pad), cell_h * rows + (rows - 1) * (layout.gap_mm + pad)


def _text_height(pt: float, width_mm: float, title_chars: int, summary_chars: int) -> float:
    """A generous estimate (every character a full em) used only to pick a size; fit is measured later."""
    if width_mm <= 0:
        return math.inf
    em = pt * PT_MM
    title_lines = math.ceil(title_chars * em * 1.45 / width_mm)
    summary_lines = math.ceil(summary_chars * em / width_mm)
    return title_lines * em * 1.45 * 1.3 + em * 0.4 + summary_lines * em * 1.5
