"""Reading the 量化目标 sheet of a return: each target's 完成值, converted into the target's
unit (:func:`planbook.core.measures.parse_actual`), or a located problem saying what to write.

Rows are found by their 目标编号, so a moved row still counts; the read-only cells that say
what a target is (指标, 目标, 单位) are checked against the plan. A value that cannot be used
(not a number, another unit, a rate above 100%, a negative count) costs only itself.
"""

from __future__ import annotations

from typing import Any, Callable, Protocol

from planbook.xlsx.layout import ACTUAL, HEADER_ROW, T_NUMBER, TARGET_CHECKED, TARGET_COLUMNS, TARGETS_SHEET, TargetRow, WorkbookLayout, cell_name
from planbook.base.problems import ERROR, WARNING
from planbook.core.measures import COUNT, DURATION, INCREASE_BY, MEASURE, MONEY, POINTS, RATE, REDUCE_BY, UNITS, format_value, parse_actual
from planbook.collection.cells import cell_text, norm_key, shown

_EXAMPLES = {RATE: "85%", POINTS: "2.5", COUNT: "211", DURATION: "3", MONEY: "1.5亿", MEASURE: "1.5万"}


class _Book(Protocol):
    layout: WorkbookLayout

    def problem(self, kind: str, message: str, severity: str = ERROR, **where: Any) -> None: ...


def read_actuals(book: _Book, rows: list[list[Any]], formulas: dict[tuple[int, int], str]) -> dict[str, dict[str, float]]:
    """Milestone id -> {target number: actual} of every 完成值 that could be read."""
    assert book.layout.targets is not None
    layout_rows = book.layout.targets.rows

    def text(row: int, col: int) -> str:
        return cell_text(rows[row][col])[0] if row < len(rows) and col < len(rows[row]) else ""

    def problem(kind: str, message: str, severity: str = ERROR, *, row: int, col: int, **where: Any) -> None:
        book.problem(kind, message, severity, sheet=TARGETS_SHEET, cell=cell_name(row, col), **where)

    # the columns by their header, wherever they moved (rows inserted above, columns inserted,
    # deleted or moved); a header typed over is read where export put it, and said
    header_of = {norm_key(c.header): c for c in TARGET_COLUMNS}
    header, most = HEADER_ROW, 0
    for at in range(min(len(rows), 40)):
        n = len({norm_key(cell_text(v)[0]) for v in rows[at]} & header_of.keys())
        if n > most:
            header, most = at, n
            if n == len(header_of):  # every header: no later row can hold more
                break
    col_of: dict[str, int] = {}
    for c in range(len(rows[header]) if header < len(rows) else 0):
        column = header_of.get(norm_key(text(header, c)))
        if column is not None and column.key not in col_of:
            col_of[column.key] = c
    if most < 2:  # no header recognised: where export put them
        header, col_of = HEADER_ROW, {c.key: i for i, c in enumerate(TARGET_COLUMNS)}
        problem("columns_changed", f"“{TARGETS_SHEET}”工作表的表头无法识别（可能被删除或改写），已按下发时的位置读取完成值，"
                "请核对。请勿修改表头。", WARNING, row=HEADER_ROW, col=0, value=shown(text(HEADER_ROW, 0)) or "（空）",
                allowed="下发时的表头")
    for column in TARGET_COLUMNS:
        if column.key not in col_of and column in (T_NUMBER, ACTUAL):
            col = TARGET_COLUMNS.index(column)
            if norm_key(text(header, col)) not in header_of:  # typed over: read where export put it
                col_of[column.key] = col
                problem("readonly_edited", "表头单元格被修改（只读，不得更改），已按下发时的表头读取。", row=header, col=col,
                        field="表头", value=shown(text(header, col)) or "（空）", allowed=column.header)
    if T_NUMBER.key not in col_of or ACTUAL.key not in col_of:
        lost = ACTUAL if ACTUAL.key not in col_of else T_NUMBER
        problem("column_missing", f"“{TARGETS_SHEET}”工作表的“{lost.header}”列被删除，量化目标的完成值未能读取。"
                "请用下发的填报表恢复该列后重新报送。", row=header, col=0, field=lost.header, value="（缺失）",
                allowed=lost.header)
        return {}
    by_number = {norm_key(r.number): r for r in layout_rows}
    where_is: dict[str, int] = {}
    for row in range(header + 1, len(rows)):
        key = norm_key(text(row, col_of[T_NUMBER.key]))
        if key in by_number and key not in where_is:
            where_is[key] = row
    out: dict[str, dict[str, float]] = {}
    actual_col = col_of[ACTUAL.key]
    shift = header - HEADER_ROW
    for r in layout_rows:
        found_row = where_is.get(norm_key(r.number))
        ids = dict(task_id=r.task.id, milestone_id=r.milestone.id)
        if found_row is None:
            problem("row_deleted", f"量化目标 {r.number}（{r.target.metric}）所在的行被删除，其完成值未能读取。"
                    "请用下发的填报表恢复该行后重新报送。", row=r.row + shift, col=0, value="（缺失）",
                    allowed=f"{r.number} {r.target.metric}", **ids)
            continue
        row = found_row
        fixed = r.fixed_values()
        for column in TARGET_CHECKED:
            if column.key not in col_of:
                continue
            col = col_of[column.key]
            found = formulas.get((row, col)) or text(row, col)
            if found != fixed[column.key] and norm_key(found) != norm_key(fixed[column.key]):
                problem("readonly_edited", f"量化目标 {r.number} 的只读单元格“{column.header}”被修改（疑似篡改），"
                        "已按方案原文处理。请勿修改灰色单元格。", row=row, col=col, field=column.header,
                        value=shown(found), allowed=shown(fixed[column.key], 120), **ids)
        def said(kind: str, message: str, severity: str = ERROR, *, row: int = row, **more: Any) -> None:
            problem(kind, message, severity, row=row, col=actual_col, **ids, **more)

        value = _actual(r, rows[row][actual_col] if actual_col < len(rows[row]) else "",
                        formulas.get((row, actual_col)), said)
        if value is not None:
            out.setdefault(r.milestone.id, {})[str(r.n)] = value
    return out


