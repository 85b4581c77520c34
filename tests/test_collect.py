"""planbook collect: returns read back exactly, consolidated, archived and written once."""

from __future__ import annotations

import csv
import json
import os
import random
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planbook.cli import main
from planbook.collection import collect, read_return, write_collect_outputs
from planbook.collection.outputs import NOTICE_HEADER
from planbook.store.folder import QuarterFolder, workbook_filename
from planbook.issue.workbooks import export
from planbook.xlsx.workbook import LIGHT_FILLS
INPUT_KEYS = ("status", "done_month", "expected_month", "progress", "issues", "next_steps", "evidence")
from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK, STATUSES, parse_month
from planbook.xlsx.layout import INPUT_FIELDS, MONTH_FIELDS, workbook_layout
from planbook.core.quarter import RED, Quarter
from planbook.store.record import QuarterRecord

from libreoffice import convert
from kit.collect import (
    QUARTER,
    cells_for,
    fill_openpyxl,
    fill_xml,
    random_values,
    set_core_times,
)


@pytest.fixture(scope="module")
def blank(plan, tmp_path_factory) -> dict[str, Path]:
    """Every agency's workbook for the quarter, as export writes it."""
    folder = tmp_path_factory.mktemp("export")
    return export(plan, QUARTER, folder, master=False, jobs=1).agency_files


@pytest.fixture(scope="module")
def filled(plan, blank, tmp_path_factory):
    """Every agency's workbook filled with random valid values (seeded), and those values."""
    folder = tmp_path_factory.mktemp("returns")
    rng = random.Random(20230630)
    values = {}
    for agency, path in blank.items():
        values[agency] = random_values(plan, agency, rng)
        fill_xml(path, folder / path.name, cells_for(plan, agency, values[agency]))
    return folder, values


def got_values(record: QuarterRecord, agency: str) -> dict[tuple[str, str], str]:
    out = {}
    for e in record.agency_entries(agency):
        for field in INPUT_FIELDS:
            out[(e.milestone_id, field.key)] = getattr(e, field.key)
    return out


def expected_values(plan, agency: str, values) -> dict[tuple[str, str], str]:
    """What the reader gives back: the text as typed, months as 2023-06."""
    out = {}
    for c in workbook_layout(plan, agency).input_cells():
        text = values.get((c.milestone.id, c.field.key), "")
        out[(c.milestone.id, c.field.key)] = parse_month(text) if c.field in MONTH_FIELDS else text
    return out


# -- reading back -------------------------------------------------------------------------------
def test_every_value_of_every_agency_comes_back(plan, filled):
    folder, values = filled
    result = collect([folder], plan, QUARTER)
    assert result.ok, [str(p) for p in result.record.problems[:5]]
    assert result.record.missing_agencies == []
    assert len(result.accepted) == len(plan.agencies)
    for agency in plan.agency_names:
        assert got_values(result.record, agency) == expected_values(plan, agency, values[agency]), agency


def test_entries_say_where_each_answer_came_from(plan, filled):
    folder, _ = filled
    result = collect([folder], plan, QUARTER)
    entry = result.record.agency_entries("市营商局")[0]
    assert entry.file == workbook_filename(QUARTER, "市营商局")
    assert entry.sha256 == next(r.sha256 for r in result.record.returns if r.agency == "市营商局")
    assert entry.sheet == "一、政务环境" and re.fullmatch(r"[A-Z]+\d+", entry.cell)
    frame = result.entries
    assert {"agency", "milestone_id", "status", "file", "sha256"} <= set(frame.columns)
    assert len(frame) == len(result.record.entries)


