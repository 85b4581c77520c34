"""Reading one accepted return's sheets against the layout: each section sheet is found (by
name, or by its task rows when renamed), its header and task rows are matched to what export
wrote, read-only cells are checked, and every milestone's input cells become an
:class:`~planbook.store.record.Entry`. Whatever differs from the layout becomes a located problem;
a damaged sheet costs only itself.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Callable, Sequence

from planbook.core.statuses import BEHIND, month_label, parse_month, DONE, STATUSES
from planbook.xlsx.layout import CONTACT_FIELDS, DONE_MONTH, EXPECTED_MONTH, ISSUES, MONTH_FIELDS, NEXT_STEPS, PHONE, PREFILL_MARK, REPORTER, TEXT_FIELDS, contact_cell, EVIDENCE, FIRST_TASK_ROW, GROUP_FIELDS, GROUP_ROW, HEADER_ROW, INSTRUCTIONS_SHEET, TARGETS_SHEET, MAX_CELL_TEXT, MILESTONE, PROGRESS, STATUS, Column, SheetLayout, WorkbookLayout, cell_name, milestone_label, task_slots
from planbook.base.problems import ERROR, WARNING, Problem
from planbook.core.quarter import Quarter
from planbook.store.record import Entry
from planbook.base.words import CONTROL_CHARS
from planbook.collection.actuals import read_actuals
from planbook.collection.cells import cell_text, norm_key, shown as _shown
from planbook.collection.intake import ReturnPackage

ALLOWED_STATUSES = "、".join(STATUSES) + "（或留空：未报送）"

_STATUS_KEYS = {norm_key(s): s for s in STATUSES}


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
            expected = {s.name for s in self.layout.sheets}
            extra = [n for n in present if n not in expected and n != INSTRUCTIONS_SHEET]
            rows_of: dict[str, list[list[Any]]] = {}

            def rows(name: str) -> list[list[Any]]:
                if name not in rows_of:
                    rows_of[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                return rows_of[name]

            for sheet in self.layout.sheets:
                source: str | None = sheet.name
                if source not in present:
                    source = self._find_renamed(sheet, extra, rows)
                    if source is None:
                        n_ms = sum(len(t.milestones) for t in sheet.tasks)
                        self.problem("sheet_missing", f"工作表“{sheet.name}”被删除（或改名后无法识别），其中 {len(sheet.tasks)}"
                                     f" 项任务、{n_ms} 个节点未能读取。请用下发的填报表恢复该工作表后重新报送。",
                                     sheet=sheet.name, value="（缺失）", allowed=sheet.name)
                        continue
                    extra.remove(source)
                    self.problem("sheet_renamed", f"工作表“{sheet.name}”被改名为“{source}”，已按内容识别并读取。"
                                 "请勿修改工作表名称。", WARNING, sheet=source, value=source, allowed=sheet.name)
                try:
                    _SheetReader(self, sheet, source, rows(source), package.formula_cells(source)).run()
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
                self.problem("sheet_added", f"工作簿中多了工作表“{name}”，其内容未读取。请只在下发的工作表中填写。",
                             WARNING, sheet=name, value=name, allowed="、".join(self.layout.sheet_names))
        finally:
            book.close()

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
        for field in CONTACT_FIELDS:
            row, col = contact_cell(field)
            value = rows[row][col] if row < len(rows) and col < len(rows[row]) else ""
            self.contact[field.key] = CONTROL_CHARS.sub("", cell_text(value)[0]).strip()
        where = dict(sheet=INSTRUCTIONS_SHEET, cell=cell_name(*contact_cell(REPORTER)), field=REPORTER.header)
        if not self.contact.get(REPORTER.key):
            self.problem("contact_missing", f"没有填写填报人和联系电话。请在“{INSTRUCTIONS_SHEET}”工作表的 B 列填写，"
                         "以便核实。", WARNING, value="（空）", allowed="填报人姓名、联系电话", **where)
        phone = self.contact.get(PHONE.key, "")
        if phone and len(re.sub(r"\D", "", phone)) < 7:
            self.problem("contact_missing", f"联系电话“{_shown(phone, 40)}”不像电话号码。请填写手机号或带区号的座机号码。",
                         WARNING, sheet=INSTRUCTIONS_SHEET, cell=cell_name(*contact_cell(PHONE)), field=PHONE.header,
                         value=_shown(phone), allowed="如 0411-12345678 或 13800000000")

    def _find_renamed(self, sheet: SheetLayout, candidates: list[str],
                      rows: Callable[[str], list[list[Any]]]) -> str | None:
        """A sheet not named as expected whose task rows are this section's."""
        wanted = {t.id: norm_key(t.title) for t in sheet.tasks}
        best, score = None, 0
        for name in candidates:
            try:
                candidate = rows(name)
            except Exception:  # a chart sheet or a broken one: not the section
                continue
            found = 0
            for row in candidate[FIRST_TASK_ROW - 1: FIRST_TASK_ROW + len(sheet.tasks) + 20]:
                if len(row) > 1:
                    tid = norm_key(cell_text(row[0])[0])
                    if tid in wanted and norm_key(cell_text(row[1])[0]) == wanted[tid]:
                        found += 1
            if found > score:
                best, score = name, found
        return best


