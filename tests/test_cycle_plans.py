"""The whole cycle — export, returns, collect, report — on every real plan of
``tests/data/plans/``: plans without deadlines, without leads, with sub-sections, read from
text, Word and Excel. No traceback, and what the office sees holds together."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from kit.corpus import corpus_param

from planbook.tools.demo import run_demo
from planbook.xlsx.layout import NO_DEADLINE, plan_grouping, plan_slots, workbook_layout
from planbook.core.model import NO_LEAD
from planbook.plans import load_plan
from planbook.store.record import QuarterRecord

DATA = Path(__file__).resolve().parent / "data" / "plans"
PLANS = sorted(p.name for p in DATA.iterdir() if p.suffix in (".txt", ".docx", ".xlsx"))
FAST = ("guobanfa2019_youeryuan.txt", "guofa2018_wenjiuye.docx", "lishui2023_zerenfenjie.xlsx")
"""One plan of each form in the fast lane (no deadlines, Word paragraphs, an Excel 分工表);
every plan of the corpus in the slow lane."""


@pytest.mark.parametrize("name", [corpus_param(n) if n in FAST else corpus_param(n, pytest.mark.slow) for n in PLANS])
def test_the_cycle_runs_on_every_real_plan(tmp_path, name):
    plan = load_plan(DATA / name)
    result = run_demo(tmp_path, "2023Q2", plan=plan, jobs=1)
    record = QuarterRecord.load(result.outputs["汇总记录"])
    assert record.plan_fingerprint == plan.fingerprint
    assert len(record.milestones) == len(plan.milestones)
    for status in record.milestones:
        m = plan.milestone(status.milestone_id)
        if m.deadline is None:  # never overdue: reported by its status
            assert not status.due and not status.overdue
    text = "\n".join(p.text for p in docx.Document(result.outputs["督查通报"]).paragraphs)
    assert "《》" not in text and "《《" not in text
    slots = plan_slots(plan)
    assert 1 <= len(slots) <= 40
    if any(m.deadline is None for m in plan.milestones):
        assert slots[-1].key == NO_DEADLINE or plan_grouping(plan) == "order"
    if not all(t.leads for t in plan.tasks):
        assert NO_LEAD in plan.agency_names and workbook_layout(plan, NO_LEAD).sheets
