"""Agencies' scores for a quarter, from the rule table ``[scores]`` of the rules: a start
value, points per on-time completion, per overdue milestone, per missing or unchanged
report and per return sent back, kept between the floor and the cap; and the ranking.

Counted from the quarter's record, by the one rule for every figure by agency
(:meth:`planbook.record.QuarterRecord.agency_status`):

- on time: the agency's own answer this quarter 已完成, completed inside the quarter and
  not after the (extended) deadline's month;
- late: milestones of the agency overdue at the quarter's end by the light rules;
- missing: no return this quarter; unchanged: its return carried the 提示 未更新;
- sent back: each return refused, or with errors to correct (问题清单).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..layout import DONE
from ..ledger import month_end
from ..quarter import Quarter, is_overdue

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Plan, Task
    from ..record import Entry, QuarterRecord
    from ..rules import Rules


@dataclass(frozen=True)
class Score:
    agency: str
    on_time: int
    late: int
    missing: int
    unchanged: int
    sent_back: int
    score: float
    rank: int = 0

    @property
    def score_text(self) -> str:
        return f"{self.score:g}"


def agency_scores(plan: "Plan", record: "QuarterRecord", rules: "Rules | None" = None) -> list[Score]:
    """Every agency's score, best first; equal scores share a rank (then by name)."""
    from ..rules import default_rules

    rules = rules or default_rules()
    table = rules.scores
    quarter = Quarter.parse(record.quarter)
    months = {f"{quarter.year:04d}-{m:02d}" for m in range(3 * quarter.q - 2, 3 * quarter.q + 1)}
    extended: dict[str, date] = {}
    for ms in record.milestones:
        if ms.extended_to:
            extended[ms.milestone_id] = month_end(ms.extended_to)
    deadlines = {m.id: m for t in plan.tasks for m in t.milestones}
    missing = set(record.missing_agencies)
    unchanged = {p.agency for p in record.problems if p.kind == "return_not_updated" and p.agency}
    sent_back: dict[str, set[str]] = {}
    for r in record.returns:
        if r.agency and not r.accepted and not r.refused_before:
            sent_back.setdefault(r.agency, set()).add(r.sha256 or r.file)
    for p in record.problems:
        if p.agency and p.is_error and p.file:
            sent_back.setdefault(p.agency, set()).add(p.file)
    tasks_of: dict[str, list[Task]] = {}  # indexed once: 500 agencies x 1,500 tasks is slow
    for task in plan.tasks:
        for agency in dict.fromkeys(task.responsible):
            tasks_of.setdefault(agency, []).append(task)
    entries_of: dict[str, list[Entry]] = {}
    for e in record.entries:
        entries_of.setdefault(e.agency, []).append(e)
    out = []
    for agency in plan.agency_names:
        on_time = late = 0
        for task in tasks_of.get(agency, ()):
            for m in task.milestones:
                status = record.agency_status(agency, m.id)
                late += is_overdue(m, status, quarter, extended.get(m.id), rules=rules)
        for e in entries_of.get(agency, ()):
            if e.reported_in or e.status != DONE or e.done_month not in months:
                continue
            planned = deadlines.get(e.milestone_id)
            judged = extended.get(e.milestone_id) or (planned.deadline if planned else None)
            if judged is None or e.done_month <= f"{judged.year:04d}-{judged.month:02d}":
                on_time += 1
        counts = (on_time, late, int(agency in missing), int(agency in unchanged), len(sent_back.get(agency, ())))
        points = (table.on_time, table.late, table.missing, table.unchanged, table.sent_back)
        value = table.start + sum(c * p for c, p in zip(counts, points))
        out.append(Score(agency, *counts, score=round(min(max(value, table.floor), table.cap), 2)))
    out.sort(key=lambda s: (-s.score, s.agency))
    ranked, rank = [], 0
    for i, s in enumerate(out):
        if i == 0 or s.score != out[i - 1].score:
            rank = i + 1
        ranked.append(Score(s.agency, s.on_time, s.late, s.missing, s.unchanged, s.sent_back, s.score, rank))
    return ranked


def praised(scores: list[Score], rules: "Rules") -> list[Score]:
    """The top ``praise_top`` (ties at the last place included); none when it is 0."""
    top = rules.scores.praise_top
    if top <= 0 or not scores:
        return []
    return [s for s in scores if s.rank <= top]


def criticised(scores: list[Score], rules: "Rules") -> list[Score]:
    """Agencies below ``criticise_below``, when ``criticise`` is on."""
    if not rules.scores.criticise:
        return []
    return [s for s in scores if s.score < rules.scores.criticise_below]
