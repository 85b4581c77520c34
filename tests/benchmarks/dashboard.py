#!/usr/bin/env python
"""Benchmark: the 驾驶舱's size and write time at the seed and x20 scales.

    python tests/benchmarks/dashboard.py                 # seed and x20, 5 rounds each
    python tests/benchmarks/dashboard.py --scale seed --rounds 3

For each scale three quarters are reported in turn (records from ``tests/kit/report.py``'s
``make_record``, each quarter's count kept), so the last quarter's page carries the trends of
all three; then the last quarter's page is written ``--rounds`` times into fresh folders, each
write timed whole (counting the quarter and writing the file). Prints the file size and the
median, against the targets: seed ≤ 1 MB; x20 ≤ 10 MB written in ≤ 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:  # the tests' kit; planbook itself is what pip installed
    sys.path.insert(0, str(TESTS))

from kit.report import make_record  # noqa: E402

from planbook.plans import seed_plan  # noqa: E402
from planbook.report.dashboard import write_dashboard  # noqa: E402
from planbook.count.standing import count_quarter, keep  # noqa: E402
from planbook.tools.synth import SCALES, synthetic_plan  # noqa: E402

TARGETS = {"seed": (1_000_000, None), "x20": (10_000_000, 3.0)}
"""Scale -> (largest size in bytes, longest median write in seconds, None: no time target)."""
QUARTERS = {"seed": ("2023Q1", "2023Q2", "2023Q3"), "x20": ("2024Q2", "2024Q3", "2024Q4")}


def measure(scale: str, rounds: int, work: Path) -> tuple[int, float]:
    """(size of the last quarter's page, median seconds to write it)."""
    plan = seed_plan() if scale == "seed" else synthetic_plan(*SCALES[scale])
    previous = None
    for i, q in enumerate(QUARTERS[scale]):
        record = make_record(plan, q, seed=i + 1, previous=previous)
        folder = work / scale / q
        folder.mkdir(parents=True)
        keep(count_quarter(plan, record, previous), folder)
        if q != QUARTERS[scale][-1]:
            previous = record
    times, size = [], 0
    for n in range(rounds):
        folder = work / scale / QUARTERS[scale][-1] / f"round{n}"  # a fresh file each round
        folder.mkdir()
        start = time.perf_counter()
        path = write_dashboard(plan, record, folder, previous=previous, office_name="督查室",
                               previous_counts=_kept(work / scale, QUARTERS[scale][:-1]))
        times.append(time.perf_counter() - start)
        size = path.stat().st_size
    return size, statistics.median(times)


def _kept(workspace: Path, quarters: tuple[str, ...]) -> dict[str, dict[str, object]]:
    from planbook.count.standing import kept

    return {q: got for q in quarters if (got := kept(workspace / q)) is not None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(TARGETS), action="append")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    failed = False
    print("| scale | size | median write s | target |")
    print("|---|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="dash-bench-") as tmp:
        for scale in args.scale or ["seed", "x20"]:
            size, seconds = measure(scale, args.rounds, Path(tmp))
            most, longest = TARGETS[scale]
            ok = size <= most and (longest is None or seconds <= longest)
            failed |= not ok
            target = f"≤ {most / 1e6:g} MB" + (f", ≤ {longest:g} s" if longest else "")
            print(f"| {scale} | {size / 1e6:.2f} MB | {seconds:.2f} | {target} {'ok' if ok else 'FAILED'} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
