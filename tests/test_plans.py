"""The plan parser: the seed's exact counts, every accepted variant of the text, and a
located error for each kind of malformed plan."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from planbook.cli import main
from planbook.plans import SEED_TITLE, parse_deadline, parse_plan, parse_text
from planbook.base.resources import seed_path


def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")


def test_the_seed_parses_to_the_published_counts(seed_plan):
    assert len(seed_plan.sections) == 4
    assert len(seed_plan.tasks) == 75
    assert len(seed_plan.milestones) == 222
    assert len(seed_plan.agencies) == 50
    assert set(seed_plan.deadline_months) == {"2022-06", "2022-12", "2023-06", "2023-12", "2024-12"}
    assert [t.number for t in seed_plan.tasks] == list(range(1, 76))
    ongoing = {m.task_id for m in seed_plan.milestones if m.ongoing}
    assert ongoing == {"2", "3"}
    assert [s.label for s in seed_plan.sections] == ["一、政务环境", "二、法治环境", "三、市场环境", "四、城市氛围"]


def test_a_task_keeps_title_text_milestones_and_leads_in_order(seed_plan):
    task = seed_plan.task(1)
    assert task.title == "加快推进“一网通办”，深化政务服务能力建设"
    assert task.text.startswith(task.title + "。建设政务服务主题数据库。")
    assert [m.id for m in task.milestones] == ["1-1", "1-2", "1-3"]
    assert task.milestones[0].text == "建设政务服务主题数据库。"
    assert task.milestones[0].deadline == date(2022, 6, 30)
    assert task.milestones[2].deadline == date(2023, 12, 31)
    assert seed_plan.task(2).leads == ("市营商局", "市创新创业创投服务中心")
    assert seed_plan.task(75).leads == ("市医保局", "市交通运输局", "市教育局")
    m = seed_plan.milestone("2-2")
    assert m.ongoing and m.deadline == date(2022, 12, 31) and m.deadline_text == "2022年12月，持续推进"


def test_the_stray_bar_at_the_end_of_the_seed_is_a_warning_with_its_line():
    result = parse_plan(seed_path())
    assert result.ok
    assert [(p.kind, p.line, p.value) for p in result.warnings] == [("stray_line", 80, "|")]


def _fullwidth(text: str) -> str:
    return text.replace("(", "（").replace(")", "）").replace(":", "：").replace(",", "，")


def _spaced(text: str) -> str:
    """Sections written 一、…, stray spaces around labels and punctuation."""
    out = []
    for line in text.splitlines():
        if line[:1] in "一二三四" and line[1:2] == " ":
            line = line[0] + "、" + line[2:]
        out.append(" " + line.replace("(完成时限:", "( 完成时限 : ").replace("(牵头单位:", "（牵头单位： ") + "  ")
    return "\n".join(out)


@pytest.mark.parametrize("variant", [_fullwidth, _spaced], ids=["full-width", "spaced"])
def test_ascii_and_fullwidth_and_spaced_forms_give_the_same_model(seed_plan, variant):
    other = parse_text(variant(seed_text()), title=SEED_TITLE)
    assert other.ok, [str(p) for p in other.errors]
    assert other.plan.to_dict(include_source=False) == seed_plan.to_dict(include_source=False)
    assert other.plan.fingerprint == seed_plan.fingerprint


def test_the_docx_form_gives_the_same_model(seed_plan, tmp_path):
    import docx

    document = docx.Document()
    for line in seed_text().splitlines():
        document.add_paragraph(_fullwidth(line))
    path = tmp_path / "plan.docx"
    document.save(path)
    result = parse_plan(path, title=SEED_TITLE)
    assert result.ok, [str(p) for p in result.errors]
    assert result.plan.fingerprint == seed_plan.fingerprint


def test_a_task_wrapped_over_paragraphs_in_a_docx_is_joined(tmp_path):
    import docx

    document = docx.Document()
    for line in ["一 打造政务环境", "1.建设平台。上线系统。(完成时限:2022年6月)", "推广应用。(完成时限:2023年底)(牵头单位:市营商局)"]:
        document.add_paragraph(line)
    path = tmp_path / "wrapped.docx"
    document.save(path)
    result = parse_plan(path)
    assert result.ok
    assert [m.text for m in result.plan.task(1).milestones] == ["上线系统。", "推广应用。"]


def test_label_variants_and_deadline_forms():
    text = "\n".join([
        "一、打造政务环境",
        "1.建设平台。上线系统。(完成时限:2023年底)推广。(完成时限:2024年6月底前,持续推进)(责任单位:市营商局;市大数据中心)(配合单位:市财政局)",
    ])
    result = parse_text(text)
    assert result.ok, [str(p) for p in result.problems]
    task = result.plan.task(1)
    assert task.leads == ("市营商局", "市大数据中心")
    assert task.partners == ("市财政局",)
    assert [(m.deadline, m.ongoing) for m in task.milestones] == [(date(2023, 12, 31), False), (date(2024, 6, 30), True)]
    assert result.plan.has_partners


@pytest.mark.parametrize("text,expected", [
    ("2022年12月", (date(2022, 12, 31), False)),
    ("2022年6月", (date(2022, 6, 30), False)),
    ("2022年12月,持续推进", (date(2022, 12, 31), True)),
    ("2023年底", (date(2023, 12, 31), False)),
    ("2023年6月底前", (date(2023, 6, 30), False)),
    ("2024年2月", (date(2024, 2, 29), False)),
    ("2023年上半年", (date(2023, 6, 30), False)),
    ("2022年13月", None),
    ("年底", None),
    ("尽快", None),
])
def test_deadlines(text, expected):
    assert parse_deadline(text) == expected


MALFORMED = {
    "task_no_lead": ("1.建设平台。上线。(完成时限:2022年6月)", 2),
    "milestone_no_deadline": ("1.建设平台。上线。(完成时限:2022年6月)再推广到全市。(牵头单位:市营商局)", 2),
    "bracket_unbalanced": ("1.建设平台。上线(一期。(完成时限:2022年6月)(牵头单位:市营商局)", 2),
    "deadline_invalid": ("1.建设平台。上线。(完成时限:2022年13月)(牵头单位:市营商局)", 2),
    "task_no_milestone": ("1.建设平台。上线。(牵头单位:市营商局)", 2),
}


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_each_malformed_task_gives_its_located_error(kind):
    line, lineno = MALFORMED[kind]
    result = parse_text("一 打造政务环境\n" + line + "\n2.另一项。做完。(完成时限:2022年6月)(牵头单位:市司法局)", source="bad.txt")
    errors = result.errors
    assert [e.kind for e in errors] == [kind]
    assert errors[0].line == lineno and errors[0].task_id == "1" and errors[0].file == "bad.txt"
    assert "第 2 行" in str(errors[0]) and "任务 1" in str(errors[0])
    assert not result.ok


def test_duplicate_and_skipped_task_numbers_are_warnings_with_lines_and_the_plan_is_read():
    # real plans skip withheld items (14 -> 21) and repeat numbers: reported, never refused (issues 9, 21)
    lines = ["一 打造政务环境"] + [f"{n}.任务{n}。做。(完成时限:2022年6月)(牵头单位:市营商局)" for n in (1, 2, 2, 5)]
    result = parse_text("\n".join(lines))
    assert result.ok and result.errors == []
    assert [(w.kind, w.line, w.value) for w in result.warnings] == [("task_number_duplicate", 4, "2"),
                                                                    ("task_number_skipped", 5, "5")]
    tasks = result.plan.tasks
    assert [t.number for t in tasks] == [1, 2, 3, 4]  # renumbered in plan order, internally
    assert [t.label for t in tasks] == ["1", "2", "2", "5"]  # what documents cite: the numbers printed
    assert result.guesses.numbering.startswith("序号重复或倒序：按出现顺序编为")


def test_a_file_with_no_plan_in_it_is_an_error_not_a_traceback(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("这不是方案\n", encoding="utf-8")
    result = parse_plan(path)
    assert result.plan is None and [e.kind for e in result.errors] == ["plan_empty"]


def test_gb18030_text_is_read(tmp_path, seed_plan):
    path = tmp_path / "gbk.txt"
    path.write_bytes(seed_text().encode("gb18030"))
    result = parse_plan(path, title=SEED_TITLE)
    assert result.plan.fingerprint == seed_plan.fingerprint


def test_cli_parse_prints_a_summary_and_writes_json(tmp_path):
    runner = CliRunner()
    out = tmp_path / "plan.json"
    result = runner.invoke(main, ["parse", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 个领域，75 项任务，222 个节点，50 个牵头单位" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["sections"]) == 4 and data["sections"][0]["tasks"][0]["milestones"][0]["id"] == "1-1"


def test_cli_parse_of_a_broken_plan_exits_non_zero_with_located_errors(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("一 打造政务环境\n1.建设。上线。(完成时限:2022年6月)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 1
    assert "bad.txt，第 2 行，任务 1" in result.output and "牵头单位" in result.output
