"""Cells as read by calamine: a value as text (and what Excel made of it), a key to compare
texts by, and a value as a problem shows it. Shared by the readers of a return's sheets."""

from __future__ import annotations

import re
import unicodedata
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
