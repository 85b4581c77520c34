"""Cells as read by calamine: a value as text (and what Excel made of it), a key to compare
texts by, and a value as a problem shows it. Shared by the readers of a return's sheets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from planbook.base.words import CONTROL_CHARS

"""Characters no cell should keep: removed from what is read and from the problem lists."""
_INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")


def cell_text(value: Any) -> tuple[str, str]:
    """A calamine value as text, and what it was when it was not text ("" / 日期 / 数字 ...)."""
    if isinstance(value, str):
        return value, ""
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), "逻辑值"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value)), "数字"
        return repr(value), "数字"
    if isinstance(value, int):
        return str(value), "数字"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat(), "日期"
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes"), "日期时间"
    if isinstance(value, date):
        return value.isoformat(), "日期"
    if isinstance(value, time):
        return value.isoformat(timespec="seconds" if value.second else "minutes"), "时间"
    if isinstance(value, timedelta):
        return str(value), "时长"
    return ("" if value is None else str(value)), ("" if value is None else "其他")


@lru_cache(maxsize=8192)
def norm_key(text: str) -> str:
    """Full-width to half-width, every kind of space removed: for comparing, never for keeping."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def shown(text: str, limit: int = 200) -> str:
    """A value as a problem shows it: control characters made visible, long text clipped."""
    text = CONTROL_CHARS.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 字）"


# -- months as people write them -------------------------------------------------------------------
_CN_MONTHS = {"正": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12, "冬": 11, "腊": 12}
_TAIL = r"(?:份|底|末|初|中|中旬|上旬|下旬|前|左右)?"
_YEAR_MONTH = re.compile(rf"^(\d{{4}})(?:年|[-./])(\d{{1,2}})(?:月{_TAIL})?$")
_SHORT_YEAR_MONTH = re.compile(rf"^(\d{{2}})年(\d{{1,2}})月{_TAIL}$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})(?:年|[-./])(\d{1,2})(?:月|[-./])(\d{1,2})(?:日|号)?(?:前|左右)?$")
_MONTH_ONLY = re.compile(rf"^(\d{{1,2}}|{'|'.join(sorted(_CN_MONTHS, key=len, reverse=True))})月{_TAIL}$")
_MONTH_DAY = re.compile(r"^(\d{1,2})(?:月|[-./])(\d{1,2})(?:日|号)(?:前|左右)?$|^(\d{1,2})月(\d{1,2})$")
_NUMBER = re.compile(r"^(\d{4})\.(\d{1,2})$")


@dataclass(frozen=True)
class MonthRead:
    """A month cell as read: the month (``YYYY-MM``), and why the office is told (``note``:
    how a month was taken from what was written) or why nothing was taken (``error``:
    ``invalid`` or ``ambiguous``, with ``note`` saying why)."""

    month: str = ""
    note: str = ""
    error: str = ""


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and 1990 <= year <= 2199 else ""


def read_month(value: Any, *, end: date | None = None, start: date | None = None, expected: bool = False) -> MonthRead:
    """A 完成时间 or 预计完成时间 as written: ``2023年6月``, ``2023-06``, ``2023.6`` (read as
    they are); ``2023/6/15``, ``2023年6月15日``, an Excel date (the month taken, said); ``5月底``,
    ``9月``, ``六月`` (no year: a 完成时间 is the latest such month not after the quarter's ``end``,
    a 预计完成时间 — ``expected`` — the next one from the quarter's ``start`` on, said); a number
    Excel made of ``2023.6`` (said), of ``2023.10`` (2023.1: January or October, flagged). Only
    what cannot be a month is refused."""
    if isinstance(value, (datetime, date)):
        month = _ym(value.year, value.month)
        shown_value = value.strftime("%Y-%m-%d")
        if not month:
            return MonthRead(error="invalid", note=f"日期 {shown_value} 不在合理的年份范围内")
        return MonthRead(month, f"是 Excel 日期 {shown_value}，按月份 {_label(month)} 读取")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = repr(float(value)) if isinstance(value, float) else str(value)
        m = _NUMBER.match(text)
        if m is None:
            return MonthRead(error="invalid")
        if m[2] == "1":
            return MonthRead(error="ambiguous", note=f"Excel 把输入的内容变成了数字 {text}，可能是 {m[1]}年1月，"
                                                     f"也可能是 {m[1]}年10月（2019.10 会被 Excel 存为 2019.1）")
        month = _ym(int(m[1]), int(m[2]))
        if not month:
            return MonthRead(error="invalid")
        return MonthRead(month, f"被 Excel 变成了数字 {text}，按 {_label(month)} 读取")
    text = norm_key(str(value or "")).strip("。.，,；;")
    if not text:
        return MonthRead()
    m = _YEAR_MONTH.match(text)
    if m:
        month = _ym(int(m[1]), int(m[2]))
        return MonthRead(month) if month else MonthRead(error="invalid")
    m = _SHORT_YEAR_MONTH.match(text)
    if m:
        month = _ym(2000 + int(m[1]), int(m[2]))
        return MonthRead(month, f"年份只写了两位，按 {_label(month)} 读取") if month else MonthRead(error="invalid")
    m = _YEAR_MONTH_DAY.match(text)
    if m:
        month = _ym(int(m[1]), int(m[2]))
        if not month or not 1 <= int(m[3]) <= 31:
            return MonthRead(error="invalid")
        return MonthRead(month, f"写的是具体日期，按月份 {_label(month)} 读取")
    number = None
    m = _MONTH_ONLY.match(text)
    if m:
        number = int(m[1]) if m[1].isdigit() else _CN_MONTHS[m[1]]
    else:
        m = _MONTH_DAY.match(text)
        if m:
            number = int(m[1] or m[3])
            if not 1 <= int(m[2] or m[4]) <= 31:
                return MonthRead(error="invalid")
    if number is None or not 1 <= number <= 12:
        return MonthRead(error="invalid")
    if expected:
        if start is None:
            return MonthRead(error="invalid", note="没有写年份")
        year = start.year if number >= start.month else start.year + 1
        month = _ym(year, number)
        return MonthRead(month, f"没有写年份，按本季度起往后最近的 {number} 月，即 {_label(month)} 读取")
    if end is None:
        return MonthRead(error="invalid", note="没有写年份")
    year = end.year if number <= end.month else end.year - 1
    month = _ym(year, number)
    return MonthRead(month, f"没有写年份，按不晚于本季度末的最近的 {number} 月，即 {_label(month)} 读取")


def _label(month: str) -> str:
    year, m = month.split("-")
    return f"{year}年{int(m)}月"
