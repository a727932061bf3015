"""Benchmark: the site with healthboard against the same site with plain mkdocs-material.

A synthetic Chinese site (N articles written from the example's prose, 8 boards, one edition), the
same theme configuration (`not_in_nav` as the example, Chinese search with jieba) built by
`mkdocs build` in a fresh process with and without the healthboard plugin (its 繁體 copy off: that
is a second site), interleaved, each run cold (site and cache removed) and then again with nothing
changed. Medians of wall time, CPU time and peak memory (PSS of the process tree), ratios, and the
goals: 1,000 articles ≤ 1.2× plain cold and on a no-change rebuild, peak memory ≤ 1.5× plain; and
the example district's no-change rebuild ≥ 5× faster than its cold build.

    .venv/bin/python bench/site.py [--sizes 250 500 1000 2000] [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Run, environment, median, run  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TOPICS = [("personal-hygiene", "个人卫生"), ("vector-control", "病媒生物防制"), ("tobacco-control", "控烟"), ("chronic-disease", "慢性病防控")]
BOARDS = [("b%d" % i, size) for i, size in enumerate(["2400×1200", "2400×1200", "2000×1000", "2000×1000", "600×800", "A1", "A2 landscape", "A3 landscape"], 1)]
THEME = """\
site_name: 合成区健康教育
site_url: https://health.example.gov.cn/bench/
theme:
  name: material
  language: zh
  font: false
  features: [navigation.prune, navigation.top, search.highlight]
extra:
  generator: false
exclude_docs: |
  _data/
not_in_nav: |
  /articles/
nav:
  - 首页: index.md
markdown_extensions: [admonition, attr_list, tables, {toc: {permalink: false}}]
plugins:
  - search:
      lang: zh
"""
PLUGIN = """\
  - healthboard:
      district: 合成区
      unit: 合成区爱卫办
      topics:
""" + "".join(f"        - {{id: {i}, name: {n}}}\n" for i, n in TOPICS)


def prose() -> list[str]:
    """Paragraphs of the example's own articles: realistic Chinese health text to recombine."""
    paragraphs = []
    for path in sorted((REPO / "docs/articles").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        paragraphs += [p.strip() for p in body.split("\n\n") if p.strip() and not p.startswith("#") and len(p) > 30]
    return paragraphs


def make_site(root: Path, articles: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    text = prose()
    docs = root / "docs"
    (docs / "articles").mkdir(parents=True)
    (docs / "_data/editions").mkdir(parents=True)
    (docs / "index.md").write_text("# 合成区健康教育\n\n欢迎。\n", encoding="utf-8")
    ids = []
    for n in range(articles):
        article_id = f"article-{n:04d}"
        ids.append(article_id)
        title = re.sub(r"[*#\[\]（）()`]", "", rng.choice(text))[:14]
        body = "\n\n".join(rng.sample(text, 4))
        topic = TOPICS[n % len(TOPICS)][1]
        (docs / "articles" / f"{article_id}.md").write_text(
            f"---\nid: {article_id}\ntitle: \"{title}{n}\"\ntopic: {topic}\nsummary: \"{title}，请按时就医。\"\n"
            f"sources:\n  - 《中国公民健康素养—基本知识与技能（2024年版）》第{n % 66 + 1}条\nstatus: approved\n"
            f"reviewed_by: 合成区疾控中心\nreviewed_on: 2026-06-01\ndate: 2026-06-02\n---\n\n# {title}{n}\n\n## 要点\n\n{body}\n",
            encoding="utf-8")
    (docs / "_data/boards.yml").write_text("".join(
        f"- {{id: {b}, name: 第{i}号宣传栏, address: 合成路{i}号, grid: 片区{i % 3}, unit: 合成社区, phone: '0000-{i}', size: {size}}}\n"
        for i, (b, size) in enumerate(BOARDS, 1)), encoding="utf-8")
    (docs / "_data/editions/001.yml").write_text(
        "number: 1\ndate: 2026-07-01\ntheme: 合成主题\narticles: [" + ", ".join(ids[:6]) + "]\n", encoding="utf-8")
    (root / "plain.yml").write_text(THEME + "site_dir: site-plain\n", encoding="utf-8")
    (root / "plugin.yml").write_text(THEME + PLUGIN + "site_dir: site-plugin\n", encoding="utf-8")


def build(root: Path, config: str, cold: bool) -> Run:
    if cold:
        for name in ("site-plain", "site-plugin", ".healthboard-cache", "printed-urls.txt"):
            target = root / name
            shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
    return run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / config)], cwd=root, env=environment())


