#!/usr/bin/env python
"""Benchmark: the 审核表 at x20 (issue 23), through the door as ``planbook review`` runs it.

    python tests/benchmarks/review.py                 # x20, 5 rounds, medians printed
    python tests/benchmarks/review.py --rounds 3 --lines 1500

A workspace of the x20 synthetic plan (1,500 tasks, 500 agencies) with a collected quarter in
which about ``--lines`` (milestone, lead agency) lines became 已完成 (answers put straight into
the ledger and the record: collect is measured by run.py). Each round, in a fresh copy:

- write: ``QuarterRun.review()`` (the lines found in the ledger, the 审核表 written);
- read: ``QuarterRun.review(file)`` on the 审核表 filled by an office (5% 退回 with an 意见,
  1% 存疑, the rest 认可): checked, the ledger updated and saved, the record, the 汇总表 and
  the 问题清单 of the agencies with lines sent back written again.

Targets (the 2-core machine): write ≤ 1.5 s, read with the ledger update ≤ 2 s (medians).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

QUARTER = "2023Q3"
TARGETS = {"write": 1.5, "read": 2.0}


def prepare(root: Path, lines: int) -> None:
    """The workspace: plan of record, office, ledger with ``lines`` lines done this quarter, record."""
    from planbook.app import Workspace
    from planbook.core.quarter import Quarter
    from planbook.core.statuses import DONE, ON_TRACK
    from planbook.ledger.lines import Answer, Ledger
    from planbook.store.record import QuarterRecord
    from planbook.tools.synth import SCALES, synthetic_plan

    plan = synthetic_plan(*SCALES["x20"])
    Workspace.create(root, plan, office={"contact": "王五", "phone": "0411-12345678"})
    q = Quarter.parse(QUARTER)
    book = Ledger(plan.fingerprint)
    n = 0
    for task in plan.tasks:
        for m in task.milestones:
            for agency in dict.fromkeys(task.responsible):
                line = book.line(m.id, agency)
                line.answers[str(q.previous)] = Answer(str(q.previous), ON_TRACK, progress="按计划推进。")
                if n < lines:
                    line.answers[QUARTER] = Answer(QUARTER, DONE, "2023-08", progress="已完成，相关制度已印发实施。" * 3,
                                                   evidence="印发文件和验收报告。")
                    n += 1
    book.save(root)
    record = QuarterRecord(QUARTER, plan.fingerprint, "2023-10-05T09:00:00Z")
    record.entries = [a.entry(agency, plan.milestone(mid).task_id, mid) for (agency, mid), a in book.standing(q).items()]
    record.entries = [replace(e, reported_in="") if e.reported_in == QUARTER else e for e in record.entries]
    record.save(root / QUARTER)
    # the quarter's 汇总表, as collect leaves it: reading a 审核表 counts it again
    from planbook.collection.outputs import write_reviewed
    from planbook.store.folder import QuarterFolder
    from planbook.store.session import FolderSession

    place = QuarterFolder.of(QUARTER, root / QUARTER)
    place.consolidated.write_bytes(b"")
    with FolderSession(place, "collect"):
        write_reviewed(place, record, [], plan=plan)


def fill(path: Path, out: Path) -> int:
    """The 审核表 as an office fills it (written with the same writer, the verdicts in)."""
    from planbook.app import Workspace
    from planbook.collection.verdicts import rows_to_review
    from planbook.core.quarter import Quarter
    from planbook.xlsx.review_form import write_review_form

    ws = Workspace(path)
    rows = rows_to_review(ws.plan, ws.ledger, Quarter.parse(QUARTER))
    filled = [replace(r, verdict="退回", opinion="佐证不足，请补充。") if i % 20 == 0 else
              replace(r, verdict="存疑") if i % 100 == 1 else replace(r, verdict="认可") for i, r in enumerate(rows)]
    write_review_form(out, filled, plan_fingerprint=ws.plan.fingerprint, quarter=QUARTER, title="审核表")
    return len(rows)


def one_round(base: Path, filled: Path, scratch: Path) -> tuple[float, float, int]:
    from planbook.app import Workspace

    root = scratch / "ws"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base, root)
    ws = Workspace(root)
    start = time.perf_counter()
    written = ws.quarter(QUARTER).review()
    write = time.perf_counter() - start
    ws = Workspace(root)
    start = time.perf_counter()
    done = ws.quarter(QUARTER).review(filled)
    read = time.perf_counter() - start
    assert done.read == written.rows and done.changed == written.rows, (done, written)
    return write, read, written.rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lines", type=int, default=1500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        base = Path(tmp) / "base"
        start = time.perf_counter()
        prepare(base, args.lines)
        filled = Path(tmp) / f"{QUARTER}_审核表_已填.xlsx"
        rows = fill(base, filled)
        print(f"prepared x20 with {rows} lines to review in {time.perf_counter() - start:.1f} s")
        writes, reads = [], []
        for n in range(args.rounds):
            w, r, _ = one_round(base, filled, Path(tmp))
            writes.append(w)
            reads.append(r)
            print(f"round {n + 1}: write {w:.3f} s, read + ledger update {r:.3f} s")
    ok = True
    for label, key, runs in (("write the 审核表", "write", writes), ("read it back with the ledger update", "read", reads)):
        median = statistics.median(runs)
        ok &= median <= TARGETS[key]
        print(f"{label}: median {median:.3f} s (target ≤ {TARGETS[key]} s) {'ok' if median <= TARGETS[key] else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
