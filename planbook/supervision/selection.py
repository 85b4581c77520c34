"""Which milestones go into an agency's 督办单 and 提醒函: from the quarter's one count
(:mod:`planbook.count.standing`, the count the 通报 prints), by the rules.

A 督办单 lists only what the same quarter's 通报 names (:meth:`QuarterCount.flagged`), and of
each such milestone only the leads the 通报 charges with it (:meth:`MilestoneState.laggards`),
each by its own standing answer as the count has it; of those, the lines whose light is among
``[duban] include`` (红灯 overdue, 黄灯 at risk), each with its escalation: how many 督办单 of
earlier quarters listed it. So a 督办单 never urges a milestone the 通报 calls done, nor one it
does not mention. The ledger gives only what the count does not keep: a line closed (销号) and
an approved extension. A 提醒函 lists the lines not done (by the count), not overdue, due
within ``[reminders] days`` of the day it is issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from planbook.core.statuses import DONE, month_label
from planbook.core.statuses import month_end
from planbook.ledger.lines import Ledger, Line
from planbook.core.quarter import RED, Quarter, is_overdue, judged_deadline, light, span_starts

if TYPE_CHECKING:  # pragma: no cover
    from planbook.count.standing import LeadState, QuarterCount
    from planbook.core.model import Milestone, Plan, Task
    from planbook.core.rules import Rules


@dataclass(frozen=True)
class Item:
    """One milestone of one agency, as a 督办单 or 提醒函 lists it."""

    milestone_id: str
    task_id: str
    task_title: str
    text: str
    agency: str
    partners: tuple[str, ...]
    deadline: str  # as the plan writes it
    extended_to: str  # 2024年6月, when an approved extension moved it
    status: str  # the agency's standing answer; "" 未报送
    reported_in: str  # the quarter that answer came from
    progress: str
    light: str
    overdue: bool
    times: int = 1  # 第几次督办: 1 + the earlier 督办单 that listed it
    cited: str = ""  # the task as documents cite it (任务3, or 第二部分第3项 where numbering restarts)

    @property
    def task_cited(self) -> str:
        return self.cited or f"任务{self.task_id}"

    @property
    def status_label(self) -> str:
        return self.status or "未报送"

    @property
    def reported_label(self) -> str:
        """（2023年第三季度报送） when the standing answer is an earlier quarter's, else ""."""
        return f"（{Quarter.parse(self.reported_in).label}报送）" if self.reported_in else ""

    @property
    def deadline_label(self) -> str:
        return self.deadline + (f"（延期至{self.extended_to}）" if self.extended_to else "")


def _lines(plan: "Plan", ledger: Ledger) -> "list[tuple[Task, Milestone, str, Line]]":
    out = []
    for task in plan.tasks:
        for m in task.milestones:
            for agency in task.responsible:
                out.append((task, m, agency, ledger.lines.get((m.id, agency)) or Line(m.id, agency)))
    return out


def _item(task: "Task", m: "Milestone", agency: str, line: Line, quarter: Quarter, rules: "Rules",
          starts: dict[str, date], supervised: bool, times: int, lead: "LeadState", cited: str = "") -> Item:
    status, progress = lead.status, lead.progress  # the agency's standing answer, as the count has it
    extended = month_end(line.extended_to) if line.extended_to and rules.lights.honour_extensions else None
    return Item(m.id, task.id, task.title, m.text, agency, tuple(task.partners), m.deadline_text or "无",
                month_label(line.extended_to) if extended else "", status,
                lead.reported_in if lead.reported_in != str(quarter) else "", progress,
                light(m, status, quarter, extended, rules=rules, progress=progress, start=starts.get(m.id),
                      supervised=supervised),
                is_overdue(m, status, quarter, extended, rules=rules, supervised=supervised), times, cited)


def duban_items(plan: "Plan", ledger: Ledger, quarter: Quarter, rules: "Rules",
                earlier: dict[tuple[str, str], int] | None = None, *,
                count: "QuarterCount") -> dict[str, list[Item]]:
    """Agency -> its lines to urge this quarter, in plan order: of the milestones the 通报 names
    (``count``, the quarter's count), the leads it charges. ``earlier``: (agency, milestone id)
    -> how many 督办单 of earlier quarters listed it (from the register)."""
    earlier = earlier or {}
    wanted = rules.duban.lights
    out: dict[str, list[Item]] = {}
    starts: dict[str, date] = {}
    for task in plan.tasks:
        starts.update(span_starts(task.milestones))
    for state in count.flagged():
        for lead in state.laggards():
            line = ledger.lines.get((state.milestone.id, lead.agency)) or Line(state.milestone.id, lead.agency)
            if line.closed_as_of(quarter):
                continue
            before = earlier.get((lead.agency, state.milestone.id), 0)
            item = _item(state.task, state.milestone, lead.agency, line, quarter, rules, starts, before > 0,
                         before + 1, lead, plan.citation(state.task))
            if item.light in wanted:
                out.setdefault(lead.agency, []).append(item)
    order = {name: i for i, name in enumerate(plan.agency_names)}
    out = dict(sorted(out.items(), key=lambda kv: order.get(kv[0], len(order))))
    for items in out.values():  # the overdue first, then the others, each in plan order
        items.sort(key=lambda i: i.light != RED)
    return out


def reminder_items(plan: "Plan", ledger: Ledger, quarter: Quarter, rules: "Rules", day: date, *,
                   count: "QuarterCount") -> dict[str, list[Item]]:
    """Agency -> its lines not done (by ``count``, the quarter's count) and not overdue that fall
    due after the quarter's end and within ``[reminders] days`` of ``day`` (the day the letters
    are issued)."""
    days = rules.reminders.days
    out: dict[str, list[Item]] = {}
    if days <= 0:
        return out
    last = day + timedelta(days=days)
    for task, m, agency, line in _lines(plan, ledger):
        extended = month_end(line.extended_to) if line.extended_to else None
        deadline = judged_deadline(m, extended, rules=rules)
        if deadline is None or not quarter.end < deadline <= last:
            continue
        state = count.state(m.id)
        lead = state.lead(agency) if state is not None else None
        if lead is None or lead.status == DONE or line.closed_as_of(quarter):
            continue
        out.setdefault(agency, []).append(_item(task, m, agency, line, quarter, rules, {}, False, 1, lead,
                                                plan.citation(task)))
    return out
