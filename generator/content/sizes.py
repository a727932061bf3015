"""Physical board sizes: named paper sizes (A0–A4, portrait or landscape) or W×H in mm, cm or m."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ISO_A = {"A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420), "A4": (210, 297)}
_LANDSCAPE = {"landscape", "横", "横版", "横向"}
_PORTRAIT = {"portrait", "竖", "竖版", "纵向", ""}
_NAMED = re.compile(r"^(A[0-4])\s*[-_ ]?\s*(\S*)$", re.IGNORECASE)
_NUMBER = r"(\d+(?:\.\d+)?)\s*(mm|毫米|cm|厘米|公分|m|米)?"
_WXH = re.compile(rf"^{_NUMBER}\s*[x×*X]\s*{_NUMBER}$")
_MM = {None: 1, "mm": 1, "毫米": 1, "cm": 10, "厘米": 10, "公分": 10, "m": 1000, "米": 1000}
POSTER_MAX_MM = 420  # longest side of A3
LARGE_MIN_MM = 1000  # boards over 1 m
PLAUSIBLE_MM = (150, 10000)  # shortest and longest side a bulletin board or poster can have

SIZE_HINT = "写成 A0–A4（可加 landscape/横版），或 宽×高，如 2400×1200（毫米）、240×120厘米、2.4×1.2米"


@dataclass(frozen=True)
class BoardSize:
    width_mm: float
    height_mm: float
    label: str  # normalised, e.g. "A3 横版" or "2400×1200 mm"

    @property
    def key(self) -> str:
        """"2400x1200": names a size in file names and caches."""
        return f"{self.width_mm:g}x{self.height_mm:g}"

    @property
    def longest(self) -> float:
        return max(self.width_mm, self.height_mm)

    @property
    def is_poster(self) -> bool:
        """A3 and smaller: read up close (30 cm), printed on office paper."""
        return self.longest <= POSTER_MAX_MM

    @property
    def is_large(self) -> bool:
        """Over 1 m: read from further away, printed at lower resolution."""
        return self.longest > LARGE_MIN_MM

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
    if m := _WXH.match(unicodedata.normalize("NFKC", s).lower()):
        unit = m.group(2) or m.group(4)  # "240×120厘米" gives the unit once, for both
        w, h = (float(m.group(i)) * _MM[m.group(i + 1) or unit] for i in (1, 3))
        if w <= 0 or h <= 0:
            return None
        return BoardSize(w, h, f"{w:g}×{h:g} mm")
    return None


def is_plausible(size: BoardSize) -> bool:
    """False for sizes that are almost surely a unit mistake, e.g. 240×120 meant in centimetres."""
    low, high = PLAUSIBLE_MM
    return min(size.width_mm, size.height_mm) >= low and max(size.width_mm, size.height_mm) <= high
