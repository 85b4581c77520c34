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
* 完成率 (completion rate): completed / due, where *completed* counts every due milestone
  reported 已完成, late or not.
* 按时完成率 (on-time completion rate): completed on time / due, where *completed on
  time* is completed minus completed late (above). Both rates share one denominator, so
  按时完成率 <= 完成率, and the difference is the share completed late.
* *Overdue months* (逾期月数) of an overdue milestone: whole calendar months from its
  deadline's month (an extension's, when granted) to the quarter's last month; 0 when the
  deadline falls in that last month (overdue by less than a month).
* The year's 序时进度 (:class:`YearPace`): the milestones whose deadline (extension
  included) falls in the quarter's calendar year, by deadline month, with how many of them
  are 已完成; the time elapsed is the share of the year's months up to the quarter's end
  (2023Q2: 6/12 = 50%). What still falls due this year is every milestone of the year not
  yet due, and how many of those are not started or not reported (the risk of the year's
  end).
* Returns with problems, by agency: the distinct returned files an agency's problems name
  (problems the office caused, such as a plan revised after the workbooks went out, are not
  the agency's and are not counted). The problems themselves go back to the agency in its
  问题清单; the report quotes only these counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..layout import BEHIND, DONE, NOT_STARTED, ON_TRACK, STATUSES
from ..model import Milestone, Plan, Section, Task
from ..quarter import RED, YELLOW, Quarter, is_due, is_overdue, is_upcoming, light
from ..record import Entry, MilestoneStatus, QuarterRecord
from .text import one_line

if TYPE_CHECKING:  # pragma: no cover
    from ..rules import Rules

UNREPORTED = "未报送"
LIGHT_WORDS = {RED: "红灯", YELLOW: "黄灯"}
"""A light as the attachment tables print it (black and white printers): any other is 绿灯."""
OFFICE_PROBLEMS = frozenset({"plan_revised"})
"""Problem kinds that are the office's doing, not the agency's: not counted against a return."""
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
            deadline: date | None = None, rules: "Rules | None" = None) -> None:
        """Count one milestone (``deadline``: an approved extension, judged by instead)."""
        self.milestones += 1
        if not is_due(m, quarter, deadline, rules=rules):
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
        self.overdue += is_overdue(m, status, quarter, deadline, rules=rules)

    @property
    def rate(self) -> float | None:
        return self.done / self.due if self.due else None

    @property
    def rate_text(self) -> str:
        return percent(self.rate)

    @property
    def on_time(self) -> int:
        """Completed by the deadline: 已完成 and not completed late."""
        return self.done - self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """按时完成率: completed on time / due (the module docstring)."""
        return self.on_time / self.due if self.due else None

    @property
    def on_time_rate_text(self) -> str:
        return percent(self.on_time_rate)

    def by_category(self) -> dict[str, int]:
        return {DONE: self.done, ON_TRACK: self.on_track, BEHIND: self.behind,
                NOT_STARTED: self.not_started, UNREPORTED: self.unreported}


def percent(rate: float | None) -> str:
    """63.5%, or — when there is nothing to divide by."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


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
    light: str = ""  # quarter.GREEN / YELLOW / RED
    months_overdue: int = 0  # whole months past the deadline at the quarter's end (overdue only)
    deadline: date | None = None  # the deadline judged by: an extension's, or the plan's

    @property
    def status_label(self) -> str:
        return self.status or UNREPORTED

    @property
    def light_label(self) -> str:
        """红灯 / 黄灯 / 绿灯, printable in black and white."""
        return LIGHT_WORDS.get(self.light, "绿灯")

    @property
    def overdue_label(self) -> str:
        """逾期3个月; 逾期不足1个月 when the deadline was in the quarter's last month."""
        return f"逾期{self.months_overdue}个月" if self.months_overdue else "逾期不足1个月"


