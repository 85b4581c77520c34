"""The plan model: navigation, identity, frames for office scripts, and its dict form."""

from __future__ import annotations

import json

from planbook.core.model import Plan


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
    # the title is not content either: the seed read by path (no title line) and the embedded
    # seed (titled) are one plan, and its returns must not be refused (issue 9)
    retitled = Plan(seed_plan.title + "（修订）", seed_plan.sections, source=seed_plan.source)
    assert retitled.fingerprint == seed_plan.fingerprint
    untitled = Plan("", seed_plan.sections, source=seed_plan.source)
    assert untitled.fingerprint == seed_plan.fingerprint


def test_the_fingerprint_sees_every_change_of_content(seed_plan):
    from dataclasses import replace

    first = seed_plan.sections[0]
    task = first.tasks[0]
    changes = [
        replace(task, leads=task.leads + ("市财政局",)),
        replace(task, title=task.title + "。"),
        replace(task, milestones=(replace(task.milestones[0], deadline=None),) + task.milestones[1:]),
        replace(task, subsection="（一）新的子领域"),
    ]
    for changed in changes:
        sections = (replace(first, tasks=(changed,) + first.tasks[1:]),) + seed_plan.sections[1:]
        assert Plan(seed_plan.title, sections).fingerprint != seed_plan.fingerprint


def test_notes_and_labels_are_not_content(seed_plan):
    from dataclasses import replace

    first = seed_plan.sections[0]
    noted = replace(first.tasks[0], notes=("牵头单位按排序推定",), label="（一）")
    sections = (replace(first, tasks=(noted,) + first.tasks[1:]),) + seed_plan.sections[1:]
    again = Plan(seed_plan.title, sections, seed_plan.source)
    assert again == seed_plan and again.fingerprint == seed_plan.fingerprint
    data = again.to_dict()
    assert data["sections"][0]["tasks"][0]["notes"] == ["牵头单位按排序推定"]
    assert Plan.from_dict(data).tasks[0].notes == ("牵头单位按排序推定",)


def test_a_milestone_without_a_deadline_round_trips(seed_plan):
    from dataclasses import replace

    first = seed_plan.sections[0]
    task = first.tasks[0]
    undated = replace(task.milestones[0], deadline=None, deadline_text="", ongoing=True)
    changed = replace(task, milestones=(undated,) + task.milestones[1:], subsection="（一）子领域")
    plan = Plan("", (replace(first, tasks=(changed,) + first.tasks[1:]),) + seed_plan.sections[1:])
    data = json.loads(json.dumps(plan.to_dict(), ensure_ascii=False))
    assert data["sections"][0]["tasks"][0]["milestones"][0]["deadline"] is None
    again = Plan.from_dict(data)
    assert again == plan and again.fingerprint == plan.fingerprint
    assert again.milestone("1-1").deadline is None and again.milestone("1-1").deadline_month == ""
    assert "" not in again.deadline_months and again.task(1).subsection == "（一）子领域"
    frame = again.milestones_frame()
    assert frame["deadline"].isna().sum() == len(task.leads)
