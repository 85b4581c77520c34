"""Writing xlsx files: a workbook of the layout (the blank master, an agency's workbook, the
consolidated 汇总表) and plain table sheets. Export and collect both write through here.

Every cell position comes from :mod:`planbook.xlsx.layout`; this module only decides how cells
look. Text is always written with ``write_string`` on a workbook that never turns strings
into formulas, numbers or links: nothing from a plan or an agency becomes a formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Collection, Iterable, Mapping, Sequence

from planbook.base.files import atomic_path
from planbook.xlsx.printing import A3, A4, _column_pt, _page_pt, print_plan, print_setup as _print_setup  # noqa: F401 (re-exported)
from planbook.core.statuses import STATUSES
from planbook.xlsx.layout import FIRST_TASK_ROW, FROZEN_COLUMNS, GROUP_FIELDS, GROUP_ROW, HEADER_ROW, INSTRUCTIONS_SHEET, LAYOUT_VERSION, CONTACT_FIELDS, DONE_MONTH, EXPECTED_MONTH, INSTRUCTIONS_TEXT_ROW, MAX_CELL_TEXT, MONTH_FIELDS, REPORTER, ACTUAL, T_LATEST, TARGET_COLUMNS, TARGETS_NOTE_ROW, TARGETS_SHEET, actual_key, latest_key, contact_cell, STATUS, SUMMARY_SHEET, TITLE_ROW, SheetLayout, WorkbookLayout, group_key, group_label, grouping_note, plan_grouping, identity_for, milestone_label
from planbook.core.model import Milestone, Task
from planbook.core.quarter import BLUE, GREEN, RED, YELLOW, Quarter, legend
from planbook.base.words import CONTROL_CHARS, wrapped_lines
from planbook.xlsx.prepared import section_head, shared_part
from planbook.xlsx.saving import save
from planbook.xlsx.tables import Measured, Row, defer_cells, defer_rows

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.rules import Rules

Values = Mapping[tuple[str, str], str]
"""Cell values to pre-fill: (milestone id, field key) -> text, e.g. ("7-2", "status") -> "已完成"."""

UNREPORTED_FILL = "unreported"
"""The 完成状态 fill of a milestone not reported (by any of its leads): grey, never green."""
LIGHT_FILLS = {GREEN: "#C6EFCE", BLUE: "#BDD7EE", YELLOW: "#FFEB9C", RED: "#FFC7CE", UNREPORTED_FILL: "#D9D9D9"}
_LOCKED_FILL = "#F2F2F2"
_CLOSED_FILL = "#E2EFDA"  # 销号: done, locked
_BLANK_FILL = "#D9D9D9"
_HEADER_FILL = "#DDEBF7"
_WORKBOOK_OPTIONS = {
    "in_memory": True,  # no temporary file per part: the file itself is written atomically
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_format_properties": {},  # a copy of _DEFAULT_FORMAT for each workbook: see _options
}
_DEFAULT_FORMAT = {"font_name": "宋体", "font_size": 11}  # the unit of column widths: see _column_pt


def _options(**over: object) -> dict[str, object]:
    """A fresh copy of the workbook options for each workbook: XlsxWriter writes into the
    ``default_format_properties`` it is given (``theme_font_name``), which made every workbook
    after a process's first mark its default 宋体 as the theme's font (``scheme minor``)."""
    return {**_WORKBOOK_OPTIONS, **over, "default_format_properties": dict(_DEFAULT_FORMAT)}


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
    standing: "Standing | None" = None,
    written: Callable[[Path], object] | None = None,
    requests: bool = False,
    prepared: bool = True,
) -> Path:
    """Write one workbook of ``layout`` atomically and return its path.

    ``closed`` milestones (销号: done, with their completion month) are shown with their final
    answer and locked, not asked again. ``values`` pre-fills input cells (``("7-2", "status")``; the contact fields of the
    instructions sheet as ``("", "reporter")``); ``lights`` colours each milestone's 完成状态 cell by
    its traffic light (the consolidated master). ``protect`` locks everything but the input
    cells of the layout's milestones (agency workbooks). ``standing`` makes it the 汇总表: it
    opens on its 汇总 sheet, with the quarter's figures per section and agency. ``written`` is
    called with the complete temporary file just before it takes its name (export's journal).
    ``requests`` adds the 延期申请 sheet (:mod:`planbook.xlsx.requests_sheet`). ``prepared``: the
    section sheets' columns, header rows, merged ranges and dropdowns as made for an earlier
    sheet of the same shape in this process (:mod:`planbook.xlsx.prepared`; the same content as
    through XlsxWriter's API, which False uses).
    """
    import xlsxwriter

    quarter = Quarter.parse(quarter)
    values = values or {}
    written_at = written_at or datetime.now().replace(microsecond=0)
    path = Path(path)
    identity = identity_for(layout, str(quarter))
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), _options())
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
        identity.stamp(wb)
        wb.set_custom_property("planbook_agency", layout.agency or "")
        wb.set_custom_property("planbook_quarter", str(quarter))
        wb.set_custom_property("planbook_layout", LAYOUT_VERSION)

        contact = {key: text for (mid, key), text in values.items() if mid == ""}  # ("", "reporter")
        who = layout.agency or ("汇总" if standing is not None else "总表")
        if standing is not None:  # the 汇总表 opens on its figures
            _write_figures(wb, styles, layout, standing)
        _write_instructions(wb, styles, layout, quarter, protect, password, contact, active=standing is None)
        for sheet in layout.sheets:
            _write_section_sheet(wb, styles, layout, sheet, quarter, values, lights, protect, password, closed, who,
                                 prepared)
        if layout.targets is not None:
            _write_targets_sheet(wb, styles, layout, quarter, values, protect, password, closed, who)
        if requests and layout.agency is not None:
            from planbook.xlsx.requests_sheet import write_requests_sheet

            write_requests_sheet(wb, layout, quarter, protect=protect, password=password, closed=closed, values=values)
        if layout.agency is None and standing is None:
            _write_summary(wb, styles, layout, quarter)
        for extra in extra_sheets:
            _write_extra(wb, styles, extra, f"{who}　{quarter.label}")
        save(wb)
        if written is not None:
            written(tmp)
    return path


def warm_writer() -> None:
    """Load XlsxWriter and compile the instructions' template in this process, before it
    forks the processes that write workbooks (each would otherwise do it again)."""
    import xlsxwriter  # noqa: F401

    from planbook.base.resources import jinja_environment

    jinja_environment().get_template("instructions.j2")


class _Styles:
    """The formats of one workbook, made once."""

    def __init__(self, wb: Any) -> None:
        base = {"font_name": "宋体", "font_size": 10, "valign": "top", "text_wrap": True, "border": 1}
        self.title = wb.add_format({"font_name": "黑体", "font_size": 14, "bold": True, "valign": "vcenter"})
        self.title_wrap = wb.add_format({"font_name": "黑体", "font_size": 14, "bold": True, "valign": "vcenter",
                                         "text_wrap": True})
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
        self.number = wb.add_format({**base, "align": "right"})
        self.percent = wb.add_format({**base, "align": "right", "num_format": "0.0%"})
        self.total = wb.add_format({**base, "bold": True})
        self.label_left = wb.add_format({"font_name": "黑体", "font_size": 11, "valign": "vcenter"})
        self.heading = wb.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center",
                                      "valign": "vcenter", "text_wrap": True})


def _protect(ws: Any, protect: bool, password: str | None) -> None:
    if protect:
        ws.protect(password or "", {"select_locked_cells": True, "select_unlocked_cells": True,
                                    "format_columns": True, "format_rows": True})


_INSTRUCTIONS_WIDTH = 46
"""The instructions' text column: with the contact column beside it, one A4 portrait page wide."""


def _write_instructions(wb: Any, styles: _Styles, layout: WorkbookLayout, quarter: Quarter, protect: bool,
                        password: str | None,
                        contact: Mapping[str, str] | None = None, active: bool = True) -> None:
    from planbook.base.resources import render

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
        target_count=len(layout.targets.rows) if layout.targets is not None else 0,
    )
    ws.set_column(0, 0, _INSTRUCTIONS_WIDTH)
    ws.set_column(1, 1, REPORTER.width)
    lines = [line for line in text.splitlines() if line.strip()]
    ws.merge_range(0, 0, 0, 1, lines[0], styles.title_wrap)
    ws.set_row(0, _wrapped_lines(lines[0], _INSTRUCTIONS_WIDTH + REPORTER.width, 1.4) * 20 + 6)
    rows: list[Row | str] = []  # below the title, written as XML: planbook.xlsx.tables
    for field in CONTACT_FIELDS:  # once per workbook: who filled it in
        row, col = contact_cell(field)
        rows.append((row, 20, [(col - 1, f"{field.header}（请填写）：", styles.label),
                               (col, (contact or {}).get(field.key, "") or None, styles.input)]))
    for row, line in enumerate(lines[1:], INSTRUCTIONS_TEXT_ROW):
        rows.append((row, _wrapped_lines(line, _INSTRUCTIONS_WIDTH, 1.15) * 15 + 4, [(0, line, styles.text)]))
    defer_rows(ws, rows)
    if active:
        ws.activate()
    _print_setup(ws, [_INSTRUCTIONS_WIDTH, REPORTER.width], paper=A4, landscape=False,
                 header=(f"{layout.agency or '总表'}　{quarter.label}", "&A"))
    _protect(ws, protect, password)


def _write_section_sheet(wb: Any, styles: _Styles, layout: WorkbookLayout, sheet: SheetLayout, quarter: Quarter,
                         values: Values, lights: Mapping[str, str] | None, protect: bool, password: str | None,
                         closed: Collection[str] = (), who: str = "总表", prepared: bool = False) -> None:
    ws = wb.add_worksheet(sheet.name)
    ncols = sheet.width
    title = f"{sheet.section.numeral}、{sheet.section.title}（{who}，{quarter.label}）"
    columns = list(sheet.columns())
    widths = [c.width for _i, c, _s in columns]
    last_row = FIRST_TASK_ROW + len(sheet.tasks) - 1
    rows: list[Row | str] = []  # written as XML: planbook.xlsx.tables
    if not (prepared and section_head(ws, styles.header, styles.title, sheet, widths, title, rows)):
        ws.merge_range(TITLE_ROW, 0, TITLE_ROW, min(ncols - 1, 8), title, styles.title)
        ws.set_row(TITLE_ROW, 24)
        # header: fixed columns span both header rows; each slot's label spans its fields
        for col, column, slot in columns:
            ws.set_column(col, col, column.width)
            if slot is None:
                ws.merge_range(GROUP_ROW, col, HEADER_ROW, col, column.header, styles.header)
            else:
                ws.write_string(HEADER_ROW, col, column.header, styles.header)
        for si, slot in enumerate(sheet.slots):
            first = sheet.slot_col(si, GROUP_FIELDS[0])
            ws.merge_range(GROUP_ROW, first, GROUP_ROW, first + len(GROUP_FIELDS) - 1, slot.header, styles.header)
        prepared = False
    field_formats = [(offset, f, styles.status if f is STATUS else styles.month if f in MONTH_FIELDS else styles.input)
                     for offset, f in enumerate(GROUP_FIELDS[1:], 1)]
    for ti, task in enumerate(sheet.tasks):
        row = sheet.task_row(ti)
        lines = 1
        cells: list[tuple[int, str | None, Any]] = []
        for col, text in enumerate(sheet.fixed_values(task)):
            cells.append((col, text, styles.locked_center if col == 0 else styles.locked))
            lines = max(lines, _wrapped_lines(text, widths[col]))
        for _slot, col0, milestone in sheet.milestone_cells(ti):
            if milestone is None:
                cells += [(col0 + offset, None, styles.blank) for offset in range(len(GROUP_FIELDS))]
                continue
            label = milestone_label(milestone)
            cells.append((col0, label, styles.locked))
            lines = max(lines, _wrapped_lines(label, widths[col0]))
            light = lights.get(milestone.id) if lights else None
            is_closed = milestone.id in closed
            for offset, f, fmt in field_formats:
                text = values.get((milestone.id, f.key), "") if values else ""
                if is_closed:
                    fmt = styles.closed
                elif light and f is STATUS:
                    fmt = styles.lights[light]
                cells.append((col0 + offset, text or None, fmt))
                if text:
                    lines = max(lines, _wrapped_lines(text, widths[col0 + offset]))
        # LibreOffice does not re-fit row heights of an xlsx on load: give each row its own
        rows.append((row, min(409, max(2, lines) * _LINE_HEIGHT + 4), cells))
    defer_rows(ws, rows)

    if prepared:
        shared_part(ws, "validations", (tuple(sheet.slot_col(si, STATUS) for si in range(len(sheet.slots))), last_row),
                    lambda: _validations(ws, sheet, last_row))
    else:
        _validations(ws, sheet, last_row)
    _finish_section_sheet(ws, sheet, quarter, widths, ncols, last_row, protect, password, who)


def _validations(ws: Any, sheet: SheetLayout, last_row: int) -> None:
    """The dropdown of 完成状态 and the prompts of the month columns."""
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


def _finish_section_sheet(ws: Any, sheet: SheetLayout, quarter: Quarter, widths: Sequence[float], ncols: int,
                          last_row: int, protect: bool, password: str | None, who: str) -> None:
    ws.freeze_panes(FIRST_TASK_ROW, FROZEN_COLUMNS)
    ws.repeat_rows(GROUP_ROW, HEADER_ROW)
    # A3 landscape at full size: 序号, 任务名称, 牵头单位 … and one column group a page
    groups = [(sheet.slot_col(si, GROUP_FIELDS[0]), sheet.slot_col(si, GROUP_FIELDS[0]) + len(GROUP_FIELDS))
              for si in range(len(sheet.slots))]
    _print_setup(ws, widths, paper=A3, landscape=True, margin=0.3, repeat=len(sheet.fixed), groups=groups,
                 header=(f"{who}　{quarter.label}", "&A"))
    if not protect:  # the office's own copy: filters help; on a protected sheet they are dead
        ws.autofilter(HEADER_ROW, 0, max(HEADER_ROW, last_row), ncols - 1)
    _protect(ws, protect, password)


def _write_targets_sheet(wb: Any, styles: _Styles, layout: WorkbookLayout, quarter: Quarter, values: Values, protect: bool,
                         password: str | None, closed: Collection[str], who: str) -> None:
    """量化目标: a row per target, its 完成值 the one input cell (text format, so 85%, 1.5万
    and 211项 stay as typed; the reader converts them into the target's unit)."""
    assert layout.targets is not None
    ws = wb.add_worksheet(TARGETS_SHEET)
    widths = [c.width for c in TARGET_COLUMNS]
    last = len(TARGET_COLUMNS) - 1
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last, f"量化目标完成情况（{who}，{quarter.label}）", styles.title)
    ws.set_row(TITLE_ROW, 24)
    end = f"{quarter.end.year}年{quarter.end.month}月{quarter.end.day}日"
    note = (f"节点中写有具体数字的目标（如“达到90%”），每个目标一行。请在“{ACTUAL.header}”一栏填写截至{end}的实际完成数，单位见“单位”一栏，"
            "可写211、85%、1.5万、211项；尚无数据的留空（不影响已报送的数）。“最近报送”是此前报送的完成值，仅供参考。"
            "完成状态和进展情况仍在各领域工作表中填写。")
    ws.merge_range(TARGETS_NOTE_ROW, 0, TARGETS_NOTE_ROW, last, note, styles.text)
    ws.set_row(TARGETS_NOTE_ROW, _wrapped_lines(note, sum(widths), 1.1) * 15 + 4)
    for col, (column, width) in enumerate(zip(TARGET_COLUMNS, widths)):
        ws.set_column(col, col, width)
        ws.write_string(HEADER_ROW, col, column.header, styles.header)
    actual_col = TARGET_COLUMNS.index(ACTUAL)
    rows: list[Row | str] = []  # written as XML: planbook.xlsx.tables
    for r in layout.targets.rows:
        fixed = r.fixed_values()
        lines = 1
        cells: list[tuple[int, str | None, Any]] = []
        for col, column in enumerate(TARGET_COLUMNS):
            if column is ACTUAL:
                text = values.get((r.milestone.id, actual_key(r.n)), "")
                fmt = styles.closed if r.milestone.id in closed else styles.month
            else:
                text = (values.get((r.milestone.id, latest_key(r.n)), "") if column is T_LATEST
                        else fixed[column.key])
                fmt = styles.locked_center if col == 0 else styles.locked
            cells.append((col, text or None, fmt))
            if text:
                lines = max(lines, _wrapped_lines(text, widths[col]))
        rows.append((r.row, min(409, lines * _LINE_HEIGHT + 4), cells))
        t = r.target
        ws.data_validation(r.row, actual_col, r.row, actual_col, {
            "validate": "any", "input_title": f"完成值（单位：{t.unit}）"[:32],
            "input_message": (f"{r.number} {t.metric}：目标{t.goal}。填写截至{end}的实际数（单位：{t.unit}），"
                              "如 211、85%、1.5万；没有数据的留空。")[:255]})
    defer_rows(ws, rows)
    last_row = FIRST_TASK_ROW + len(layout.targets.rows) - 1
    ws.freeze_panes(FIRST_TASK_ROW, 1)
    ws.repeat_rows(HEADER_ROW)
    _print_setup(ws, widths, paper=A4, landscape=True, repeat=1, header=(f"{who}　{quarter.label}", "&A"))
    if not protect:
        ws.autofilter(HEADER_ROW, 0, last_row, last)
    _protect(ws, protect, password)


