"""The ledger across quarters: answers stand until changed, completion is declared with its
month, regressions are caught, extensions move the deadline, done work is closed (销号),
and every figure by agency follows one rule."""

from __future__ import annotations


import openpyxl
import pytest

from kit.collect import cells_for, fill_xml, set_core_times
from planbook.collection.workflow import collect_quarter
from planbook.store.folder import QuarterFolder
from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK
from planbook.xlsx.layout import workbook_layout
from planbook.ledger.lines import Ledger, ledger_workbook
from planbook.report.figures import report_data
from planbook.issue.workbooks import export

AGENCY = "市营商局"
OTHER = "市法院"


def _return(plan, place: QuarterFolder, agency: str, values: dict, tmp_path, name: str = ""):
    place.inbox.mkdir(parents=True, exist_ok=True)
    blank = place.workbook(agency)
    filled = {("", "reporter"): "张三", **values}
    return fill_xml(blank, place.inbox / (name or blank.name), cells_for(plan, agency, filled))


def _quarter(plan, root, quarter, answers: dict[str, dict], tmp_path, previous=None, closed=()):
    place = QuarterFolder.of(quarter, root / quarter)
    export(plan, quarter, place.path, agencies=[AGENCY, OTHER], master=False, jobs=1, previous_record=previous,
           closed=closed)
    for agency, values in answers.items():
        _return(plan, place, agency, values, tmp_path)
    done = collect_quarter(plan, place)
    return place, done.result.record


@pytest.fixture()
def two_quarters(seed_plan, tmp_path):
    """2023Q3: both agencies report, 1-1 done in August. 2023Q4: 市营商局 sends nothing."""
    root = tmp_path / "output"
    q3, r3 = _quarter(seed_plan, root, "2023Q3", {
        AGENCY: {("1-1", "status"): DONE, ("1-1", "done_month"): "2023年8月", ("1-1", "progress"): "已建成主题库。",
                 ("1-2", "status"): ON_TRACK, ("1-2", "progress"): "推进中。"},
        OTHER: {("39-1", "status"): ON_TRACK, ("39-1", "progress"): "推进中。"}}, tmp_path)
    q4, r4 = _quarter(seed_plan, root, "2023Q4", {
        OTHER: {("39-1", "status"): DONE, ("39-1", "done_month"): "2023年11月", ("39-1", "progress"): "已完成。"}},
        tmp_path, previous=r3)
    return root, (q3, r3), (q4, r4)


def test_silence_keeps_the_last_answer_and_never_turns_done_work_overdue(seed_plan, two_quarters):
    root, (_, r3), (_, r4) = two_quarters
    assert AGENCY in r4.missing_agencies
    state = r4.status_of("1-1")
    assert state.status == DONE and not state.overdue and state.light == "green"
    carried = next(e for e in r4.entries if e.agency == AGENCY and e.milestone_id == "1-1")
    assert carried.reported_in == "2023Q3" and "（2023Q3报送）" in state.progress
    data = report_data(seed_plan, r4, r3)
    assert "1-1" not in {r.milestone.id for r in data.rows if r.overdue}
    assert r4.agency_status(AGENCY, "1-1") == DONE


def test_completed_this_quarter_means_a_completion_month_inside_it(seed_plan, two_quarters):
    root, (_, r3), (_, r4) = two_quarters
    data = report_data(seed_plan, r4, r3)
    this_quarter = {r.milestone.id for r in data.rows if r.done_this_quarter}
    assert "39-1" in this_quarter and "1-1" not in this_quarter  # 1-1 was done in August: counted once, in Q3
    assert "1-1" in {r.milestone.id for r in report_data(seed_plan, r3).rows if r.done_this_quarter}


def test_a_regression_from_done_needs_an_explanation(seed_plan, two_quarters, tmp_path):
    root, (_, r3), (q4, _) = two_quarters
    _return(seed_plan, q4, AGENCY, {("1-1", "status"): NOT_STARTED}, tmp_path, name="退回.xlsx")
    record = collect_quarter(seed_plan, q4).result.record
    found = [p for p in record.problems if p.kind == "status_regressed"]
    assert len(found) == 1 and found[0].is_error and found[0].milestone_id == "1-1" and "2023Q3" in found[0].message
    corrected = _return(seed_plan, q4, AGENCY, {("1-1", "status"): BEHIND, ("1-1", "expected_month"): "2024年3月",
                                                ("1-1", "progress"): "验收发现数据缺失，需补录。"}, tmp_path,
                        name="退回.xlsx")
    set_core_times(corrected, "2099-01-05T09:00:00Z")  # written later: it supersedes the first
    record = collect_quarter(seed_plan, q4).result.record
    found = [p for p in record.problems if p.kind == "status_regressed"]
    assert len(found) == 1 and not found[0].is_error


def test_figures_by_agency_follow_one_rule_in_the_summary_and_the_report(seed_plan, two_quarters):
    root, (_, r3), (q4, r4) = two_quarters
    shared = next(t for t in seed_plan.tasks if len(t.leads) > 1 and OTHER not in t.leads)
    silent = next(a for a in shared.leads if a not in (AGENCY, OTHER))
    data = report_data(seed_plan, r4, r3)
    row = next(a for a in data.agencies if a.name == silent)
    ws = openpyxl.load_workbook(q4.consolidated, read_only=True)["汇总"]
    rows = {(r[0], r[1]): r for r in ws.iter_rows(values_only=True)}
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "类别")
    summary = dict(zip(header, rows[("牵头单位", silent)]))
    assert summary["未报送"] == row.stats.milestones  # all its milestones: it sent nothing
    assert summary[NOT_STARTED] == summary[DONE] == 0


