"""The cells of a plain table (the 台账, for example), cleaned, measured and, in a workbook of
plain tables, written as the sheet's XML directly.

XlsxWriter keeps every cell as a Python object until it saves, then writes each through
a chain of method calls: for the 台账 of a large plan (a million cells) that is most of the
time and hundreds of megabytes. :func:`defer_cells` leaves XlsxWriter what it does well (the
columns, panes, filter, print setup, styles and package) and gives it the sheet's rows as
XML text, made one row at a time when XlsxWriter assembles that sheet: inline strings, the
same styles, the same row heights as :func:`planbook.xlsx.workbook.write_table` sets. A text
XlsxWriter would escape (a control character, or "_x0041_" itself) goes into its shared
strings, as it always did: readers unescape those, not always inline ones.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Sequence

from planbook.base.words import CONTROL_CHARS, wrapped_lines
from planbook.xlsx.layout import MAX_CELL_TEXT

LINE_HEIGHT = 13.5
"""Points per line of 10 pt text."""
_ESCAPED = re.compile("_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")  # what XlsxWriter escapes


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


_HOOKS = ("_write_sheet_data", "_write_rows", "_check_dimensions", "constant_memory", "str_table")


def can_defer(ws: Any) -> bool:
    """Whether this XlsxWriter has the worksheet parts the deferred rows rely on (a private
    part of XlsxWriter: another version may not); if not, the cells go in through its API."""
    from xlsxwriter.format import Format

    return (all(hasattr(ws, name) for name in _HOOKS) and not ws.constant_memory
            and callable(getattr(ws.str_table, "_get_shared_string_index", None))
            and callable(getattr(Format, "_get_xf_index", None)))


Measured = dict[int, tuple[Sequence[object], tuple[float, ...], list[str], float]]
"""Rows measured by :func:`table_row`, by the row object (the 台账 shows each row twice: in the
whole table and in its agency's sheet)."""


def defer_cells(ws: Any, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
                header_format: Any, plain_format: Any, measured: Measured | None = None) -> None:
    """The table's cells on XlsxWriter's worksheet ``ws``, written as XML when the workbook is
    saved (not in ``constant_memory`` mode). ``ws`` gets no cell of its own. ``measured``:
    rows already measured, shared by the sheets of a workbook."""
    if not can_defer(ws):
        for col, text in enumerate(header):
            ws.write_string(0, col, cell_text(text), header_format)
        for r, values in enumerate(rows, 1):
            texts, height = table_row(values, widths)
            for col, text in enumerate(texts):
                ws.write_string(r, col, text, plain_format)
            ws.set_row(r, height)
        return
    header_xf, plain_xf = header_format._get_xf_index(), plain_format._get_xf_index()  # the styles saved
    shared = _shared(ws, [*map(cell_text, header), *(cell_text(v) for row in rows for v in row
                                                     if v is not None and "_x" in str(v))])
    ws._check_dimensions(0, 0)
    ws._check_dimensions(len(rows), max(len(header), max(map(len, rows), default=0)) - 1)

    def write() -> None:
        for chunk in sheet_data(header, rows, widths, header_xf, plain_xf, {} if measured is None else measured,
                                shared):
            ws.fh.write(chunk)

    ws._write_sheet_data = write


Row = tuple[int, float, Sequence[tuple[int, str | None, Any]]]


def defer_rows(ws: Any, rows: Sequence[Row | str]) -> None:
    """Rows below those XlsxWriter holds on ``ws`` (the title and headers of a section sheet),
    written as XML after them when the workbook is saved (in memory or to temporary files; not
    in ``constant_memory`` mode): each (row, height in points, cells), a cell (column, text,
    format), a text of None a blank cell of its format; or a text, rows' XML made already
    (:func:`planbook.xlsx.prepared.header_rows`: the caller has checked the sheet's
    dimensions for them, and only passes them when :func:`can_defer`)."""
    if not can_defer(ws):
        for item in rows:
            assert not isinstance(item, str), "rows as XML need can_defer"
            row, height, cells = item
            for col, text, fmt in cells:
                if text is None:
                    ws.write_blank(row, col, None, fmt)
                else:
                    ws.write_string(row, col, text, fmt)
            ws.set_row(row, height)
        return
    last_col = 0
    built = [item for item in rows if not isinstance(item, str)]
    for _row, _height, cells in built:
        for col, _text, fmt in cells:
            fmt._get_xf_index()  # the format is saved with the workbook's styles
            last_col = max(last_col, col)
    if not rows:
        return
    shared = _shared(ws, [text for _row, _height, cells in built for _col, text, _fmt in cells if text])
    if built:
        ws._check_dimensions(max(row for row, _height, _cells in built), last_col)
    own_rows = ws._write_rows

    def write() -> None:
        ws.fh.write("<sheetData>")
        own_rows()
        for item in rows:
            if isinstance(item, str):
                ws.fh.write(item)
                continue
            row, height, cells = item
            ht = int(height * 4 / 3 + 0.5) * 0.75  # whole pixels, as XlsxWriter's set_row keeps it
            ws.fh.write(f'<row r="{row + 1}" ht="{ht:g}" customHeight="1">'
                        + "".join(_cell(col, row + 1, text, fmt.xf_index, shared) for col, text, fmt in cells)
                        + "</row>")
        ws.fh.write("</sheetData>")

    ws._write_sheet_data = write


_LETTERS: list[str] = []


def _fit(text: str) -> str:
    """``text`` cut at Excel's limit, which counts UTF-16 units (as XlsxWriter cuts it)."""
    if len(text) > 16_383 and len(text.encode("utf-16-le")) > 65_534:
        return text.encode("utf-16-le")[:65_534].decode("utf-16-le", "ignore")
    return text


def _shared(ws: Any, texts: Iterable[str]) -> dict[str, int]:
    """The texts XlsxWriter would escape, put in its shared strings now (before it saves
    them): text -> index."""
    out: dict[str, int] = {}
    for text in texts:
        if ("_x" in text or not text.isprintable()) and _ESCAPED.search(text):
            text = _fit(text)
            out[text] = ws.str_table._get_shared_string_index(text)
    return out


def _cell(col: int, r: int, text: str | None, xf: int, shared: dict[str, int]) -> str:
    """One cell's XML: a string as an inline string (or, one XlsxWriter would escape, as its
    shared string); None a blank cell of its format."""
    if len(_LETTERS) <= col:
        from xlsxwriter.utility import xl_col_to_name

        _LETTERS.extend(xl_col_to_name(c) for c in range(len(_LETTERS), col + 1))
    ref = _LETTERS[col]
    if text is None:
        return f'<c r="{ref}{r}" s="{xf}"/>'
    if not text:
        return f'<c r="{ref}{r}" s="{xf}" t="inlineStr"><is><t></t></is></c>'
    if len(text) > 16_383:
        text = _fit(text)
    if shared and text in shared:
        return f'<c r="{ref}{r}" s="{xf}" t="s"><v>{shared[text]}</v></c>'
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[0].isspace() or text[-1].isspace():  # space at an edge is kept only if marked
        return f'<c r="{ref}{r}" s="{xf}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'<c r="{ref}{r}" s="{xf}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_data(header: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[float],
               header_xf: int, plain_xf: int, measured: Measured, shared: dict[str, int]) -> Iterator[str]:
    """``<sheetData>``, a row at a time: the header row, then each row with its height."""
    yield "<sheetData>"
    yield '<row r="1">' + "".join(_cell(c, 1, cell_text(h), header_xf, shared) for c, h in enumerate(header)) + "</row>"
    widths_key = tuple(widths)
    for r, values in enumerate(rows, 2):
        known = measured.get(id(values))
        if known is not None and known[0] is values and known[1] == widths_key:
            texts, height = known[2], known[3]
        else:
            texts, height = table_row(values, widths)
            measured[id(values)] = (values, widths_key, texts, height)
        ht = int(height * 4 / 3 + 0.5) * 0.75  # whole pixels, as XlsxWriter's set_row keeps it
        yield f'<row r="{r}" ht="{ht:g}" customHeight="1">' + "".join(
            _cell(c, r, t, plain_xf, shared) for c, t in enumerate(texts)) + "</row>"
    yield "</sheetData>"