def test_values_filled_through_openpyxl_come_back(plan, blank, tmp_path):
    rng = random.Random(7)
    for agency in ("市营商局", "市法院", "市工业和信息化局"):
        values = random_values(plan, agency, rng)
        fill_openpyxl(blank[agency], tmp_path / blank[agency].name, cells_for(plan, agency, values))
        read = read_return(tmp_path / blank[agency].name, plan, QUARTER)
        assert read.accepted and not read.problems, [str(p) for p in read.problems]
        assert {(e.milestone_id, k): getattr(e, k) for e in read.entries for k in INPUT_KEYS} \
            == expected_values(plan, agency, values)


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\n\t"),
    max_size=60,
).map(str.strip)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_valid_text_comes_back_exactly(plan, blank, tmp_path, data):
    agency = "市司法局"
    values = {}
    for cell in workbook_layout(plan, agency).input_cells():
        key = (cell.milestone.id, cell.field.key)
        if cell.field.key == "status":
            values[key] = data.draw(st.sampled_from(STATUSES + ("",)))
        elif cell.field in MONTH_FIELDS:
            values[key] = data.draw(st.sampled_from(("", "2023年6月", "2022-12", "2023.1", "2023/3", "2023年5月底")))
        else:
            values[key] = data.draw(_text)
    for (mid, key), text in list(values.items()):
        if key == "status" and text == DONE and not values[(mid, "progress")]:
            values[(mid, "progress")] = "完成"
        if key == "status" and text == DONE and not values[(mid, "done_month")]:
            values[(mid, "done_month")] = "2023年6月"
        if key == "status" and text == BEHIND and not values[(mid, "expected_month")]:
            values[(mid, "expected_month")] = "2023年12月"
        if key == "status" and text != DONE:
            values[(mid, "done_month")] = ""  # a completion month counts only with 已完成
        if key == "progress" and text.startswith("【上季度】"):
            values[(mid, key)] = "x" + text
    path = fill_xml(blank[agency], tmp_path / "h.xlsx", cells_for(plan, agency, values))
    read = read_return(path, plan, QUARTER)
    assert read.accepted
    assert not [p for p in read.problems if p.kind not in ("nothing_reported", "contact_missing")]
    got = {(e.milestone_id, k): getattr(e, k) for e in read.entries for k in INPUT_KEYS}
    assert got == expected_values(plan, agency, values)


@pytest.mark.libreoffice
def test_values_come_back_after_libreoffice_saves_the_return(plan, blank, tmp_path):
    rng = random.Random(11)
    agencies = ["市营商局", "市住房城乡建设局", "市法院", "大连银保监局", "市工业和信息化局"]
    values, filled_files = {}, []
    (tmp_path / "filled").mkdir()
    for agency in agencies:
        values[agency] = random_values(plan, agency, rng)
        filled_files.append(fill_openpyxl(blank[agency], tmp_path / "filled" / blank[agency].name,
                                          cells_for(plan, agency, values[agency])))
    saved = convert(filled_files, "xlsx", tmp_path / "saved")
    result = collect(saved, plan, QUARTER)
    assert result.ok, [str(p) for p in result.record.problems[:5]]
    for agency in agencies:
        assert got_values(result.record, agency) == expected_values(plan, agency, values[agency]), agency


def test_forgiven_status_spellings(plan, blank, tmp_path):
    agency = "市法院"
    cell = next(c for c in workbook_layout(plan, agency).input_cells() if c.field.key == "status")
    path = fill_xml(blank[agency], tmp_path / "a.xlsx", {(cell.sheet, cell.name): "\u3000正常推进 "})
    read = read_return(path, plan, QUARTER)
    entry = next(e for e in read.entries if e.milestone_id == cell.milestone.id)
    assert entry.status == ON_TRACK
    (p,) = [p for p in read.problems if p.kind == "status_normalized"]
    assert (p.sheet, p.cell, p.severity) == (cell.sheet, cell.name, "warning")

    path = fill_xml(blank[agency], tmp_path / "b.xlsx", {(cell.sheet, cell.name): "ｍｍ已完成"})
    read = read_return(path, plan, QUARTER)
    (p,) = [p for p in read.problems if p.kind == "status_invalid"]
    assert p.cell == cell.name and p.value == "ｍｍ已完成" and "已完成" in p.allowed and "不在" in p.message