def example_rebuild(runs: int) -> tuple[Run, Run]:
    """The example district (繁體 copy and all): cold, then rebuilt with nothing changed."""
    root = Path(tempfile.mkdtemp(prefix="hb-bench-example-"))
    try:
        for name in ("mkdocs.yml", "docs", "overrides"):
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
        command = [sys.executable, "-m", "healthboard.cli", "build", "-f", str(root / "mkdocs.yml")]
        cold, warm = [], []
        for _ in range(runs):
            shutil.rmtree(root / ".healthboard-cache", ignore_errors=True)
            (root / "printed-urls.txt").unlink(missing_ok=True)
            cold.append(run(command, cwd=root, env=environment()))
            warm.append(run(command, cwd=root, env=environment()))
        return median(cold), median(warm)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"网站构建：healthboard 插件 与 同样配置的 mkdocs-material（{os.cpu_count()} 核，{args.runs} 轮交替，取中位数）")
    print(f"{'文章数':>6} {'':6} {'墙钟 秒':>9} {'CPU 秒':>9} {'峰值 MiB':>9} │ {'比值 墙钟':>8} {'CPU':>6} {'内存':>6}")
    goals = []
    for n in args.sizes:
        root = Path(tempfile.mkdtemp(prefix=f"hb-bench-site-{n}-"))
        try:
            make_site(root, n)
            results: dict[tuple[str, bool], list[Run]] = {(c, cold): [] for c in ("plain.yml", "plugin.yml") for cold in (True, False)}
            for i in range(args.runs):
                order = ("plain.yml", "plugin.yml") if i % 2 == 0 else ("plugin.yml", "plain.yml")
                for config in order:  # cold, then the same build again with nothing changed
                    results[(config, True)].append(build(root, config, cold=True))
                    results[(config, False)].append(build(root, config, cold=False))
            for cold in (True, False):
                plain, plugin = median(results[("plain.yml", cold)]), median(results[("plugin.yml", cold)])
                label = "首次" if cold else "再构建"
                print(f"{n:>6} {label:　<3} 原生 {plain.wall:9.1f} {plain.cpu:9.1f} {plain.peak_mib:9.0f} │")
                print(f"{'':>6} {'':　<3} 插件 {plugin.wall:9.1f} {plugin.cpu:9.1f} {plugin.peak_mib:9.0f} │ "
                      f"{plugin.wall / plain.wall:7.2f}× {plugin.cpu / plain.cpu:5.2f}× {plugin.peak_mib / plain.peak_mib:5.2f}×")
                if n == 1000:
                    goals.append((f"1000 篇{label} ≤ 1.2× 原生（墙钟）", plugin.wall / plain.wall <= 1.2, f"{plugin.wall / plain.wall:.2f}×"))
                    if cold:
                        goals.append(("1000 篇峰值内存 ≤ 1.5× 原生", plugin.peak_mib / plain.peak_mib <= 1.5, f"{plugin.peak_mib / plain.peak_mib:.2f}×"))
        finally:
            shutil.rmtree(root, ignore_errors=True)
    cold, warm = example_rebuild(args.runs)
    print(f"示例（含繁體版）：首次 {cold.wall:.1f} 秒，无改动再构建 {warm.wall:.1f} 秒（{cold.wall / warm.wall:.1f}×）")
    goals.append(("示例无改动再构建 ≥ 5× 快于首次", cold.wall / warm.wall >= 5, f"{cold.wall / warm.wall:.1f}×"))
    for name, ok, value in goals:
        print(f"  {'达标' if ok else '未达标'}  {name}：{value}")
    return 0 if all(ok for _, ok, _ in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
