"""Benchmark: print-shop PDFs and the site build for a synthetic city (2,000 boards, 40 grids, 6 panels, 4 sizes).

Every figure is a whole process (start and loading included), the naive baseline (every board its
own WeasyPrint document, on a sample, with the same number of worker processes) interleaved with the
planned runs, medians over the rounds, peak memory as the process tree's largest PSS (shared pages
counted once). Goals (2-core machine): edition <= 120 s, >= 20x faster per board than naive, peak
<= 1.5 GB, re-run >= 10x faster than the first run; site build (board pages, 12,000 codes)
<= 120 s, its re-run >= 10x faster.

    .venv/bin/python bench/city.py [--boards 2000] [--grids 40] [--sample 8] [--jobs 0] [--runs 2] [--no-site]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from weasyprint import HTML

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import environment, median, run  # noqa: E402
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from healthboard.commands import load_project  # noqa: E402
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


def naive(root: Path, sample: int, jobs: int) -> None:
    """The naive way, run as its own process (`--naive`): every board its own WeasyPrint document,
    with as many worker processes as the planned run, on a sample of the city's boards."""
    from concurrent.futures import ProcessPoolExecutor

    project, content = load_project(str(root / "mkdocs.yml"))
    settings = project.settings.print_settings(bleed_mm=3.0)
    edition = content.editions[-1]
    producer = project.settings.producer()
    groups = list(boards_by_size(content.boards_of(edition), edition).values())
    boards = [b for g in groups for b in g[: max(1, sample // len(groups))]]
    layouts = {id(g): fit_layout(content, edition, sample_board(g), producer, settings, project.settings.docs_dir, project.cache())[0] for g in groups}
    pages = [(render_board(page, producer, settings), (project.settings.docs_dir / page.uri).as_uri() + "/")
             for g in groups for b in g if b in boards for page in [board_page(content, edition, b, layouts[id(g)], producer)]]
    with ProcessPoolExecutor(max_workers=jobs or os.cpu_count()) as pool:
        for pdf in pool.map(_render, pages):
            assert pdf.startswith(b"%PDF")


def _render(page: tuple[str, str]) -> bytes:
    return HTML(string=page[0], base_url=page[1]).write_pdf()


def fresh(root: Path) -> None:
    """As if nothing had ever been drawn: no cache, no PDFs, no record of printed URLs."""
    for name in (".healthboard-cache", "pdf", "site"):
        shutil.rmtree(root / name, ignore_errors=True)
    (root / "printed-urls.txt").unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="印刷厂 PDF 与网站构建基准测试（合成城市）")
    parser.add_argument("--boards", type=int, default=2000)
    parser.add_argument("--grids", type=int, default=40)
    parser.add_argument("--sample", type=int, default=8, help="朴素基线抽样的宣传栏数")
    parser.add_argument("--jobs", type=int, default=0, help="并行进程数（默认 CPU 核数；两种做法相同）")
    parser.add_argument("--runs", type=int, default=2, help="交替测量的轮数")
    parser.add_argument("--no-site", action="store_true", help="不测网站构建（宣传栏打印页）")
    parser.add_argument("--naive", type=Path, help=argparse.SUPPRESS)  # the naive baseline's own process
    args = parser.parse_args()
    if args.naive:
        naive(args.naive, args.sample, args.jobs)
        return 0
    jobs = args.jobs or os.cpu_count() or 1
    root = Path(tempfile.mkdtemp(prefix="healthboard-bench-"))
    env = environment()
    here = Path(__file__).resolve()
    try:
        make_city(root, args.boards, args.grids)
        print(f"合成城市：{args.boards} 块宣传栏，{args.grids} 个片区，每块 6 个版块，4 种尺寸；{jobs} 个进程；"
              f"每项都在新进程中运行（含启动和加载），{args.runs} 轮交替，取中位数；内存为进程树 PSS 峰值")
        pdf = [sys.executable, "-m", "healthboard.cli", "pdf", "-f", str(root / "mkdocs.yml"), "-o", str(root / "pdf"), "-q", "--jobs", str(jobs)]
        baseline = [sys.executable, str(here), "--naive", str(root), "--sample", str(args.sample), "--jobs", str(jobs)]
        naive_runs, first_runs, rerun_runs = [], [], []
        for _ in range(args.runs):
            fresh(root)
            naive_runs.append(run(baseline, cwd=here.parent.parent, env=env))
            fresh(root)
            first_runs.append(run(pdf, cwd=here.parent.parent, env=env))
            rerun_runs.append(run(pdf, cwd=here.parent.parent, env=env))
        naive_run, first, rerun = median(naive_runs), median(first_runs), median(rerun_runs)
        naive_per_board = naive_run.wall / args.sample
        per_board = first.wall / args.boards
        files = sorted((root / "pdf").rglob("*.pdf"))
        size_mb = sum(f.stat().st_size for f in files) / 2**20
        print(f"首次生成：{first.wall:8.1f} s（CPU {first.cpu:.0f} s，{per_board * 1000:.1f} ms/块，{len(files)} 个文件，{size_mb:.0f} MB，峰值 {first.peak_mib:.0f} MiB）")
        print(f"再次生成：{rerun.wall:8.1f} s（内容未变，取自缓存；峰值 {rerun.peak_mib:.0f} MiB）")
        print(f"朴素基线：{naive_per_board * 1000:8.1f} ms/块（抽样 {args.sample} 块，每块单独一个 WeasyPrint 文档，同样 {jobs} 个进程；"
              f"全市估计 {naive_per_board * args.boards:.0f} s）")
        goals = [
            ("整期用时 ≤ 120 s", first.wall <= 120, f"{first.wall:.1f} s"),
            ("比朴素基线快 ≥ 20×（每块）", naive_per_board / per_board >= 20, f"{naive_per_board / per_board:.1f}×"),
            ("峰值内存 ≤ 1.5 GB", first.peak_mib <= 1536, f"{first.peak_mib / 1024:.2f} GB"),
            ("再次生成快 ≥ 10×", first.wall / rerun.wall >= 10, f"{first.wall / rerun.wall:.1f}×"),
        ]
        if not args.no_site:
            site = [sys.executable, "-m", "healthboard.cli", "build", "-f", str(root / "mkdocs.yml")]
            cold_runs, warm_runs = [], []
            for _ in range(args.runs):
                fresh(root)
                cold_runs.append(run(site, cwd=here.parent.parent, env=env))
                warm_runs.append(run(site, cwd=here.parent.parent, env=env))
            cold, warm = median(cold_runs), median(warm_runs)
            print(f"网站首次构建：{cold.wall:6.1f} s（{args.boards} 块宣传栏的打印页，{args.boards * len(ARTICLES)} 个二维码；峰值 {cold.peak_mib:.0f} MiB）")
            print(f"网站再次构建：{warm.wall:6.1f} s（{cold.wall / warm.wall:.1f}×）")
            goals += [
                ("网站首次构建 ≤ 120 s", cold.wall <= 120, f"{cold.wall:.1f} s"),
                ("网站再次构建快 ≥ 10×", cold.wall / warm.wall >= 10, f"{cold.wall / warm.wall:.1f}×"),
            ]
        for name, ok, value in goals:
            print(f"  {'达标' if ok else '未达标'}  {name}：{value}")
        return 0 if all(ok for _, ok, _ in goals) else 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