_LINE_HEIGHT = 13.5  # points per line of 10 pt text


def _wrapped_lines(text: str, width: float, scale: float = 1.0) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide at 10 pt (measured
    in LibreOffice: a wide character takes about 1.45 units, another about 0.8)."""
    return wrapped_lines(text, width - 1.0, 1.45 * scale, 0.8 * scale)


def _write_summary(wb: Any, styles: _Styles, layout: WorkbookLayout, quarter: Quarter) -> None:
    """The blank master's counts per section and per agency: tasks, and milestones per
    deadline group (the 汇总表 has :func:`_write_figures` instead)."""
    ws = wb.add_worksheet(SUMMARY_SHEET)
    grouping = plan_grouping(layout.plan)
    keys = sorted({group_key(m, grouping) for m in layout.plan.milestones})

    header = ["类别", "名称", "任务数", "节点数", *(group_label(k) for k in keys)]
    widths = [8, 26] + [10] * (len(header) - 2)
    for col, (text, width) in enumerate(zip(header, widths)):
        ws.write_string(0, col, text, styles.header)
        ws.set_column(col, col, width)
    ws.set_row(0, 2 * _LINE_HEIGHT + 4)

    row = 1
    for kind, name, tasks in _summary_groups(layout):
        ms = [m for t in tasks for m in t.milestones]
        got_keys = [group_key(m, grouping) for m in ms]
        ws.write_string(row, 0, kind, styles.plain)
        ws.write_string(row, 1, name, styles.plain)
        for col, n in enumerate([len(tasks), len(ms), *(got_keys.count(k) for k in keys)], 2):
            ws.write_number(row, col, n, styles.plain)
        row += 1
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, row - 1, len(header) - 1)
    ws.repeat_rows(0)
    _print_setup(ws, widths, paper=A4, landscape=True, repeat=2,
                 header=(f"总表　{quarter.label}", "&A"))


def _summary_groups(layout: WorkbookLayout) -> list[tuple[str, str, tuple[Task, ...]]]:
    """(类别, 名称, tasks): the whole plan first, then each section, then each lead agency."""
    plan = layout.plan
    return ([("合计", "全部", plan.tasks)] + [("领域", s.label, s.tasks) for s in plan.sections]
            + [("牵头单位", a.name, tuple(plan.task(t) for t in a.task_ids)) for a in plan.agencies])


@dataclass(frozen=True)
class Standing:
    """How the 汇总表's summary counts a quarter: ``figures(milestones, agency)`` gives the
    numbers under :data:`FIGURE_HEADER` then each status and 未报送 (``agency`` "": the
    consolidated answers; else that agency's own)."""

    quarter: Quarter
    figures: Callable[[Sequence[Milestone], str], list[float | None]]
    rules: "Rules | None" = None  # the office's: the colour legend says what each light means by them


FIGURE_HEADER = ("到期节点", "到期已完成", "按期完成", "逾期未完成", "完成率", "按期完成率")
"""The quarter's figures on the 汇总 sheet, counted as the report counts them."""
UNREPORTED = "未报送"


def _write_figures(wb: Any, styles: _Styles, layout: WorkbookLayout, standing: Standing) -> None:
    """The 汇总 sheet of the 汇总表, first and active: a title, how to read it (the colour
    legend), then per section and per lead agency the quarter's figures and statuses."""
    ws = wb.add_worksheet(SUMMARY_SHEET)
    quarter = standing.quarter
    header = ["类别", "名称", "任务数", "节点数", *FIGURE_HEADER, *STATUSES, UNREPORTED]
    widths = [7, 20] + [6.5] * (len(header) - 2)
    last = len(header) - 1
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    title = f"汇总：{layout.plan.title or '重点任务'}{quarter.label}推进情况"
    ws.merge_range(0, 0, 0, last, title, styles.title_wrap)
    ws.set_row(0, _wrapped_lines(title, sum(widths), 1.4) * 20 + 6)
    note = (f"截至{quarter.end.year}年{quarter.end.month}月{quarter.end.day}日。到期：完成时限（批准延期的，按延期后的时限）"
            "在本季度末以前；完成率 = 到期已完成 ÷ 到期节点；按期完成率 = 按期完成 ÷ 到期节点。各单位的数字按本单位"
            "自己的填报计算（多个牵头单位的节点，未报送的单位计为未报送）。")
    ws.merge_range(1, 0, 1, last, note, styles.text)
    ws.set_row(1, _wrapped_lines(note, sum(widths), 1.1) * 15 + 4)
    ws.write_string(2, 0, "颜色说明", styles.label_left)
    ws.merge_range(2, 1, 2, last, "各领域工作表“完成状态”一栏的底色：", styles.text)
    colours = [*legend(standing.rules),
               (UNREPORTED_FILL, "未报送", "牵头单位未报送（几个牵头单位的，任一单位未报送），无论是否到期")]
    for row, (light, name, meaning) in enumerate(colours, 3):  # what the colours mean, by the office's rules
        ws.write_string(row, 0, name, styles.lights[light])
        ws.merge_range(row, 1, row, last, meaning, styles.text)
        ws.set_row(row, 18)
    band = max(7, 3 + len(colours))
    ws.merge_range(band, 0, band, 3, "", styles.header)
    ws.merge_range(band, 4, band, 4 + len(FIGURE_HEADER) - 1, "到期节点推进情况", styles.header)
    ws.merge_range(band, 4 + len(FIGURE_HEADER), band, last, "全部节点的完成状态", styles.header)
    head = band + 1
    for col, text in enumerate(header):
        ws.write_string(head, col, text, styles.header)
    ws.set_row(head, 2 * _LINE_HEIGHT + 4)

    row = head + 1
    for kind, name, tasks in _summary_groups(layout):
        ms = [m for t in tasks for m in t.milestones]
        fmt = styles.total if kind == "合计" else styles.plain
        ws.write_string(row, 0, kind, fmt)
        ws.write_string(row, 1, name, fmt)
        numbers = [len(tasks), len(ms), *standing.figures(ms, name if kind == "牵头单位" else "")]
        for col, n in enumerate(numbers, 2):
            if n is None:
                ws.write_string(row, col, "—", styles.number)
            elif isinstance(n, float):
                ws.write_number(row, col, n, styles.percent)
            else:
                ws.write_number(row, col, n, styles.number)
        ws.set_row(row, _wrapped_lines(name, widths[1]) * _LINE_HEIGHT + 4)
        row += 1
    ws.freeze_panes(head + 1, 2)
    ws.autofilter(head, 0, row - 1, last)
    ws.repeat_rows(band, head)
    ws.activate()
    _print_setup(ws, widths, paper=A4, landscape=True, margin=0.3, repeat=2,
                 header=(f"汇总　{quarter.label}", "&A"))


def _write_extra(wb: Any, styles: _Styles, extra: ExtraSheet, heading: str = "") -> None:
    ws = wb.add_worksheet(extra.name[:31])
    widths = [extra.widths[c] if c < len(extra.widths) else 16 for c in range(len(extra.header))]
    write_table(ws, styles, extra.header, extra.rows, widths, heading=heading)


# -- plain tables --------------------------------------------------------------------------------------
def write_table(ws: Any, styles: _Styles, header: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[float],
                *, heading: str = "", paper: int | None = None, repeat: int = 1, measured: Measured | None = None) -> int:
    """A plain table on ``ws``: a header row, then the rows as text (control characters
    removed, cut at Excel's cell limit), each row as high as its most wrapped cell. Printed
    landscape on A4, or on A3 (``paper``, or when A4 would need text under 9 pt), page
    breaks between columns repeating the first ``repeat`` ones. The cells are written as XML
    when the workbook (in memory) is saved: :func:`planbook.xlsx.tables.defer_cells`.
    Returns the rows written."""
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    rows = rows if isinstance(rows, Sequence) else list(rows)
    defer_cells(ws, header, rows, widths, styles.header, styles.plain, measured)
    row = len(rows)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(row, 1), max(len(header) - 1, 0))
    ws.repeat_rows(0)
    if paper is None:
        fits = print_plan(widths, paper=A4, landscape=True, margin=0.5)
        paper = A4 if fits == (100, []) else A3
    _print_setup(ws, widths, paper=paper, landscape=True, repeat=min(repeat, len(widths) - 1),
                 header=(heading, "&A"))
    return row


