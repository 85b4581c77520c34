"""A quarter's standing, counted once: every figure of the 通报 (body and attachments), the
专报, the 汇总表, the scores and the 督办单 selection comes from :func:`count_quarter`, so
no two documents can disagree about the same milestone. It sits below the stages: they
import it, it imports none of them.

The rules, stated once (the README and the 填报说明 say the same)
---------------------------------------------------------------
* Each lead agency stands by its own answer (this quarter's, or an earlier one still
  standing in the ledger); an agency with no answer is 未报送, whatever a co-lead said.
* A milestone with several lead agencies is 已完成 only when every lead reports 已完成;
  otherwise it takes the state of its slowest lead, 未报送 counting as the slowest
  (未报送 < 未启动 < 进度滞后 < 正常推进). So it is overdue when any lead is not done past
  the deadline, and each lead is named for its own state.
* *Due*: the deadline (an approved extension's, when the rules honour it) is on or before
  the quarter's end; a milestone with no deadline is never due, never overdue, and is
  counted by its state alone. *Overdue*: :func:`planbook.core.quarter.is_overdue`.
* *Completed late*: done with a completion month after the deadline's month; without a
  completion month, done this quarter with the deadline before the quarter began.
  *Completed this quarter*: a completion month inside the quarter; without one, done now
  and not done in the previous quarter's count (without a previous record: the deadline
  falls inside the quarter).
* Percentages are of the due milestones: 完成率 = done / due, 按时完成率 = on time / due.
* The office's review (审核表): a lead's 已完成 the office sent back (退回) counts as not done
  (正常推进, so overdue when due); 存疑 counts as reported but is not closed. Where the office
  reviews (a verdict stands, or ``[review] required``), :attr:`QuarterCount.review` gives
  单位自报完成 (leads reporting 已完成) and 审核认定完成 (of those, 认可, or not reviewed
  when review is not required).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from planbook.core.statuses import ACCEPTED, BEHIND, DONE, DOUBTFUL, NOT_STARTED, ON_TRACK, SENT_BACK, STATUSES, as_ruled, month_end, month_key
from planbook.core.quarter import RED, YELLOW, Quarter, is_due, is_overdue, is_upcoming, light, span_starts

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.model import Milestone, Plan, Section, Task
    from planbook.store.record import QuarterRecord
    from planbook.core.rules import Rules

UNREPORTED = "未报送"
COUNT_FILE = "count.json"
"""The count kept with a reported quarter, so a later rule change does not rewrite it."""
CATEGORIES = (DONE, ON_TRACK, BEHIND, NOT_STARTED, UNREPORTED)
"""The states a milestone is counted in, in the order tables and sentences give them."""
_SLOWEST_FIRST = {"": 0, NOT_STARTED: 1, BEHIND: 2, ON_TRACK: 3, DONE: 4}

MULTI_LEAD_RULE = ("一个节点有多个牵头单位的，各牵头单位均报“已完成”才算已完成；否则按进展最慢的单位计"
                   "（未报送视为最慢），任一单位超过时限未完成即为逾期；各单位按本单位的填报分别统计和点名。")
"""The multi-lead rule in the words the 填报说明 and the 通报's notes print."""


def _ym(day: date | None) -> str:
    return month_key(day) if day is not None else ""


def category(status: str) -> str:
    """A status as counted: one of :data:`CATEGORIES`."""
    return status if status in STATUSES else UNREPORTED


@dataclass(frozen=True)
class LeadState:
    """One lead agency on one milestone, by its own answer."""

    agency: str
    status: str  # one of STATUSES, or "" (未报送)
    progress: str = ""
    done_month: str = ""
    reported_in: str = ""  # "" this quarter; else the quarter whose answer still stands
    overdue: bool = False
    late: bool = False  # done after the deadline's month
    this_quarter: bool = False  # done inside this quarter
    verdict: str = ""  # the office's verdict standing on its 已完成 (认可 / 退回 / 存疑), "" none
    opinion: str = ""  # the verdict's 审核意见

    @property
    def label(self) -> str:
        return category(self.status)

    @property
    def reported_done(self) -> bool:
        """The agency itself reports 已完成 (whatever the office ruled)."""
        return self.status == DONE or self.verdict == SENT_BACK


