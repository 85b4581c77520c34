"""Quarter arithmetic, defined once: when a milestone is due, overdue or upcoming, and its
light (红黄蓝绿灯) for a quarter, by the office's rules (:mod:`planbook.core.rules`).

Every function takes an optional ``rules=``: a workspace's rules are passed explicitly (its
``督查规则.toml`` over ``templates/supervision.toml``, :meth:`planbook.app.Workspace.rules`);
without it, the defaults of ``templates/supervision.toml``."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cached_property
from datetime import date, timedelta
from typing import TYPE_CHECKING, Iterable

from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK
from planbook.core.model import Milestone
from planbook.base.problems import fail
from planbook.base.words import cn_number

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.rules import Rules

_QUARTER = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*[Qq]\s*([1-4])\s*$")

GREEN = "green"
BLUE = "blue"
YELLOW = "yellow"
RED = "red"
LIGHTS = (GREEN, BLUE, YELLOW, RED)
"""In escalation order: 绿 (on track), 蓝 (near the deadline), 黄 (behind), 红 (overdue)."""
_PERCENT = re.compile(r"(?:完成|进度|达到|累计)[^，。；%％\d]{0,6}?(\d{1,3}(?:\.\d+)?)\s*[%％]")


_PARSED: dict[str, "Quarter"] = {}
"""Quarters parsed from text, by the text (a Quarter is immutable)."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int

    @classmethod
    def parse(cls, text: "str | Quarter") -> "Quarter":
        """``"2023Q2"`` (or a Quarter) as a Quarter; a Chinese PlanbookError for anything else."""
        if isinstance(text, Quarter):
            return text
        known = _PARSED.get(text) if isinstance(text, str) else None
        if known is not None:  # (the ledger and the counts parse the same few quarters thousands of times)
            return known
        m = _QUARTER.match(str(text))
        if not m:
            raise fail("quarter_invalid", f"季度“{text}”格式不对，应写作 2023Q2（年份和季度号，如 2023Q2）。",
                       value=str(text), allowed="2023Q2")
        quarter = cls(int(m[1]), int(m[2]))
        if cls is Quarter and isinstance(text, str) and len(_PARSED) < 1000:
            _PARSED[text] = quarter
        return quarter

    @classmethod
    def of(cls, day: date) -> "Quarter":
        """The quarter ``day`` falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"

    @property
    def label(self) -> str:
        """2023年第二季度"""
        return f"{self.year}年第{cn_number(self.q)}季度"

    @property
    def start(self) -> date:
        """The quarter's first day."""
        return date(self.year, 3 * self.q - 2, 1)

    @cached_property
    def end(self) -> date:
        month = 3 * self.q
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def next(self) -> "Quarter":
        """The quarter after this one."""
        return Quarter(self.year + self.q // 4, self.q % 4 + 1)

    @property
    def previous(self) -> "Quarter":
        """The quarter before this one."""
        return Quarter(self.year - (self.q == 1), (self.q - 2) % 4 + 1)


def _rules(rules: "Rules | None") -> "Rules":
    from planbook.core.rules import default_rules

    return rules or default_rules()


def judged_deadline(milestone: Milestone, deadline: date | None = None, *, rules: "Rules | None" = None) -> date | None:
    """The deadline a milestone is judged by: ``deadline`` (an approved extension) when the
    rules honour extensions, else the plan's."""
    if deadline is not None and _rules(rules).lights.honour_extensions:
        return deadline
    return milestone.deadline


def is_due(milestone: Milestone, quarter: Quarter, deadline: date | None = None, *,
           rules: "Rules | None" = None) -> bool:
    """Due when its deadline (``deadline``: an approved extension of it) is on or before the
    quarter's end; a milestone with no deadline is never due."""
    deadline = judged_deadline(milestone, deadline, rules=rules)
    return deadline is not None and deadline <= quarter.end


def is_upcoming(milestone: Milestone, quarter: Quarter, deadline: date | None = None, *,
                rules: "Rules | None" = None) -> bool:
    """Due in the next quarter."""
    nxt = quarter.next
    deadline = judged_deadline(milestone, deadline, rules=rules)
    return deadline is not None and nxt.start <= deadline <= nxt.end


def is_overdue(milestone: Milestone, status: str, quarter: Quarter, deadline: date | None = None, *,
               rules: "Rules | None" = None, supervised: bool = False) -> bool:
    """Due more than the rules' days of grace ago and not 已完成; an ongoing (持续推进)
    milestone reported 正常推进 is not overdue. ``supervised``: in a 督办单 issued before,
    which ends the grace when the rules say so."""
    rules = _rules(rules)
    if not is_due(milestone, quarter, deadline, rules=rules) or status == DONE:
        return False
    if milestone.ongoing and status == ON_TRACK:
        return False
    judged = judged_deadline(milestone, deadline, rules=rules)
    assert judged is not None
    if supervised and rules.lights.red_after_duban:
        return True
    return (quarter.end - judged).days >= rules.lights.grace_days


def reported_share(status: str, progress: str = "") -> float | None:
    """How far an agency says a milestone is: a percentage it wrote (完成65%), 0 for 未启动
    or no answer, None when it says nothing measurable."""
    found = [float(x) for x in _PERCENT.findall(progress or "")]
    if found:
        return min(max(found), 100.0) / 100
    if status in (NOT_STARTED, ""):
        return 0.0
    return None


def behind_schedule(milestone: Milestone, status: str, quarter: Quarter, deadline: date | None = None, *,
                    rules: "Rules | None" = None, progress: str = "", start: date | None = None) -> bool:
    """序时进度: the share of the span (from ``start``, the previous milestone's deadline, or
    else 1 January of the deadline's year, to the deadline) elapsed at the quarter's end is
    ahead of the share reported by more than the rules allow."""
    rules = _rules(rules)
    judged = judged_deadline(milestone, deadline, rules=rules)
    if not rules.lights.schedule or judged is None or status == DONE:
        return False
    begin = start if start is not None and start < judged else date(judged.year, 1, 1)
    if not begin < quarter.end < judged:
        return False
    elapsed = (quarter.end - begin).days / max((judged - begin).days, 1)
    share = reported_share(status, progress)
    return share is not None and elapsed - share > rules.lights.schedule_lag


def light(milestone: Milestone, status: str, quarter: Quarter, deadline: date | None = None, *,
          rules: "Rules | None" = None, progress: str = "", start: date | None = None,
          supervised: bool = False) -> str:
    """Red: overdue (:func:`is_overdue`). Yellow: 进度滞后; due but within the days of grace;
    due next quarter and 未启动 (or not reported); behind the elapsed time (:func:`behind_schedule`).
    Blue: not done and due within the rules' days after the quarter's end. Green: the rest."""
    rules = _rules(rules)
    if status == DONE:
        return GREEN
    if is_overdue(milestone, status, quarter, deadline, rules=rules, supervised=supervised):
        return RED
    judged = judged_deadline(milestone, deadline, rules=rules)
    if is_due(milestone, quarter, deadline, rules=rules) and not (milestone.ongoing and status == ON_TRACK):
        return YELLOW  # within the grace
    if status == BEHIND:
        return YELLOW
    if (rules.lights.not_started_next_quarter and status in (NOT_STARTED, "")
            and is_upcoming(milestone, quarter, deadline, rules=rules)):
        return YELLOW
    if behind_schedule(milestone, status, quarter, deadline, rules=rules, progress=progress, start=start):
        return YELLOW
    if judged is not None and quarter.end < judged <= quarter.end + timedelta(days=rules.lights.blue_days):
        return BLUE
    return GREEN


def span_starts(milestones: Iterable[Milestone]) -> dict[str, date]:
    """Milestone id -> the deadline of the task's milestone before it (where the span of
    :func:`behind_schedule` starts)."""
    out: dict[str, date] = {}
    before: date | None = None
    for m in milestones:
        if before is not None:
            out[m.id] = before
        if m.deadline is not None:
            before = m.deadline
    return out


def legend(rules: "Rules | None" = None) -> list[tuple[str, str, str]]:
    """(light, 名称, 含义) of each colour, in words that follow the rules in force."""
    lr = _rules(rules).lights
    grace = f"：完成时限已过{lr.grace_days}天以上" if lr.grace_days else "：完成时限已到"
    yellow = ["进度滞后"]
    if lr.grace_days:
        yellow.append(f"时限已过不满{lr.grace_days}天而未完成")
    if lr.not_started_next_quarter:
        yellow.append("下季度到期而尚未启动（或未报送）")
    if lr.schedule:
        yellow.append(f"报送进度落后时间进度（序时进度）{round(lr.schedule_lag * 100)}个百分点以上")
    out = [(GREEN, "绿灯", "已完成，或正常推进")]
    if lr.blue_days:
        out.append((BLUE, "蓝灯", f"临近时限：季度末之后{lr.blue_days}天内到期，尚未完成"))
    out += [(YELLOW, "黄灯", "、".join(yellow)),
            (RED, "红灯", f"逾期未完成{grace}而未完成（持续推进的节点报正常推进的除外）"
             + ("；督办后仍未完成的" if lr.red_after_duban else ""))]
    return out
