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
from planbook.core.statuses import BEHIND, DONE, ON_TRACK, parse_month
from planbook.xlsx.layout import EVIDENCE, MONTH_FIELDS, PREFILL_MARK, workbook_layout
from planbook.store.record import Entry, QuarterRecord
from planbook.issue.workbooks import agency_values, export

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
    evidence_col = first.slot_col(0, EVIDENCE) + 1  # 1-based, as openpyxl counts
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

    from planbook.base.problems import Problem

    values = _values(seed_plan, AGENCY)
    path = fill_xml(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, values))
    read = read_return(path, seed_plan, QUARTER)
    assert not contradictions(read)
    fake = replace(read, problems=[Problem("nothing_reported", "x", file=read.file)])
    assert contradictions(fake) == [("nothing_reported", "（读到的答案）", read.file)]
    cell = dict(file=read.file, sheet="一、政务环境", cell="F4")
    fake = replace(read, problems=[Problem("month_invalid", "x", **cell), Problem("done_month_missing", "y", **cell)])
    assert contradictions(fake) == [("month_invalid", "done_month_missing", "r.xlsx、一、政务环境、F4")]


@pytest.mark.parametrize("written", ["5月底", "2023年8月", "下个月", "2023.1"])  # 2023年8月: after 2023Q2
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


# -- 2. merged cells and "同上" ------------------------------------------------------------------------
def test_a_merge_down_one_input_column_gives_its_value_to_each_milestone(seed_plan, blank, tmp_path):
    """The issue's case: 完成状态 of two tasks merged, the second's 进展情况 "同上。"."""
    top, below = _input_cell(seed_plan, AGENCY, "1-1", "status"), _input_cell(seed_plan, AGENCY, "2-1", "status")
    assert top.col == below.col and below.row == top.row + 1
    progress = _input_cell(seed_plan, AGENCY, "2-1", "progress")
    cells = cells_for(seed_plan, AGENCY, {("1-1", "status"): ON_TRACK, ("1-1", "progress"): "平台已上线试运行。",
                                          ("2-1", "progress"): "同上。", ("", "reporter"): "张三",
                                          ("", "phone"): "0411-83630000"})
    span = f"{top.name}:{below.name}"
    path = fill_openpyxl(blank[AGENCY], tmp_path / "r.xlsx", cells,
                         edit=lambda wb: wb[top.sheet].merge_cells(span))
    read = read_return(path, seed_plan, QUARTER)
    got = {e.milestone_id: e for e in read.entries}
    assert got["2-1"].status == ON_TRACK and got["1-1"].status == ON_TRACK
    assert got["2-1"].progress == "平台已上线试运行。"
    merged = [p for p in read.problems if p.kind == "merged_cells"]
    assert {p.milestone_id for p in merged} == {"1-1", "2-1"} and not any(p.is_error for p in merged)
    same = [p for p in read.problems if p.kind == "same_as_above"]
    assert [(p.milestone_id, p.cell, p.is_error) for p in same] == [("2-1", progress.name, False)]
    assert not contradictions(read)


def test_a_merge_across_fields_is_an_error_per_milestone(seed_plan, blank, tmp_path):
    status, month = _input_cell(seed_plan, AGENCY, "1-1", "status"), _input_cell(seed_plan, AGENCY, "1-1", "done_month")
    below = _input_cell(seed_plan, AGENCY, "2-1", "done_month")
    cells = cells_for(seed_plan, AGENCY, {("1-1", "status"): DONE, ("1-1", "progress"): "已完成。",
                                          ("", "reporter"): "张三", ("", "phone"): "0411-83630000"})
    path = fill_openpyxl(blank[AGENCY], tmp_path / "r.xlsx", cells,
                         edit=lambda wb: wb[status.sheet].merge_cells(f"{status.name}:{below.name}"))
    read = read_return(path, seed_plan, QUARTER)
    across = [p for p in read.problems if p.kind == "merged_across"]
    assert {p.milestone_id for p in across} == {"1-1", "2-1"} and all(p.is_error for p in across)
    assert {e.milestone_id: e.status for e in read.entries}["1-1"] == DONE
    assert month.col == status.col + 1


