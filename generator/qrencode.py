"""A QR code's modules, encoded by qrcode, its mask chosen as qrcode chooses it but scored with numpy."""
from __future__ import annotations

from functools import lru_cache

import numpy
import qrcode
import qrcode.constants
from qrcode.main import precomputed_qr_blanks

LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def modules(data: str, error: str, border: int) -> tuple[str, ...]:
    """Rows of modules as "0"/"1" ("1" dark), `border` light modules round them."""
    code = _QRCode(error_correction=LEVELS[error], border=border)
    code.add_data(data)
    code.make(fit=True)
    return tuple("".join("1" if dark else "0" for dark in row) for row in code.get_matrix())


class _QRCode(qrcode.QRCode):
    """qrcode's QRCode, choosing its mask as qrcode does (the same penalty, so the same code) but
    scoring the eight masks at once with numpy: qrcode lays out and scores each in pure Python, most
    of the 4.5 ms a code took (a city has 12,000 codes)."""

    def best_mask_pattern(self) -> int:
        self.makeImpl(True, 0)
        first = numpy.array(self.modules, dtype=bool)
        lost = _lost_points(first ^ _flips(self.version))
        return lost.index(min(lost))  # the first of the lowest, as qrcode


@lru_cache(maxsize=None)
def _flips(version: int) -> numpy.ndarray:
    """For each mask, the modules that differ from mask 0 in a code of this version: the data modules
    (what map_data fills, all that the blank and the format information leave empty) where the two
    masks differ. The same for every code of a version."""
    code = _QRCode(version=version)
    code.modules = [row[:] for row in precomputed_qr_blanks[version]]
    code.setup_type_info(True, 0)
    if version >= 7:
        code.setup_type_number(True)
    data = numpy.array([[m is None for m in row] for row in code.modules])
    i, j = numpy.indices(data.shape)
    masks = numpy.stack([(i + j) % 2 == 0, i % 2 == 0, j % 3 == 0, (i + j) % 3 == 0, (i // 2 + j // 3) % 2 == 0,
                         (i * j) % 2 + (i * j) % 3 == 0, ((i * j) % 2 + (i * j) % 3) % 2 == 0, ((i * j) % 3 + (i + j) % 2) % 2 == 0])
    return data & (masks[0] ^ masks)


_FINDER_LIKE = numpy.array([[1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1]], dtype=bool)


def _lost_points(m: numpy.ndarray) -> list[int]:
    """qrcode.util.lost_point of each of a stack of boolean matrices: runs of five or more, 2×2 blocks
    of one colour, finder-like 1:1:3:1:1 patterns beside four light modules, the share of dark modules."""
    count, n = len(m), m.shape[1]
    lost = numpy.zeros(count, dtype=numpy.int64)
    for lines in (m, m.transpose(0, 2, 1)):
        # Runs along each line, every line ended by a value neither colour has.
        seq = numpy.concatenate([lines.astype(numpy.int8), numpy.full((count, n, 1), 2, numpy.int8)], axis=2).ravel()
        starts = numpy.concatenate(([0], numpy.flatnonzero(seq[1:] != seq[:-1]) + 1))
        lengths = numpy.diff(numpy.append(starts, len(seq)))
        long = (seq[starts] != 2) & (lengths >= 5)
        lost += numpy.bincount(starts[long] // (n * (n + 1)), weights=lengths[long] - 2, minlength=count).astype(numpy.int64)
        windows = numpy.lib.stride_tricks.sliding_window_view(lines, 11, axis=2)
        lost += 40 * sum((windows == pattern).all(axis=3).sum(axis=(1, 2)) for pattern in _FINDER_LIKE)
    lost += 3 * ((m[:, :-1, :-1] == m[:, 1:, :-1]) & (m[:, :-1, :-1] == m[:, :-1, 1:]) & (m[:, :-1, :-1] == m[:, 1:, 1:])).sum(axis=(1, 2))
    return [int(points) + int(abs(float(dark) / n ** 2 * 100 - 50) / 5) * 10 for points, dark in zip(lost, m.sum(axis=(1, 2)))]