def write_table_workbook(path: str | Path, sheet: str, header: Sequence[str], rows: Sequence[Sequence[str]],
                         widths: Sequence[float], *, title: str, written_at: datetime | None = None) -> Path:
    """A workbook of one plain table, written atomically."""
    return write_tables_workbook(path, [ExtraSheet(sheet, header, rows, widths)], title=title, written_at=written_at)


def write_tables_workbook(path: str | Path, sheets: Sequence[ExtraSheet], *, title: str,
                          written_at: datetime | None = None, paper: int | None = None) -> Path:
    """A workbook of plain tables, one per sheet (the 台账, for example), written atomically.
    ``paper``: 9 for A4, 8 for A3 (landscape either way; None: A4 when the table fits it).
    The cells go in as XML (:mod:`planbook.xlsx.tables`): a million cells in seconds."""
    import xlsxwriter

    path = Path(path)
    with atomic_path(path) as tmp:
        # each sheet's XML to a temporary file as it is made, not kept in memory until the zip is written
        wb = xlsxwriter.Workbook(str(tmp), _options(in_memory=False))
        wb.set_properties({"title": title, "author": "planbook",
                           "created": written_at or datetime.now().replace(microsecond=0)})
        styles = _Styles(wb)
        measured: Measured = {}  # a row shown on two sheets is measured once
        for extra in sheets:
            ws = wb.add_worksheet(extra.name[:31])
            widths = [extra.widths[c] if c < len(extra.widths) else 16 for c in range(len(extra.header))]
            write_table(ws, styles, extra.header, extra.rows, widths, heading=title, paper=paper, measured=measured)
        save(wb)
    return path