# -- consolidating ------------------------------------------------------------------------------
def test_several_leads_give_each_answer_and_the_least_advanced(plan, blank, tmp_path):
    task = plan.task("2")
    assert task.leads == ("市营商局", "市创新创业创投服务中心")
    m = task.milestones[0]
    answers = {"市营商局": (DONE, "平台已上线"), "市创新创业创投服务中心": (BEHIND, "数据对接滞后")}
    for agency, (status, progress) in answers.items():
        fill_xml(blank[agency], tmp_path / blank[agency].name,
                 cells_for(plan, agency, {(m.id, "status"): status, (m.id, "progress"): progress}))
    record = collect([tmp_path], plan, QUARTER).record
    assert {(e.agency, e.status) for e in record.entries if e.milestone_id == m.id} == {
        ("市营商局", DONE), ("市创新创业创投服务中心", BEHIND)}
    consolidated = record.status_of(m.id)
    assert consolidated.status == BEHIND
    assert consolidated.progress == "【市营商局】平台已上线\n【市创新创业创投服务中心】数据对接滞后"
    assert consolidated.reported_by == task.leads
    assert len(record.missing_agencies) == len(plan.agencies) - 2


def test_lights_follow_the_quarter(plan, tmp_path):
    quarter = Quarter.parse("2023Q3")  # the next quarter holds the 2023年12月 deadlines
    single = [m for m in plan.milestones if len(plan.task(m.task_id).leads) == 1]
    overdue = next(m for m in single if m.deadline <= quarter.end and not m.ongoing)
    upcoming = next(m for m in single if quarter.next.start <= m.deadline <= quarter.next.end
                    and plan.task(m.task_id).leads != plan.task(overdue.task_id).leads)
    done = next(m for m in single if m.task_id not in (overdue.task_id, upcoming.task_id))
    answers: dict[str, dict] = {}
    for m, status in ((overdue, ON_TRACK), (upcoming, NOT_STARTED), (done, DONE)):
        agency = plan.task(m.task_id).leads[0]
        answers.setdefault(agency, {}).update({(m.id, "status"): status, (m.id, "progress"): "说明"})
    blank = export(plan, quarter, tmp_path / "blank", agencies=list(answers), master=False, jobs=1).agency_files
    for agency, values in answers.items():
        fill_xml(blank[agency], tmp_path / blank[agency].name, cells_for(plan, agency, values))
    record = collect([tmp_path], plan, quarter, exclude=[tmp_path / "blank"]).record
    assert record.status_of(overdue.id).light == RED and record.status_of(overdue.id).overdue
    assert record.status_of(upcoming.id).light == "yellow" and record.status_of(upcoming.id).upcoming
    assert record.status_of(done.id).light == "green"
    assert len(record.missing_agencies) == len(plan.agencies) - len(answers)


def test_a_later_return_supersedes_an_earlier_one(plan, blank, tmp_path):
    agency = "市法院"
    m = workbook_layout(plan, agency).sheets[0].tasks[0].milestones[0]
    early = fill_xml(blank[agency], tmp_path / "法院第一次.xlsx",
                     cells_for(plan, agency, {(m.id, "status"): "乱填"}))
    late = fill_xml(blank[agency], tmp_path / "法院更正.xlsx",
                    cells_for(plan, agency, {(m.id, "status"): ON_TRACK}))
    set_core_times(early, "2023-07-05T10:00:00Z")
    set_core_times(late, "2023-07-03T10:00:00+00:00")  # the name and order mislead; the time decides
    result = collect([tmp_path], plan, QUARTER)
    current = {e.milestone_id: e for e in result.record.agency_entries(agency)}
    assert current[m.id].file == "法院第一次.xlsx" and current[m.id].status == ""
    (older,) = result.superseded
    assert older.file == "法院更正.xlsx" and older.superseded_by == current[m.id].sha256
    assert {r.file for r in result.record.returns} == {"法院第一次.xlsx", "法院更正.xlsx"}

    set_core_times(early, "2023-07-01T08:00:00+08:00")
    result = collect([tmp_path], plan, QUARTER)
    assert {e.milestone_id: e for e in result.record.agency_entries(agency)}[m.id].status == ON_TRACK
    assert [r.file for r in result.superseded] == ["法院第一次.xlsx"]
    assert not [p for p in result.record.problems if p.kind == "status_invalid"]  # the old file's problem is moot


