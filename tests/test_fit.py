"""Fit measurement on its own: WeasyPrint's box tree, a millimetre-level tolerance."""
from __future__ import annotations

import pytest

from healthboard.poster.fit import measure

PAGE = """<html><head><style>@page {{ size: 200mm 200mm; margin: 0 }} body {{ margin: 0 }}
section {{ height: 50mm; overflow: visible }} div {{ height: {inner}mm }}</style></head>
<body><section data-fit="a1"><div></div></section></body></html>"""


@pytest.mark.parametrize("inner, over", [(49, None), (50, None), (51, 1.0), (52, 2.0), (80, 30.0)])
def test_overflow_is_measured_to_the_millimetre(inner, over):
    result = measure(PAGE.format(inner=inner))
    found = {o.part: o.over_mm for o in result.overflows}
    if over is None:
        assert found == {} and result.pages == 1
    else:
        assert found["a1"] == pytest.approx(over, abs=0.1)


def test_a_page_that_spills_over_is_reported():
    tall = "<html><head><style>@page { size: 100mm 100mm; margin: 0 } body { margin: 0 }</style></head><body>" + "<div style='height: 40mm'></div>" * 4 + "</body></html>"
    result = measure(tall)
    assert result.pages == 2 and [o.part for o in result.overflows] == ["page"]


@pytest.mark.parametrize("pages, cores, workers", [(1, 2, 0), (3, 2, 1), (8, 2, 1), (9, 2, 2), (20, 2, 2), (20, 8, 3)])
def test_measuring_ahead_starts_a_worker_for_every_eight_pages(monkeypatch, tmp_path, pages, cores, workers):
    """A worker's WeasyPrint import costs about two pages and 130 MiB: a second one only pays with
    several pages to share (1,000-article site, 6 layouts: peak memory 436 → 343 MiB, wall unchanged);
    one page is measured where fit asks for it."""
    from healthboard.cache import Cache
    from healthboard.poster import fit

    started: list[int] = []

    class Pool:  # the worker pool, run in this process: what counts is how many workers it was asked for
        def __init__(self, max_workers: int, **_: object) -> None:
            started.append(max_workers)

        def __enter__(self) -> "Pool":
            return self

        def __exit__(self, *_: object) -> None:
            pass

        def map(self, fn, items):  # noqa: ANN001, ANN201
            return [fn(item) for item in items]

    monkeypatch.setattr(fit, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(fit, "_measure_with_preview", lambda page: ([], b"png"))
    monkeypatch.setattr(fit.os, "cpu_count", lambda: cores)
    cache = Cache(tmp_path)
    fit.measure_ahead([(f"<p>{n}</p>", None) for n in range(pages)], cache)
    assert started == ([workers] if workers else [])
    if workers:
        assert all(fit._cached(fit._key(f"<p>{n}</p>", None), cache) == ([], b"png") for n in range(pages))