@dataclass(frozen=True)
class MilestoneState:
    """One milestone's standing: the leads' states combined by the multi-lead rule."""

    milestone: "Milestone"
    task: "Task"
    section: "Section"
    status: str  # combined; "" 未报送
    leads: tuple[LeadState, ...]
    deadline: date | None  # judged by: an approved extension's, or the plan's
    due: bool
    overdue: bool
    upcoming: bool
    late: bool
    this_quarter: bool
    light: str
    months_overdue: int = 0

    @property
    def label(self) -> str:
        return category(self.status)

    @property
    def progress(self) -> str:
        """The leads' own words, each prefixed with its agency when there are several."""
        said = [(s.agency, s.progress) for s in self.leads if s.progress]
        if len(self.leads) == 1:
            return said[0][1] if said else ""
        return "".join(f"【{a}】{p}" for a, p in said)

    def lead(self, agency: str) -> LeadState | None:
        return next((s for s in self.leads if s.agency == agency), None)

    @property
    def flagged(self) -> bool:
        """Named in the 通报 and listed in its 附件2: not done, and overdue, 红灯 or 黄灯
        (进度滞后, due within the grace, due next quarter and not started …), due and not
        reported, or without a deadline and 未启动 or 未报送."""
        if self.status == DONE:
            return False
        return (self.overdue or self.light in (RED, YELLOW) or (self.due and not self.status)
                or (self.milestone.deadline is None and self.status in (NOT_STARTED, "")))

    @property
    def state_label(self) -> str:
        """What the 通报 calls it: 逾期未完成 when overdue, whatever the agencies said; else its state."""
        return "逾期未完成" if self.overdue else self.label

    def laggards(self) -> tuple[LeadState, ...]:
        """The leads the 通报 names for a flagged milestone (:func:`charged`)."""
        return charged(self.leads, self.overdue)


def charged(leads: Iterable[LeadState], overdue: bool) -> tuple[LeadState, ...]:
    """The leads a flagged milestone is charged to, each named for its own state: of an overdue
    milestone the overdue ones (the agencies its overdue count is charged to); else the ones
    lagging, not started or not reporting (a co-lead on track is not blamed for a partner's
    delay), or, when none is, every lead not done."""
    leads = tuple(leads)
    if overdue:
        return tuple(s for s in leads if s.overdue)
    slow = tuple(s for s in leads if s.status not in (DONE, ON_TRACK))
    return slow or tuple(s for s in leads if s.status != DONE)


@dataclass
class Tally:
    """Counts for a set of milestones: the due ones by state, and every one by state."""

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
    early: int = 0  # 已完成 before its deadline (a milestone without one is never early)
    undated: int = 0  # milestones without a deadline
    states: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    """Every milestone (due or not, dated or not) by state."""

    def add(self, status: str, *, due: bool, overdue: bool, late: bool, dated: bool) -> None:
        self.milestones += 1
        self.states[category(status)] += 1
        self.undated += not dated
        if not due:
            self.early += dated and status == DONE
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
        self.overdue += overdue

    @property
    def rate(self) -> float | None:
        return self.done / self.due if self.due else None

    @property
    def rate_text(self) -> str:
        return percent(self.rate)

    @property
    def on_time(self) -> int:
        return self.done - self.done_late

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None

    @property
    def on_time_rate_text(self) -> str:
        return percent(self.on_time_rate)

    def by_category(self) -> dict[str, int]:
        """The due milestones by state."""
        return {DONE: self.done, ON_TRACK: self.on_track, BEHIND: self.behind,
                NOT_STARTED: self.not_started, UNREPORTED: self.unreported}

    @property
    def rate_whole(self) -> str:
        """完成率 as running text gives it: a whole percentage."""
        return percent(self.rate, 0)

    @property
    def on_time_rate_whole(self) -> str:
        return percent(self.on_time_rate, 0)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Tally":
        """A tally as kept (:meth:`to_dict`); unknown keys are ignored."""
        out = cls()
        for name in cls.__dataclass_fields__:
            if name != "states" and name in data:
                setattr(out, name, int(data[name]))
        out.states = dict.fromkeys(CATEGORIES, 0) | {k: int(v) for k, v in dict(data.get("states", {})).items()}
        return out

    def to_dict(self) -> dict[str, Any]:
        keys = ("tasks", "milestones", "due", "done", "done_late", "on_track", "behind", "not_started",
                "unreported", "overdue", "early", "undated")
        return {k: getattr(self, k) for k in keys} | {"states": dict(self.states)}


def percent(rate: float | None, digits: int = 1) -> str:
    """63.5% (``digits`` decimals; tables use one, running text none), or — when nothing is due.
    Rounded half up, as an office rounds (6.25% → 6.3%, 12.5% → 13%), not to even."""
    if rate is None:
        return "—"
    exact = Decimal(repr(round(rate * 100, 9)))
    return f"{exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)}%"


