"""Benchmark: print-shop PDFs and the site build for a synthetic city (2,000 boards, 40 grids, 6 panels, 4 sizes).

Prints the first run, an unchanged re-run and a naive baseline (every board its own WeasyPrint
document, measured on a sample in the same run) as seconds and ratios, plus peak memory of the
whole process tree. Goals (2-core machine): edition <= 120 s, >= 20x faster per board than naive,
peak <= 1.5 GB, re-run >= 10x faster than the first run; site build (board pages, 12,000 codes)
<= 120 s in a fresh process, its re-run >= 3x faster (codes kept in the cache).

    .venv/bin/python bench/city.py [--boards 2000] [--grids 40] [--sample 8] [--jobs 0] [--no-site]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from weasyprint import HTML

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from healthboard.commands import load_project  # noqa: E402
from healthboard.pdf.shop import PdfOptions, make_pdfs, plan  # noqa: E402
from healthboard.poster.plan import boards_by_size, fit_layout, sample_board  # noqa: E402
from healthboard.poster.pages import board_page, render_board  # noqa: E402

SIZES = ["2400×1200", "2000×1000", "600×800", "A1"]
TOPICS = [("personal-hygiene", "个人卫生"), ("tobacco-control", "控烟"), ("vector-control", "病媒生物防制")]
ARTICLES = [
    ("wash-hands", "饭前便后，认真洗手", "个人卫生", "流动水加肥皂，搓洗不少于20秒，手心手背指缝指尖都要洗到。"),
    ("no-smoking", "室内公共场所，请勿吸烟", "控烟", "二手烟没有安全浓度。室内公共场所、工作场所和公共交通工具内禁止吸烟。"),
    ("clear-water", "翻盆倒罐清积水", "病媒生物防制", "蚊子在积水里产卵，一周就能变成成蚊。每周清理一次家中和楼道积水。"),
    ("quit-early", "戒烟越早越好", "控烟", "烟草依赖是一种慢性病。任何年龄戒烟都有好处，可以拨打12320寻求帮助。"),
    ("cough", "咳嗽打喷嚏，记得遮口鼻", "个人卫生", "用纸巾或手肘遮住口鼻，用过的纸巾扔进垃圾桶，有症状时戴好口罩。"),
    ("rodents", "防鼠防蟑有办法", "病媒生物防制", "食物加盖密封，垃圾日产日清，堵住墙洞管道缝隙。"),
]


def make_city(root: Path, boards: int, grids: int) -> None:
    (root / "docs/articles").mkdir(parents=True)
    (root / "docs/_data/editions").mkdir(parents=True)
    topics = "\n".join(f"        - {{id: {i}, name: {n}}}" for i, n in TOPICS)
    (root / "mkdocs.yml").write_text(f"""site_name: 基准市健康教育
site_url: https://health.example.gov.cn/bench/
theme: {{name: material, language: zh, font: false}}
plugins:
  - healthboard:
      district: 基准市
      unit: 基准市爱国卫生运动委员会办公室
      topics:
{topics}
""", encoding="utf-8")
    (root / "docs/index.md").write_text("# 基准市\n", encoding="utf-8")
    for aid, title, topic, summary in ARTICLES:
        (root / f"docs/articles/{aid}.md").write_text(
            f"---\nid: {aid}\ntitle: {title}\ntopic: {topic}\nsummary: {summary}\nsources: [示例来源]\n"
            f"status: approved\nreviewed_by: 基准市疾控中心\nreviewed_on: 2026-01-01\ndate: 2026-01-02\n---\n\n# {title}\n\n正文。\n",
            encoding="utf-8",
        )
    lines = []
    for n in range(boards):
        g = n % grids
        lines.append(
            f"- {{id: b{n:05d}, name: 第{g + 1}片区第{n // grids + 1}号宣传栏, address: 基准市第{g + 1}片区{n}号, "
            f"grid: 第{g + 1:02d}片区, unit: 第{g + 1}片区社区卫生服务中心, phone: '0000-{n:07d}', size: {SIZES[n % len(SIZES)]}}}"
        )
    (root / "docs/_data/boards.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "docs/_data/editions/001.yml").write_text(
        "number: 1\ndate: 2026-03-01\ntheme: 基准测试\narticles: [" + ", ".join(a[0] for a in ARTICLES) + "]\n", encoding="utf-8")


class PeakMemory:
    """Highest total RSS of this process and its children, sampled every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree(pid: int) -> list[int]:
        pids = [pid]
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            for child in task.read_text().split():
                pids += PeakMemory._tree(int(child))
        return pids

    def _sample(self) -> int:
        total = 0
        for pid in self._tree(os.getpid()):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self._sample())

    def __enter__(self) -> "PeakMemory":
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_edition(root: Path, jobs: int) -> tuple[float, object]:
    project, content = load_project(str(root / "mkdocs.yml"))
    options = PdfOptions(workers=jobs)
    settings = project.settings.print_settings(bleed_mm=options.bleed_mm)
    cache = project.cache()
    started = time.perf_counter()
    work = plan(content, project.settings.producer(), settings, options, project.settings.docs_dir, cache)
    report = make_pdfs(work, root / "pdf", cache, workers=jobs)
    cache.commit()  # as `healthboard pdf` does once the run has succeeded
    return time.perf_counter() - started, report


