"""The shape of a plan's text: numbering marks (``一、`` ``（一）`` ``1.`` ``（1）``), which level
is a section, a sub-section or a task, hard-wrapped lines, and the title block.

A plan's levels are not fixed: in one plan ``一、`` is a section and ``1.`` a task, in another
``（一）`` or ``一、`` is the task number. The task level is the numbering whose items name the
units responsible for them; when no item names a unit, it is the deepest numbering used.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

CN_DIGITS = "零〇一二三四五六七八九"
_CN_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERALS = "一二三四五六七八九十百零〇"

# Numbering kinds, from the outermost level to the innermost, as GB/T 9704 orders them.
PART = "第一部分"
CN = "一、"
PCN = "（一）"
AR = "1."
PAR = "（1）"
CIRCLED = "①"
PARAGRAPH = "段落"
KINDS = (PART, CN, PCN, AR, PAR, CIRCLED)
KIND_NAMES = {PART: "“第一部分/第一章”", CN: "“一、”", PCN: "“（一）”", AR: "“1.”", PAR: "“（1）”", CIRCLED: "“①”", PARAGRAPH: "不编号的段落"}

DOTS = "、.．﹒・･"
"""The marks that end a number: 、 and every dot offices type (. ． and the small ﹒, ・ of
some input methods and PDF copies)."""

_MARKS = (
    (PART, re.compile(rf"^第\s*([{NUMERALS}]{{1,4}})\s*(?:部分|章|篇|编)\s*[{DOTS}：:，,]?\s*(?=\S)")),
    (CN, re.compile(rf"^([{NUMERALS}]{{1,4}})\s*[{DOTS},，]\s*(?=\S)")),
    (CN, re.compile(rf"^([{NUMERALS}]{{1,3}})[ \t\u3000]+(?=\S)")),  # the seed's "一 打造……"
    (PCN, re.compile(rf"^[（(]\s*([{NUMERALS}]{{1,4}})\s*[）)]\s*[{DOTS}]?\s*(?=\S)")),
    (AR, re.compile(rf"^(\d{{1,4}})\s*[{DOTS}](?!\d)\s*(?=\S)")),
    (AR, re.compile(rf"^(\d{{1,4}})[*＊]\s*[{DOTS}](?!\d)\s*(?=\S)")),  # 1* . / 2*.: a star marking some items
    (AR, re.compile(r"^(\d{1,3})。(?=[^\d\s。])")),  # 1。在……: the full stop typed as the number's dot
    (PAR, re.compile(rf"^[（(]\s*(\d{{1,4}})\s*[）)]\s*[{DOTS}]?\s*(?=\S)|^(\d{{1,3}})[）)]\s*(?=\S)")),
    (CIRCLED, re.compile(r"^([①-⑳])\s*(?=\S)")),
)


def cn_value(text: str) -> int | None:
    """``三十`` -> 30, ``十二`` -> 12, ``一百零五`` -> 105; None when it is not a numeral."""
    if not text or any(ch not in _CN_VALUE and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_VALUE[ch] if current else _CN_VALUE[ch]
    return total + current or None


@dataclass(frozen=True)
class Mark:
    """A numbering mark at the start of a line: its kind, value, the mark as written and the rest."""

    kind: str
    value: int
    written: str
    rest: str


def mark_of(line: str) -> Mark | None:
    """The numbering mark that starts ``line`` (stripped), if any."""
    for kind, pattern in _MARKS:
        m = pattern.match(line)
        if not m:
            continue
        digits = next(g for g in m.groups() if g)
        if kind in (PART, CN, PCN):
            value = cn_value(digits)
        elif kind == CIRCLED:
            value = ord(digits) - ord("①") + 1
        else:
            value = int(digits)
        if not value:
            continue
        rest = line[m.end():].strip()
        if not rest:
            continue
        return Mark(kind, value, m.group(0).strip(), rest)
    return None


def first_sentence(text: str) -> tuple[str, str]:
    """``标题。正文`` -> (标题, 正文): a task's or a heading's title is its first sentence."""
    head, sep, rest = text.partition("。")
    if not sep:
        return text.strip(), ""
    return head.strip(), rest


# -- hard-wrapped text ------------------------------------------------------------------------
_SENTENCE_END = tuple("。：；）！？”")


def wrap_width(lines: list[str]) -> int:
    """The width a text was hard-wrapped at (copied out of a PDF: every full line is as long as
    the page line), or 0 when its lines are paragraphs."""
    lengths = [len(s) for s in (line.strip() for line in lines) if len(s) >= 8]
    if len(lengths) < 5:
        return 0
    width, count = Counter(lengths).most_common(1)[0]
    near = sum(1 for n in lengths if abs(n - width) <= 1)
    if width >= 15 and near >= 0.4 * len(lengths) and count >= 5:
        return width
    return 0


def unwrap(lines: list[tuple[int, str]], width: int) -> list[tuple[int, str]]:
    """Join each full line of a hard-wrapped text with the line after it; a line keeps the
    number of the line it starts on. A full line ending a sentence before a new numbered item
    ends its paragraph."""
    out: list[tuple[int, str]] = []
    joining = False
    for lineno, line in lines:
        text = line.strip()
        if not text:
            joining = False
            continue
        if joining and out and not (out[-1][1].endswith(_SENTENCE_END) and mark_of(text)):
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            out.append((lineno, text))
        joining = len(text) >= width - 1
    return out


# -- the title block ----------------------------------------------------------------------------
_TITLE_WORDS = re.compile(
    r"(方案|意见|通知|计划|办法|措施|细则|要点|规划|决定|清单|台账|安排|分解|分工|任务|纲要|规定|"
    r"分解表|分工表|工作表|一览表|责任表|汇总表)$"
)
_TRAILING_BRACKET = re.compile(r"[（(][^（）()]*[）)]$")
_DOC_NUMBER = re.compile(r"〔\s*(\d{4})\s*〕|\[\s*(\d{4})\s*\]|［\s*(\d{4})\s*］")
_FULL_DATE = re.compile(r"^(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_OUTSIDE_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")


def is_signature_date(line: str) -> bool:
    """``2019年1月9日`` alone on a line: the date under the issuer, where the text ends."""
    return bool(_FULL_DATE.match(line.strip()))


_ANNEX = re.compile(r"^附\s*件\s*\d*\s*[：:]\s*")
_REMARK = re.compile(r"^\s*[（(][^（）()]*[）)]\s*$")  # （此件公开发布）: a remark under the signature starts no title
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*[：:]?$|^附表\s*\d*$")


def _title_like(line: str) -> bool:
    bare = _OUTSIDE_BRACKETS.sub("", line)
    return (0 < len(line) <= 60 and not _ATTACHMENT.match(line) and not line.endswith(("。", "：", "；")) and "：" not in bare and ">>" not in line
            and not _DOC_NUMBER.search(line) and not is_signature_date(line) and mark_of(line) is None)


def _keyword_title(text: str) -> bool:
    text = _TRAILING_BRACKET.sub("", text).strip()
    text = _TRAILING_BRACKET.sub("", text).strip()
    return bool(_TITLE_WORDS.search(text))


def find_title(lines: list[str]) -> tuple[str, int]:
    """The plan's title among the lines before its first section or task, and its index (-1
    when none looks like a title). A title written over two or three short lines is joined; a
    cover notice's title (关于印发……的通知) gives way to the plan's own when both are there."""
    candidates: list[tuple[str, int]] = []
    i = 0
    while i < len(lines):
        if not _title_like(lines[i]) or _REMARK.match(lines[i]):
            i += 1
            continue
        block, j = lines[i], i + 1
        while j < len(lines) and j - i < 3 and _title_like(lines[j]) and not _keyword_title(block) \
                and len(block + lines[j]) <= 60:
            block += lines[j]
            j += 1
        if _keyword_title(block):
            candidates.append((block, i))
        elif j - i > 1 and _keyword_title(lines[i]):
            candidates.append((lines[i], i))
        i = j
    candidates = [(_ANNEX.sub("", c) or c, at) for c, at in candidates]  # 附件：……分解表: the annex's own title
    own = [c for c in candidates if not re.search(r"^关于印发|的通知$|^印发", c[0])]
    if own or candidates:
        return (own or candidates)[0]
    for i, line in enumerate(lines):
        if _title_like(line):
            return line, i
        if len(line) > 60:
            break
    return "", -1


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_WRITTEN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_PAST_AFTER = re.compile(r"[^。；，]{0,3}?(?:已|以来|底已)")  # 2020年已达标的, 2018年以来
_PAST_BEFORE = re.compile(r"(?:截至|截止|比|较)\s*$")  # 截至2020年, 比2020年


def year_in(text: str) -> int | None:
    """The first year (1900-2099) written in ``text``."""
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def document_year(lines: list[str]) -> tuple[int | None, str]:
    """The year a plan is written in, from its document number (〔2016〕) or, failing that, its
    signature date or the year it names most: (year, where it was found)."""
    for line in lines:
        m = _DOC_NUMBER.search(line)
        if m:
            return int(next(g for g in m.groups() if g)), f"文号“{m.group(0)}”"
    for line in reversed(lines):
        m = _FULL_DATE.match(line.strip())
        if m:
            return int(m.group(1)), f"落款日期“{line.strip()}”"
    years: Counter[int] = Counter()
    past: dict[int, str] = {}
    for line in lines:
        for m in _YEAR_WRITTEN.finditer(line):
            year = int(m.group(1))
            if _PAST_AFTER.match(line, m.end()) or _PAST_BEFORE.search(line[max(0, m.start() - 4):m.start()]):
                past[year + 1] = m.group(0) + line[m.end():m.end() + 4]  # 对2020年已达标的: the plan is later
                year += 1
            years[year] += 1
    if years:
        year, _ = years.most_common(1)[0]
        if year in past:
            return year, f"正文中的往年“{past[year]}”之后一年"
        return year, "正文中最常见的年份"
    return None, ""
