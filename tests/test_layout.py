"""The workbook layout as data: slots, sheets, input cells, identity, fingerprints."""

from __future__ import annotations

from planbook.core.statuses import month_label
from planbook.xlsx.layout import FIRST_TASK_ROW, GROUP_FIELDS, INPUT_FIELDS, INSTRUCTIONS_SHEET, LAYOUT_VERSION, PARTNERS, STATUS, SUMMARY_SHEET, Identity, cell_name, column_letter, identity_for, milestone_label, plan_slots, sheet_name, task_slots, workbook_layout
from planbook.plans import parse_text


def test_cell_names():
    assert [column_letter(c) for c in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
    assert cell_name(0, 0) == "A1" and cell_name(4, 5) == "F5"


def test_a_slot_per_deadline_month_and_a_second_slot_when_a_task_has_two_in_one_month():
    plan = parse_text("一 环境\n1.甲。做A。（完成时限：2023年6月）做B。（完成时限：2023年6月）做C。（完成时限：2023年12月）"
                      "（牵头单位：市甲局）\n2.乙。做D。（完成时限：2022年12月）（牵头单位：市乙局）\n").plan
    slots = plan_slots(plan)
    assert [(s.key, s.k) for s in slots] == [("2022-12", 1), ("2023-06", 1), ("2023-06", 2), ("2023-12", 1)]
    assert [s.label for s in slots] == ["2022年12月", "2023年6月", "2023年6月（2）", "2023年12月"]
    owned = task_slots(plan.task("1"))
    assert [m.id for m in owned.values()] == ["1-1", "1-2", "1-3"]
    assert month_label("2023-06") == "2023年6月"


def test_master_and_agency_layouts_share_column_positions(seed_plan):
    master = workbook_layout(seed_plan)
    agency = workbook_layout(seed_plan, "市营商局")
    assert master.sheet_names[0] == INSTRUCTIONS_SHEET and master.sheet_names[-1] == SUMMARY_SHEET
    assert SUMMARY_SHEET not in agency.sheet_names
    assert {t.id for s in agency.sheets for t in s.tasks} == {t.id for t in seed_plan.tasks_of("市营商局")}
    by_master = {(c.milestone.id, c.field.key): c.col for c in master.input_cells()}
    for c in agency.input_cells():
        assert by_master[(c.milestone.id, c.field.key)] == c.col
        assert c.row >= FIRST_TASK_ROW and c.field in INPUT_FIELDS
    first = master.sheets[0]
    assert first.width == len(first.fixed) + len(first.slots) * len(GROUP_FIELDS)
    assert (PARTNERS in first.fixed) == seed_plan.has_partners


def test_every_milestone_has_one_status_cell_in_its_agencys_workbook(seed_plan):
    for agency in seed_plan.agency_names[:10]:
        cells = [c for c in workbook_layout(seed_plan, agency).input_cells() if c.field is STATUS]
        wanted = [m.id for t in seed_plan.tasks_of(agency) for m in t.milestones]
        assert sorted(c.milestone.id for c in cells) == sorted(wanted)


def test_sheet_names_follow_excels_rules(seed_plan):
    assert sheet_name(seed_plan.sections[0]) == "一、政务环境"
    for s in seed_plan.sections:
        name = sheet_name(s)
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")


def test_identity_round_trips_and_the_content_fingerprint_sees_edits(seed_plan):
    layout = workbook_layout(seed_plan, "市营商局")
    identity = identity_for(layout, "2023Q2")
    assert Identity.decode(identity.encode()) == identity
    assert identity.layout == LAYOUT_VERSION and identity.agency == "市营商局"
    assert Identity.decode("nothing=here") is None
    edited = parse_text("一 环境\n1.甲。做A。（完成时限：2023年6月）（牵头单位：市甲局）\n").plan
    other = parse_text("一 环境\n1.甲。做B。（完成时限：2023年6月）（牵头单位：市甲局）\n").plan
    assert workbook_layout(edited).content_fingerprint != workbook_layout(other).content_fingerprint
    assert milestone_label(edited.milestone("1-1")) == "【1-1】做A。"


def _plan_with_deadlines(months: list[str]):
    lines = ["一 环境"]
    for i, month in enumerate(months, 1):
        year, m = month.split("-")
        lines.append(f"{i}.任务{i}。做第{i}件事。（完成时限：{year}年{int(m)}月）（牵头单位：市甲局）")
    return parse_text("\n".join(lines) + "\n").plan


def test_many_deadline_months_are_grouped_by_quarter_then_year():
    from planbook.xlsx.layout import BY_MONTH, BY_QUARTER, BY_YEAR, grouping_note, plan_grouping

    few = _plan_with_deadlines([f"2023-{m:02d}" for m in range(1, 13)])
    assert plan_grouping(few) == BY_MONTH and len(plan_slots(few)) == 12
    many = _plan_with_deadlines([f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13)])
    assert plan_grouping(many) == BY_QUARTER
    assert [s.label for s in plan_slots(many)][:2] == ["2023年第一季度", "2023年第二季度"]
    assert "季度" in grouping_note(many)
    decades = _plan_with_deadlines([f"{y}-{m:02d}" for y in range(2020, 2028) for m in (3, 6, 9, 12)])
    assert plan_grouping(decades) == BY_YEAR and plan_slots(decades)[0].header == "完成时限：2020年"


def test_milestones_without_a_deadline_have_their_own_group_and_tasks_without_a_lead_an_addressee():
    from planbook.core.model import NO_LEAD

    plan = parse_text("一、总体要求\n二、工作任务\n1.严格依标配建。要做的事。\n2.如期移交。限期完成移交。\n").plan
    assert plan is not None and all(m.deadline is None for m in plan.milestones)
    slots = plan_slots(plan)
    assert [s.header for s in slots] == ["无完成时限"]
    assert plan.agency_names == (NO_LEAD,)
    sheet = workbook_layout(plan, NO_LEAD).sheets[0]
    assert sheet.fixed_values(plan.task("1"))[2] == NO_LEAD


def test_sub_sections_get_a_column():
    plan = parse_text("一、人才计划\n（一）产业人才\n1.引进人才。引进100名。（牵头单位：市人社局）\n"
                      "（二）教育人才\n2.培养教师。培养50名。（牵头单位：市教育局）\n").plan
    sheet = workbook_layout(plan).sheets[0]
    assert [c.header for c in sheet.fixed][:3] == ["序号", "任务名称", "子领域"]
    assert sheet.fixed_values(plan.task("2"))[2].endswith("教育人才")