def naive_per_board(root: Path, sample: int) -> float:
    """Every board its own WeasyPrint document, QR codes encoded as SVG: seconds per board."""
    project, content = load_project(str(root / "mkdocs.yml"))
    settings = project.settings.print_settings(bleed_mm=3.0)
    edition = content.editions[-1]
    producer = project.settings.producer()
    groups = list(boards_by_size(content.boards_of(edition), edition).values())
    boards = [b for g in groups for b in g[: max(1, sample // len(groups))]]
    layouts = {id(g): fit_layout(content, edition, sample_board(g), producer, settings, project.settings.docs_dir, project.cache())[0] for g in groups}
    pages = [board_page(content, edition, b, layouts[id(g)], producer) for g in groups for b in g if b in boards]
    started = time.perf_counter()
    for page in pages:
        HTML(string=render_board(page, producer, settings), base_url=(project.settings.docs_dir / page.uri).as_uri() + "/").write_pdf()
    return (time.perf_counter() - started) / len(pages)


def build_site(root: Path) -> float:
    """`healthboard build` of the city in a fresh process (nothing kept in memory): seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "healthboard.cli", "build", "-f", str(root / "mkdocs.yml")], check=True, capture_output=True,
                   cwd=Path(__file__).resolve().parent.parent)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description="印刷厂 PDF 基准测试（合成城市）")
    parser.add_argument("--boards", type=int, default=2000)
    parser.add_argument("--grids", type=int, default=40)
    parser.add_argument("--sample", type=int, default=8, help="朴素基线抽样的宣传栏数")
    parser.add_argument("--jobs", type=int, default=0, help="并行进程数（默认 CPU 核数）")
    parser.add_argument("--no-site", action="store_true", help="不测网站构建（宣传栏打印页）")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="healthboard-bench-"))
    try:
        make_city(root, args.boards, args.grids)
        print(f"合成城市：{args.boards} 块宣传栏，{args.grids} 个片区，每块 6 个版块，4 种尺寸；CPU {os.cpu_count()} 核")
        with PeakMemory() as memory:
            first, report = run_edition(root, args.jobs)
        rerun, again = run_edition(root, args.jobs)
        naive = naive_per_board(root, args.sample)
        per_board = first / report.boards
        files = sorted((root / "pdf").rglob("*.pdf"))
        size_mb = sum(f.stat().st_size for f in files) / 2**20
        print(f"首次生成：{first:8.1f} s（{report.boards} 块，{per_board * 1000:.1f} ms/块，{len(files)} 个文件，{size_mb:.0f} MB）")
        print(f"再次生成：{rerun:8.1f} s（未变 {again.unchanged} 组，新绘制 {again.rendered} 组）")
        print(f"朴素基线：{naive * 1000:8.1f} ms/块（抽样 {args.sample} 块，每块单独一个 WeasyPrint 文档；全市估计 {naive * report.boards:.0f} s）")
        print(f"峰值内存：{memory.peak / 2**20:8.0f} MB（进程及子进程合计）")
        goals = [
            ("整期用时 ≤ 120 s", first <= 120, f"{first:.1f} s"),
            ("比朴素基线快 ≥ 20×（每块）", naive / per_board >= 20, f"{naive / per_board:.1f}×"),
            ("峰值内存 ≤ 1.5 GB", memory.peak <= 1.5 * 2**30, f"{memory.peak / 2**30:.2f} GB"),
            ("再次生成快 ≥ 10×", first / rerun >= 10, f"{first / rerun:.1f}×"),
        ]
        if not args.no_site:
            # A separate copy: the PDF figures above must not profit from codes the site build encoded.
            make_city(root / "site-city", args.boards, args.grids)
            cold, warm = build_site(root / "site-city"), build_site(root / "site-city")
            print(f"网站首次构建：{cold:6.1f} s（{args.boards} 块宣传栏的打印页，{args.boards * len(ARTICLES)} 个二维码，新进程）")
            print(f"网站再次构建：{warm:6.1f} s（二维码取自缓存；{cold / warm:.1f}×）")
            goals += [
                ("网站首次构建 ≤ 120 s", cold <= 120, f"{cold:.1f} s"),
                ("网站再次构建快 ≥ 3×", cold / warm >= 3, f"{cold / warm:.1f}×"),
            ]
        for name, ok, value in goals:
            print(f"  {'达标' if ok else '未达标'}  {name}：{value}")
        return 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
