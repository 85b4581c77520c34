"""Reading one section sheet of a return: the header and each column found by its header text
(wherever columns and rows moved), each task's row by its 序号, read-only cells checked, and the
input cells of every milestone the layout puts there read into an
:class:`~planbook.record.Entry` — merged cells, “同上” and months as people write them
included. What moved is said once per sheet; what cannot be placed is named.
"""

from __future__ import annotations

from typing import Any, Protocol, Sequence

from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK, STATUSES, month_key, month_label
from planbook.xlsx.review_form import REVIEW_MARK
from planbook.xlsx.layout import DONE_MONTH, EVIDENCE, EXPECTED_MONTH, GROUP_FIELDS, GROUP_ROW, HEADER_ROW, ISSUES, MAX_CELL_TEXT, MILESTONE, MONTH_FIELDS, NEXT_STEPS, PREFILL_MARK, PROGRESS, STATUS, TASK_ID, TASK_TITLE, TEXT_FIELDS, Column, SheetLayout, WorkbookLayout, cell_name, column_letter, milestone_label, task_slots
from planbook.base.problems import ERROR, WARNING
from planbook.core.quarter import Quarter
from planbook.store.record import Entry
from planbook.base.words import CONTROL_CHARS
from planbook.collection.cells import cell_text, norm_key, read_month, shown as _shown
from planbook.collection.columns import FIELD_BY_KEY, Cells, Columns, locate_columns

ALLOWED_STATUSES = "、".join(STATUSES) + "（或留空：未报送）"

_STATUS_KEYS = {norm_key(s): s for s in STATUSES}
_STATUS_KEYS.update({norm_key(k): v for k, v in (
    ("已经完成", DONE), ("已办结", DONE), ("正常推进中", ON_TRACK), ("推进中", ON_TRACK), ("正在推进", ON_TRACK),
    ("按计划推进", ON_TRACK), ("正常", ON_TRACK), ("滞后", BEHIND), ("进度落后", BEHIND), ("未开始", NOT_STARTED),
    ("尚未启动", NOT_STARTED), ("未开展", NOT_STARTED))})
"""The status vocabulary as written, and a few plain synonyms (read, with a 提示). A bare
“完成” is not one of them: 已完成 or 基本完成? The agency is asked."""


class Book(Protocol):
    """The workbook a section sheet belongs to: where its entries and problems go."""

    layout: WorkbookLayout
    agency: str
    quarter: Quarter | None
    file: str
    sha256: str
    entries: list[Entry]

    def problem(self, kind: str, message: str, severity: str = ERROR, **where: Any) -> None: ...


_SAME_AS_ABOVE = {norm_key(t) for t in ("同上", "同上述", "如上", "同前", "同左上", "〃", "同上栏", "同上行")}
_TRIM = "。.，,；;！!、 "


def _same_as_above(text: str) -> bool:
    """“同上” and its kin, however spaced and punctuated; a cell of more than 40 characters
    is an answer of its own (and is not normalised to find out)."""
    return bool(text) and len(text) <= 40 and norm_key(text).strip(_TRIM) in _SAME_AS_ABOVE