def test_file_time_breaks_ties_when_the_workbook_has_none(plan, blank, tmp_path):
    agency = "市检察院"
    m = plan.task(workbook_layout(plan, agency).sheets[0].tasks[0].id).milestones[0]
    a = fill_xml(blank[agency], tmp_path / "a.xlsx", cells_for(plan, agency, {(m.id, "status"): BEHIND}))
    b = fill_xml(blank[agency], tmp_path / "b.xlsx", cells_for(plan, agency, {(m.id, "status"): ON_TRACK}))
    for path, stamp in ((a, 1_700_000_000), (b, 1_600_000_000)):
        set_core_times(path, None, None)
        os.utime(path, (stamp, stamp))
    record = collect([tmp_path], plan, QUARTER).record
    assert record.agency_entries(agency)[0].status == BEHIND


# -- keeping everything -------------------------------------------------------------------------
def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_outputs_are_archived_and_a_rerun_changes_nothing(plan, filled, tmp_path):
    folder, values = filled
    out = tmp_path / "out"
    result = collect([folder], plan, QUARTER, archive=out / "returns")
    written = write_collect_outputs(result, out)
    names = sorted(p.name for p in (out / "returns").iterdir())
    assert len(names) == len(plan.agencies)
    for r in result.record.returns:
        archived = out / r.archived_as
        assert archived.name == f"{r.sha256[:12]}_{r.file}" and archived.is_file()
        assert (folder / r.file).read_bytes() == archived.read_bytes()
    assert written.master.name == QuarterFolder.of(QUARTER).consolidated.name and (out / "record.json").is_file()
    assert {**written}["汇总表"] == written.master and {**written}["回执存档"] == out / "returns"
    before = snapshot(out)

    again = collect([folder], plan, QUARTER, archive=out / "returns")
    assert write_collect_outputs(again, out).unchanged
    assert snapshot(out) == before
    assert again.record.to_dict() == QuarterRecord.load(out).to_dict()


def test_the_archive_keeps_earlier_returns(plan, filled, blank, tmp_path):
    folder, values = filled
    out = tmp_path / "out"
    first = collect([folder], plan, QUARTER, archive=out / "returns")
    write_collect_outputs(first, out)
    saved = QuarterRecord.load(out)

    # a later run sees only a new file from one agency: every other return still counts
    agency = "市营商局"
    newer = tmp_path / "new"
    newer.mkdir()
    m = workbook_layout(plan, agency).sheets[0].tasks[0].milestones[0]
    path = fill_xml(folder / blank[agency].name, newer / "营商局补报.xlsx",
                    cells_for(plan, agency, {(m.id, "status"): NOT_STARTED}))
    set_core_times(path, "2099-01-01T00:00:00Z")
    second = collect([newer], plan, QUARTER, archive=out / "returns")
    write_collect_outputs(second, out)
    record = QuarterRecord.load(out)
    assert record.missing_agencies == []
    assert len(record.returns) == len(saved.returns) + 1
    assert [r.file for r in record.returns if r.superseded_by] == [workbook_filename(QUARTER, agency)]
    assert {e.milestone_id: e.status for e in record.agency_entries(agency)}[m.id] == NOT_STARTED
    for other in ("市法院", "市财政局"):
        assert got_values(record, other) == got_values(saved, other)
    assert len(list((out / "returns").iterdir())) == len(plan.agencies) + 1


