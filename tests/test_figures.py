"""The report's figures (planbook.report.figures): pure numbers, counted as its docstring says."""

from __future__ import annotations

import pytest

from kit.report import make_record
from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK
from planbook.plans import seed_plan
from planbook.core.quarter import Quarter
from planbook.store.record import Entry, MilestoneStatus, QuarterRecord
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
        return QuarterRecord(str(quarter), plan.fingerprint, "", entries=_answers(plan, ms), milestones=ms)

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


# -- 按时完成率, overdue months, the year's 序时进度, returns with problems ----------------------------
def _milestone_record(plan, quarter, statuses, done_months=None, extended=None):
    done_months = done_months or {}
    extended = extended or {}
    ms = [MilestoneStatus(m.id, m.task_id, statuses.get(m.id, NOT_STARTED), "", "", "", True, False, False,
                          done_month=done_months.get(m.id, ""), extended_to=extended.get(m.id, ""))
          for m in plan.milestones]
    return QuarterRecord(str(quarter), plan.fingerprint, "", entries=_answers(plan, ms), milestones=ms)


def _answers(plan, milestones):
    """Every lead agency answering each milestone as its consolidated status says (the count
    reads the agencies' own answers)."""
    return [Entry(agency, ms.task_id, ms.milestone_id, ms.status, done_month=ms.done_month)
            for ms in milestones for agency in plan.task(ms.task_id).responsible]


def test_on_time_rate_is_completed_on_time_over_due_as_documented():
    plan = seed_plan()
    q = Quarter(2023, 2)
    due = [m for m in plan.milestones if m.deadline <= q.end]
    late, on_time, plain = due[0], due[1], due[2]
    record = _milestone_record(plan, q, {late.id: DONE, on_time.id: DONE, plain.id: DONE},
                               {late.id: f"{late.deadline.year + 1}-01", on_time.id: late.deadline.strftime("%Y-%m")
                                if on_time.deadline >= late.deadline else on_time.deadline.strftime("%Y-%m")})
    total = report_data(plan, record).total
    assert total.done == 3 and total.done_late == 1 and total.on_time == 2
    assert total.rate == pytest.approx(3 / total.due)
    assert total.on_time_rate == pytest.approx(2 / total.due)
    assert total.on_time_rate_text == f"{2 / total.due * 100:.1f}%"
    assert report_data(plan, _milestone_record(plan, q, {})).total.on_time_rate == 0


def test_agency_on_time_rate_counts_the_agencys_own_late_completion():
    plan = seed_plan()
    q = Quarter(2023, 2)
    record = make_record(plan, q, missing=0)
    import dataclasses

    i, entry = next((i, e) for i, e in enumerate(record.entries)
                    if e.status == DONE and plan.milestone(e.milestone_id).deadline <= q.start)
    record.entries[i] = dataclasses.replace(entry, done_month="2023-05")  # after its deadline: late
    data = report_data(plan, record)
    agency = next(a for a in data.agencies if a.name == entry.agency)
    assert agency.stats.done_late >= 1
    assert agency.stats.on_time_rate < agency.stats.rate


def test_every_overdue_row_is_overdue_by_the_quarter_rule_and_says_how_long():
    from planbook.core.quarter import is_overdue

    plan = seed_plan()
    q = Quarter(2023, 2)
    data = report_data(plan, make_record(plan, q, seed=3))
    assert data.overdue
    for r in data.overdue:
        assert is_overdue(r.milestone, r.status, q, r.deadline if r.deadline != r.milestone.deadline else None)
        assert r.light_label == "红灯"
        months = (q.end.year - r.deadline.year) * 12 + q.end.month - r.deadline.month
        assert r.months_overdue == months
        assert r.overdue_label == (f"逾期{months}个月" if months else "逾期不足1个月")
    assert {r.light_label for r in data.rows} <= {"红灯", "黄灯", "绿灯"}


def test_an_extension_moves_the_deadline_judged_by():
    plan = seed_plan()
    q = Quarter(2023, 2)
    m = next(m for m in plan.milestones if m.deadline < q.start)
    record = _milestone_record(plan, q, {m.id: BEHIND}, extended={m.id: "2023-12"})
    row = next(r for r in report_data(plan, record).rows if r.milestone.id == m.id)
    assert not row.overdue and row.deadline.isoformat() == "2023-12-31"


def test_year_pace_counts_the_years_milestones_by_deadline_month():
    plan = seed_plan()
    q = Quarter(2023, 2)
    this_year = [m for m in plan.milestones if m.deadline.year == 2023]
    later = [m for m in this_year if m.deadline > q.end]
    done = {next(m for m in this_year if m.deadline <= q.end).id: DONE, later[-1].id: DONE}
    pace = report_data(plan, _milestone_record(plan, q, done)).pace
    assert pace.year == 2023 and pace.elapsed == 0.5 and pace.elapsed_text == "50.0%"
    assert pace.total == len(this_year) and pace.done == 2
    assert pace.due == sum(1 for m in this_year if m.deadline <= q.end)
    assert pace.remaining == len(later) and pace.remaining_done == 1
    assert pace.remaining_idle == len(later) - 1  # every other one 未启动
    assert sum(n for _, n, _ in pace.by_month) == len(later)
    month, count = pace.peak
    assert count == max(n for _, n, _ in pace.by_month) and all(mo > 6 for mo, _, _ in pace.by_month)
    assert pace.rate == pytest.approx(2 / len(this_year))


def test_returns_with_problems_are_counted_per_agency_without_the_offices_own_notices():
    from planbook.base.problems import Problem

    plan = seed_plan()
    record = make_record(plan, "2023Q2", missing=0)
    a, b = plan.agency_names[:2]
    record.problems = [
        Problem("status_invalid", "x", agency=a, file="1.xlsx"),
        Problem("status_normalized", "y", agency=a, file="1.xlsx"),
        Problem("done_without_progress", "z", agency=a, file="2.xlsx"),
        Problem("plan_revised", "notice", agency=b, file="3.xlsx"),
    ]
    data = report_data(plan, record)
    assert data.returns_with_problems == [(a, 2)]