@dataclass
class ReviewCount:
    """Where the office reviews, counted as it reviews, by line (a milestone and one of its leads,
    a row of the 审核表): the lines whose lead reports 已完成 (单位自报完成), those the review
    accepts as done (审核认定完成), and the lines sent back, in doubt or not yet reviewed. A
    milestone of several leads is done only when every line is (:data:`MULTI_LEAD_RULE`)."""

    reported: int = 0
    accepted: int = 0
    sent_back: list[tuple["MilestoneState", LeadState]] = field(default_factory=list)
    doubtful: list[tuple["MilestoneState", LeadState]] = field(default_factory=list)
    pending: int = 0  # 已完成 not reviewed yet, with ``[review] required``


@dataclass
class QuarterCount:
    """A quarter's standing: every milestone, and the tallies by section, agency and in all."""

    quarter: Quarter
    milestones: list[MilestoneState]
    total: Tally
    sections: list[tuple["Section", Tally, list[MilestoneState]]]
    agencies: list[tuple[str, int, Tally]]  # (agency, tasks it leads, its own answers' tally)
    previous: "QuarterCount | None" = None
    review: ReviewCount | None = None  # None: the office does not review

    def state(self, milestone_id: str) -> MilestoneState | None:
        index = self.__dict__.get("_index")
        if index is None:
            index = self.__dict__["_index"] = {s.milestone.id: s for s in self.milestones}
        return index.get(milestone_id)

    def lead_states(self) -> Iterable[tuple[MilestoneState, LeadState]]:
        for s in self.milestones:
            for lead in s.leads:
                yield s, lead

    def flagged(self) -> list[MilestoneState]:
        """The milestones the 通报 names and lists (:attr:`MilestoneState.flagged`), in plan order."""
        return [s for s in self.milestones if s.flagged]

    def overdue_by_agency(self) -> list[tuple[str, int]]:
        """Agencies with overdue milestones of their own, most first, then in plan order."""
        return _ranked((name, t.overdue) for name, _, t in self.agencies if t.overdue)

    def to_dict(self) -> dict[str, Any]:
        """What is kept with the quarter (:data:`COUNT_FILE`)."""
        return {
            "quarter": str(self.quarter),
            "rule": MULTI_LEAD_RULE,
            "total": self.total.to_dict(),
            "sections": [{"section": s.title, **t.to_dict()} for s, t, _ in self.sections],
            "agencies": [{"agency": a, **t.to_dict()} for a, _, t in self.agencies],
            "milestones": [
                {"id": s.milestone.id, "task": s.task.id, "status": s.label, "due": s.due, "overdue": s.overdue,
                 "late": s.late, "this_quarter": s.this_quarter, "light": s.light,
                 "leads": [{"agency": lead.agency, "status": lead.label, "overdue": lead.overdue}
                           for lead in s.leads]}
                for s in self.milestones],
        }

    def to_json(self) -> bytes:
        from planbook.base.files import json_lines

        return json_lines(self.to_dict())


