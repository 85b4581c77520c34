"""The report's figures (planbook.report.figures): pure numbers, counted as its docstring says."""

from __future__ import annotations

import pytest

from kit.report import make_record
from planbook.layout import BEHIND, DONE, NOT_STARTED, ON_TRACK
from planbook.plans import seed_plan
from planbook.quarter import Quarter
from planbook.record import Entry, MilestoneStatus, QuarterRecord
from planbook.report import report_data


def test_figures_follow_the_documented_rules():
    plan = seed_plan()
    q = Quarter(2023, 2)
    old = next(m for m in plan.milestones if m.deadline < q.start)  # due before this quarter
    now = next(m for m in plan.milestones if q.start <= m.deadline <= q.end)
    later = next(m for m in plan.milestones if m.deadline > q.end)

    def record(quarter, statuses):
        ms = [MilestoneStatus(m.id, m.task_id, statuses.get(m.id, NOT_STARTED), "", "", "", True, False, False)
              for m in plan.milestones]
        return QuarterRecord(str(quarter), plan.fingerprint, "", milestones=ms)

    current = record(q, {old.id: DONE, now.id: DONE, later.id: DONE})
    before = record(q.previous, {now.id: ON_TRACK})
    with_prev = report_data(plan, current, before)
    rows = {r.milestone.id: r for r in with_prev.rows}
    assert rows[old.id].done_late and rows[old.id].done_this_quarter
    assert not rows[now.id].done_late and rows[now.id].done_this_quarter
    assert with_prev.total.early == 1 and with_prev.total.done_late == 1
    alone = report_data(plan, current)
    rows = {r.milestone.id: r for r in alone.rows}
    assert not rows[old.id].done_late and not rows[old.id].done_this_quarter  # unknown: on time
    assert rows[now.id].done_this_quarter
    assert alone.total.due == sum(1 for m in plan.milestones if m.deadline <= q.end)
    assert alone.total.done == 2 and alone.total.overdue == alone.total.due - 2
    assert alone.total.rate == pytest.approx(2 / alone.total.due)


def test_agency_figures_use_each_agencys_own_answer():
    plan = seed_plan()
    task = next(t for t in plan.tasks if len(t.leads) >= 2 and t.milestones[0].deadline.year == 2022)
    m = task.milestones[0]
    record = make_record(plan, "2023Q2", missing=0)
    entries = [e for e in record.entries if not (e.milestone_id == m.id)]
    entries += [Entry(task.leads[0], task.id, m.id, DONE), Entry(task.leads[1], task.id, m.id, BEHIND)]
    record.entries = entries
    data = report_data(plan, record)
    first = next(a for a in data.agencies if a.name == task.leads[0])
    own = [e for e in record.entries if e.agency == task.leads[0]]
    assert first.stats.done == sum(1 for e in own if e.status == DONE and plan.milestone(e.milestone_id).deadline <= Quarter(2023, 2).end)


def test_figures_import_neither_word_nor_templates():
    import subprocess
    import sys

    code = ("import sys, planbook.report.figures;"
            "print(','.join(m for m in ('docx', 'jinja2', 'lxml', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
