"""Plausible agency answers, for the demo, synthetic benchmarks and tests: one generator.

What an agency types for a milestone at the end of a quarter depends on whether the
milestone is due: mostly 已完成 when it is, mostly 正常推进 when it is not. The progress
text reads like a return (what was done, when, what comes next) and is at least 30
characters; the same random generator gives the same answers.
"""

from __future__ import annotations

import random
import re
from typing import Mapping

from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK
from planbook.xlsx.layout import DONE_MONTH, EVIDENCE, EXPECTED_MONTH, ISSUES, NEXT_STEPS, PROGRESS, STATUS, actual_key
from planbook.core.model import Milestone, Plan
from planbook.core.quarter import Quarter
from planbook.core.measures import AT_LEAST, COUNT, INCREASE_BY, MORE_THAN, RATE, REDUCE_BY, UNITS, Target, format_value, plan_targets

Values = dict[tuple[str, str], str]
"""(milestone id, field key) -> text, as :func:`planbook.xlsx.workbook.write_workbook` takes them."""

_DETAILS = (
    "已印发实施方案并召开专题推进会。",
    "相关系统已完成开发并上线试运行。",
    "已建立工作台账，按月调度推进落实。",
    "正在会同有关部门研究制定配套政策。",
    "已完成阶段性目标，正在总结经验做法。",
)
_DELAYS = ("受资金拨付进度影响，", "因涉及多部门协调，", "受系统对接进度影响，")


def _gist(text: str) -> str:
    """The milestone's first sentence as an agency would restate it: whole clauses up to 40
    characters (an agency's text never stops inside a word)."""
    first = text.split("。")[0]
    if len(first) <= 40:
        return first + "。"
    out = ""
    for clause in re.findall(r"[^，；,;]+[，；,;]?", first):
        if len(out) + len(clause) > 40:
            break
        out += clause
    return (out or re.split(r"[，；,;]", first)[0]).rstrip("，；,;、") + "。"


def answer(m: Milestone, quarter: Quarter, rng: random.Random, *, fact: str = "",
           unreported: float = 0.0) -> dict[str, str]:
    """What an agency types for ``m`` at the end of ``quarter``: ``{"status": …, "progress": …,
    "evidence": …, "done_month": …, "expected_month": …, "issues": …, "next_steps": …}``
    (empty fields left out). ``fact`` (a sentence from a progress article) is quoted as the
    progress when given. With probability ``unreported`` the agency leaves it blank: {}."""
    if unreported and rng.random() < unreported:
        return {}
    if m.deadline is None:  # no deadline: work under way, now and then done or behind
        status = rng.choices([ON_TRACK, DONE, BEHIND, NOT_STARTED], [70, 15, 10, 5])[0]
    elif m.deadline <= quarter.end:
        status = rng.choices([DONE, ON_TRACK, BEHIND], [85, 8, 7])[0]
        if m.ongoing and status == DONE:
            status = ON_TRACK
    elif m.deadline <= quarter.next.end:
        status = rng.choices([ON_TRACK, BEHIND, NOT_STARTED, DONE], [70, 12, 8, 10])[0]
    else:
        status = rng.choices([ON_TRACK, NOT_STARTED, DONE], [65, 30, 5])[0]
    detail = rng.choice(_DETAILS)
    deadline = m.deadline or quarter.end
    if fact:
        status = DONE if deadline <= quarter.end else ON_TRACK
    done_month = expected_month = issues = next_steps = ""
    if status == DONE:
        done = min(deadline, quarter.end)
        months = done.year * 12 + done.month - 1 - rng.randint(0, 2)
        months = max(months, quarter.start.year * 12 + quarter.start.month - 1 - 6)
        done_month = f"{months // 12}年{months % 12 + 1}月"
    if fact:
        progress = fact
    elif status == DONE:
        progress = f"已于{done_month}完成。" + _gist(m.text) + detail
    elif status == ON_TRACK:
        due = deadline if deadline > quarter.end else quarter.next.end
        progress = "按计划推进，" + _gist(m.text) + detail + f"预计{due.year}年{due.month}月前完成。"
    elif status == BEHIND:
        reason = rng.choice(_DELAYS)
        progress = reason + "进度有所滞后，已制定赶进度措施，" + _gist(m.text)
        later = quarter.next.end
        expected_month = f"{later.year}年{later.month}月"
        issues = reason.rstrip("，") + "。"
        next_steps = "加强调度，倒排工期，确保按预计时间完成。"
    else:
        progress = "尚未启动，前期准备工作正在进行，拟于下季度启动。" + detail
    evidence = rng.choice(["", "", "工作台账", "相关文件已报送", f"大政办发〔{deadline.year}〕{rng.randint(1, 60)}号"])
    got = {STATUS.key: status, PROGRESS.key: progress, EVIDENCE.key: evidence, DONE_MONTH.key: done_month,
           EXPECTED_MONTH.key: expected_month, ISSUES.key: issues, NEXT_STEPS.key: next_steps}
    return {k: v for k, v in got.items() if v}


