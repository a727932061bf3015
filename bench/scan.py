"""Benchmark: how far away residents' phones read the printed codes.

Builds the example district, prints every board of an edition to PDF, photographs each code with a
simulated 12 MP phone (tests/phone.py: ~70° lens, 8 % tilt, 1 px blur, JPEG 70) from several
distances (each code `--samples` times: aimed at it, then a little off it) and reads the photos with WeChat's engine (whole photo, and its scanner's 2× zoom) and
zxing-cpp; then WeChat's engine again on the whole photo with the board's other codes painted out
(`wechat-alone`: what the other codes in the frame cost). Prints read rates per board size,
distance and engine, against the goals: ≥ 95 % at
1.0 m for boards (0.5 m for A3 and smaller), ≥ 80 % at 1.5 m for boards over 1 m.

    .venv/bin/python bench/scan.py [--edition 2] [--distances 0.5 1.0 1.5] [--samples 4]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import pypdfium2  # noqa: E402
from weasyprint import HTML  # noqa: E402

from phone import ALONE, ENGINES, Readers, read_rates  # noqa: E402


def goal(width_mm: float, height_mm: float, distance: float) -> float | None:
    longest = max(width_mm, height_mm)
    if longest <= 420:
        return 0.95 if distance <= 0.5 else None
    if distance <= 1.0:
        return 0.95
    return 0.8 if longest > 1000 and distance <= 1.5 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edition", type=int, default=2)
    parser.add_argument("--distances", type=float, nargs="+", default=[0.5, 1.0, 1.5])
    parser.add_argument("--samples", type=int, default=4, help="photos a code and distance: aimed at it, then off it (phone.aims)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("mkdocs.yml", "docs", "overrides"):
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
        (root / "printed-urls.txt").write_text("", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "healthboard.cli", "build"], cwd=root, check=True, capture_output=True)
        readers = Readers()
        by_size: dict[str, dict[float, dict[str, list[int]]]] = {}
        for page in sorted((root / "site/print" / str(args.edition)).glob("*/index.html")):
            pdf = HTML(filename=str(page)).write_pdf()
            first = pypdfium2.PdfDocument(pdf)[0]
            size = f"{first.get_width() / 72 * 25.4:.0f}×{first.get_height() / 72 * 25.4:.0f}"
            for d, engines in read_rates(pdf, args.distances, readers, alone=True, samples=args.samples).items():
                for engine, (read, total) in engines.items():
                    cell = by_size.setdefault(size, {}).setdefault(d, {}).setdefault(engine, [0, 0])
                    cell[0] += read
                    cell[1] += total
            print(f"  {page.parent.name} ({size} mm)", file=sys.stderr, flush=True)
    print(f"第{args.edition}期，各尺寸宣传栏的二维码识别率（模拟 1200 万像素手机照片，每码每距离 {args.samples} 张）")
    columns = ENGINES + (ALONE,)
    print(f"{'尺寸 mm':<12}{'距离 m':>7}  " + "  ".join(f"{e:>15}" for e in columns) + "   目标")
    for size, rows in sorted(by_size.items(), key=lambda kv: -float(kv[0].split("×")[0])):
        w, h = (float(v) for v in size.split("×"))
        for d, engines in sorted(rows.items()):
            target = goal(w, h, d)
            cells = "  ".join(f"{r}/{t} {r / t:>5.0%}".rjust(15) for r, t in (engines[e] for e in columns))
            print(f"{size:<12}{d:>7.1f}  {cells}   {f'≥{target:.0%}' if target else '—'}")


if __name__ == "__main__":
    main()
