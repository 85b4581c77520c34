"""The master and agency workbooks, read back with openpyxl as an office would open them."""

from __future__ import annotations

import zipfile

import openpyxl
from openpyxl.utils.cell import range_boundaries
import pytest
from click.testing import CliRunner

from planbook.cli import main
from planbook.issue.workbooks import export
from planbook.xlsx.workbook import write_workbook
from planbook.core.statuses import STATUSES
from planbook.xlsx.layout import FIRST_TASK_ROW, GROUP_FIELDS, INPUT_FIELDS, IDENTITY_NAME, IDENTITY_PROPERTY, INSTRUCTIONS_SHEET, LAYOUT_VERSION, STATUS, SUMMARY_SHEET, TARGETS_SHEET, Identity, cell_name, workbook_layout
from planbook.store.folder import workbook_filename
from planbook.plans import parse_text


def _identity(wb) -> tuple[Identity, Identity]:
    defined = wb.defined_names[IDENTITY_NAME].attr_text
    prop = next(p.value for p in wb.custom_doc_props.props if p.name == IDENTITY_PROPERTY)
    return Identity.decode(defined.strip('="')), Identity.decode(prop)


def test_master_has_a_sheet_per_section_a_row_per_task_and_a_group_per_deadline(exported, seed_plan):
    wb = openpyxl.load_workbook(exported.master)
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, "一、政务环境", "二、法治环境", "三、市场环境", "四、城市氛围", TARGETS_SHEET,
                             SUMMARY_SHEET]
    layout = workbook_layout(seed_plan)
    for sheet in layout.sheets:
        ws = wb[sheet.name]
        ids = [ws.cell(r, 1).value for r in range(FIRST_TASK_ROW + 1, ws.max_row + 1)]
        assert ids == [t.id for t in sheet.section.tasks]
        assert [ws.cell(2, c).value for c in (1, 2, 3)] == ["序号", "任务名称", "牵头单位"]  # merged over rows 2-3
        headers = [ws.cell(FIRST_TASK_ROW, c).value for c in range(1, ws.max_column + 1)]
        assert headers[3:3 + len(GROUP_FIELDS)] == [f.header for f in GROUP_FIELDS]
        groups = [ws.cell(2, c).value for c in range(4, ws.max_column + 1, len(GROUP_FIELDS))]
        assert groups == ["完成时限：2022年6月", "完成时限：2022年12月", "完成时限：2023年6月", "完成时限：2023年12月", "完成时限：2024年12月"]
        assert ws.freeze_panes == "C4"
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$3"


def test_cells_of_deadlines_a_task_does_not_have_are_blank_grey_and_locked(exported, seed_plan):
    wb = openpyxl.load_workbook(exported.master)
    ws = wb["一、政务环境"]
    layout = workbook_layout(seed_plan).sheets[0]
    # task 3 has only a 2022-12 milestone: its 2022-06 group is blank and grey
    row = FIRST_TASK_ROW + 1 + [t.id for t in layout.tasks].index("3")
    for col in range(3, 3 + len(GROUP_FIELDS)):
        cell = ws.cell(row, col + 1)
        assert cell.value is None and cell.protection.locked and cell.fill.fgColor.rgb.endswith("D9D9D9")
    assert ws.cell(row, 4 + len(GROUP_FIELDS)).value.startswith("【3-1】")


def test_summary_counts_sections_and_agencies(exported):
    ws = openpyxl.load_workbook(exported.master)[SUMMARY_SHEET]
    rows = {(r[0], r[1]): r[2:] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows[("合计", "全部")][:2] == (75, 222)
    assert rows[("领域", "一、政务环境")][0] == 27
    assert rows[("牵头单位", "市营商局")][0] == 12


def test_fifty_agency_workbooks_hold_exactly_their_own_tasks(exported, seed_plan):
    assert len(exported.agency_files) == 50
    for agency, path in exported.agency_files.items():
        assert path.name == workbook_filename("2023Q2", agency)
        wb = openpyxl.load_workbook(path, read_only=True)
        ids = []
        for name in wb.sheetnames[1:]:
            if name == TARGETS_SHEET:
                continue
            ids += [r[0] for r in wb[name].iter_rows(min_row=FIRST_TASK_ROW + 1, max_col=1, values_only=True)]
        assert ids == [t.id for t in seed_plan.tasks_of(agency)], agency
        wb.close()


def test_agency_workbook_is_protected_with_only_its_input_cells_unlocked(exported, seed_plan):
    agency = "市创新创业创投服务中心"
    wb = openpyxl.load_workbook(exported.agency_files[agency])
    assert wb.sheetnames[0] == INSTRUCTIONS_SHEET and SUMMARY_SHEET not in wb.sheetnames
    layout = workbook_layout(seed_plan, agency)
    inputs = {(c.sheet, c.name) for c in layout.input_cells()}
    assert len(inputs) == len(INPUT_FIELDS) * sum(len(t.milestones) for t in seed_plan.tasks_of(agency))
    for sheet in layout.sheets:
        ws = wb[sheet.name]
        assert ws.protection.sheet and ws.protection.password is None
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=sheet.width):
            for cell in row:
                unlocked = not cell.protection.locked
                assert unlocked == ((sheet.name, cell.coordinate) in inputs), (sheet.name, cell.coordinate)