class SectionReader(Cells):
    """One section sheet: finds the header and each column by its header text, each task's
    row by its 序号, checks read-only cells, and reads the input cells of every milestone the
    layout puts there. What moved is said once; what cannot be placed is named."""

    def __init__(self, book: Book, sheet: SheetLayout, name: str, rows: list[list[Any]],
                 formulas: dict[tuple[int, int], str], merged: Sequence[tuple[int, int, int, int]] = (), *,
                 renamed: bool = False):
        self.book = book
        self.sheet = sheet
        self.name = name
        self.rows = rows
        self.formulas = dict(formulas)  # reported ones are removed; the rest are reported at the end
        self.merged = list(merged)
        self.renamed = renamed
        self.cols = Columns(HEADER_ROW, GROUP_ROW)
        self.slot_columns: list[dict[str, int | None]] = []
        self.slot_cells: list[frozenset[int]] = []
        self.placed: set[int] = set()
        self.down: dict[tuple[int, int], tuple[int, int, int, int]] = {}  # a cell of a merge down one column
        self.across: dict[tuple[int, int], tuple[int, int, int, int]] = {}  # a cell of a merge across fields
        self.said_merge: set[tuple[tuple[int, int, int, int], str]] = set()
        self.formulas_read: dict[tuple[int, int], str] = {}

    # -- helpers ------------------------------------------------------------------------------
    def problem(self, kind: str, message: str, severity: str = ERROR, *, row: int | None = None,
                col: int | None = None, **where: Any) -> None:
        cell = cell_name(row, col) if row is not None and col is not None else where.pop("cell", "")
        self.book.problem(kind, message, severity, sheet=self.name, cell=cell, **where)

    # -- the sheet ----------------------------------------------------------------------------
    def run(self) -> None:
        self.cols = locate_columns(self.sheet, self.rows, self.merged)
        self.slot_columns, self.slot_cells = self.cols.groups(len(self.sheet.slots))
        self.placed = self.cols.placed
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
        if parts:  # one 提示 for all of it
            text = "，".join(parts) + "，{}。请勿修改工作表名称、增删或移动行列。"
            where: dict[str, Any] = dict(row=cols.header_row, col=0, value=f"表头在第 {cols.header_row + 1} 行",
                                         allowed=f"表头在第 {HEADER_ROW + 1} 行")
            if self.renamed:
                self.problem("sheet_renamed", text.format("已按表头和内容识别并读取"), WARNING,
                             **{**where, "value": self.name, "allowed": sheet.name})
            elif cols.inserted or gone or cols.moved or cols.extra_header_rows:
                self.problem("columns_moved", text.format("已按表头读取"), WARNING, **where)
            else:
                self.problem("rows_shifted", text.format("已按表头读取"), WARNING, **where)
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
        inputs = {c for (si, key), c in self.cols.fields.items() if FIELD_BY_KEY[key].input}
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
            if not any(cell_text(v)[0].strip() for v in cells if v != "") and not any(
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
        owned = sheet.owned(task)
        row_cells = self.rows[row] if row < len(self.rows) else []
        # the row's cells that hold something (a value or a formula): most of a row is empty
        written = {c for c, v in enumerate(row_cells) if v != "" and v is not None}
        written.update(c for r, c in self.formulas if r == row)
        merges = bool(self.across or self.down)
        for si, slot in enumerate(sheet.slots):
            milestone = owned.get(si)
            where_of = self.slot_columns[si]
            if milestone is None:
                if written.isdisjoint(self.slot_cells[si]):  # nothing written in the group: nothing to say
                    continue
                for column in GROUP_FIELDS:
                    col = where_of[column.key]
                    if col not in written:
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
            # an empty cell, with no merge in the sheet to give it a value, is read as empty at once
            status = self._status(row, status_col, task.id, milestone.id) \
                if merges or status_col in written else ""
            texts = {f.key: self._text_input(row, where_of[f.key], f, task.id, milestone.id)
                     if merges or where_of[f.key] in written else "" for f in TEXT_FIELDS}
            months = {f.key: self._month_input(row, where_of[f.key], f, task.id, milestone.id)
                      if merges or where_of[f.key] in written else "" for f in MONTH_FIELDS}
            carried = texts[PROGRESS.key].startswith(PREFILL_MARK)
            if carried:  # last quarter's text, as pre-filled: not updated
                texts[PROGRESS.key] = texts[PROGRESS.key][len(PREFILL_MARK):].strip()
            elif texts[PROGRESS.key].startswith(REVIEW_MARK):  # sent back by the review, as pre-filled
                carried = True
                self.problem("review_not_updated", f"节点 {milestone.id} 经审核退回，进展情况仍是预填的审核意见"
                             f"（以“{REVIEW_MARK}”开头），没有更新。请按审核意见整改，写明本季度的进展后重新报送。",
                             WARNING, row=row, col=where_of[PROGRESS.key], task_id=task.id,
                             milestone_id=milestone.id, field=PROGRESS.header, value=_shown(texts[PROGRESS.key]),
                             allowed="本季度的进展情况")
                texts[PROGRESS.key] = texts[PROGRESS.key].partition(PREFILL_MARK)[2].strip()
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
        placed = self.placed
        for col in sorted(written):
            if col in placed or col >= len(row_cells):
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
        if not self.across and not self.down and (row, col) not in self.formulas \
                and (row, col) not in self.formulas_read:  # a plain cell (most): its value, unless “同上”
            row_cells = self.rows[row] if row < len(self.rows) else ()
            value = row_cells[col] if col < len(row_cells) else ""
            if value == "" or not _same_as_above(cell_text(value)[0]):
                return value
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
        if value is None or col is None or value == "":
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
        if said:  # one message per cell, naming what was kept
            kept = text.strip()
            message = f"“{column.header}”" + "；".join(said) + f"。已读取的内容：“{_shown(kept, 40)}”（{len(kept)} 字）。"
            where: dict[str, Any] = dict(row=row, col=col, task_id=task_id, milestone_id=milestone_id,
                                         field=column.header, value=_shown(cell_text(value)[0], 60))
            allowed = f"不超过 {MAX_CELL_TEXT} 个字符、不含控制字符的文字"
            if code == "text_too_long":
                self.problem("text_too_long", message + "请精简后重新报送。", severity, allowed=allowed, **where)
            elif code == "control_chars":
                self.problem("control_chars", message, severity, allowed=allowed, **where)
            else:
                self.problem("value_converted", message + "如不对，请把单元格设为文本格式后重新填写。", severity,
                             allowed="文字", **where)
        return text.strip()

    def _month_input(self, row: int, col: int | None, column: Column, task_id: str, milestone_id: str) -> str:
        """完成时间 or 预计完成时间 as ``YYYY-MM``, from whatever people write for a month
        (:func:`~.cells.read_month`); "" when empty or not a month (said in a problem)."""
        value = self._input(row, col, column, task_id, milestone_id)
        if value is None or col is None or value == "":
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
        if column is DONE_MONTH and quarter is not None and month > month_key(quarter.end):
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
