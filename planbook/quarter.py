"""Quarter arithmetic, defined once: when a milestone is due, overdue or upcoming, and its
traffic light (红黄绿灯) for a quarter."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cached_property
from datetime import date

from .layout import BEHIND, DONE, NOT_STARTED, ON_TRACK
from .model import Milestone
from .problems import fail
from .words import cn_number

_QUARTER = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*[Qq]\s*([1-4])\s*$")

GREEN = "green"
YELLOW = "yellow"
RED = "red"


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int

    @classmethod
    def parse(cls, text: "str | Quarter") -> "Quarter":
        """``"2023Q2"`` (or a Quarter) as a Quarter; a Chinese PlanbookError for anything else."""
        if isinstance(text, Quarter):
            return text
        m = _QUARTER.match(str(text))
        if not m:
            raise fail("quarter_invalid", f"季度“{text}”格式不对，应写作 2023Q2（年份和季度号，如 2023Q2）。",
                       value=str(text), allowed="2023Q2")
        return cls(int(m[1]), int(m[2]))

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


def is_due(milestone: Milestone, quarter: Quarter, deadline: date | None = None) -> bool:
    """Due when its deadline (``deadline``: an approved extension of it) is on or before the
    quarter's end; a milestone with no deadline is never due."""
    deadline = deadline or milestone.deadline
    return deadline is not None and deadline <= quarter.end


def is_upcoming(milestone: Milestone, quarter: Quarter, deadline: date | None = None) -> bool:
    """Due in the next quarter."""
    nxt = quarter.next
    deadline = deadline or milestone.deadline
    return deadline is not None and nxt.start <= deadline <= nxt.end


def is_overdue(milestone: Milestone, status: str, quarter: Quarter, deadline: date | None = None) -> bool:
    """Due and not 已完成; an ongoing (持续推进) milestone reported 正常推进 is not overdue."""
    if not is_due(milestone, quarter, deadline) or status == DONE:
        return False
    if milestone.ongoing and status == ON_TRACK:
        return False
    return True


def light(milestone: Milestone, status: str, quarter: Quarter, deadline: date | None = None) -> str:
    """Green: 已完成 or on track. Yellow: 进度滞后, or due next quarter and 未启动 (or not
    reported). Red: overdue."""
    if is_overdue(milestone, status, quarter, deadline):
        return RED
    if status == BEHIND:
        return YELLOW
    if status in (NOT_STARTED, "") and is_upcoming(milestone, quarter, deadline):
        return YELLOW
    return GREEN
