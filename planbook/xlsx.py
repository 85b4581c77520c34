"""Writing xlsx files: a workbook of the layout (the blank master, an agency's workbook, the
consolidated 汇总表) and plain table sheets. Export and collect both write through here.

Every cell position comes from :mod:`planbook.layout`; this module only decides how cells
look. Text is always written with ``write_string`` on a workbook that never turns strings
into formulas, numbers or links: nothing from a plan or an agency becomes a formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Collection, Iterable, Mapping, Sequence

from .files import atomic_path
from .layout import (
    FIRST_TASK_ROW,
    FROZEN_COLUMNS,
    GROUP_FIELDS,
    GROUP_ROW,
    HEADER_ROW,
    IDENTITY_NAME,
    IDENTITY_PROPERTY,
    INSTRUCTIONS_SHEET,
    LAYOUT_VERSION,
    CONTACT_FIELDS,
    DONE_MONTH,
    EXPECTED_MONTH,
    INSTRUCTIONS_TEXT_ROW,
    MAX_CELL_TEXT,
    MONTH_FIELDS,
    REPORTER,
    contact_cell,
    STATUS,
    STATUSES,
    SUMMARY_SHEET,
    TITLE_ROW,
    WorkbookLayout,
    group_key,
    group_label,
    grouping_note,
    plan_grouping,
    identity_for,
    milestone_label,
)
from .quarter import GREEN, RED, YELLOW, Quarter
from .words import CONTROL_CHARS, wrapped_lines

Values = Mapping[tuple[str, str], str]
"""Cell values to pre-fill: (milestone id, field key) -> text, e.g. ("7-2", "status") -> "已完成"."""

LIGHT_FILLS = {GREEN: "#C6EFCE", YELLOW: "#FFEB9C", RED: "#FFC7CE"}
_LOCKED_FILL = "#F2F2F2"
_CLOSED_FILL = "#E2EFDA"  # 销号: done, locked
_BLANK_FILL = "#D9D9D9"
_HEADER_FILL = "#DDEBF7"
_WORKBOOK_OPTIONS = {
    "in_memory": True,  # no temporary file per part: the file itself is written atomically
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


@dataclass
class ExtraSheet:
    """A plain table sheet appended after the layout's sheets (problem lists, for example)."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[str]]
    widths: Sequence[float] = ()


def write_workbook(
    path: str | Path,
    layout: WorkbookLayout,
    quarter: str | Quarter,
    *,
    values: Values | None = None,
    lights: Mapping[str, str] | None = None,
    protect: bool = True,
    password: str | None = None,
    extra_sheets: Sequence[ExtraSheet] = (),
    written_at: datetime | None = None,
    closed: Collection[str] = (),
    agency_status: Callable[[str, str], str] | None = None,
) -> Path:
    """Write one workbook of ``layout`` atomically and return its path.

    ``closed`` milestones (销号: done, with their completion month) are shown with their final
    answer and locked, not asked again. ``values`` pre-fills input cells (``("7-2", "status")``; the contact fields of the
    instructions sheet as ``("", "reporter")``); ``lights`` colours each milestone's 完成状态 cell by
    its traffic light (the consolidated master). ``protect`` locks everything but the input
    cells of the layout's milestones (agency workbooks).
    """
    import xlsxwriter

    quarter = Quarter.parse(quarter)
    values = values or {}
    written_at = written_at or datetime.now().replace(microsecond=0)
    path = Path(path)
    identity = identity_for(layout, str(quarter))
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), _WORKBOOK_OPTIONS)
        styles = _Styles(wb)
        wb.set_properties(
            {
                "title": f"{layout.plan.title or '重点任务'} {quarter.label}填报",
                "subject": layout.agency or "总表",
                "author": "planbook",
                "company": layout.agency or "",
                "comments": identity.encode(),
                "created": written_at,
            }
        )
        wb.set_custom_property(IDENTITY_PROPERTY, identity.encode())
        wb.set_custom_property("planbook_agency", layout.agency or "")
        wb.set_custom_property("planbook_quarter", str(quarter))
        wb.set_custom_property("planbook_layout", LAYOUT_VERSION)
        wb.define_name(IDENTITY_NAME, '="' + identity.encode().replace('"', '""') + '"')

        contact = {key: text for (mid, key), text in values.items() if mid == ""}  # ("", "reporter")
        _write_instructions(wb, styles, layout, quarter, protect, password, contact)
        for sheet in layout.sheets:
            _write_section_sheet(wb, styles, layout, sheet, quarter, values, lights, protect, password, closed)
        if layout.agency is None:
            _write_summary(wb, styles, layout, values, agency_status)
        for extra in extra_sheets:
            _write_extra(wb, styles, extra)
        wb.close()
    return path


