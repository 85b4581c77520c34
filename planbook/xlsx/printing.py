"""Printing a worksheet: every sheet on A4 or A3 with its body text at 9 pt or more, page
breaks between column groups, the columns that name a row repeated on every page, and a
running header and footer. :mod:`planbook.xlsx.workbook` sets up each sheet it writes through here.
"""

from __future__ import annotations

from typing import Any, Sequence

from planbook.base.words import CONTROL_CHARS

# -- print: every sheet on A4 or A3, its body text at 10 pt ------------------------------------------
A4, A3 = 9, 8  # XlsxWriter's paper codes
_PAPER_MM = {A4: (210.0, 297.0), A3: (297.0, 420.0)}
_BODY_PT, _MIN_PT = 10, 9


def _column_pt(width: float) -> float:
    """Printed points of a column ``width`` characters wide. The unit is the default font's
    digit (宋体 11 here, as WPS makes it): measured in LibreOffice with Noto Serif CJK, a
    column of XlsxWriter's ``7 * width + 5`` pixels prints at 0.88 pt a pixel; 0.9 keeps a
    margin (Excel's Calibri would print it at 0.75)."""
    return (int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)) * 0.9


def _page_pt(paper: int, landscape: bool, margin: float) -> float:
    short, long = _PAPER_MM[paper]
    return (long if landscape else short) / 25.4 * 72 - 2 * margin * 72


def print_plan(widths: Sequence[float], *, paper: int, landscape: bool, margin: float, repeat: int = 0,
               groups: Sequence[tuple[int, int]] = ()) -> tuple[int, list[int]]:
    """(scale in %, columns that start a new page). The columns after the ``repeat`` first
    ones (repeated on every page) go onto pages a ``group`` at a time (default: a column at
    a time), as many as fit the paper at full size; a group too wide for one page even at
    9 pt is split between its columns. A page still too wide is scaled down, never below
    9 pt text."""
    pt = [_column_pt(w) for w in widths]
    room = _page_pt(paper, landscape, margin)
    if not groups and sum(pt) <= room * _BODY_PT / _MIN_PT:  # one page wide, at 9 pt or more
        return min(100, int(room / sum(pt) * 100)) if pt else 100, []
    fixed = sum(pt[:repeat])
    chunks: list[tuple[int, int]] = []
    for start, end in list(groups) or [(c, c + 1) for c in range(repeat, len(pt))]:
        if fixed + sum(pt[start:end]) > room * _BODY_PT / _MIN_PT:  # cannot fit at 9 pt: column by column
            chunks += [(c, c + 1) for c in range(start, end)]
        else:
            chunks.append((start, end))
    starts = {start for start, _end in groups}
    breaks: list[int] = []
    used = widest = 0.0
    for start, end in chunks:
        width = sum(pt[start:end])
        if used and (fixed + used + width > room or start in starts):
            breaks.append(start)
            widest, used = max(widest, used), 0.0
        used += width
    widest = max(widest, used)
    need = fixed + widest
    scale = 100 if need <= room else int(room / need * 100)
    return max(scale, -(-100 * _MIN_PT // _BODY_PT)), breaks


def print_setup(ws: Any, widths: Sequence[float], *, paper: int = A4, landscape: bool = True, margin: float = 0.5,
                 repeat: int = 0, groups: Sequence[tuple[int, int]] = (), header: tuple[str, str] = ("", "")) -> None:
    """Paper, orientation, scale and page breaks (:func:`print_plan`), repeated columns, and
    the running header (who and quarter; the sheet) and footer (第 N 页 共 M 页)."""
    ws.set_paper(paper)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=margin, right=margin, top=0.75, bottom=0.75)
    scale, breaks = print_plan(widths, paper=paper, landscape=landscape, margin=margin, repeat=repeat, groups=groups)
    ws.set_print_scale(scale)
    if breaks:
        ws.set_v_pagebreaks(breaks)
        if repeat:
            ws.repeat_columns(0, repeat - 1)
    left, right = header
    ws.set_header(f"&L{_hf(left, 60)}&R{right}", {"margins": 0.3})
    ws.set_footer("&C第 &P 页 共 &N 页", {"margins": 0.3})


def _hf(text: str, limit: int) -> str:
    """Text for a header or footer: one line, ``&`` escaped, short enough for Excel's 255."""
    text = " ".join(CONTROL_CHARS.sub("", text or "").split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")
