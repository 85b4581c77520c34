"""The register of 督办单 and 提醒函 (numbers in sequence, never reused), the selection from
the ledger, and the agencies' scores."""

from __future__ import annotations

from datetime import date

import pytest

from planbook.core.statuses import DONE, ON_TRACK
from planbook.ledger.lines import Answer, Ledger
from planbook.core.quarter import RED, Quarter
from planbook.core.rules import default_rules, load_rules, WORKSPACE_RULES
from planbook.supervision.register import DUBAN, REMINDER, Register
from planbook.supervision.selection import Item, duban_items, reminder_items

PATTERN = "大营商督〔{year}〕{n}号"


def _item(mid: str, light: str = RED, agency: str = "市营商局") -> Item:
    return Item(mid, mid.split("-")[0], "任务", "节点", agency, (), "2023年6月", "", "", "", "", light, light == RED)


def _issue(reg: Register, quarter: str, agency: str, mids: list[str], day: date, kind: str = DUBAN):
    return reg.issue(kind, Quarter.parse(quarter), agency, [_item(m, agency=agency) for m in mids], day=day,
                     answer_by=None, pattern=PATTERN, file="x.docx")


def test_numbers_run_through_the_year_and_a_rerun_keeps_them(tmp_path):
    reg = Register()
    a, what_a = _issue(reg, "2023Q2", "市营商局", ["1-1"], date(2023, 7, 10))
    b, _ = _issue(reg, "2023Q2", "市法院", ["2-1"], date(2023, 7, 10))
    assert (a.number, b.number, what_a) == ("大营商督〔2023〕1号", "大营商督〔2023〕2号", "new")
    reg.save(tmp_path)
    again = Register.load(tmp_path)
    same, what = _issue(again, "2023Q2", "市营商局", ["1-1"], date(2023, 7, 12))
    assert (same.number, what) == (a.number, "same")
    changed, what = _issue(again, "2023Q2", "市营商局", ["1-1", "1-2"], date(2023, 7, 12))
    assert (changed.number, what, changed.revisions) == (a.number, "revised", ["2023-07-12"])
    c, _ = _issue(again, "2023Q3", "市营商局", ["1-1"], date(2023, 10, 10))
    assert c.number == "大营商督〔2023〕3号"
    d, _ = _issue(again, "2023Q4", "市营商局", ["1-1"], date(2024, 1, 10))
    assert d.number == "大营商督〔2024〕1号"  # a new year starts again at 1
    r, _ = _issue(again, "2023Q4", "市营商局", ["7-1"], date(2024, 1, 10), kind=REMINDER)
    assert r.n == 1  # 提醒函 have their own sequence


def test_a_withdrawn_number_is_never_given_again():
    reg = Register()
    _issue(reg, "2023Q2", "市营商局", ["1-1"], date(2023, 7, 10))
    gone, _ = _issue(reg, "2023Q2", "市法院", ["2-1"], date(2023, 7, 10))
    assert reg.withdraw_missing(DUBAN, Quarter(2023, 2), ["市营商局"]) == [gone]
    new, _ = _issue(reg, "2023Q2", "市税务局", ["3-1"], date(2023, 7, 11))
    assert new.n == 3 and gone.withdrawn and gone.n == 2
    back, what = _issue(reg, "2023Q2", "市法院", ["2-1"], date(2023, 7, 12))
    assert (back.n, what, back.withdrawn) == (2, "revised", False)
    numbers = [i.number for i in reg.issues]
    assert len(numbers) == len(set(numbers))


def test_escalation_counts_earlier_quarters_and_answers_are_read_from_the_ledger():
    reg = Register()
    first, _ = _issue(reg, "2023Q2", "市营商局", ["1-1", "1-2"], date(2023, 7, 10))
    _issue(reg, "2023Q3", "市营商局", ["1-1"], date(2023, 10, 10))
    assert reg.earlier(Quarter(2023, 3)) == {("市营商局", "1-1"): 1, ("市营商局", "1-2"): 1}
    assert reg.earlier(Quarter(2023, 4)) == {("市营商局", "1-1"): 2, ("市营商局", "1-2"): 1}
    ledger = Ledger()
    ledger.line("1-1", "市营商局").answers["2023Q2"] = Answer("2023Q2", ON_TRACK, progress="推进中")
    ledger.line("1-2", "市营商局").answers["2023Q2"] = Answer("2023Q2", ON_TRACK, progress="推进中")
    assert Register.answered(first, ledger) == 0
    ledger.line("1-1", "市营商局").answers["2023Q3"] = Answer("2023Q3", DONE, done_month="2023-08", progress="完成")
    ledger.line("1-2", "市营商局").answers["2023Q3"] = Answer("2023Q3", ON_TRACK, progress="推进中")  # unchanged
    assert Register.answered(first, ledger) == 1
    sheet = reg.sheet(ledger)
    assert sheet.name == "督办台账" and "部分回复（1/2）" in [row[8] for row in sheet.rows]


