"""Physical board sizes: named paper sizes (A0–A4, portrait or landscape) or W×H in mm."""
from __future__ import annotations

import re
from dataclasses import dataclass

ISO_A = {"A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420), "A4": (210, 297)}
_LANDSCAPE = {"landscape", "横", "横版", "横向"}
_PORTRAIT = {"portrait", "竖", "竖版", "纵向", ""}
_NAMED = re.compile(r"^(A[0-4])\s*[-_ ]?\s*(\S*)$", re.IGNORECASE)
_WXH = re.compile(r"^(\d+(?:\.\d+)?)\s*[x×*X]\s*(\d+(?:\.\d+)?)\s*(mm|毫米)?$")

SIZE_HINT = "写成 A0–A4（可加 landscape/横版），或 宽×高 毫米，如 2400×1200"


@dataclass(frozen=True)
class BoardSize:
    width_mm: float
    height_mm: float
    label: str  # normalised, e.g. "A3 横版" or "2400×1200 mm"

    @property
    def area_m2(self) -> float:
        return self.width_mm * self.height_mm / 1e6


def parse_size(text: object) -> BoardSize | None:
    """The size written in the board registry, or None if it cannot be read."""
    s = str(text).strip()
    if m := _NAMED.match(s):
        name, orient = m.group(1).upper(), m.group(2).lower()
        w, h = ISO_A[name]
        if orient in _LANDSCAPE:
            return BoardSize(h, w, f"{name} 横版")
        if orient in _PORTRAIT:
            return BoardSize(w, h, name)
        return None
    if m := _WXH.match(s):
        w, h = float(m.group(1)), float(m.group(2))
        if w <= 0 or h <= 0:
            return None
        return BoardSize(w, h, f"{m.group(1)}×{m.group(2)} mm")
    return None
