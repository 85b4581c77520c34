"""Where a section sheet's columns are in a returned file: the header row found by its texts
(rows inserted or deleted above it), each column group by its header (完成时限：…), each field
and fixed column by its header, wherever columns were inserted, deleted or moved; a header
typed over is placed where export put it (and said). Most returns come back as sent: that is
checked first, cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Callable, Sequence

from planbook.xlsx.layout import GROUP_FIELDS, GROUP_ROW, HEADER_ROW, MILESTONE, Column, SheetLayout
from planbook.collection.cells import cell_text, norm_key

FIELD_BY_KEY = {c.key: c for c in GROUP_FIELDS}


@dataclass
class Columns:
    """Where a section sheet's table is in the file: found by its headers, wherever they moved."""

    header_row: int  # 0-based row of the field headers (完成状态 ...)
    group_row: int  # the row of the column groups (完成时限：2022年6月 ...) and of the fixed headers
    fixed: dict[str, int] = field(default_factory=dict)  # fixed column key -> col
    fields: dict[tuple[int, str], int] = field(default_factory=dict)  # (slot index, field key) -> col
    end: int = 0  # one past the table's last column
    inserted: list[int] = field(default_factory=list)  # columns of the table that are none of the layout's
    missing: list[tuple[int | None, Column]] = field(default_factory=list)  # (slot index or None, column) not found
    typed_over: list[tuple[int, int, str, str]] = field(default_factory=list)  # (row, col, found, expected)
    extra_header_rows: list[int] = field(default_factory=list)
    moved: bool = False
    positional: bool = False  # no header recognised: read where export put the cells
    sent: tuple[list[dict[str, int | None]], list[frozenset[int]]] | None = None  # as sent: the shape's groups

    def groups(self, slots: int) -> tuple[list[dict[str, int | None]], list[frozenset[int]]]:
        """Each column group's fields (field key -> col, None when missing) and its columns."""
        if self.sent is not None:
            return self.sent
        where = [{f.key: self.fields.get((si, f.key)) for f in GROUP_FIELDS} for si in range(slots)]
        return where, [frozenset(c for c in w.values() if c is not None) for w in where]

    @property
    def placed(self) -> set[int]:
        return set(self.fixed.values()) | set(self.fields.values())

    @property
    def first_row(self) -> int:
        return self.header_row + 1


def locate_columns(sheet: SheetLayout, rows: list[list[Any]],
                   merged: Sequence[tuple[int, int, int, int]] = ()) -> Columns:
    """Where ``sheet``'s columns are in ``rows`` (calamine's values); ``merged`` ranges as
    (first row, first col, last row, last col), 0-based."""
    return _Finder(sheet, rows, merged)._locate()


class Cells:
    """A sheet's cells as read (``rows``): a value, its text and its header key by position,
    "" outside the sheet. The column finder and the section reader both look through this."""

    rows: list[list[Any]]

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows):
            r = self.rows[row]
            if 0 <= col < len(r):
                return r[col]
        return ""

    def text(self, row: int, col: int) -> str:
        return cell_text(self.value(row, col))[0]

    def key(self, row: int, col: int) -> str:
        return norm_key(self.text(row, col))


@dataclass(frozen=True)
class _Shape:
    """What every section sheet of one shape (its fixed columns and column groups) has in
    common, worked out once per process: most returns are read against a handful of shapes."""

    sent: tuple[tuple[int, Callable[[list[Any]], Any], Any], ...]  # (row, getter, the headers as export wrote them)
    known: frozenset[str]  # the keys of every header text
    fixed: dict[str, int]  # where export put the fixed columns and the fields
    fields: dict[tuple[int, str], int]
    groups: tuple[list[dict[str, int | None]], list[frozenset[int]]]  # Columns.groups of the sheet as sent


_SHAPES: dict[tuple[Any, ...], _Shape] = {}