class _SheetReader:
    """One section sheet: finds the header and each task's row, checks read-only cells, and
    reads the input cells of every milestone the layout puts there."""

    def __init__(self, book: _WorkbookReader, sheet: SheetLayout, name: str, rows: list[list[Any]],
                 formulas: dict[tuple[int, int], str]):
        self.book = book
        self.sheet = sheet
        self.name = name
        self.rows = rows
        self.formulas = dict(formulas)  # reported ones are removed; the rest are reported at the end

    # -- helpers ------------------------------------------------------------------------------
    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows):
            r = self.rows[row]
            if col < len(r):
                return r[col]
        return ""

    def text(self, row: int, col: int) -> str:
        return cell_text(self.value(row, col))[0]

    def problem(self, kind: str, message: str, severity: str = ERROR, *, row: int | None = None,
                col: int | None = None, **where: Any) -> None:
        cell = cell_name(row, col) if row is not None and col is not None else where.pop("cell", "")
        self.book.problem(kind, message, severity, sheet=self.name, cell=cell, **where)

    # -- the sheet ----------------------------------------------------------------------------
    def run(self) -> None:
        offset = self._header_offset()
        if offset is None:
            return
        found = self._match_rows(offset)
        for ti, task in enumerate(self.sheet.tasks):
            row = found.get(task.id)
            if row is None:
                expected = self.sheet.task_row(ti) + offset
                self.problem("row_deleted", f"任务 {task.id} 所在的行被删除，该任务的 {len(task.milestones)} 个节点"
                             "未能读取。请用下发的填报表恢复该行后重新报送。", row=expected, col=0,
                             task_id=task.id, value="（缺失）", allowed=f"任务 {task.id}：{task.title}")
                continue
            self._read_task_row(ti, row)
        for (row, col), formula in sorted(self.formulas.items()):
            self.problem("formula", "表格中有公式，未读取。请直接输入文字，不要以“=”开头。", row=row, col=col,
                         value=_shown(formula), allowed="文字")

    def _header_offset(self) -> int | None:
        """Where the header is (0: as written; n: n rows were inserted above it). None: the
        columns changed, so no position can be trusted and the sheet is not read."""
        best: int | None = None
        best_bad: list[tuple[int, int, str, str]] | None = None
        for offset in (0, *range(1, 11), -1):
            if HEADER_ROW + offset < 1:
                continue
            bad = self._header_mismatches(offset)
            if not bad:
                best, best_bad = offset, []
                break
            if offset == 0:
                best_bad = bad
        if best is None and best_bad is not None and len(best_bad) <= 2:
            best = 0  # a header text typed over: say so, and read by position
        if best is None:
            assert best_bad  # offset 0 is always tried, and it did not match
            row, col, found, expected = best_bad[0]
            self.problem("columns_changed", f"工作表的表头与下发时不同（可能插入、删除或移动了列，共 {len(best_bad)} 处），"
                         "单元格位置无法确定，该工作表未读取。请用下发的填报表重新填写。", row=row, col=col,
                         value=_shown(found) or "（空）", allowed=expected)
            return None
        for row, col, found, expected in best_bad or []:
            self.formulas.pop((row, col), None)
            self.problem("readonly_edited", "表头单元格被修改（只读，不得更改），已按下发时的表头读取。", row=row, col=col,
                         field="表头", value=_shown(found), allowed=expected)
        if best:
            where = f"上方插入了 {best} 行" if best > 0 else f"上方删除了 {-best} 行"
            self.problem("rows_shifted", f"表头{where}，已按表头位置读取。请勿在表格上方增删行。", WARNING,
                         row=HEADER_ROW + best, col=0, value=f"表头在第 {HEADER_ROW + best + 1} 行",
                         allowed=f"表头在第 {HEADER_ROW + 1} 行")
        return best

    def _header_mismatches(self, offset: int) -> list[tuple[int, int, str, str]]:
        bad = []
        for col, column, slot in self.sheet.columns():
            row = (GROUP_ROW if slot is None else HEADER_ROW) + offset
            found = self.text(row, col)
            if found != column.header and norm_key(found) != norm_key(column.header):
                bad.append((row, col, found, column.header))
        return bad

    def _match_rows(self, offset: int) -> dict[str, int]:
        """Each task's row, found by its 序号 (or, if that was typed over, its 任务名称)."""
        sheet = self.sheet
        by_id = {t.id: t for t in sheet.tasks}
        by_title = {norm_key(t.title): t.id for t in sheet.tasks}
        expected_row = {t.id: sheet.task_row(i) + offset for i, t in enumerate(sheet.tasks)}
        occurrences: dict[str, list[int]] = {}
        order: list[str] = []
        inserted: list[tuple[int, str]] = []
        blank: list[int] = []
        first = FIRST_TASK_ROW + offset
        for row in range(first, len(self.rows)):
            cells = self.rows[row]
            if not any(cell_text(v)[0].strip() for v in cells) and not any(
                    (row, c) in self.formulas for c in range(len(cells))):
                blank.append(row)
                continue
            tid = norm_key(self.text(row, 0))
            if tid not in by_id:
                title_id = by_title.get(norm_key(self.text(row, 1)))
                if title_id and title_id not in occurrences:
                    tid = title_id
            if tid in by_id:
                if tid not in occurrences:
                    order.append(tid)
                occurrences.setdefault(tid, []).append(row)
            else:
                inserted.append((row, tid))
        last_task_row = max((r for rs in occurrences.values() for r in rs), default=first - 1)
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
                                 f"已采用第 {keep + 1} 行，第 {row + 1} 行未读取。请删除重复的行。", row=row, col=0,
                                 task_id=tid, value=f"第 {row + 1} 行", allowed=f"第 {keep + 1} 行")
        in_place = _longest_common_subsequence(order, [t.id for t in sheet.tasks if t.id in found])
        for tid in order:
            if tid not in in_place:
                self.problem("row_moved", f"任务 {tid} 的行被移动（应在第 {expected_row[tid] + 1} 行，现在第 "
                             f"{found[tid] + 1} 行），已按序号读取。请勿移动行。", WARNING, row=found[tid], col=0,
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
                col = self.sheet.slot_col(si, STATUS)
                status = self.text(row, col).strip()
                if m is not None and status:
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
        self.problem("row_inserted", f"第 {row + 1} 行是插入的行{elsewhere}，不是本表下发的任务，其内容未读取。请勿增删行，"
                     "补充说明请写在“进展情况”中。", row=row, col=0, task_id=tid if task else "",
                     value=_shown(" | ".join(t for t in (cell_text(v)[0] for v in self.rows[row][:6]) if t), 120),
                     allowed="下发时的行")

    def _forget_row(self, row: int) -> None:
        for key in [k for k in self.formulas if k[0] == row]:
            del self.formulas[key]

    # -- one task ---------------------------------------------------------------------------------
    def _read_task_row(self, ti: int, row: int) -> None:
        sheet = self.sheet
        task = sheet.tasks[ti]
        for col, (column, expected) in enumerate(zip(sheet.fixed, sheet.fixed_values(task))):
            self._check_readonly(row, col, expected, column.header, task.id, "")
        for si, (slot, col0, milestone) in enumerate(sheet.milestone_cells(ti)):
            if milestone is None:
                for offset, column in enumerate(GROUP_FIELDS):
                    col = col0 + offset
                    formula = self.formulas.pop((row, col), None)
                    found = formula or self.text(row, col)
                    if found.strip():
                        self.problem("readonly_edited", f"任务 {task.id} 在“{slot.label}”没有节点，灰色单元格不应填写，"
                                     "内容未读取。", row=row, col=col, task_id=task.id, field=column.header,
                                     value=_shown(found), allowed="（空）")
                continue
            self._check_readonly(row, col0, milestone_label(milestone), MILESTONE.header, task.id, milestone.id)
            status_col = sheet.slot_col(si, STATUS)
            status = self._status(row, status_col, task.id, milestone.id)
            texts = {f.key: self._text_input(row, sheet.slot_col(si, f), f, task.id, milestone.id) for f in TEXT_FIELDS}
            months = {f.key: self._month_input(row, sheet.slot_col(si, f), f, task.id, milestone.id) for f in MONTH_FIELDS}
            carried = texts[PROGRESS.key].startswith(PREFILL_MARK)
            if carried:  # last quarter's text, as pre-filled: not updated
                texts[PROGRESS.key] = texts[PROGRESS.key][len(PREFILL_MARK):].strip()
            where: dict[str, Any] = dict(row=row, task_id=task.id, milestone_id=milestone.id, value="（空）")
            if status == DONE and not texts[PROGRESS.key]:
                self.problem("done_without_progress", "完成状态为“已完成”，但“进展情况”为空。请写明完成的主要内容和时间。",
                             col=sheet.slot_col(si, PROGRESS), field=PROGRESS.header,
                             allowed="已完成的节点须填写进展情况", **where)
            if status == DONE and not months[DONE_MONTH.key]:
                self.problem("done_month_missing", "完成状态为“已完成”，但没有填写“完成时间”。请填写完成的年月，如 2023年6月。",
                             col=sheet.slot_col(si, DONE_MONTH), field=DONE_MONTH.header,
                             allowed="已完成的节点须填写完成时间", **where)
            if status == BEHIND and not months[EXPECTED_MONTH.key]:
                self.problem("expected_month_missing", "完成状态为“进度滞后”，但没有填写“预计完成时间”。请填写预计完成的年月。",
                             col=sheet.slot_col(si, EXPECTED_MONTH), field=EXPECTED_MONTH.header,
                             allowed="进度滞后的节点须填写预计完成时间", **where)
            self.book.entries.append(Entry(
                agency=self.book.agency, task_id=task.id, milestone_id=milestone.id, status=status,
                progress=texts[PROGRESS.key], evidence=texts[EVIDENCE.key], file=self.book.file,
                sha256=self.book.sha256, sheet=self.name, cell=cell_name(row, status_col),
                done_month=months[DONE_MONTH.key] if status == DONE else "",
                expected_month=months[EXPECTED_MONTH.key], issues=texts[ISSUES.key],
                next_steps=texts[NEXT_STEPS.key], carried=carried))
        row_cells = self.rows[row] if row < len(self.rows) else []
        for col in range(sheet.width, len(row_cells)):
            found = self.formulas.pop((row, col), "") or cell_text(row_cells[col])[0]
            if found.strip():
                self.problem("outside_table", "表格右侧的单元格有内容，未读取。补充说明请写在“进展情况”或“佐证/备注”中。",
                             WARNING, row=row, col=col, task_id=task.id, value=_shown(found), allowed="（空）")

    def _check_readonly(self, row: int, col: int, expected: str, header: str, task_id: str, milestone_id: str) -> None:
        formula = self.formulas.pop((row, col), None)
        found = self.text(row, col)
        if formula is None and (found == expected or norm_key(found) == norm_key(expected)):
            return
        what = "任务" if not milestone_id else "节点"
        self.problem("readonly_edited", f"只读单元格“{header}”被修改（{what}原文不得更改，疑似篡改），已按方案原文处理。"
                     "请勿修改灰色单元格。", row=row, col=col, task_id=task_id, milestone_id=milestone_id,
                     field=header, value=_shown(formula or found), allowed=_shown(expected, 120))

    def _formula(self, row: int, col: int, column: Column, task_id: str, milestone_id: str) -> bool:
        formula = self.formulas.pop((row, col), None)
        if formula is None:
            return False
        self.problem("formula", f"“{column.header}”中是公式，不是文字，内容未读取。请直接输入文字，不要以“=”开头。",
                     row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=column.header,
                     value=_shown(formula), allowed="文字")
        return True

    def _text_input(self, row: int, col: int, column: Column, task_id: str, milestone_id: str) -> str:
        """进展情况 or 佐证/备注 as text: formulas dropped, numbers and dates written out,
        control characters removed, over-long text cut — each said in a problem."""
        if self._formula(row, col, column, task_id, milestone_id):
            return ""
        where: dict[str, Any] = dict(row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=column.header)
        text, kind = cell_text(self.value(row, col))
        if kind:
            self.problem("value_converted", f"“{column.header}”中是{kind}（输入时被 Excel/WPS 自动转换），已按文本"
                         f"“{text}”读取；如不对，请把单元格设为文本格式后重新填写。", WARNING, value=text,
                         allowed="文字", **where)
        if CONTROL_CHARS.search(text):
            self.problem("control_chars", f"“{column.header}”中有不可见的控制字符，已删除。", value=_shown(text),
                         allowed="不含控制字符的文字", **where)
            text = CONTROL_CHARS.sub("", text)
        if len(text) > MAX_CELL_TEXT:
            self.problem("text_too_long", f"“{column.header}”有 {len(text)} 个字符，超过单元格上限 {MAX_CELL_TEXT}，"
                         f"已截断为前 {MAX_CELL_TEXT} 个字符。请精简后重新报送。", value=_shown(text, 60),
                         allowed=f"不超过 {MAX_CELL_TEXT} 个字符", **where)
            text = text[:MAX_CELL_TEXT]
        return text.strip()

    def _month_input(self, row: int, col: int, column: Column, task_id: str, milestone_id: str) -> str:
        """完成时间 or 预计完成时间 as ``YYYY-MM`` (from 2023年6月, 2023-06, 2023.6, 2023/6 or a
        date Excel made of it); "" when empty or not a month (said in a problem)."""
        if self._formula(row, col, column, task_id, milestone_id):
            return ""
        value = self.value(row, col)
        if isinstance(value, (datetime, date)):
            month = f"{value.year:04d}-{value.month:02d}"
        else:
            text = CONTROL_CHARS.sub("", cell_text(value)[0]).strip()
            if not text:
                return ""
            month = parse_month(text)
            if not month:
                self.problem("month_invalid", f"“{column.header}”写的“{_shown(text, 40)}”不是年月，未读取。请写作“2023年6月”。",
                             row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=column.header,
                             value=_shown(text), allowed="如 2023年6月")
                return ""
        if column is DONE_MONTH and self.book.quarter is not None and month > self.book.quarter.end.strftime("%Y-%m"):
            self.problem("month_invalid", f"“完成时间”{month_label(month)}晚于本季度末（{self.book.quarter.label}），"
                         "未读取。已完成的节点请填写实际完成的年月。", row=row, col=col, task_id=task_id,
                         milestone_id=milestone_id, field=column.header, value=month_label(month),
                         allowed=f"不晚于 {self.book.quarter.end.year}年{self.book.quarter.end.month}月")
            return ""
        return month

    def _status(self, row: int, col: int, task_id: str, milestone_id: str) -> str:
        """完成状态: one of the vocabulary, forgiving spaces and full-width forms; "" when empty."""
        if self._formula(row, col, STATUS, task_id, milestone_id):
            return ""
        where: dict[str, Any] = dict(row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=STATUS.header)
        text, kind = cell_text(self.value(row, col))
        key = norm_key(text)
        if not key:
            return ""
        status = None if kind else _STATUS_KEYS.get(key)
        if status is None:
            self.problem("status_invalid", f"完成状态“{_shown(text, 40)}”不在可选范围内，未读取。请从下拉列表中选择。",
                         value=_shown(text), allowed=ALLOWED_STATUSES, **where)
            return ""
        if status != text:
            self.problem("status_normalized", f"完成状态“{_shown(text, 40)}”含空格或全角字符，已按“{status}”读取。",
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
