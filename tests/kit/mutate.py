"""Returns as agencies really edit them, for the mutation test (issue 22, point 9): a valid
filled return of an agency, then random edits people make — rows and columns inserted, deleted
or moved, cells merged, sheets renamed, reordered or hidden, statuses retyped with spaces and
synonyms, values pasted over dropdowns, months in every form people write, "同上" — applied
with openpyxl on a copy. Each mutated return knows the answers it holds, as the reader should
give them back, and :func:`lost_answers` says which of them the read neither kept nor named."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from openpyxl.cell.cell import MergedCell

from planbook.collection.cells import read_month
from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK, STATUSES
from planbook.xlsx.layout import GROUP_FIELDS, MONTH_FIELDS, PREFILL_MARK, InputCell, workbook_layout
from planbook.core.quarter import Quarter

from .collect import _set_text, cells_for, fill_openpyxl, random_values

EDITS = ("insert_row", "delete_row", "move_row", "insert_column", "delete_column", "move_column", "merge_down",
         "merge_across", "rename_sheet", "reorder_sheets", "hide_sheet", "retype_status", "paste_over_dropdown",
         "month_forms", "same_as_above", "extra_header_row", "rows_above_header")

_SYNONYMS = {DONE: ["已完成 ", "\u3000已完成", "已完成。", "完成", "已经完成"],  # 完成: asked, not read
             ON_TRACK: ["正常推进中", "推进中", " 正常推进", "正常推进。"],
             BEHIND: ["滞后", "进度滞后 ", "进度落后"],
             NOT_STARTED: ["未开始", "尚未启动", "未启动\n"]}


@dataclass
class Mutated:
    """One mutated return: its file, its agency, the edits made and the answers it holds."""

    path: Path
    agency: str
    edits: list[str]
    answers: dict[tuple[str, str], str]  # (milestone id, field key) -> the value as read back
    sheet_of: dict[str, str] = field(default_factory=dict)  # milestone id -> the sheet it was sent on
    task_of: dict[str, str] = field(default_factory=dict)


def mutated_return(plan, agency: str, blank: Path, out: Path, rng: random.Random, quarter: str | Quarter,
                   *, n_edits: int | None = None) -> Mutated:
    """A valid filled return of ``agency`` with 1-3 random edits (seeded by ``rng``)."""
    quarter = Quarter.parse(quarter)
    layout = workbook_layout(plan, agency)
    values = random_values(plan, agency, rng)
    for key in list(values):  # no pre-fill mark: a fresh return
        if values[key].startswith(PREFILL_MARK):
            values[key] = "本季度" + values[key]
    cells: dict[tuple[str, str], Any] = dict(cells_for(plan, agency, values))
    inputs = list(layout.input_cells())
    by_key = {(c.milestone.id, c.field.key): c for c in inputs}
    answers = {(c.milestone.id, c.field.key): values.get((c.milestone.id, c.field.key), "") for c in inputs}
    for key, text in list(answers.items()):
        if by_key[key].field in MONTH_FIELDS:
            answers[key] = read_month(text, end=quarter.end, start=quarter.start,
                                      expected=key[1] == "expected_month").month
        if key[1] == "done_month" and values.get((key[0], "status")) != DONE:
            answers[key] = ""  # a completion month counts only with 已完成
    edits = [rng.choice(EDITS) for _ in range(n_edits or rng.randint(1, 3))]
    book_edits: list[Callable[[Any], None]] = []
    merges: list[Callable[[Any], None]] = []
    mutated = Mutated(out, agency, edits, answers, {c.milestone.id: c.sheet for c in inputs},
                      {c.milestone.id: c.task.id for c in inputs})

    def pick(key: str | None = None, filled: bool = True) -> InputCell | None:
        choices = [c for c in inputs if (key is None or c.field.key == key)
                   and (not filled or cells.get((c.sheet, c.name)))]
        return rng.choice(choices) if choices else None

    for edit in edits:
        if edit == "retype_status":
            c = pick("status")
            if c is not None:
                cells[(c.sheet, c.name)] = rng.choice(_SYNONYMS[answers[(c.milestone.id, "status")]])
        elif edit == "paste_over_dropdown":  # a value pasted: the dropdown goes, the text stays (or a number)
            c = pick("status")
            if c is not None:
                if rng.random() < 0.3:
                    cells[(c.sheet, c.name)] = rng.choice([1, 0.5, "100%"])
                    answers[(c.milestone.id, "status")] = ""  # not a status: named, not read
                else:
                    cells[(c.sheet, c.name)] = rng.choice(STATUSES) + rng.choice(["", " ", "\n"])
                    answers[(c.milestone.id, "status")] = cells[(c.sheet, c.name)].strip()
                book_edits.append(lambda wb, s=c.sheet: s in wb.sheetnames and setattr(
                    wb[s], "data_validations", type(wb[s].data_validations)()))
        elif edit == "month_forms":
            c = pick("done_month") or pick("expected_month")
            if c is not None:
                month = answers[(c.milestone.id, c.field.key)] or f"{quarter.end.year}-{quarter.end.month:02d}"
                y, m = int(month[:4]), int(month[5:])
                form = rng.choice(["month_only", "day", "excel_date", "number", "dotted", "cn_month"])
                written: Any = {"month_only": f"{m}月底", "day": f"{y}/{m}/15", "excel_date": date(y, m, 15),
                                "number": float(f"{y}.{m}"), "dotted": f"{y}.{m}",
                                "cn_month": "一二三四五六七八九十"[m - 1] + "月" if m <= 10 else f"{m}月份"}[form]
                cells[(c.sheet, c.name)] = written
                read = read_month(written, end=quarter.end, start=quarter.start, expected=c.field.key == "expected_month")
                if c.field.key == "done_month" and values.get((c.milestone.id, "status")) != DONE:
                    read_value = ""
                else:
                    read_value = read.month
                answers[(c.milestone.id, c.field.key)] = read_value
        elif edit == "same_as_above":
            below = [c for c in inputs if c.field.key in ("progress", "issues", "next_steps", "evidence")
                     and any(a.sheet == c.sheet and a.col == c.col and a.row == c.row - 1 for a in inputs)]
            if below:
                c = rng.choice(below)
                above = next(a for a in inputs if a.sheet == c.sheet and a.col == c.col and a.row == c.row - 1)
                text = cells.get((above.sheet, above.name), "")
                if text and not str(text).startswith("同上"):
                    cells[(c.sheet, c.name)] = rng.choice(["同上", "同上。", " 同上 "])
                    answers[(c.milestone.id, c.field.key)] = answers[(above.milestone.id, above.field.key)]
        elif edit.startswith("merge"):
            merges.append(_sheet_edit(edit, layout, rng))
        else:
            book_edits.append(_sheet_edit(edit, layout, rng))

    def edit_book(wb: Any) -> None:
        # merges last: openpyxl does not move a merge with the rows and columns inserted or deleted
        # after it, as Excel does
        for e in book_edits + merges:
            e(wb)

    fill_openpyxl(blank, out, cells, edit=edit_book)
    return mutated


def _sheet_edit(edit: str, layout, rng: random.Random) -> Callable[[Any], None]:
    """A structural edit, on one of the workbook's section sheets."""
    sheet = rng.choice(layout.sheets)
    first_row = sheet.task_row(0) + 1  # 1-based, as openpyxl counts
    last_row = sheet.task_row(len(sheet.tasks) - 1) + 1

    def run(wb: Any) -> None:
        if sheet.name not in wb.sheetnames:
            return  # renamed by an earlier edit
        ws = wb[sheet.name]
        width = ws.max_column
        if edit == "insert_row":
            row = rng.randint(first_row, last_row + 1)
            ws.insert_rows(row)
            if rng.random() < 0.5:
                ws.cell(row, 2).value = "补充说明：另有一项工作"
        elif edit == "delete_row":
            ws.delete_rows(rng.randint(first_row, last_row))
        elif edit == "move_row" and last_row > first_row:
            a, b = rng.sample(range(first_row, last_row + 1), 2)
            for col in range(1, width + 1):
                x, y = ws.cell(a, col), ws.cell(b, col)
                _swap(x, y)
        elif edit == "insert_column":
            col = rng.randint(1, width + 1)
            ws.insert_cols(col)
            if rng.random() < 0.3:
                ws.cell(3, col).value = "备注（自加）"
        elif edit == "delete_column":
            ws.delete_cols(rng.randint(1, width))
        elif edit == "move_column":
            si = rng.randrange(len(sheet.slots))
            a = sheet.slot_col(si, rng.choice(GROUP_FIELDS[1:-1])) + 1
            for row in range(3, ws.max_row + 1):
                x, y = ws.cell(row, a), ws.cell(row, a + 1)
                _swap(x, y)
        elif edit == "merge_down" and last_row > first_row:
            row = rng.randint(first_row, last_row - 1)
            si = rng.randrange(len(sheet.slots))
            col = sheet.slot_col(si, rng.choice([f for f in GROUP_FIELDS if f.input])) + 1
            ws.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col)
        elif edit == "merge_across":
            row = rng.randint(first_row, last_row)
            si = rng.randrange(len(sheet.slots))
            col = sheet.slot_col(si, GROUP_FIELDS[rng.randint(1, len(GROUP_FIELDS) - 2)]) + 1
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 1)
        elif edit == "rename_sheet":
            ws.title = rng.choice(["已填", "政务（填好）", "Sheet1", sheet.name[:10] + "（改）"])
        elif edit == "reorder_sheets":
            wb.move_sheet(sheet.name, offset=-wb.sheetnames.index(sheet.name))
        elif edit == "hide_sheet":
            ws.sheet_state = "hidden"
        elif edit == "extra_header_row":
            ws.insert_rows(4)
            for col in range(1, width + 1):
                if not isinstance(ws.cell(4, col), MergedCell):
                    _set_text(ws.cell(4, col), ws.cell(3, col).value)
        elif edit == "rows_above_header":
            ws.insert_rows(1, rng.randint(1, 3))

    return run


