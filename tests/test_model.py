"""The plan model: navigation, identity, frames for office scripts, and its dict form."""

from __future__ import annotations

import json

from planbook.model import Plan


def test_frames_for_office_scripts(seed_plan):
    tasks = seed_plan.tasks_frame()
    assert len(tasks) == 75 and list(tasks["task_id"][:3]) == ["1", "2", "3"]
    milestones = seed_plan.milestones_frame()
    assert len(milestones) == sum(len(t.milestones) * len(t.leads) for t in seed_plan.tasks)
    assert set(milestones.columns) >= {"section", "task_id", "milestone_id", "agency", "deadline", "ongoing", "text"}


def test_navigation_finds_tasks_milestones_and_agencies(seed_plan):
    assert seed_plan.task("7").id == "7" and seed_plan.task(7) is seed_plan.task("7")
    assert seed_plan.milestone("7-2").id == "7-2"
    assert seed_plan.find_task("999") is None
    agency = seed_plan.agencies[0]
    assert [t.id for t in seed_plan.tasks_of(agency.name)] == list(agency.task_ids)
    assert seed_plan.tasks_of("没有这个单位") == ()
    assert seed_plan.section_of(seed_plan.task("1")).index == 1


def test_the_dict_form_gives_back_the_same_plan(seed_plan):
    data = json.loads(json.dumps(seed_plan.to_dict(), ensure_ascii=False))
    again = Plan.from_dict(data)
    assert again == seed_plan
    assert again.fingerprint == seed_plan.fingerprint == data["fingerprint"]
    assert again.source == seed_plan.source


def test_the_fingerprint_ignores_where_the_plan_was_read_from(seed_plan):
    moved = Plan(seed_plan.title, seed_plan.sections, source="elsewhere.txt")
    assert moved.fingerprint == seed_plan.fingerprint
    retitled = Plan(seed_plan.title + "（修订）", seed_plan.sections, source=seed_plan.source)
    assert retitled.fingerprint != seed_plan.fingerprint