def _actual(r: TargetRow, value: Any, formula: str | None, problem: Callable[..., None]) -> float | None:
    """One 完成值 in the target's unit, or None (empty, or not usable: said in a problem)."""
    t = r.target
    unit = UNITS[t.unit]
    what = f"量化目标 {r.number}（{t.metric}，目标{t.goal}）的完成值"
    example = _EXAMPLES[unit.kind] + ("" if unit.kind == RATE else t.unit)
    allowed = f"数字，单位：{t.unit}，如 {example}"
    field = f"{ACTUAL.header}（{r.number}）"
    if formula is not None:
        problem("formula", f"{what}是公式，未读取。请直接填写数字，如 {example}。", field=field, value=shown(formula),
                allowed=allowed)
        return None
    written, kind = cell_text(value)
    written = written.strip()
    if not written:
        return None
    number: float | None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if unit.kind == RATE and 0 < number < 1:  # Excel made 85% a number: 0.85
            number = round(number * 100, 6)
            problem("value_converted", f"{what}“{written}”被 Excel/WPS 转换成了小数，已按 {format_value(number)}% 读取；"
                    "如不对，请更正。", WARNING, field=field, value=written, allowed=allowed)
    elif kind:
        number = None
    else:
        number = parse_actual(written, t.unit)
    if number is None:
        problem("actual_invalid", f"{what}“{shown(written, 40)}”不是以“{t.unit}”计的数字，未读取。请只填写数字"
                f"（可带单位），如 {example}；没有数据的留空。", field=field, value=shown(written), allowed=allowed)
        return None
    change = t.direction in (REDUCE_BY, INCREASE_BY)
    if number < 0 and not change and unit.kind != POINTS:
        problem("actual_out_of_range", f"{what}“{shown(written, 40)}”是负数，未读取。请填写实际完成数（不小于 0）。",
                field=field, value=shown(written), allowed=f"不小于 0 的数字，单位：{t.unit}")
        return None
    if unit.kind == RATE and number > 100 and t.direction != INCREASE_BY:
        problem("actual_out_of_range", f"{what}“{shown(written, 40)}”超过 100%，未读取。请填写实际达到的比例（0～100%）。",
                field=field, value=shown(written), allowed="0～100%")
        return None
    return number
