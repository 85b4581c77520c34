"""The figures of the quarterly report, computed once from the plan and the records: pure
numbers, no Word and no templates, so they can be checked (and quoted) on their own.

How the figures are counted
---------------------------
* A milestone is *due* when its deadline is on or before the quarter's end, *overdue*
  when due and not 已完成 (an ongoing 持续推进 milestone reported 正常推进 is not
  overdue): :mod:`planbook.quarter` decides, from the status in the record.
* *Completed late* (逾期完成): 已完成 with a completion month (完成时间) after its deadline
  (an approved extension's, when there is one). For an answer without a completion month
  (returns of before the ledger): the deadline fell before this quarter began, and the
  previous quarter's record is given and did not have it 已完成; without a previous record
  this cannot be known and the milestone counts as completed on time.
* *Completed this quarter* (本季度完成): 已完成 with a completion month inside this quarter.
  Without a completion month: 已完成 and not 已完成 in the previous record; without a
  previous record, 已完成 with the deadline inside this quarter.
* Figures by agency use each lead agency's own answer (its :class:`Entry`, this quarter's
  or an earlier one still standing in the ledger); an agency with no answer is "not
  reported", whatever a co-lead answered (:meth:`QuarterRecord.agency_status`, the rule
  the 汇总表's summary uses too).
* Completion rate: completed / due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..layout import BEHIND, DONE, NOT_STARTED, ON_TRACK, STATUSES
from ..model import Milestone, Plan, Section, Task
from ..quarter import Quarter, is_due, is_overdue, is_upcoming
from ..record import Entry, QuarterRecord
from .text import one_line

UNREPORTED = "未报送"
STATUS_CATEGORIES = (DONE, ON_TRACK, BEHIND, NOT_STARTED, UNREPORTED)
"""The categories a due milestone is counted in, in the order tables and charts show them."""


@dataclass
class Stats:
    """Counts for a set of milestones in one quarter."""

    tasks: int = 0
    milestones: int = 0
    due: int = 0
    done: int = 0
    done_late: int = 0
    on_track: int = 0
    behind: int = 0
    not_started: int = 0
    unreported: int = 0
    overdue: int = 0
    early: int = 0  # 已完成 before its deadline quarter

    def add(self, m: Milestone, status: str, quarter: Quarter, *, late: bool = False,
            deadline: date | None = None) -> None:
        """Count one milestone (``deadline``: an approved extension, judged by instead)."""
        self.milestones += 1
        if not is_due(m, quarter, deadline):
            self.early += status == DONE
            return
        self.due += 1
        if status == DONE:
            self.done += 1
            self.done_late += late
        elif status == ON_TRACK:
            self.on_track += 1
        elif status == BEHIND:
            self.behind += 1
        elif status == NOT_STARTED:
            self.not_started += 1
        else:
            self.unreported += 1
        self.overdue += is_overdue(m, status, quarter, deadline)

    @property
    def rate(self) -> float | None:
        return self.done / self.due if self.due else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"

    def by_category(self) -> dict[str, int]:
        return {DONE: self.done, ON_TRACK: self.on_track, BEHIND: self.behind,
                NOT_STARTED: self.not_started, UNREPORTED: self.unreported}


@dataclass
class MilestoneRow:
    """One milestone as the report sees it."""

    milestone: Milestone
    task: Task
    section: Section
    status: str  # one of STATUSES or "" (not reported)
    progress: str
    due: bool
    overdue: bool
    upcoming: bool
    done_late: bool = False
    done_this_quarter: bool = False

    @property
    def status_label(self) -> str:
        return self.status or UNREPORTED


@dataclass
class AgencyRow:
    """One lead agency's figures, counted from its own answers."""

    name: str
    tasks: int
    stats: Stats


@dataclass
class ReportData:
    """Everything the report says, computed once from the plan and the records."""

    plan: Plan
    quarter: Quarter
    record: QuarterRecord
    previous: QuarterRecord | None
    rows: list[MilestoneRow]
    total: Stats
    prev_total: Stats | None
    sections: list[tuple[Section, Stats, list[MilestoneRow]]]
    agencies: list[AgencyRow]
    overdue_by_agency: list[tuple[str, int]]
    upcoming_by_agency: list[tuple[str, int]]
    problems_by_agency: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def overdue(self) -> list[MilestoneRow]:
        return [r for r in self.rows if r.overdue]

    @property
    def upcoming(self) -> list[MilestoneRow]:
        """Due next quarter and not yet 已完成."""
        return [r for r in self.rows if r.upcoming and r.status != DONE]


