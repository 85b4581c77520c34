"""Synthetic plans: the benchmark's data must be realistic, deterministic, and readable by
the parser exactly as built."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

import pytest

from planbook.core.statuses import STATUSES
from planbook.xlsx.layout import workbook_layout
from planbook.plans import parse_text
from planbook.tools.synth import SCALES, fill_values, plan_text, synthetic_plan, synthetic_plan_text


@pytest.fixture(scope="module")
def plan():
    return synthetic_plan(300, 6, 80, seed=3)


def test_it_has_the_size_asked_for(plan):
    assert len(plan.tasks) == 300
    assert len(plan.sections) == 6
    assert len(plan.agencies) == 80  # every agency leads something when tasks >= agencies
    assert [t.number for t in plan.tasks] == list(range(1, 301))
    assert {len(s.tasks) for s in plan.sections} == {50}


def test_its_shape_is_realistic(plan):
    assert {len(t.milestones) for t in plan.tasks} <= {1, 2, 3, 4}
    assert {len(t.leads) for t in plan.tasks} <= {1, 2, 3}
    assert all(len(set(t.leads)) == len(t.leads) for t in plan.tasks)
    assert all(20 <= len(t.title) <= 40 for t in plan.tasks)
    assert all(40 <= len(m.text) <= 150 for m in plan.milestones)
    assert all(re.fullmatch(r"市\S+(局|委|办|中心)", a) for a in plan.agency_names)
    assert all(re.fullmatch(r"打造\S+的\S+", s.title) for s in plan.sections)
    assert all(list(m.deadline for m in t.milestones) == sorted(m.deadline for m in t.milestones) for t in plan.tasks)
    assert any(m.ongoing for m in plan.milestones)
    # a few agencies lead many tasks, as in real plans
    counts = Counter(a for t in plan.tasks for a in t.leads)
    assert max(counts.values()) >= 5 * min(counts.values())


def test_it_is_deterministic_across_processes(plan):
    code = "from planbook.tools.synth import synthetic_plan; print(synthetic_plan(300, 6, 80, seed=3).fingerprint)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == plan.fingerprint
    assert synthetic_plan(300, 6, 80, seed=4).fingerprint != plan.fingerprint


@pytest.mark.parametrize("size", [(300, 6, 80, 3), (40, 12, 100, 0), (5, 1, 1, 0), (1500, 8, 500, 0)])
def test_the_parser_reads_its_text_back_as_the_same_plan(size):
    plan = synthetic_plan(*size)
    result = parse_text(synthetic_plan_text(*size))
    assert result.ok and not result.problems
    assert result.plan.fingerprint == plan.fingerprint
    assert result.plan.tasks == plan.tasks
    assert result.plan.title == plan.title


def test_its_text_is_in_the_official_form(plan):
    lines = plan_text(plan).splitlines()
    assert lines[0] == plan.title
    assert lines[1] == f"一 {plan.sections[0].title}"
    task = plan.tasks[0]
    assert lines[2].startswith(f"1.{task.title}。{task.milestones[0].text}(完成时限:")
    assert lines[2].endswith(f"(牵头单位:{'、'.join(task.leads)})")
    assert re.search(r"\(完成时限:20\d\d年(\d{1,2}月|底)(，持续推进)?\)", lines[2])


def test_the_seed_plan_renders_to_text_the_parser_reads_back(seed_plan):
    result = parse_text(plan_text(seed_plan), title=seed_plan.title)
    assert result.ok
    assert result.plan.fingerprint == seed_plan.fingerprint


def test_the_benchmark_scales_are_the_documented_ones():
    assert SCALES == {"x20": (1500, 8, 500), "x100": (7500, 10, 1000)}


def test_fill_values_answers_exactly_the_agencys_input_cells(plan):
    agency = plan.agency_names[0]
    values = fill_values(plan, agency, seed=1)
    layout = workbook_layout(plan, agency)
    cells = {(c.milestone.id, c.field.key) for c in layout.input_cells()}
    cells |= {(r.milestone.id, f"actual{r.n}") for r in (layout.targets.rows if layout.targets else ())}  # 完成值
    assert values and set(values) <= cells
    statuses = {k[0]: v for k, v in values.items() if k[1] == "status"}
    assert set(statuses.values()) <= set(STATUSES)
    for (milestone_id, key), text in values.items():
        assert text and milestone_id in statuses  # an unreported milestone is blank throughout
        if key == "progress":
            assert len(text) >= 30


def test_fill_values_is_realistic_and_deterministic(plan):
    every = {}
    for agency in plan.agency_names:
        every.update({(agency, *k): v for k, v in fill_values(plan, agency, seed=1).items()})
    statuses = Counter(v for k, v in every.items() if k[2] == "status")
    assert set(statuses) == set(STATUSES)
    assert statuses.most_common(1)[0][0] == "已完成"
    reported = sum(statuses.values())
    assert 0.9 * plan_entries(plan) < reported < plan_entries(plan)  # a few left unreported
    agency = plan.agency_names[5]
    assert fill_values(plan, agency, seed=1) == fill_values(plan, agency, seed=1)
    assert fill_values(plan, agency, seed=1) != fill_values(plan, agency, seed=2)


def plan_entries(plan) -> int:
    return sum(len(t.milestones) * len(t.leads) for t in plan.tasks)


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError):
        synthetic_plan(0, 1, 1)
    with pytest.raises(ValueError):
        synthetic_plan(200, 100, 10)  # section numerals stop at 九十九


def test_cli_synth_writes_a_plan_the_parser_reads_back(tmp_path):
    from click.testing import CliRunner

    from planbook.cli import main
    from planbook.plans import parse_plan
    from planbook.tools.synth import synthetic_plan

    out = tmp_path / "big.txt"
    result = CliRunner().invoke(main, ["synth", "--tasks", "120", "--sections", "4", "--agencies", "30",
                                       "--seed", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    parsed = parse_plan(out)
    assert parsed.ok and parsed.plan.fingerprint == synthetic_plan(120, 4, 30, seed=5).fingerprint
