"""What people see on paper: every workbook planbook writes prints on A4 or A3 with body text
of at least 9 pt (rendered by LibreOffice, measured with pdfplumber); the 问题清单 is a
document an agency acts on; the 汇总表 opens on its summary; times are local."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kit.collect import QUARTER, cells_for, fill_xml
from planbook.collection import collect, write_collect_outputs
from planbook.collection.outputs import local_time, working_days_after
from planbook.tools.demo import run_demo
from planbook.store.folder import QuarterFolder
from planbook.core.statuses import ON_TRACK
from planbook.xlsx.layout import GROUP_FIELDS, workbook_layout
from planbook.core.quarter import Quarter
from planbook.store.record import QuarterRecord
from planbook.report.figures import report_data
from planbook.tools.synth import SCALES, synthetic_plan
from planbook.issue.workbooks import export
from planbook.xlsx.workbook import A3, A4, _column_pt, _page_pt, print_plan, write_workbook

A4_PT, A3_PT = (595, 842), (842, 1191)


@pytest.fixture(scope="module")
def demo(seed_plan, tmp_path_factory):
    """The demo's quarter: an agency workbook, the 汇总表, 问题清单 (with a corrected return)."""
    from planbook.plans import seed_plan

    # its last quarter: 2023Q2; the seed given (no plan revision on the way)
    return run_demo(tmp_path_factory.mktemp("demo"), "2023Q2", jobs=1, plan=seed_plan())


@pytest.fixture(scope="module")
def x20_workbook(tmp_path_factory) -> Path:
    """The workbook of the x20 plan's busiest agency."""
    plan = synthetic_plan(*SCALES["x20"])
    agency = max(plan.agency_names, key=lambda a: len(plan.tasks_of(a)))
    return write_workbook(tmp_path_factory.mktemp("x20") / "x20.xlsx", workbook_layout(plan, agency), QUARTER)


def demo_folder(demo) -> QuarterFolder:
    return QuarterFolder(Path(demo.outputs["汇总表"]).parent, Quarter.parse("2023Q2"))


