"""Targets in the report: target against actual for due milestones (达标/未达标/未填报), the
change since last quarter, not-yet-due targets with an actual marked 未到期, in the body's
figures and in the 目标任务完成情况表 attachment."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kit.report import make_record
from planbook.store.record import QuarterRecord
from planbook.report import report_data
from planbook.report.document import attachments, build_document
from planbook.report.settings import load_settings
from planbook.report.target_table import target_context, target_figures, target_table_rows

AGENCY = "市营商局"


def _with_actuals(record: QuarterRecord, actuals: dict[str, dict[str, float]],
                  since: dict[str, dict[str, str]] | None = None) -> QuarterRecord:
    entries = [replace(e, actuals=actuals[e.milestone_id], actuals_from=(since or {}).get(e.milestone_id, {}))
               if e.milestone_id in actuals and e.agency == AGENCY else e for e in record.entries]
    return replace(record, entries=entries)


@pytest.fixture(scope="module")
def records(seed_plan):
    q1 = make_record(seed_plan, "2023Q1", seed=4, missing=0)
    q2 = make_record(seed_plan, "2023Q2", seed=5, previous=q1, missing=0)
    q1 = _with_actuals(q1, {"1-2": {"1": 90.0}, "1-3": {"3": 200.0}})
    # 1-2 (due 2022年12月): 网上实办率 96% against 80%, 材料 减少40% against 50%, 一件事 not reported
    # 1-3 (due 2023年12月): 211 一件事 against 200, not yet due; 4-2: 300 reported in 2023Q1, standing
    q2 = _with_actuals(q2, {"1-2": {"1": 96.0, "2": 40.0}, "1-3": {"3": 211.0}, "4-2": {"2": 300.0}},
                       since={"4-2": {"2": "2023Q1"}})
    return q1, q2


def test_due_targets_are_judged_against_their_actuals(seed_plan, records):
    q1, q2 = records
    data = report_data(seed_plan, q2, q1)
    got = {(f.milestone.id, f.target.metric): f for f in target_figures(data)}
    rate = got[("1-2", "“一网通办”网上实办率")]
    assert rate.due and rate.verdict == "达标" and rate.actual_text == "96%" and rate.change_text == "提高6个百分点"
    assert got[("1-2", "企业群众需要提交的材料")].verdict == "未达标"
    missing = got[("1-2", "多部门联办“一件事”")]
    assert missing.verdict == "未填报" and missing.actual_text == "—" and missing.assessment == "未填报"


def test_not_yet_due_targets_with_an_actual_show_progress(seed_plan, records):
    q1, q2 = records
    data = report_data(seed_plan, q2, q1)
    got = {(f.milestone.id, f.target.metric): f for f in target_figures(data)}
    early = got[("1-3", "多部门联办“一件事”")]
    assert not early.due and early.assessment == "达标（未到期）" and early.change_text == "+11种"
    assert ("1-3", "“一网通办”网上实办率") not in got  # not due and nothing reported: not listed
    standing = got[("4-2", "高频政务服务事项实现全市通办、跨省通办")]
    assert standing.actual_text == "300项（2023Q1报送）" and standing.change_text == "新填报"
    # without last quarter's record there is no change to show
    assert {f.change_text for f in target_figures(report_data(seed_plan, q2))} == {"—"}


def test_the_body_and_the_attachment_carry_the_figures(seed_plan, records):
    q1, q2 = records
    data = report_data(seed_plan, q2, q1)
    context = target_context(data)
    due = [f for f in target_figures(data) if f.due]
    assert context["due"] == len(due) and context["met"] + context["unmet"] + context["unreported"] == len(due)
    assert context["unmet"] >= 1 and context["unreported"] >= 1 and context["early"] >= 1
    values = {"quarter_label": "2023年第二季度", "next_quarter_label": "2023年第三季度"}
    assert "targets" not in [k for k, _ in attachments(data, load_settings(), values)]  # an option
    settings = load_settings({"options": {"targets": True}})
    keys = [k for k, _ in attachments(data, settings, values)]
    assert keys[-1] == "targets"
    rows = target_table_rows(data)
    assert ["1-3", "多部门联办“一件事”", "达到200种", "211种", "+11种"] == [str(c) for c in rows[
        next(i for i, r in enumerate(rows) if r[1] == "1-3" and "一件事" in str(r[2]))][1:6]]
    document = build_document(seed_plan, q2, previous=q1, settings=settings)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2023年第二季度目标任务完成情况表" in text
    assert f"已达标{context['met']}项，未达标{context['unmet']}项，未填报完成值{context['unreported']}项" in text
    [table] = [t for t in document.tables if [c.text for c in t.rows[0].cells][:3] == ["序号", "节点", "指标"]]
    assert [c.text for c in table.rows[0].cells] == ["序号", "节点", "指标", "目标值", "完成值", "较上季度", "完成时限",
                                                    "牵头单位", "评价"]
    assert any(r.cells[8].text == "达标（未到期）" and r.cells[4].text == "211种" for r in table.rows[1:])


def test_a_plan_without_targets_has_no_attachment_no_sentence_and_no_sheet():
    from pathlib import Path

    from planbook.xlsx.layout import TARGETS_SHEET, workbook_layout
    from planbook.plans import load_plan

    plan = load_plan(Path(__file__).parent / "data" / "plans" / "guobanfa2019_youeryuan.txt")
    data = report_data(plan, make_record(plan, "2023Q2", seed=2, missing=0))
    values = {"quarter_label": "2023年第二季度", "next_quarter_label": "2023年第三季度"}
    assert "targets" not in [k for k, _ in attachments(data, load_settings(), values)]
    assert target_context(data)["count"] == 0
    assert TARGETS_SHEET not in workbook_layout(plan).sheet_names
    text = "\n".join(p.text for p in build_document(plan, data.record).paragraphs)
    assert "量化目标" not in text and "目标任务完成情况表" not in text
