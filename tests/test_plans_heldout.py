"""What plans no one here had seen taught the reader (issue 21): every bracket and separator
around unit and deadline labels, column roles from what the cells hold (and a mapping that
overrides every guess, in every form), numbering that is never a reason to refuse a plan,
task cells of several sentences, and the doubts a clerk sees before exporting."""

from __future__ import annotations

from pathlib import Path

import pytest

from planbook.plans import describe, doubts, parse_plan

DATA = Path(__file__).resolve().parent / "data" / "plans"


def _text(tmp_path: Path, body: str, name: str = "方案.txt") -> Path:
    path = tmp_path / name
    path.write_text("某区重点工作实施方案（2024年）\n" + body, encoding="utf-8")
    return path


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _word_table(path: Path, rows: list[list[str]], before: str = "某区重点工作分工表") -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph(before)
    table = doc.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    doc.save(str(path))
    return path


def _word_paragraphs(path: Path, lines: list[str]) -> Path:
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(path))
    return path


# -- brackets and separators -------------------------------------------------------------------
@pytest.mark.parametrize("opening,closing", [("（", "）"), ("(", ")"), ("〔", "〕"), ("【", "】"), ("[", "]"), ("［", "］")])
@pytest.mark.parametrize("colon,separator", [("：", "，"), (":", ","), ("：", "；"), (":", ";"), ("∶", "，")])
def test_every_bracket_and_separator_around_units_and_deadlines(tmp_path, opening, closing, colon, separator):
    body = (f"一、优化环境\n1.做好审批服务。推行网上办理。{opening}牵头单位{colon}区数据局、区财政局{separator}"
            f"完成时限{colon}2024年9月底前{closing}\n")
    result = parse_plan(_text(tmp_path, body))
    assert result.ok, [str(p) for p in result.problems]
    task = result.plan.tasks[0]
    assert task.leads == ("区数据局", "区财政局")
    assert [m.deadline_month for m in task.milestones] == ["2024-09"]


def test_a_remark_after_the_units_in_a_bracket_is_no_unit(tmp_path):
    body = ("一、深化改革\n（一）加强市场体系建设。推进高标准市场体系建设。〔责任单位:省发展改革委、商务厅按职责分工负责。"
            "具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕\n（二）优化准入环境。实施改革。〔责任单位:省市场监管局〕\n")
    plan = parse_plan(_text(tmp_path, body)).plan
    assert [t.leads for t in plan.tasks] == [("省发展改革委", "商务厅"), ("省市场监管局",)]


def test_labels_in_square_brackets_read_as_labels(tmp_path):
    body = "一、优化环境\n1.做好审批服务。【牵头单位】区数据局【配合单位】区财政局\n"
    task = parse_plan(_text(tmp_path, body)).plan.tasks[0]
    assert task.leads == ("区数据局",) and task.partners == ("区财政局",)


# -- column roles from content, and the mapping over every guess --------------------------------------
def test_a_column_of_unit_names_under_an_unknown_header_is_a_unit_column_and_the_mapping_overrides_it(tmp_path):
    path = _workbook(tmp_path / "表.xlsx", {"分工": [
        ["序号", "工作任务", "推进单位", "指导部门", "节点"],
        [1, "建设平台。", "区数据局、区财政局", "市数据局", "2024年6月底前"],
        [2, "推广应用。", "区财政局", "市数据局", "2024年12月"]]})
    guessed = parse_plan(path)
    assert [t.leads for t in guessed.plan.tasks] == [("区数据局", "区财政局"), ("区财政局",)]
    assert guessed.plan.tasks[0].partners == ("市数据局",)
    assert [m.deadline_month for m in guessed.plan.milestones] == ["2024-06", "2024-12"]
    assert any("按内容判断" in line for line in describe(guessed))
    assert any("推进单位" in d for d in doubts(guessed))
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"推进单位" = "配合单位"\n"指导部门" = "牵头单位"\n', encoding="utf-8")
    stated = parse_plan(path, mapping=mapping).plan
    assert [t.leads for t in stated.tasks] == [("市数据局",), ("市数据局",)]
    assert stated.tasks[0].partners == ("区数据局", "区财政局")


def test_a_mapping_names_the_task_level_of_a_word_table(tmp_path):
    rows = [["序号", "工作任务", "牵头单位", "完成时限"],
            ["（一）", "加强战略科技力量建设。", "", ""],
            ["1", "建设实验室。", "区科技局", "2024年6月"],
            ["2", "引进人才。", "区人社局", "2024年12月"]]
    path = _word_table(tmp_path / "表.docx", rows)
    guessed = parse_plan(path)
    assert guessed.ok and [t.title for t in guessed.plan.tasks] == ["建设实验室", "引进人才"]
    assert "加强战略科技力量建设" in guessed.plan.sections[0].title  # a group row, not task 1
    mapping = tmp_path / "m.toml"
    mapping.write_text('task_level = "（一）"\n', encoding="utf-8")
    stated = parse_plan(path, mapping=mapping)
    assert [t.title for t in stated.plan.tasks] == ["加强战略科技力量建设"]


def test_a_mapping_names_the_task_level_of_word_paragraphs_and_of_text(tmp_path):
    lines = ["某区方案", "一、环境", "（一）推进改革。（区发改局负责）", "1.建设平台。", "2.推广应用。"]
    for path in (_word_paragraphs(tmp_path / "方案.docx", lines), _text(tmp_path, "\n".join(lines[1:]))):
        assert [t.title for t in parse_plan(path).plan.tasks] == ["推进改革"]
        mapping = tmp_path / "m.toml"
        mapping.write_text('task_level = "1."\n', encoding="utf-8")
        assert [t.title for t in parse_plan(path, mapping=mapping).plan.tasks] == ["建设平台", "推广应用"]


# -- numbering --------------------------------------------------------------------------------
def test_numbering_that_restarts_on_each_sheet_is_read_and_the_printed_numbers_kept(tmp_path):
    header = ["序号", "工作任务", "牵头单位"]
    path = _workbook(tmp_path / "表.xlsx", {"预期目标": [header, [1, "稳增长。", "区发改局"], [2, "稳就业。", "区人社局"]],
                                          "工作安排": [header, [1, "建项目。", "区交通局"]]})
    result = parse_plan(path)
    assert result.ok and [t.number for t in result.plan.tasks] == [1, 2, 3]
    assert [t.label or str(t.number) for t in result.plan.tasks] == ["1", "2", "1"]
    assert [s.title for s in result.plan.sections] == ["预期目标", "工作安排"]


def test_repeated_numbers_in_a_table_are_a_warning_not_a_refusal(tmp_path):
    rows = [["序号", "工作任务", "牵头单位"], ["1", "甲。", "区甲局"], ["2", "乙。", "区乙局"], ["2", "丙。", "区丙局"]]
    result = parse_plan(_word_table(tmp_path / "表.docx", rows))
    assert result.ok and len(result.plan.tasks) == 3
    assert [w.kind for w in result.warnings] == ["task_number_duplicate"]
    assert any("跳号或重复" in d for d in doubts(result))


# -- task cells of several sentences ----------------------------------------------------------------
def test_a_heading_line_over_numbered_clauses_is_the_task_and_its_title(tmp_path):
    body = ("（一）“一案三制”建设\n1.完善应急预案体系\n(1)加强应急预案管理,规范编制工作。\n(2)推进应急预案精编化。\n"
            "(3)加强应急预案演练。\n(责任单位:市应急局、各县(市、区)人民政府)\n")
    plan = parse_plan(_text(tmp_path, body)).plan
    [task] = plan.tasks
    assert task.title == "完善应急预案体系" and task.leads == ("市应急局", "各县（市、区）人民政府")
    assert task.milestones[0].text.startswith("（1）加强应急预案管理")  # the first measure is not dropped


