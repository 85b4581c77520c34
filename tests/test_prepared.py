"""The section sheets' shared parts (planbook.xlsx.prepared): the same workbook as through
XlsxWriter's API alone, whether a part is made for the sheet or taken from an earlier one."""

from __future__ import annotations

import zipfile
from datetime import datetime

import openpyxl
import pytest

from planbook.plans import seed_plan
from planbook.xlsx import prepared
from planbook.xlsx.layout import workbook_layout
from planbook.xlsx.workbook import write_workbook

AT = datetime(2023, 7, 5, 9, 0)


def _sheet(ws):
    cells = [[(c.coordinate, c.value, c.data_type, c.font.name, c.font.sz, c.font.b, c.fill.patternType,
               c.fill.fgColor.rgb, c.border.left.style, c.border.top.style, c.alignment.horizontal,
               c.alignment.vertical, c.alignment.wrap_text, c.protection.locked, c.number_format)
              for c in row] for row in ws.iter_rows()]
    validations = sorted((str(v.sqref), v.type, v.formula1, v.allow_blank, v.showInputMessage, v.showErrorMessage,
                          v.promptTitle, v.prompt, v.errorTitle, v.error) for v in ws.data_validations.dataValidation)
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "validations": validations,
        "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
        "dimensions": ws.dimensions,
        "protection": (ws.protection.sheet, ws.protection.password, ws.protection.formatColumns,
                       ws.protection.selectLockedCells, ws.protection.selectUnlockedCells),
        "panes": ws.freeze_panes,
        "titles": (ws.print_title_rows, ws.print_title_cols),
        "page": (ws.page_setup.paperSize, ws.page_setup.orientation, ws.page_setup.scale, ws.oddHeader.left.text),
        "filter": ws.auto_filter.ref,
    }


def _book(path):
    wb = openpyxl.load_workbook(path)
    return wb.sheetnames, {ws.title: _sheet(ws) for ws in wb.worksheets}


def _write_all(plan, folder, *, prepare, values=None):
    folder.mkdir()
    paths = [write_workbook(folder / "总表.xlsx", workbook_layout(plan), "2023Q2", protect=False, written_at=AT,
                            prepared=prepare)]
    for i, agency in enumerate(plan.agency_names):
        paths.append(write_workbook(folder / f"{i}.xlsx", workbook_layout(plan, agency), "2023Q2", protect=True,
                                    password="pw" if i % 2 else None, written_at=AT, prepared=prepare,
                                    values=(values or {}).get(agency)))
    return paths


@pytest.fixture(scope="module")
def plan():
    return seed_plan()


def test_shared_parts_give_the_cells_styles_and_validations_of_xlsxwriters_api(plan, tmp_path):
    prepared.clear()
    values = {a.name: {(t.milestones[0].id, "status"): "已完成", (t.milestones[0].id, "progress"): "已办结 & <核验>"}
              for a in plan.agencies[:5] for t in [plan.task(a.task_ids[0])]}
    plain = _write_all(plan, tmp_path / "plain", prepare=False, values=values)
    made = _write_all(plan, tmp_path / "made", prepare=True, values=values)  # parts made, then reused
    assert prepared._PARTS and prepared._HEADS
    reused = _write_all(plan, tmp_path / "reused", prepare=True, values=values)  # every part reused
    for a, b, c in zip(plain, made, reused):
        want = _book(a)
        assert _book(b) == want, b.name
        assert _book(c) == want, c.name
    sheets = _book(plain[1])[1]
    assert any(s["validations"] for s in sheets.values()) and any(s["merged"] for s in sheets.values())


def test_a_reused_part_is_the_xml_xlsxwriter_wrote(plan, tmp_path):
    """A workbook written again with every part taken from the first has the same bytes in
    every part of the package."""
    agency = plan.agency_names[0]
    # (the first workbook of a process has its own styles.xml, made or not: XlsxWriter's first run)
    write_workbook(tmp_path / "0.xlsx", workbook_layout(plan, agency), "2023Q2", written_at=AT, prepared=False)
    prepared.clear()
    first = write_workbook(tmp_path / "a.xlsx", workbook_layout(plan, agency), "2023Q2", written_at=AT)
    again = write_workbook(tmp_path / "b.xlsx", workbook_layout(plan, agency), "2023Q2", written_at=AT)
    with zipfile.ZipFile(first) as x, zipfile.ZipFile(again) as y:
        assert x.namelist() == y.namelist()
        for name in x.namelist():
            assert x.read(name) == y.read(name), name


def test_a_header_that_needs_shared_strings_goes_through_xlsxwriter():
    assert prepared.header_rows(("test", "_x0041_"), [(1, [(0, "_x0041_")])], 3) is None
    assert prepared.header_rows(("test", "ok"), [(1, [(0, "序号"), (1, None)])], 3) == (
        '<row r="2"><c r="A2" s="3" t="inlineStr"><is><t>序号</t></is></c><c r="B2" s="3"/></row>')