def _ranked(items: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    listed = list(items)
    order = {name: i for i, (name, _) in enumerate(listed)}
    return sorted(listed, key=lambda kv: (-kv[1], order[kv[0]]))


def combined(statuses: Iterable[str]) -> str:
    """The multi-lead rule: 已完成 only when every lead is; else the slowest, 未报送 the slowest."""
    got = [s if s in STATUSES else "" for s in statuses]
    return min(got, key=_SLOWEST_FIRST.__getitem__) if got else ""


def _extension(record: "QuarterRecord", milestone_id: str) -> date | None:
    state = record.status_of(milestone_id)
    return month_end(state.extended_to) if state is not None and state.extended_to else None


def count_quarter(plan: "Plan", record: "QuarterRecord", previous: "QuarterRecord | None" = None, *,
                  rules: "Rules | None" = None) -> QuarterCount:
    """The quarter's standing from its record (and the previous quarter's, for what changed);
    the module docstring gives every rule."""
    from planbook.core.rules import default_rules

    rules = rules or default_rules()
    quarter = Quarter.parse(record.quarter)
    before = count_quarter(plan, previous, rules=rules) if previous is not None else None
    q_first, q_last = _ym(quarter.start), _ym(quarter.end)
    own = {(e.agency, e.milestone_id): e for e in record.entries}
    starts: dict[str, date] = {}
    for task in plan.tasks:
        starts.update(span_starts(task.milestones))

    states: list[MilestoneState] = []
    total = Tally(tasks=len(plan.tasks))
    sections = []
    for section in plan.sections:
        tally = Tally(tasks=len(section.tasks))
        rows = []
        for task in section.tasks:
            for m in task.milestones:
                extended = _extension(record, m.id)
                deadline = extended if extended is not None and rules.lights.honour_extensions else m.deadline
                leads = []
                for agency in dict.fromkeys(task.responsible):
                    e = own.get((agency, m.id))
                    status = e.status if e is not None and e.status in STATUSES else ""
                    verdict = record.verdict_of(agency, m.id) if status == DONE and record.reviews else None
                    ruled, opinion = (verdict["verdict"], verdict.get("opinion", "")) if verdict else ("", "")
                    status = as_ruled(status, ruled)  # a 已完成 sent back is not done
                    done_month = e.done_month if e is not None and status == DONE else ""
                    leads.append(LeadState(
                        agency, status, e.progress if e is not None else "", done_month,
                        e.reported_in if e is not None else "",
                        overdue=is_overdue(m, status, quarter, extended, rules=rules),
                        late=bool(done_month and deadline and done_month > _ym(deadline)),
                        this_quarter=bool(done_month and q_first <= done_month <= q_last),
                        verdict=ruled, opinion=opinion))
                status = combined(s.status for s in leads)
                months = [s.done_month for s in leads if s.done_month]
                was = before.state(m.id) if before is not None else None
                if status != DONE:
                    late = now = False
                elif months and len(months) == len(leads):
                    late = bool(deadline) and max(months) > _ym(deadline)
                    now = q_first <= max(months) <= q_last
                elif before is not None:
                    now = was is None or was.status != DONE
                    late = now and deadline is not None and deadline < quarter.start
                else:
                    late = False
                    now = deadline is not None and quarter.start <= deadline <= quarter.end
                overdue = is_overdue(m, status, quarter, extended, rules=rules)
                progress = " ".join(s.progress for s in leads)
                state = MilestoneState(
                    m, task, section, status, tuple(leads), deadline,
                    is_due(m, quarter, extended, rules=rules), overdue,
                    is_upcoming(m, quarter, extended, rules=rules), late, now,
                    light(m, status, quarter, extended, rules=rules, progress=progress, start=starts.get(m.id)),
                    _months(deadline, quarter.end) if overdue and deadline is not None else 0)
                for t in (tally, total):
                    t.add(status, due=state.due, overdue=overdue, late=late, dated=m.deadline is not None)
                states.append(state)
                rows.append(state)
        sections.append((section, tally, rows))

    by_agency: dict[str, Tally] = {}
    tasks_of: dict[str, int] = {}
    for task in plan.tasks:
        for agency in dict.fromkeys(task.responsible):
            tasks_of[agency] = tasks_of.get(agency, 0) + 1
    index = {s.milestone.id: s for s in states}
    for task in plan.tasks:
        for m in task.milestones:
            s = index[m.id]
            for lead in s.leads:
                t = by_agency.setdefault(lead.agency, Tally())
                late = lead.late if lead.done_month else lead.status == DONE and s.late
                t.add(lead.status, due=s.due, overdue=lead.overdue, late=late, dated=m.deadline is not None)
    agencies = []
    for name in plan.agency_names:
        t = by_agency.get(name, Tally())
        t.tasks = tasks_of.get(name, 0)
        agencies.append((name, t.tasks, t))
    reviewing = bool(record.reviews) or rules.review.required
    return QuarterCount(quarter, states, total, sections, agencies, before,
                        _review_count(states, rules.review.required) if reviewing else None)


def _review_count(states: list[MilestoneState], required: bool) -> ReviewCount:
    out = ReviewCount()
    for s in states:
        for lead in s.leads:
            if not lead.reported_done:
                continue
            out.reported += 1
            if lead.verdict == SENT_BACK:
                out.sent_back.append((s, lead))
            elif lead.verdict == DOUBTFUL:
                out.doubtful.append((s, lead))
            elif lead.verdict == ACCEPTED or not required:
                out.accepted += 1
            else:
                out.pending += 1
    return out


def _months(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s (0: the same month)."""
    return max((later.year - earlier.year) * 12 + later.month - earlier.month, 0)


def keep(count: QuarterCount, folder: str | Path) -> Path:
    """Keep the count with the reported quarter (:data:`COUNT_FILE`), atomically."""
    from planbook.base.files import write_if_changed

    path = Path(folder) / COUNT_FILE
    write_if_changed(path, count.to_json())
    return path


def kept_total(folder: str | Path, quarter: str) -> Tally | None:
    """The figures in all that the 通报 of ``quarter`` printed, as kept in ``folder``; None
    when none was kept (or it is of another quarter)."""
    data = kept(folder)
    if data is None or data.get("quarter") != quarter or not isinstance(data.get("total"), dict):
        return None
    try:
        return Tally.from_dict(data["total"])
    except (TypeError, ValueError):
        return None


def kept(folder: str | Path) -> dict[str, Any] | None:
    """The count kept with a quarter when it was reported, or None."""
    path = Path(folder) / COUNT_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
