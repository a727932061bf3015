"""Research bench: how a second code near it costs WeChat's engine a code, in a whole photo.

Two codes of the same size on a blank page; the phone of tests/phone.py aims at code B from a
distance, `--samples` photos each; code A stands beside it at each offset (dx to the right, dy
above or below). Prints how many photos WeChat's engine read B from, against B alone. Next to
another code its detector either misses B, or places B's box off enough that the crop it decodes
(the box plus a tenth) cuts into a finder pattern (by 9-15 px of a 250 px code in the misses looked
at). This is what limits small boards, whose codes are all in one photo at 1 m.

    .venv/bin/python bench/scan_pairs.py [--side 112] [--distance 1.0] [--samples 12]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import pypdfium2  # noqa: E402
from weasyprint import HTML  # noqa: E402

from healthboard.qr import qr_svg  # noqa: E402
from phone import Code, Readers, aims, photograph  # noqa: E402

A = "https://health.example.gov.cn/qinglan/q/blood-pressure/?b=by-school&e=2"
B = "https://health.example.gov.cn/qinglan/q/wash-hands/?b=by-school&e=2"
AT = (450.0, 450.0)  # B's centre on a 900×900 mm page


def page(codes: list[tuple[str, float, float]], side: float) -> pypdfium2.PdfPage:
    body = "".join(f'<div style="position:absolute;left:{x - side / 2}mm;top:{y - side / 2}mm">{qr_svg(u, side_mm=side)}</div>' for u, x, y in codes)
    style = f"@page {{ size: 900mm 900mm; margin: 0 }} svg {{ width: {side}mm; height: {side}mm; display: block }}"
    return pypdfium2.PdfDocument(HTML(string=f"<style>{style}</style>{body}").write_pdf())[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=float, default=112.0, help="二维码边长（毫米）")
    parser.add_argument("--distance", type=float, default=1.0, help="拍摄距离（米）")
    parser.add_argument("--samples", type=int, default=12, help="每个位置拍几张")
    args = parser.parse_args()
    readers = Readers()

    def read(codes: list[tuple[str, float, float]]) -> int:
        shown = page(codes, args.side)
        target = Code(B, *AT, args.side)
        return sum(B in readers.wechat.detectAndDecode(photograph(shown, aim, args.distance, seed=k))[0]
                   for k, aim in enumerate(aims(target, args.distance, args.samples)))

    print(f"二维码 {args.side:g} 毫米，距离 {args.distance:g} 米，每个位置 {args.samples} 张；微信引擎（整张照片）读出 B 的张数")
    print(f"  B 单独：{read([(B, *AT)])}")
    for dy in (-150, -70, 0, 70, 150):
        cells = [f"右 {dx} 毫米：{read([(A, AT[0] + dx, AT[1] + dy), (B, *AT)]):>2}" if dx >= args.side or abs(dy) >= args.side else f"右 {dx} 毫米：—"
                 for dx in (0, 170, 200, 250)]  # — : the two codes would overlap
        print(f"  A {'高' if dy < 0 else '低'} {abs(dy):>3} 毫米，" + "　".join(cells))


if __name__ == "__main__":
    main()
