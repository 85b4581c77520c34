"""Read returned workbooks back and consolidate them: ``planbook collect``.

    >>> result = planbook.collect(["returns/"], plan, "2023Q2")
    >>> result.record.status_of("7-2").status
    >>> write_collect_outputs(result, "output/2023Q2")

Data flows one way: returned files -> :func:`read_return` (one file: safety checks in
:mod:`planbook.returns`, identity, values by the positions :mod:`planbook.layout` gives,
every problem located) -> :func:`consolidate` (latest return per agency, one status per
milestone) -> :func:`write_collect_outputs` (archive, master workbook, problem lists,
``record.json``, ``entries.csv``). A broken file gives a problem, never an exception, and
a return with problems still contributes every value that could be read.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from .layout import (
    DONE,
    EVIDENCE,
    FIRST_TASK_ROW,
    GROUP_FIELDS,
    GROUP_ROW,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    LAYOUT_VERSION,
    MAX_CELL_TEXT,
    MILESTONE,
    PROGRESS,
    STATUS,
    STATUS_RANK,
    STATUSES,
    SheetLayout,
    WorkbookLayout,
    agency_filename,
    cell_name,
    milestone_label,
    task_slots,
    workbook_layout,
)
from .model import Plan
from .problems import ERROR, WARNING, Problem
from .quarter import Quarter, is_due, is_overdue, is_upcoming, light
from .record import Entry, MilestoneStatus, QuarterRecord, ReturnFile

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .workbooks import ExtraSheet

RETURNS_FOLDER = "returns"
"""Under the quarter's folder: every return as received, ``<sha256[:12]>_<original name>``."""
PROBLEMS_FOLDER = "问题清单"
ENTRIES_FILE = "entries.csv"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".et", ".ett", ".ods", ".csv")
"""What a folder scan picks up: everything an agency might send back as its return, so a
.xls or .xlsm gets its own message instead of being silently passed over."""

ALLOWED_STATUSES = "、".join(STATUSES) + "（或留空：未报送）"

