"""What a plan's text means, however it is written: who leads (labels, verbs, a lead rule
stated once, groups of units), which dates are deadlines (in fields and in prose), and which
numbering is the task level (sections, sub-sections, tasks; a cover notice; hard wraps)."""

from __future__ import annotations

from datetime import date

import pytest

from planbook.plans import parse_text
from planbook.plans.deadlines import field_deadlines, prose_deadlines
from planbook.plans.units import FIRST, find_lead_rule, resolve, statements


def _plan(*lines: str, title: str = "某市行动方案（2024年）"):
    result = parse_text("\n".join((title,) + lines))
    assert result.plan is not None, [str(p) for p in result.problems]
    return result


def _units(text: str, stated: bool = False, rule: str = FIRST):
    units = resolve(statements(text), rule, stated)
    return units.leads, units.partners


# -- units -----------------------------------------------------------------------------------
def test_the_silent_wrong_result_is_gone_a_partner_group_is_never_a_lead():
    result = _plan("一、人才", "1.引进人才。做好引进。（牵头单位：A，配合单位：B、各区、县级市）")
    task = result.plan.task(1)
    assert task.leads == ("A",)
    assert task.partners == ("B", "各区、县级市")
    assert any("各区、县级市" in note for note in task.notes)


@pytest.mark.parametrize("text,leads,partners", [
    ("牵头单位：A、B", ["A", "B"], []),
    ("牵头单位：A；配合单位：B、C", ["A"], ["B", "C"]),
    ("A牵头，B配合", ["A"], ["B"]),
    ("A、B牵头，C、D配合", ["A", "B"], ["C", "D"]),
    ("区发改局牵头，区财政局、区水务局等部门，区国投公司配合", ["区发改局"], ["区财政局", "区水务局等部门", "区国投公司"]),
    ("市人力社保局、市农业农村局分别牵头", ["市人力社保局", "市农业农村局"], []),
    ("国家发展改革委会同有关部门负责", ["国家发展改革委"], ["有关部门"]),
    ("牵头领导：张三；牵头单位：市发改委", ["市发改委"], []),
    ("分管省领导：李四；责任单位：省商务厅", ["省商务厅"], []),
    ("牵头单位：市发改委；责任单位：市财政局、市税务局", ["市发改委"], ["市财政局", "市税务局"]),
    ("责任地区：各区市县政府", ["各区市县政府"], []),
    ("黄埔区、南沙区政府负责", ["黄埔区政府"], ["南沙区政府"]),
    ("市双招双引办、市发改委，各县（市、区）政府、丽水开发区管委会负责",
     ["市双招双引办"], ["市发改委", "各县（市、区）政府", "丽水开发区管委会"]),
    ("人力资源社会保障部等有关部门和单位负责", ["人力资源社会保障部"], ["有关部门和单位"]),
])
def test_unit_statements_in_every_form(text, leads, partners):
    assert _units(text) == (leads, partners)


def test_a_responsibility_list_leads_as_a_whole_unless_a_rule_says_the_first_leads():
    assert _units("责任单位：A、B、C") == (["A", "B", "C"], [])
    assert _units("责任单位：A、B、C", stated=True) == (["A"], ["B", "C"])
    assert _units("A、B、C负责") == (["A"], ["B", "C"])


def test_a_lead_taken_from_position_is_noted_on_the_task():
    result = _plan("一、环境", "1.做好一件事。（市商务局、市财政局负责）")
    assert result.plan.task(1).leads == ("市商务局",)
    assert any("第一位" in note for note in result.plan.task(1).notes)
    assert "没有写明" in result.guesses.lead_rule_how


@pytest.mark.parametrize("rule", [
    "（税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同）",
    "（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）",
    "(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)",
])
def test_a_lead_rule_stated_once_is_found_and_not_taken_for_a_unit(rule):
    assert "第一位" in find_lead_rule(rule)
    result = _plan("一、环境", f"1.做第一件事。{rule}", "2.做第二件事。（市甲局、市乙局负责）")
    assert result.guesses.lead_rule_stated and "第一位" in result.guesses.lead_rule_how
    second = result.plan.task(2)
    assert second.leads == ("市甲局",) and second.partners == ("市乙局",) and not second.notes
    assert not any("第一位" in u or "下同" in u for t in result.plan.tasks for u in t.leads + t.partners)


