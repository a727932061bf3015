"""QR codes: drawn compactly, decoded back, encoded once per city and kept across builds."""
from __future__ import annotations

import json

import pytest
import qrcode

from healthboard import qr
from healthboard.cache import Cache
from helpers import decode_svgs

URLS = [f"https://health.example.gov.cn/city/q/wash-hands/?b=b{n:05d}&e=3" for n in range(80)]


@pytest.fixture(autouse=True)
def fresh_codes():
    qr.qr_matrix.cache_clear()
    qr._svg.cache_clear()
    yield
    qr.qr_matrix.cache_clear()
    qr._svg.cache_clear()


def _reference(url: str, error: str = "M") -> list[str]:
    code = qrcode.QRCode(error_correction=getattr(qrcode.constants, f"ERROR_CORRECT_{error}"), border=qr.QUIET_ZONE)
    code.add_data(url)
    code.make(fit=True)
    return ["".join("1" if dark else "0" for dark in row) for row in code.get_matrix()]


@pytest.mark.parametrize("error", ["L", "M", "H"])
def test_svg_decodes_and_is_compact(error):
    svg = qr.qr_svg(URLS[0], side_mm=30, error=error)
    assert decode_svgs([svg]) == [[URLS[0]]]
    assert list(qr.qr_matrix(URLS[0], error)) == _reference(URLS[0], error)
    dark = sum(row.count("1") for row in qr.qr_matrix(URLS[0], error))
    assert svg.count("z") < 0.6 * dark  # runs of modules merged into one shape each, not a square per module


def test_the_mask_is_chosen_as_qrcode_chooses_it():
    """qrencode scores the eight masks of a batch of codes with numpy: every code must be the one qrcode
    itself makes, over lengths from version 1 to 20 (versions 7 and up carry version information), all
    levels, and batches that mix versions (each code back in its place)."""
    import random

    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-/?=&._"
    for error in "LMQH":
        urls = ["https://h.example.gov.cn/" + "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 20, 60, 90, 150, 250, 400])))
                for _ in range(75)]
        for url, packed in zip(urls, qr._encode(urls, error), strict=True):
            assert list(qr._unpack(packed)) == _reference(url, error), (url, error)


def test_warm_up_encodes_on_all_cores_and_later_builds_read_the_cache(tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    done: list[int] = []
    book = qr.CodeBook(cache)
    book.warm_up(URLS, "M", workers=2, progress=done.append)
    assert sum(done) == len(URLS) and cache.hits == 0
    assert [list(book.matrix(u, "M")) for u in URLS[:3]] == [_reference(u) for u in URLS[:3]]
    # A later build (a new book, as in a new process): nothing is encoded again.
    monkeypatch.setattr(qr, "_encode", lambda *a: pytest.fail("encoded again"))
    later = qr.CodeBook(Cache(tmp_path / "cache"))
    later.warm_up(URLS, "M", workers=2)
    assert list(later.matrix(URLS[-1], "M")) == _reference(URLS[-1])
    assert decode_svgs([later.svg(URLS[5], side_mm=30)]) == [[URLS[5]]]
    # A worker gets just the codes of its job.
    part = later.subset(URLS[:2], "M")
    assert list(part.matrix(URLS[1], "M")) == _reference(URLS[1]) and len(part._packed) == 2


def test_drawing_kept_codes_loads_neither_qrcode_nor_numpy(tmp_path):
    """A rebuild reads every code from the cache: the plugin and the drawing of kept codes do without
    the encoder's imports (time and memory on every build)."""
    import subprocess
    import sys

    qr.CodeBook(Cache(tmp_path / "cache")).warm_up(URLS[:3], "M", workers=1)
    script = ("import sys, healthboard.plugin; from healthboard import qr; from healthboard.cache import Cache; from pathlib import Path\n"
              f"book = qr.CodeBook(Cache(Path({str(tmp_path / 'cache')!r}))); book.warm_up({URLS[:3]!r}, 'M')\n"
              f"print(len(book.svg({URLS[2]!r})) > 500, [m for m in ('qrcode', 'numpy') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True []"


def test_a_few_codes_go_to_the_background_workers_while_they_run(tmp_path):
    """The boards' few codes, wanted now while the articles' codes are encoded in the background: the
    same workers encode them, and the build's own process never loads qrcode and numpy."""
    import subprocess
    import sys

    script = ("import sys, json; from healthboard import qr; from healthboard.cache import Cache; from pathlib import Path\n"
              f"urls = {URLS!r}\n"
              f"book = qr.CodeBook(Cache(Path({str(tmp_path / 'cache')!r}))); book.warm_up(urls[5:], 'M', wait=False)\n"
              "done = []; book.warm_up(urls[:5], 'M', progress=done.append)\n"
              "print(json.dumps([sum(done), [list(book.matrix(u)) for u in urls[:5]], [m for m in ('qrcode', 'numpy') if m in sys.modules]])); book.finish()")
    done, matrices, loaded = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    assert done == 5 and loaded == []
    assert matrices == [_reference(u) for u in URLS[:5]]


def test_codes_encoded_in_the_background_are_drawn_right_and_kept(tmp_path):
    """warm_up(wait=False): other processes encode while the build goes on; drawing a code waits for
    that code, finish() collects the rest into the cache and ends the workers."""
    cache = Cache(tmp_path / "cache")
    book = qr.CodeBook(cache)
    book.warm_up(URLS, "M", workers=2, wait=False)
    assert book._pool is not None and len(book._pending) == len(URLS)
    assert decode_svgs([book.svg(URLS[-1], side_mm=30)]) == [[URLS[-1]]]  # the last chunk, waited for alone
    assert list(book.matrix(URLS[3], "M")) == _reference(URLS[3])
    assert len(book._pending) < len(URLS)
    book.finish()
    assert book._pool is None and not book._pending and len(book._packed) == len(URLS)
    assert all(cache.get(qr._key(u, "M"), ".qr") == book._packed[(u, "M")] for u in URLS)
    # A failed run: the workers end, nothing is left waiting.
    failed = qr.CodeBook(Cache(tmp_path / "other"))
    failed.warm_up(URLS, "M", workers=2, wait=False)
    failed.abandon()
    assert failed._pool is None and not failed._pending
    assert list(failed.matrix(URLS[0], "M")) == _reference(URLS[0])  # encoded here, as without warm_up