KINDS: dict[str, str] = {
    # the file as a whole
    "file_empty": "空文件",
    "file_unreadable": "无法打开",
    "not_xlsx": "不是xlsx",
    "file_truncated": "文件不完整",
    "file_broken": "文件损坏",
    "zip_bomb": "压缩炸弹",
    "xml_entities": "XML实体",
    "encrypted": "已加密",
    "old_xls": "旧版xls",
    "ole_unknown": "xls或已加密",
    "macro_enabled": "启用宏",
    "no_identity": "无识别信息",
    "wrong_plan": "其他方案",
    "wrong_quarter": "其他季度",
    "wrong_layout": "其他版式",
    "master_workbook": "总表回传",
    "unknown_agency": "未知单位",
    "identity_conflict": "识别信息不一致",
    "identity_content": "识别信息被改动",
    "nothing_reported": "未填写",
    # sheets
    "sheet_missing": "工作表被删除",
    "sheet_renamed": "工作表被改名",
    "sheet_added": "工作表被添加",
    "columns_changed": "表头或列被改动",
    "rows_shifted": "表头位置移动",
    # rows
    "row_deleted": "行被删除",
    "row_inserted": "行被插入",
    "row_moved": "行被移动",
    "row_duplicated": "行重复",
    "not_lead": "非牵头单位填报",
    # cells
    "readonly_edited": "只读单元格被改",
    "outside_table": "表格外有内容",
    "formula": "公式",
    "status_invalid": "状态不在列表中",
    "status_normalized": "状态含空格或全角",
    "done_without_progress": "已完成未写进展",
    "text_too_long": "文字超长",
    "control_chars": "控制字符",
    "value_converted": "日期或数字",
}
"""Every problem kind collect reports (a stable code) and its short Chinese label."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
_ARCHIVED_NAME = re.compile(r"^([0-9a-f]{12})_(.+)$")
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


# -- reading one file ------------------------------------------------------------------------
@dataclass
class ReturnRead:
    """What one file gave: who sent it, when it was written, its entries and its problems."""

    file: str  # original name
    sha256: str
    written_at: str  # from the workbook; "" when it carries none
    mtime: str  # the file's modification time, ISO UTC
    agency: str = ""
    accepted: bool = False
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    path: str = ""

    @property
    def refusal(self) -> str:
        return "" if self.accepted else (self.problems[0].kind if self.problems else "")

    @property
    def when(self) -> str:
        return self.written_at or self.mtime


def original_name(file_name: str, sha256: str) -> str:
    """``1a2b3c4d5e6f_2023Q2_市营商局.xlsx`` (an archived return) -> ``2023Q2_市营商局.xlsx``."""
    m = _ARCHIVED_NAME.match(file_name)
    return m[2] if m and sha256.startswith(m[1]) else file_name


def read_return(path: str | Path, plan: Plan, quarter: str | Quarter, *, data: bytes | None = None,
                name: str | None = None) -> ReturnRead:
    """Read and validate one returned file. Never raises for anything the file contains."""
    from .returns import RefusedReturn, iso_utc, open_return, sha256_of

    path = Path(path)
    quarter = Quarter.parse(quarter)
    mtime = ""
    try:
        if data is None:
            data = path.read_bytes()
            mtime = iso_utc(datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat())
    except OSError as exc:
        shown = name or path.name
        return ReturnRead(shown, "", "", "", problems=[Problem(
            "file_unreadable", f"文件无法打开（{exc.strerror or type(exc).__name__}）。", file=shown)], path=str(path))
    digest = sha256_of(data)
    name = name or original_name(path.name, digest)
    read = ReturnRead(name, digest, "", mtime, path=str(path))
    try:
        package = open_return(data, name)
    except RefusedReturn as refused:
        read.problems.append(refused.problem)
        return read
    read.written_at = package.written_at
    read.problems.extend(package.problems)
    identity = package.identity
    if identity is None:
        read.problems.append(Problem(
            "no_identity", "工作簿中没有识别信息（定义名称 PLANBOOK_ID 和文档属性 planbook 都不存在），无法确定"
            "是哪个单位、哪个季度的填报表，可能是把内容复制到了新工作簿。请用下发的填报表填写后报送。",
            file=name, allowed="下发的填报表"))
        return read
    read.agency = identity.agency
    refusal = _check_identity(identity, plan, quarter, name)
    if refusal:
        read.problems.append(refusal)
        return _with_agency(read)
    layout = workbook_layout(plan, identity.agency)
    if identity.content and identity.content != layout.content_fingerprint:
        read.problems.append(Problem(
            "identity_content", "识别信息中的内容标识与方案不符（识别信息可能被改动过），已逐个单元格核对后读取。",
            file=name, value=identity.content, allowed=layout.content_fingerprint))
    try:
        _WorkbookReader(package, layout, read).run()
    except Exception as exc:  # calamine cannot open what passed the package checks: refuse, go on
        read.entries.clear()
        read.problems.append(Problem(
            "file_broken", f"文件已损坏，无法读取单元格（{type(exc).__name__}）。请重新保存为 .xlsx 后报送。",
            file=name, allowed=".xlsx"))
        return _with_agency(read)
    read.accepted = True
    if not any(e.status or e.progress or e.evidence for e in read.entries):
        read.problems.append(Problem("nothing_reported", "回执中没有填写任何节点的完成状态和进展情况。", WARNING,
                                     file=name, value="（空）"))
    return _with_agency(read)


def _with_agency(read: ReturnRead) -> ReturnRead:
    read.problems = [p if p.agency else replace(p, agency=read.agency) for p in read.problems]
    return read


def _check_identity(identity, plan: Plan, quarter: Quarter, name: str) -> Problem | None:
    def refuse(kind: str, message: str, value: str, allowed: str) -> Problem:
        return Problem(kind, message, file=name, agency=identity.agency, value=value, allowed=allowed)

    if identity.layout != LAYOUT_VERSION:
        return refuse("wrong_layout", f"工作簿的版式版本是 {identity.layout}，本次汇总的版式版本是 {LAYOUT_VERSION}，"
                      "单元格位置不同，拒绝读取。请用本季度下发的填报表填写。", identity.layout, LAYOUT_VERSION)
    if identity.plan != plan.fingerprint:
        return refuse("wrong_plan", f"工作簿属于另一个方案（方案标识 {identity.plan}），不是本方案"
                      f"（{plan.fingerprint}），拒绝读取。请用本方案下发的填报表填写。", identity.plan, plan.fingerprint)
    if identity.quarter != str(quarter):
        return refuse("wrong_quarter", f"工作簿是 {identity.quarter or '未知季度'} 的填报表，不是 {quarter} 的，"
                      f"拒绝读取。请用 {quarter.label}下发的填报表填写。", identity.quarter, str(quarter))
    if not identity.agency:
        return refuse("master_workbook", "这是总表，不是单位填报表，拒绝读取。请报送本单位的填报表。",
                      "总表", "单位填报表")
    if not plan.tasks_of(identity.agency):
        return refuse("unknown_agency", f"识别信息中的单位“{identity.agency}”不是本方案的牵头单位，拒绝读取。",
                      identity.agency, "本方案的牵头单位")
    return None



# -- values ----------------------------------------------------------------------------------
def cell_text(value: Any) -> tuple[str, str]:
    """A calamine value as text, and what it was when it was not text ("" / 日期 / 数字 ...)."""
    if isinstance(value, str):
        return value, ""
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), "逻辑值"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value)), "数字"
        return repr(value), "数字"
    if isinstance(value, int):
        return str(value), "数字"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat(), "日期"
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes"), "日期时间"
    if isinstance(value, date):
        return value.isoformat(), "日期"
    if isinstance(value, time):
        return value.isoformat(timespec="seconds" if value.second else "minutes"), "时间"
    if isinstance(value, timedelta):
        return str(value), "时长"
    return ("" if value is None else str(value)), ("" if value is None else "其他")


@lru_cache(maxsize=8192)
def norm_key(text: str) -> str:
    """Full-width to half-width, every kind of space removed: for comparing, never for keeping."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def _shown(text: str, limit: int = 200) -> str:
    """A value as a problem shows it: control characters made visible, long text clipped."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 字）"


_STATUS_KEYS = {norm_key(s): s for s in STATUSES}


class _WorkbookReader:
    """Reads one accepted return, sheet by sheet, into ``read.entries`` and ``read.problems``."""

    def __init__(self, package, layout: WorkbookLayout, read: ReturnRead):
        self.package = package
        self.layout = layout
        self.read = read
        self.agency = layout.agency or ""

    def problem(self, kind: str, message: str, severity: str = ERROR, **where: Any) -> None:
        self.read.problems.append(Problem(kind, message, severity, file=self.read.file, agency=self.agency, **where))

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
                source = sheet.name
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
            if INSTRUCTIONS_SHEET not in present:
                self.problem("sheet_missing", f"工作表“{INSTRUCTIONS_SHEET}”被删除（不影响读取）。", WARNING,
                             sheet=INSTRUCTIONS_SHEET, value="（缺失）", allowed=INSTRUCTIONS_SHEET)
            for name in extra:
                self.problem("sheet_added", f"工作簿中多了工作表“{name}”，其内容未读取。请只在下发的工作表中填写。",
                             WARNING, sheet=name, value=name, allowed="、".join(self.layout.sheet_names))
        finally:
            book.close()

    def _find_renamed(self, sheet: SheetLayout, candidates: list[str], rows) -> str | None:
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
        best, best_bad = None, None
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
        if task is not None and self.book.agency not in task.leads:
            owned = task_slots(task)
            reported = False
            for si, slot in enumerate(self.sheet.slots):
                m = owned.get(slot)
                col = self.sheet.slot_col(si, STATUS)
                status = self.text(row, col).strip()
                if m is not None and status:
                    reported = True
                    self.problem("not_lead", f"贵单位不是任务 {task.id} 的牵头单位（牵头单位：{'、'.join(task.leads)}），"
                                 f"不能填报节点 {m.id}；该行未读取。", row=row, col=col, task_id=task.id,
                                 milestone_id=m.id, field=STATUS.header, value=_shown(status),
                                 allowed="本单位牵头的任务")
            if reported:
                return
        elsewhere = ""
        if task is not None and self.book.agency in task.leads:
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
            progress = self._text_input(row, sheet.slot_col(si, PROGRESS), PROGRESS, task.id, milestone.id)
            evidence = self._text_input(row, sheet.slot_col(si, EVIDENCE), EVIDENCE, task.id, milestone.id)
            if status == DONE and not progress:
                self.problem("done_without_progress", "完成状态为“已完成”，但“进展情况”为空。请写明完成的主要内容和时间。",
                             row=row, col=sheet.slot_col(si, PROGRESS), task_id=task.id,
                             milestone_id=milestone.id, field=PROGRESS.header, value="（空）",
                             allowed="已完成的节点须填写进展情况")
            self.book.read.entries.append(Entry(
                agency=self.book.agency, task_id=task.id, milestone_id=milestone.id, status=status,
                progress=progress, evidence=evidence, file=self.book.read.file,
                sha256=self.book.read.sha256, sheet=self.name, cell=cell_name(row, status_col)))
        row_cells = self.rows[row] if row < len(self.rows) else []
        for col in range(sheet.width, len(row_cells)):
            found = self.formulas.pop((row, col), None) or cell_text(row_cells[col])[0]
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

    def _formula(self, row: int, col: int, column, task_id: str, milestone_id: str) -> bool:
        formula = self.formulas.pop((row, col), None)
        if formula is None:
            return False
        self.problem("formula", f"“{column.header}”中是公式，不是文字，内容未读取。请直接输入文字，不要以“=”开头。",
                     row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=column.header,
                     value=_shown(formula), allowed="文字")
        return True

    def _text_input(self, row: int, col: int, column, task_id: str, milestone_id: str) -> str:
        """进展情况 or 佐证/备注 as text: formulas dropped, numbers and dates written out,
        control characters removed, over-long text cut — each said in a problem."""
        if self._formula(row, col, column, task_id, milestone_id):
            return ""
        where = dict(row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=column.header)
        text, kind = cell_text(self.value(row, col))
        if kind:
            self.problem("value_converted", f"“{column.header}”中是{kind}（输入时被 Excel/WPS 自动转换），已按文本"
                         f"“{text}”读取；如不对，请把单元格设为文本格式后重新填写。", WARNING, value=text,
                         allowed="文字", **where)
        if _CONTROL.search(text):
            self.problem("control_chars", f"“{column.header}”中有不可见的控制字符，已删除。", value=_shown(text),
                         allowed="不含控制字符的文字", **where)
            text = _CONTROL.sub("", text)
        if len(text) > MAX_CELL_TEXT:
            self.problem("text_too_long", f"“{column.header}”有 {len(text)} 个字符，超过单元格上限 {MAX_CELL_TEXT}，"
                         f"已截断为前 {MAX_CELL_TEXT} 个字符。请精简后重新报送。", value=_shown(text, 60),
                         allowed=f"不超过 {MAX_CELL_TEXT} 个字符", **where)
            text = text[:MAX_CELL_TEXT]
        return text.strip()

    def _status(self, row: int, col: int, task_id: str, milestone_id: str) -> str:
        """完成状态: one of the vocabulary, forgiving spaces and full-width forms; "" when empty."""
        if self._formula(row, col, STATUS, task_id, milestone_id):
            return ""
        where = dict(row=row, col=col, task_id=task_id, milestone_id=milestone_id, field=STATUS.header)
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


# -- finding and reading many files ------------------------------------------------------------
def find_returns(paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Files to read: each file given, and every spreadsheet-like file under each folder
    (not lock files, hidden files or anything under ``exclude``), sorted, without repeats."""
    skip = [Path(p).resolve() for p in exclude]
    out: dict[Path, None] = {}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or f.suffix.lower() not in SPREADSHEET_SUFFIXES:
                    continue
                if f.name.startswith(("~$", ".")) or any(part.startswith(".") for part in f.relative_to(p).parts[:-1]):
                    continue
                real = f.resolve()
                if any(real.is_relative_to(s) for s in skip):
                    continue
                out.setdefault(real)
        elif p.is_file():
            out.setdefault(p.resolve())
    return list(out)


