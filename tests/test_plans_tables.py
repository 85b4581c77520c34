"""Plans kept as tables (Word tables, Excel 任务分解表 and 台账), the mapping file that
corrects a wrong guess, and what ``planbook parse`` shows of its guesses."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planbook.cli import main
from planbook.plans import describe, load_plan, mapping_toml, parse_plan, read_mapping
from planbook.base.problems import PlanError

DATA = Path(__file__).resolve().parent / "data" / "plans"
HEADER = ["序号", "重点任务", "具体措施", "完成时限", "牵头单位", "配合单位"]


def _docx_table(path: Path, rows: list[list[str]], merges=()) -> Path:
    """A Word document with one table; ``merges`` are ((row, col), (row, col)) ranges."""
    import docx

    document = docx.Document()
    document.add_paragraph("某市营商环境提升行动方案（2024年）任务分工")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    for (r0, c0), (r1, c1) in merges:
        text = table.cell(r0, c0).text
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        merged.text = text
    document.save(path)
    return path


def _workbook(path: Path, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    book.save(path)
    return path


def test_a_word_table_with_rows_merged_across_and_cells_merged_down(tmp_path):
    rows = [HEADER,
            ["一、优化政务服务", "", "", "", "", ""],
            ["（一）一网通办", "", "", "", "", ""],
            ["1", "建设平台", "上线系统。", "2024年6月", "市数据局", "市财政局"],
            ["", "", "推广应用。", "2024年12月，持续推进", "", ""],
            ["2", "减证便民", "取消证明。", "2024年9月", "市司法局、市数据局", ""],
            ["二、优化法治环境", "", "", "", "", ""],
            ["3", "规范执法", "制定清单。", "2025年3月", "市司法局", ""]]
    merges = [((1, 0), (1, 5)), ((2, 0), (2, 5)), ((3, 0), (4, 0)), ((3, 1), (4, 1)), ((3, 4), (4, 4)), ((3, 5), (4, 5)),
              ((6, 0), (6, 5))]
    plan = load_plan(_docx_table(tmp_path / "分工.docx", rows, merges))
    assert [(s.numeral, s.title) for s in plan.sections] == [("一", "优化政务服务"), ("二", "优化法治环境")]
    first = plan.task(1)
    assert (first.title, first.leads, first.partners, first.subsection) == ("建设平台", ("市数据局",), ("市财政局",), "（一）一网通办")
    assert [(m.text, m.deadline_month, m.ongoing) for m in first.milestones] == [
        ("上线系统。", "2024-06", False), ("推广应用。", "2024-12", True)]
    assert first.text == "建设平台。上线系统。推广应用。"
    assert plan.task(2).leads == ("市司法局", "市数据局") and plan.task(3).subsection == ""


def test_a_continuation_row_without_merges_is_a_further_step(tmp_path):
    rows = [HEADER, ["1", "建设平台", "上线系统。", "2024年6月", "市数据局", ""], ["", "", "推广应用。", "2024年12月", "", ""]]
    plan = load_plan(_docx_table(tmp_path / "t.docx", rows))
    assert [m.deadline_month for m in plan.task(1).milestones] == ["2024-06", "2024-12"]


def test_an_excel_ledger_with_real_dates_multi_line_cells_and_a_leader_column(tmp_path):
    path = _workbook(tmp_path / "台账.xlsx", {"台账": [
        ["某区2024年重点工作台账"],
        ["序号", "重点任务", "工作内容", "牵头领导", "牵头单位", "配合单位", "完成时间", "备注"],
        [1, "一网通办", "上线平台\n推广应用", "张三", "区数据局\n区财政局", "各街道、镇", datetime.datetime(2024, 6, 15), "无"],
        [2, "减证便民", "取消证明", "李四", "区司法局", None, "第三季度", None],
    ]}, {"台账": ["A1:H1"]})
    result = parse_plan(path)
    plan = result.plan
    first, second = plan.tasks
    assert first.leads == ("区数据局", "区财政局") and first.partners == ("各街道、镇",)
    assert first.milestones[0].deadline == datetime.date(2024, 6, 15) and first.text == "一网通办。上线平台推广应用"
    assert second.milestones[0].deadline_month == "2024-09" and any("2024" in n for n in second.notes)
    assert "张三" not in plan.agency_names and plan.title == "某区2024年重点工作台账"
    roles = {header: role for _, header, role in result.guesses.columns[0].columns}
    assert roles["牵头领导"] == "person" and roles["备注"] == "ignore" and roles["完成时间"] == "deadline"


def test_each_sheet_of_a_workbook_is_a_section_and_other_sheets_are_named_as_unread(tmp_path):
    header = ["序号", "重点任务", "责任单位", "完成时限"]
    path = _workbook(tmp_path / "分解.xlsx", {
        "政务环境": [header, [1, "一网通办", "区数据局", "2024年6月"], [2, "减证便民", "区司法局", "2024年12月"]],
        "法治环境": [header, [1, "规范执法", "区司法局", "长期坚持"]],
        "填表说明": [["本表由区督查室编制"]],
    })
    result = parse_plan(path)
    plan = result.plan
    assert [(s.title, len(s.tasks)) for s in plan.sections] == [("政务环境", 2), ("法治环境", 1)]
    assert [t.id for t in plan.tasks] == ["1", "2", "3"] and plan.task(3).label == "1"
    assert any("填表说明" in s for s in result.guesses.skipped)
    assert result.guesses.sheets == ["政务环境", "法治环境"]


def test_a_deadline_that_is_no_date_and_a_step_without_one_are_located_errors(tmp_path):
    rows = [HEADER, ["1", "建设平台", "上线系统。", "2024年13月", "市数据局", ""],
            ["2", "推广应用", "试点。", "2024年6月", "市数据局", ""], ["", "", "推开。", "", "", ""]]
    result = parse_plan(_docx_table(tmp_path / "错.docx", rows))
    assert [(p.kind, p.task_id) for p in result.errors] == [("deadline_invalid", "1"), ("milestone_no_deadline", "2")]
    assert "表 1第 2 行" in str(result.errors[0]) and "2024年13月" in str(result.errors[0])


def test_a_task_without_a_deadline_where_every_other_has_one_is_an_error(tmp_path):
    rows = [HEADER, ["1", "建设平台", "上线系统。", "2024年6月", "市数据局", ""],
            ["2", "推广应用", "试点。", "", "市数据局", ""], ["3", "减证便民", "取消证明。", "2024年9月", "市司法局", ""]]
    result = parse_plan(_docx_table(tmp_path / "缺.docx", rows))
    assert [(p.kind, p.task_id) for p in result.errors] == [("task_no_milestone", "2")]


# -- the mapping ----------------------------------------------------------------------------------
def test_a_mapping_states_what_a_guess_got_wrong(tmp_path):
    path = _workbook(tmp_path / "表.xlsx", {"汇总": [["编号", "工作事项", "办理单位", "时间"],
                                                   [1, "一网通办。上线平台", "区数据局、区财政局", "6月底前"]],
                                          "草稿": [["序号", "重点任务", "牵头单位"], [1, "作废", "区甲局"]]})
    guessed = parse_plan(path)
    # 办理单位 is no header the reader knows: its cells are unit names, so it is read as the lead column
    assert guessed.plan.task(1).leads == ("区数据局", "区财政局") and len(guessed.plan.tasks) == 2
    assert ("C", "办理单位（按内容判断）", "lead") in guessed.guesses.columns[0].columns
    mapping = tmp_path / "映射.toml"
    mapping.write_text('title = "某区重点工作"\nyear = 2025\nlead_rule = "first"\nsheets = ["汇总"]\n'
                       '[columns]\n"办理单位" = "负责单位"\n', encoding="utf-8")
    result = parse_plan(path, mapping=mapping)
    plan = result.plan
    assert plan.title == "某区重点工作" and len(plan.tasks) == 1
    assert plan.task(1).leads == ("区数据局",) and plan.task(1).partners == ("区财政局",)
    assert plan.milestone("1-1").deadline == datetime.date(2025, 6, 30)
    assert result.guesses.lead_rule_how == "映射文件" and result.guesses.year_source == "映射文件"
    assert ("C", "办理单位", "listed") in result.guesses.columns[0].columns


def test_a_mapping_can_name_the_task_level(tmp_path):
    text = "一、环境\n（一）推进改革。\n1.建设平台。\n2.推广应用。\n"
    path = tmp_path / "方案.txt"
    path.write_text(text, encoding="utf-8")
    assert [t.title for t in load_plan(path).tasks] == ["建设平台", "推广应用"]
    mapping = tmp_path / "m.toml"
    mapping.write_text('task_level = "（一）"\n', encoding="utf-8")
    assert [t.title for t in load_plan(path, mapping=mapping).tasks] == ["推进改革"]


def test_the_written_mapping_reads_back_to_the_same_plan(tmp_path):
    for name in ("guowuyuan2019_zonghebaoshuiqu_fengong.xlsx", "lishui2023_zerenfenjie.txt", "guobanfa2018_duchajili.txt"):
        result = parse_plan(DATA / name)
        mapping = tmp_path / f"{name}.toml"
        mapping.write_text(mapping_toml(result), encoding="utf-8")
        again = parse_plan(DATA / name, mapping=read_mapping(mapping))
        assert again.plan.fingerprint == result.plan.fingerprint and again.plan.title == result.plan.title
        assert [t.leads for t in again.plan.tasks] == [t.leads for t in result.plan.tasks]


@pytest.mark.parametrize("content,word", [
    ('year = "明年"\n', "year"), ('lead_rule = "随便"\n', "lead_rule"), ('task_level = "甲"\n', "task_level"),
    ('[columns]\n"单位" = "老板"\n', "角色"), ('colums = 1\n', "不认识"), ('title = \n', "TOML"),
])
def test_a_wrong_mapping_is_a_located_chinese_error(tmp_path, content, word):
    path = tmp_path / "坏.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_mapping(path)
    problem = caught.value.problems[0]
    assert problem.kind == "mapping_invalid" and problem.file == "坏.toml" and word in problem.message


def test_a_mapping_naming_a_sheet_that_is_not_there(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('sheets = ["不存在"]\n', encoding="utf-8")
    result = parse_plan(DATA / "lishui2023_zerenfenjie.xlsx", mapping=mapping)
    assert [p.kind for p in result.errors] == ["mapping_invalid"] and "2023年" in result.errors[0].message


# -- what parse shows -------------------------------------------------------------------------------
def test_the_guesses_are_described_column_by_column():
    lines = describe(parse_plan(DATA / "dalian2022_seed_fenjiebiao_two_row_header.xlsx"))
    text = "\n".join(lines)
    assert "表头在第 2–3 行" in text
    assert "B 工作任务 → 任务名称" in text and "D 时间节点 → 完成时限" in text
    assert "E 责任单位/牵头单位 → 牵头单位" in text and "F 责任单位/配合单位 → 配合单位" in text
    assert "4 个领域，75 项任务，222 个节点，50 个牵头单位" in text
    assert "前 5 项任务：" in text and "  1.加快推进“一网通办”" in text


def test_parse_prints_levels_lead_rule_year_and_tasks_without_deadline():
    result = CliRunner().invoke(main, ["parse", str(DATA / "guowuyuan2019_zonghebaoshuiqu.txt")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "层级：“一、”为领域，“（一）”为子领域，“1.”为任务" in out
    assert "牵头规则：所列单位中排在第一位的牵头（方案写明“排在第一位的部门为牵头部门，下同”）" in out
    assert "没有完成时限的任务：21 项" in out and "年份：2019（取自文号“〔2019〕”）" in out
    assert "  1.拓展两个市场｜牵头：税务总局｜配合：财政部、海关总署｜节点：无期限" in out


def test_parse_takes_a_title_and_writes_the_mapping_and_json(tmp_path):
    mapping, out = tmp_path / "m.toml", tmp_path / "p.json"
    result = CliRunner().invoke(main, ["parse", str(DATA / "kunming_guandu2016_wenzengzhang.txt"), "--title",
                                       "官渡区稳增长促发展若干政策措施", "--write-mapping", str(mapping), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "方案：《官渡区稳增长促发展若干政策措施》（标题取自给定）" in result.output
    assert read_mapping(mapping).title == "官渡区稳增长促发展若干政策措施"
    data = json.loads(out.read_text(encoding="utf-8"))
    task = data["sections"][0]["tasks"][0]
    assert task["subsection"] == "" and task["milestones"][0]["deadline"] == "2016-05-31"
    assert data["sections"][0]["tasks"][1]["milestones"][0]["deadline"] is None
    assert task["notes"] and data["title"] == "官渡区稳增长促发展若干政策措施"
    again = CliRunner().invoke(main, ["parse", str(DATA / "kunming_guandu2016_wenzengzhang.txt"), "--mapping", str(mapping)])
    assert again.exit_code == 0 and f"标识 {data['fingerprint']}" in again.output


def test_a_wrong_mapping_on_the_command_line_is_a_usage_error(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('year = "x"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(DATA / "lishui2023_zerenfenjie.txt"), "--mapping", str(mapping)])
    assert result.exit_code == 2 and "m.toml" in result.output and "Traceback" not in result.output


def test_units_separated_by_spaces_and_a_date_stored_as_a_number(tmp_path):
    path = _workbook(tmp_path / "台账.xlsx", {"台账": [["序号", "重点任务", "牵头单位", "完成时限"],
                                                   [1, "一网通办", "区数据局 区财政局", 45473]]})
    task = load_plan(path).task(1)
    assert task.leads == ("区数据局", "区财政局") and task.milestones[0].deadline == datetime.date(2024, 6, 30)


def test_word_numbering_written_by_word_is_read_as_written(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, (fmt, text) in enumerate([("chineseCounting", "%1、"), ("decimal", "%2.")]):
        level = OxmlElement("w:lvl")
        level.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            level.append(element)
        abstract.append(level)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "77")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)

    def numbered(text: str, ilvl: int) -> None:
        paragraph = document.add_paragraph(text)
        props = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", str(ilvl)), ("w:numId", "77")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            props.append(element)
        paragraph._p.get_or_add_pPr().append(props)

    document.add_paragraph("某县营商环境提升行动方案（2024年）")
    numbered("优化政务服务", 0)
    numbered("推进一网通办。9月底前上线。（牵头单位：县数据局）", 1)
    numbered("压减审批时限。（牵头单位：县政务中心）", 1)
    numbered("优化法治环境", 0)
    numbered("规范执法。（牵头单位：县司法局）", 1)
    path = tmp_path / "自动编号.docx"
    document.save(path)
    plan = load_plan(path)
    assert [s.label for s in plan.sections] == ["一、优化政务服务", "二、优化法治环境"]
    assert [(t.id, t.label, t.leads) for t in plan.tasks] == [("1", "1", ("县数据局",)), ("2", "2", ("县政务中心",)),
                                                             ("3", "1", ("县司法局",))]
    assert plan.milestone("1-1").deadline_month == "2024-09"
