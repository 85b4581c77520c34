"""`planbook demo`: the whole cycle on the seed, with the article's facts in the returns."""

from __future__ import annotations

import re

import docx
import pytest
from click.testing import CliRunner

from planbook.cli import main
from planbook.demo import ARTICLE_FACTS, SILENT_AGENCIES, run_demo
from planbook.record import QuarterRecord
from planbook.resources import seed_article


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return run_demo(tmp_path_factory.mktemp("demo"))


def test_every_output_of_the_cycle_is_written(demo):
    for label in ("总表", "汇总表", "汇总记录", "回执明细", "问题清单", "督查通报"):
        assert demo.outputs[label].exists(), label
    assert (demo.folder / "2023Q1" / "record.json").exists()  # the previous quarter, for comparison


def test_facts_from_the_article_reach_the_record_and_the_report(demo):
    record = QuarterRecord.load(demo.outputs["汇总记录"])
    assert "211项" in record.status_of("4-1").progress
    assert "1726个" in record.status_of("23-1").progress and "146万笔" in record.status_of("23-1").progress
    text = "\n".join(p.text for p in docx.Document(demo.outputs["督查通报"]).paragraphs)
    assert "关于2023年第二季度" in text and "一、总体情况" in text


def test_article_facts_are_quoted_from_the_article():
    article = re.sub(r"\s+", "", seed_article())
    for milestone_id, fact in ARTICLE_FACTS.items():
        for number in re.findall(r"\d+(?:\.\d+)?", fact):
            assert number in article, (milestone_id, number)


def test_silent_agencies_are_missing_and_mistakes_are_found(demo):
    record = QuarterRecord.load(demo.outputs["汇总记录"])
    assert record.missing_agencies == list(SILENT_AGENCIES)
    kinds = {(p.agency, p.kind) for p in record.problems}
    assert ("市司法局", "status_invalid") in kinds and ("市税务局", "done_without_progress") in kinds
    superseded = [r for r in record.returns if r.superseded_by]
    assert [r.agency for r in superseded] == ["市营商局"]


def test_cli_demo_prints_where_each_output_is(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "督查通报：" in result.output and "未报送：市人大常委会法工委" in result.output
