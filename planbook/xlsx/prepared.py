"""Parts of a worksheet's XML that agencies' workbooks share, made once per process.

Export writes one workbook per lead agency; their section sheets differ in rows, not in
shape: the same column widths, header rows, merged ranges and dropdowns recur from one
agency's workbook to the next. XlsxWriter rebuilds each of these through its API and writes
it out as XML again in every workbook. :func:`shared_part` makes a part once through
XlsxWriter's own API (the first workbook that needs it), keeps the worksheet state it set
and the XML XlsxWriter wrote for it, and gives a later worksheet of the same part that state
and that XML: the same bytes XlsxWriter would write. :func:`header_rows` writes the header
rows of a section sheet as XML (as :mod:`planbook.xlsx.tables` writes the task rows), once
per column layout and header style.

Relies on private parts of XlsxWriter (its ``_write_*`` methods and worksheet attributes):
:func:`can_share` says whether this XlsxWriter has them; if not, the workbook is written
through XlsxWriter's API alone.
"""

from __future__ import annotations

import io
from typing import Any, Callable, Hashable, Sequence

from planbook.xlsx.layout import GROUP_FIELDS, GROUP_ROW, HEADER_ROW, TITLE_ROW, SheetLayout
from planbook.xlsx import tables
from planbook.xlsx.tables import _ESCAPED, Row, _cell

_PARTS: dict[tuple[str, Hashable], tuple[dict[str, Any], list[str]]] = {}
_HEADS: dict[Hashable, str] = {}
_SHAPES: dict[Hashable, tuple[str | None, tuple[tuple[int, int, int, int], ...], int]] = {}
_MAX_KEPT = 4096  # parts kept per process (a plan has a few hundred shapes at most)

PARTS = {  # the XML writer of a part and the worksheet attributes its API calls set
    "cols": ("_write_cols", ("col_info", "col_size_changed")),
    "merges": ("_write_merge_cells", ("merge", "merged_cells")),
    "validations": ("_write_data_validations", ("validations",)),
}


def can_share(ws: Any) -> bool:
    """Whether this XlsxWriter has the worksheet parts shared parts rely on."""
    return tables.can_defer(ws) and all(hasattr(ws, m) and all(hasattr(ws, a) for a in attrs)
                                 for m, attrs in PARTS.values())


def _copy(value: Any) -> Any:
    return value.copy() if isinstance(value, (dict, list)) else value


def shared_part(ws: Any, part: str, key: Hashable, build: Callable[[], None]) -> None:
    """Part ``part`` ("cols", "merges" or "validations") of the fresh worksheet ``ws``, made by
    ``build`` (XlsxWriter's API calls, nothing else) when no earlier worksheet of this process
    had the same ``key``; else the state and XML kept from that one."""
    method, attrs = PARTS[part]
    known = _PARTS.get((part, key))
    if known is not None and known[1]:
        state, xml = known
        for attr in attrs:
            setattr(ws, attr, _copy(state[attr]))
        setattr(ws, method, lambda: ws.fh.write(xml[0]))
        return
    build()
    if len(_PARTS) >= _MAX_KEPT:
        _PARTS.clear()
    kept: list[str] = []
    _PARTS[(part, key)] = ({attr: _copy(getattr(ws, attr)) for attr in attrs}, kept)
    own = getattr(ws, method)

    def capture() -> None:  # XlsxWriter's XML of the part, kept as it is written
        fh, buffer = ws.fh, io.StringIO()
        ws.fh = buffer
        try:
            own()
        finally:
            ws.fh = fh
        text = buffer.getvalue()
        if not kept:
            kept.append(text)
        fh.write(text)

    setattr(ws, method, capture)