@dataclass
class YearPace:
    """The year's 序时进度 at a quarter's end (module docstring)."""

    year: int
    elapsed: float  # share of the year's months gone by the quarter's end
    total: int  # milestones due in the year
    done: int  # of them 已完成
    due: int  # of them due by the quarter's end
    by_month: list[tuple[int, int, int]]  # (month, due that month, of them 已完成), months still to come
    remaining: int  # due later this year
    remaining_done: int
    remaining_idle: int  # due later this year and 未启动 or not reported

    @property
    def rate(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def rate_text(self) -> str:
        return percent(self.rate)

    @property
    def elapsed_text(self) -> str:
        return percent(self.elapsed)

    @property
    def peak(self) -> tuple[int, int] | None:
        """(month, count) of the month still to come in which most milestones fall due."""
        if not self.by_month:
            return None
        month, count, _ = max(self.by_month, key=lambda m: (m[1], -m[0]))
        return month, count


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
    returns_with_problems: list[tuple[str, int]] = field(default_factory=list)
    """(agency, returns with problems), in plan order: what the report says of clerical problems."""
    pace: YearPace | None = None

    @property
    def overdue(self) -> list[MilestoneRow]:
        return [r for r in self.rows if r.overdue]

    @property
    def upcoming(self) -> list[MilestoneRow]:
        """Due next quarter and not yet 已完成."""
        return [r for r in self.rows if r.upcoming and r.status != DONE]


def _extension(state: MilestoneStatus | None) -> date | None:
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


def _month(day: date | None) -> str:
    return day.strftime("%Y-%m") if day is not None else ""


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s (0: the same month)."""
    return max((later.year - earlier.year) * 12 + later.month - earlier.month, 0)


def report_data(plan: Plan, record: QuarterRecord, previous: QuarterRecord | None = None,
                rules: "Rules | None" = None) -> ReportData:
    """The figures of the report; see the module docstring for how each is counted."""
    quarter = Quarter.parse(record.quarter)
    q_first, q_last = _month(quarter.start), _month(quarter.end)
    rows: list[MilestoneRow] = []
    total = Stats(tasks=len(plan.tasks))
    prev_total: Stats | None = None
    prev_quarter = quarter.previous
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
                extended = _extension(state)
                deadline = extended or m.deadline
                done_month = state.done_month if state is not None and status == DONE else ""
                if done_month:  # declared: completed in the month the agency gave
                    this_quarter = q_first <= done_month <= q_last
                    late = bool(deadline) and done_month > _month(deadline)
                    if prev_total is not None:
                        prev_total.add(m, before.get(m.id, ("", ""))[0], prev_quarter, rules=rules)
                elif prev_total is not None:
                    prev_status = before.get(m.id, ("", ""))[0]
                    prev_total.add(m, prev_status, prev_quarter, rules=rules)
                    if status == DONE and prev_status != DONE:
                        this_quarter = True
                        late = m.deadline is not None and m.deadline < quarter.start
                elif status == DONE:
                    this_quarter = m.deadline is not None and quarter.start <= m.deadline <= quarter.end
                overdue = is_overdue(m, status, quarter, extended, rules=rules)
                row = MilestoneRow(m, task, section, status, progress, is_due(m, quarter, extended, rules=rules),
                                   overdue, is_upcoming(m, quarter, extended, rules=rules), late, this_quarter,
                                   light=light(m, status, quarter, extended, rules=rules),
                                   months_overdue=months_between(deadline, quarter.end)
                                   if overdue and deadline is not None else 0,
                                   deadline=deadline)
                rows.append(row)
                section_rows.append(row)
                stats.add(m, status, quarter, late=late, deadline=extended, rules=rules)
                total.add(m, status, quarter, late=late, deadline=extended, rules=rules)
        sections.append((section, stats, section_rows))

    late_by_id = {r.milestone.id: r.done_late for r in rows}
    own: dict[tuple[str, str], Entry] = {(e.agency, e.milestone_id): e for e in record.entries}
    agencies = []
    overdue_count: dict[str, int] = {}
    for a in plan.agencies:
        stats = Stats(tasks=len(a.task_ids))
        for task_id in a.task_ids:
            for m in plan.task(task_id).milestones:
                status = _status(record.agency_status(a.name, m.id))
                extended = _extension(record.status_of(m.id))
                entry = own.get((a.name, m.id))
                deadline = extended or m.deadline
                if status == DONE and entry is not None and entry.done_month and deadline is not None:
                    late = entry.done_month > _month(deadline)
                else:
                    late = status == DONE and late_by_id.get(m.id, False)
                stats.add(m, status, quarter, late=late, deadline=extended, rules=rules)
        agencies.append(AgencyRow(a.name, len(a.task_ids), stats))
        if stats.overdue:
            overdue_count[a.name] = stats.overdue

    upcoming_count: dict[str, int] = {}
    for r in rows:
        if r.upcoming and r.status != DONE:
            for name in r.task.responsible:
                upcoming_count[name] = upcoming_count.get(name, 0) + 1

    order = {name: i for i, name in enumerate(plan.agency_names)}

    def ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order))))

    def in_plan_order(item: tuple[str, object]) -> int:
        return order.get(item[0], len(order))

    grouped: dict[str, list[str]] = {}
    files: dict[str, set[str]] = {}
    for p in record.problems:
        agency = one_line(p.agency) or "其他"
        grouped.setdefault(agency, []).append(one_line(p.message))
        if p.kind not in OFFICE_PROBLEMS:
            files.setdefault(agency, set()).add(p.file or "")
    problems = sorted(grouped.items(), key=in_plan_order)
    with_problems = sorted(((a, len(f)) for a, f in files.items()), key=in_plan_order)

    return ReportData(plan, quarter, record, previous, rows, total, prev_total, sections,
                      agencies, ranked(overdue_count), ranked(upcoming_count), problems,
                      with_problems, year_pace(rows, quarter))


def year_pace(rows: list[MilestoneRow], quarter: Quarter) -> YearPace:
    """The year's 序时进度 from the report's rows (module docstring)."""
    year = [r for r in rows if r.deadline is not None and r.deadline.year == quarter.year]
    later = [r for r in year if not r.due]
    months: dict[int, list[int]] = {}
    for r in later:
        assert r.deadline is not None
        counts = months.setdefault(r.deadline.month, [0, 0])
        counts[0] += 1
        counts[1] += r.status == DONE
    return YearPace(
        year=quarter.year, elapsed=quarter.end.month / 12, total=len(year),
        done=sum(r.status == DONE for r in year), due=sum(r.due for r in year),
        by_month=[(month, n, done) for month, (n, done) in sorted(months.items())],
        remaining=len(later), remaining_done=sum(r.status == DONE for r in later),
        remaining_idle=sum(r.status in (NOT_STARTED, "") for r in later))
