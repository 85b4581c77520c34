"""Deadlines, as plans write them: in a field (``（完成时限：2022年12月）``, a 完成时限 column,
a real Excel date) or in the prose of a task (``该项工作于2019年4月底前完成``, ``9月底前``,
``到2020年``, ``第三季度``).

A deadline names a month (its last day is the deadline) or a day; ``持续推进`` / ``长期坚持``
with no date is ongoing with no deadline. A year left out (``9月底前``) is taken from the text
before it, else from the plan's year, and the deadline says so (``year_inferred``). Time
windows (``2019年1月1日至12月31日``), starting points (``2012年起``) and durations (``5年内``,
``14个工作日内``) are not deadlines.
"""

from __future__ import annotations
from planbook.core.statuses import month_key

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

ONGOING_WORDS = ("持续推进", "长期坚持", "长期推进", "持续开展", "常态化推进", "长期", "持续", "常态化")
_ONGOING_PHRASE = re.compile(r"持续推进|长期坚持|长期推进|持续开展|常态化推进|長期堅持|持續推進")
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


@dataclass(frozen=True)
class Deadline:
    """One deadline as read: the date (None: none, or ongoing with no date), the text it was
    read from, whether the work goes on (持续推进) and whether its year was inferred."""

    date: date | None
    text: str
    ongoing: bool = False
    year_inferred: bool = False

    @property
    def month(self) -> str:
        return month_key(self.date) if self.date else ""


def month_end(year: int, month: int) -> date | None:
    if not (1 <= month <= 12 and 1900 < year < 2200):
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


# -- a field or a cell ------------------------------------------------------------------------
_FIELD_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?:"
    r"(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?"
    r"|第?(?P<q>[一二三四1-4])\s*季度"
    r"|(?P<half>上半年|下半年)"
    r"|(?P<yend>年?底|年末|全年|年内)"
    r")?"
    r"|(?P<iso>(?:19|20)\d{2})\s*[-./／]\s*(?P<im>\d{1,2})(?:\s*[-./／]\s*(?P<id>\d{1,2}))?"
    r"|(?<!\d)(?P<om>\d{1,2})\s*月(?:\s*(?P<od>\d{1,2})\s*日)?"
    r"|第?(?P<oq>[一二三四])\s*季度"
    r"|(?P<oyend>年底|年末|全年|年内)"
)
_FIELD_SPLIT = re.compile(r"[；;、，,\n]|(?<=[前底末])(?=\d)")
_WORDS_ONLY = re.compile(r"^[\s，。、；（）()]*$")


def _date_of(m: re.Match[str], year: int | None) -> tuple[date | None, bool]:
    """(date, year_inferred) of a _FIELD_DATE match; the date is None when it is impossible, or
    when its year is unknown (then year_inferred is True)."""
    if m["iso"]:
        return _day_or_month(int(m["iso"]), int(m["im"]), m["id"]), False
    if m["y"]:
        y = int(m["y"])
        if m["m"]:
            return _day_or_month(y, int(m["m"]), m["d"]), False
        if m["q"]:
            return month_end(y, _QUARTER[m["q"]]), False
        if m["half"]:
            return month_end(y, 6 if m["half"] == "上半年" else 12), False
        return month_end(y, 12), False
    if year is None:
        return None, True
    if m["om"]:
        return _day_or_month(year, int(m["om"]), m["od"]), True
    if m["oq"]:
        return month_end(year, _QUARTER[m["oq"]]), True
    return month_end(year, 12), True


def _day_or_month(year: int, month: int, day: str | None) -> date | None:
    end = month_end(year, month)
    if end is None or not day:
        return end
    d = int(day)
    return date(year, month, d) if 1 <= d <= end.day else None


_NAMING_YEAR = re.compile(r"(?:19|20)\d{2}\s*年(?=[\u4e00-\u9fff])(?![底前末内度中初全上下第一二三四])")


