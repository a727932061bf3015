"""QR codes as inline SVG, sized for how far away people scan them."""
from __future__ import annotations

import re
from functools import lru_cache

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathImage

ERROR_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
QUIET_ZONE = 4  # modules, as the QR standard requires
MIN_SIDE_MM = 20.0


def side_for_distance(distance_m: float) -> float:
    """Printed side in mm: at least a tenth of the scanning distance, never below 2 cm."""
    return max(MIN_SIDE_MM, distance_m * 1000 / 10)


@lru_cache(maxsize=8192)
def _encode(data: str, error: str) -> str:
    # Encoding is pure Python and costs milliseconds: the same URL is drawn many times.
    img = qrcode.make(data, image_factory=SvgPathImage, error_correction=ERROR_LEVELS[error], border=QUIET_ZONE)
    svg = img.to_string(encoding="unicode")
    svg = svg.replace(' id="qr-path"', "")  # several codes share a page: ids must stay unique
    return re.sub(r'^<svg width="[^"]*" height="[^"]*"', "<svg", svg)


def qr_svg(data: str, *, side_mm: float | None = None, error: str = "M", label: str | None = None) -> str:
    """An inline <svg> that encodes `data`, with the quiet zone included in its box."""
    if error not in ERROR_LEVELS:
        raise ValueError(f"error correction must be one of {', '.join(ERROR_LEVELS)}")
    attrs = ' class="hb-qr-code" role="img"'
    attrs += f' aria-label="{_escape(label or "二维码：" + data)}"'
    if side_mm is not None:
        attrs += f' width="{side_mm:g}mm" height="{side_mm:g}mm"'
    return _encode(data, error).replace("<svg", "<svg" + attrs, 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