def test_an_unreadable_register_is_a_located_error(tmp_path):
    from planbook.base.problems import PlanbookError

    Register.path(tmp_path).parent.mkdir(parents=True)
    Register.path(tmp_path).write_text("{", encoding="utf-8")
    with pytest.raises(PlanbookError) as caught:
        Register.load(tmp_path)
    assert caught.value.problems[0].file == str(Register.path(tmp_path))


def _ledger_of(plan, answers: dict[tuple[str, str], Answer]) -> Ledger:
    ledger = Ledger(plan.fingerprint)
    for (mid, agency), a in answers.items():
        ledger.line(mid, agency).answers[a.quarter] = a
    return ledger


def _count_of(plan, quarter: Quarter, answers: dict[tuple[str, str], Answer], rules=None):
    """The quarter's count of the same answers (what the 通报 would print)."""
    from planbook.count.standing import count_quarter
    from planbook.store.record import Entry, QuarterRecord

    task_of = {m.id: t.id for t in plan.tasks for m in t.milestones}
    entries = [Entry(agency, task_of[mid], mid, a.status, a.progress, done_month=a.done_month)
               for (mid, agency), a in answers.items()]
    return count_quarter(plan, QuarterRecord(str(quarter), plan.fingerprint, "", entries=entries),
                         rules=rules or default_rules())


def test_selection_follows_the_rules_and_the_history(seed_plan, tmp_path):
    q = Quarter(2023, 2)
    task = seed_plan.tasks[0]
    agency = task.responsible[0]
    due = [m for m in task.milestones if m.deadline and m.deadline <= q.end]
    assert due
    answers = {(m.id, agency): Answer("2023Q2", ON_TRACK) for m in due}
    ledger = _ledger_of(seed_plan, answers)
    count = _count_of(seed_plan, q, answers)
    items = duban_items(seed_plan, ledger, q, default_rules(), count=count)[agency]
    assert {i.milestone_id for i in items if i.light == RED} >= {m.id for m in due}
    assert all(i.times == 1 for i in items)
    assert {i.milestone_id for i in items} <= {s.milestone.id for s in count.flagged()}  # only what the 通报 names
    twice = duban_items(seed_plan, ledger, q, default_rules(), {(agency, due[0].id): 1}, count=count)[agency]
    assert next(i for i in twice if i.milestone_id == due[0].id).times == 2
    (tmp_path / WORKSPACE_RULES).write_text("[lights]\ngrace_days = 1000\n[duban]\ninclude = [\"红灯\"]\n",
                                            encoding="utf-8")
    lenient = load_rules(tmp_path)
    count = _count_of(seed_plan, q, answers, lenient)
    assert agency not in duban_items(seed_plan, ledger, q, lenient, count=count)  # all yellow now, only red is urged
    assert due[0].id in {i.milestone_id for i in duban_items(seed_plan, ledger, q, lenient,
                                                             {(agency, due[0].id): 1}, count=count).get(agency, [])}


def test_a_milestone_the_count_calls_done_is_never_urged_whatever_the_ledger_says(seed_plan):
    q = Quarter(2023, 2)
    task = seed_plan.tasks[0]
    agency = task.responsible[0]
    due = [m for m in task.milestones if m.deadline and m.deadline <= q.end]
    ledger = _ledger_of(seed_plan, {(m.id, agency): Answer("2023Q2", ON_TRACK) for m in due})
    done = _count_of(seed_plan, q, {(m.id, agency): Answer("2023Q2", DONE, done_month="2023-05") for m in due})
    urged = duban_items(seed_plan, ledger, q, default_rules(), count=done).get(agency, [])
    assert not {m.id for m in due} & {i.milestone_id for i in urged}
    lagging = duban_items(seed_plan, ledger, q, default_rules(), count=_count_of(
        seed_plan, q, {(m.id, agency): Answer("2023Q2", ON_TRACK) for m in due}))[agency]
    assert {m.id for m in due} <= {i.milestone_id for i in lagging}


def test_reminders_cover_the_days_ahead_of_the_issue_and_skip_done_work(seed_plan):
    q = Quarter(2023, 3)
    ahead = [(t, m) for t in seed_plan.tasks for m in t.milestones if m.deadline == date(2023, 12, 31)]
    (task, m), (task2, m2) = ahead[0], ahead[1]
    answers = {(m2.id, task2.responsible[0]): Answer("2023Q3", DONE, done_month="2023-09")}
    ledger = _ledger_of(seed_plan, answers)
    rules = default_rules()
    count = _count_of(seed_plan, q, answers)
    assert reminder_items(seed_plan, ledger, q, rules, date(2023, 10, 10), count=count) == {}  # 30 days: none due
    got = reminder_items(seed_plan, ledger, q, rules, date(2023, 12, 10), count=count)
    mids = {i.milestone_id for items in got.values() for i in items}
    assert m.id in mids and m2.id not in mids
