"""Returns as agencies really send them (issue 22): whatever moved is read by its header, merged
cells and "同上" give their value, the file's identity decides who sent it, every limit says
so, months are read as people write them — and nothing an agency typed is lost without a word."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kit.collect import QUARTER, cells_for, fill_openpyxl, fill_xml, random_values
from planbook.collection import collect, read_return
from planbook.collection.reading import CONTRADICTIONS, contradictions
from planbook.layout import (BEHIND, DONE, MONTH_FIELDS, ON_TRACK, PREFILL_MARK, cell_name, parse_month,
                             workbook_layout)
from planbook.record import Entry, QuarterRecord
from planbook.workbooks import agency_values, export

AGENCY = "市营商局"
INPUT_KEYS = ("status", "done_month", "expected_month", "progress", "issues", "next_steps", "evidence")


@pytest.fixture(scope="module")
def blank(seed_plan, tmp_path_factory) -> dict[str, Path]:
    agencies = [AGENCY, "市教育局", "市体育局", "市法院"]
    return export(seed_plan, QUARTER, tmp_path_factory.mktemp("blank"), agencies=agencies, master=False,
                  jobs=1).agency_files


def _values(plan, agency: str, seed: int = 22):
    return random_values(plan, agency, random.Random(seed))


def _expected(plan, agency: str, values) -> dict[tuple[str, str], str]:
    out = {}
    for c in workbook_layout(plan, agency).input_cells():
        text = values.get((c.milestone.id, c.field.key), "")
        out[(c.milestone.id, c.field.key)] = parse_month(text) if c.field in MONTH_FIELDS else text
    return out


def _got(read) -> dict[tuple[str, str], str]:
    return {(e.milestone_id, k): getattr(e, k) for e in read.entries for k in INPUT_KEYS}


def _input_cell(plan, agency: str, milestone_id: str, key: str):
    return next(c for c in workbook_layout(plan, agency).input_cells()
                if c.milestone.id == milestone_id and c.field.key == key)


# -- 1. read by header, whatever moved ----------------------------------------------------------------
def test_an_inserted_column_and_a_renamed_sheet_are_read_in_full_with_one_notice(seed_plan, blank, tmp_path):
    values = _values(seed_plan, AGENCY)
    sheet = workbook_layout(seed_plan, AGENCY).sheets[0]

    def edit(wb):
        wb[sheet.name].insert_cols(5)
        wb[sheet.name].title = "政务（已填）"

    path = fill_openpyxl(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, values), edit=edit)
    read = read_return(path, seed_plan, QUARTER)
    assert read.accepted
    assert _got(read) == _expected(seed_plan, AGENCY, values)
    assert len(read.problems) == 1, [str(p) for p in read.problems]
    notice = read.problems[0]
    assert not notice.is_error and notice.kind == "sheet_renamed"
    assert "政务（已填）" in notice.message and "插入了 1 列" in notice.message
    assert not contradictions(read)


@pytest.mark.parametrize("how", ["delete_middle_input_column", "move_columns", "extra_header_row", "reorder_sheets",
                                 "swap_sheet_names", "hide_sheet", "rows_inserted_above", "column_at_front"])
def test_whatever_moved_is_read_by_its_header(seed_plan, blank, tmp_path, how):
    values = _values(seed_plan, AGENCY, seed=5)
    layout = workbook_layout(seed_plan, AGENCY)
    first, second = layout.sheets[0], layout.sheets[1]
    evidence_col = first.slot_col(0, next(c for c in __import__("planbook.layout").layout.GROUP_FIELDS
                                          if c.key == "evidence")) + 1
    lost: set[tuple[str, str]] = set()

    def edit(wb):
        ws = wb[first.name]
        if how == "delete_middle_input_column":  # 佐证/备注 of the first column group
            ws.delete_cols(evidence_col)
        elif how == "move_columns":  # 完成状态 and 完成时间 of the first group swapped
            status_col = evidence_col - 6
            for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
                a, b = row[status_col - 1], row[status_col]
                a.value, b.value = b.value, a.value
        elif how == "extra_header_row":  # the header row repeated under itself
            ws.insert_rows(4)
            for col in range(1, ws.max_column + 1):
                ws.cell(4, col).value = ws.cell(3, col).value
        elif how == "reorder_sheets":
            wb.move_sheet(second.name, offset=-1)
        elif how == "swap_sheet_names":
            wb[first.name].title = "tmp"
            wb[second.name].title = first.name
            wb["tmp"].title = second.name
        elif how == "hide_sheet":
            wb[second.name].sheet_state = "hidden"
        elif how == "rows_inserted_above":
            ws.insert_rows(1, 3)
        elif how == "column_at_front":
            ws.insert_cols(1)

    if how == "delete_middle_input_column":
        lost = {(c.milestone.id, "evidence") for c in first.input_cells() if c.col == evidence_col - 1}
    path = fill_openpyxl(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, values), edit=edit)
    read = read_return(path, seed_plan, QUARTER)
    assert read.accepted
    want = {k: ("" if k in lost else v) for k, v in _expected(seed_plan, AGENCY, values).items()}
    assert _got(read) == want
    errors = [p for p in read.problems if p.is_error]
    if lost:
        assert [p.kind for p in errors] == ["column_missing"] and errors[0].field == "佐证/备注"
        assert all(mid in errors[0].message for mid, _ in lost)
    else:
        assert not errors, [str(p) for p in errors]
    notices = [p for p in read.problems if not p.is_error]
    assert len(notices) <= (2 if how == "swap_sheet_names" else 1), [str(p) for p in read.problems]  # one per sheet
    assert not contradictions(read)


def test_content_in_an_inserted_column_is_named_not_dropped(seed_plan, blank, tmp_path):
    values = _values(seed_plan, AGENCY)
    sheet = workbook_layout(seed_plan, AGENCY).sheets[0]

    def edit(wb):
        ws = wb[sheet.name]
        ws.insert_cols(6)
        ws.cell(3, 6).value = "补充说明"
        ws.cell(5, 6).value = "这里写了一段说明"

    path = fill_openpyxl(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, values), edit=edit)
    read = read_return(path, seed_plan, QUARTER)
    assert _got(read) == _expected(seed_plan, AGENCY, values)
    named = [p for p in read.problems if p.kind == "column_inserted"]
    assert len(named) == 1 and named[0].cell == "F5" and "这里写了一段说明" in named[0].value
    assert named[0].task_id == sheet.tasks[1].id


def test_a_sheet_that_cannot_be_placed_is_named_and_its_answers_are_not_said_to_be_missing(seed_plan, blank,
                                                                                             tmp_path):
    """Every answer deleted with the sheet: said once, no 'read by content' beside it."""
    sheet = workbook_layout(seed_plan, AGENCY).sheets[1]
    values = _values(seed_plan, AGENCY)
    path = fill_openpyxl(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, values),
                         edit=lambda wb: wb.remove(wb[sheet.name]))
    read = read_return(path, seed_plan, QUARTER)
    assert [p.kind for p in read.problems] == ["sheet_missing"]
    assert not contradictions(read)


# -- 8. messages about one return never contradict each other ----------------------------------------
def test_the_forbidden_pairs_are_named_in_code():
    pairs = {(a, b) for a, b, _ in CONTRADICTIONS}
    assert {("month_invalid", "done_month_missing"), ("sheet_renamed", "sheet_missing"),
            ("sheet_renamed", "columns_changed"), ("status_invalid", "status_normalized")} <= pairs
    assert any(a == "nothing_reported" for a, _ in pairs)


def test_contradictions_are_found_when_said(seed_plan, blank, tmp_path):
    """The checker itself: a read with a made-up contradicting pair is caught."""
    from dataclasses import replace

    from planbook.problems import Problem

    values = _values(seed_plan, AGENCY)
    path = fill_xml(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, values))
    read = read_return(path, seed_plan, QUARTER)
    assert not contradictions(read)
    fake = replace(read, problems=[Problem("nothing_reported", "x", file=read.file)])
    assert contradictions(fake) == [("nothing_reported", "（读到的答案）", read.file)]
    cell = dict(file=read.file, sheet="一、政务环境", cell="F4")
    fake = replace(read, problems=[Problem("month_invalid", "x", **cell), Problem("done_month_missing", "y", **cell)])
    assert contradictions(fake) == [("month_invalid", "done_month_missing", "r.xlsx、一、政务环境、F4")]


@pytest.mark.parametrize("written", ["5月底", "2019年8月", "下个月", "2023.1"])
def test_a_month_cell_gets_one_message_never_also_no_month(seed_plan, blank, tmp_path, written):
    c = _input_cell(seed_plan, AGENCY, "1-1", "done_month")
    path = fill_xml(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, {
        ("1-1", "status"): DONE, ("1-1", "progress"): "已完成。", ("1-1", "done_month"): written,
        ("", "reporter"): "张三", ("", "phone"): "0411-83630000"}))
    read = read_return(path, seed_plan, QUARTER)
    on_cell = [p for p in read.problems if p.cell == c.name]
    assert len(on_cell) <= 1, [str(p) for p in on_cell]
    assert not [p for p in read.problems if p.kind == "done_month_missing"]
    assert not contradictions(read)


def test_a_return_whose_only_answers_were_refused_is_not_said_to_be_empty(seed_plan, blank, tmp_path):
    path = fill_xml(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, {
        ("1-1", "status"): "基本完成", ("", "reporter"): "张三", ("", "phone"): "0411-83630000"}))
    read = read_return(path, seed_plan, QUARTER)
    assert [p.kind for p in read.problems] == ["status_invalid"]
    assert not contradictions(read)