# -- the Done-when test ----------------------------------------------------------------------------
@pytest.mark.libreoffice
@pytest.mark.parametrize("scale", ["seed", pytest.param("x20", marks=pytest.mark.slow)])
def test_printed_pages_are_a4_or_a3_with_body_text_of_9_pt_or_more(demo, request, tmp_path, scale):
    """The seed's agency workbook, 汇总表 and 问题清单 in the fast lane; the x20 plan's busiest
    agency's workbook (hundreds of tasks) in the slow lane."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from libreoffice import convert

    folder = demo_folder(demo)
    lists = sorted(folder.problem_lists.glob("*.xlsx"))
    files = ({"agency.xlsx": folder.workbook("市营商局"), "summary.xlsx": folder.consolidated, "list.xlsx": lists[0]}
             if scale == "seed" else {"x20.xlsx": request.getfixturevalue("x20_workbook")})
    src = tmp_path / "src"
    src.mkdir()
    for name, path in files.items():
        (src / name).write_bytes(Path(path).read_bytes())
    pdfs = convert(sorted(src.iterdir()), "pdf", tmp_path / "pdf")
    for pdf_path in pdfs:
        with pdfplumber.open(pdf_path) as pdf:
            smallest, sizes, numbered = 99.0, set(), 0
            for page in pdf.pages:
                size = tuple(sorted((round(page.width), round(page.height))))
                sizes.add(size)
                chars = [c for c in page.chars if c["text"].strip()]
                assert chars, f"{pdf_path.name}: an empty page"
                smallest = min([smallest] + [c["size"] for c in chars])
                text = page.extract_text()
                numbered += f"共 {len(pdf.pages)} 页" in text
                if "节点目标" in text:  # a section sheet: the fixed columns on every page
                    assert "序号" in text and "任务名称" in text and "牵头单位" in text, pdf_path.name
            assert sizes <= {A4_PT, A3_PT}, (pdf_path.name, sizes)
            assert smallest >= 9, (pdf_path.name, smallest)
            assert numbered == len(pdf.pages), pdf_path.name  # 第 N 页 共 M 页 on every page
            if pdf_path.stem == "list":
                assert sizes == {A4_PT} and pdf.pages[0].width < pdf.pages[0].height  # A4 portrait


# -- the print plan ---------------------------------------------------------------------------------
def test_a_section_sheet_prints_one_column_group_a_page_at_full_size(seed_plan):
    sheet = workbook_layout(seed_plan).sheets[0]
    widths = [c.width for _i, c, _s in sheet.columns()]
    groups = [(sheet.slot_col(i, GROUP_FIELDS[0]), sheet.slot_col(i, GROUP_FIELDS[0]) + len(GROUP_FIELDS))
              for i in range(len(sheet.slots))]
    scale, breaks = print_plan(widths, paper=A3, landscape=True, margin=0.3, repeat=len(sheet.fixed), groups=groups)
    assert scale >= 90 and breaks == [start for start, _end in groups[1:]]


def test_fixed_columns_too_wide_for_a_whole_group_split_it_rather_than_shrink_the_text():
    widths = [6, 22, 14, 12, 12] + [30, 9, 10, 10, 30, 16, 16, 14] * 2
    groups = [(5, 13), (13, 21)]
    scale, breaks = print_plan(widths, paper=A3, landscape=True, margin=0.3, repeat=5, groups=groups)
    assert scale >= 90 and 13 in breaks and len(breaks) >= 3
    room = _page_pt(A3, True, 0.3)
    pages = [5, *breaks, 21]
    fixed = sum(_column_pt(w) for w in widths[:5])
    assert all(fixed + sum(_column_pt(w) for w in widths[a:b]) <= room * 100 / scale for a, b in zip(pages, pages[1:]))


def test_every_sheet_of_every_workbook_has_paper_orientation_and_no_fit_to_width(demo, x20_workbook):
    folder = demo_folder(demo)
    paths = [folder.workbook("市营商局"), folder.master, folder.consolidated, x20_workbook,
             *folder.problem_lists.glob("*.xlsx")]
    for path in paths:
        for ws in openpyxl.load_workbook(path).worksheets:
            setup = ws.page_setup
            assert setup.paperSize in (A4, A3) and setup.orientation in ("portrait", "landscape"), (path, ws.title)
            assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
            assert int(setup.scale or 100) >= 90, (path.name, ws.title)
            assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


# -- the 汇总表 -------------------------------------------------------------------------------------
def test_the_summary_opens_first_with_figures_and_a_colour_legend(demo, seed_plan):
    folder = demo_folder(demo)
    wb = openpyxl.load_workbook(folder.consolidated)
    assert wb.sheetnames[0] == "汇总" and wb.active.title == "汇总"
    ws = wb["汇总"]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert cells[0].startswith("汇总：") and "2023年第二季度" in cells[0]
    for light in ("绿灯", "黄灯", "红灯"):
        assert light in cells
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "类别")
    rows = {(r[0], r[1]): dict(zip(header, r)) for r in ws.iter_rows(values_only=True) if r[0]}
    data = report_data(seed_plan, QuarterRecord.load(folder.record))
    total = rows[("合计", "全部")]
    assert (total["到期节点"], total["到期已完成"], total["逾期未完成"]) == (data.total.due, data.total.done,
                                                                      data.total.overdue)
    assert total["完成率"] == pytest.approx(data.total.rate)
    assert 0 <= total["按期完成"] <= total["到期已完成"]
    for a in data.agencies:
        row = rows[("牵头单位", a.name)]
        assert (row["到期节点"], row["到期已完成"], row["逾期未完成"]) == (a.stats.due, a.stats.done, a.stats.overdue)
    section = wb[wb.sheetnames[2]]
    assert "（汇总，2023年第二季度）" in section["A1"].value


def test_times_are_local_and_a_superseded_return_says_which_replaced_it(demo):
    folder = demo_folder(demo)
    ws = openpyxl.load_workbook(folder.consolidated)["回执清单"]
    rows = [dict(zip(next(ws.iter_rows(values_only=True)), r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    record = QuarterRecord.load(folder.record)
    by_file = {r.file: r for r in record.returns}
    for row in rows:
        assert row["写入时间"] == local_time(by_file[row["文件"]].written_at)
        assert "T" not in row["写入时间"] and "Z" not in row["写入时间"]
    old = next(r for r in rows if "替代" in r["处理"])
    newer = next(r.file for r in record.returns if r.sha256 == by_file[old["文件"]].superseded_by)
    assert old["处理"] == f"（已被 {newer} 替代）"
    assert local_time("2023-06-30T17:00:00Z") == "2023-07-01 01:00"
    assert local_time("2023-06-30T17:00:00Z", "UTC") == "2023-06-30 17:00"


# -- the 问题清单 -----------------------------------------------------------------------------------
def test_a_problem_list_says_who_what_by_when_and_whom_to_call(demo):
    from planbook.app import Workspace

    folder = demo_folder(demo)
    office = Workspace(demo.folder).office()  # the demo workspace's own office signs its lists
    record = QuarterRecord.load(folder.record)
    agency = next(p.agency for p in record.problems if p.agency and p.is_error)
    ws = openpyxl.load_workbook(folder.problem_list(agency)).active
    text = "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
    assert ws["A1"].value == f"{agency}2023年第二季度填报问题清单"
    collected = date.fromisoformat(local_time(record.generated_at)[:10])
    by = working_days_after(collected, office.correction_days)
    assert f"请于 {by.year}年{by.month}月{by.day}日前" in text
    assert office.contact in text and office.phone in text and office.name in text
    mine = [p for p in record.problems if p.agency == agency]
    for p in mine:
        assert f"单元格 {p.cell}" in text and p.message in text
    assert ws.page_setup.paperSize == A4 and ws.page_setup.orientation == "portrait"


def test_working_days_skip_weekends():
    assert working_days_after(date(2023, 7, 7), 1) == date(2023, 7, 10)  # Friday -> Monday
    assert working_days_after(date(2023, 7, 3), 5) == date(2023, 7, 10)


def test_an_agency_that_fixed_everything_keeps_no_list_and_is_told(seed_plan, tmp_path):
    agency = "市财政局"
    blank = export(seed_plan, QUARTER, tmp_path / "export", master=False, jobs=1).agency_files
    cell = next(c for c in workbook_layout(seed_plan, agency).input_cells() if c.field.key == "status")
    (tmp_path / "in").mkdir()
    fill_xml(blank[agency], tmp_path / "in" / "in.xlsx", {(cell.sheet, cell.name): "差不多"})
    first = write_collect_outputs(collect([tmp_path / "in"], seed_plan, QUARTER), tmp_path / "out")
    path = first.problem_lists[agency]
    assert path.is_file() and not first.removed

    fill_xml(blank[agency], tmp_path / "in" / "in.xlsx", {(cell.sheet, cell.name): ON_TRACK,
                                                           **cells_for(seed_plan, agency, {("", "reporter"): "张三"})})
    second = write_collect_outputs(collect([tmp_path / "in"], seed_plan, QUARTER), tmp_path / "out")
    assert not path.exists() and second.removed == [path.name] and agency not in second.problem_lists
    assert not list(second.place.state.glob("staging-*"))  # removed in the commit, nothing left behind