# -- a document of one table: the 问题清单 ------------------------------------------------------------
@dataclass
class Notice:
    """A one-table document an agency acts on: a title, paragraphs, the table, closing lines."""

    title: str
    paragraphs: Sequence[str]
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float]
    closing: Sequence[str] = ()
    sheet: str = "问题清单"
    running: str = ""  # the running header (who, quarter)


def write_notice_workbook(path: str | Path, notice: Notice, *, written_at: datetime | None = None) -> Path:
    """``notice`` as a workbook of one sheet printed as a document: A4 portrait at full size,
    the table's header repeated on every page, 第 N 页 共 M 页. Written atomically."""
    import xlsxwriter

    path = Path(path)
    widths = list(notice.widths)
    last = len(widths) - 1
    total = sum(widths)
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), _options())
        wb.set_properties({"title": notice.title, "author": "planbook",
                           "created": written_at or datetime.now().replace(microsecond=0)})
        styles = _Styles(wb)
        ws = wb.add_worksheet(notice.sheet[:31])
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.merge_range(0, 0, 0, last, notice.title, styles.heading)
        ws.set_row(0, max(1, _wrapped_lines(notice.title, total, 1.6)) * 24 + 8)
        row = 1
        for text in notice.paragraphs:
            ws.merge_range(row, 0, row, last, text, styles.text)
            ws.set_row(row, _wrapped_lines(text, total, 1.1) * 15 + 6)
            row += 1
        head = row + 1 if notice.paragraphs else row
        for col, text in enumerate(notice.header):
            ws.write_string(head, col, text, styles.header)
        ws.set_row(head, 20)
        row = head
        for row, values in enumerate(notice.rows, head + 1):
            lines = 1
            for col, value in enumerate(values):
                text = CONTROL_CHARS.sub("", str(value))[:MAX_CELL_TEXT]
                ws.write_string(row, col, text, styles.plain)
                lines = max(lines, _wrapped_lines(text[:2000], widths[col]))
            ws.set_row(row, min(409, min(lines, 30) * _LINE_HEIGHT + 4))
        row += 2
        for text in notice.closing:
            ws.merge_range(row, 0, row, last, text, styles.text)
            ws.set_row(row, _wrapped_lines(text, total, 1.1) * 15 + 4)
            row += 1
        ws.repeat_rows(head)
        ws.freeze_panes(head + 1, 0)
        ws.activate()
        _print_setup(ws, widths, paper=A4, landscape=False, margin=0.5, header=(notice.running, ""))
        save(wb)
    return path