def test_same_as_above_with_nothing_above_is_named(seed_plan, blank, tmp_path):
    path = fill_xml(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, {
        ("1-1", "status"): ON_TRACK, ("1-1", "progress"): "同上", ("", "reporter"): "张三",
        ("", "phone"): "0411-83630000"}))
    read = read_return(path, seed_plan, QUARTER)
    same = [p for p in read.problems if p.kind == "same_as_above"]
    assert len(same) == 1 and same[0].is_error and same[0].milestone_id == "1-1" and same[0].value == "同上"


# -- 3. who sent it ----------------------------------------------------------------------------------
def test_another_agencys_workbook_under_this_agencys_name_is_read_for_its_identity(seed_plan, blank, tmp_path):
    """市教育局 sends back 市体育局's workbook, filled, as 市教育局回执.xlsx."""
    inbox = tmp_path / "回执"
    inbox.mkdir()
    values = _values(seed_plan, "市体育局")
    fill_xml(blank["市体育局"], inbox / "市教育局回执.xlsx", cells_for(seed_plan, "市体育局", values))
    result = collect([inbox], seed_plan, QUARTER)
    assert "市教育局" in result.record.missing_agencies and "市体育局" not in result.record.missing_agencies
    notice = [p for p in result.record.problems if p.kind == "return_misfiled"]
    assert len(notice) == 1 and not notice[0].is_error
    assert "市教育局" in notice[0].message and "市体育局" in notice[0].message
    assert {e.milestone_id for e in result.record.agency_entries("市体育局") if e.status}


@pytest.mark.parametrize("order", ["misfiled_later", "misfiled_earlier"])
def test_a_misfiled_copy_never_supersedes_the_agencys_own_return(seed_plan, blank, tmp_path, order):
    inbox = tmp_path / "回执"
    inbox.mkdir()
    own_values, other_values = _values(seed_plan, "市体育局", 1), _values(seed_plan, "市体育局", 2)
    own = fill_xml(blank["市体育局"], inbox / "2023Q2_市体育局.xlsx", cells_for(seed_plan, "市体育局", own_values))
    copy = fill_xml(blank["市体育局"], inbox / "市教育局.xlsx", cells_for(seed_plan, "市体育局", other_values))
    from kit.collect import set_core_times

    early, late = "2023-07-01T10:00:00Z", "2023-07-05T10:00:00Z"
    set_core_times(own, late if order == "misfiled_earlier" else early)
    set_core_times(copy, early if order == "misfiled_earlier" else late)
    result = collect([inbox], seed_plan, QUARTER)
    current = [r for r in result.accepted if r.agency == "市体育局"]
    assert [r.file for r in current] == ["2023Q2_市体育局.xlsx"]
    got = {(e.milestone_id, "status"): e.status for e in result.record.agency_entries("市体育局")}
    assert got == {k: v for k, v in _expected(seed_plan, "市体育局", own_values).items() if k[1] == "status"}
    unused = [p for p in result.record.problems if p.kind == "return_misfiled" and p.file == "市教育局.xlsx"]
    assert unused and any("未采用" in p.message for p in unused)
    assert "市教育局" in result.record.missing_agencies


# -- 4. every limit checked says so ------------------------------------------------------------------
def test_each_limit_gives_one_message_per_cell_naming_what_was_kept(seed_plan, blank, tmp_path):
    progress = _input_cell(seed_plan, AGENCY, "1-1", "progress")
    issues = _input_cell(seed_plan, AGENCY, "1-2", "issues")
    path = fill_xml(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, {
        ("1-1", "status"): ON_TRACK, ("1-1", "progress"): "开头\x07" + "长" * 40000,
        ("1-2", "status"): ON_TRACK, ("1-2", "issues"): "问题" * 20000, ("", "reporter"): "张三",
        ("", "phone"): "0411-83630000"}),
        formulas={(progress.sheet, _input_cell(seed_plan, AGENCY, "2-1", "progress").name): 'HYPERLINK("x","详情")'})
    read = read_return(path, seed_plan, QUARTER)
    by_cell: dict[str, list] = {}
    for p in read.problems:
        by_cell.setdefault(p.cell, []).append(p)
    assert all(len(ps) == 1 for ps in by_cell.values()), {c: [p.kind for p in ps] for c, ps in by_cell.items()}
    long_progress = by_cell[progress.name][0]
    assert long_progress.kind == "text_too_long" and "控制字符" in long_progress.message
    assert "32767" in long_progress.message and "已读取的内容" in long_progress.message
    assert by_cell[issues.name][0].kind == "text_too_long"
    got = {e.milestone_id: e for e in read.entries}
    assert len(got["1-1"].progress) == 32767 and got["1-1"].progress.startswith("开头长")  # the bell removed, then cut
    assert len(got["1-2"].issues) == 32767
    formula = [p for p in read.problems if p.kind == "formula"]
    assert len(formula) == 1 and "HYPERLINK" in formula[0].value