def test_a_lead_rule_in_the_cover_notice_applies_to_the_plan():
    result = _plan("各单位：排在第一位的单位为牵头单位，下同。", "一、环境", "1.做一件事。（市甲局、市乙局负责）")
    assert result.plan.task(1).leads == ("市甲局",) and result.guesses.lead_rule_stated


def test_a_unit_line_under_a_task_is_its_units():
    result = _plan("一、目标", "1.生产总值增长6%以上。", "", "责任单位:市发改委、市经信局", "2.研发投入强度达到2.3%。",
                   "责任单位:市科技局")
    assert [t.leads for t in result.plan.tasks] == [("市发改委", "市经信局"), ("市科技局",)]


def test_a_task_that_names_no_unit_is_still_a_task_and_the_parse_says_so():
    result = _plan("一、目标", "1.目标。到2025年基本建成。", "2.建设平台。（牵头单位：市营商局）")
    assert result.ok and result.plan.task(1).leads == ()
    assert [(w.kind, w.task_id) for w in result.warnings] == [("task_no_lead", "1")]


# -- deadlines ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,months", [
    ("该项工作于2019年4月底前完成。", ["2019-04"]),
    ("到2020年，基本建成。", ["2020-12"]),
    ("9月底前，实现全流程网办。", ["2024-09"]),
    ("第三季度完成。", ["2024-09"]),
    ("年底前压减50%。", ["2024-12"]),
    ("2022年6月底前制定方案，12月底前全面推开。", ["2022-06", "2022-12"]),
    ("于2018年12月31日前报送。", ["2018-12"]),
    ("2019年1月1日至12月31日，对企业给予补贴。", []),
    ("从2019年1月1日起实施。", []),
    ("2012年起5年内引进人才。", []),
    ("环评报告书14个工作日内完成审批。", []),
    ("各有关部门于每年2月底前报送名单。", []),
    ("2018年11月，党中央印发意见。", []),
])
def test_deadlines_in_prose(text, months):
    assert [d.deadline.month for d in prose_deadlines(text, 2024)] == months


def test_a_year_not_written_comes_from_the_title_and_is_noted():
    result = _plan("二、主要任务", "1. 提升登记便利度。9月底前，实现开办企业1天办结。（牵头单位：省市场监管局）",
                   title="营商环境创新2022年行动计划")
    milestone = result.plan.milestone("1-1")
    assert milestone.deadline == date(2022, 9, 30)
    assert result.guesses.year == 2022 and result.guesses.year_source == "标题"
    assert any("1-1" in note and "2022" in note for note in result.plan.task(1).notes)


def test_several_deadlines_in_one_sentence_are_one_milestone_each():
    result = _plan("一、工作措施", "1.全面整改。已建成的，于2019年6月底前完成；需要回收的，于2019年9月底前完成；"
                                  "需要新建的，于2019年12月底前完成规划，2020年12月底前完成验收。")
    task = result.plan.task(1)
    assert [m.deadline_month for m in task.milestones] == ["2019-06", "2019-09", "2019-12", "2020-12"]
    assert task.milestones[3].text.startswith("2020年12月底前完成验收")


def test_a_task_with_no_date_has_one_milestone_without_a_deadline_or_ongoing():
    result = _plan("一、环境", "1.规范执法。建立清单。（市司法局负责）", "2.公正司法。推进改革，长期坚持。（市法院负责）")
    first, second = result.plan.tasks
    assert [(m.deadline, m.deadline_month, m.ongoing) for m in first.milestones] == [(None, "", False)]
    assert [(m.deadline, m.ongoing) for m in second.milestones] == [(None, True)]
    assert result.plan.deadline_months == ()


