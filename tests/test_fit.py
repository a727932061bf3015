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
