"""Reading one accepted return's sheets against the layout: each section sheet is found (by
name, or by its task rows when renamed), its header and task rows are matched to what export
wrote, read-only cells are checked, and every milestone's input cells become an
:class:`~planbook.record.Entry`. Whatever differs from the layout becomes a located problem;
a damaged sheet costs only itself.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

from ..layout import (
    BEHIND,
    NOT_STARTED,
    ON_TRACK,
    CONTACT_FIELDS,
    DONE_MONTH,
    EXPECTED_MONTH,
    ISSUES,
    MONTH_FIELDS,
    NEXT_STEPS,
    PHONE,
    PREFILL_MARK,
    REPORTER,
    TEXT_FIELDS,
    contact_cell,
    month_label,
    DONE,
    EVIDENCE,
    GROUP_FIELDS,
    GROUP_ROW,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    TARGETS_SHEET,
    MAX_CELL_TEXT,
    MILESTONE,
    PROGRESS,
    STATUS,
    STATUSES,
    Column,
    TASK_ID,
    TASK_TITLE,
    column_letter,
    SheetLayout,
    WorkbookLayout,
    cell_name,
    milestone_label,
    task_slots,
)
from ..problems import ERROR, WARNING, Problem
from ..quarter import Quarter
from ..record import Entry
from ..words import CONTROL_CHARS
from .actuals import read_actuals
from .cells import cell_text, norm_key, read_month, shown as _shown
from .package import ReturnPackage

ALLOWED_STATUSES = "、".join(STATUSES) + "（或留空：未报送）"

_STATUS_KEYS = {norm_key(s): s for s in STATUSES}
_STATUS_KEYS.update({norm_key(k): v for k, v in (
    ("已经完成", DONE), ("已办结", DONE), ("正常推进中", ON_TRACK), ("推进中", ON_TRACK), ("正在推进", ON_TRACK),
    ("按计划推进", ON_TRACK), ("正常", ON_TRACK), ("滞后", BEHIND), ("进度落后", BEHIND), ("未开始", NOT_STARTED),
    ("尚未启动", NOT_STARTED), ("未开展", NOT_STARTED))})
"""The status vocabulary as written, and a few plain synonyms (read, with a 提示). A bare
“完成” is not one of them: 已完成 or 基本完成? The agency is asked."""


def read_sheets(package: ReturnPackage, layout: WorkbookLayout, problems: list[Problem], *, file: str,
                sha256: str, quarter: Quarter | None = None) -> tuple[list[Entry], dict[str, str]]:
    """The entries of an accepted return, sheet by sheet, and who filled it in (填报人,
    联系电话). Problems are appended to ``problems`` as they are found, so those found before
    an unreadable workbook raises are kept. ``quarter`` bounds the months reported."""
    reader = _WorkbookReader(package, layout, problems, file, sha256, quarter)
    reader.run()
    return reader.entries, reader.contact


class _WorkbookReader:
    """Reads one accepted return, sheet by sheet, into ``entries`` and ``problems``."""

    def __init__(self, package: ReturnPackage, layout: WorkbookLayout, problems: list[Problem], file: str,
                 sha256: str, quarter: Quarter | None = None):
        self.package = package
        self.layout = layout
        self.problems = problems
        self.file = file
        self.sha256 = sha256
        self.quarter = quarter
        self.agency = layout.agency or ""
        self.entries: list[Entry] = []
        self.contact: dict[str, str] = {}

    def problem(self, kind: str, message: str, severity: str = ERROR, **where: Any) -> None:
        self.problems.append(Problem(kind, message, severity, file=self.file, agency=self.agency, **where))

    def run(self) -> None:
        from python_calamine import CalamineWorkbook

        package = self.package
        book = CalamineWorkbook.from_filelike(io.BytesIO(package.data))
        try:
            present = list(package.sheet_names)
            rows_of: dict[str, list[list[Any]]] = {}
            merged_of: dict[str, list[tuple[int, int, int, int]]] = {}

            def rows(name: str) -> list[list[Any]]:
                if name not in rows_of:
                    sheet = book.get_sheet_by_name(name)
                    rows_of[name] = sheet.to_python(skip_empty_area=False)
                    try:
                        merged_of[name] = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
                    except Exception:  # a writer calamine cannot read merges of: read the values as they are
                        merged_of[name] = []
                return rows_of[name]

            sources = self._match_sheets(present, rows)
            extra = [n for n in present if n not in sources.values() and n != INSTRUCTIONS_SHEET
                     and not (n == TARGETS_SHEET and self.layout.targets is not None)]
            for sheet in self.layout.sheets:
                source = sources.get(sheet.name)
                if source is None:
                    n_ms = sum(len(t.milestones) for t in sheet.tasks)
                    self.problem("sheet_missing", f"工作表“{sheet.name}”被删除（或改名后无法识别），其中 {len(sheet.tasks)}"
                                 f" 项任务、{n_ms} 个节点未能读取。请用下发的填报表恢复该工作表后重新报送。",
                                 sheet=sheet.name, value="（缺失）", allowed=sheet.name)
                    continue
                try:
                    _SheetReader(self, sheet, source, rows(source), package.formula_cells(source),
                                 merged_of.get(source, []), renamed=source != sheet.name).run()
                except Exception as exc:  # one unreadable sheet must not cost the others
                    self.problem("file_broken", f"工作表“{source}”已损坏，无法读取（{type(exc).__name__}）。请重新保存为"
                                 " .xlsx 后报送。", sheet=source, allowed=".xlsx")
            if self.layout.targets is not None:
                self._read_targets(present, extra, rows)
            if INSTRUCTIONS_SHEET not in present:
                self.problem("sheet_missing", f"工作表“{INSTRUCTIONS_SHEET}”被删除（不影响读取）。", WARNING,
                             sheet=INSTRUCTIONS_SHEET, value="（缺失）", allowed=INSTRUCTIONS_SHEET)
            else:
                self._read_contact(rows(INSTRUCTIONS_SHEET))
            for name in extra:
                self._extra_sheet(name, rows, merged_of)
        finally:
            book.close()

    def _match_sheets(self, present: list[str], rows: Callable[[str], list[list[Any]]]) -> dict[str, str]:
        """Which sheet of the file holds each section: the one of its name when it holds the
        section's tasks (or is not another section's), else the sheet holding most of them
        (renamed, or two sheets' names swapped)."""
        reserved = {INSTRUCTIONS_SHEET} | ({TARGETS_SHEET} if self.layout.targets is not None else set())
        candidates = [n for n in present if n not in reserved]
        scores: dict[tuple[str, str], int] = {}
        texts: dict[str, set[str]] = {}

        def score(sheet: SheetLayout, name: str) -> int:
            if (sheet.name, name) not in scores:
                if name not in texts:
                    texts[name] = _sheet_texts(name, rows)
                scores[(sheet.name, name)] = _task_score(sheet, texts[name])
            return scores[(sheet.name, name)]

        out: dict[str, str] = {}
        for sheet in self.layout.sheets:  # the sheet of its name, with its tasks where export put them: at once
            if sheet.name in candidates and (_holds_first_task(sheet, rows(sheet.name)) or score(sheet, sheet.name) > 0):
                out[sheet.name] = sheet.name
        taken = set(out.values())
        for sheet in self.layout.sheets:
            if sheet.name in out:
                continue
            best, best_score = None, 0
            for name in candidates:
                if name in taken:
                    continue
                found = score(sheet, name)
                if found > best_score:
                    best, best_score = name, found
            if best is None and sheet.name in candidates and sheet.name not in taken:
                best = sheet.name  # its own name, nothing recognisable in it: read it and say what is missing
            if best is not None:
                out[sheet.name] = best
                taken.add(best)
        return out

    def _extra_sheet(self, name: str, rows: Callable[[str], list[list[Any]]], merged: dict[str, Any]) -> None:
        """A sheet the workbook was not sent with: named; when it is a copy of a section sheet
        (it holds its tasks), every answer in it that the section sheet does not hold is named."""
        self.problem("sheet_added", f"工作簿中多了工作表“{name}”，其内容未读取。请只在下发的工作表中填写。",
                     WARNING, sheet=name, value=name, allowed="、".join(self.layout.sheet_names))
        texts = _sheet_texts(name, rows)
        section = max(self.layout.sheets, key=lambda s: _task_score(s, texts), default=None)
        if section is None or not _task_score(section, texts):
            return
        shadow = _WorkbookReader(self.package, self.layout, [], self.file, self.sha256, self.quarter)
        try:
            _SheetReader(shadow, section, name, rows(name), self.package.formula_cells(name), merged.get(name, [])).run()
        except Exception:  # a copy that cannot be read: it was named above
            return
        read = {e.milestone_id: e for e in self.entries}
        for e in shadow.entries:
            mine = read.get(e.milestone_id)
            answer = _answer(e)
            if answer and (mine is None or _answer(mine) != answer):
                self.problem("sheet_added", f"工作表“{name}”是“{section.name}”的副本，其中节点 {e.milestone_id} 填写的内容"
                             f"与“{section.name}”中的不同，未读取（以“{section.name}”为准）。请把内容填到“{section.name}”中。",
                             sheet=name, cell=e.cell, task_id=e.task_id, milestone_id=e.milestone_id,
                             value=_shown("；".join(answer), 120), allowed=section.name)

    def _read_targets(self, present: list[str], extra: list[str], rows: Callable[[str], list[list[Any]]]) -> None:
        """The 量化目标 sheet: each target's 完成值, put on its milestone's entry."""
        if TARGETS_SHEET not in present:
            self.problem("sheet_missing", f"工作表“{TARGETS_SHEET}”被删除，量化目标的完成值未能读取（已报送的完成值保留）。"
                         "请用下发的填报表恢复该工作表后重新报送。", WARNING, sheet=TARGETS_SHEET, value="（缺失）",
                         allowed=TARGETS_SHEET)
            return
        if TARGETS_SHEET in extra:
            extra.remove(TARGETS_SHEET)
        try:
            found = read_actuals(self, rows(TARGETS_SHEET), self.package.formula_cells(TARGETS_SHEET))
        except Exception as exc:  # the statuses already read are kept
            self.problem("file_broken", f"工作表“{TARGETS_SHEET}”已损坏，无法读取（{type(exc).__name__}）。请重新保存为"
                         " .xlsx 后报送。", sheet=TARGETS_SHEET, allowed=".xlsx")
            return
        self.entries = [replace(e, actuals=found[e.milestone_id]) if e.milestone_id in found else e
                        for e in self.entries]

    def _read_contact(self, rows: list[list[Any]]) -> None:
        """填报人 and 联系电话, once per workbook, on the instructions sheet."""
        for contact_field in CONTACT_FIELDS:
            row, col = contact_cell(contact_field)
            value = rows[row][col] if row < len(rows) and col < len(rows[row]) else ""
            self.contact[contact_field.key] = CONTROL_CHARS.sub("", cell_text(value)[0]).strip()
        where = dict(sheet=INSTRUCTIONS_SHEET, cell=cell_name(*contact_cell(REPORTER)), field=REPORTER.header)
        if not self.contact.get(REPORTER.key):
            self.problem("contact_missing", f"没有填写填报人和联系电话。请在“{INSTRUCTIONS_SHEET}”工作表的 B 列填写，"
                         "以便核实。", WARNING, value="（空）", allowed="填报人姓名、联系电话", **where)
        phone = self.contact.get(PHONE.key, "")
        if phone and len(re.sub(r"\D", "", phone)) < 7:
            self.problem("contact_missing", f"联系电话“{_shown(phone, 40)}”不像电话号码。请填写手机号或带区号的座机号码。",
                         WARNING, sheet=INSTRUCTIONS_SHEET, cell=cell_name(*contact_cell(PHONE)), field=PHONE.header,
                         value=_shown(phone), allowed="如 0411-12345678 或 13800000000")


@dataclass
class _Columns:
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

    @property
    def placed(self) -> set[int]:
        return set(self.fixed.values()) | set(self.fields.values())

    @property
    def first_row(self) -> int:
        return self.header_row + 1


_SAME_AS_ABOVE = {norm_key(t) for t in ("同上", "同上述", "如上", "同前", "同左上", "〃", "同上栏", "同上行")}
_TRIM = "。.，,；;！!、 "


def _same_as_above(text: str) -> bool:
    return bool(text) and norm_key(text).strip(_TRIM) in _SAME_AS_ABOVE


class _SheetReader:
    """One section sheet: finds the header and each column by its header text, each task's
    row by its 序号, checks read-only cells, and reads the input cells of every milestone the
    layout puts there. What moved is said once; what cannot be placed is named."""

    def __init__(self, book: _WorkbookReader, sheet: SheetLayout, name: str, rows: list[list[Any]],
                 formulas: dict[tuple[int, int], str], merged: Sequence[tuple[int, int, int, int]] = (), *,
                 renamed: bool = False):
        self.book = book
        self.sheet = sheet
        self.name = name
        self.rows = rows
        self.formulas = dict(formulas)  # reported ones are removed; the rest are reported at the end
        self.merged = list(merged)
        self.renamed = renamed
        self.cols = _Columns(HEADER_ROW, GROUP_ROW)
        self.down: dict[tuple[int, int], tuple[int, int, int, int]] = {}  # a cell of a merge down one column
        self.across: dict[tuple[int, int], tuple[int, int, int, int]] = {}  # a cell of a merge across fields
        self.said_merge: set[tuple[tuple[int, int, int, int], str]] = set()
        self.formulas_read: dict[tuple[int, int], str] = {}

    # -- helpers ------------------------------------------------------------------------------
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

    def problem(self, kind: str, message: str, severity: str = ERROR, *, row: int | None = None,
                col: int | None = None, **where: Any) -> None:
        cell = cell_name(row, col) if row is not None and col is not None else where.pop("cell", "")
        self.book.problem(kind, message, severity, sheet=self.name, cell=cell, **where)

    # -- the sheet ----------------------------------------------------------------------------
    def run(self) -> None:
        self.cols = self._locate()
        self._say_changes()
        self._merges()
        found = self._match_rows()
        for ti, task in enumerate(self.sheet.tasks):
            row = found.get(task.id)
            if row is None:
                expected = self.sheet.task_row(ti) + self.cols.header_row - HEADER_ROW
                self.problem("row_deleted", f"任务 {task.id} 所在的行被删除，该任务的 {len(task.milestones)} 个节点"
                             "未能读取。请用下发的填报表恢复该行后重新报送。", row=expected,
                             col=self.cols.fixed.get(TASK_ID.key, 0), task_id=task.id, value="（缺失）",
                             allowed=f"任务 {task.id}：{task.title}")
                continue
            self._read_task_row(ti, row)
        for (row, col), formula in sorted(self.formulas.items()):
            self.problem("formula", "表格中有公式，未读取。请直接输入文字，不要以“=”开头。", row=row, col=col,
                         value=_shown(formula), allowed="文字")

    # -- where the columns are ------------------------------------------------------------------
    def _locate(self) -> _Columns:
        if self._as_sent():
            cols = self._positional()
            cols.header_row, cols.group_row, cols.positional = HEADER_ROW, GROUP_ROW, False
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
        cols = _Columns(header, max(header - 1, 0))
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
                       + [(c, sheet.slot_col(si, _FIELD_BY_KEY[key])) for (si, key), c in cols.fields.items()])
        cols.moved = any(a[1] > b[1] for a, b in zip(order, order[1:]))
        cols.extra_header_rows = self._extra_header_rows(header)
        return cols

    def _extra_header_rows(self, header: int) -> list[int]:
        """Rows under the header holding nothing but headers (a header row copied or repeated)."""
        sheet = self.sheet
        known = {norm_key(c.header) for c in GROUP_FIELDS} | {norm_key(s.header) for s in sheet.slots} | {
            norm_key(c.header) for c in sheet.fixed}
        out = []
        for r in range(header + 1, min(len(self.rows), header + 4)):
            keys = {norm_key(cell_text(v)[0]) for v in self.rows[r] if v != ""} - {""}
            if len(keys) >= 2 and keys <= known:
                out.append(r)
        return out

    def _as_sent(self) -> bool:
        """Every header where export put it, and nothing more in the header rows (most returns)."""
        sheet = self.sheet
        for row in (GROUP_ROW, HEADER_ROW):
            if row >= len(self.rows) or len(self.rows[row]) > sheet.width and any(
                    v != "" for v in self.rows[row][sheet.width:]):
                return False
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

    def _positional(self) -> _Columns:
        """No header row recognised (deleted, or every header typed over): the cells are read
        where export put them, and the office is told to check."""
        sheet = self.sheet
        ids = {t.id for t in sheet.tasks}
        first = next((r for r in range(len(self.rows)) if self.key(r, 0) in ids), HEADER_ROW + 1)
        cols = _Columns(first - 1, max(first - 2, 0), positional=True)
        cols.fixed = {c.key: i for i, c in enumerate(sheet.fixed)}
        cols.fields = {(si, f.key): sheet.slot_col(si, f) for si in range(len(sheet.slots)) for f in GROUP_FIELDS}
        cols.end = sheet.width
        return cols

    def _say_changes(self) -> None:
        """Everything that moved in the sheet, said once (one 提示); headers typed over and
        deleted input columns each on their own."""
        cols, sheet = self.cols, self.sheet
        if cols.positional:
            self.problem("columns_changed", f"工作表“{self.name}”的表头无法识别（可能被删除或全部改写），已按下发时的位置读取，"
                         "请核对读取结果。请勿修改表头。", WARNING, row=max(cols.header_row, 0), col=0,
                         value=_shown(self.text(max(cols.header_row, 0), 0)) or "（空）", allowed="下发时的表头")
        for row, col, found, expected in cols.typed_over:
            self.formulas.pop((row, col), None)
            self.problem("readonly_edited", "表头单元格被修改（只读，不得更改），已按下发时的表头读取。", row=row, col=col,
                         field="表头", value=_shown(found) or "（空）", allowed=expected)
        parts: list[str] = []
        if self.renamed:
            parts.append(f"工作表“{sheet.name}”被改名为“{self.name}”")
        shift = cols.header_row - HEADER_ROW
        if shift and not cols.positional:
            parts.append(f"表头上方{'插入' if shift > 0 else '删除'}了 {abs(shift)} 行")
        if cols.inserted:
            parts.append(f"插入了 {len(cols.inserted)} 列（{'、'.join(column_letter(c) for c in cols.inserted[:6])}"
                         f"{' 等' if len(cols.inserted) > 6 else ''} 列）")
        gone = [(si, c) for si, c in cols.missing if si is None or c.input]
        if gone:
            names = "、".join(f"“{c.header}”" + (f"（{sheet.slots[si].label}）" if si is not None else "")
                             for si, c in gone[:4])
            parts.append(f"删除了 {len(gone)} 列（{names}{' 等' if len(gone) > 4 else ''}）")
        if cols.moved:
            parts.append("移动了列")
        if cols.extra_header_rows:
            parts.append(f"多了 {len(cols.extra_header_rows)} 行表头（第 "
                         f"{'、'.join(str(r + 1) for r in cols.extra_header_rows)} 行，已忽略）")
        if parts:
            kind = "sheet_renamed" if self.renamed else "columns_moved" if (
                cols.inserted or gone or cols.moved or cols.extra_header_rows) else "rows_shifted"
            how = "已按表头和内容识别并读取" if self.renamed else "已按表头读取"
            self.problem(kind, "，".join(parts) + f"，{how}。请勿修改工作表名称、增删或移动行列。", WARNING,
                         row=cols.header_row, col=0, value=self.name if self.renamed else f"表头在第 {cols.header_row + 1} 行",
                         allowed=sheet.name if self.renamed else f"表头在第 {HEADER_ROW + 1} 行")
        for si, column in cols.missing:
            if si is None or not column.input:
                continue
            slot = sheet.slots[si]
            ms = [task_slots(t, sheet.grouping).get(slot) for t in sheet.tasks]
            ids = [m.id for m in ms if m is not None]
            if not ids:
                continue
            self.problem("column_missing", f"“{column.header}”（{slot.label}）这一列被删除，节点 {'、'.join(ids[:8])}"
                         f"{' 等' if len(ids) > 8 else ''}的“{column.header}”未能读取。请用下发的填报表恢复该列后重新报送。",
                         field=column.header, value="（缺失）", allowed=f"{slot.label}的“{column.header}”")

    def _merges(self) -> None:
        """Merged cells among the input cells: down one column (its value given to every
        milestone it covers) or across fields (only its first cell holds a value)."""
        inputs = {c for (si, key), c in self.cols.fields.items() if _FIELD_BY_KEY[key].input}
        for r0, c0, r1, c1 in self.merged:
            if r1 < self.cols.first_row:
                continue
            covered = [c for c in range(c0, c1 + 1) if c in inputs]
            if not covered:
                continue
            for r in range(max(r0, self.cols.first_row), r1 + 1):
                for c in covered:
                    if c0 == c1:
                        self.down[(r, c)] = (r0, c0, r1, c1)
                    else:
                        self.across[(r, c)] = (r0, c0, r1, c1)

    # -- where the rows are ----------------------------------------------------------------------
    def _match_rows(self) -> dict[str, int]:
        """Each task's row, found by its 序号 (or, if that was typed over, its 任务名称)."""
        sheet, cols = self.sheet, self.cols
        by_id = {t.id: t for t in sheet.tasks}
        by_title = {norm_key(t.title): t.id for t in sheet.tasks}
        shift = cols.header_row - HEADER_ROW
        expected_row = {t.id: sheet.task_row(i) + shift for i, t in enumerate(sheet.tasks)}
        id_col, title_col = cols.fixed.get(TASK_ID.key), cols.fixed.get(TASK_TITLE.key)
        occurrences: dict[str, list[int]] = {}
        order: list[str] = []
        inserted: list[tuple[int, str]] = []
        blank: list[int] = []
        for row in range(cols.first_row, len(self.rows)):
            if row in cols.extra_header_rows:
                self._forget_row(row)
                continue
            cells = self.rows[row]
            if not any(cell_text(v)[0].strip() for v in cells) and not any(
                    (row, c) in self.formulas for c in range(len(cells))):
                blank.append(row)
                continue
            tid = norm_key(self.text(row, id_col)) if id_col is not None else ""
            if tid not in by_id and title_col is not None:
                title_id = by_title.get(norm_key(self.text(row, title_col)))
                if title_id and title_id not in occurrences:
                    tid = title_id
            if tid in by_id:
                if tid not in occurrences:
                    order.append(tid)
                occurrences.setdefault(tid, []).append(row)
            else:
                inserted.append((row, tid))
        last_task_row = max((r for rs in occurrences.values() for r in rs), default=cols.first_row - 1)
        for row in blank:
            if row < last_task_row:
                self.problem("row_inserted", "表格中间插入了空行，已忽略。请勿增删行。", WARNING, row=row, col=0,
                             value="（空行）", allowed="下发时的行")
        for row, tid in inserted:
            self._inserted_row(row, tid)

        found: dict[str, int] = {}
        for tid, rows in occurrences.items():
            keep = expected_row[tid] if expected_row[tid] in rows else rows[0]
            found[tid] = keep
            for row in rows:
                if row != keep:
                    self._forget_row(row)
                    self.problem("row_duplicated", f"任务 {tid} 的行重复出现（第 {keep + 1} 行和第 {row + 1} 行），"
                                 f"已采用第 {keep + 1} 行，第 {row + 1} 行未读取。请删除重复的行。", row=row,
                                 col=id_col or 0, task_id=tid, value=f"第 {row + 1} 行", allowed=f"第 {keep + 1} 行")
        in_place = _longest_common_subsequence(order, [t.id for t in sheet.tasks if t.id in found])
        for tid in order:
            if tid not in in_place:
                self.problem("row_moved", f"任务 {tid} 的行被移动（应在第 {expected_row[tid] + 1} 行，现在第 "
                             f"{found[tid] + 1} 行），已按序号读取。请勿移动行。", WARNING, row=found[tid], col=id_col or 0,
                             task_id=tid, value=f"第 {found[tid] + 1} 行", allowed=f"第 {expected_row[tid] + 1} 行")
        return found

    def _inserted_row(self, row: int, tid: str) -> None:
        """A row that is none of this sheet's tasks: another agency's task, or an inserted row."""
        self._forget_row(row)
        task = self.book.layout.plan.find_task(tid)
        if task is not None and self.book.agency not in task.responsible:
            owned = task_slots(task, self.sheet.grouping)
            reported = False
            for si, slot in enumerate(self.sheet.slots):
                m = owned.get(slot)
                col = self.cols.fields.get((si, STATUS.key))
                status = self.text(row, col).strip() if col is not None else ""
                if m is not None and col is not None and status:
                    reported = True
                    self.problem("not_lead", f"贵单位不是任务 {task.id} 的牵头单位（牵头单位：{'、'.join(task.responsible)}），"
                                 f"不能填报节点 {m.id}；该行未读取。", row=row, col=col, task_id=task.id,
                                 milestone_id=m.id, field=STATUS.header, value=_shown(status),
                                 allowed="本单位牵头的任务")
            if reported:
                return
        elsewhere = ""
        if task is not None and self.book.agency in task.responsible:
            elsewhere = "（该任务属于另一张工作表）"
        texts = [t for t in (cell_text(v)[0] for v in self.rows[row]) if t.strip()]
        self.problem("row_inserted", f"第 {row + 1} 行是插入的行{elsewhere}，不是本表下发的任务，其内容未读取。请勿增删行，"
                     "补充说明请写在“进展情况”中。", row=row, col=0, task_id=tid if task else "",
                     value=_shown(" | ".join(texts[:8]), 300), allowed="下发时的行")

    def _forget_row(self, row: int) -> None:
        for key in [k for k in self.formulas if k[0] == row]:
            del self.formulas[key]

    # -- one task ---------------------------------------------------------------------------------
    def _read_task_row(self, ti: int, row: int) -> None:
        sheet, cols = self.sheet, self.cols
        task = sheet.tasks[ti]
        for column, expected in zip(sheet.fixed, sheet.fixed_values(task)):
            col = cols.fixed.get(column.key)
            if col is not None:
                self._check_readonly(row, col, expected, column.header, task.id, "")
        owned = task_slots(task, sheet.grouping)
        for si, slot in enumerate(sheet.slots):
            milestone = owned.get(slot)
            where_of = {f.key: cols.fields.get((si, f.key)) for f in GROUP_FIELDS}
            if milestone is None:
                for column in GROUP_FIELDS:
                    col = where_of[column.key]
                    if col is None:
                        continue
                    formula = self.formulas.pop((row, col), None)
                    found = formula or self.text(row, col)
                    if found.strip() and (row, col) not in self.down:
                        self.problem("readonly_edited", f"任务 {task.id} 在“{slot.label}”没有节点，灰色单元格不应填写，"
                                     "内容未读取。", row=row, col=col, task_id=task.id, field=column.header,
                                     value=_shown(found), allowed="（空）")
                continue
            label_col = where_of[MILESTONE.key]
            if label_col is not None:
                self._check_readonly(row, label_col, milestone_label(milestone), MILESTONE.header, task.id, milestone.id)
            status_col = where_of[STATUS.key]
            status = self._status(row, status_col, task.id, milestone.id)
            texts = {f.key: self._text_input(row, where_of[f.key], f, task.id, milestone.id) for f in TEXT_FIELDS}
            months = {f.key: self._month_input(row, where_of[f.key], f, task.id, milestone.id) for f in MONTH_FIELDS}
            carried = texts[PROGRESS.key].startswith(PREFILL_MARK)
            if carried:  # last quarter's text, as pre-filled: not updated
                texts[PROGRESS.key] = texts[PROGRESS.key][len(PREFILL_MARK):].strip()
            where: dict[str, Any] = dict(row=row, task_id=task.id, milestone_id=milestone.id, value="（空）")
            if status == DONE and not texts[PROGRESS.key] and where_of[PROGRESS.key] is not None \
                    and not self._typed(row, where_of[PROGRESS.key]):
                self.problem("done_without_progress", "完成状态为“已完成”，但“进展情况”为空。请写明完成的主要内容和时间。",
                             col=where_of[PROGRESS.key], field=PROGRESS.header,
                             allowed="已完成的节点须填写进展情况", **where)
            if status == DONE and not months[DONE_MONTH.key] and where_of[DONE_MONTH.key] is not None \
                    and not self._typed(row, where_of[DONE_MONTH.key]):
                self.problem("done_month_missing", "完成状态为“已完成”，但没有填写“完成时间”。请填写完成的年月，如 2023年6月。",
                             col=where_of[DONE_MONTH.key], field=DONE_MONTH.header,
                             allowed="已完成的节点须填写完成时间", **where)
            if status == BEHIND and not months[EXPECTED_MONTH.key] and where_of[EXPECTED_MONTH.key] is not None \
                    and not self._typed(row, where_of[EXPECTED_MONTH.key]):
                self.problem("expected_month_missing", "完成状态为“进度滞后”，但没有填写“预计完成时间”。请填写预计完成的年月。",
                             col=where_of[EXPECTED_MONTH.key], field=EXPECTED_MONTH.header,
                             allowed="进度滞后的节点须填写预计完成时间", **where)
            if status != DONE and months[DONE_MONTH.key]:
                self.problem("done_month_unused", f"填写了“完成时间”{month_label(months[DONE_MONTH.key])}，但完成状态"
                             f"{'是“' + status + '”' if status else '为空'}，不是“已完成”，完成时间未采用。如已完成，请把完成状态"
                             "改为“已完成”。", WARNING, col=where_of[DONE_MONTH.key], field=DONE_MONTH.header,
                             **{**where, "value": month_label(months[DONE_MONTH.key])}, allowed="已完成的节点填写完成时间")
            self.book.entries.append(Entry(
                agency=self.book.agency, task_id=task.id, milestone_id=milestone.id, status=status,
                progress=texts[PROGRESS.key], evidence=texts[EVIDENCE.key], file=self.book.file,
                sha256=self.book.sha256, sheet=self.name,
                cell=cell_name(row, status_col if status_col is not None else cols.end),
                done_month=months[DONE_MONTH.key] if status == DONE else "",
                expected_month=months[EXPECTED_MONTH.key], issues=texts[ISSUES.key],
                next_steps=texts[NEXT_STEPS.key], carried=carried))
        row_cells = self.rows[row] if row < len(self.rows) else []
        placed = cols.placed
        for col in range(len(row_cells)):
            if col in placed:
                continue
            found = self.formulas.pop((row, col), "") or cell_text(row_cells[col])[0]
            if not found.strip():
                continue
            if col < cols.end:
                header = self.text(cols.header_row, col) or self.text(cols.group_row, col)
                self.problem("column_inserted", f"第 {column_letter(col)} 列是插入的列（表头“{_shown(header, 20) or '空'}”），"
                             f"不是下发时的栏目，任务 {task.id} 在这一列填写的内容未读取。请把内容写到对应节点的“进展情况”或"
                             "“佐证/备注”中。", row=row, col=col, task_id=task.id, value=_shown(found),
                             allowed="下发时的栏目")
            else:
                self.problem("outside_table", "表格右侧的单元格有内容，未读取。补充说明请写在“进展情况”或“佐证/备注”中。",
                             WARNING, row=row, col=col, task_id=task.id, value=_shown(found), allowed="（空）")

    def _typed(self, row: int, col: int | None) -> bool:
        """Whether the agency wrote anything in the cell (a value read or not)."""
        if col is None:
            return False
        return (row, col) in self.formulas or (row, col) in self.across or bool(norm_key(self.text(row, col))) or (
            (row, col) in self.down and bool(norm_key(self.text(self.down[(row, col)][0], col))))

    def _check_readonly(self, row: int, col: int, expected: str, header: str, task_id: str, milestone_id: str) -> None:
        formula = self.formulas.pop((row, col), None)
        found = self.text(row, col)
        if formula is None and (found == expected or norm_key(found) == norm_key(expected)):
            return
        what = "任务" if not milestone_id else "节点"
        self.problem("readonly_edited", f"只读单元格“{header}”被修改（{what}原文不得更改，疑似篡改），已按方案原文处理。"
                     "请勿修改灰色单元格。", row=row, col=col, task_id=task_id, milestone_id=milestone_id,
                     field=header, value=_shown(formula or found), allowed=_shown(expected, 120))

    # -- one input cell ---------------------------------------------------------------------------
    def _input(self, row: int, col: int | None, column: Column, task_id: str, milestone_id: str) -> Any:
        """What an input cell holds: its own value, the value of a merge down its column, or —
        for “同上” — the same field of the row above. Formulas are said and not read (None)."""
        if col is None:
            return ""
        where: dict[str, Any] = dict(row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=column.header)
        across = self.across.get((row, col))
        if across is not None and (across, milestone_id) not in self.said_merge:
            self.said_merge.add((across, milestone_id))
            r0, c0, r1, c1 = across
            span = f"{cell_name(r0, c0)}:{cell_name(r1, c1)}"
            self.problem("merged_across", f"单元格 {span} 被合并，跨了不同的栏目，合并后只保留左上角单元格的内容"
                         f"（“{_shown(self.text(r0, c0), 40) or '空'}”，按该单元格所在的栏目读取），节点 {milestone_id} "
                         "的其余栏目为空。请取消合并后分别填写。", value=_shown(self.text(r0, c0)) or "（空）",
                         allowed="每个单元格分别填写", **where)
        down = self.down.get((row, col))
        source = (row, col)
        if down is not None and (row, col) != down[:2] and (norm_key(self.text(row, col)) or (row, col) in self.formulas):
            down = None  # a value of its own under a merge (some writers keep one): it is the answer
        if down is not None:
            r0, c0, r1, c1 = down
            source = (r0, c0)
            top = self.text(r0, c0)
            if norm_key(top) and (down, milestone_id) not in self.said_merge:
                self.said_merge.add((down, milestone_id))
                self.problem("merged_cells", f"“{column.header}”的单元格 {cell_name(r0, c0)}:{cell_name(r1, c1)} 被合并，"
                             f"合并后的内容已用于所覆盖的每个节点（本节点 {milestone_id}）。请勿合并单元格。", WARNING,
                             value=_shown(top, 60), allowed="每个节点分别填写", **where)
        formula = self.formulas.pop(source, None) or self.formulas_read.get(source)
        if formula is not None:
            self.formulas_read[source] = formula  # a merge's formula, said for each milestone it covers
        if formula is not None:
            cached = self.text(*source)
            self.problem("formula", f"“{column.header}”中是公式，不是文字，内容未读取（公式显示为“{_shown(cached, 40) or '空'}”）。"
                         "请直接输入文字，不要以“=”开头。", value=_shown(formula), allowed="文字", **where)
            return None
        value = self.value(*source)
        text = cell_text(value)[0]
        if _same_as_above(text):
            above = self._above(row, col)
            if above is None or not norm_key(cell_text(above[1])[0]):
                self.problem("same_as_above", f"“{column.header}”写的是“{_shown(text, 10)}”，但上一行的这一栏没有内容，"
                             "无法沿用，未读取。请写明具体内容。", value=_shown(text), allowed="具体内容", **where)
                return None
            above_row, above_value = above
            self.problem("same_as_above", f"“{column.header}”写的是“{_shown(text, 10)}”，已按上一行（第 {above_row + 1} 行）"
                         f"同一栏的内容读取：“{_shown(cell_text(above_value)[0], 40)}”。", WARNING, value=_shown(text),
                         allowed="具体内容", **where)
            return above_value
        return value

    def _above(self, row: int, col: int) -> tuple[int, Any] | None:
        """The value “同上” refers to: the same column in the nearest row above that holds one
        (through its own “同上” and merges), within the table."""
        for r in range(row - 1, self.cols.first_row - 1, -1):
            down = self.down.get((r, col))
            source = (down[0], down[1]) if down else (r, col)
            if source in self.formulas:
                return None
            value = self.value(*source)
            text = cell_text(value)[0]
            if _same_as_above(text):
                continue
            return r, value
        return None

    def _text_input(self, row: int, col: int | None, column: Column, task_id: str, milestone_id: str) -> str:
        """进展情况 or 佐证/备注 as text: formulas dropped, numbers and dates written out,
        control characters removed, over-long text cut — said in one message per cell,
        naming what was kept."""
        value = self._input(row, col, column, task_id, milestone_id)
        if value is None or col is None:
            return ""
        text, kind = cell_text(value)
        said: list[str] = []
        code, severity = "", WARNING
        if kind:
            said.append(f"是{kind}（输入时被 Excel/WPS 自动转换），已按文本“{_shown(text, 40)}”读取")
            code = "value_converted"
        if CONTROL_CHARS.search(text):
            n = len(CONTROL_CHARS.findall(text))
            text = CONTROL_CHARS.sub("", text)
            said.append(f"有 {n} 个不可见的控制字符，已删除")
            code, severity = "control_chars", ERROR
        if len(text) > MAX_CELL_TEXT:
            said.append(f"有 {len(text)} 个字符，超过单元格上限 {MAX_CELL_TEXT}，只保留了前 {MAX_CELL_TEXT} 个字符"
                        f"（到“{_shown(text[MAX_CELL_TEXT - 12:MAX_CELL_TEXT], 20)}”为止）")
            code, severity = "text_too_long", ERROR
            text = text[:MAX_CELL_TEXT]
        if said:
            kept = text.strip()
            self.problem(code, f"“{column.header}”" + "；".join(said) + f"。已读取的内容：“{_shown(kept, 40)}”"
                         f"（{len(kept)} 字）。" + ("请精简后重新报送。" if code == "text_too_long" else
                                                 "如不对，请把单元格设为文本格式后重新填写。" if code == "value_converted" else ""),
                         severity, row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=column.header,
                         value=_shown(cell_text(value)[0], 60), allowed="文字" if code == "value_converted" else
                         f"不超过 {MAX_CELL_TEXT} 个字符、不含控制字符的文字")
        return text.strip()

    def _month_input(self, row: int, col: int | None, column: Column, task_id: str, milestone_id: str) -> str:
        """完成时间 or 预计完成时间 as ``YYYY-MM``, from whatever people write for a month
        (:func:`~.cells.read_month`); "" when empty or not a month (said in a problem)."""
        value = self._input(row, col, column, task_id, milestone_id)
        if value is None or col is None:
            return ""
        quarter = self.book.quarter
        read = read_month(value, end=quarter.end if quarter else None, start=quarter.start if quarter else None,
                          expected=column is EXPECTED_MONTH)
        text = CONTROL_CHARS.sub("", cell_text(value)[0]).strip()
        where: dict[str, Any] = dict(row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=column.header,
                                     value=_shown(text))
        if read.error == "ambiguous":
            self.problem("month_ambiguous", f"“{column.header}”：{read.note}，无法确定，未读取。请把单元格设为文本格式后写作"
                         "“2019年10月”。", allowed="如 2023年6月", **where)
            return ""
        if read.error:
            self.problem("month_invalid", f"“{column.header}”写的“{_shown(text, 40)}”不是年月"
                         f"{'（' + read.note + '）' if read.note else ''}，未读取。请写作“2023年6月”。",
                         allowed="如 2023年6月", **where)
            return ""
        month = read.month
        if not month:
            return ""
        if column is DONE_MONTH and quarter is not None and month > quarter.end.strftime("%Y-%m"):
            where["value"] = month_label(month) if not read.note else _shown(text)
            self.problem("month_invalid", f"“完成时间”{month_label(month)}晚于本季度末（{quarter.label}），"
                         "未读取。已完成的节点请填写实际完成的年月。", allowed=f"不晚于 {quarter.end.year}年{quarter.end.month}月",
                         **where)
            return ""
        if read.note:
            self.problem("month_inferred", f"“{column.header}”{read.note}。如不对，请改写为“2023年6月”这样的年月。", WARNING,
                         allowed="如 2023年6月", **where)
        return month

    def _status(self, row: int, col: int | None, task_id: str, milestone_id: str) -> str:
        """完成状态: one of the vocabulary, forgiving spaces, full-width forms, end
        punctuation and a few plain synonyms (said); "" when empty."""
        value = self._input(row, col, STATUS, task_id, milestone_id)
        if value is None or col is None:
            return ""
        where: dict[str, Any] = dict(row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=STATUS.header)
        text, kind = cell_text(value)
        key = norm_key(text)
        if not key:
            return ""
        status = None if kind else _STATUS_KEYS.get(key) or _STATUS_KEYS.get(key.strip(_TRIM))
        if status is None:
            self.problem("status_invalid", f"完成状态“{_shown(text, 40)}”不在可选范围内，未读取。请从下拉列表中选择。",
                         value=_shown(text), allowed=ALLOWED_STATUSES, **where)
            return ""
        if status != text and not _same_as_above(cell_text(self.value(row, col))[0]):
            self.problem("status_normalized", f"完成状态“{_shown(text, 40)}”不是下拉列表中的写法，已按“{status}”读取。",
                         WARNING, value=_shown(text), allowed=ALLOWED_STATUSES, **where)
        return status