# -- 5. months as people write them ------------------------------------------------------------------
@pytest.mark.parametrize("written, field, quarter, month, notice", [
    ("5月底", "done_month", "2023Q2", "2023-05", True),
    ("9月", "done_month", "2023Q2", "2022-09", True),
    ("12月", "done_month", "2024Q1", "2023-12", True),
    ("3月", "expected_month", "2024Q1", "2024-03", True),
    ("1月", "expected_month", "2023Q2", "2024-01", True),
    ("2019/9/15", "done_month", "2023Q2", "2019-09", True),
    ("2019年9月15日", "done_month", "2023Q2", "2019-09", True),
    ("2019.9", "done_month", "2023Q2", "2019-09", False),
    ("2023年6月", "done_month", "2023Q2", "2023-06", False),
])
def test_months_are_read_as_people_write_them(seed_plan, tmp_path, written, field, quarter, month, notice):
    blank = export(seed_plan, quarter, tmp_path / "x", agencies=[AGENCY], master=False, jobs=1).agency_files[AGENCY]
    status = DONE if field == "done_month" else BEHIND
    c = _input_cell(seed_plan, AGENCY, "1-1", field)
    path = fill_xml(blank, tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, {
        ("1-1", "status"): status, ("1-1", "progress"): "进展。", ("1-1", field): written,
        ("", "reporter"): "张三", ("", "phone"): "0411-83630000"}))
    read = read_return(path, seed_plan, quarter)
    assert getattr({e.milestone_id: e for e in read.entries}["1-1"], field) == month
    said = [p for p in read.problems if p.cell == c.name]
    assert [p.kind for p in said] == (["month_inferred"] if notice else []), [str(p) for p in read.problems]
    if notice:
        assert not said[0].is_error and f"{int(month[:4])}年{int(month[5:])}月" in said[0].message


@pytest.mark.parametrize("number, month, kind", [(2019.9, "2019-09", "month_inferred"), (2019.1, "", "month_ambiguous"),
                                                 (2019.12, "2019-12", "month_inferred")])
def test_a_month_excel_made_a_number_is_read_or_flagged_not_guessed(seed_plan, blank, tmp_path, number, month, kind):
    c = _input_cell(seed_plan, AGENCY, "1-1", "done_month")
    cells = cells_for(seed_plan, AGENCY, {("1-1", "status"): DONE, ("1-1", "progress"): "进展。",
                                          ("", "reporter"): "张三", ("", "phone"): "0411-83630000"})
    cells[(c.sheet, c.name)] = number
    read = read_return(fill_openpyxl(blank[AGENCY], tmp_path / "r.xlsx", cells), seed_plan, QUARTER)
    assert {e.milestone_id: e for e in read.entries}["1-1"].done_month == month
    assert [p.kind for p in read.problems if p.cell == c.name] == [kind]
    assert not [p for p in read.problems if p.kind == "done_month_missing"]


def test_only_what_cannot_be_a_month_is_refused(seed_plan, blank, tmp_path):
    c = _input_cell(seed_plan, AGENCY, "1-1", "done_month")
    path = fill_xml(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, {
        ("1-1", "status"): DONE, ("1-1", "progress"): "进展。", ("1-1", "done_month"): "上半年",
        ("", "reporter"): "张三", ("", "phone"): "0411-83630000"}))
    read = read_return(path, seed_plan, QUARTER)
    assert [p.kind for p in read.problems if p.cell == c.name] == ["month_invalid"]


