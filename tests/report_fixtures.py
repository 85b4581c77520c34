"""Records for report tests, built without the collect stage.

``make_record(plan, quarter, seed)`` answers every milestone for every lead agency with a
deterministic pseudo-random status, consolidates the answers the way collect does (the
least advanced status wins), computes the flags with :mod:`planbook.quarter`, and adds a
couple of agencies that did not report and a couple of problems.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date
from pathlib import Path

from planbook.layout import BEHIND, DONE, NOT_STARTED, ON_TRACK, STATUS_RANK
from planbook.model import Milestone, Plan, Section, Task
from planbook.problems import WARNING, Problem
from planbook.quarter import Quarter, is_due, is_overdue, is_upcoming, light
from planbook.record import Entry, MilestoneStatus, QuarterRecord, ReturnFile

REPO = Path(__file__).resolve().parent.parent

_DUE_WEIGHTS = ((DONE, 60), (ON_TRACK, 14), (BEHIND, 10), (NOT_STARTED, 6), ("", 10))
_LATER_WEIGHTS = ((DONE, 12), (ON_TRACK, 50), (BEHIND, 8), (NOT_STARTED, 30))

_PHRASES = (
    "已印发实施方案并召开专题推进会",
    "相关系统已完成开发并上线试运行",
    "已完成阶段性目标，正在总结经验做法",
    "正在会同有关部门研究制定配套政策",
    "已建立工作台账，按月调度推进",
)


def _pick(rng: random.Random, weights) -> str:
    values, w = zip(*weights)
    return rng.choices(values, weights=w)[0]


def consolidate(plan: Plan, quarter: Quarter, entries: list[Entry]) -> list[MilestoneStatus]:
    """One MilestoneStatus per milestone: the least advanced answer of its lead agencies."""
    by_milestone: dict[str, list[Entry]] = {}
    for e in entries:
        by_milestone.setdefault(e.milestone_id, []).append(e)
    out = []
    for task in plan.tasks:
        for m in task.milestones:
            answers = [e for e in by_milestone.get(m.id, []) if e.status]
            status = min((e.status for e in answers), key=STATUS_RANK.__getitem__) if answers else ""
            if len(answers) > 1:
                progress = "；".join(f"{e.agency}：{e.progress}" for e in answers if e.progress)
            else:
                progress = answers[0].progress if answers else ""
            evidence = "；".join(e.evidence for e in answers if e.evidence)
            out.append(MilestoneStatus(
                milestone_id=m.id, task_id=task.id, status=status, progress=progress,
                evidence=evidence, light=light(m, status, quarter), due=is_due(m, quarter),
                overdue=is_overdue(m, status, quarter), upcoming=is_upcoming(m, quarter),
                agencies=task.leads, reported_by=tuple(e.agency for e in answers)))
    return out


def make_record(plan: Plan, quarter: str | Quarter, seed: int = 1, *,
                previous: QuarterRecord | None = None, missing: int = 2,
                progress=None) -> QuarterRecord:
    """A plausible consolidated record. With ``previous``, what was 已完成 stays 已完成.
    ``progress(agency, milestone, rng)`` may supply the 进展情况 text."""
    q = Quarter.parse(quarter)
    rng = random.Random(seed)
    agencies = list(plan.agency_names)
    missing_agencies = sorted(rng.sample(agencies, min(missing, len(agencies))), key=agencies.index)
    done_before = set()
    if previous is not None:
        done_before = {ms.milestone_id for ms in previous.milestones if ms.status == DONE}
    entries: list[Entry] = []
    for task in plan.tasks:
        for m in task.milestones:
            for agency in task.leads:
                if agency in missing_agencies:
                    continue
                if m.id in done_before:
                    status = DONE
                else:
                    status = _pick(rng, _DUE_WEIGHTS if is_due(m, q) else _LATER_WEIGHTS)
                if progress is not None:
                    text = progress(agency, m, rng)
                elif status:
                    text = f"{rng.choice(_PHRASES)}。{m.text[:24]}"
                else:
                    text = ""
                entries.append(Entry(agency, task.id, m.id, status, text,
                                     evidence=f"{agency}〔{q.year}〕{rng.randint(1, 99)}号" if status == DONE else "",
                                     file=f"{q}_{agency}.xlsx", sha256=hashlib.sha256(agency.encode()).hexdigest(),
                                     sheet=plan.section_of(task).label, cell="F5"))
    reporting = [a for a in agencies if a not in missing_agencies]
    problem_agencies = [a for a in reporting][:2]
    problems = [
        Problem("status_invalid", "完成状态“完成了”不在下拉列表中，请从列表中选择",
                agency=problem_agencies[0], file=f"{q}_{problem_agencies[0]}.xlsx", sheet="一、政务环境",
                cell="F7", value="完成了", allowed="、".join((DONE, ON_TRACK, BEHIND, NOT_STARTED))),
        Problem("progress_missing", "选择“已完成”但未填写进展情况，请写明完成的主要内容和时间",
                severity=WARNING, agency=problem_agencies[-1], file=f"{q}_{problem_agencies[-1]}.xlsx",
                sheet="二、法治环境", cell="G9"),
    ]
    returns = [ReturnFile(f"{q}_{a}.xlsx", f"{i:064x}", a, f"{q.end.isoformat()}T10:00:00")
               for i, a in enumerate(reporting)]
    return QuarterRecord(
        quarter=str(q), plan_fingerprint=plan.fingerprint, generated_at=f"{q.end.isoformat()}T18:00:00",
        entries=entries, milestones=consolidate(plan, q, entries), returns=returns,
        missing_agencies=missing_agencies, problems=problems)


def make_big_plan(n_milestones: int = 10_000, *, per_task: int = 5, sections: int = 4,
                  agencies: int = 60) -> Plan:
    """A synthetic plan with ``n_milestones`` milestones, all due in 2022."""
    names = [f"市第{i + 1}局" for i in range(agencies)]
    tasks_per_section = -(-n_milestones // per_task // sections)
    secs, number, made = [], 0, 0
    for s in range(1, sections + 1):
        tasks = []
        for _ in range(tasks_per_section):
            if made >= n_milestones:
                break
            number += 1
            k = min(per_task, n_milestones - made)
            ms = tuple(Milestone(str(number), i, f"完成第{number}项任务的第{i}个节点目标。",
                                 date(2022, 6 if i % 2 else 12, 30 if i % 2 else 31),
                                 "2022年6月" if i % 2 else "2022年12月")
                       for i in range(1, k + 1))
            made += k
            tasks.append(Task(number, f"第{number}项任务", f"第{number}项任务。",
                              (names[number % agencies],), (), ms, s, number))
        secs.append(Section(s, "一二三四五六七八九十"[s - 1], f"打造第{s}类的环境", tuple(tasks)))
    return Plan("合成方案", tuple(secs))


HOSTILE_TEXTS = (
    "含控制字符\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1f\x7f\x85结束",
    "尖括号<w:p>与&amp;符号&<>\"'，以及</w:t></w:r>",
    "孤立代理项\ud800\udfff与非字符\ufffe\uffff",
    "# 冒充标题\n@@chart sections\n## 另一行\r\n第三行\t制表",
    "长文本" + "很长的进展情况说明。" * 500,  # 5,000+ characters
    "",
)


def hostile_progress(agency: str, m: Milestone, rng: random.Random) -> str:
    return rng.choice(HOSTILE_TEXTS)


def make_hostile_record(plan: Plan, quarter: str | Quarter, seed: int = 7) -> QuarterRecord:
    """Agencies that write control characters, markup, lone surrogates and 5,000-character
    answers, also in problem messages and agency names."""
    record = make_record(plan, quarter, seed, progress=hostile_progress)
    record.missing_agencies.append("市<坏>&单位\x07\ud800")
    record.problems.append(Problem("hostile", "说明\x00含<标记>&" + "长" * 5000, agency="市\x1f某局&<>",
                                   value="\x0b" * 10))
    return record


REPORT_CONFIG = {"document": {"number": "12", "date": "2023-07-10"}}
"""Settings for test reports: a fixed 发文序号 and 成文日期, so the output is reproducible."""


def build_seed_report(folder: Path, quarter: str = "2023Q2", seed: int = 1):
    """The seed plan's report for ``quarter`` with the previous quarter's record.
    Returns (path, plan, record, previous)."""
    from planbook.report import report_path, write_report
    from planbook.seeds import seed_plan

    plan = seed_plan()
    q = Quarter.parse(quarter)
    previous = make_record(plan, q.previous, seed=seed + 100)
    record = make_record(plan, q, seed=seed, previous=previous)
    path = write_report(plan, record, report_path(folder, q), previous=previous, config=REPORT_CONFIG)
    return path, plan, record, previous