def test_a_first_sentence_that_is_a_measure_keeps_the_whole_text_as_the_milestone(tmp_path):
    body = ("一、减负稳岗\n1.按照国家统一部署,平稳有序实施缴费政策,保持缴费成本稳定。实施阶段性降低费率政策。"
            "应严格审查企业资信。(市人社局、市医保局负责)\n")
    task = parse_plan(_text(tmp_path, body)).plan.tasks[0]
    assert task.milestones[0].text.startswith("按照国家统一部署")
    assert task.milestones[0].text.rstrip("。").endswith("应严格审查企业资信")
    assert any("整段文字作为节点" in n for n in task.notes)


def test_a_short_heading_sentence_is_the_title_and_the_rest_the_milestone(tmp_path):
    body = "一、市场\n1.加强市场体系建设。推进高标准市场体系建设。(区商务局负责)\n"
    task = parse_plan(_text(tmp_path, body)).plan.tasks[0]
    assert task.title == "加强市场体系建设" and task.milestones[0].text.rstrip("。") == "推进高标准市场体系建设"
    assert not task.notes


# -- doubts ------------------------------------------------------------------------------------------
def test_a_plan_whose_tasks_name_no_units_is_doubted_in_the_preview(tmp_path):
    body = "一、培育\n1.构建服务体系。建立服务体系。\n2.丰富经营场所。合理预留场所。\n3.推进监管。规范检查。\n"
    result = parse_plan(_text(tmp_path, body))
    assert result.ok
    assert any("没有读出牵头单位" in d for d in doubts(result))
    assert any(line.startswith("请核对：") for line in describe(result))


def test_a_long_text_with_few_tasks_is_doubted(tmp_path):
    body = "一、总体要求\n" + "坚持稳中求进，推动高质量发展。" * 300 + "\n二、任务\n1.建设平台。(区数据局负责)\n"
    result = parse_plan(_text(tmp_path, body))
    assert any("可能漏读" in d for d in doubts(result))


def test_a_clean_plan_raises_no_doubt(tmp_path):
    body = "一、环境\n1.建设平台。上线系统。(区数据局负责)\n2.推广应用。覆盖全区。(区财政局负责)\n"
    assert doubts(parse_plan(_text(tmp_path, body))) == []


def test_a_table_cell_of_several_sentences_keeps_its_first_measure(tmp_path):
    path = _workbook(tmp_path / "表.xlsx", {"分工": [
        ["序号", "具体措施", "责任单位"],
        [1, "按照国家统一部署，平稳有序实施缴费政策。实施阶段性降低费率政策。", "市人社局"],
        [2, "加强市场体系建设。推进高标准市场体系建设。", "市商务局"]]})
    first, second = parse_plan(path).plan.tasks
    assert first.milestones[0].text.startswith("按照国家统一部署") and first.notes
    assert second.title == "加强市场体系建设" and second.milestones[0].text.startswith("推进高标准")


def test_a_ledger_with_quarter_columns_has_a_milestone_per_quarter(tmp_path):
    path = _workbook(tmp_path / "台账.xlsx", {"2024年台账": [
        ["序号", "重点工作", "责任单位", "一季度", "二季度", "三季度", "四季度"],
        [1, "建设政务平台。", "区数据局", "完成立项", "完成招标", "", "上线运行"],
        [2, "推广网上办理。", "区政务中心", "", "", "覆盖50%事项", ""]]})
    result = parse_plan(path, title="某区2024年重点工作台账")
    first, second = result.plan.tasks
    assert [(m.text, m.deadline_month) for m in first.milestones] == [
        ("完成立项", "2024-03"), ("完成招标", "2024-06"), ("上线运行", "2024-12")]
    assert [(m.text, m.deadline_month) for m in second.milestones] == [("覆盖50%事项", "2024-09")]
    assert ("D", "一季度", "period") in result.guesses.columns[0].columns


