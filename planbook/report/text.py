"""Text as the report sets it: agencies' answers cleaned of what a Word file cannot hold,
put on one line and clipped; dates written the Chinese way; widths measured as set.

Every text from a return passes through here before it reaches the template or the XML.
"""

from __future__ import annotations

import re
from datetime import date

from ..words import is_wide, text_width
from . import gbt9704 as std

# XML 1.0 forbids C0 controls except tab/LF/CR, lone surrogates and U+FFFE/U+FFFF; C1
# controls (U+007F-U+009F) are legal XML but Word refuses some of them, so they go too.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def clean_text(text: object) -> str:
    """Text Word can hold: control characters, lone surrogates and U+FFFE/U+FFFF removed,
    ``\\r\\n`` and ``\\r`` turned into ``\\n``. ``None`` gives ``""``."""
    if text is None:
        return ""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL_XML.sub("", s)


def one_line(text: object) -> str:
    """Cleaned text on one line: runs of whitespace (newlines, tabs) become one space."""
    return _SPACES.sub(" ", clean_text(text)).strip()


def clip(text: object, limit: int) -> str:
    """One line of at most ``limit`` characters, ending with …… when cut."""
    s = one_line(text)
    if limit <= 0 or len(s) <= limit:
        return s
    return s[: max(limit - 1, 1)].rstrip("，,；;、 ") + "……"


def cn_date(day: date) -> str:
    """2023年7月10日 (Arabic digits, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def em(text: str) -> float:
    """Width in characters: a wide one 1, another half (:mod:`planbook.words`)."""
    return text_width(text)


def width_twips(text: str) -> int:
    """Width of 三号 text as set: characters 15.75 pt, half-width ones 7.75 pt, and a
    quarter em where Chinese meets Latin letters or digits (Word's and LibreOffice's
    automatic spacing)."""
    cjk = [is_wide(c) for c in text]
    width = sum(std.CHAR_WIDTH if wide else std.HALF_CHAR_WIDTH for wide in cjk)
    kinds = [not wide and c.isalnum() for c, wide in zip(text, cjk)]
    width += std.AUTO_SPACE * sum(1 for i in range(1, len(text))
                                  if (kinds[i] and cjk[i - 1]) or (cjk[i] and kinds[i - 1]))
    return width