@pytest.mark.parametrize("text,expected", [
    ("2022年12月，持续推进", [("2022-12", True)]),
    ("2019年6月底前；2019年9月底前", [("2019-06", False), ("2019-09", False)]),
    ("长期坚持", [("", True)]),
    ("第三季度", [("2024-09", False)]),
    ("全年", [("2024-12", False)]),
    ("2022—2024年", [("2024-12", False)]),
    ("2023.6.30", [("2023-06", False)]),
])
def test_deadlines_in_a_field(text, expected):
    assert [(d.month, d.ongoing) for d in field_deadlines(text, 2024)] == expected


def test_an_impossible_date_in_a_field_is_an_error_and_words_are_a_warning():
    assert field_deadlines("2022年13月") is None
    result = parse_text("一、环境\n1.做。上线。（完成时限：尽快）（牵头单位：市甲局）")
    assert result.ok and [w.kind for w in result.warnings] == ["deadline_invalid"]
    assert result.plan.milestone("1-1").deadline is None and result.plan.milestone("1-1").deadline_text == "尽快"


# -- structure ----------------------------------------------------------------------------------
def test_sections_sub_sections_and_tasks_numbered_across_them():
    result = _plan("一、总体目标", "1.目标。到2025年建成。", "二、行动计划", "（一）产业人才行动计划。实施如下项目：",
                   "2.紧缺人才项目。引进人才。（牵头单位：市发改委）", "（二）科技人才行动计划。",
                   "3.百人计划项目。引进团队。（牵头单位：市委组织部）", "三、没有任务的领域", "有关要求。")
    plan = result.plan
    assert [s.title for s in plan.sections] == ["总体目标", "行动计划"]
    assert [(t.id, t.subsection) for t in plan.tasks] == [
        ("1", ""), ("2", "（一）产业人才行动计划"), ("3", "（二）科技人才行动计划")]
    assert result.guesses.levels == [("一、", "领域"), ("（一）", "子领域"), ("1.", "任务")]


def test_the_numbering_that_names_units_is_the_task_level():
    result = _plan("一、支持企业", "（一）加大稳岗支持。返还保险费。（人力资源社会保障部、财政部负责）",
                   "二、鼓励创业", "（二）支持创业载体。建设孵化基地。（人力资源社会保障部负责）")
    assert [(t.id, t.label, t.title) for t in result.plan.tasks] == [("1", "（一）", "加大稳岗支持"), ("2", "（二）", "支持创业载体")]
    assert len(result.plan.sections) == 2


def test_a_plan_whose_top_numbering_is_the_task_has_no_sections_of_its_own():
    result = _plan("一、对成效显著的地方优先支持。（市场监管总局负责）", "二、对外贸增长的省给予支持。（商务部负责）",
                   "三十、对受表扬的地方免督查。（国务院办公厅负责）")
    plan = result.plan
    assert [t.id for t in plan.tasks] == ["1", "2", "30"] and [t.label for t in plan.tasks] == ["一", "二", "三十"]
    assert len(plan.sections) == 1 and plan.sections[0].title == "全部任务"
    assert [w.kind for w in result.warnings] == ["task_number_skipped"]


def test_numbering_that_restarts_per_section_is_renumbered_in_plan_order():
    result = _plan("一、工作任务", "1.摸底排查。", "2.全面整改。", "二、工作措施", "1.监督评估。", "2.总结。")
    plan = result.plan
    assert [(t.id, t.label) for t in plan.tasks] == [("1", "1"), ("2", "2"), ("3", "1"), ("4", "2")]
    assert "重新编号" in result.guesses.numbering and not result.errors


def test_a_cover_notice_with_its_own_numbering_is_not_the_task_list():
    result = _plan("各区人民政府：", "一、提高认识。", "二、狠抓落实。", "某市人民政府", "2024年3月1日", "某市营商环境行动方案",
                   "一、优化政务服务", "1.推进一网通办。（市数据局负责）", "二、优化法治环境", "2.规范执法。（市司法局负责）",
                   title="关于印发某市营商环境行动方案的通知")
    plan = result.plan
    assert [s.title for s in plan.sections] == ["优化政务服务", "优化法治环境"]
    assert plan.title == "某市营商环境行动方案" and result.guesses.skipped


