"""The cells of a plain table (the 台账, for example), cleaned, measured and, in a workbook of
plain tables, written as the sheet's XML directly.

XlsxWriter keeps every cell as a Python object until it saves, then writes each through
a chain of method calls: for the 台账 of a large plan (a million cells) that is most of the
time and hundreds of megabytes. :func:`defer_cells` leaves XlsxWriter what it does well (the
columns, panes, filter, print setup, styles and package) and gives it the sheet's rows as
XML text, made one row at a time when XlsxWriter assembles that sheet: inline strings, the
same styles, the same row heights as :func:`planbook.xlsx.workbook.write_table` sets.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Sequence

from planbook.base.words import CONTROL_CHARS, wrapped_lines
from planbook.xlsx.layout import MAX_CELL_TEXT

LINE_HEIGHT = 13.5
"""Points per line of 10 pt text."""
_EXCEL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")  # text Excel would read as an escaped character
_EDGE_SPACE = re.compile(r"^\s|\s$")


def cell_text(value: object) -> str:
    """A value as a cell's text: control characters removed, cut at Excel's cell limit."""
    text = "" if value is None else str(value)
    if not text.isprintable():  # (printable text has no control character)
        text = CONTROL_CHARS.sub("", text)
    return text[:MAX_CELL_TEXT]


def wrapped(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide at 10 pt (measured
    in LibreOffice: a wide character takes about 1.45 units, another about 0.8)."""
    if len(text) * 1.8 < width - 1.0 and "\n" not in text:  # one line (1.8: wider than any character)
        return 1
    return wrapped_lines(text[:2000], width - 1.0, 1.45, 0.8)


def table_row(values: Sequence[object], widths: Sequence[float]) -> tuple[list[str], float]:
    """A row's texts and its height in points: as high as its most wrapped cell (spreadsheets
    do not grow rows on open), at most 30 lines."""
    texts = [cell_text(v) for v in values]
    lines = max((wrapped(t, widths[c] if c < len(widths) else 16) for c, t in enumerate(texts) if t), default=1)
    return texts, min(409, min(lines, 30) * LINE_HEIGHT + 4)


def defer_cells(ws: Any, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
                header_format: Any, plain_format: Any) -> None:
    """The table's cells on XlsxWriter's worksheet ``ws``, written as XML when the workbook is
    saved (in memory; not in ``constant_memory`` mode). ``ws`` gets no cell of its own."""
    header_xf, plain_xf = header_format._get_xf_index(), plain_format._get_xf_index()  # the styles saved
    ws._check_dimensions(0, 0)
    ws._check_dimensions(len(rows), max(len(header), max(map(len, rows), default=0)) - 1)

    def write() -> None:
        for chunk in sheet_data(header, rows, widths, header_xf, plain_xf):
            ws.fh.write(chunk)

    ws._write_sheet_data = write


def sheet_data(header: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[float],
               header_xf: int, plain_xf: int) -> Iterator[str]:
    """``<sheetData>``, a row at a time: the header row, then each row with its height."""
    from xlsxwriter.utility import xl_col_to_name

    letters: list[str] = []

    def cells(texts: Sequence[str], r: int, xf: int) -> str:
        while len(letters) < len(texts):
            letters.append(xl_col_to_name(len(letters)))
        out = []
        for c, text in enumerate(texts):
            if len(text) > 16_383 and len(text.encode("utf-16-le")) > 65_534:  # Excel's limit is in UTF-16 units
                text = text.encode("utf-16-le")[:65_534].decode("utf-16-le", "ignore")
            if "_x" in text:
                text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
            out.append(f'<c r="{letters[c]}{r}" s="{xf}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        return "".join(out)

    yield "<sheetData>"
    yield f'<row r="1">{cells([cell_text(h) for h in header], 1, header_xf)}</row>'
    for r, values in enumerate(rows, 2):
        texts, height = table_row(values, widths)
        height = int(height * 4 / 3 + 0.5) * 0.75  # whole pixels, as XlsxWriter's set_row keeps it
        yield f'<row r="{r}" ht="{height:g}" customHeight="1">{cells(texts, r, plain_xf)}</row>'
    yield "</sheetData>"