def _shape(sheet: SheetLayout) -> _Shape:
    key = (sheet.fixed, sheet.slots)
    found = _SHAPES.get(key)
    if found is None:
        cells = [(GROUP_ROW if slot is None else HEADER_ROW, col, column.header) for col, column, slot in sheet.columns()]
        cells += [(GROUP_ROW, sheet.slot_col(si, MILESTONE), slot.header) for si, slot in enumerate(sheet.slots)]
        sent = []
        for row in (GROUP_ROW, HEADER_ROW):
            at = [(c, h) for r, c, h in cells if r == row]
            if at:  # a getter of one index gives the value, of several a tuple: compared alike
                sent.append((row, itemgetter(*(c for c, _ in at)),
                             at[0][1] if len(at) == 1 else tuple(h for _, h in at)))
        known = frozenset({norm_key(c.header) for c in GROUP_FIELDS} | {norm_key(s.header) for s in sheet.slots}
                          | {norm_key(c.header) for c in sheet.fixed})
        fields = {(si, f.key): sheet.slot_col(si, f) for si in range(len(sheet.slots)) for f in GROUP_FIELDS}
        found = _Shape(tuple(sent), known, {c.key: i for i, c in enumerate(sheet.fixed)}, fields,
                       Columns(HEADER_ROW, GROUP_ROW, fields=fields).groups(len(sheet.slots)))
        if len(_SHAPES) > 64:
            _SHAPES.clear()
        _SHAPES[key] = found
    return found