class _Styles:
    """The formats of one workbook, made once."""

    def __init__(self, wb) -> None:
        base = {"font_name": "宋体", "font_size": 10, "valign": "top", "text_wrap": True, "border": 1}
        self.title = wb.add_format({"font_name": "黑体", "font_size": 14, "bold": True, "valign": "vcenter"})
        self.header = wb.add_format({**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": _HEADER_FILL})
        self.locked = wb.add_format({**base, "bg_color": _LOCKED_FILL})
        self.locked_center = wb.add_format({**base, "bg_color": _LOCKED_FILL, "align": "center"})
        self.blank = wb.add_format({**base, "bg_color": _BLANK_FILL, "pattern": 1})
        self.input = wb.add_format({**base, "locked": False})
        self.status = wb.add_format({**base, "locked": False, "align": "center"})
        self.month = wb.add_format({**base, "locked": False, "align": "center", "num_format": "@"})
        self.closed = wb.add_format({**base, "bg_color": _CLOSED_FILL})
        self.label = wb.add_format({"font_name": "宋体", "font_size": 11, "bold": True, "align": "right",
                                    "valign": "vcenter"})
        self.lights = {k: wb.add_format({**base, "align": "center", "bg_color": v}) for k, v in LIGHT_FILLS.items()}
        self.text = wb.add_format({"font_name": "宋体", "font_size": 11, "text_wrap": True, "valign": "top"})
        self.plain = wb.add_format({**base})


def _protect(ws, protect: bool, password: str | None) -> None:
    if protect:
        ws.protect(password or "", {"select_locked_cells": True, "select_unlocked_cells": True,
                                    "format_columns": True, "format_rows": True})


def _write_instructions(wb, styles, layout: WorkbookLayout, quarter: Quarter, protect, password,
                        contact: Mapping[str, str] | None = None) -> None:
    from .resources import render

    ws = wb.add_worksheet(INSTRUCTIONS_SHEET)
    tasks = [t for s in layout.sheets for t in s.tasks]
    text = render(
        "instructions.j2",
        plan_title=layout.plan.title,
        quarter_label=quarter.label,
        quarter_end=f"{quarter.end.year}年{quarter.end.month}月{quarter.end.day}日",
        agency=layout.agency or "",
        task_count=len(tasks),
        milestone_count=sum(len(t.milestones) for t in tasks),
        statuses=STATUSES,
        grouping_note=grouping_note(layout.plan),
        layout_version=LAYOUT_VERSION,
        plan_fingerprint=layout.plan.fingerprint,
    )
    ws.set_column(0, 0, 62)
    ws.set_column(1, 1, REPORTER.width)
    lines = [line for line in text.splitlines() if line.strip()]
    ws.write_string(0, 0, lines[0], styles.title)
    ws.set_row(0, 24)
    for field in CONTACT_FIELDS:  # once per workbook: who filled it in
        row, col = contact_cell(field)
        ws.write_string(row, col - 1, f"{field.header}（请填写）：", styles.label)
        text_value = (contact or {}).get(field.key, "")
        if text_value:
            ws.write_string(row, col, text_value, styles.input)
        else:
            ws.write_blank(row, col, None, styles.input)
        ws.set_row(row, 20)
    for row, line in enumerate(lines[1:], INSTRUCTIONS_TEXT_ROW):
        ws.write_string(row, 0, line, styles.text)
        ws.set_row(row, _wrapped_lines(line, 62, 1.15) * 15 + 4)
    ws.activate()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    _protect(ws, protect, password)


def _write_section_sheet(wb, styles, layout, sheet, quarter, values, lights, protect, password, closed=()) -> None:
    ws = wb.add_worksheet(sheet.name)
    ncols = sheet.width
    who = layout.agency or "总表"
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, min(ncols - 1, 8), f"{sheet.section.numeral}、{sheet.section.title}（{who} {quarter.label}）", styles.title)
    ws.set_row(TITLE_ROW, 24)
    # header: fixed columns span both header rows; each slot's label spans its fields
    for col, column, slot in sheet.columns():
        ws.set_column(col, col, column.width)
        if slot is None:
            ws.merge_range(GROUP_ROW, col, HEADER_ROW, col, column.header, styles.header)
        else:
            ws.write_string(HEADER_ROW, col, column.header, styles.header)
    for si, slot in enumerate(sheet.slots):
        first = sheet.slot_col(si, GROUP_FIELDS[0])
        ws.merge_range(GROUP_ROW, first, GROUP_ROW, first + len(GROUP_FIELDS) - 1, slot.header, styles.header)

    last_row = FIRST_TASK_ROW + len(sheet.tasks) - 1
    widths = [c.width for _i, c, _s in sheet.columns()]
    for ti, task in enumerate(sheet.tasks):
        row = sheet.task_row(ti)
        lines = 1
        for col, text in enumerate(sheet.fixed_values(task)):
            ws.write_string(row, col, text, styles.locked_center if col == 0 else styles.locked)
            lines = max(lines, _wrapped_lines(text, widths[col]))
        for _slot, col0, milestone in sheet.milestone_cells(ti):
            if milestone is None:
                for offset in range(len(GROUP_FIELDS)):
                    ws.write_blank(row, col0 + offset, None, styles.blank)
                continue
            label = milestone_label(milestone)
            ws.write_string(row, col0, label, styles.locked)
            lines = max(lines, _wrapped_lines(label, widths[col0]))
            light = lights.get(milestone.id) if lights else None
            for offset, f in enumerate(GROUP_FIELDS[1:], 1):
                text = values.get((milestone.id, f.key), "")
                if milestone.id in closed:
                    fmt = styles.closed
                elif f is STATUS:
                    fmt = styles.lights[light] if light else styles.status
                elif f in MONTH_FIELDS:
                    fmt = styles.month
                else:
                    fmt = styles.input
                if text:
                    ws.write_string(row, col0 + offset, text, fmt)
                    lines = max(lines, _wrapped_lines(text, widths[col0 + offset]))
                else:
                    ws.write_blank(row, col0 + offset, None, fmt)
        # LibreOffice does not re-fit row heights of an xlsx on load: give each row its own
        ws.set_row(row, min(409, max(2, lines) * _LINE_HEIGHT + 4))

    if sheet.tasks:
        for si, _slot in enumerate(sheet.slots):
            col = sheet.slot_col(si, STATUS)
            ws.data_validation(FIRST_TASK_ROW, col, last_row, col, {
                "validate": "list",
                "source": list(STATUSES),
                "input_title": "完成状态",
                "input_message": "请从列表中选择：" + "、".join(STATUSES),
                "error_title": "完成状态不在列表中",
                "error_message": "只能选择：" + "、".join(STATUSES) + "。空白表示未报送。",
            })
            for field, message in ((DONE_MONTH, "已完成的节点必填：完成的年月，如 2023年6月。"),
                                   (EXPECTED_MONTH, "进度滞后的节点必填：预计完成的年月，如 2023年12月。")):
                col = sheet.slot_col(si, field)
                ws.data_validation(FIRST_TASK_ROW, col, last_row, col, {
                    "validate": "any", "input_title": field.header, "input_message": message})

    ws.freeze_panes(FIRST_TASK_ROW, FROZEN_COLUMNS)
    ws.set_landscape()
    ws.set_paper(8)  # A3: a row holds five deadline groups
    ws.repeat_rows(GROUP_ROW, HEADER_ROW)
    ws.repeat_columns(0, FROZEN_COLUMNS - 1)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")
    if not protect:  # the office's own copy: filters help; on a protected sheet they are dead
        ws.autofilter(HEADER_ROW, 0, max(HEADER_ROW, last_row), ncols - 1)
    _protect(ws, protect, password)


_LINE_HEIGHT = 13.5  # points per line of 10 pt text


def _wrapped_lines(text: str, width: float, scale: float = 1.0) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide at 10 pt (measured
    in LibreOffice: a wide character takes about 1.45 units, another about 0.8)."""
    return wrapped_lines(text, width - 1.0, 1.45 * scale, 0.8 * scale)


def _write_summary(wb, styles, layout: WorkbookLayout, values: Values,
                   agency_status: Callable[[str, str], str] | None = None) -> None:
    """Counts per section and per agency: tasks, milestones per deadline, and, when the
    workbook carries answers, milestones per status (for an agency, its own answers:
    ``agency_status(agency, milestone id)``, the rule the report uses too)."""
    ws = wb.add_worksheet(SUMMARY_SHEET)
    grouping = plan_grouping(layout.plan)
    keys = sorted({group_key(m, grouping) for m in layout.plan.milestones})

    header = ["类别", "名称", "任务数", "节点数", *(group_label(k) for k in keys)]
    with_status = bool(values)
    if with_status:
        header += [*STATUSES, "未报送"]
    for col, text in enumerate(header):
        ws.write_string(0, col, text, styles.header)
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 26)
    ws.set_column(2, len(header) - 1, 10)

    def counts(tasks, agency: str = "") -> list[int]:
        ms = [m for t in tasks for m in t.milestones]
        got_keys = [group_key(m, grouping) for m in ms]
        row = [len(tasks), len(ms), *(got_keys.count(k) for k in keys)]
        if with_status:
            if agency and agency_status is not None:
                got = [agency_status(agency, m.id) for m in ms]
            else:
                got = [values.get((m.id, "status"), "") for m in ms]
            row += [got.count(s) for s in STATUSES] + [sum(1 for g in got if g not in STATUSES)]
        return row

    row = 1
    groups = [("领域", s.label, s.tasks) for s in layout.plan.sections]
    groups += [("牵头单位", a.name, tuple(layout.plan.task(t) for t in a.task_ids)) for a in layout.plan.agencies]
    groups += [("合计", "全部", layout.plan.tasks)]
    for kind, name, tasks in groups:
        ws.write_string(row, 0, kind, styles.plain)
        ws.write_string(row, 1, name, styles.plain)
        for col, n in enumerate(counts(tasks, name if kind == "牵头单位" else ""), 2):
            ws.write_number(row, col, n, styles.plain)
        row += 1
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, row - 1, len(header) - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)


def _write_extra(wb, styles, extra: ExtraSheet) -> None:
    ws = wb.add_worksheet(extra.name[:31])
    widths = [extra.widths[c] if c < len(extra.widths) else 16 for c in range(len(extra.header))]
    write_table(ws, styles, extra.header, extra.rows, widths)


def write_table(ws, styles, header: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[float]) -> int:
    """A plain table on ``ws``: a header row, then the rows as text (control characters
    removed, cut at Excel's cell limit), each row as high as its most wrapped cell. Returns
    the number of rows written."""
    for col, (text, width) in enumerate(zip(header, widths)):
        ws.write_string(0, col, text, styles.header)
        ws.set_column(col, col, width)
    row = 0
    for row, values in enumerate(rows, 1):
        lines = 1
        for col, value in enumerate(values):
            text = CONTROL_CHARS.sub("", "" if value is None else str(value))[:MAX_CELL_TEXT]
            ws.write_string(row, col, text, styles.plain)
            if text:
                lines = max(lines, _wrapped_lines(text[:2000], widths[col] if col < len(widths) else 16))
        ws.set_row(row, min(409, min(lines, 30) * _LINE_HEIGHT + 4))  # spreadsheets do not grow rows on open
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(row, 1), max(len(header) - 1, 0))
    ws.set_landscape()
    ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)
    return row


def write_table_workbook(path: str | Path, sheet: str, header: Sequence[str], rows: Sequence[Sequence[str]],
                         widths: Sequence[float], *, title: str, written_at: datetime | None = None) -> Path:
    """A workbook of one plain table (a 问题清单, for example), written atomically."""
    return write_tables_workbook(path, [ExtraSheet(sheet, header, rows, widths)], title=title, written_at=written_at)


def write_tables_workbook(path: str | Path, sheets: Sequence[ExtraSheet], *, title: str,
                          written_at: datetime | None = None, paper: int = 9) -> Path:
    """A workbook of plain tables, one per sheet (the 台账, for example), written atomically.
    ``paper``: 9 for A4, 8 for A3 (landscape either way, fitted to the page width)."""
    import xlsxwriter

    path = Path(path)
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), _WORKBOOK_OPTIONS)
        wb.set_properties({"title": title, "author": "planbook",
                           "created": written_at or datetime.now().replace(microsecond=0)})
        styles = _Styles(wb)
        for extra in sheets:
            ws = wb.add_worksheet(extra.name[:31])
            widths = [extra.widths[c] if c < len(extra.widths) else 16 for c in range(len(extra.header))]
            write_table(ws, styles, extra.header, extra.rows, widths)
            ws.set_paper(paper)
            ws.set_footer("&C第 &P 页，共 &N 页")
        wb.close()
    return path



