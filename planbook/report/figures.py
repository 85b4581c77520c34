"""The figures of the quarterly report as the documents use them: rows, tallies by section
and agency, the year's pace and the returns' problems. Every count comes from the quarter's
one count (:mod:`planbook.count.standing`, whose docstring states the rules: the multi-lead rule,
due, overdue, completed late and this quarter); this module only arranges it.

* The year's 序时进度 (:class:`YearPace`): the milestones whose deadline (extension
  included) falls in the quarter's calendar year, by deadline month, with how many of them
  are 已完成; the time elapsed is the share of the year's months up to the quarter's end.
* Returns with problems, by agency: the distinct returned files an agency's problems name
  (problems the office caused, such as a plan revised after the workbooks went out, are not
  the agency's and are not counted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK, STATUSES
from planbook.core.model import Milestone, Plan, Section, Task
from planbook.core.quarter import RED, YELLOW, Quarter
from planbook.store.record import QuarterRecord
from planbook.count.standing import UNREPORTED as UNREPORTED, LeadState, MilestoneState, QuarterCount, Tally, count_quarter, percent
from planbook.report.wording import one_line

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.rules import Rules

LIGHT_WORDS = {RED: "红灯", YELLOW: "黄灯"}
"""A light as the attachment tables print it (black and white printers): any other is 绿灯."""
OFFICE_PROBLEMS = frozenset({"plan_revised"})
"""Problem kinds that are the office's doing, not the agency's: not counted against a return."""
STATUS_CATEGORIES = (DONE, ON_TRACK, BEHIND, NOT_STARTED, UNREPORTED)
"""The categories a due milestone is counted in, in the order tables and charts show them."""


Stats = Tally
"""A set of milestones' counts (:class:`planbook.count.standing.Tally`, the one count)."""


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
    leads: tuple[LeadState, ...] = ()  # each lead agency's own state (the multi-lead rule)

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
    count: QuarterCount | None = None
    """The quarter's count every figure here comes from (kept with the quarter when reported)."""

    @property
    def overdue(self) -> list[MilestoneRow]:
        return [r for r in self.rows if r.overdue]

    @property
    def flagged(self) -> list[MilestoneRow]:
        """What the body names and 附件2 lists (:attr:`planbook.count.standing.MilestoneState.flagged`)."""
        if self.count is None:
            return self.overdue
        named = {s.milestone.id for s in self.count.flagged()}
        return [r for r in self.rows if r.milestone.id in named]

    @property
    def listed(self) -> list[MilestoneRow]:
        """附件2's rows: what the body names, and after it the milestones whose 已完成 the office
        sent back (退回), not done and still to urge, with the office's 意见 beside them."""
        flagged = self.flagged
        if self.count is None or self.count.review is None:
            return flagged
        named = {r.milestone.id for r in flagged}
        returned = {s.milestone.id for s, _ in self.count.review.sent_back} - named
        return flagged + [r for r in self.rows if r.milestone.id in returned]

    @property
    def upcoming(self) -> list[MilestoneRow]:
        """Due next quarter and not yet 已完成."""
        return [r for r in self.rows if r.upcoming and r.status != DONE]


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s (0: the same month)."""
    return max((later.year - earlier.year) * 12 + later.month - earlier.month, 0)


def _row(s: MilestoneState) -> MilestoneRow:
    return MilestoneRow(s.milestone, s.task, s.section, s.status, s.progress, s.due, s.overdue, s.upcoming,
                        s.late, s.this_quarter, light=s.light, months_overdue=s.months_overdue,
                        deadline=s.deadline, leads=s.leads)


def report_data(plan: Plan, record: QuarterRecord, previous: QuarterRecord | None = None,
                rules: "Rules | None" = None, *, previous_total: Tally | None = None) -> ReportData:
    """The figures of the report, every one from the quarter's count (:mod:`planbook.count.standing`).
    ``previous_total``: what last quarter's 通报 printed, kept with it; compared with instead
    of a recount, so a later rule change does not rewrite what was said. ``rules``: the
    office's (the templates' defaults when None)."""
    count = count_quarter(plan, record, previous, rules=rules)
    rows = [_row(s) for s in count.milestones]
    by_id = {r.milestone.id: r for r in rows}
    sections = [(section, tally, [by_id[s.milestone.id] for s in states])
                for section, tally, states in count.sections]
    agencies = [AgencyRow(name, tasks, tally) for name, tasks, tally in count.agencies]

    upcoming_count: dict[str, int] = {}
    for s, lead in count.lead_states():
        if s.upcoming and lead.status != DONE:
            upcoming_count[lead.agency] = upcoming_count.get(lead.agency, 0) + 1

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

    before = previous_total or (count.previous.total if count.previous is not None else None)
    return ReportData(plan, count.quarter, record, previous, rows, count.total, before, sections,
                      agencies, count.overdue_by_agency(), ranked(upcoming_count), problems,
                      with_problems, year_pace(rows, count.quarter), count)


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
