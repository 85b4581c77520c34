"""Text as the report sets it: agencies' answers cleaned of what a Word file cannot hold,
put on one line and clipped; dates written the Chinese way; widths measured as set.

Every text from a return passes through here before it reaches the template or the XML.
"""

from __future__ import annotations

import re

from planbook.base.words import is_wide, text_width
from planbook.report import gbt9704 as std

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


def em(text: str) -> float:
    """Width in characters: a wide one 1, another half (:mod:`planbook.base.words`)."""
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


_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]*|[。；;！!？?]+")
_CLAUSE = re.compile(r"(?:[^，,…]|…(?!…))+(?:[，,]|……)?|……")
_AGENCY_MARK = re.compile(r"(【[^】]{1,40}】)")
_NOT_WORDS = re.compile(r"[\s\W_…]+")
_ENDS = "。；;！!？?"
REPEAT_MIN_CHARS = 6
"""A clause of at least this many characters found word for word in the milestone's own text
is the milestone repeated, not the agency's account of it."""


def _bare(text: str) -> str:
    return _NOT_WORDS.sub("", text)


def _own_clauses(sentence: str, milestone: str) -> str:
    """The sentence without the clauses that repeat the milestone's text."""
    end = sentence[len(sentence.rstrip(_ENDS)):]
    kept = [c for c in _CLAUSE.findall(sentence.rstrip(_ENDS))
            if not (len(_bare(c)) >= REPEAT_MIN_CHARS and _bare(c) in milestone)]
    if not kept:
        return ""
    text = "".join(kept).rstrip("，,、 …")
    text = text[2:] if text.startswith("……") else text
    return text + (end or "。") if _bare(text) else ""


def own_words(progress: object, milestone: object, limit: int) -> str:
    """The agency's own words on a milestone, for quoting: whole sentences (cut after 。；！？,
    never inside one) up to ``limit`` characters, without the clauses that merely repeat
    the milestone's text; "" when nothing of its own is left. Agency marks (【市某局】) of a
    joined answer are kept with their sentences. A first sentence longer than ``limit`` is
    cut after its last clause that fits, and ends with ……."""
    text = one_line(progress)
    bare_milestone = _bare(one_line(milestone))
    out = mark_text = ""
    for part in _AGENCY_MARK.split(text):
        if not part.strip():
            continue
        if _AGENCY_MARK.fullmatch(part):
            mark_text = part
            continue
        sentences = [s for s in (_own_clauses(s.strip(), bare_milestone) for s in _SENTENCE.findall(part)) if s]
        for i, sentence in enumerate(sentences):
            piece = (mark_text if i == 0 else "") + sentence
            if limit > 0 and len(out) + len(piece) > limit:
                if not out:  # one long sentence: its clauses that fit
                    cut = ""
                    for clause in _CLAUSE.findall(piece):
                        if len(cut) + len(clause) > limit - 2:
                            break
                        cut += clause
                    out = cut.rstrip("，,、 ") + "……" if cut else clip(piece, limit)
                return out
            out += piece
        mark_text = ""
    return out