# -- 6. 未更新 counts only the agency's own open milestones -------------------------------------------
def test_an_unchanged_prefilled_return_with_a_closed_milestone_is_not_updated(seed_plan, blank, tmp_path):
    """A closed (销号) milestone's locked answer is shown unmarked: it is not news."""
    from planbook.collection import read_return as read

    record = QuarterRecord("2023Q1", seed_plan.fingerprint, "", entries=[
        Entry(AGENCY, "1", "1-1", DONE, "已建成主题库。", done_month="2022-06"),
        Entry(AGENCY, "1", "1-2", ON_TRACK, "正在推进。")])
    closed = {(AGENCY, "1-1")}
    prefill = agency_values(record, AGENCY, closed=closed)
    assert not prefill[("1-1", "progress")].startswith(PREFILL_MARK)
    path = fill_xml(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, {
        **prefill, ("", "reporter"): "张三", ("", "phone"): "0411-83630000"}))
    unchanged = read(path, seed_plan, QUARTER, closed=closed)
    assert [p.kind for p in unchanged.problems] == ["return_not_updated"]
    path = fill_xml(blank[AGENCY], tmp_path / "u.xlsx", cells_for(seed_plan, AGENCY, {
        **prefill, ("1-2", "progress"): "本季度完成了接口联调。", ("", "reporter"): "张三", ("", "phone"): "0411-83630000"}))
    assert read(path, seed_plan, QUARTER, closed=closed).problems == []


def test_the_targets_sheet_is_read_by_header_too(seed_plan, blank, tmp_path):
    from planbook.xlsx.layout import TARGETS_SHEET, actual_key

    values = {("1-3", actual_key(1)): "85%", ("1-3", actual_key(3)): "211项", ("1-3", "status"): ON_TRACK,
              ("", "reporter"): "张三", ("", "phone"): "0411-83630000"}

    def edit(wb):
        wb[TARGETS_SHEET].insert_cols(2)
        wb[TARGETS_SHEET].insert_rows(1)

    path = fill_openpyxl(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, values), edit=edit)
    read = read_return(path, seed_plan, QUARTER)
    got = {e.milestone_id: e.actuals for e in read.entries if e.actuals}
    assert got == {"1-3": {"1": 85.0, "3": 211.0}}
    assert not [p for p in read.problems if p.is_error], [str(p) for p in read.problems]


def test_a_workbook_in_another_agencys_folder_is_that_agencys_misfiled_copy(seed_plan, blank, tmp_path):
    folder = tmp_path / "回执" / "市教育局"
    folder.mkdir(parents=True)
    fill_xml(blank["市体育局"], folder / blank["市体育局"].name, cells_for(seed_plan, "市体育局", _values(seed_plan, "市体育局")))
    result = collect([tmp_path / "回执"], seed_plan, QUARTER, archive=tmp_path / "returns")
    notice = [p for p in result.record.problems if p.kind == "return_misfiled"]
    assert len(notice) == 1 and "市教育局" in notice[0].message and notice[0].agency == "市体育局"
    assert "市教育局" in result.record.missing_agencies


def test_answers_in_a_copy_of_a_sheet_are_named(seed_plan, blank, tmp_path):
    """The agency filled a copy of the section sheet instead of the sheet itself."""
    sheet = workbook_layout(seed_plan, AGENCY).sheets[0]
    status = _input_cell(seed_plan, AGENCY, "1-1", "status")

    def edit(wb):
        copy = wb.copy_worksheet(wb[sheet.name])
        copy.title = "一、政务环境（填好的）"
        copy[status.name].value = DONE
        copy[_input_cell(seed_plan, AGENCY, "1-1", "progress").name].value = "已建成。"

    path = fill_openpyxl(blank[AGENCY], tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, {
        ("", "reporter"): "张三", ("", "phone"): "0411-83630000"}), edit=edit)
    read = read_return(path, seed_plan, QUARTER)
    named = [p for p in read.problems if p.kind == "sheet_added" and p.milestone_id]
    assert [(p.milestone_id, p.sheet, p.cell, p.is_error) for p in named] == [
        ("1-1", "一、政务环境（填好的）", status.name, True)]
    assert "已建成。" in named[0].value
    assert "nothing_reported" not in {p.kind for p in read.problems} and not contradictions(read)
