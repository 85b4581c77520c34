#!/usr/bin/env python
"""Score the plan reader on the corpus in this folder against EXPECTED.json.

    python tests/data/plans/score.py                  # every file, tuned and fresh apart
    python tests/data/plans/score.py --status tuned   # only the files the parser was tuned on
    python tests/data/plans/score.py --targets        # also target precision/recall
    python tests/data/plans/score.py --added 2026-12-07b --targets   # one fresh batch alone

Points per file: sections, tasks, milestones, distinct lead units, deadline counts (one
each), and one per spot check whose task has the title's first 10 characters and the leads.
A file that gives no model scores 0. The held-out batch's ``status`` says whether the
parser was changed after reading it (tuned) or not (fresh); the first eighteen files are
the team's own (batch ``team``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _norm(s: str) -> str:
    s = (s or "").replace("(", "（").replace(")", "）").replace(":", "：").replace(",", "，").replace(";", "；")
    return re.sub(r"\s+", "", s)


def _month(m: dict) -> str:
    if m.get("deadline"):
        return str(m["deadline"])[:7]
    return "ongoing" if m.get("ongoing") else "none"


def best(truth: dict) -> int:
    return 5 + len(truth["spot_checks"])


def score(plan_json: dict, truth: dict) -> tuple[int, list[str]]:
    """(points, what was missed) for one file."""
    sections = [s for s in plan_json.get("sections", []) if s.get("tasks")]
    tasks = [t for s in sections for t in s["tasks"]]
    milestones = [m for t in tasks for m in t.get("milestones", [])]
    leads = {lead for t in tasks for lead in t.get("leads", [])}
    counts = dict(Counter(_month(m) for m in milestones))
    misses = []
    for label, got, want in (("sections", len(sections), truth["sections"]), ("tasks", len(tasks), truth["tasks"]),
                             ("milestones", len(milestones), truth["milestones"]),
                             ("leads", len(leads), truth["lead_units"]), ("deadlines", counts, truth["deadline_counts"])):
        if got != want:
            misses.append(f"{label} {got} != {want}")
    for check in truth["spot_checks"]:
        task = tasks[check["order"] - 1] if len(tasks) >= check["order"] else None
        if not (task and _norm(task["title"])[:10] == _norm(check["title_first10"])[:10]
                and set(map(_norm, task["leads"])) == set(map(_norm, check["leads"]))):
            misses.append(f"spot {check['order']}: " + (f"{task['title'][:10]} {task['leads']}" if task else "no task"))
    return best(truth) - len(misses), misses


def _base(value: float, unit: str) -> tuple[float, str]:
    """23 万吨 -> (230000, 吨): a target compared in its unit's base."""
    from planbook.core.measures import UNITS

    u = UNITS.get(unit)
    return (round(value * u.scale, 6), u.base) if u and u.kind in ("count", "measure", "money") else (value, unit)


def target_scores(truth: dict, status: str = "", added: str = "") -> tuple[float, float, int, list[str]]:
    """(precision, recall, documents, misreadings) of extract_targets on the target passages
    (those of ``status`` only, when given)."""
    from planbook.core.measures import extract_targets

    hits = found = wanted = 0
    notes: list[str] = []
    passages = [p for p in truth["passages"] if (not status or p.get("status") == status)
                and (not added or p.get("added") == added)]
    for p in passages:
        got = extract_targets(p["text"])
        found += len(got)
        wanted += len(p["targets"])
        left = list(got)
        for metric, value, unit in p["targets"]:
            match = next((g for g in left if metric in g.metric and _base(g.value, g.unit) == (value, unit)), None)
            if match is None:
                notes.append(f"漏读 {p['document']}: {metric} {value}{unit}")
            else:
                left.remove(match)
                hits += 1
        notes += [f"误读 {p['document']}: {g.metric} {g.goal}" for g in left]
    docs = len({p["document"] for p in passages})
    return hits / found if found else 1.0, hits / wanted if wanted else 1.0, docs, notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--status", choices=["team", "tuned", "fresh"], action="append")
    ap.add_argument("--targets", action="store_true")
    ap.add_argument("--added", help="only the files and passages of this batch (their `added` field)")
    ap.add_argument("-v", "--verbose", action="store_true", help="say what each file missed")
    args = ap.parse_args(argv)
    from planbook.plans import parse_plan

    data = json.loads((HERE / "EXPECTED.json").read_text(encoding="utf-8"))
    groups: dict[str, list[tuple[str, int, int]]] = {}
    for name, truth in data["files"].items():
        status = truth.get("status", "team")
        if args.status and status not in args.status:
            continue
        if args.added and truth.get("added") != args.added:
            continue
        result = parse_plan(HERE / name)
        got, misses = score(result.plan.to_dict(), truth) if result.plan else (0, ["no model"])
        groups.setdefault(status, []).append((name, got, best(truth)))
        if args.verbose and misses:
            print(f"  {name}: {got}/{best(truth)}  " + "; ".join(misses))
    for status, rows in groups.items():
        got, full = sum(r[1] for r in rows), sum(r[2] for r in rows)
        plans = len({data["files"][r[0]]["document"] for r in rows})
        print(f"{status:6s} {len(rows):2d} files / {plans:2d} plans: {got}/{full} points = {got / full:.1%}")
    if args.targets:
        for status in ("tuned", "fresh", ""):
            if args.status and status and status not in args.status:
                continue
            precision, recall, docs, notes = target_scores(data["targets"], status, args.added or "")
            print(f"targets {status or 'all':5s} ({docs} plans): precision {precision:.1%}, recall {recall:.1%}")
            if args.verbose and status:
                print("\n".join("  " + n for n in notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
