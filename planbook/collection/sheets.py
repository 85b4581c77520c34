"""Reading one accepted return's sheets against the layout: each section sheet is found (by
name, or by its task rows when renamed), its header and task rows are matched to what export
wrote, read-only cells are checked, and every milestone's input cells become an
:class:`~planbook.store.record.Entry`. Whatever differs from the layout becomes a located problem;
a damaged sheet costs only itself.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable

from planbook.xlsx.requests_sheet import REQUESTS_SHEET
from planbook.xlsx.layout import CONTACT_FIELDS, INSTRUCTIONS_SHEET, PHONE, REPORTER, TARGETS_SHEET, SheetLayout, WorkbookLayout, cell_name, contact_cell, milestone_label
from planbook.base.problems import ERROR, WARNING, Problem
from planbook.core.quarter import Quarter
from planbook.store.record import Entry
from planbook.base.words import CONTROL_CHARS
from planbook.collection.actuals import read_actuals
from planbook.collection.cells import cell_text, norm_key, shown as _shown
from planbook.collection.intake import ReturnPackage
from planbook.collection.section import SectionReader

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
        package = self.package
        book = package.open_book()
        try:
            present = [n for n in package.sheet_names if n != REQUESTS_SHEET]  # read on its own
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
                    SectionReader(self, sheet, source, rows(source), package.formula_cells(source),
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
            SectionReader(shadow, section, name, rows(name), self.package.formula_cells(name), merged.get(name, [])).run()
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