def _swap(x: Any, y: Any) -> None:
    if isinstance(x, MergedCell) or isinstance(y, MergedCell):
        return  # a cell of a merge made by an earlier edit holds no value of its own
    vx, vy = x.value, y.value
    _set_text(x, vy)
    _set_text(y, vx)


def lost_answers(m: Mutated, read) -> list[tuple[str, str, str, str]]:
    """The answers the return holds that the read neither gave back nor named in a problem:
    (milestone id, field, typed, read)."""
    got = {(e.milestone_id, k): getattr(e, k) for e in read.entries for k in
           ("status", "done_month", "expected_month", "progress", "issues", "next_steps", "evidence")}
    header = {f.key: f.header for f in GROUP_FIELDS}
    lost = []
    for (mid, key), want in m.answers.items():
        if not want:
            continue
        have = got.get((mid, key), "")
        if have == want or (key == "progress" and have == want.strip()):
            continue
        named = any(p.milestone_id == mid or (p.task_id and p.task_id == m.task_of[mid] and not p.milestone_id)
                    or (p.kind == "sheet_missing" and p.sheet == m.sheet_of[mid])
                    or (p.kind == "column_missing" and p.field == header[key] and mid in p.message)
                    or (p.kind == "columns_changed" and p.sheet and p.allowed == "下发时的表头")
                    for p in read.problems)
        if not named:
            lost.append((mid, key, want, have))
    return lost