def _extension(state) -> date | None:
    """The approved extension of a milestone's deadline, from its record."""
    if state is None or not state.extended_to:
        return None
    from ..ledger import month_end

    return month_end(state.extended_to)


def _status(value: str) -> str:
    return value if value in STATUSES else ""


def _index(record: QuarterRecord) -> dict[str, tuple[str, str]]:
    """milestone id -> (status, progress), built once (a lookup per milestone must not
    rescan the record)."""
    return {ms.milestone_id: (_status(ms.status), ms.progress) for ms in record.milestones}


def report_data(plan: Plan, record: QuarterRecord, previous: QuarterRecord | None = None) -> ReportData:
    """The figures of the report; see the module docstring for how each is counted."""
    quarter = Quarter.parse(record.quarter)
    rows: list[MilestoneRow] = []
    total = Stats(tasks=len(plan.tasks))
    prev_total = None
    if previous is not None:
        prev_total = Stats(tasks=len(plan.tasks))
        prev_quarter = Quarter.parse(previous.quarter)
    current = _index(record)
    before = _index(previous) if previous is not None else {}
    sections = []
    for section in plan.sections:
        stats = Stats(tasks=len(section.tasks))
        section_rows = []
        for task in section.tasks:
            for m in task.milestones:
                status, progress = current.get(m.id, ("", ""))
                late = this_quarter = False
                state = record.status_of(m.id)
                done_month = state.done_month if state is not None and status == DONE else ""
                if done_month:  # declared: completed in the month the agency gave
                    this_quarter = quarter.start.strftime("%Y-%m") <= done_month <= quarter.end.strftime("%Y-%m")
                    deadline = (state.extended_to if state.extended_to else
                                (m.deadline.strftime("%Y-%m") if m.deadline is not None else ""))
                    late = bool(deadline) and done_month > deadline
                    if previous is not None:
                        prev_total.add(m, before.get(m.id, ("", ""))[0], prev_quarter)
                elif previous is not None:
                    prev_status = before.get(m.id, ("", ""))[0]
                    prev_total.add(m, prev_status, prev_quarter)
                    if status == DONE and prev_status != DONE:
                        this_quarter = True
                        late = m.deadline is not None and m.deadline < quarter.start
                elif status == DONE:
                    this_quarter = m.deadline is not None and quarter.start <= m.deadline <= quarter.end
                extended = _extension(state)
                row = MilestoneRow(m, task, section, status, progress, is_due(m, quarter, extended),
                                   is_overdue(m, status, quarter, extended), is_upcoming(m, quarter, extended),
                                   late, this_quarter)
                rows.append(row)
                section_rows.append(row)
                stats.add(m, status, quarter, late=late, deadline=extended)
                total.add(m, status, quarter, late=late, deadline=extended)
        sections.append((section, stats, section_rows))

    own: dict[tuple[str, str], Entry] = {(e.agency, e.milestone_id): e for e in record.entries}
    missing = set(record.missing_agencies)
    agencies = []
    overdue_count: dict[str, int] = {}
    for a in plan.agencies:
        stats = Stats(tasks=len(a.task_ids))
        for task_id in a.task_ids:
            for m in plan.task(task_id).milestones:
                status = _status(record.agency_status(a.name, m.id))
                stats.add(m, status, quarter, deadline=_extension(record.status_of(m.id)))
        agencies.append(AgencyRow(a.name, len(a.task_ids), stats))
        if stats.overdue:
            overdue_count[a.name] = stats.overdue

    upcoming_count: dict[str, int] = {}
    for r in rows:
        if r.upcoming and r.status != DONE:
            for a in r.task.responsible:
                upcoming_count[a] = upcoming_count.get(a, 0) + 1

    order = {name: i for i, name in enumerate(plan.agency_names)}

    def ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order))))

    grouped: dict[str, list[str]] = {}
    for p in record.problems:
        grouped.setdefault(one_line(p.agency) or "其他", []).append(one_line(p.message))
    problems = sorted(grouped.items(), key=lambda kv: order.get(kv[0], len(order)))

    return ReportData(plan, quarter, record, previous, rows, total, prev_total, sections,
                      agencies, ranked(overdue_count), ranked(upcoming_count), problems)
