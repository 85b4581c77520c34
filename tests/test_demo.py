"""`planbook demo`: the whole cycle on the seed, with the article's facts in the returns."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from planbook.tools.demo import ARTICLE_FACTS, SILENT_AGENCIES
from planbook.store.record import QuarterRecord
from planbook.base.resources import seed_article


@pytest.fixture(scope="module")
def demo(seed_demo):
    return seed_demo


def test_every_output_of_the_cycle_is_written(demo):
    for label in ("总表", "汇总表", "汇总记录", "回执明细", "问题清单", "督查通报", "台账"):
        assert demo.outputs[label].exists(), label
    for quarter in ("2023Q2", "2023Q3"):  # the quarters before, for the ledger and the comparison
        assert (demo.folder / quarter / "record.json").exists()
        assert (demo.folder / quarter / f"{quarter}_督查通报.docx").exists()


def test_three_quarters_show_what_a_ledger_is_for(demo):
    from planbook.tools.demo import SILENT_AGENCIES
    from planbook.ledger.lines import Ledger

    q3 = QuarterRecord.load(demo.folder / "2023Q3")
    q4 = QuarterRecord.load(demo.outputs["汇总记录"])
    # an agency that skips the last quarter: its answers stand, shown as reported in 2023Q3
    skipped = "市文化和旅游局"
    assert skipped in q4.missing_agencies and skipped not in q3.missing_agencies
    carried = [e for e in q4.entries if e.agency == skipped]
    assert carried and all(e.reported_in == "2023Q3" for e in carried)
    # completion declared with its month; done work is closed and kept
    done = [e for e in q4.entries if e.status == "已完成" and not e.reported_in]
    assert done and all(e.done_month for e in done)
    # a regression, explained: a warning, not an error
    regressed = [p for p in q4.problems if p.kind == "status_regressed"]
    assert len(regressed) == 1 and not regressed[0].is_error
    # an extension granted before the last collect moves the deadline
    extended = [m for m in q4.milestones if m.extended_to]
    assert extended and not any(m.overdue for m in extended)
    ledger = Ledger.load(demo.folder)
    assert any(line.extensions for line in ledger.lines.values())
    # the plan revised before the last quarter (an agency renamed): the ledger carried over, and the
    # workbook it was sent before the revision still counts, with a notice
    assert ledger.versions and ledger.versions[-1]["renames"] == {"市金融发展局": "市委金融办"}
    assert [p.agency for p in q4.problems if p.kind == "plan_revised"] == ["市委金融办"]
    assert q4.agency_entries("市委金融办") and not q4.agency_entries("市金融发展局")
    assert set(SILENT_AGENCIES) <= set(q4.missing_agencies)
    # the report lists the extensions granted
    text = "\n".join(p.text for p in docx.Document(demo.outputs["督查通报"]).paragraphs)
    granted = q4.extensions[0]
    assert "经批准延期" in text and f"{granted['milestone_id']}（{granted['agency']}，延至" in text


def test_facts_from_the_article_reach_the_record_and_the_report(demo):
    record = QuarterRecord.load(demo.outputs["汇总记录"])
    assert "211项" in record.status_of("4-1").progress
    assert "1726个" in record.status_of("23-1").progress and "146万笔" in record.status_of("23-1").progress
    text = "\n".join(p.text for p in docx.Document(demo.outputs["督查通报"]).paragraphs)
    assert "关于2023年第四季度" in text and "一、总体情况" in text


def test_article_facts_are_quoted_from_the_article():
    article = re.sub(r"\s+", "", seed_article())
    for milestone_id, fact in ARTICLE_FACTS.items():
        for number in re.findall(r"\d+(?:\.\d+)?", fact):
            assert number in article, (milestone_id, number)


def test_silent_agencies_are_missing_and_mistakes_are_found(demo):
    record = QuarterRecord.load(demo.outputs["汇总记录"])
    assert [a for a in record.missing_agencies if a in SILENT_AGENCIES] == list(SILENT_AGENCIES)
    kinds = {(p.agency, p.kind) for p in record.problems}
    assert ("市司法局", "status_invalid") in kinds and ("市税务局", "done_without_progress") in kinds
    superseded = [r for r in record.returns if r.superseded_by]
    assert [r.agency for r in superseded] == ["市营商局"]


def test_cli_demo_prints_where_each_output_is(demo):
    assert "督查通报：" in demo.output and "驾驶舱：" in demo.output and "未报送：市人大常委会法工委" in demo.output
    for line in demo.output.splitlines():  # every output it lists is there
        if line.startswith("  ") and "：" in line:
            assert Path(line.split("：", 1)[1].strip()).exists(), line


def test_the_2023Q2_report_shows_the_articles_actuals_against_their_targets(demo):
    """211 “一件事” against the 200 of milestone 1-3 (the issue names 4-1, which carries no
    number), 300 全市通办 against 不少于300 (4-2), 网上立案率 85% against 75% (39-1)."""
    from planbook.plans import seed_plan
    from planbook.store.record import QuarterRecord
    from planbook.report import write_report

    record = QuarterRecord.load(demo.folder / "2023Q2")  # the targets table is an option of the 通报
    path = write_report(seed_plan(), record, demo.folder / "targets" / "2023Q2_督查通报.docx",
                        config={"options": {"targets": True}})
    document = docx.Document(path)
    assert any("目标任务完成情况表" in p.text for p in document.paragraphs)
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells][:3] == ["序号", "节点", "指标"]]
    assert len(tables) == 1
    table = tables[0]
    assert [c.text for c in table.rows[0].cells][:5] == ["序号", "节点", "指标", "目标值", "完成值"]
    rows = {(r.cells[1].text, r.cells[3].text): [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows[("1-3", "达到200种")][4] == "211种" and rows[("1-3", "达到200种")][8].startswith("达标")
    assert rows[("4-2", "不少于300项")][4] == "300项" and rows[("4-2", "不少于300项")][8].startswith("达标")
    assert rows[("39-1", "达到75%")][4] == "85%" and rows[("39-1", "达到75%")][8] == "达标"


def test_the_agency_workbooks_carry_the_target_cells(demo):
    import openpyxl

    from planbook.xlsx.layout import TARGETS_SHEET

    wb = openpyxl.load_workbook(demo.folder / "2023Q2" / "下发" / "2023Q2_市营商局.xlsx", read_only=True)
    goals = [r[4] for r in wb[TARGETS_SHEET].iter_rows(min_row=4, values_only=True)]
    assert "达到200种" in goals and "不少于300项" in goals


def test_status_says_where_the_demo_stands(demo):
    """The demo folder is a workspace: its plan recorded, its own office, three quarters done."""
    from click.testing import CliRunner

    from planbook.cli import main

    done = CliRunner().invoke(main, ["status", "--workspace", str(demo.folder)])
    assert done.exit_code == 0, done.output
    assert "大连市方案" in done.output and "注意" not in done.output  # the demo office holds nothing back
    for q in ("2023Q2", "2023Q3", "2023Q4"):
        assert f"{q}（" in done.output
    assert "已汇总（采用回执 47 份" in done.output and "督办单和提醒函" in done.output and "下一步" in done.output
    report = CliRunner().invoke(main, ["report", "-q", "2023Q4", "-d", str(demo.folder / "2023Q4")])
    assert report.exit_code == 0, report.output  # a command in the demo folder finds the revised plan