def test_key_value_tables_one_task_each_are_read_as_tasks(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("某区2024年重点任务清单")
    for title, lead, due in (("建设政务平台", "区数据局", "2024年6月底前"), ("推广网上办理", "区政务中心", "2024年12月底前")):
        table = doc.add_table(rows=0, cols=2)
        for key, value in (("任务名称", title), ("具体内容", f"{title}，按期完成。"), ("牵头单位", lead), ("完成时限", due)):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = key, value
        doc.add_paragraph("")
    doc.save(str(tmp_path / "清单.docx"))
    result = parse_plan(tmp_path / "清单.docx")
    assert result.ok, [str(p) for p in result.problems]
    assert [(t.title, t.leads, t.milestones[0].deadline_month) for t in result.plan.tasks] == [
        ("建设政务平台", ("区数据局",), "2024-06"), ("推广网上办理", ("区政务中心",), "2024-12")]


def test_a_time_clause_after_the_units_in_a_bracket_is_the_deadline(tmp_path):
    body = "一、总体要求\n1.统筹推进疫情防控和经济社会发展工作。（国务院各部门分别负责，年内持续推进）\n"
    task = parse_plan(_text(tmp_path, body, "国发〔2020〕6号.txt")).plan.tasks[0]
    assert task.leads == ("国务院各部门",)
    assert [(m.deadline_month, m.ongoing) for m in task.milestones] == [("2024-12", True)]


# -- the second fresh batch (2026-12-07b) -----------------------------------------------------------
_DOTTED = ("一、确保完成全年主要预期目标\n"
           "1{d}全省生产总值增长7%以上。\n牵头负责领导：刘某。\n牵头责任单位：省发展改革委。\n协同责任单位：省政府各部门等。\n"
           "2{d}社会消费品零售总额增长9%左右。\n牵头负责领导：周某。\n牵头责任单位：省商务厅。\n协同责任单位：省财政厅等。\n"
           "3{d}一般公共预算收入增长7%左右。\n牵头负责领导：刘某。\n牵头责任单位：省财政厅。\n协同责任单位：省税务局等。\n")


@pytest.mark.parametrize("dot", ["﹒", "．", "・", "、", "."])
def test_items_numbered_with_any_dot_are_tasks(tmp_path, dot):
    result = parse_plan(_text(tmp_path, _DOTTED.format(d=dot)))
    tasks = result.plan.tasks
    assert [t.leads for t in tasks] == [("省发展改革委",), ("省商务厅",), ("省财政厅",)]
    assert tasks[0].title.startswith("全省生产总值") and not any(p.kind == "stray_line" for p in result.problems)
    assert doubts(result) == []


def test_items_whose_numbering_is_not_read_are_doubted(tmp_path):
    result = parse_plan(_text(tmp_path, _DOTTED.format(d="》")))
    assert len(result.plan.tasks) <= 1
    assert any("不属于任何任务" in d or "只读出" in d for d in doubts(result))


def test_a_table_copied_one_cell_a_line_is_read_back_into_rows(tmp_path):
    cells = ["某县民生实事进度表", "序号", "项目内容", "当前进度", "牵头单位", "备注",
             "1", "新建公办园5所。", "80%（进度滞后）", "县教育局", "市民生实事",
             "2", "建设农村路55公里。", "95%", "县交通局", "县民生实事",
             "3", "新增文化驿站16个。", "100%", "县文广旅体局", "县民生实事"]
    path = tmp_path / "进度表.txt"
    path.write_text("\n\n".join(cells) + "\n", encoding="utf-8")
    result = parse_plan(path)
    assert result.ok and [t.leads for t in result.plan.tasks] == [("县教育局",), ("县交通局",), ("县文广旅体局",)]
    assert result.plan.tasks[1].title.startswith("建设农村路") and all(not m.deadline for m in result.plan.milestones)
    assert doubts(result) == []
    uneven = cells[:12] + cells[13:]  # row 2 lost its 进度 cell
    path.write_text("\n".join(uneven) + "\n", encoding="utf-8")
    result = parse_plan(path)
    assert result.ok and [t.leads for t in result.plan.tasks] == [("县教育局",), ("县交通局",), ("县文广旅体局",)]
    assert any("格数与表头不符" in d for d in doubts(result))


def test_a_progress_column_a_bare_year_and_a_number_in_the_name_cell(tmp_path):
    path = _workbook(tmp_path / "清单.xlsx", {"清单": [
        ["某县民生实事项目清单"],
        ["类别", "项目名称", "建设时间", "工作进度", "责任单位"],
        ["一、教育", "14.改扩建泉山学校", "2024", "80%", "教育体育局"],
        ["一、教育", "15.推进课后服务", "2024", "已完成", "教育体育局"]]})
    result = parse_plan(path)
    first, second = result.plan.tasks
    assert first.title == "改扩建泉山学校" and second.title == "推进课后服务"
    assert [str(m.deadline)[:7] for m in result.plan.milestones] == ["2024-12", "2024-12"]
    assert any(role == "ignore" for _, header, role in result.guesses.columns[0].columns if header.startswith("工作进度"))


def test_units_under_an_unknown_label_with_lead_and_partner_verbs(tmp_path):
    body = ("一、目标\n1.地区生产总值增长6%以上。\n分管省领导：林某\n部门分工：省发展改革委牵头，各地、各部门配合。\n"
            "2.地方一般公共预算收入增长5%左右。\n分管省领导：林某\n落实分工：省财政厅牵头，各地、各部门配合。\n")
    tasks = parse_plan(_text(tmp_path, body)).plan.tasks
    assert [t.leads for t in tasks] == [("省发展改革委",), ("省财政厅",)]
    assert tasks[0].partners == ("各地", "各部门")
    table = _word_table(tmp_path / "分工.docx", [["序号", "重点任务", "分管省领导", "推进分工"],
                                                ["1", "地区生产总值增长6%以上", "林某", "省发展改革委牵头，各地、各部门配合"],
                                                ["2", "地方一般公共预算收入增长5%左右", "林某", "省财政厅牵头，各地、各部门配合"]])
    assert [t.leads for t in parse_plan(table).plan.tasks] == [("省发展改革委",), ("省财政厅",)]


def test_a_task_holding_a_long_text_in_a_plan_of_few_tasks_is_doubted(tmp_path):
    body = "一、目标\n1.推进重点工作。" + "加快项目建设，落实各项措施，确保取得实效。" * 40 + "(区发改局负责)\n"
    result = parse_plan(_text(tmp_path, body))
    assert len(result.plan.tasks) == 1
    assert any("可能把几项任务读成了一项" in d for d in doubts(result))


# -- the third fresh batch (added 2026-12-07c) ---------------------------------------------------
def test_a_web_table_one_row_a_line_with_bars_and_dated_steps_without_a_year(tmp_path):
    body = ("时间:2023-12-22 17:46\n序号 | 工作事项 | 进度安排 | 进展情况 |\n"
            "1 | 启动综合体建设。 | ①2月上旬前,完成设计招标。②3月底前,完成图纸深化设计。 | ①已完成。2月10日,完成设计招标。 |\n"
            "2 | 壮大金融服务业。 | ①3月底前,召开金融联席会议,明确2023年金融指标增长目标。②6月底前,出台贴息政策。 | 已完成 |\n")
    path = tmp_path / "清单.txt"
    path.write_text("某县2023年度重点工作清单\n" + body, encoding="utf-8")
    plan = parse_plan(path).plan
    assert [t.title for t in plan.tasks] == ["启动综合体建设", "壮大金融服务业"]
    # 明确2023年金融指标 names a year's figures: no milestone of its own
    assert [[str(m.deadline)[:7] for m in t.milestones] for t in plan.tasks] == [["2023-02", "2023-03"], ["2023-03", "2023-06"]]


def test_a_table_one_row_a_line_with_single_spaces_between_cells(tmp_path):
    body = ("一、各有关部门要高度重视，牵头部门要加大协调力度。\n二、及时报送进展情况。\n\n量化指标任务分工\n"
            "序号 工 作 任 务 牵头负责部门\n1 居民消费价格涨幅3%左右 发展改革委\n2 城镇新增就业1000万人以上 人力资源社会保障部\n"
            "3 中央财政安排1000亿元专项奖补资金，2016年安排500亿元 财政部\n")
    path = tmp_path / "分工.txt"
    path.write_text("国务院办公厅关于印发2016年量化指标任务分工的通知\n" + body, encoding="utf-8")
    plan = parse_plan(path).plan
    assert [t.leads for t in plan.tasks] == [("发展改革委",), ("人力资源社会保障部",), ("财政部",)]
    assert plan.tasks[0].title.startswith("居民消费价格涨幅3%")
    # 2016年安排500亿元: a dated phrase
    assert [str(m.deadline)[:7] for m in plan.milestones] == ["None", "None", "2016-12"]


def test_cells_between_bar_lines_with_a_group_cell_and_a_starred_lead(tmp_path):
    cells = ["类别", "序号", "任务名称", "任务要求及举措", "责任部门\n(加*号为牵头部门,\n其余为参与部门)", "责任街镇", "完成时间节点",
             "(一)\n持续推进\n示范村建设", "1", "完成示范村\n建设", "完成1个示范村建设。", "区农业农村委*", "浦江镇", "10月底",
             "2", "推进集中居住", "完成年度目标任务。", "区农业农村委*、\n区房管局、\n区财政局", "浦江镇、\n梅陇镇", "12月底",
             "(二)\n全面推进\n农民集中居住", "3", "建设安置基地", "加快建设。", "区房管局*、区财政局", "梅陇镇", "12月底"]
    path = tmp_path / "任务表.txt"
    path.write_text("某区2023年乡村振兴任务表\n|\n" + "\n|\n".join(cells) + "\n", encoding="utf-8")
    plan = parse_plan(path).plan
    assert [s.title for s in plan.sections if s.tasks] == ["持续推进示范村建设", "全面推进农民集中居住"]
    assert [t.leads for t in plan.tasks] == [("区农业农村委",), ("区农业农村委",), ("区房管局",)]
    assert plan.tasks[1].partners == ("区房管局", "区财政局")
    assert [str(m.deadline)[5:7] for m in plan.milestones] == ["10", "12", "12"]


def test_a_starred_unit_in_a_responsible_column_leads_alone(tmp_path):
    path = _workbook(tmp_path / "任务表.xlsx", {"表": [
        ["某区2023年乡村振兴任务表"],
        ["序号", "任务名称", "责任部门(加*号为牵头部门,其余为参与部门)", "完成时间节点"],
        [1, "推进农民相对集中居住", "区农业农村委*、区规划资源局、区房管局", "12月底"]]})
    task = parse_plan(path).plan.tasks[0]
    assert task.leads == ("区农业农村委",) and task.partners == ("区规划资源局", "区房管局")


def test_a_table_one_cell_a_line_with_empty_sections_and_rows_numbered_with_gaps(tmp_path):
    lines = ["某局2025年重点工作任务分解表", "发布时间:2025-06-13 09:13", "序号", "重点工作任务", "主要责任单位", "协同配合单位",
             "一、主要预期目标", "3", "固定资产投资增长7.5%左右。", "区发改委", "区工信局、区住建局。",
             "二、扩投资、优服务", "三、延链条、壮集群", "四、惠民生、增福祉", "68", "持续推进学前教育普及普惠。", "区教育局",
             "区政府有关部门。", "69", "深化合作，引进优质教育资源。", "区教育局", "区投资促进中心。"]
    path = tmp_path / "分解表.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    plan = parse_plan(path).plan
    assert [t.id for t in plan.tasks] == ["3", "68", "69"]
    assert [s.title for s in plan.sections if s.tasks] == ["主要预期目标", "惠民生、增福祉"]
    assert [t.leads for t in plan.tasks] == [("区发改委",), ("区教育局",), ("区教育局",)]


def test_a_heading_that_names_the_lead_after_a_notice_numbered_on_its_own(tmp_path):
    body = ("各乡、镇人民政府，县直各有关单位：\n现将任务分解印发给你们。\n一、责任到人，闭环管理。明确133项具体任务。\n"
            "二、节点管控，动态调度。\n三、协同破题。由牵头单位发挥统筹协调作用。\n附件：1.2025年县政府工作报告任务清单\n"
            "某县人民政府办公室\n2025年5月18日\n附件1\n2025年县政府工作报告任务清单\n一、县示范区管委会牵头工作（3项）\n"
            "1.投资3000万元建设养殖基地。\n2.打造食用菌生产基地。\n3.建设3个劳动密集型产业园。\n")
    path = tmp_path / "任务清单.txt"
    path.write_text(body, encoding="utf-8")
    result = parse_plan(path)
    assert result.plan is not None, result.problems
    assert [t.title for t in result.plan.tasks] == ["投资3000万元建设养殖基地", "打造食用菌生产基地", "建设3个劳动密集型产业园"]
    assert {t.leads for t in result.plan.tasks} == {("县示范区管委会",)}


def test_money_invested_to_build_something_is_measured_as_the_investment():
    from planbook.core.measures import extract_targets

    [target] = extract_targets("投资3000万元建设南美白对虾工厂化循环水养殖基地。")
    assert (target.metric, target.value, target.unit) == ("投资", 3000, "万元")


def test_a_unit_bracket_ending_in_a_deadline_and_partners_joined_by_ji(tmp_path):
    body = ("一、深化改革\n1.加大简政放权力度。全面清理审批事项。（牵头单位:州行政审批服务局;责任单位:州司法局、"
            "州委编办及州直相关单位,各县市人民政府,6月底完成）\n")
    path = tmp_path / "方案.txt"
    path.write_text("湘西自治州2020年深化放管服改革工作方案\n" + body, encoding="utf-8")
    task = parse_plan(path).plan.tasks[0]
    assert task.leads == ("州行政审批服务局",)
    assert task.partners == ("州司法局", "州委编办", "州直相关单位", "各县市人民政府")
    assert [str(m.deadline)[:7] for m in task.milestones] == ["2020-06"]


def test_deadlines_dated_by_the_year_the_text_names_most_are_doubted(tmp_path):
    body = "序号\t任务名称\t责任部门\t完成时间节点\n1\t完成2022年度示范村建设\t区农业农村委\t10月底\n2\t开展2023年度示范村建设\t区农业农村委\t12月底\n" \
           "3\t巩固2022年度建设成果\t区农业农村委\t12月底\n"
    path = tmp_path / "任务表.txt"
    path.write_text(body, encoding="utf-8")
    result = parse_plan(path)
    assert [str(m.deadline)[:4] for m in result.plan.milestones] == ["2022"] * 3
    assert any("按正文中最常见的年份 2022 年推定" in d for d in doubts(result))


def test_a_notices_numbered_annex_list_before_its_signature_is_not_the_plan(tmp_path):
    body = ("各区县人民政府:\n现将有关分解印发给你们,请认真贯彻执行。\n附件:1.2020年重点工作责任分解\n2.十方面民生实事责任分解\n"
            "某市人民政府办公室\n2020年5月22日\n附件1\n2020年重点工作责任分解\n一、市长主抓重点工作\n"
            "1.坚定不移支持企业发展。认真落实各项政策措施。\n责任单位:市经信局、市财政局(列第一位者为工作牵头单位或汇总单位,下同)\n")
    result = parse_plan(_text(tmp_path, body))
    [task] = result.plan.tasks
    assert (task.title, task.leads, task.partners) == ("坚定不移支持企业发展", ("市经信局",), ("市财政局",))


def test_a_page_stored_as_one_line_is_read_item_by_item(tmp_path):
    intro = "今年民生实事项目共有42项任务,各责任单位高度重视,实事项目总体进展情况良好,现将1—6月份进展情况予以公示,接受社会监督。" * 3
    body = (intro + " 1.轨道交通1号线一期工程投入试运营。 牵头领导:林某 责任单位:市轨道交通工程建设指挥部 项目责任人:尹某 "
            "实际完成情况:已于2014年5月30日通车试运营。 2.新增安装300套路口交通信息视频采集设备。 牵头领导:王某 责任单位:市公安局 "
            "项目责任人:王某 配合单位:市城管局、市财政局 鄞州 海曙 合计 年度目标 2 5 实际完成 1 2 "
            "3.新辟公交线路10条。 牵头领导:王某 责任单位:市交通委 项目责任人:劳某 实际完成情况:已完成年度目标任务的55%。\n")
    result = parse_plan(_text(tmp_path, body))
    tasks = result.plan.tasks
    assert [t.leads for t in tasks] == [("市轨道交通工程建设指挥部",), ("市公安局",), ("市交通委",)]
    assert tasks[1].partners == ("市城管局", "市财政局")


def test_a_year_the_text_names_as_past_dates_the_plan_the_year_after(tmp_path):
    body = ("城市创建行动方案\n一、开展整治专项行动\n1.加大违建整治力度。12 月底前全市无违建街(镇)达到总数的 80%。"
            "对 2020 年已达标的街(镇)进行提档升级。\n2.开展背街小巷整治。6 月底前对背街小巷进行梳理。\n")
    path = tmp_path / "方案.txt"
    path.write_text(body, encoding="utf-8")
    result = parse_plan(path)
    assert [str(m.deadline)[:7] for m in result.plan.milestones] == ["2021-12", "2021-06"]
    assert any("往年“2020年已" in d and "2021 年推定" in d for d in doubts(result))


def test_a_page_break_inside_a_tasks_sentence_joins_the_two_parts(tmp_path):
    body = ("某市2021年行动方案\n一、开展整治专项行动\n1.加快老旧小区整治改造。5 月底前开工改造项目 50个。健全便民市场、停车场(位)等生活\n\n"
            "服务设施。继续推进既有住宅增设电梯,12 月底前开工建设 200部。\n2.开展背街小巷整治。6 月底前梳理问题。\n")
    path = tmp_path / "方案.txt"
    path.write_text(body, encoding="utf-8")
    result = parse_plan(path)
    first = result.plan.tasks[0]
    assert [str(m.deadline)[5:7] for m in first.milestones] == ["05", "12"]
    assert not [p for p in result.problems if p.kind == "stray_line"]


def test_short_headings_over_a_deeper_numbering_are_sections_even_with_one_task(tmp_path):
    body = ("各市、州、县人民政府:\n为优化营商环境,提出如下意见。\n一、总体要求\n以新思想为指导,对标一流营商环境,推动高质量发展。\n"
            "二、主要任务\n(一)提高市场开放程度。全面实施市场准入负面清单制度。全面规范市场准入程序。\n")
    result = parse_plan(_text(tmp_path, body))
    [task] = result.plan.tasks
    assert task.title == "提高市场开放程度"


def test_a_row_in_two_sub_rows_each_with_its_own_lead_is_one_task_with_two_steps(tmp_path):
    import openpyxl

    path = _workbook(tmp_path / "表.xlsx", {"分解表": [
        ["2021年重大民生实事项目目标任务责任分解表", None, None, None, None, None],
        ["序号", "项目名称", "主要内容", "区政府分管领导", "牵头单位", "配合单位"],
        ["1", "增加教育资源供给", "实施新建学校重点建设项目12个。", "何某", "教育局", "经开区\n各街道"],
        ["2", "老城厢复兴发展", "完成纪念馆整体提升工程。", "何某", "文体旅局", "晋陵公司"],
        [None, None, "推进核心区改造。", "芮某", "住建局", "五星街道"],
        ["3", "优化养老服务", "为老年人提供居家上门服务。", "张某", "民政局", "各街道"]]})
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("A4:A5")
    book.active.merge_cells("B4:B5")
    book.save(path)
    tasks = parse_plan(path).plan.tasks
    assert [len(t.milestones) for t in tasks] == [1, 2, 1]
    assert tasks[1].leads == ("文体旅局", "住建局")
    assert [m.deadline for m in tasks[1].milestones] == [None, None]


def test_a_count_after_a_date_and_a_bare_verb_measures_what_the_clause_before_names():
    from planbook.core.measures import extract_targets

    [target] = extract_targets("继续推进既有住宅增设电梯,12 月底前开工建设 200部。")
    assert "电梯" in target.metric and "月" not in target.metric
    assert (target.value, target.unit) == (200, "部")


def test_a_share_of_a_total_reached_measures_what_reaches_it():
    from planbook.core.measures import extract_targets

    [target] = extract_targets("12 月底前全市无违建街(镇)达到全市街(镇)总数的 80%。")
    assert (target.metric, target.comparison, target.value, target.unit) == ("全市无违建街", "达到", 80, "%")
    assert extract_targets("保费的60%由财政补贴。") == []


# -- the fifth fresh batch (2026-12-07e) ---------------------------------------------------------
def test_a_content_column_under_an_unknown_header_and_a_number_merged_over_two_rows(tmp_path):
    import openpyxl

    path = _workbook(tmp_path / "表.xlsx", {"民生实事": [
        ["2016年民生实事目标任务分解表", None, None, None],
        ["序号", "民生实事", "责任单位", "完成时限"],
        ["1", "新建2座人行天桥。", "县住建局", "9月投入使用"],
        ["2", "开工建设县老年养护楼。", "县民政局", "5月底前动工"],
        [None, "开工建设老年大学。", None, "12月底前"],
        ["3", "城区再新建1个农贸市场。", "县商务局\n县代建中心", "12月底前"]]})
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("A4:A5")
    book.active.merge_cells("C4:C5")
    book.save(path)
    tasks = parse_plan(path).plan.tasks
    assert [t.title for t in tasks] == ["新建2座人行天桥", "开工建设县老年养护楼", "城区再新建1个农贸市场"]
    assert [str(m.deadline)[:7] for m in tasks[1].milestones] == ["2016-05", "2016-12"]
    assert tasks[2].leads == ("县商务局", "县代建中心")


def test_a_table_copied_one_cell_a_line_with_units_one_a_line_and_a_second_sub_row(tmp_path):
    cells = ["2016年民生实事目标任务分解表", "序号", "民生实事", "责任单位", "完成时限",
             "1", "启动建设东湖湿地公园。", "县水务局", "县住建局", "12月底前",
             "2", "开工建设县老年养护楼。", "县民政局", "5月底前动工", "开工建设老年大学。", "12月底前",
             "3", "城区再新建1个农贸市场。", "县商务局", "12月底前"]
    result = parse_plan(_text(tmp_path, "\n\n".join(cells)))
    tasks = result.plan.tasks
    assert len(tasks) == 3
    assert tasks[0].leads == ("县水务局", "县住建局")
    assert [str(m.deadline)[:7] for m in tasks[1].milestones] == ["2024-05", "2024-12"]


def test_a_key_value_page_copied_one_cell_a_line_is_one_task(tmp_path):
    body = ("具体任务\n全面落实疫情防控措施,1月底前完成方舱医院改造;举办第四届运动会。\n责任单位\n卫健局、文旅局\n"
            "配合单位\n各乡镇\n完成时限\n方舱医院改造1月底前完成;其它事项12月底前取得明显成效\n")
    [task] = parse_plan(_text(tmp_path, body)).plan.tasks
    assert task.leads == ("卫健局", "文旅局")
    assert task.partners == ("各乡镇",)


def test_a_third_labelled_field_neither_leads_nor_partners():
    from planbook.plans.units import ALL, resolve, statements

    found = resolve(statements("牵头单位:市农业农村局;责任单位:市公园城市局;数据提供单位:市统计局"), ALL, False)
    assert (found.leads, found.partners) == (["市农业农村局"], ["市公园城市局"])
    assert any("数据提供单位" in n for n in found.notes)


def test_a_unit_named_in_full_after_a_government_is_a_unit_of_its_own():
    from planbook.plans.units import split_units

    assert split_units("各县区人民政府、园区管委会")[0] == ["各县区人民政府", "园区管委会"]
    assert split_units("各市、县政府")[0] == ["各市、县政府"]


def test_a_section_of_principles_without_units_holds_no_task_in_a_plan_of_unit_paragraphs(tmp_path):
    body = ("一、分工原则\n推动纲要顺利实施,主要依靠市场。分工安排的主要原则:\n一是正确处理政府与市场的关系。重点明确政府责任。\n"
            "二是合理划分市里和县区的责任。重点分解到市直部门。\n二、主要目标和任务分工安排\n(一)约束性指标\n"
            "耕地保有量保持在2000.9万亩。(市国土局牵头)\n单位工业增加值用水量达到省要求标准。(市水利局、市工信局等部门按职责分工负责)\n")
    result = parse_plan(_text(tmp_path, body))
    assert [t.leads for t in result.plan.tasks] == [("市国土局",), ("市水利局",)]
    assert len([s for s in result.plan.sections if s.tasks]) == 1


def test_nianei_before_a_verb_is_the_years_end():
    from planbook.plans.deadlines import prose_deadlines

    [found] = prose_deadlines("有序推进步行街改造提升,年内完成37个老旧小区改造任务。", 2022)
    assert str(found.deadline.date) == "2022-12-31"
    assert prose_deadlines("5年内完成改造。", 2022) == []


def test_dates_with_no_year_anywhere_are_doubted(tmp_path):
    path = tmp_path / "任务.txt"
    path.write_text("具体任务\n推进方舱医院改造。\n责任单位\n卫健局\n完成时限\n1月底前完成\n", encoding="utf-8")
    result = parse_plan(path)
    assert any("没有写年份" in d for d in doubts(result))


def test_a_one_row_table_copied_one_cell_a_line_with_a_header_over_two_lines_and_persons_one_a_line(tmp_path):
    cells = ["附件1", "2022年主要目标任务责任分解表", "序号", "目标名称", "工 作 标 准", "区政府", "分管领导", "牵头单位", "配合单位",
             "1", "四大功能区建设", "(1)老城复兴样板区要见成效,年内完成37个老旧小区改造任务。", "王某某", "胡某某", "住建局",
             "新闸街道、五星街道,发改局"]
    [task] = parse_plan(_text(tmp_path, "\n".join(cells))).plan.tasks
    assert task.leads == ("住建局",)
    assert "王某某" not in task.partners and "发改局" in task.partners
    assert str(task.milestones[0].deadline)[:7] == "2024-12"


# -- the sixth fresh batch (2026-12-07f) ---------------------------------------------------------
def test_a_bureaus_sections_under_a_zeren_keshi_label_lead(tmp_path):
    body = "一、加强党的建设\n1.加强思想理论武装。深入推进理论学习。(责任科室:组干科、机关党委)\n"
    [task] = parse_plan(_text(tmp_path, body)).plan.tasks
    assert task.leads == ("组干科", "机关党委")


def test_a_bare_bracket_of_unit_names_closing_a_task_names_its_units(tmp_path):
    body = ("一、目标分解\n1.地区生产总值增长11%。 (省发展改革委)\n2.单位生产总值能耗下降4.4%。 (省经贸委、发展改革委、建设厅、统计局)\n"
            "3.建设市民服务中心(区政务服务中心)二期工程,年底前投用。\n")
    tasks = parse_plan(_text(tmp_path, body)).plan.tasks
    assert [t.leads for t in tasks[:2]] == [("省发展改革委",), ("省经贸委", "发展改革委", "建设厅", "统计局")]
    assert tasks[2].leads == ()  # a name in brackets inside the text is no unit list


def test_items_of_label_lines_numbered_01_02_are_rows_and_progress_is_not_read(tmp_path):
    body = ("01 项目名称:提升县域生态环境\n项目内容:\n新改建城区公共厕所5座。\n责任单位:\n水务局、城管局\n进展与成效:\n"
            "5月28日已完成开标。\n02 项目名称:加大文化惠民力度\n项目内容:\n新建“城市书房”1个。\n责任单位\n文广旅局\n进展与成效:\n"
            "5月正式开展放映70场次。\n")
    result = parse_plan(_text(tmp_path, body))
    tasks = result.plan.tasks
    assert [(t.title, t.leads) for t in tasks] == [("提升县域生态环境", ("水务局", "城管局")), ("加大文化惠民力度", ("文广旅局",))]
    assert [m.deadline for t in tasks for m in t.milestones] == [None, None]


def test_a_policys_size_and_whom_it_is_for_are_no_targets_but_what_covers_households_is():
    from planbook.core.measures import extract_targets

    assert extract_targets("落实好提振市场信心90条措施。") == []
    assert extract_targets("以全市就业年龄段的7600多名持证残疾人为主要对象,健全就业促进机制。") == []
    [target] = extract_targets("新增覆盖40万户的生活垃圾分类减量区域。")
    assert "垃圾分类" in target.metric and (target.value, target.unit) == (40, "万户")


def test_bing_in_a_compound_word_stays_in_the_metric():
    from planbook.core.measures import extract_targets

    [first, second] = extract_targets("力争并网装机2500万千瓦以上,建成拓展场景应用规模1000万千瓦以上。")
    assert first.metric.startswith("并网装机") and "场景应用规模" in second.metric


# -- the seventh fresh batch of files (2026-12-07g) ----------------------------------------------
def test_items_numbered_with_the_full_stop_as_their_dot(tmp_path):
    body = ("总体要求和主要预期目标\n1。完成年度目标任务。(市政府各部门分别负责,年内持续推进)\n"
            "2。按照人力资源社会保障部要求,完成城镇新增就业目标任务。\n")
    result = parse_plan(_text(tmp_path, body))
    assert result.ok
    first, second = result.plan.tasks
    assert [t.label for t in (first, second)] == ["1", "2"]
    assert first.leads == ("市政府各部门",) and str(first.milestones[0].deadline)[:7] == "2024-12"
    # a time clause after the units is no deadline field: the task without one is read, not refused
    assert second.leads == () and second.milestones[0].deadline is None


def test_a_task_without_a_labelled_deadline_where_the_others_have_one_is_still_refused(tmp_path):
    body = "一、政务\n1.建设平台。上线。(牵头单位:市营商局)\n2.另一项。做完。(完成时限:2022年6月)(牵头单位:市司法局)\n"
    assert [e.kind for e in parse_plan(_text(tmp_path, body)).errors] == ["task_no_milestone"]


def test_a_sentence_after_a_run_of_items_names_their_units(tmp_path):
    body = ("一、关于目标体系设置\n(一)跨越式发展目标。包括5项。\n1.地区生产总值增长15%;\n2.第三产业增加值达到1000亿元;\n"
            "2项目标的责任单位均为市发展改革委。\n3.规模以上工业销售收入达到3000亿元;\n该目标责任单位为市经委。\n"
            "4.实际利用外商直接投资达到8亿美元;\n5.社会消费品零售总额增长16%;\n3项目标的责任单位均为市商务局。\n")
    result = parse_plan(_text(tmp_path, body))
    assert [t.leads for t in result.plan.tasks] == [("市发展改革委",)] * 2 + [("市经委",)] + [("市商务局",)] * 2
    short = [w for w in result.warnings if w.kind == "units_of_items_short"]
    assert [w.value for w in short] == ["3项目标的责任单位均为市商务局。"] and "只有 2 项" in str(short[0])  # 2 before it
    assert any("项数多于" in d for d in doubts(result))


def test_a_page_stored_as_one_line_with_a_heading_and_a_single_item(tmp_path):
    preamble = "2023年是全面贯彻落实党的二十大精神的开局之年,做好新一年的政府工作责任重大。" * 8
    body = (preamble + " 围绕上述目标,我们将重点抓好以下五方面工作: (一)聚力提质增效,塑造产业发展新优势。实体经济是根基所在。"
            " 1.构建现代产业体系。绘制“产业链鱼骨图”,围绕环保设备等产业强链补链。\n")
    result = parse_plan(_text(tmp_path, body))
    [task] = result.plan.tasks
    assert task.title == "构建现代产业体系" and result.plan.sections[0].title.startswith("聚力提质增效")


def test_one_row_copied_one_cell_a_line_cut_after_its_lead_is_a_table(tmp_path):
    cells = ["附件", "2023年区政府工作目标任务落实责任分解表", "序号", "目  标  任  务", "牵头单位", "责任单位", "责任人",
             "一、主要经济社会发展指标等工作目标(牵头领导:成某、柯某某、王某)", "1", "★地区生产总值增长15%。", "区发改局"]
    result = parse_plan(_text(tmp_path, "\n".join(cells)))
    [task] = result.plan.tasks
    assert task.leads == ("区发改局",) and task.title.startswith("★地区生产总值")
    assert any("格数" in d for d in doubts(result))  # the cut row is doubted


def test_figures_of_a_period_gone_by_and_a_count_of_indicators_are_no_targets():
    from planbook.core.measures import extract_targets

    assert extract_targets("1-2月,全市固定资产投资同比下降12.7%,高于全省平均水平1.7个百分点,比去年同期提升5位。") == []
    assert extract_targets("截至3月底,已完成投资20亿元。") == []
    found = extract_targets("确保有效投资增长高于经济增长、4个结构性指标均实现10%以上增长,市县长项目落地率50%以上。")
    assert [(t.value, t.unit) for t in found] == [(10, "%"), (50, "%")] and "结构性指标" in found[0].metric
    [target] = extract_targets("9月底前,完成投资20亿元。")  # a deadline before the comma is no period gone by
    assert target.value == 20


# -- the eighth fresh batch (2026-12-07h) --------------------------------------------------------
def test_the_share_of_what_is_done_named_after_de_is_a_target():
    from planbook.core.measures import extract_targets

    [target] = extract_targets("继续开展确权登记颁证,2015年完成75%以上的确权登记;")
    assert "确权登记" in target.metric and "2015" not in target.metric and (target.value, target.goal) == (75, "75%以上")
    assert extract_targets("对保费的60%给予补贴。") == [] and extract_targets("对占比30%的企业给予补助。") == []


def test_an_annex_prefix_and_a_persons_field_stay_out_of_titles(tmp_path):
    cells = ["附件:2023年区政府工作目标任务落实责任分解表", "附件", "2023年区政府工作目标任务落实责任分解表", "序号", "目标任务",
             "牵头单位", "责任单位", "一、主要经济指标工作目标(牵头领导:成某、柯某某)", "1", "地区生产总值增长15%。", "区发改局", "区统计局"]
    path = tmp_path / "表.txt"
    path.write_text("\n".join(cells), encoding="utf-8")
    plan = parse_plan(path).plan
    assert plan.title == "2023年区政府工作目标任务落实责任分解表"
    assert plan.sections[0].title == "主要经济指标工作目标"
    body = "一、招商引资(分管领导:王某)\n1.引进项目10个。(牵头单位:区商务局)\n"
    assert parse_plan(_text(tmp_path, body)).plan.sections[0].title == "招商引资"


# -- the ninth fresh batch (2026-12-07i) ---------------------------------------------------------
def test_a_row_a_line_table_with_a_group_column_and_cells_wrapped_on_the_page(tmp_path):
    lines = ["序号 类别 主要任务 细化措施 牵头单位 参与单位 责任单位",
             "1 加强水资源保 护 严守开发利用控制红线 实施双控行动。到2020年,用水总量控制在11.88亿立方米以内。 市水利局 市发展改革委 各县(市、区)人民政府",
             "2  严守用水 效率控制 红线 落实用水效率评估体系。到2020年,用水量下降24%。 市水利局 市住房和城乡建设局 各县(市、区)人民政府",
             "3   抓好工业节水。到2020年,高耗水行业达到先进定额标准。 市工业和信息化委、水利局 市发展改革委等 各县(市、区)人民政府"]
    result = parse_plan(_text(tmp_path, "\n".join(lines)))
    tasks = result.plan.tasks
    assert [s.title for s in result.plan.sections] == ["加强水资源保护"]
    assert [t.title for t in tasks[:2]] == ["严守开发利用控制红线", "严守用水效率控制红线"]
    assert [t.leads for t in tasks] == [("市水利局",), ("市水利局",), ("市工业和信息化委", "水利局")]
    assert [str(m.deadline)[:7] for t in tasks for m in t.milestones] == ["2020-12"] * 3


# -- the tenth fresh batch (2026-12-07j) ---------------------------------------------------------
def test_a_table_copied_one_cell_a_line_after_a_long_notice_with_a_spaced_header(tmp_path):
    notice = [f"第{n}段通知正文,请各单位认真组织实施,确保重点工作任务落到实处。" for n in range(1, 36)]
    cells = ["2019年度市政府重点工作任务分解表", "序号", "目   标   与   任   务", "牵头责任单位", "责任单位",
             "      1        ", "扎实推进三大保卫战。削减煤炭消费总量。", "市生态环境局", "各县区政府、开发区管委会",
             "      2        ", "增林地、增绿地、增湿地。", "市自然资源和规划局", "各县区政府、开发区管委会"]
    path = tmp_path / "表.txt"
    path.write_text("\n".join(notice + cells), encoding="utf-8")
    tasks = parse_plan(path).plan.tasks
    assert tasks[0].title.startswith("扎实推进三大保卫战") and tasks[1].title == "增林地、增绿地、增湿地"
    assert [t.leads for t in tasks] == [("市生态环境局",), ("市自然资源和规划局",)]


def test_a_table_copied_one_cell_a_line_whose_number_column_is_empty_is_read_and_doubted(tmp_path):
    cells = ["2020年度市政府重点工作任务分解表", "", "序号", "", "目标与任务", "", "牵头责任单位", "", "责任单位", "",
             "加快推进国土空间规划编制。", "", "市自然资源和规划局", "", "各县(市)区政府、开发区管委会", "",
             "扎实打好污染防治攻坚战。抓好问题整改。", "", "市生态环境局", "", "各县(市)区政府、开发区管委会"]
    path = tmp_path / "表.txt"
    path.write_text("\n".join(cells), encoding="utf-8")
    result = parse_plan(path)
    tasks = result.plan.tasks
    assert [t.leads for t in tasks] == [("市自然资源和规划局",), ("市生态环境局",)]
    assert tasks[1].title.startswith("扎实打好污染防治攻坚战")
    assert [w.kind for w in result.warnings if w.kind == "table_rows_unnumbered"] == ["table_rows_unnumbered"]


def test_a_star_after_an_items_number_is_part_of_its_mark(tmp_path):
    body = "一、优化营商环境\n(一)企业开办。深入推进改革。\n1* .开展“一证多址”改革。对部分许可证实行承诺制。\n2*.开展企业住所标准化登记。建立负面清单。\n"
    tasks = parse_plan(_text(tmp_path, body)).plan.tasks
    assert [t.title for t in tasks] == ["开展“一证多址”改革", "开展企业住所标准化登记"]


@pytest.mark.parametrize("form", ["txt", "xlsx"])
def test_a_row_numbered_in_a_shallower_series_than_the_tasks_naming_no_unit_is_a_group(tmp_path, form):
    rows = [["序号", "目标与任务", "牵头责任单位", "责任单位"],
            ["一、主要预期目标", "", "", ""],
            ["(1)", "地区生产总值增长6%以上。", "市发展改革委", "各县市区政府"],
            ["(2)", "固定资产投资增长6%左右。", "市发展改革委", "各县市区政府"],
            ["二、重点做好九个方面工作", "", "", ""],
            ["(一)加强经济运行调节。", "", "", ""],
            ["1", "大力提振消费。", "", ""],
            ["(3)", "统筹衔接消费券发放。", "市商务局", "市财政局"],
            ["(4)", "设立消费促进基金。", "市发展改革委 市商务局", "市财政局"]]
    if form == "txt":
        path = _text(tmp_path, "\n".join(" | ".join(r) + " |" for r in rows))
    else:
        path = _workbook(tmp_path / "表.xlsx", {"重点工作": rows})
    plan = parse_plan(path).plan
    assert [s.title for s in plan.sections] == ["主要预期目标", "重点做好九个方面工作"]
    assert [t.title for t in plan.tasks] == ["地区生产总值增长6%以上", "固定资产投资增长6%左右", "统筹衔接消费券发放",
                                            "设立消费促进基金"]
    assert plan.tasks[3].leads == ("市发展改革委", "市商务局")


def test_the_count_of_a_plans_own_items_is_no_target():
    from planbook.core.measures import extract_targets

    assert extract_targets("审议通过,确定了10个方面190项重点工作,由某某同志负总责。") == []
    assert extract_targets("2025年度重点工作任务共225项,各责任单位要坚持系统谋划。") == []
    [target] = extract_targets("年内完成5项改革任务。")  # a count of work to be done stays a target
    assert target.value == 5


def test_a_check_list_copied_one_cell_a_line_with_merged_cells_and_a_scoring_office(tmp_path):
    cells = ["2021年某县乡村振兴任务清单", "考核项目", "序号", "考核指标", "考核内容", "单位", "年度目标", "责任部门", "评分部门",
             "农业高质高效", "1", "确保粮食供给", "农林牧渔业增加值增幅", "%", "≥2%", "县海洋与渔业局", "县农业农村局",
             "市海洋渔业局", "2", "粮食安全责任制", "-", "良好以上", "县经济和信息化局", "市商务局",
             "3", "粮食播种面积", "万亩", "0.07", "县农业农村局", "市农业农村局",
             "4", "农业劳动生产率", "万元/人", "全市统筹", "县海洋与渔业局", "县农业农村局", "市海洋渔业局"]
    path = tmp_path / "清单.txt"
    path.write_text("\n\n".join(cells), encoding="utf-8")
    plan = parse_plan(path).plan
    assert [s.title for s in plan.sections] == ["农业高质高效"]
    assert [t.title for t in plan.tasks] == ["农林牧渔业增加值增幅", "粮食安全责任制", "粮食播种面积", "农业劳动生产率"]
    # 责任部门 alone: every listed unit leads; the 评分部门 that scores is neither lead nor partner
    assert [t.leads for t in plan.tasks] == [("县海洋与渔业局", "县农业农村局"), ("县经济和信息化局",), ("县农业农村局",),
                                            ("县海洋与渔业局", "县农业农村局")]
    assert not any("市" in p for t in plan.tasks for p in t.partners)


# -- the twelfth fresh batch (2026-12-07l) -------------------------------------------------------
def test_key_value_lines_with_bars_above_a_numbered_plan_are_no_table(tmp_path):
    lines = ["索 引 号 | 11370828593615886A/2025-00693 | 公开方式 | 主动公开 |",
             "发布机构 | 某县人民政府办公室 | 组配分类 | 某政发 |",
             "成文日期 | 2025-02-28 | 废止日期 | |",
             "有效性 | 有效 |",
             "某县人民政府", "2025年2月28日", "(此件公开发布)",
             "2025年某县政府重要工作事项责任分工",
             "一、2025年主要预期目标",
             "1.地区生产总值增长6%。(牵头单位:县发展和改革局)",
             "2.一般公共预算收入增长3.5%左右。(牵头单位:县财政局)",
             "二、聚力强产业、壮集群",
             "3.修编经济开发区整体规划。(牵头单位:县园区发展服务中心;责任单位:新材料产业园、食品产业园等)"]
    path = tmp_path / "分工.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    plan = parse_plan(path).plan
    assert plan is not None, "the `|` lines of the page's metadata made the file a table with no header"
    assert plan.title == "2025年某县政府重要工作事项责任分工"  # the remark (此件公开发布) starts no title
    assert [len(s.tasks) for s in plan.sections] == [2, 1]
    assert [t.leads for t in plan.tasks] == [("县发展和改革局",), ("县财政局",), ("县园区发展服务中心",)]


@pytest.mark.parametrize("form", ["txt", "xlsx"])
def test_a_star_before_a_unit_in_a_lead_column_marks_the_lead(tmp_path, form):
    rows = [["序号", "主要工作任务", "完成情况", "牵头单位"],
            ["1", "生产总值增长6%。", "一季度,全市实现GDP 178.5亿元、增长5.1%。", "★发改局、经信局、建设局"],
            ["2", "一般公共预算收入增长5%。", "1-5月,收入实现43.92亿元。", "财政局、★税务局"],
            ["3", "城乡居民人均可支配收入增长与经济增长同步。", "上半年预计增长4%。", "发改局、农业农村局"]]
    if form == "txt":
        path = tmp_path / "情况.txt"
        path.write_text("\n".join(" | ".join(r) + " |" for r in rows), encoding="utf-8")
    else:
        path = _workbook(tmp_path / "情况.xlsx", {"完成情况": rows})
    tasks = parse_plan(path).plan.tasks
    # the starred unit leads and the others in its cell take part (as a * after the lead does); no star: all lead
    assert [t.leads for t in tasks] == [("发改局",), ("税务局",), ("发改局", "农业农村局")]
    assert [t.partners for t in tasks] == [("经信局", "建设局"), ("财政局",), ()]


@pytest.mark.parametrize("form", ["xlsx", "text"])
def test_a_units_other_name_in_brackets_right_after_it_is_part_of_its_name(tmp_path, form):
    if form == "xlsx":
        rows = [["序号", "重点工作", "牵头单位", "主要参与单位"],
                ["1", "实施“雄鹰计划”,新增上市企业7家以上。", "区发改局\n(区金融办)\n区经信局", "区科技局、区财政局"],
                ["2", "深化科技企业“双倍增”行动。", "区科技局", "区发改局 （区金融办）、区商务局"]]
        tasks = parse_plan(_workbook(tmp_path / "分解.xlsx", {"分解": rows})).plan.tasks
    else:
        body = ("一、做强产业\n1.实施“雄鹰计划”。[牵头单位:区发改局 (区金融办);责任单位:区科技局]\n"
                "2.深化“双倍增”行动。[牵头单位:区科技局;责任单位:区财政局、(区金融办)]\n")
        tasks = parse_plan(_text(tmp_path, body)).plan.tasks
    assert tasks[0].leads == ("区发改局（区金融办）", "区经信局") if form == "xlsx" else ("区发改局（区金融办）",)
    if form == "xlsx":
        assert tasks[1].partners == ("区发改局（区金融办）", "区商务局")
    else:  # after a 、 a bracket is no name of the unit before it
        assert tasks[1].partners == ("区财政局", "（区金融办）")


def test_a_table_copied_one_cell_a_line_with_a_title_column_merged_down_over_its_tasks(tmp_path):
    cells = ["序号", "项目", "重点工作", "牵头领导", "牵头单位", "主要参与单位",
             "一、在铸强发展引擎上大抓落实",
             "1", "厚植创新发展源动力", "建设城西科创大走廊核心区,推进实验室装置建设。", "梅建胜", "顾国煜", "区科技局",
             "区发改局、未来科技城",
             "2", "深挖名校名院名企资源,加快构建技术创新中心体系。", "顾国煜", "区科技局", "各平台、镇街",
             "3", "壮大科技创新主力军", "深化科技企业“双倍增”行动,新增国家高新技术企业500家。", "顾国煜", "区科技局",
             "各平台、镇街",
             "4", "实施“雄鹰计划”“双百计划”,新增上市企业7家以上。", "姚文华", "顾  斌", "区发改局", "(区金融办)", "区经信局",
             "区科技局、区财政局、区商务局,各平台、镇街"]
    path = tmp_path / "分解.txt"
    path.write_text("\n\n".join(cells), encoding="utf-8")
    plan = parse_plan(path).plan
    # 项目 is merged down on the page: rows 2 and 4 lack its cell, so it names two sub-sections, not the titles
    assert [t.subsection for t in plan.tasks] == ["厚植创新发展源动力"] * 2 + ["壮大科技创新主力军"] * 2
    assert [t.title for t in plan.tasks] == ["建设城西科创大走廊核心区，推进实验室装置建设", "深挖名校名院名企资源，加快构建技术创新中心体系",
                                            "深化科技企业“双倍增”行动，新增国家高新技术企业500家", "实施“雄鹰计划”“双百计划”，新增上市企业7家以上"]
    # persons one a line are no units; a bracketed line after a unit is its other name; the partner cell is kept
    assert plan.tasks[3].leads == ("区发改局（区金融办）", "区经信局")
    assert plan.tasks[3].partners == ("区科技局", "区财政局", "区商务局", "各平台", "镇街")


def test_what_was_achieved_or_is_forecast_is_no_target():
    from planbook.core.measures import extract_targets

    assert extract_targets("一季度,全市(管理口径)实现 GDP 178.5亿元、增长5.1%;预计上半年GDP增长6%。") == []
    assert extract_targets("1-5月,一般公共预算收入实现43.92亿元,增长4.2%,预计1-6月收入实现51.65亿元,增长6.2%。") == []
    # a commitment in the same words stays a target
    [target] = extract_targets("形成现代化产业集群,实现规上工业增加值增长7.5%。")
    assert target.value == 7.5 and "规上工业增加值" in target.metric


def test_a_unit_named_with_a_mark_the_reader_does_not_know_is_doubted(tmp_path):
    rows = [["序号", "主要工作任务", "牵头单位"], ["1", "生产总值增长6%。", "☆发改局、经信局"],
            ["2", "一般公共预算收入增长5%。", "★财政局、税务局"]]
    path = tmp_path / "情况.txt"
    path.write_text("\n".join(" | ".join(r) + " |" for r in rows), encoding="utf-8")
    result = parse_plan(path)
    said = [d for d in doubts(result) if "符号" in d]
    assert len(said) == 1 and "☆发改局" in said[0] and "财政局" not in said[0]  # ★ is read: the lead



def test_a_unit_bracket_left_unread_is_doubted(tmp_path):
    """A task whose text still ends in a bracket of units (…按职责分工负责, with no 牵头) while no
    unit was read from it: the preview names the task (数字广东 2025, 13th batch)."""
    text = ("某市2025年工作要点\n一、总体任务\n"
            "1.推进甲项工作。完善甲项制度。（市发展改革委牵头）\n"
            "2.推进乙项工作。完善乙项制度。（市科技局、市工业和信息化局按职责分工负责，各区人民政府结合实际落实）\n"
            "3.推进丙项工作。完善丙项制度。（市财政局牵头）\n")
    path = tmp_path / "要点.txt"
    path.write_text(text, encoding="utf-8")
    result = parse_plan(path)
    assert not result.plan.task("2").leads and not result.plan.task("2").partners
    assert [d for d in doubts(result) if "括注了责任单位" in d] == [
        "任务 2 的文字末尾括注了责任单位，但没有读出牵头或配合单位：请核对这几项任务的牵头单位和配合单位"]


def test_a_title_of_several_sentences_is_doubted():
    """A Word table whose task cell holds several sentences: the whole cell is the title, and
    the preview names those tasks (连云港 2023 民生实事, 13th batch); a plan with one-sentence
    titles has no such doubt."""
    result = parse_plan(DATA / "lianyungang2023_minsheng_shishi_table.docx")
    assert "。" in result.plan.task("5").title.rstrip("。")
    assert any(d.startswith("任务 1、3、5 的标题不止一句") for d in doubts(result))
    assert not any("标题不止一句" in d for d in doubts(parse_plan(DATA / "lianyungang2023_minsheng_shishi.txt")))
