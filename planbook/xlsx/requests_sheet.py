"""The 延期申请 sheet of an agency's workbook (``[review] extension_requests = true``): a row
per milestone the agency leads that is not closed, with two input cells, 申请延期至 (a month)
and 延期理由. A sheet of its own, like 量化目标, so the section sheets keep their layout and a
workbook without it (or of an earlier layout) reads as before. Defined here once for the
writer and the reader (:mod:`planbook.collection.extension_requests`).
"""

from __future__ import annotations

from typing import Any, Collection, Iterator, Mapping

from planbook.core.model import Milestone, Task
from planbook.core.quarter import Quarter
from planbook.xlsx.layout import FIRST_TASK_ROW, HEADER_ROW, TITLE_ROW, WorkbookLayout

REQUESTS_SHEET = "延期申请"
REQUEST_COLUMNS: tuple[tuple[str, float], ...] = (
    ("任务", 6), ("节点", 7), ("节点目标", 44), ("完成时限", 12), ("申请延期至", 12), ("延期理由", 44))
MONTH_COL, REASON_COL = 4, 5
REQUEST_KEYS = ("extension_to", "extension_reason")
"""The keys of a workbook's ``values`` (``("7-2", "extension_to")``) that fill the two input cells."""
NOTE_ROW = 1


def request_rows(layout: WorkbookLayout, closed: Collection[str] = ()) -> Iterator[tuple[int, Task, Milestone]]:
    """(0-based row, task, milestone) of each row, in the order of the workbook's sheets."""
    row = FIRST_TASK_ROW
    for sheet in layout.sheets:
        for task in sheet.tasks:
            for m in task.milestones:
                if m.id in closed:
                    continue
                yield row, task, m
                row += 1


def write_requests_sheet(wb: Any, layout: WorkbookLayout, quarter: Quarter, *, protect: bool,
                         password: str | None, closed: Collection[str] = (),
                         values: Mapping[tuple[str, str], str] | None = None) -> None:
    """Add the 延期申请 sheet to an xlsxwriter workbook (``values``: requests already filled in)."""
    values = values or {}
    base = {"font_name": "宋体", "font_size": 10, "valign": "top", "text_wrap": True, "border": 1}
    locked = wb.add_format({**base, "bg_color": "#F2F2F2"})
    month = wb.add_format({**base, "locked": False, "align": "center", "num_format": "@"})
    reason = wb.add_format({**base, "locked": False})
    header = wb.add_format({**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"})
    ws = wb.add_worksheet(REQUESTS_SHEET)
    last = len(REQUEST_COLUMNS) - 1
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last, f"延期申请（{layout.agency or '总表'} {quarter.label}）",
                   wb.add_format({"font_name": "黑体", "font_size": 14, "bold": True, "valign": "vcenter"}))
    ws.merge_range(NOTE_ROW, 0, NOTE_ROW, last, "节点确需延期的，请在完成时限之前提出：填写“申请延期至”（年月，如 2024年6月）"
                   "和“延期理由”（原因、目前进展）。不申请的留空。完成时限之后才提出的，按超时办结统计。是否批准由督查室审核。",
                   wb.add_format({"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top"}))
    ws.set_row(NOTE_ROW, 32)
    for col, (name, width) in enumerate(REQUEST_COLUMNS):
        ws.set_column(col, col, width)
        ws.write_string(HEADER_ROW, col, name, header)
    rows = 0
    for row, task, m in request_rows(layout, closed):
        for col, text in enumerate((task.id, m.id, m.text, m.deadline_text or "无")):
            ws.write_string(row, col, text, locked)
        for col, key, fmt in ((MONTH_COL, REQUEST_KEYS[0], month), (REASON_COL, REQUEST_KEYS[1], reason)):
            if values.get((m.id, key)):
                ws.write_string(row, col, values[(m.id, key)], fmt)
            else:
                ws.write_blank(row, col, None, fmt)
        rows += 1
    if rows:
        ws.data_validation(FIRST_TASK_ROW, MONTH_COL, FIRST_TASK_ROW + rows - 1, MONTH_COL, {
            "validate": "any", "input_title": "申请延期至", "input_message": "年月，如 2024年6月；不申请的留空。"})
    ws.freeze_panes(FIRST_TASK_ROW, 2)
    if protect:
        ws.protect(password or "", {"select_locked_cells": True, "select_unlocked_cells": True,
                                    "format_columns": True, "format_rows": True})
