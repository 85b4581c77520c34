"""The words an agency answers in and the months it names: the status vocabulary (已完成,
正常推进, 进度滞后, 未启动) and month keys (``2023-06``), defined once. The workbook layout, the
quarter's lights, the count and the ledger all speak them."""

from __future__ import annotations

import calendar
import re
from datetime import date

DONE = "已完成"
ON_TRACK = "正常推进"
BEHIND = "进度滞后"
NOT_STARTED = "未启动"
STATUSES: tuple[str, ...] = (DONE, ON_TRACK, BEHIND, NOT_STARTED)
"""What an agency may choose in 完成状态; an empty cell means not yet reported."""
STATUS_RANK: dict[str, int] = {NOT_STARTED: 0, BEHIND: 1, ON_TRACK: 2, DONE: 3}
"""How advanced a status is: consolidating several agencies' answers keeps the least."""
ACCEPTED, SENT_BACK, DOUBTFUL = "认可", "退回", "存疑"
VERDICTS: tuple[str, ...] = (ACCEPTED, SENT_BACK, DOUBTFUL)
"""The office's verdicts on a line reported 已完成 (the 审核表's 审核结论 dropdown)."""


def as_ruled(status: str, verdict: str) -> str:
    """An agency's status as the office counts it: a 已完成 it sent back (退回) is 正常推进."""
    return ON_TRACK if status == DONE and verdict == SENT_BACK else status


_MONTH = re.compile(r"^(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月(?:份|底|末)?)?$")


def parse_month(text: str) -> str:
    """``2023年6月``, ``2023-06``, ``2023.6``, ``2023/6`` (and 月底, 月份) -> ``2023-06``; "" if not a month."""
    m = _MONTH.match(text.strip().replace("\u3000", " "))
    if not m or not 1 <= int(m[2]) <= 12 or not 1990 <= int(m[1]) <= 2199:
        return ""
    return f"{int(m[1]):04d}-{int(m[2]):02d}"


def month_label(month: str) -> str:
    """``2022-06`` -> ``2022年6月``."""
    year, m = month.split("-")
    return f"{year}年{int(m)}月"


def cn_date(day: date) -> str:
    """2023年7月10日 (Arabic digits, no leading zeros): every date a document prints."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_key(day: date) -> str:
    """``date(2023, 6, 30)`` -> ``2023-06``: how a month is kept in records and compared."""
    return f"{day.year:04d}-{day.month:02d}"


def month_end(month: str) -> date:
    """The last day of ``2023-06``."""
    year, m = (int(x) for x in month.split("-"))
    return date(year, m, calendar.monthrange(year, m)[1])