def test_text_copied_out_of_a_pdf_is_unwrapped():
    paragraph = ("（一）加大稳岗支持力度。对不裁员的参保企业，可返还其上年度实际缴纳失业保险费的50%。2019年1月1日"
                 "至12月31日，对面临困难的企业，返还标准可按6个月的当地月人均失业保险金确定。（人力资源社会保障部、财政部负责。"
                 "列第一位者为牵头单位，下同）")
    second = "（二）发挥政府性融资担保机构作用支持小微企业。充分发挥国家融资担保基金作用，引导更多金融资源支持创业就业。（财政部、人民银行负责）"
    lines = ["国务院关于促进就业的若干意见", "一、支持企业稳定发展"]
    lines += [text[i:i + 28] for text in (paragraph, second) for i in range(0, len(text), 28)]
    result = parse_text("\n".join(lines))
    plan = result.plan
    assert [t.leads for t in plan.tasks] == [("人力资源社会保障部",), ("财政部",)]
    assert [m.deadline for m in plan.milestones] == [None, None]
    assert result.guesses.lead_rule_stated


def test_the_signature_and_what_follows_it_are_not_part_of_the_last_task():
    result = _plan("一、任务", "1.做一件事。", "国务院办公厅", "2019年1月9日", "（此件公开发布）")
    assert [m.deadline for m in result.plan.milestones] == [None]
    assert [w.kind for w in result.warnings] == ["task_no_lead"] and not result.warnings[0].task_id


def test_a_title_over_two_lines_and_website_chrome_before_it():
    result = parse_text("当前位置:首页\n>> 专题专栏\n市政府重点工作\n责任分解(2023年)\n时间:2023-07-11\n一、目标\n"
                        "1.增长6%。\n责任单位:市发改委\n")
    assert result.plan.title == "市政府重点工作责任分解（2023年）"


def test_one_bracket_may_hold_the_lead_and_the_deadline():
    result = _plan("一、环境", "1.建设平台。上线系统。（牵头单位：市数据局；完成时限：2024年底）",
                   "2.规范执法。制定清单。（牵头单位：市司法局，完成时间：2024年6月）")
    assert [(t.leads, [m.deadline_month for m in t.milestones]) for t in result.plan.tasks] == [
        (("市数据局",), ["2024-12"]), (("市司法局",), ["2024-06"])]


def test_a_lead_marked_inside_a_list_of_units():
    result = _plan("一、环境", "1.推广应用。（市数据局（牵头）、市财政局、各区政府负责）",
                   "2.规范执法。（责任单位：市司法局（牵头）、市公安局）")
    assert [(t.leads, t.partners) for t in result.plan.tasks] == [
        (("市数据局",), ("市财政局", "各区政府")), (("市司法局",), ("市公安局",))]


def test_parts_or_chapters_above_the_sections():
    result = _plan("第一部分 政务服务", "一、一网通办", "1.建设平台。（市数据局负责）", "第二部分 法治环境", "一、规范执法",
                   "2.制定清单。（市司法局负责）")
    plan = result.plan
    assert [s.label for s in plan.sections] == ["一、政务服务", "二、法治环境"]
    assert [t.subsection for t in plan.tasks] == ["一、一网通办", "一、规范执法"]


def test_a_plan_with_no_numbering_has_a_task_per_paragraph_that_names_units():
    result = _plan("为推进固体废物减量，制定本方案。", "加快工业固废综合利用。到2025年综合利用率达到80%。（市工信局牵头，市生态环境局配合）",
                   "推进生活垃圾分类。全面推行垃圾分类，长期坚持。（市城管局负责）", "强化危险废物监管。2024年底前建成平台。",
                   "责任单位：市生态环境局、市公安局", title="某市“无废城市”建设实施方案")
    plan = result.plan
    assert [(t.title, t.leads) for t in plan.tasks] == [("加快工业固废综合利用", ("市工信局",)),
                                                        ("推进生活垃圾分类", ("市城管局",)),
                                                        ("强化危险废物监管", ("市生态环境局", "市公安局"))]
    assert [m.deadline_month or m.ongoing for m in plan.milestones] == ["2025-12", True, "2024-12"]
    assert result.guesses.levels[-1] == ("段落", "任务")