_WORKER: dict[str, Any] = {}


def _start_worker(plan: Plan, quarter: str) -> None:
    _WORKER.update(plan=plan, quarter=Quarter.parse(quarter))


def _read_batch(paths: list[Path]) -> list[ReturnRead]:
    return [read_return(p, _WORKER["plan"], _WORKER["quarter"]) for p in paths]


def read_returns(paths: Sequence[Path], plan: Plan, quarter: Quarter, *, jobs: int | None = None,
                 progress: Callable[[str], None] | None = None) -> list[ReturnRead]:
    """Read every file, in this process for a few files or in ``jobs`` processes for many."""
    paths = list(paths)
    if jobs is None:
        jobs = min(os.cpu_count() or 1, len(paths) // 100) or 1  # a process pays for itself only on many files
    jobs = max(1, min(jobs, len(paths)))
    out: list[ReturnRead] = []
    if jobs == 1:
        for p in paths:
            out.append(read_return(p, plan, quarter))
            if progress:
                progress(out[-1].file)
        return out
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(32, len(paths) // (jobs * 4) or 1))
    batches = [paths[i: i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(plan, str(quarter))) as pool:
        for done in pool.map(_read_batch, batches):
            for read in done:
                out.append(read)
                if progress:
                    progress(read.file)
    return out


# -- consolidating -------------------------------------------------------------------------
@dataclass
class CollectResult:
    """A quarter's consolidated returns: the record and, as frames, what an office script needs."""

    record: QuarterRecord
    plan: Plan
    quarter: Quarter
    sources: dict[str, list[Path]] = field(default_factory=dict)  # sha256 -> where the bytes were found
    reads: list[ReturnRead] = field(default_factory=list, repr=False)  # every file, superseded ones too

    @property
    def ok(self) -> bool:
        """No problem at all (missing agencies are listed, not problems)."""
        return not self.record.problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.record.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.record.problems if not p.is_error]

    @property
    def accepted(self) -> list[ReturnFile]:
        return [r for r in self.record.returns if r.accepted and not r.superseded_by]

    @property
    def refused(self) -> list[ReturnFile]:
        return [r for r in self.record.returns if not r.accepted]

    @property
    def superseded(self) -> list[ReturnFile]:
        return [r for r in self.record.returns if r.superseded_by]

    @property
    def missing_agencies(self) -> list[str]:
        return list(self.record.missing_agencies)

    def problems_of(self, agency: str) -> list[Problem]:
        return [p for p in self.record.problems if p.agency == agency]

    @property
    def entries(self) -> "pd.DataFrame":
        return self.record.entries_frame()

    @property
    def problems(self) -> "pd.DataFrame":
        return self.record.problems_frame()

    @property
    def milestones(self) -> "pd.DataFrame":
        return self.record.milestones_frame()

    @property
    def returns(self) -> "pd.DataFrame":
        import pandas as pd
        from dataclasses import asdict, fields

        return pd.DataFrame([asdict(r) for r in self.record.returns], columns=[f.name for f in fields(ReturnFile)])

    @property
    def missing(self) -> "pd.DataFrame":
        import pandas as pd

        tasks = {a.name: a.task_ids for a in self.plan.agencies}
        return pd.DataFrame(
            [{"agency": a, "tasks": len(tasks.get(a, ())),
              "milestones": sum(len(self.plan.task(t).milestones) for t in tasks.get(a, ()))}
             for a in self.record.missing_agencies],
            columns=["agency", "tasks", "milestones"])


def collect(
    paths: str | Path | Iterable[str | Path],
    plan: Plan | None = None,
    quarter: str | Quarter | None = None,
    *,
    archive: str | Path | None = None,
    exclude: Iterable[str | Path] = (),
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    generated_at: str | None = None,
) -> CollectResult:
    """Read every return under ``paths`` (and, when given, the ``archive`` folder of returns
    kept by earlier runs) and consolidate them for ``quarter``. Nothing is written.

    ``jobs`` processes read files in parallel (default: all cores when there are many files).
    """
    from .seeds import seed_plan

    if quarter is None:
        raise TypeError("collect() needs the quarter, e.g. collect(paths, plan, '2023Q2')")
    plan = plan or seed_plan()
    quarter = Quarter.parse(quarter)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    archive_dir = Path(archive).resolve() if archive else None
    files = find_returns(list(paths) + ([archive_dir] if archive_dir and archive_dir.is_dir() else []),
                         exclude=exclude)
    reads = read_returns(files, plan, quarter, jobs=jobs, progress=progress)

    # one read per content: a file found twice (in the folder and in the archive) counts once,
    # named as the archive first named it, so later runs give the same record
    sources: dict[str, list[Path]] = {}
    chosen: dict[str, tuple[tuple, ReturnRead]] = {}
    for read in reads:
        key = read.sha256 or "path:" + read.path
        sources.setdefault(key, []).append(Path(read.path))
        in_archive = bool(archive_dir) and Path(read.path).resolve().is_relative_to(archive_dir)
        rank = (not in_archive, read.file, read.path)
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, read)
    unique = sorted((r for _, r in chosen.values()), key=lambda r: (r.file, r.sha256))
    record = consolidate(unique, plan, quarter, generated_at=generated_at)
    return CollectResult(record, plan, quarter, sources, unique)


def consolidate(reads: Sequence[ReturnRead], plan: Plan, quarter: str | Quarter, *,
                generated_at: str | None = None) -> QuarterRecord:
    """The record of a quarter from the files read: the latest return of each agency is its
    answer; several lead agencies' answers make one consolidated status (the least advanced)."""
    quarter = Quarter.parse(quarter)
    by_agency: dict[str, list[ReturnRead]] = {}
    for read in reads:
        if read.accepted:
            by_agency.setdefault(read.agency, []).append(read)
    current: dict[str, ReturnRead] = {}
    superseded_by: dict[str, str] = {}
    for agency, group in by_agency.items():
        group.sort(key=lambda r: (r.when, r.mtime, r.sha256))
        current[agency] = group[-1]
        for older in group[:-1]:
            superseded_by[older.sha256] = group[-1].sha256

    returns = [
        ReturnFile(
            file=r.file, sha256=r.sha256, agency=r.agency, written_at=r.when,
            archived_as=f"{RETURNS_FOLDER}/{archive_name(r.file, r.sha256)}" if r.sha256 else "",
            accepted=r.accepted, superseded_by=superseded_by.get(r.sha256, ""), problems=len(r.problems),
            mtime=r.mtime, refusal=r.refusal,
        )
        for r in reads
    ]
    problems = [p for r in reads if r.sha256 not in superseded_by for p in r.problems]
    entries = [e for a in plan.agency_names if a in current for e in current[a].entries]
    answers: dict[str, dict[str, Entry]] = {}
    for e in entries:
        answers.setdefault(e.milestone_id, {})[e.agency] = e

    milestones = []
    for task in plan.tasks:
        several = len(task.leads) > 1
        for m in task.milestones:
            got = [(a, answers[m.id][a]) for a in task.leads if a in answers.get(m.id, {})]
            statuses = [e.status for _, e in got if e.status]
            status = min(statuses, key=STATUS_RANK.__getitem__) if statuses else ""
            milestones.append(MilestoneStatus(
                milestone_id=m.id, task_id=task.id, status=status,
                progress=_joined(got, "progress", several), evidence=_joined(got, "evidence", several),
                light=light(m, status, quarter), due=is_due(m, quarter), overdue=is_overdue(m, status, quarter),
                upcoming=is_upcoming(m, quarter), agencies=tuple(task.leads),
                reported_by=tuple(a for a, e in got if e.status)))
    return QuarterRecord(
        quarter=str(quarter),
        plan_fingerprint=plan.fingerprint,
        generated_at=generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        entries=entries,
        milestones=milestones,
        returns=returns,
        missing_agencies=[a for a in plan.agency_names if a not in current],
        problems=problems,
    )


def _joined(got: list[tuple[str, Entry]], key: str, several: bool) -> str:
    texts = [(a, getattr(e, key)) for a, e in got if getattr(e, key)]
    if not several:
        return texts[0][1] if texts else ""
    return "\n".join(f"【{a}】{t}" for a, t in texts)


def archive_name(file: str, sha256: str) -> str:
    """``<sha256[:12]>_<original name>``, kept within a file system's 255-byte name limit."""
    stem, dot, suffix = file.rpartition(".")
    if not dot:
        stem, suffix = file, ""
    name = f"{sha256[:12]}_{file}"
    while len(name.encode("utf-8")) > 240 and stem:
        stem = stem[:-1]
        name = f"{sha256[:12]}_{stem}{dot}{suffix}"
    return name.replace("/", "_").replace("\\", "_")


# -- writing ------------------------------------------------------------------------------------
@dataclass
class CollectOutputs:
    folder: Path
    master: Path
    record: Path
    entries: Path
    problem_lists: dict[str, Path] = field(default_factory=dict)
    archived: list[Path] = field(default_factory=list)  # newly archived by this run
    unchanged: bool = False  # the record is the same as the one already there

    def paths(self) -> dict[str, Path]:
        """What was written, by its name for the office: ``{"汇总表": ..., "问题清单": ...}``."""
        return {"汇总表": self.master, "汇总记录": self.record, "回执明细": self.entries,
                "问题清单": self.folder / PROBLEMS_FOLDER, "回执存档": self.folder / RETURNS_FOLDER}

    def keys(self):  # a mapping of paths too, so ``{**outputs}`` works
        return self.paths().keys()

    def __getitem__(self, key: str) -> Path:
        return self.paths()[key]


def consolidated_filename(quarter: str | Quarter) -> str:
    """``2023Q2_汇总表.xlsx``: the master with the agencies' answers (export's blank master is 总表)."""
    return f"{Quarter.parse(quarter)}_汇总表.xlsx"


def problem_list_filename(quarter: str | Quarter, agency: str) -> str:
    """``2023Q2_市营商局_问题清单.xlsx``; unidentified files go to ``2023Q2_未识别单位_问题清单.xlsx``."""
    return agency_filename(str(Quarter.parse(quarter)), agency or "未识别单位")[: -len(".xlsx")] + "_问题清单.xlsx"


PROBLEM_LIST_HEADER = ("文件", "工作表", "单元格", "任务", "节点", "栏目", "填写内容", "允许", "问题说明")
_PROBLEM_LIST_WIDTHS = (24, 12, 7, 5, 6, 10, 24, 24, 50)


def problem_row(p: Problem) -> list[str]:
    message = p.message if p.is_error else "（提示）" + p.message
    return [p.file, p.sheet, p.cell, p.task_id, p.milestone_id, p.field, p.value, p.allowed, message]


def write_collect_outputs(result: CollectResult, out_dir: str | Path) -> CollectOutputs:
    """Archive every return and write the quarter's outputs into ``out_dir``: the consolidated
    workbook, one problem list per agency, ``record.json`` and ``entries.csv``.

    Writes are atomic, returns are never overwritten or deleted, and a run that finds the
    same record as the one already there changes no file at all.
    """
    from .files import atomic_write_bytes
    from .record import RECORD_FILE

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    record = result.record
    archived = _archive(result, folder)

    unchanged = False
    old_path = folder / RECORD_FILE
    if old_path.is_file():
        try:
            old = QuarterRecord.load(old_path)
            if _same_record(old, record):
                record.generated_at = old.generated_at
                unchanged = True
        except (ValueError, KeyError, TypeError, OSError):
            pass
    written_at = _parse_time(record.generated_at)

    record_bytes = _record_bytes(record)
    _write_if_changed(old_path, record_bytes, atomic_write_bytes)
    entries_path = folder / ENTRIES_FILE
    _write_if_changed(entries_path, _entries_csv(record), atomic_write_bytes)
    master = folder / consolidated_filename(result.quarter)
    _write_xlsx_if_changed(master, lambda p: _write_master(result, p, written_at))

    lists: dict[str, Path] = {}
    by_agency: dict[str, list[Problem]] = {}
    for p in record.problems:
        by_agency.setdefault(p.agency, []).append(p)
    list_dir = folder / PROBLEMS_FOLDER
    stale = {f.name for f in list_dir.glob("*_问题清单.xlsx")} if list_dir.is_dir() else set()
    for agency, problems in by_agency.items():
        path = list_dir / problem_list_filename(result.quarter, agency)
        stale.discard(path.name)
        _write_xlsx_if_changed(path, lambda p, ps=problems: _write_problem_list(p, ps, written_at))
        lists[agency] = path
    for name in sorted(stale):  # an agency that fixed everything: its old list now says so
        _write_xlsx_if_changed(list_dir / name, lambda p: _write_problem_list(p, [], written_at))
    return CollectOutputs(folder, master, old_path, entries_path, lists, archived, unchanged)


def _archive(result: CollectResult, folder: Path) -> list[Path]:
    from .files import atomic_path

    out = []
    returns_dir = folder / RETURNS_FOLDER
    existing = {f.name[:12]: f for f in returns_dir.iterdir()} if returns_dir.is_dir() else {}
    for r in result.record.returns:
        if not r.sha256 or not r.archived_as:
            continue
        target = folder / r.archived_as
        if target.exists() or _archived_copy(existing, r.sha256):
            continue
        source = next((p for p in result.sources.get(r.sha256, []) if p.is_file()), None)
        if source is None:
            continue
        with atomic_path(target) as tmp:
            shutil.copy2(source, tmp)
        out.append(target)
    return out


def _archived_copy(existing: dict[str, Path], sha256: str) -> bool:
    from .returns import sha256_of

    f = existing.get(sha256[:12])
    return f is not None and f.is_file() and sha256_of(f.read_bytes()) == sha256


def _same_record(a: QuarterRecord, b: QuarterRecord) -> bool:
    da, db = a.to_dict(), b.to_dict()
    da.pop("generated_at"), db.pop("generated_at")
    return da == db


def _record_bytes(record: QuarterRecord) -> bytes:
    import json

    return json.dumps(record.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")


def _parse_time(iso: str) -> datetime:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return datetime.now().replace(microsecond=0)


def _write_if_changed(path: Path, data: bytes, write) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    write(path, data)


def _write_xlsx_if_changed(path: Path, make: Callable[[Path], Any]) -> None:
    """Write to a scratch file beside ``path``; keep the old file when the bytes are the same."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~" + path.stem[:40], suffix=".xlsx", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        make(tmp_path)
        if path.is_file() and path.read_bytes() == tmp_path.read_bytes():
            return
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def csv_safe(text: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    return "'" + text if text.startswith(_FORMULA_LEAD) else text


def _entries_csv(record: QuarterRecord) -> bytes:
    from dataclasses import fields

    names = [f.name for f in fields(Entry)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for e in record.entries:
        writer.writerow([csv_safe(str(getattr(e, n))) for n in names])
    return buffer.getvalue().encode("utf-8-sig")


def _write_master(result: CollectResult, path: Path, written_at: datetime) -> None:
    from .workbooks import write_workbook

    record = result.record
    values: dict[tuple[str, str], str] = {}
    lights: dict[str, str] = {}
    for m in record.milestones:
        lights[m.milestone_id] = m.light
        for key in ("status", "progress", "evidence"):
            text = getattr(m, key)
            if text:
                values[(m.milestone_id, key)] = text[:MAX_CELL_TEXT]
    write_workbook(path, workbook_layout(result.plan), result.quarter, values=values, lights=lights,
                   protect=False, extra_sheets=_master_sheets(result), written_at=written_at)


def _master_sheets(result: CollectResult) -> list["ExtraSheet"]:
    from .workbooks import ExtraSheet

    record = result.record
    sheets = [
        ExtraSheet("回执清单", ("文件", "单位", "写入时间", "处理", "问题数", "sha256", "存档"), [
            (r.file, r.agency, r.written_at,
             "拒收：" + KINDS.get(r.refusal, r.refusal) if not r.accepted else ("已被后报送的版本替代" if r.superseded_by else "采用"),
             str(r.problems), r.sha256, r.archived_as)
            for r in record.returns], (34, 20, 20, 20, 8, 20, 40)),
        ExtraSheet("未报送单位", ("单位", "任务数", "任务"), [
            (a.name, str(len(a.task_ids)), "、".join(a.task_ids))
            for a in result.plan.agencies if a.name in set(record.missing_agencies)], (28, 8, 40)),
    ]
    header = ("单位",) + PROBLEM_LIST_HEADER
    for kind in sorted({p.kind for p in record.problems}, key=lambda k: list(KINDS).index(k) if k in KINDS else 999):
        rows = [[p.agency] + problem_row(p) for p in record.problems if p.kind == kind]
        sheets.append(ExtraSheet(f"问题-{KINDS.get(kind, kind)}"[:31], header, rows, (16,) + _PROBLEM_LIST_WIDTHS))
    return sheets


def _write_problem_list(path: Path, problems: Sequence[Problem], written_at: datetime) -> None:
    """A plain table the office can send back to the agency."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                          "strings_to_urls": False})
    wb.set_properties({"title": "问题清单", "author": "planbook", "created": written_at})
    ws = wb.add_worksheet("问题清单")
    head = wb.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7", "font_name": "宋体", "valign": "vcenter"})
    body = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_name": "宋体"})
    for col, (title, width) in enumerate(zip(PROBLEM_LIST_HEADER, _PROBLEM_LIST_WIDTHS)):
        ws.write_string(0, col, title, head)
        ws.set_column(col, col, width)
    for row, p in enumerate(problems, 1):
        texts = [_CONTROL.sub("", t)[:MAX_CELL_TEXT] for t in problem_row(p)]
        for col, text in enumerate(texts):
            ws.write_string(row, col, text, body)
        lines = max(_line_count(t, w) for t, w in zip(texts, _PROBLEM_LIST_WIDTHS))
        ws.set_row(row, min(409, 14 * lines + 2))  # wrapped text: spreadsheets do not grow rows on open
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(problems), 1), len(PROBLEM_LIST_HEADER) - 1)
    ws.set_landscape()
    ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)
    wb.close()


def _line_count(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` characters needs (a CJK character is two wide)."""
    total = 0
    for line in text.split("\n") or [""]:
        units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line[:2000])
        total += max(1, -(-units // max(int(width) - 1, 1)))
    return min(total, 30)


__all__ = [
    "CollectOutputs", "CollectResult", "ReturnRead", "KINDS", "collect", "consolidate", "find_returns",
    "read_return", "read_returns", "write_collect_outputs", "consolidated_filename", "problem_list_filename",
]