def test_status_cells_carry_the_dropdown(exported, seed_plan):
    agency = "市营商局"
    wb = openpyxl.load_workbook(exported.agency_files[agency])
    layout = workbook_layout(seed_plan, agency)
    for sheet in layout.sheets:
        ws = wb[sheet.name]
        lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert lists and all(dv.formula1 == '"' + ",".join(STATUSES) + '"' for dv in lists)
        covered = set()
        for dv in lists:
            for rng in dv.sqref.ranges:
                c1, r1, c2, r2 = range_boundaries(rng.coord)
                covered |= {cell_name(r - 1, c - 1) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        status_cells = {c.name for c in sheet.input_cells() if c.field is STATUS}
        assert status_cells <= covered


def test_identity_is_in_a_defined_name_and_a_custom_property(exported, seed_plan):
    agency = "市营商局"
    wb = openpyxl.load_workbook(exported.agency_files[agency])
    by_name, by_property = _identity(wb)
    assert by_name == by_property
    assert by_name.plan == seed_plan.fingerprint and by_name.agency == agency
    assert by_name.quarter == "2023Q2" and by_name.layout == LAYOUT_VERSION
    assert by_name.content == workbook_layout(seed_plan, agency).content_fingerprint
    master_identity, _ = _identity(openpyxl.load_workbook(exported.master))
    assert master_identity.agency == "" and master_identity.content != by_name.content


def test_password_is_set_when_asked(seed_plan, tmp_path):
    result = export(seed_plan, "2023Q2", tmp_path, agencies=["市法院"], password="s3cret", jobs=1, master=False)
    ws = openpyxl.load_workbook(result.agency_files["市法院"])["二、法治环境"]
    assert ws.protection.sheet and ws.protection.password  # stored as a hash


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    plan = parse_text("一 打造政务环境\n1.=HYPERLINK(\"http://x\",\"点我\")。=1+1(完成时限:2022年6月)(牵头单位:市营商局)").plan
    values = {("1-1", "progress"): "=cmd|' /C calc'!A0", ("1-1", "evidence"): "@SUM(1)", ("1-1", "status"): "+已完成"}
    path = write_workbook(tmp_path / "x.xlsx", workbook_layout(plan, "市营商局"), "2023Q2", values=values)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    ws = openpyxl.load_workbook(path)["一、打造政务环境"]
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "=cmd|' /C calc'!A0" in texts and "@SUM(1)" in texts


def test_a_crash_while_writing_leaves_no_file(seed_plan, tmp_path, monkeypatch):
    import xlsxwriter

    def boom(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", boom)
    with pytest.raises(RuntimeError):
        write_workbook(tmp_path / "a.xlsx", workbook_layout(seed_plan, "市营商局"), "2023Q2")
    assert list(tmp_path.iterdir()) == []


def test_parallel_export_writes_the_same_cells_as_serial(seed_plan, tmp_path):
    serial = export(seed_plan, "2023Q2", tmp_path / "serial", jobs=1, master=False)
    parallel = export(seed_plan, "2023Q2", tmp_path / "parallel", jobs=2, master=False)
    assert list(serial.agency_files) == list(parallel.agency_files)
    for agency in ("市营商局", "市应急局"):
        a = openpyxl.load_workbook(serial.agency_files[agency])
        b = openpyxl.load_workbook(parallel.agency_files[agency])
        for name in a.sheetnames:
            assert [[c.value for c in r] for r in a[name].iter_rows()] == [[c.value for c in r] for r in b[name].iter_rows()]


def test_cli_export_writes_master_and_agency_files(tmp_path):
    result = CliRunner().invoke(main, ["export", "--quarter", "2023Q2", "--out", str(tmp_path), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "50 个单位的填报表" in result.output
    assert len(list((tmp_path / "下发").glob("2023Q2_*.xlsx"))) == 51


def test_cli_export_rejects_a_bad_quarter_and_an_unknown_agency(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--quarter", "2023Q5", "--out", str(tmp_path)]).exit_code == 2
    result = runner.invoke(main, ["export", "--quarter", "2023Q2", "--out", str(tmp_path), "--agency", "市不存在局"])
    assert result.exit_code == 2 and "市不存在局" in result.output
