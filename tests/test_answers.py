"""The one generator of plausible answers (demo, synthetic benchmarks, tests)."""

from __future__ import annotations

import random
from collections import Counter

from planbook.tools.answers import answer, fill_agency
from planbook.core.statuses import BEHIND, DONE, ON_TRACK, STATUSES
from planbook.xlsx.layout import actual_key, workbook_layout
from planbook.core.measures import parse_actual
from planbook.core.quarter import Quarter


def test_answers_fit_the_agencys_cells_and_read_like_returns(seed_plan):
    agency = "市营商局"
    values = fill_agency(seed_plan, agency, "2023Q2", random.Random(1))
    layout = workbook_layout(seed_plan, agency)
    cells = {(c.milestone.id, c.field.key) for c in layout.input_cells()}
    targets = {(r.milestone.id, actual_key(r.n)): r.target for r in layout.targets.rows}
    assert values and set(values) <= cells | set(targets)
    assert set(values) & set(targets)  # some 完成值 are filled in, each a number in its target's unit
    for (mid, key), text in values.items():
        assert text
        if (mid, key) in targets:
            assert parse_actual(text, targets[(mid, key)].unit) is not None, text
        if key == "status":
            assert text in STATUSES and len(values[(mid, "progress")]) >= 30
            if text == DONE:  # a completion month, no later than the quarter
                assert "2023年" in values[(mid, "done_month")] or "2022年" in values[(mid, "done_month")]
            if text == BEHIND:
                assert values[(mid, "expected_month")] and values[(mid, "issues")]


def test_due_milestones_are_mostly_done_and_later_ones_mostly_on_track(seed_plan):
    q = Quarter(2023, 2)
    rng = random.Random(3)
    due = Counter(answer(m, q, rng).get("status") for m in seed_plan.milestones if m.deadline <= q.end)
    later = Counter(answer(m, q, rng).get("status") for m in seed_plan.milestones if m.deadline > q.next.end)
    assert due.most_common(1)[0][0] == DONE and later.most_common(1)[0][0] == ON_TRACK


def test_a_fact_is_quoted_and_the_same_seed_gives_the_same_answers(seed_plan):
    m = seed_plan.milestone("4-1")
    got = answer(m, Quarter(2023, 2), random.Random(1), fact="上线“一件事一次办”211项。")
    assert got["progress"] == "上线“一件事一次办”211项。" and got["status"] in (DONE, ON_TRACK)
    a = fill_agency(seed_plan, "市营商局", "2023Q2", random.Random(5), unreported=0.2)
    b = fill_agency(seed_plan, "市营商局", "2023Q2", random.Random(5), unreported=0.2)
    assert a == b and len({k[0] for k in a}) < len([m for t in seed_plan.tasks_of("市营商局") for m in t.milestones])
