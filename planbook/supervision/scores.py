"""Agencies' scores for a quarter, from the rule table ``[scores]`` of the rules: a start
value, points per on-time completion, per overdue milestone, per missing or unchanged
report and per return sent back, kept between the floor and the cap; and the ranking.

Counted from the quarter's one count (:mod:`planbook.count.standing`), by each agency's own answer:

- on time: the agency's own answer this quarter 已完成, completed inside the quarter and
  not after the (extended) deadline's month;
- late: milestones of the agency overdue at the quarter's end by the light rules;
- missing: no return this quarter; unchanged: its return carried the 提示 未更新;
- sent back: each return refused, or with errors to correct (问题清单);
- review sent back (``review_sent_back``): each of the agency's lines reported 已完成 that the
  office's review sent back (退回) and that still stands so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from planbook.core.statuses import DONE, SENT_BACK
from planbook.count.standing import count_quarter

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.model import Plan
    from planbook.store.record import QuarterRecord
    from planbook.core.rules import Rules


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
    review_sent_back: int = 0

    @property
    def score_text(self) -> str:
        return f"{self.score:g}"


def agency_scores(plan: "Plan", record: "QuarterRecord", rules: "Rules | None" = None) -> list[Score]:
    """Every agency's score, best first; equal scores share a rank (then by name)."""
    from planbook.core.rules import default_rules

    rules = rules or default_rules()
    table = rules.scores
    count = count_quarter(plan, record, rules=rules)
    missing = set(record.missing_agencies)
    unchanged = {p.agency for p in record.problems if p.kind == "return_not_updated" and p.agency}
    sent_back: dict[str, set[str]] = {}
    for r in record.returns:
        if r.agency and not r.accepted and not r.refused_before:
            sent_back.setdefault(r.agency, set()).add(r.sha256 or r.file)
    for p in record.problems:
        if p.agency and p.is_error and p.file:
            sent_back.setdefault(p.agency, set()).add(p.file)
    on_time_of: dict[str, int] = {}
    late_of: dict[str, int] = {}
    review_of: dict[str, int] = {}
    for _, lead in count.lead_states():
        late_of[lead.agency] = late_of.get(lead.agency, 0) + lead.overdue
        review_of[lead.agency] = review_of.get(lead.agency, 0) + (lead.verdict == SENT_BACK)
        on_time_of[lead.agency] = on_time_of.get(lead.agency, 0) + (
            lead.status == DONE and lead.this_quarter and not lead.late and not lead.reported_in)
    out = []
    for agency in plan.agency_names:
        on_time, late = on_time_of.get(agency, 0), late_of.get(agency, 0)
        counts = (on_time, late, int(agency in missing), int(agency in unchanged), len(sent_back.get(agency, ())),
                  review_of.get(agency, 0))
        points = (table.on_time, table.late, table.missing, table.unchanged, table.sent_back, table.review_sent_back)
        value = table.start + sum(c * p for c, p in zip(counts, points))
        out.append(Score(agency, *counts[:5], score=round(min(max(value, table.floor), table.cap), 2),
                         review_sent_back=counts[5]))
    out.sort(key=lambda s: (-s.score, s.agency))
    ranked, rank = [], 0
    for i, s in enumerate(out):
        if i == 0 or s.score != out[i - 1].score:
            rank = i + 1
        ranked.append(Score(s.agency, s.on_time, s.late, s.missing, s.unchanged, s.sent_back, s.score, rank,
                            s.review_sent_back))
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