def test_master_has_answers_lights_and_no_formula(plan, blank, tmp_path):
    import openpyxl

    agency = "市法院"
    layout = workbook_layout(plan, agency)
    cells = {}
    inputs = list(layout.input_cells())
    for c in inputs:
        if c.field.key == "status":
            cells[(c.sheet, c.name)] = ON_TRACK
        elif c.field.key == "progress":
            cells[(c.sheet, c.name)] = '=HYPERLINK("http://evil.example","点我")'
        else:
            cells[(c.sheet, c.name)] = "+cmd|' /C calc'!A0"
    (tmp_path / "in").mkdir()
    fill_xml(blank[agency], tmp_path / "in" / blank[agency].name, cells)
    result = collect([tmp_path / "in"], plan, QUARTER)
    written = write_collect_outputs(result, tmp_path / "out")
    with zipfile.ZipFile(written.master) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[\s>/]", z.read(name)), name
    wb = openpyxl.load_workbook(written.master)
    master = workbook_layout(plan)
    mid = next(c.milestone.id for c in inputs if len(c.task.leads) == 1)
    c = next(c for c in master.input_cells() if c.milestone.id == mid and c.field.key == "progress")
    assert wb[c.sheet][c.name].value == '=HYPERLINK("http://evil.example","点我")'
    assert wb[c.sheet][c.name].data_type == "s"
    status_cell = next(x for x in master.input_cells() if x.milestone.id == mid and x.field.key == "status")
    assert wb[status_cell.sheet][status_cell.name].value == ON_TRACK
    expected_fill = LIGHT_FILLS[result.record.status_of(mid).light].lstrip("#")
    assert wb[status_cell.sheet][status_cell.name].fill.fgColor.rgb.endswith(expected_fill)
    assert "回执清单" in wb.sheetnames and "未报送单位" in wb.sheetnames

    with open(written.entries, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["file"] == blank[agency].name and rows[0]["sha256"]
    assert all(not r["progress"].startswith("=") and not r["evidence"].startswith("+") for r in rows)
    assert written.entries.read_bytes().startswith(b"\xef\xbb\xbf")


def test_problem_lists_per_agency(plan, blank, tmp_path):
    import openpyxl

    agency = "市财政局"
    cell = next(c for c in workbook_layout(plan, agency).input_cells() if c.field.key == "status")
    fill_xml(blank[agency], tmp_path / "in.xlsx", {(cell.sheet, cell.name): "差不多"})
    (tmp_path / "junk.xlsx").write_bytes(b"hello")
    result = collect([tmp_path], plan, QUARTER)
    written = write_collect_outputs(result, tmp_path / "out")
    path = tmp_path / "out" / "问题清单" / f"{QUARTER}_{agency}_问题清单.xlsx"
    assert written.problem_lists[agency] == path and path.name == QuarterFolder.of(QUARTER).problem_list(agency).name
    ws = openpyxl.load_workbook(path).active
    rows = [[c.value or "" for c in row] for row in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if tuple(r[:len(NOTICE_HEADER)]) == NOTICE_HEADER)
    row = dict(zip(NOTICE_HEADER, rows[head + 1]))
    assert row["类别"] == "错误" and row["填写内容"] == "差不多" and "已完成" in row["问题和修改要求"]
    assert f"工作表 {cell.sheet}" in row["位置"] and f"单元格 {cell.name}" in row["位置"]
    assert f"节点 {cell.milestone.id}" in row["节点、栏目"] and "完成状态" in row["节点、栏目"]
    assert (tmp_path / "out" / "问题清单" / f"{QUARTER}_未识别单位_问题清单.xlsx").is_file()

    # fixed: the agency's old list is removed, not left to mislead, and collect says so
    fill_xml(blank[agency], tmp_path / "in.xlsx", {(cell.sheet, cell.name): ON_TRACK,
                                                     **cells_for(plan, agency, {("", "reporter"): "张三"})})
    (tmp_path / "junk.xlsx").unlink()
    again = write_collect_outputs(collect([tmp_path / "in.xlsx"], plan, QUARTER), tmp_path / "out")
    assert not path.exists() and path.name in again.removed


# -- the command --------------------------------------------------------------------------------
def run(args, cwd: Path):
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_cli_clean_run_writes_outputs_and_exits_0(filled, tmp_path):
    folder, _ = filled
    result = run(["collect", str(folder), "--quarter", QUARTER], tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "output" / QUARTER
    assert (out / "record.json").is_file() and (out / "entries.csv").is_file()
    assert (out / f"{QUARTER}_汇总表.xlsx").is_file()
    assert "读取回执" in result.stderr
    assert len(list((out / "returns").iterdir())) == 50
    again = run(["collect", str(folder), "--quarter", QUARTER], tmp_path)
    assert again.exit_code == 0 and "未改动" in again.stdout


def test_cli_dry_run_writes_nothing_and_exits_1_on_problems(plan, blank, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.xlsx").write_bytes(b"not a workbook")
    shutil.copy(blank["市法院"], tmp_path / "in")
    result = run(["collect", "in", "-q", QUARTER, "--dry-run"], tmp_path)
    assert result.exit_code == 1
    assert "bad.xlsx" in result.stderr and "不是 Excel 工作簿" in result.stderr
    assert "未报送" in result.stdout
    assert not (tmp_path / "output").exists()


def test_cli_usage_errors_exit_2(tmp_path):
    assert run(["collect", "nowhere", "-q", QUARTER], tmp_path).exit_code == 2
    (tmp_path / "empty").mkdir()
    assert run(["collect", "empty", "-q", QUARTER], tmp_path).exit_code == 2
    assert run(["collect", "empty", "-q", "2023Q5"], tmp_path).exit_code == 2
    assert run(["collect", "-q", QUARTER], tmp_path).exit_code == 2


def test_cli_skips_exported_blanks_in_the_quarter_folder(plan, filled, tmp_path):
    folder, _ = filled
    assert run(["export", "-q", QUARTER, "-j", "1"], tmp_path).exit_code == 0
    out = tmp_path / "output" / QUARTER
    result = run(["collect", str(folder), str(out), "-q", QUARTER], tmp_path)
    assert result.exit_code == 0, result.stderr
    assert len(QuarterRecord.load(out).returns) == 50


def test_next_quarter_export_is_prefilled_from_the_record(plan, filled, tmp_path):
    folder, values = filled
    assert run(["collect", str(folder), "-q", QUARTER], tmp_path).exit_code == 0
    result = run(["export", "-q", "2023Q3", "-j", "1"], tmp_path)
    assert result.exit_code == 0, result.output
    assert "预填 50 个单位" in result.stdout
    record = QuarterRecord.load(tmp_path / "output" / QUARTER)
    for agency in ("市营商局", "市法院", "辽宁港口集团"):
        path = QuarterFolder.of("2023Q3", tmp_path / "output" / "2023Q3").workbook(agency)
        read = read_return(path, plan, "2023Q3")
        assert read.accepted and not [p for p in read.problems if p.is_error]
        got = {(e.milestone_id, k): getattr(e, k) for e in read.entries for k in INPUT_KEYS}
        assert got == got_values(record, agency) == expected_values(plan, agency, values[agency])


def test_library_api_is_lazy_and_registered():
    import subprocess
    import sys

    code = ("import sys, planbook; assert 'planbook.collection' not in sys.modules; "
            "assert planbook.collect.__name__ == 'collect'; "
            "assert planbook.collect.__module__.startswith('planbook.collection'); "
            "assert {'collect', 'write_collect_outputs'} <= set(planbook.__all__); "
            # importing the stage modules must not turn the package's functions into modules
            "import planbook.collection, planbook.issue.workbooks, planbook.report; "
            "assert callable(planbook.collect) and callable(planbook.export) and callable(planbook.write_report)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_parallel_reading_gives_the_same_record(plan, filled):
    folder, _ = filled
    serial = collect([folder], plan, QUARTER, jobs=1, generated_at="x").record.to_dict()
    parallel = collect([folder], plan, QUARTER, jobs=2, generated_at="x").record.to_dict()
    assert serial == parallel
    assert json.dumps(serial, ensure_ascii=False)
