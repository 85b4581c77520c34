"""The 量化目标 sheet: a 目标 and a 完成值 cell per target, written by export and read back by
collect (also after LibreOffice saved it), each 完成值 checked and converted into the
target's unit, a bad value a located problem that stops nothing else."""

from __future__ import annotations

import openpyxl
import pytest

from kit.collect import _identity_edit, cells_for, fill_xml, zip_edit
from planbook.collection import read_return
from planbook.xlsx.layout import (ACTUAL, FIRST_TASK_ROW, HEADER_ROW, LAYOUT_VERSION, T_GOAL, T_METRIC, TARGET_COLUMNS,
                             TARGETS_SHEET, actual_key, cell_name, workbook_layout)
from planbook.issue.workbooks import export
from planbook.xlsx.workbook import write_workbook

AGENCY = "市营商局"
QUARTER = "2023Q2"


@pytest.fixture(scope="module")
def blank(seed_plan, tmp_path_factory):
    root = tmp_path_factory.mktemp("targets")
    return export(seed_plan, QUARTER, root, agencies=[AGENCY], master=False, jobs=1).agency_files[AGENCY]


def _row(seed_plan, number: str):
    return next(r for r in workbook_layout(seed_plan, AGENCY).targets.rows if r.number == number)


def _filled(seed_plan, blank, tmp_path, values, name="回执.xlsx"):
    return fill_xml(blank, tmp_path / name, cells_for(seed_plan, AGENCY, {("", "reporter"): "张三", **values}))


def test_each_target_has_a_read_only_goal_and_an_unlocked_actual_cell_with_its_unit(seed_plan, blank):
    ws = openpyxl.load_workbook(blank)[TARGETS_SHEET]
    assert [c.value for c in ws[HEADER_ROW + 1]] == [c.header for c in TARGET_COLUMNS]
    r = _row(seed_plan, "1-3③")
    values = {c.header: ws.cell(r.row + 1, i + 1) for i, c in enumerate(TARGET_COLUMNS)}
    assert values["目标"].value == "达到200种" and values["单位"].value == "种"
    assert values["指标"].value == "多部门联办“一件事”" and values["目标"].protection.locked
    actual = values["完成值"]
    assert actual.value is None and not actual.protection.locked and actual.number_format == "@"
    assert ws.protection.sheet
    rule = next(dv for dv in ws.data_validations.dataValidation if actual.coordinate in dv.sqref)
    assert "种" in rule.promptTitle and "1.5万" in rule.prompt and "达到200种" in rule.prompt
    # every target of the agency's milestones, and nothing else
    layout = workbook_layout(seed_plan, AGENCY)
    assert ws.max_row == FIRST_TASK_ROW + len(layout.targets.rows)
    assert {r.milestone.id for r in layout.targets.rows} <= {m.id for t in seed_plan.tasks_of(AGENCY) for m in t.milestones}


def test_an_agency_without_targets_gets_no_targets_sheet(seed_plan):
    without = next(a for a in seed_plan.agency_names if workbook_layout(seed_plan, a).targets is None)
    assert TARGETS_SHEET not in workbook_layout(seed_plan, without).sheet_names


def test_actuals_are_read_in_the_targets_unit_as_offices_write_them(seed_plan, blank, tmp_path):
    path = _filled(seed_plan, blank, tmp_path, {
        ("1-3", "status"): "正常推进", ("1-3", "progress"): "推进中。",
        ("1-3", actual_key(1)): "85%", ("1-3", actual_key3 := actual_key(3)): "211项",
        ("4-2", "status"): "正常推进", ("4-2", actual_key(1)): "1.5万", ("4-2", actual_key(2)): " 300 "})
    read = read_return(path, seed_plan, QUARTER)
    assert read.accepted
    got = {e.milestone_id: e.actuals for e in read.entries if e.actuals}
    assert got == {"1-3": {"1": 85.0, "3": 211.0}, "4-2": {"1": 15000.0, "2": 300.0}}
    assert not [p for p in read.problems if p.kind.startswith("actual")]
    assert actual_key3 == "actual3"


def test_a_bad_value_is_a_located_problem_and_stops_nothing_else(seed_plan, blank, tmp_path):
    path = _filled(seed_plan, blank, tmp_path, {
        ("1-2", actual_key(1)): "120%",  # a rate above 100%
        ("1-2", actual_key(3)): "已基本完成",  # not a number
        ("4-2", actual_key(1)): "-3",  # a negative count
        ("4-2", actual_key(2)): "3小时",  # another unit
        ("1-3", actual_key(3)): "211"})
    read = read_return(path, seed_plan, QUARTER)
    problems = {p.cell: p for p in read.problems if p.kind.startswith("actual")}
    rate = problems[cell_name(_row(seed_plan, "1-2①").row, TARGET_COLUMNS.index(ACTUAL))]
    assert rate.kind == "actual_out_of_range" and rate.sheet == TARGETS_SHEET and rate.file == "回执.xlsx"
    assert rate.task_id == "1" and rate.milestone_id == "1-2" and rate.value == "120%" and "1-2①" in rate.field
    assert "网上实办率" in rate.message and "100%" in rate.message and rate.allowed
    kinds = sorted(p.kind for p in problems.values())
    assert kinds == ["actual_invalid", "actual_invalid", "actual_out_of_range", "actual_out_of_range"]
    assert all("请" in p.message and p.allowed for p in problems.values())  # each says what to write
    assert {e.milestone_id: e.actuals for e in read.entries if e.actuals} == {"1-3": {"3": 211.0}}