def actual(target: Target, m: Milestone, quarter: Quarter, rng: random.Random) -> str:
    """What an agency types as a target's 完成值 at the end of ``quarter``, as offices write it
    (85%, 211项, 1.5万, 3): near the target and mostly meeting it once the milestone is due;
    before that, often nothing, or part of the way. "" for none."""
    due = m.deadline is None or m.deadline <= quarter.end
    if rng.random() < (0.15 if due else 0.6):
        return ""
    unit = UNITS[target.unit]
    toward = target.direction in (AT_LEAST, MORE_THAN, REDUCE_BY, INCREASE_BY)
    if due:
        factor = rng.choice([1.0, 1.0, 1.05, 1.2, 0.9]) if toward else rng.choice([1.0, 0.8, 0.5, 1.25])
    else:
        factor = rng.uniform(0.4, 0.9) if toward else rng.uniform(1.1, 1.6)
    value = target.value * factor + (1 if target.direction == MORE_THAN and factor >= 1 else 0)
    if unit.kind == RATE:
        value = min(100.0, round(value, 1))
    elif unit.kind == COUNT or value >= 10:
        value = float(round(value))
    else:
        value = round(value, 1)
    amount = format_value(value)
    return rng.choice([amount, amount + target.unit]) if unit.kind != RATE else amount + "%"


def fill_agency(plan: Plan, agency: str, quarter: Quarter | str, rng: random.Random, *,
                facts: Mapping[str, str] | None = None, unreported: float = 0.0,
                actuals: Mapping[str, Mapping[str, str]] | None = None) -> Values:
    """What ``agency`` types into its workbook for ``quarter``: every milestone it leads, and
    the 完成值 of its targets. ``actuals`` (milestone id -> {words of the metric: 完成值})
    are facts known from elsewhere and win; the other targets get plausible figures (drawn
    from a generator of their own, so the answers do not change with the targets)."""
    quarter = Quarter.parse(quarter)
    facts = facts or {}
    known = actuals or {}
    found = plan_targets(plan)
    draw = random.Random(hash(rng.getstate()[1]))  # without drawing from rng: the answers stay as they were
    values: Values = {}
    for task in plan.tasks_of(agency):
        for m in task.milestones:
            got = answer(m, quarter, rng, fact=facts.get(m.id, ""), unreported=unreported)
            for key, text in got.items():
                values[(m.id, key)] = text
            if not got:
                continue
            for n, t in enumerate(found.get(m.id, ()), 1):
                fact = next((v for words, v in known.get(m.id, {}).items() if words in t.metric), None)
                text = actual(t, m, quarter, draw) if fact is None else fact
                if text:
                    values[(m.id, actual_key(n))] = text
    return values
