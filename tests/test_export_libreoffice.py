"""LibreOffice as the oracle for issue 2: an agency workbook opened and saved by LibreOffice
keeps its dropdowns, its sheet protection with unlocked input cells, and its identity."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from planbook.collection import read_return
from planbook.issue.workbooks import export
from planbook.core.statuses import STATUSES
from planbook.xlsx.layout import IDENTITY_NAME, IDENTITY_PROPERTY, Identity, identity_for, workbook_layout

from kit.collect import QUARTER
from libreoffice import convert

pytestmark = pytest.mark.libreoffice

AGENCY = "市营商局"


@pytest.fixture(scope="module")
def converted(plan, tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("lo")
    original = export(plan, QUARTER, root / "export", agencies=[AGENCY], master=False, jobs=1).agency_files[AGENCY]
    (saved,) = convert([original], "xlsx", root / "saved")
    return original, saved


def _covers(sqref: str, cell: str) -> bool:
    """Whether a space-separated list of ranges (``E4:E10 I4:I10``) contains ``cell``."""
    from openpyxl.utils.cell import range_boundaries

    col, row = re.match(r"([A-Z]+)(\d+)", cell).groups()
    from openpyxl.utils import column_index_from_string

    c, r = column_index_from_string(col), int(row)
    for part in sqref.split():
        min_col, min_row, max_col, max_row = range_boundaries(part)
        if min_col <= c <= max_col and min_row <= r <= max_row:
            return True
    return False


def test_libreoffice_really_rewrote_the_file(converted):
    original, saved = converted
    with zipfile.ZipFile(saved) as z:
        assert b'appName="Calc"' in z.read("xl/workbook.xml") or b"LibreOffice" in z.read("docProps/app.xml")
    assert original.read_bytes() != saved.read_bytes()


def test_status_cells_keep_their_dropdown(plan, converted):
    import openpyxl

    _, saved = converted
    wb = openpyxl.load_workbook(saved)
    layout = workbook_layout(plan, AGENCY)
    for sheet in layout.sheets:
        ws = wb[sheet.name]
        lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert lists, sheet.name
        for cell in sheet.input_cells():
            if cell.field.key != "status":
                continue
            dv = next((d for d in lists if _covers(str(d.sqref), cell.name)), None)
            assert dv is not None, (sheet.name, cell.name)
            assert all(s in dv.formula1 for s in STATUSES)
            assert dv.showErrorMessage


def test_sheets_stay_protected_with_input_cells_unlocked(plan, converted):
    import openpyxl

    _, saved = converted
    wb = openpyxl.load_workbook(saved)
    layout = workbook_layout(plan, AGENCY)
    for sheet in layout.sheets:
        ws = wb[sheet.name]
        assert ws.protection.sheet, sheet.name
        for cell in sheet.input_cells():
            assert ws[cell.name].protection.locked is False, (sheet.name, cell.name)
        assert ws.cell(sheet.task_row(0) + 1, 2).protection.locked is not False  # 任务名称
    with zipfile.ZipFile(saved) as z:
        xml = z.read("xl/worksheets/sheet2.xml")
    assert re.search(rb'<sheetProtection[^>]*sheet="(true|1)"', xml)


def test_identity_survives_in_defined_name_and_custom_property(plan, converted):
    import openpyxl

    _, saved = converted
    expected = identity_for(workbook_layout(plan, AGENCY), QUARTER)
    wb = openpyxl.load_workbook(saved)
    name = wb.defined_names[IDENTITY_NAME]
    assert Identity.decode(name.attr_text.strip('"')) == expected
    prop = next(p for p in wb.custom_doc_props.props if p.name == IDENTITY_PROPERTY)
    assert Identity.decode(prop.value) == expected
    with zipfile.ZipFile(saved) as z:
        assert expected.encode().encode() in z.read("docProps/custom.xml")


def test_the_reader_accepts_the_libreoffice_file(plan, converted):
    _, saved = converted
    read = read_return(saved, plan, QUARTER)
    assert read.accepted and read.agency == AGENCY
    assert [p.kind for p in read.problems] == ["nothing_reported"]
    assert len(read.entries) == sum(len(t.milestones) for t in plan.tasks_of(AGENCY))


def test_an_xls_saved_by_libreoffice_is_refused_as_old_xls(plan, converted, tmp_path):
    original, _ = converted
    (xls,) = convert([original], "xls", tmp_path / "xls")
    read = read_return(xls, plan, QUARTER)
    assert not read.accepted and read.problems[0].kind == "old_xls"
