"""The return form a ledger needs: 完成时间 (with 已完成), 预计完成时间 (with 进度滞后), 存在问题,
下步措施, and once per workbook 填报人 and 联系电话; last quarter's answers marked until changed."""

from __future__ import annotations

import pytest

from kit.collect import QUARTER, cells_for, fill_xml
from planbook.collection import read_return
from planbook.core.statuses import BEHIND, DONE, ON_TRACK, parse_month
from planbook.xlsx.layout import PREFILL_MARK, workbook_layout
from planbook.issue.workbooks import agency_values, export
from planbook.store.record import Entry, QuarterRecord

AGENCY = "市营商局"


@pytest.fixture(scope="module")
def blank(seed_plan, tmp_path_factory):
    return export(seed_plan, QUARTER, tmp_path_factory.mktemp("blank"), agencies=[AGENCY], master=False,
                  jobs=1).agency_files[AGENCY]


def _read(plan, blank, tmp_path, values):
    path = fill_xml(blank, tmp_path / "r.xlsx", cells_for(plan, AGENCY, {("", "reporter"): "张三",
                                                                          ("", "phone"): "0411-83630000", **values}))
    return read_return(path, plan, QUARTER)


@pytest.mark.parametrize("text, month", [("2023年6月", "2023-06"), ("2023-06", "2023-06"), ("2023.6", "2023-06"),
                                         ("2023/06", "2023-06"), ("2023年6月底", "2023-06"), ("六月", ""),
                                         ("2023年13月", ""), ("尽快", "")])
def test_months_in_the_writings_offices_use(text, month):
    assert parse_month(text) == month


def test_the_ledger_fields_come_back_with_the_answer(seed_plan, blank, tmp_path):
    read = _read(seed_plan, blank, tmp_path, {
        ("1-1", "status"): DONE, ("1-1", "done_month"): "2023年5月", ("1-1", "progress"): "已建成主题库。",
        ("1-2", "status"): BEHIND, ("1-2", "expected_month"): "2023年12月", ("1-2", "progress"): "接口对接中。",
        ("1-2", "issues"): "资金未到位", ("1-2", "next_steps"): "协调财政"})
    assert read.accepted and not [p for p in read.problems if p.is_error], [str(p) for p in read.problems]
    got = {e.milestone_id: e for e in read.entries}
    assert got["1-1"].done_month == "2023-05"
    assert (got["1-2"].expected_month, got["1-2"].issues, got["1-2"].next_steps) == ("2023-12", "资金未到位", "协调财政")
    assert read.contact == {"reporter": "张三", "phone": "0411-83630000"}


def test_each_field_is_checked_with_a_located_problem(seed_plan, blank, tmp_path):
    read = _read(seed_plan, blank, tmp_path, {
        ("1-1", "status"): DONE, ("1-1", "progress"): "已完成。",                      # no 完成时间
        ("1-2", "status"): BEHIND, ("1-2", "progress"): "滞后。",                      # no 预计完成时间
        ("1-3", "status"): DONE, ("1-3", "progress"): "已完成。", ("1-3", "done_month"): "上个月",
        ("4-1", "status"): DONE, ("4-1", "progress"): "已完成。", ("4-1", "done_month"): "2023年9月"})  # after Q2
    kinds = {(p.milestone_id, p.kind): p for p in read.problems}
    assert ("1-1", "done_month_missing") in kinds and ("1-2", "expected_month_missing") in kinds
    assert ("1-3", "month_invalid") in kinds and "上个月" in kinds[("1-3", "month_invalid")].value
    late = kinds[("4-1", "month_invalid")]
    assert "晚于本季度末" in late.message and late.cell and late.field == "完成时间"
    cells = {c.milestone.id: c for c in workbook_layout(seed_plan, AGENCY).input_cells() if c.field.key == "done_month"}
    assert kinds[("1-1", "done_month_missing")].cell == cells["1-1"].name


def test_who_filled_it_in_is_asked_once(seed_plan, blank, tmp_path):
    path = fill_xml(blank, tmp_path / "r.xlsx", cells_for(seed_plan, AGENCY, {("1-1", "status"): ON_TRACK,
                                                                               ("", "phone"): "不知道"}))
    read = read_return(path, seed_plan, QUARTER)
    contact = [p for p in read.problems if p.kind == "contact_missing"]
    assert len(contact) == 2 and all(p.sheet == "填报说明" for p in contact) and not any(p.is_error for p in contact)


def test_last_quarters_answers_are_marked_and_an_unchanged_return_is_noticed(seed_plan, blank, tmp_path):
    record = QuarterRecord("2023Q1", seed_plan.fingerprint, "", entries=[
        Entry(AGENCY, "1", "1-1", DONE, "已建成主题库。", done_month="2022-06"),
        Entry(AGENCY, "1", "1-2", ON_TRACK, "正在推进。")])
    prefill = agency_values(record, AGENCY)
    assert prefill[("1-1", "progress")] == PREFILL_MARK + "已建成主题库。" and prefill[("1-1", "done_month")] == "2022年6月"
    unchanged = _read(seed_plan, blank, tmp_path, prefill)
    assert [p.kind for p in unchanged.problems] == ["return_not_updated"]
    assert {e.milestone_id: e.carried for e in unchanged.entries if e.status} == {"1-1": True, "1-2": True}
    assert {e.milestone_id: e.progress for e in unchanged.entries if e.status}["1-1"] == "已建成主题库。"
    updated = _read(seed_plan, blank, tmp_path, {**prefill, ("1-2", "progress"): "本季度完成了接口联调。"})
    assert not updated.problems
