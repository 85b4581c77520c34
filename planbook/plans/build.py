"""From a :class:`~.draft.Draft` to the :class:`~planbook.core.model.Plan`: the decisions every form
shares, made once. Who leads (the lead rule), which year an undated month is in, how tasks
are numbered, which dates are deadlines, and which problems stop the plan.

Every guess is shown: in :class:`~.result.Guesses` (printed by ``planbook parse``) and, where
it touched one task (a lead taken from position, a year taken from the title, a unit group
kept whole or split), in that task's notes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from planbook.core.model import Milestone, Plan, Section, Task
from planbook.base.problems import ERROR, WARNING, Problem
from planbook.base.words import cn_number
from planbook.plans import structure as st
from planbook.plans.deadlines import Dated, Deadline, cell_deadlines, prose_deadlines, standing_ongoing
from planbook.plans.draft import NO_FIELD, Draft, DraftTask, Report
from planbook.plans.mapping import Mapping
from planbook.plans.result import Guesses, ParseResult
from planbook.plans.units import FIRST, find_lead_rule, resolve

NO_SECTION_TITLE = "全部任务"
LOOSE_SECTION_TITLE = "未分领域"


def build(draft: Draft, *, source: str, title: str = "", mapping: Mapping | None = None) -> ParseResult:
    """The plan the draft makes, with every problem located and every guess shown."""
    mapping = mapping or Mapping()
    problems = [p if p.file else replace(p, file=source) for p in draft.problems]
    found = draft.guesses
    guesses = Guesses(form=draft.form, columns=found.columns, levels=found.levels,
                      task_level_how=found.task_level_how, skipped=[found.cover] if found.cover else [],
                      sheets=found.sheets)

    def report(kind: str, message: str, severity: str = ERROR, **where: Any) -> None:
        problems.append(Problem(kind, message, severity, file=source, **where))

    # the title, the year, the lead rule
    if title:
        guesses.title, guesses.title_source = title, "给定"
    elif mapping.title:
        guesses.title, guesses.title_source = mapping.title, "映射文件"
    elif draft.title:
        guesses.title, guesses.title_source = draft.title, draft.title_source or "文件"
    elif source and not source.startswith("<"):
        guesses.title, guesses.title_source = Path(source).stem, "文件名"
    year: int | None
    if mapping.year:
        year, guesses.year_source = mapping.year, "映射文件"
    elif guesses.title_source not in ("文件名", "") and st.year_in(guesses.title):
        year, guesses.year_source = st.year_in(guesses.title), "标题"
    else:
        year, guesses.year_source = st.document_year(draft.texts)
    guesses.year = year
    guesses.text_chars = sum(len(t) for t in draft.texts)

    stated = ""
    if mapping.lead_rule:
        rule, rule_stated = mapping.lead_rule, True
        guesses.lead_rule_how = "映射文件"
    else:
        stated = next((r for r in map(find_lead_rule, draft.texts) if r), "")
        rule, rule_stated = FIRST, bool(stated)
        guesses.lead_rule_how = f"方案写明“{stated}”" if stated else "方案没有写明，推定"
    guesses.lead_rule, guesses.lead_rule_stated = rule, rule_stated

    # numbering
    live = [t for t in draft.tasks if not t.failed]
    numbers, guesses.numbering = _numbers(draft.tasks, report)

    # which tasks give their deadlines in a field (a label or a column)
    with_fields = [any(m.field is not None and m.field is not NO_FIELD for m in t.milestones) for t in draft.tasks]
    live_with_fields = sum(1 for t, f in zip(draft.tasks, with_fields) if f and not t.failed)
    placed = sum(1 for t in live if t.deadline_place)
    named_units = any(t.statements for t in live)

    built: dict[int, list[Task]] = {}
    for i, dt in enumerate(draft.tasks):
        if dt.failed:
            continue
        number = numbers[i]
        task_id = str(number)
        where: dict[str, Any] = dict(line=dt.line, sheet=dt.sheet, cell=dt.cell, task_id=dt.written or task_id)
        others = placed - 1
        if dt.deadline_place and not with_fields[i] and others > 0 and live_with_fields == others:
            report("task_no_milestone", "这项任务没有写完成时限（其他任务都写了；确无期限的，请在完成时限一栏写“长期坚持”）"
                   if dt.sheet or dt.cell else "任务没有任何带“（完成时限：……）”的节点（确无期限的，请写“（完成时限：长期坚持）”）",
                   **where)
            continue
        units = resolve(dt.statements, rule, rule_stated)
        if not units.leads:
            if dt.labelled:
                report("task_no_lead", "任务缺少“（牵头单位：……）”", **where)
                continue
            if named_units:
                report("task_no_lead", "这项任务没有写明牵头单位", WARNING, **where)
        notes = list(units.notes) + dt.notes
        milestones = _milestones(dt, task_id, year, report, where, notes)
        if milestones is None:
            continue
        task = Task(number, dt.title, dt.text, tuple(units.leads), tuple(units.partners), tuple(milestones),
                    dt.section, dt.line, subsection=dt.subsection, label=dt.written, notes=tuple(notes))
        built.setdefault(dt.section, []).append(task)
    if live and not named_units:
        report("task_no_lead", "方案没有为任何任务写明牵头单位：请在方案中补上，或在映射文件中指明单位所在的列",
               WARNING)

    sections: list[Section] = []
    only = len([s for s in built if built[s]]) == 1
    for si, ds in enumerate(draft.sections):
        tasks = built.get(si)
        if not tasks:
            continue
        index = len(sections) + 1
        numeral = ds.numeral or cn_number(index)
        section_title = ds.title or (NO_SECTION_TITLE if only else LOOSE_SECTION_TITLE)
        tasks = [_in_section(t, index) for t in tasks]
        sections.append(Section(index, numeral, section_title, tuple(tasks)))
    dropped = sum(1 for si, ds in enumerate(draft.sections) if ds.title and not built.get(si))
    if dropped:
        guesses.skipped.append(f"{dropped} 个领域标题下没有任务，未列入")
    if not sections:
        if not any(p.severity == ERROR for p in problems):
            report("plan_empty", "没有找到任何任务：方案应有“一、……”形式的领域行和“1.……”形式的任务行，"
                   "或者是带“序号、任务、牵头单位”等表头的表格")
        return ParseResult(None, problems, guesses)
    plan = Plan(title=guesses.title, sections=tuple(sections), source=source)
    return ParseResult(plan, problems, guesses)


def _in_section(task: Task, index: int) -> Task:
    return task if task.section_index == index else replace(task, section_index=index)


def _numbers(tasks: list[DraftTask], report: Report) -> tuple[list[int], str]:
    """Task numbers: as written when the plan numbers its tasks in one series, else in plan
    order (numbering restarting per section or sheet, repeated or going back). A skipped,
    repeated or backward number is a warning: a plan is never refused for its numbering, and
    the task keeps the number it prints as its label."""
    values = [t.value for t in tasks]
    if not tasks:
        return [], ""
    if all(v is None for v in values):
        return list(range(1, len(tasks) + 1)), f"任务没有编号：按出现顺序编为 1–{len(tasks)}"
    restart = any(t.value == 1 and p.value is not None and p.value >= 1 and t.group != p.group
                  for p, t in zip(tasks, tasks[1:]) if t.value is not None)
    mixed = any(v is None for v in values)
    expected = 1
    previous_group = None
    backwards = False
    for t in tasks:
        if t.value is None:
            continue
        if restart and t.group != previous_group and t.value == 1:
            expected = 1
        previous_group = t.group
        where: dict[str, Any] = dict(line=t.line, sheet=t.sheet, cell=t.cell, task_id=t.written or str(t.value))
        if t.value < expected:
            backwards = True
            report("task_number_duplicate", f"任务序号 {t.value} 重复或倒序（应为 {expected}）：已按出现顺序重新编号，"
                   f"文书仍引用方案所印的序号；如果这一行不是任务，请在映射文件中写明 task_level",
                   WARNING, value=str(t.value), allowed=str(expected), **where)
        elif t.value > expected:
            skipped = "、".join(str(n) for n in range(expected, t.value))
            report("task_number_skipped", f"任务序号跳过了 {skipped}", WARNING,
                   value=str(t.value), allowed=str(expected), **where)
        expected = max(expected, t.value + 1)
    if restart or mixed or backwards:
        why = "每个领域重新编号" if restart else "部分任务没有编号" if mixed else "序号重复或倒序"
        return list(range(1, len(tasks) + 1)), f"{why}：按出现顺序编为 1–{len(tasks)}"
    written = [t.value for t in tasks if t.value is not None]  # every task is numbered here
    return written, f"连续编号 {written[0]}–{written[-1]}"


def _milestones(dt: DraftTask, task_id: str, year: int | None, report: Report, where: dict[str, Any],
                notes: list[str]) -> list[Milestone] | None:
    """The task's milestones: one per deadline in its fields, else one per date in its text,
    else one with no deadline."""
    steps: list[tuple[str, Deadline]] = []
    dated_rows = [m for m in dt.milestones if m.field is not None and m.field is not NO_FIELD]
    if not dated_rows and not dt.prose_dates:
        text = dt.body or dt.title
        steps.append((text, Deadline(None, "", False)))
    elif dated_rows:
        for dm in dt.milestones:
            at = dict(where, line=dm.line or where["line"], cell=dm.cell or where["cell"])
            if dm.field is NO_FIELD or dm.field is None:
                report("milestone_no_deadline", "这一步没有写完成时限（同一任务的其他步骤都写了）",
                       value=dm.text[:40], **at)
                return None
            parsed = cell_deadlines(dm.field, year)
            if parsed is None:
                value = str(dm.field)
                report("deadline_invalid", f"完成时限“{value}”不是日期（应写作“2022年12月”或“2023年底”）",
                       value=value, allowed="YYYY年M月 / YYYY年底", **at)
                return None
            texts = _texts_for(dm.text, parsed, year)
            for d, text in zip(parsed, texts):
                steps.append((text, d))
                if d.date is None and not d.ongoing:
                    report("deadline_invalid", f"完成时限“{d.text}”没有日期，按无期限处理", WARNING,
                           value=d.text, **at)
    elif dt.milestones:
        for dm in dt.milestones:
            found = prose_deadlines(dm.text, year)
            if found:
                steps.extend(zip(_clauses(dm.text, found), (f.deadline for f in found)))
            else:
                steps.append((dm.text, Deadline(None, "", standing_ongoing(dm.text))))
    else:
        found = prose_deadlines(dt.text, year)
        if found:
            steps.extend(zip(_clauses(dt.text, found), (f.deadline for f in found)))
        else:
            text = dt.body or dt.title
            steps.append((text, Deadline(None, "", standing_ongoing(dt.text))))
    out = []
    for index, (text, d) in enumerate(steps, 1):
        if d.year_inferred and d.date is None:
            report("deadline_no_year", f"“{d.text}”没有写年份，方案中也找不到年份：请在映射文件中写明 year",
                   WARNING, value=d.text, **where)
        elif d.year_inferred and d.date is not None:
            notes.append(f"节点 {task_id}-{index}“{d.text}”没有写年份，按 {d.date.year} 年")
        out.append(Milestone(task_id, index, text, d.date, d.text, d.ongoing))
    return out


def _texts_for(text: str, parsed: list[Deadline], year: int | None) -> list[str]:
    """The text of each deadline of one cell: the clause of ``text`` naming it, else ``text``."""
    if len(parsed) == 1:
        return [text]
    found = prose_deadlines(text, year)
    if [f.deadline.month for f in found] == [d.month for d in parsed]:
        return _clauses(text, found)
    return [text] * len(parsed)


_STOPS = re.compile(r"[。；]")


def _clauses(text: str, found: list[Dated]) -> list[str]:
    """The clause of ``text`` that states each deadline in ``found`` (a sentence, or the part
    of it between commas when one sentence states several)."""
    stops = [m.end() for m in _STOPS.finditer(text)]

    def sentence(pos: int) -> tuple[int, int]:
        return max([0] + [b for b in stops if b <= pos]), min([len(text)] + [b for b in stops if b > pos])

    out = []
    for i, f in enumerate(found):
        start, end = sentence(f.start)
        if i > 0 and sentence(found[i - 1].start)[0] == start:
            comma = text.rfind("，", found[i - 1].end, f.start)
            start = comma + 1 if comma >= 0 else found[i - 1].end
        if i + 1 < len(found) and sentence(found[i + 1].start)[0] == sentence(f.start)[0]:
            comma = text.rfind("，", f.end, found[i + 1].start)
            end = comma if comma >= 0 else found[i + 1].start
        out.append(text[start:end].strip("，。；、 ") or text)
    return out


__all__ = ["build"]