def header_rows(key: Hashable, rows: Sequence[tuple[int, Sequence[tuple[int, str | None]]]], xf: int) -> str | None:
    """The XML of header rows (no height of their own): each (row, cells), a cell (column,
    text or None for a blank), every cell of style ``xf``; None when a text would need the
    workbook's shared strings (these rows are then written through XlsxWriter)."""
    full = (key, xf)
    known = _HEADS.get(full)
    if known is not None:
        return known
    if any(text and ("_x" in text or not text.isprintable()) and _ESCAPED.search(text)
           for _row, cells in rows for _col, text in cells):
        return None
    xml = "".join(f'<row r="{row + 1}">' + "".join(_cell(col, row + 1, text, xf, {}) for col, text in cells) + "</row>"
                  for row, cells in rows)
    if len(_HEADS) >= _MAX_KEPT:
        _HEADS.clear()
    _HEADS[full] = xml
    return xml


def _shape(sheet: SheetLayout, key: Hashable, xf: int) -> tuple[str | None, tuple[tuple[int, int, int, int], ...], int]:
    """A section sheet's header rows (XML), merged ranges and the title's last column."""
    groups = [(sheet.slot_col(si, GROUP_FIELDS[0]), slot.header) for si, slot in enumerate(sheet.slots)]
    group_row: dict[int, str | None] = {}
    header_row: dict[int, str | None] = {}
    fixed = []
    for col, column, slot in sheet.columns():
        group_row[col], header_row[col] = (column.header, None) if slot is None else (None, column.header)
        if slot is None:
            fixed.append(col)
    for first, text in groups:
        group_row[first] = text
    head = header_rows(key, [(GROUP_ROW, sorted(group_row.items())), (HEADER_ROW, sorted(header_row.items()))], xf)
    title_end = min(sheet.width - 1, 8)
    merges = ([(TITLE_ROW, 0, TITLE_ROW, title_end)] + [(GROUP_ROW, c, HEADER_ROW, c) for c in fixed]
              + [(GROUP_ROW, first, GROUP_ROW, first + len(GROUP_FIELDS) - 1) for first, _t in groups])
    if len(_SHAPES) >= _MAX_KEPT:
        _SHAPES.clear()
    return head, tuple(merges), title_end


def section_head(ws: Any, header_format: Any, title_format: Any, sheet: SheetLayout, widths: Sequence[float],
                 title: str, rows: list[Row | str]) -> bool:
    """A section sheet's columns, merged ranges and header rows as made for an earlier sheet of
    the same shape (:mod:`planbook.xlsx.prepared`), its title row put first in ``rows``; False
    (nothing done) when this XlsxWriter or these texts do not allow it."""
    if not can_share(ws):
        return False
    ncols = sheet.width
    xf = header_format._get_xf_index()  # the header style saved with the workbook's styles
    key = (tuple(sheet.fixed), tuple(slot.header for slot in sheet.slots), xf)
    shape = _SHAPES.get(key)
    if shape is None:
        shape = _SHAPES[key] = _shape(sheet, key, xf)
    head, merges, title_end = shape
    if head is None:
        return False

    def set_columns() -> None:
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)

    def merge() -> None:
        from xlsxwriter.utility import xl_range

        for first_row, first_col, last_row, last_col in merges:  # as merge_range keeps them, cells aside
            ws.merge.append([first_row, first_col, last_row, last_col])
            ranged = xl_range(first_row, first_col, last_row, last_col)
            for r in range(first_row, last_row + 1):
                for c in range(first_col, last_col + 1):
                    ws.merged_cells[(r, c)] = ranged

    shared_part(ws, "cols", tuple(widths), set_columns)
    shared_part(ws, "merges", merges, merge)
    ws._check_dimensions(TITLE_ROW, 0)
    ws._check_dimensions(HEADER_ROW, ncols - 1)
    rows.append((TITLE_ROW, 24, [(0, title, title_format), *((c, None, title_format) for c in range(1, title_end + 1))]))
    rows.append(head)
    return True


def clear() -> None:
    """Forget the parts made so far (tests)."""
    _PARTS.clear()
    _HEADS.clear()
    _SHAPES.clear()
