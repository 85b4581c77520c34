"""Records for the report tests, made without workbooks: answers as collect would read them,
consolidated by collect's own :func:`planbook.collection.consolidate`.

``make_record(plan, quarter, seed)`` answers every milestone for every lead agency with a
deterministic pseudo-random status, leaves a couple of agencies silent, and gives two
agencies a problem each; ``make_big_plan`` is a synthetic plan (:mod:`planbook.tools.synth`) of
ten thousand milestones; ``make_hostile_record`` fills the answers with text that must not
break a Word file.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from planbook.collection import ReturnRead, consolidate
from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK
from planbook.core.model import Milestone, Plan
from planbook.base.problems import Problem
from planbook.core.quarter import Quarter, is_due
from planbook.store.record import Entry, QuarterRecord

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
    reporting = [a for a in agencies if a not in missing_agencies]
    files = {a: (f"{q}_{a}.xlsx", hashlib.sha256(a.encode()).hexdigest()) for a in reporting}
    answers: dict[str, list[Entry]] = {a: [] for a in reporting}
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
                file, sha256 = files[agency]
                answers[agency].append(Entry(
                    agency, task.id, m.id, status, text,
                    evidence=f"{agency}〔{q.year}〕{rng.randint(1, 99)}号" if status == DONE else "",
                    file=file, sha256=sha256, sheet=plan.section_of(task).label, cell="F5"))
    first, last = reporting[0], reporting[:2][-1]
    problems = [
        Problem("status_invalid", "完成状态“完成了”不在下拉列表中，请从列表中选择",
                agency=first, file=files[first][0], sheet="一、政务环境",
                cell="F7", value="完成了", allowed="、".join((DONE, ON_TRACK, BEHIND, NOT_STARTED))),
        Problem("done_without_progress", "完成状态为“已完成”，但“进展情况”为空。请写明完成的主要内容和时间。",
                agency=last, file=files[last][0], sheet="二、法治环境", cell="G9"),
    ]
    written = f"{q.end.isoformat()}T10:00:00"
    reads = [ReturnRead(file=files[a][0], sha256=files[a][1], written_at=written, mtime=written, agency=a,
                        accepted=True, entries=answers[a], problems=[p for p in problems if p.agency == a])
             for a in reporting]
    return consolidate(reads, plan, q, generated_at=f"{q.end.isoformat()}T18:00:00")


BIG_QUARTER = Quarter(2024, 4)
"""The last quarter of a synthetic plan: every milestone of it is due by then."""


def make_big_plan(n_milestones: int = 10_000, *, sections: int = 4, agencies: int = 60) -> Plan:
    """A synthetic plan (:func:`planbook.tools.synth.synthetic_plan`) of at least ``n_milestones``
    milestones, all due by :data:`BIG_QUARTER`."""
    from planbook.tools.synth import synthetic_plan

    tasks = n_milestones * 10 // 27 + 1  # synth gives 2.75 milestones a task on average
    while True:
        plan = synthetic_plan(tasks, sections, agencies)
        if len(plan.milestones) >= n_milestones:
            return plan
        tasks += max(tasks // 20, 1)


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
    record.problems.append(Problem("control_chars", "说明\x00含<标记>&" + "长" * 5000, agency="市\x1f某局&<>",
                                   value="\x0b" * 10))
    return record


REPORT_CONFIG = {"document": {"number": "12", "date": "2023-07-10"},
                 "options": {"charts": True, "targets": True, "upcoming": True}}
"""Settings for test reports: a fixed 发文序号 and 成文日期, so the output is reproducible, and
every optional part on (charts, the targets and next quarter's tables: landscape attachments),
so the tests see all of it; the default 通报 (two upright attachments) has its own tests."""
DEFAULT_REPORT_CONFIG = {"document": {"number": "12", "date": "2023-07-10"}}
"""The default 通报, dated and numbered."""


def build_seed_report(folder: Path, quarter: str = "2023Q2", seed: int = 1, config=None, **options):
    """The seed plan's report for ``quarter`` with the previous quarter's record.
    Returns (path, plan, record, previous)."""
    from planbook.plans import seed_plan
    from planbook.report import report_path, write_report

    plan = seed_plan()
    q = Quarter.parse(quarter)
    previous = make_record(plan, q.previous, seed=seed + 100)
    record = make_record(plan, q, seed=seed, previous=previous)
    path = write_report(plan, record, report_path(folder, q), previous=previous, config=config or REPORT_CONFIG,
                        **options)
    return path, plan, record, previous


# -- reading a written report --------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = {"w": W_NS}
A = "{%s}" % W_NS


def part(path: Path, name: str):
    """A part of the .docx (``word/document.xml``) parsed with lxml."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def part_text(path: Path, name: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def val(el, attr: str) -> str | None:
    """A ``w:`` attribute of an element (None for a missing element)."""
    return None if el is None else el.get(A + attr)


def paragraphs_text(document) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(A + "t")) for p in document.iter(A + "p")]