def field_deadlines(text: str, year: int | None = None) -> list[Deadline] | None:
    """The deadlines a deadline field or cell holds: ``2022年12月，持续推进`` -> one, ongoing;
    ``2019年6月底前；2019年9月底前`` -> two; ``长期坚持`` -> one ongoing with no date; ``尽快``
    -> one with no date; None when a date in it is impossible (``2022年13月``) or its year is
    unknown. A year left out is the one written before it, else ``year``."""
    text = text.strip()
    if not text:
        return []
    ongoing = bool(_ONGOING_PHRASE.search(text)) or text in ONGOING_WORDS
    found: list[Deadline] = []
    last_year = None
    matches = [m for m in _FIELD_DATE.finditer(text) if m.group(0).strip()]
    if len(matches) > 1:  # ②3月底前，明确2023年金融指标增长目标: a year naming a thing, beside dated steps, is no date
        matches = [m for m in matches if not _NAMING_YEAR.match(text, m.start())] or matches
    for m in matches:
        when, inferred = _date_of(m, last_year or year)
        if when is None and not inferred:
            return None
        if inferred and last_year is not None:
            inferred = False
        if when is not None and not inferred:
            last_year = when.year
        found.append(Deadline(when, "", False, inferred))
    if not found:
        return [Deadline(None, text, ongoing)]
    if len(found) == 1:
        return [Deadline(found[0].date, text, ongoing, found[0].year_inferred)]
    pieces = [p.strip() for p in _FIELD_SPLIT.split(text) if p.strip() and not _WORDS_ONLY.match(p)]
    dated = [p for p in pieces if any(hit.group(0).strip() and not _NAMING_YEAR.match(p, hit.start())
                                      for hit in _FIELD_DATE.finditer(p))]
    texts = dated if len(dated) == len(found) else [text] * len(found)
    out = [Deadline(d.date, t, False, d.year_inferred) for d, t in zip(found, texts)]
    if ongoing:
        out[-1] = Deadline(out[-1].date, out[-1].text, True, out[-1].year_inferred)
    return out