class _Finder(Cells):
    def __init__(self, sheet: SheetLayout, rows: list[list[Any]], merged: Sequence[tuple[int, int, int, int]]):
        self.sheet = sheet
        self.rows = rows
        self.merged = list(merged)

    def _locate(self) -> Columns:
        if self._as_sent():
            cols = self._positional()
            cols.header_row, cols.group_row, cols.positional = HEADER_ROW, GROUP_ROW, False
            cols.sent = _shape(self.sheet).groups
            cols.extra_header_rows = self._extra_header_rows(HEADER_ROW)
            return cols
        sheet = self.sheet
        field_of = {norm_key(c.header): c for c in GROUP_FIELDS}
        slot_of = {norm_key(s.header): i for i, s in enumerate(sheet.slots)}
        fixed_of = {norm_key(c.header): c for c in sheet.fixed}
        header, most = None, 1
        for r in range(min(len(self.rows), 60)):
            n = len({norm_key(cell_text(v)[0]) for v in self.rows[r] if v != ""} & field_of.keys())
            if n > most:
                header, most = r, n
                if n == len(field_of):  # every header: the first such row is the header
                    break
        if header is None:
            return self._positional()
        cols = Columns(header, max(header - 1, 0))
        for r in range(header - 1, max(header - 4, -1), -1):
            if any(norm_key(cell_text(v)[0]) in slot_of for v in self.rows[r]):
                cols.group_row = r
                break
        width = max((len(self.rows[r]) for r in range(cols.group_row, header + 1)), default=0)
        # the fixed columns: their header, in the group row or the header row (merged over both)
        for r in range(cols.group_row, header + 1):
            for c in range(width):
                column = fixed_of.get(self.key(r, c))
                if column is not None and column.key not in cols.fixed:
                    cols.fixed[column.key] = c
        # the column groups: each starts at its header; one typed over is found by its 节点目标
        starts: dict[int, int] = {}
        for c in range(width):
            si = slot_of.get(self.key(cols.group_row, c))
            if si is not None and si not in starts and c not in cols.fixed.values():
                starts[si] = c
        if len(starts) < len(sheet.slots):
            labels = [c for c in range(width) if self.key(header, c) == norm_key(MILESTONE.header)]
            if len(labels) == len(sheet.slots):
                for si, slot in enumerate(sheet.slots):
                    if si not in starts and labels[si] not in starts.values():
                        starts[si] = labels[si]
                        if cols.group_row != header:
                            cols.typed_over.append((cols.group_row, labels[si], self.text(cols.group_row, labels[si]),
                                                    slot.header))
        merge_end = {(r0, c0): c1 for r0, c0, r1, c1 in self.merged}
        ordered = sorted((c, si) for si, c in starts.items())
        unplaced: list[int] = []
        table_end = max(cols.fixed.values(), default=-1) + 1
        for i, (c0, si) in enumerate(ordered):
            bound = ordered[i + 1][0] if i + 1 < len(ordered) else width
            own: list[int] = []
            for c in range(c0, bound):
                if c in cols.fixed.values():
                    continue
                column = field_of.get(self.key(header, c))
                if column is not None and (si, column.key) not in cols.fields:
                    cols.fields[(si, column.key)] = c
                else:
                    own.append(c)
            found = [cols.fields[(si, f.key)] for f in GROUP_FIELDS if (si, f.key) in cols.fields]
            group_end = max([merge_end.get((cols.group_row, c0), c0)] + found) + 1
            if i + 1 == len(ordered):
                own = [c for c in own if c < group_end]  # beyond the last group: outside the table
            missing = [f for f in GROUP_FIELDS if (si, f.key) not in cols.fields]
            candidates = [c for c in own if self.key(header, c) and self.key(header, c) not in field_of]
            if missing and len(candidates) == len(missing):  # headers typed over: by position, said
                for column, c in zip(missing, candidates):
                    cols.fields[(si, column.key)] = c
                    cols.typed_over.append((header, c, self.text(header, c), column.header))
                own = [c for c in own if c not in candidates]
            unplaced += own
            table_end = max(table_end, group_end, max(own, default=-1) + 1)
        first_group = min(starts.values(), default=width)
        before = [c for c in range(first_group) if c not in cols.fixed.values()]
        missing_fixed = [c for c in sheet.fixed if c.key not in cols.fixed]
        if missing_fixed and len(before) == len(missing_fixed) and all(
                self.key(r, c) for c in before for r in (cols.group_row,)):
            for column, c in zip(missing_fixed, before):
                cols.fixed[column.key] = c
                cols.typed_over.append((cols.group_row, c, self.text(cols.group_row, c), column.header))
            before = []
        cols.inserted = sorted(set(unplaced + before))
        cols.end = max(table_end, max(cols.placed, default=-1) + 1)
        cols.missing = [(None, c) for c in sheet.fixed if c.key not in cols.fixed]
        cols.missing += [(si, f) for si in range(len(sheet.slots)) for f in GROUP_FIELDS if (si, f.key) not in cols.fields]
        expected = {c: i for i, c in enumerate(sheet.fixed)}
        order = sorted([(c, expected[col]) for col in sheet.fixed for key, c in cols.fixed.items() if key == col.key]
                       + [(c, sheet.slot_col(si, FIELD_BY_KEY[key])) for (si, key), c in cols.fields.items()])
        cols.moved = any(a[1] > b[1] for a, b in zip(order, order[1:]))
        cols.extra_header_rows = self._extra_header_rows(header)
        return cols

    def _extra_header_rows(self, header: int) -> list[int]:
        """Rows under the header holding nothing but headers (a header row copied or repeated)."""
        known = _shape(self.sheet).known
        out = []
        for r in range(header + 1, min(len(self.rows), header + 4)):
            keys: set[str] = set()
            for v in self.rows[r]:
                if v == "":
                    continue
                k = norm_key(cell_text(v)[0])
                if k and k not in known:  # a task row: its first cell (序号) says so
                    break
                keys.add(k)
            else:
                if len(keys - {""}) >= 2:
                    out.append(r)
        return out

    def _as_sent(self) -> bool:
        """Every header where export put it, and nothing more in the header rows (most returns)."""
        sheet = self.sheet
        shape = _shape(sheet)
        for row in (GROUP_ROW, HEADER_ROW):
            if row >= len(self.rows) or len(self.rows[row]) > sheet.width and any(
                    v != "" for v in self.rows[row][sheet.width:]):
                return False
        try:  # every header exactly as export wrote it: one comparison a row
            if all(get(self.rows[row]) == expected for row, get, expected in shape.sent):
                return True
        except IndexError:  # a row shorter than the table: looked at cell by cell
            pass
        for col, column, slot in sheet.columns():
            row = GROUP_ROW if slot is None else HEADER_ROW
            found = self.value(row, col)
            if found != column.header and norm_key(cell_text(found)[0]) != norm_key(column.header):
                return False
        for si, slot in enumerate(sheet.slots):
            found = self.value(GROUP_ROW, sheet.slot_col(si, MILESTONE))
            if found != slot.header and norm_key(cell_text(found)[0]) != norm_key(slot.header):
                return False
        return True

    def _positional(self) -> Columns:
        """No header row recognised (deleted, or every header typed over): the cells are read
        where export put them, and the office is told to check."""
        sheet = self.sheet
        ids = {t.id for t in sheet.tasks}
        first = next((r for r in range(len(self.rows)) if self.key(r, 0) in ids), HEADER_ROW + 1)
        cols = Columns(first - 1, max(first - 2, 0), positional=True)
        shape = _shape(sheet)
        cols.fixed, cols.fields = dict(shape.fixed), dict(shape.fields)
        cols.end = sheet.width
        return cols
