"""Does a board page fit? Measured with WeasyPrint's real layout, never by counting characters."""
from __future__ import annotations

import io
import json
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Iterator

from ..cache import Cache, digest, inputs_digest

PX_MM = 25.4 / 96
PAGES_A_WORKER = 8  # pages before measure_ahead starts another worker
TOLERANCE_PX = 0.5


@dataclass(frozen=True)
class Overflow:
    part: str  # an article id, or "masthead" / "footer" / "page"
    over_mm: float


@dataclass
class Measured:
    overflows: list[Overflow]
    pages: int
    pdf: bytes  # for a preview, not for printing


def boxes(page) -> Iterator:  # type: ignore[no-untyped-def]
    """Every box WeasyPrint laid out on a page (its private box tree: the one place that reads it)."""
    def walk(box):  # type: ignore[no-untyped-def]
        yield box
        for child in getattr(box, "children", ()):
            yield from walk(child)
    return walk(page._page_box)


def measure(html: str, base_url: str | None = None) -> Measured:
    """Lay the page out and report every `data-fit` part whose content runs past its box."""
    from weasyprint import HTML  # here, not at import: a run whose layouts are all cached never loads it

    document = HTML(string=html, base_url=base_url).render()
    overflows: dict[str, float] = {}
    for page in document.pages:
        for box in boxes(page):
            element = getattr(box, "element", None)
            part = element.get("data-fit") if element is not None else None
            if not part or not getattr(box, "children", None) or box.element_tag not in ("section", "header", "footer", "article"):
                continue
            bottom = box.content_box_y() + box.height
            content_bottom = max(c.position_y + c.margin_height() for c in box.children)
            over = content_bottom - bottom
            if over > TOLERANCE_PX:
                overflows[part] = max(overflows.get(part, 0.0), round(over * PX_MM, 1))
    if len(document.pages) > 1:
        overflows.setdefault("page", 0.0)
    # Uncompressed: it is only drawn into the preview picture, and compressing took 0.08 s of a board's 0.4.
    return Measured([Overflow(p, mm) for p, mm in overflows.items()], len(document.pages), document.write_pdf(uncompressed_pdf=True))


def _key(html: str, base_url: str | None) -> str:
    return digest("fit-v2", inputs_digest(html, base_url), html, base_url or "")


def _cached(key: str, cache: Cache) -> tuple[list[Overflow], bytes] | None:
    hit, png = cache.get(key, ".json"), cache.get(key, ".png")
    if hit is None or png is None:
        return None
    return [Overflow(p, mm) for p, mm in json.loads(hit)["overflows"]], png


def _store(key: str, overflows: list[Overflow], png: bytes, cache: Cache) -> None:
    cache.put(key, png, ".png")
    cache.put(key, json.dumps({"overflows": [(o.part, o.over_mm) for o in overflows]}).encode(), ".json")


def _measure_with_preview(page: tuple[str, str | None]) -> tuple[list[Overflow], bytes]:
    measured = measure(*page)
    return measured.overflows, preview_png(measured.pdf)


def measure_cached(html: str, base_url: str | None, cache: Cache) -> tuple[list[Overflow], bytes]:
    """Overflows and a preview picture, computed once per distinct page text."""
    key = _key(html, base_url)
    if (hit := _cached(key, cache)) is not None:
        return hit
    overflows, png = _measure_with_preview((html, base_url))
    _store(key, overflows, png, cache)
    return overflows, png


def measure_ahead(pages: list[tuple[str, str | None]], cache: Cache, workers: int = 0) -> None:
    """Measure pages not yet in the cache on several cores at once, so the fit that follows (one layout
    after another) finds them there: the first build of a site with many board sizes waits for
    WeasyPrint once per worker, not once per size. At the build's own priority, above the code
    workers (qr, nice 10): the codes keep ahead of the pages that draw them, while the boards are
    what a first build waits for last (at nice 19 the codes held the first layout back for seconds:
    a 1,000-article first build took 6.3 s instead of 5.7, the example's 9.5 instead of 9.3)."""
    missing = {key: page for page in pages if _cached(key := _key(*page), cache) is None}
    if len(missing) < 2:
        return  # measured as fit asks: one page is not worth a process and its WeasyPrint import
    # A worker costs a WeasyPrint import (~0.6 s, ~130 MiB) before its first page (~0.35 s): a second one
    # pays for itself only with several pages to share.
    workers = min(workers or os.cpu_count() or 1, math.ceil(len(missing) / PAGES_A_WORKER))
    # forkserver, not fork: `mkdocs serve` runs threads, and forking a threaded process can hang.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
        for key, (overflows, png) in zip(missing, pool.map(_measure_with_preview, missing.values())):
            _store(key, overflows, png, cache)


def preview_png(pdf: bytes, width_px: int = 480) -> bytes:
    """A small picture of the first page, for the index pages."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    page = doc[0]
    image = page.render(scale=width_px / page.get_width()).to_pil()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()
