"""Benchmark: `healthboard scans` over 1,000,000 access-log lines (four rotated files, two gzipped,
combined and JSON formats, ~15 % of requests board codes) against `zcat -f … | wc -l` of the same
files, interleaved in the same run; and peak memory at 250,000 and 1,000,000 lines (it must not grow
with the logs).

    .venv/bin/python bench/scans.py [--lines 1000000] [--runs 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 30.0  # 1,000,000 lines on 2 cores
GOAL_MEMORY_GROWTH = 1.25  # peak memory at 4x the lines, at most this much higher
AGENTS = ["Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.47",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.44",
          "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"]
PAGES = ["/qinglan/", "/qinglan/assets/stylesheets/main.min.css", "/qinglan/assets/javascripts/bundle.min.js",
         "/qinglan/search/search_index.json", "/qinglan/topics/", "/qinglan/editions/3/"]


def make_logs(folder: Path, lines: int, seed: int = 7) -> list[Path]:
    """Four rotations, oldest first: access.log.3.gz, access.log.2.gz, access.log.1, access.log."""
    rng = random.Random(seed)
    codes = [line.split()[0].split("qinglan", 1)[1] for line in (REPO / "printed-urls.txt").read_text(encoding="utf-8").splitlines()
             if line.startswith("https://")]
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.datetime(2026, 9, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    step = dt.timedelta(days=90) / lines
    files = [folder / name for name in ("access.log.3.gz", "access.log.2.gz", "access.log.1", "access.log")]
    per_file = lines // len(files)
    for i, path in enumerate(files):
        out = gzip.open(path, "wt", encoding="utf-8", compresslevel=3) if path.suffix == ".gz" else path.open("w", encoding="utf-8")
        with out:
            for n in range(i * per_file, (i + 1) * per_file):
                when = start + step * n
                client = f"10.{rng.randrange(4)}.{rng.randrange(256)}.{rng.randrange(256)}"
                target = "/qinglan" + rng.choice(codes) if rng.random() < 0.15 else rng.choice(PAGES)
                agent = rng.choice(AGENTS)
                if i % 2:  # the JSON format `healthboard nginx` writes
                    out.write(json.dumps({"time": when.isoformat(timespec="seconds"), "client": client, "method": "GET", "uri": target,
                                          "status": 200, "bytes": 512, "agent": agent}) + "\n")
                else:
                    out.write(f'{client} - - [{when:%d/%b/%Y:%H:%M:%S %z}] "GET {target} HTTP/1.1" 200 512 "-" "{agent}"\n')
    return files


def timed(command: list[str] | str, shell: bool = False) -> float:
    """Wall seconds of the whole process, start and loading included."""
    started = time.perf_counter()
    subprocess.run(command, shell=shell, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    return time.perf_counter() - started


def measure(files: list[Path], out: Path, runs: int) -> tuple[list[float], list[float]]:
    scans = [sys.executable, "-m", "healthboard.cli", "scans", *map(str, files), "-o", str(out)]
    count = "zcat -f " + " ".join(map(str, files)) + " | wc -l"
    ours, baseline = [], []
    for _ in range(runs):  # interleaved: the machine's load falls on both alike
        ours.append(timed(scans))
        baseline.append(timed(count, shell=True))
    return ours, baseline


def peak_memory(files: list[Path], out: Path) -> float:
    """Peak RSS (MiB) of one `scans` run, in a process of its own (ru_maxrss of children is a running maximum)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "healthboard.cli", "scans", *map(str, files), "-o", str(out)],
                            check=True, capture_output=True, text=True, cwd=REPO)
    return int(result.stdout.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hb-scans-bench-"))
    try:
        big = make_logs(work / "big", args.lines)
        small = make_logs(work / "small", args.lines // 4)
        out = work / "scans.csv"
        ours, baseline = measure(big, out, args.runs)
        memory_small, memory_big = peak_memory(small, out), peak_memory(big, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ours_median, base_median = statistics.median(ours), statistics.median(baseline)
    growth = memory_big / memory_small
    print(f"healthboard scans，{args.lines:,} 行日志（4 个轮转文件，2 个 .gz；{os.cpu_count()} 核），{args.runs} 轮交替测量，取中位数：")
    print(f"  healthboard scans      {ours_median:7.2f} 秒（{', '.join(f'{t:.2f}' for t in ours)}）")
    print(f"  zcat -f … | wc -l      {base_median:7.2f} 秒（{', '.join(f'{t:.2f}' for t in baseline)}）")
    print(f"  比值                   {ours_median / base_median:7.1f}×（只读不解析的基线）")
    print(f"  目标：≤ {GOAL_SECONDS:.0f} 秒                  {'达到' if ours_median <= GOAL_SECONDS else '未达到'}")
    print(f"  峰值内存：{args.lines // 4:,} 行 {memory_small:.0f} MiB，{args.lines:,} 行 {memory_big:.0f} MiB，比值 {growth:.2f}"
          f"（目标 ≤ {GOAL_MEMORY_GROWTH}，内存不随日志增长：{'达到' if growth <= GOAL_MEMORY_GROWTH else '未达到'}）")
    return 0 if ours_median <= GOAL_SECONDS and growth <= GOAL_MEMORY_GROWTH else 1


if __name__ == "__main__":
    sys.exit(main())
