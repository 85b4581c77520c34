"""Chinese text rules used everywhere: numerals (一、二、十二) and how wide a text is drawn.

One width rule serves the workbooks (row heights, since spreadsheets do not grow wrapped
rows on open) and the report (title sizes, signature placement): a character from U+0800 on
(CJK ideographs, full-width forms, Chinese punctuation, and the quotation marks, dashes and
ellipsis a Chinese font draws full width) is *wide* and takes one em; the rest take half.
It is counted from the UTF-8 length, which C computes in one pass: row heights are worked
out for every cell of every workbook.
"""

from __future__ import annotations

import re

_CN_DIGITS = "零一二三四五六七八九"

CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters a spreadsheet cell cannot hold (tab, line feed and carriage return it can)."""


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十 (up to 99; larger numbers stay Arabic)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    if tens >= 10:
        return str(n)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


WIDE_FROM = 0x800
"""The first wide code point: every character from here on takes 3 or more bytes in UTF-8."""


def is_wide(ch: str) -> bool:
    return ord(ch) >= WIDE_FROM


def wide_count(text: str) -> int:
    """How many characters of ``text`` are wide (one em). A 3-byte UTF-8 character adds two
    bytes to the length, so this counts them exactly (a rare 2- or 4-byte one counts a half
    or one and a half)."""
    return (len(text.encode("utf-8")) - len(text)) // 2


def text_width(text: str, wide: float = 1.0, narrow: float = 0.5) -> float:
    """The width of ``text`` with ``wide`` units per wide character and ``narrow`` per other."""
    n_wide = wide_count(text)
    return wide * n_wide + narrow * (len(text) - n_wide)


def wrapped_lines(text: str, per_line: float, wide: float = 2.0, narrow: float = 1.0, *, limit: int = 0) -> int:
    """Lines ``text`` takes when wrapped ``per_line`` units wide (an estimate: the width of the
    whole text over the line width, plus its line breaks); ``limit`` caps it (0: no cap)."""
    lines = int(text_width(text, wide, narrow) // max(per_line, 1.0)) + 1 + text.count("\n")
    return min(lines, limit) if limit else lines