def cell_deadlines(value: object, year: int | None = None) -> list[Deadline] | None:
    """A cell's deadlines: a real Excel date is that day; text is read as a field."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 25000 < value < 80000:
            value = date(1899, 12, 30) + timedelta(days=int(value))  # a date Excel stores as a bare number
        elif value == int(value) and 1900 < value < 2200:
            value = f"{int(value)}年"  # a year typed as a number
    if isinstance(value, date):
        return [Deadline(value, f"{value.year}年{value.month}月{value.day}日")]
    text = str(value or "")
    if _BARE_YEAR.match(text):  # 2024 typed as text in a 建设时间 column: the year's end, as 到2024年
        return [Deadline(month_end(int(text.strip()[:4]), 12), text.strip())]
    return field_deadlines(text, year)


_BARE_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*(?:年度?)?\s*$")


_STRICT = re.compile(
    r"^(?P<y>\d{4})\s*年\s*(?:(?P<m>\d{1,2})\s*月|(?P<half>上半年|下半年)|(?P<yend>年?底|年末))?"
    r"\s*(?:底前|底|末|前|以前)?$"
)


def parse_deadline(text: str) -> tuple[date, bool] | None:
    """``2022年12月`` -> (2022-12-31, False); ``2022年12月，持续推进`` -> ongoing; ``2023年底``
    and ``2023年6月底前`` too. None when it is not one dated deadline."""
    from planbook.plans.plain_text import normalize

    text = normalize(text)
    ongoing = False
    for word in ("持续推进", "长期坚持", "长期推进", "持续开展", "常态化推进"):
        if word in text:
            ongoing = True
            text = text.replace(word, "")
    m = _STRICT.match(text.strip("，、 "))
    if not m:
        return None
    year = int(m["y"])
    month = int(m["m"]) if m["m"] else 6 if m["half"] == "上半年" else 12
    when = month_end(year, month)
    return (when, ongoing) if when else None


# -- prose --------------------------------------------------------------------------------------
_PROSE_DATE = re.compile(
    r"(?P<pre>到|至|截至|截止|于|在|力争|争取|确保)?\s*"
    r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?"
    r"(?:(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?|第?(?P<q>[一二三四])\s*季度|(?P<half>上半年|下半年)"
    r"|(?P<yend>年底|年末|年内|底))?"
    r"\s*(?P<part>底|末|中旬|上旬|下旬|份)?\s*(?P<post>前|以前|之前|完成|建成|全面完成|基本完成|实现|上线|出台|印发|启动|开工|竣工|投用|安排)?"
)
_NOT_AFTER = ("起", "开始", "以来", "以后", "后", "至", "到", "—", "－", "-", "~", "～", "内", "度", "间")
_NOT_BEFORE = ("从", "自", "每", "去", "今", "明", "当")
_RECURRING = re.compile(r"(每年|每季度|每月|每半年|每一年|逐年)\s*$")


@dataclass(frozen=True)
class Dated:
    """A deadline found in prose, with where its phrase is."""

    deadline: Deadline
    start: int
    end: int


def prose_deadlines(text: str, year: int | None = None) -> list[Dated]:
    """The deadlines stated in a sentence or paragraph, in order. A phrase is a deadline when
    it says by when: ``前``/``底前``/``完成`` after it, or ``到``/``于`` before a whole year or
    month. A month with no year takes the year written before it in the text, else ``year``."""
    out: list[Dated] = []
    last_year: int | None = None
    for m in _PROSE_DATE.finditer(text):
        if not (m["m"] or m["q"] or m["half"] or m["yend"] or m["y"]):
            continue
        if m["yend"] == "底" and not m["y"]:
            continue
        if m["y"]:
            last_year = int(m["y"])
        start, end = m.start(), m.end()
        core = m.start("y") if m["y"] else next(m.start(g) for g in ("m", "q", "half", "yend") if m[g])
        before = text[max(0, start - 1):start]
        after = text[end:end + 2]
        if before in _NOT_BEFORE or before.isdigit() or after.startswith(_NOT_AFTER):
            continue
        if _RECURRING.search(text[:start]) or _in_window(text, core, end):
            continue
        post, pre, part = m["post"], m["pre"], m["part"]
        whole_year = m["y"] and not (m["m"] or m["q"] or m["half"] or m["yend"])
        if not (post
                or (pre in ("到", "至", "截至", "截止") and (whole_year or part in ("底", "末") or m["yend"]))
                or (pre and part in ("底", "末"))
                or (pre and m["yend"] in ("年底", "年末", "年内", "底"))
                or ((m["q"] or m["half"]) and (pre or part))):
            continue
        y = int(m["y"]) if m["y"] else last_year or year
        inferred = not m["y"] and last_year is None
        if y is None:
            out.append(Dated(Deadline(None, m.group(0).strip(), False, True), start, end))
            continue
        if m["m"]:
            when = _day_or_month(y, int(m["m"]), m["d"])
        elif m["q"]:
            when = month_end(y, _QUARTER[m["q"]])
        elif m["half"]:
            when = month_end(y, 6 if m["half"] == "上半年" else 12)
        else:
            when = month_end(y, 12)
        if when is None:
            continue
        out.append(Dated(Deadline(when, m.group(0).strip(), False, inferred), start, end))
    return out


def _in_window(text: str, start: int, end: int) -> bool:
    """A date that opens or closes a span (2019年1月1日至12月31日) is not a deadline."""
    head = text[max(0, start - 14):start]
    if re.search(r"(\d{1,2}\s*日|\d{4}\s*年|\d{1,2}\s*月)\s*(至|到|—|－|-|～|~)\s*$", head):
        return True
    return bool(re.match(r"\s*(至|—|－|-|～|~)\s*(\d{4}\s*年|\d{1,2}\s*月)", text[end:end + 12]))


def standing_ongoing(text: str) -> bool:
    """``……，长期坚持。``: the text says the work goes on, as a clause of its own."""
    return bool(re.search(r"(^|[，。；、（(])\s*(持续推进|长期坚持|长期推进|常态化推进)\s*($|[，。；）)])", text))
