#!/usr/bin/env python
"""Benchmark: reading every plan of the corpus (tests/data/plans) and an x20-sized Excel plan.

    python tests/benchmarks/plans_corpus.py            # one round, about 20 s on a shared core

Each .txt/.docx/.xlsx corpus file is read in this process after one warm-up read (imports
aside), then the x20 plan (1,500 tasks, 500 agencies: :func:`planbook.tools.synth.synthetic_plan`
laid out as an office's 任务分工表 by ``plans.write_fengong``). .doc files are listed apart:
their time is LibreOffice's conversion. Every reading must take under ``LIMIT_S``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the corpus lives here; planbook is what pip installed

LIMIT_S = 2.0
CORPUS = ROOT / "tests" / "data" / "plans"


def timed(path: Path) -> tuple[float, int]:
    from planbook.plans import parse_plan

    start = time.perf_counter()
    result = parse_plan(path)
    return time.perf_counter() - start, len(result.plan.tasks) if result.plan else 0


def main() -> int:
    from plans import write_fengong  # beside this script (its folder is on sys.path)

    from planbook.tools.synth import synthetic_plan

    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx", ".xlsx"))
    timed(files[0])  # imports and caches
    rows = [(p.name, *timed(p)) for p in files]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "x20_fengong.xlsx"
        write_fengong(synthetic_plan(1500, 8, 500), big)
        rows.append(("x20 分工表 (1,500 项任务)", *timed(big)))
    slow = [r for r in rows if r[1] >= LIMIT_S]
    for name, seconds, tasks in rows:
        print(f"{seconds:6.3f} s  {tasks:5d} 项任务  {name}")
    print(f"{len(rows)} 个文件，最慢 {max(r[1] for r in rows):.3f} s；目标每个 {LIMIT_S:.0f} s 以内："
          + ("达到" if not slow else "未达到：" + "、".join(r[0] for r in slow)))
    others = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".doc", ".xls", ".wps"))
    if others:
        print("经 LibreOffice 转换读取（不计时）：" + "、".join(others))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