def test_tampered_targets_and_moved_rows_are_caught(seed_plan, blank, tmp_path):
    r = _row(seed_plan, "1-3③")
    cells = cells_for(seed_plan, AGENCY, {("", "reporter"): "张三", ("1-3", actual_key(3)): "150"})
    cells[(TARGETS_SHEET, cell_name(r.row, TARGET_COLUMNS.index(T_GOAL)))] = "达到100种"
    read = read_return(fill_xml(blank, tmp_path / "改.xlsx", cells), seed_plan, QUARTER)
    edited = [p for p in read.problems if p.kind == "readonly_edited"]
    assert len(edited) == 1 and edited[0].field == T_GOAL.header and edited[0].allowed == "达到200种"
    assert next(e for e in read.entries if e.milestone_id == "1-3").actuals == {"3": 150.0}


def test_a_formula_is_not_read(seed_plan, blank, tmp_path):
    r = _row(seed_plan, "1-3③")
    ref = cell_name(r.row, TARGET_COLUMNS.index(ACTUAL))
    path = fill_xml(blank, tmp_path / "公式.xlsx", {}, formulas={(TARGETS_SHEET, ref): "100+111"})
    read = read_return(path, seed_plan, QUARTER)
    assert [p.cell for p in read.problems if p.kind == "formula"] == [ref]
    assert not any(e.actuals for e in read.entries)


def test_returns_of_layout_2_are_still_read_without_actuals(seed_plan, tmp_path):
    old = write_workbook(tmp_path / "v2.xlsx", workbook_layout(seed_plan, AGENCY, "2"), QUARTER,
                         values={("1-3", "status"): "正常推进", ("1-3", "progress"): "推进中。", ("", "reporter"): "张三"})
    path = zip_edit(old, tmp_path / "版式2.xlsx", _identity_edit(f"planbook={LAYOUT_VERSION};", "planbook=2;"))
    read = read_return(path, seed_plan, QUARTER)
    assert read.accepted and not [p for p in read.problems if p.is_error]
    assert next(e for e in read.entries if e.milestone_id == "1-3").status == "正常推进"


def test_a_deleted_targets_sheet_keeps_the_answers(seed_plan, tmp_path):
    layout = workbook_layout(seed_plan, AGENCY)
    from dataclasses import replace

    path = write_workbook(tmp_path / "无目标表.xlsx", replace(layout, targets=None), QUARTER,
                          values={("1-3", "status"): "正常推进", ("1-3", "progress"): "推进中。", ("", "reporter"): "张三"})
    read = read_return(path, seed_plan, QUARTER)
    assert read.accepted and [p.sheet for p in read.problems if p.kind == "sheet_missing"] == [TARGETS_SHEET]
    assert next(e for e in read.entries if e.milestone_id == "1-3").status == "正常推进"


@pytest.mark.libreoffice
def test_actuals_survive_a_libreoffice_save(seed_plan, blank, tmp_path):
    from libreoffice import convert

    path = _filled(seed_plan, blank, tmp_path, {("1-3", "status"): "正常推进", ("1-3", "progress"): "推进中。",
                                                ("1-3", actual_key(1)): "85%", ("1-3", actual_key(3)): "211项",
                                                ("4-2", actual_key(1)): "1.5万"})
    (saved,) = convert([path], "xlsx", tmp_path / "saved")
    read = read_return(saved, seed_plan, QUARTER)
    assert read.accepted and not [p for p in read.problems if p.is_error]
    assert {e.milestone_id: e.actuals for e in read.entries if e.actuals} == {
        "1-3": {"1": 85.0, "3": 211.0}, "4-2": {"1": 15000.0}}
    ws = openpyxl.load_workbook(saved)[TARGETS_SHEET]
    cell = ws.cell(_row(seed_plan, "1-3③").row + 1, TARGET_COLUMNS.index(ACTUAL) + 1)
    assert not cell.protection.locked and cell.number_format == "@"
    assert any(cell.coordinate in dv.sqref and dv.prompt for dv in ws.data_validations.dataValidation)
    assert ws.cell(_row(seed_plan, "1-3③").row + 1, TARGET_COLUMNS.index(T_METRIC) + 1).protection.locked


def test_collect_puts_the_actuals_in_the_record_entries_csv_and_the_summary_workbook(seed_plan, tmp_path):
    from planbook.collection.workflow import collect_quarter
    from planbook.store.folder import QuarterFolder

    place = QuarterFolder.of(QUARTER, tmp_path / QUARTER)
    blank = export(seed_plan, QUARTER, place.path, agencies=[AGENCY], master=False, jobs=1).agency_files[AGENCY]
    place.inbox.mkdir(parents=True)
    fill_xml(blank, place.inbox / blank.name, cells_for(seed_plan, AGENCY, {
        ("", "reporter"): "张三", ("1-3", "status"): "正常推进", ("1-3", "progress"): "推进中。",
        ("1-3", actual_key(3)): "211项", ("1-2", actual_key(1)): "120%"}))
    done = collect_quarter(seed_plan, place)
    record = done.result.record
    assert record.actual_of("1-3", 3, (AGENCY,)) == (211.0, QUARTER, AGENCY)
    assert [p.kind for p in record.problems if p.kind.startswith("actual")] == ["actual_out_of_range"]
    assert '{""3"": 211.0}' in place.entries.read_text(encoding="utf-8-sig")
    ws = openpyxl.load_workbook(place.consolidated, read_only=True)[TARGETS_SHEET]
    rows = {r[0]: r for r in ws.iter_rows(min_row=FIRST_TASK_ROW + 1, values_only=True)}
    columns = [c.header for c in TARGET_COLUMNS]
    assert rows["1-3③"][columns.index("完成值")] == "211" and rows["1-3③"][columns.index("最近报送")] == "211种（2023Q2）"
    assert rows["1-2①"][columns.index("完成值")] is None
