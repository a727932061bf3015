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


def modules(urls: list[str], error: str, border: int) -> list[tuple[str, ...]]:
    """Each code's rows of modules as "0"/"1" ("1" dark), `border` light modules round them; the mask
    chosen as qrcode chooses it (the same penalty, so the same code), but scored with numpy for all
    eight masks of all the codes of a version at once: qrcode lays out and scores each mask of each
    code in pure Python, most of the 4.5 ms a code took (a city has 12,000 codes), and numpy's cost
    is per call, not per code."""
    codes = []
    for data in urls:
        code = qrcode.QRCode(error_correction=LEVELS[error], border=border)
        code.add_data(data)
        code.best_fit()
        code.makeImpl(True, 0)  # as qrcode scores masks: format and version information left light
        codes.append(code)
    rows: list[tuple[str, ...]] = [()] * len(codes)
    for version in {code.version for code in codes}:
        members = [i for i, code in enumerate(codes) if code.version == version]
        flips = _flips(version)
        masked = numpy.array([codes[i].modules for i in members], dtype=bool)[:, None] ^ flips  # code, mask, row, column
        n = flips.shape[-1]
        best = _lost_points(masked.reshape(-1, n, n)).reshape(len(members), len(flips)).argmin(axis=1)  # the first of the lowest, as qrcode
        for i, chosen, mask in zip(members, masked[numpy.arange(len(members)), best], best):
            code = codes[i]
            code.modules = chosen  # what makeImpl(False, mask) would lay out, but for this:
            code.setup_type_info(False, int(mask))
            if version >= 7:
                code.setup_type_number(False)
            digits = numpy.where(numpy.pad(chosen, border), ord("1"), ord("0")).astype(numpy.uint8)
            rows[i] = tuple(row.tobytes().decode("ascii") for row in digits)
    return rows


@lru_cache(maxsize=None)
def _flips(version: int) -> numpy.ndarray:
    """For each mask, the modules that differ from mask 0 in a code of this version: the data modules
    (what map_data fills, all that the blank and the format information leave empty) where the two
    masks differ. The same for every code of a version."""
    code = qrcode.QRCode(version=version)
    code.modules = [row[:] for row in precomputed_qr_blanks[version]]
    code.setup_type_info(True, 0)
    if version >= 7:
        code.setup_type_number(True)
    data = numpy.array([[m is None for m in row] for row in code.modules])
    i, j = numpy.indices(data.shape)
    masks = numpy.stack([(i + j) % 2 == 0, i % 2 == 0, j % 3 == 0, (i + j) % 3 == 0, (i // 2 + j // 3) % 2 == 0,
                         (i * j) % 2 + (i * j) % 3 == 0, ((i * j) % 2 + (i * j) % 3) % 2 == 0, ((i * j) % 3 + (i + j) % 2) % 2 == 0])
    return data & (masks[0] ^ masks)


_FINDER_LIKE = (0b10111010000, 0b00001011101)  # 1:1:3:1:1 with four light modules after, or before


def _lost_points(m: numpy.ndarray) -> numpy.ndarray:
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
        windows = numpy.zeros((count, n, n - 10), numpy.int16)  # each run of 11 modules as the bits of a number
        for k in range(11):
            windows = (windows << 1) | lines[:, :, k:n - 10 + k]
        lost += 40 * sum((windows == pattern).sum(axis=(1, 2)) for pattern in _FINDER_LIKE)
    lost += 3 * ((m[:, :-1, :-1] == m[:, 1:, :-1]) & (m[:, :-1, :-1] == m[:, :-1, 1:]) & (m[:, :-1, :-1] == m[:, 1:, 1:])).sum(axis=(1, 2))
    return lost + (numpy.abs(m.sum(axis=(1, 2)) / n ** 2 * 100 - 50) / 5).astype(numpy.int64) * 10