def test_an_extension_moves_the_deadline_overdue_is_judged_by(seed_plan, two_quarters):
    root, _, (q4, _) = two_quarters
    ledger = Ledger.load(root)
    assert "1-2" in {m for (m, a) in ledger.lines}
    before = collect_quarter(seed_plan, q4).result.record.status_of("1-2")
    ledger.extend(seed_plan, "1-2", AGENCY, "2024年6月", reason="系统对接延后", ref="大营商督〔2023〕5号")
    ledger.save(root)
    after = collect_quarter(seed_plan, q4).result.record.status_of("1-2")
    assert before.overdue and not after.overdue and after.extended_to == "2024-06"
    with pytest.raises(Exception, match="不晚于原完成时限"):
        ledger.extend(seed_plan, "1-2", AGENCY, "2021年6月", reason="x")


def test_done_work_is_closed_shown_locked_and_can_be_reopened(seed_plan, two_quarters, tmp_path):
    root, _, (q4, r4) = two_quarters
    ledger = Ledger.load(root)
    closed = ledger.closed(q4.quarter)
    assert (AGENCY, "1-1") in closed and (AGENCY, "1-2") not in closed
    q1 = QuarterFolder.of("2024Q1", root / "2024Q1")
    export(seed_plan, "2024Q1", q1.path, agencies=[AGENCY], master=False, jobs=1, previous_record=r4, closed=closed)
    wb = openpyxl.load_workbook(q1.workbook(AGENCY))
    cells = {(c.milestone.id, c.field.key): c for c in workbook_layout(seed_plan, AGENCY).input_cells()}
    done = cells[("1-1", "status")]
    assert wb[done.sheet][done.name].value == DONE and wb[done.sheet][done.name].protection.locked
    assert not wb[done.sheet][cells[("1-2", "status")].name].protection.locked
    ledger.reopen(seed_plan, "1-1", AGENCY, "2024Q1", reason="复核发现未完成")
    assert (AGENCY, "1-1") not in ledger.closed(q1.quarter)


@pytest.mark.libreoffice
@pytest.mark.slow  # the fast lane prints a workbook in test_print.py; the 台账's own print here
def test_the_ledger_workbook_renders(seed_plan, two_quarters, tmp_path):
    from libreoffice import convert

    root, _, _ = two_quarters
    path = ledger_workbook(Ledger.load(root), seed_plan, tmp_path / "台账.xlsx")
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames[:2] == ["台账", "延期登记"] and AGENCY in wb.sheetnames
    header = next(wb["台账"].iter_rows(values_only=True))
    assert "2023Q3状态" in header and "2023Q4状态" in header and "销号" in header
    pdf = convert([path], "pdf", tmp_path)[0]
    assert pdf.stat().st_size > 1000


def test_the_latest_actual_of_each_target_stands_with_its_quarter(seed_plan, tmp_path):
    root = tmp_path / "output"
    one = {("1-3", "status"): ON_TRACK, ("1-3", "progress"): "推进中。"}
    _, r3 = _quarter(seed_plan, root, "2023Q3", {AGENCY: {**one, ("1-3", "actual3"): "150种"}}, tmp_path)
    assert next(e for e in r3.entries if e.milestone_id == "1-3").actual(3) == (150.0, "")
    # 2023Q4: a new 网上实办率, the 一件事 cell left blank: the 150 of 2023Q3 stands
    _, r4 = _quarter(seed_plan, root, "2023Q4", {AGENCY: {**one, ("1-3", "actual1"): "88%"}}, tmp_path, previous=r3)
    e4 = next(e for e in r4.entries if e.milestone_id == "1-3")
    assert e4.actual(1) == (88.0, "") and e4.actual(3) == (150.0, "2023Q3")
    assert r4.actual_of("1-3", 3, (AGENCY,)) == (150.0, "2023Q3", AGENCY)
    line = Ledger.load(root).lines[("1-3", AGENCY)]
    assert line.actual_history(3) == {"2023Q3": 150.0} and line.actual_history(1) == {"2023Q4": 88.0}
    # 2024Q1: the agency sends nothing: both stand; then 211 replaces 150
    _, r1 = _quarter(seed_plan, root, "2024Q1", {}, tmp_path, previous=r4)
    assert r1.actual_of("1-3", 3, (AGENCY,))[:2] == (150.0, "2023Q3")
    assert r1.actual_of("1-3", 1, (AGENCY,))[:2] == (88.0, "2023Q4")
    _, r2 = _quarter(seed_plan, root, "2024Q2", {AGENCY: {**one, ("1-3", "actual3"): "211"}}, tmp_path, previous=r1)
    assert r2.actual_of("1-3", 3, (AGENCY,))[:2] == (211.0, "2024Q2")
    # the 台账 shows each quarter's figure, the latest with its quarter, and how it stands
    path = ledger_workbook(Ledger.load(root), seed_plan, tmp_path / "台账.xlsx")
    ws = openpyxl.load_workbook(path, read_only=True)["量化目标"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    header = list(rows[0])
    row = next(r for r in rows if r[0] == "1-3" and "一件事" in r[2])
    got = dict(zip(header, row))
    assert got["2023Q3完成值"] == "150种" and got["2023Q4完成值"] == "—" and got["2024Q2完成值"] == "211种"
    assert got["最新完成值"] == "211种" and got["报送季度"] == "2024Q2" and got["达标情况"] == "达标"  # due 2023年12月