_FIELD_BY_KEY = {c.key: c for c in GROUP_FIELDS}


def _sheet_texts(name: str, rows: Callable[[str], list[list[Any]]]) -> set[str]:
    try:
        found = rows(name)
    except Exception:  # a chart sheet or a broken one: not a section
        return set()
    return {norm_key(cell_text(v)[0]) for row in found[:5000] for v in row[:400] if v not in ("", None)}


def _answer(e: Entry) -> tuple[str, ...]:
    """What an entry says, field by field ("" fields left out); () when it says nothing."""
    texts = (e.status, e.done_month, e.expected_month, e.progress, e.issues, e.next_steps, e.evidence)
    return tuple(t for t in texts if t)


def _holds_first_task(sheet: SheetLayout, found: list[list[Any]]) -> bool:
    """A quick look: the section's first task where export put it (序号 and 任务名称)."""
    row = sheet.task_row(0)
    if row >= len(found) or len(found[row]) < 2:
        return False
    task = sheet.tasks[0]
    return norm_key(cell_text(found[row][0])[0]) == norm_key(task.id) and \
        norm_key(cell_text(found[row][1])[0]) == norm_key(task.title)


def _task_score(sheet: SheetLayout, texts: set[str]) -> int:
    """How many of the section's tasks a sheet holds (by title, or by a milestone's label)."""
    found = 0
    for task in sheet.tasks:
        if norm_key(task.title) in texts or any(norm_key(milestone_label(m)) in texts for m in task.milestones[:1]):
            found += 1
    return found


def _longest_common_subsequence(a: Sequence[str], b: Sequence[str]) -> set[str]:
    """The ids of ``a`` that keep their relative order in ``b`` (the rest moved). Among the
    longest such sequences, the one keeping most ids at their own rank wins, so swapping two
    rows reports those two and not a bystander."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(table[i + 1][j], table[i][j + 1])
            if a[i] == b[j]:
                best = max(best, table[i + 1][j + 1] + 1000 + (i == j))
            table[i][j] = best
    out, i, j = set(), 0, 0
    while i < n and j < m:
        if a[i] == b[j] and table[i][j] == table[i + 1][j + 1] + 1000 + (i == j):
            out.add(a[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return out
