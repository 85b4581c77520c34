"""The plan as data: Plan -> Section -> Task -> Milestone, with the agencies that lead them.

Everything here is immutable and cheap to import (no pandas until a frame is asked for).
Ids are stable strings: task ``"7"``, milestone ``"7-2"`` (second milestone of task 7).
Most real plans give no deadline per task: a milestone's deadline may be None (it is then
never overdue), and a task may have no lead (the parse says so). The plan's identity (its
fingerprint) is its content: not its title, its source, how it was read, or the notes on
what was guessed while reading it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from planbook.base.words import cn_number  # noqa: F401  (re-exported: planbook.core.model.cn_number)
from planbook.core.statuses import month_key

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

Agency = str
"""An agency (单位) is named by its official short name, e.g. ``市营商局``."""

NO_LEAD: Agency = "未明确牵头单位"
"""Who answers for a task whose plan names no lead unit: the office itself, through a
workbook of this name, so no task goes unsupervised."""


@dataclass(frozen=True)
class Milestone:
    """A 节点: one dated step of a task."""

    task_id: str
    index: int  # 1-based order within the task
    text: str
    deadline: date | None  # last day of the deadline month (a day when the plan names one); None: no deadline
    deadline_text: str  # as written in the plan, e.g. "2022年12月,持续推进"; "" when none is written
    ongoing: bool = False  # 持续推进: the work goes on after the deadline (or goes on, when there is none)

    @cached_property
    def id(self) -> str:
        """``"7-2"``: the task's id and the milestone's place in it."""
        return f"{self.task_id}-{self.index}"

    @cached_property
    def deadline_month(self) -> str:
        """``"2022-12"``: the key of the deadline's column group; "" when there is no deadline."""
        if self.deadline is None:
            return ""
        return month_key(self.deadline)


@dataclass(frozen=True)
class Task:
    """A numbered task (任务) with its milestones and lead agencies."""

    number: int
    title: str  # the first sentence
    text: str  # the full text, deadlines and agency labels removed
    leads: tuple[Agency, ...]
    partners: tuple[Agency, ...] = ()  # 配合单位
    milestones: tuple[Milestone, ...] = ()
    section_index: int = 0
    line: int = field(default=0, compare=False)  # line in the source, for messages (not content)
    subsection: str = ""  # e.g. "（一）产业提升人才行动计划"; "" when the plan has no second level
    label: str = field(default="", compare=False)  # the number as printed ("（三）", "十五"), when not the id
    notes: tuple[str, ...] = field(default=(), compare=False)  # what was guessed while reading it

    @cached_property
    def id(self) -> str:
        """The task's number as a string (``"7"``): the key every file uses."""
        return str(self.number)

    @property
    def responsible(self) -> tuple[Agency, ...]:
        """Who answers for the task: its leads, or :data:`NO_LEAD` when the plan names none."""
        return self.leads or (NO_LEAD,)


@dataclass(frozen=True)
class Section:
    """A section (环境) of the plan, e.g. 一 打造办事方便的政务环境."""

    index: int  # 1-based
    numeral: str  # 一
    title: str  # 打造办事方便的政务环境
    tasks: tuple[Task, ...] = ()

    @property
    def short_title(self) -> str:
        """政务环境: the noun after the last 的, or the whole title when that is not short."""
        head, sep, tail = self.title.rpartition("的")
        if sep and 2 <= len(tail) <= 12:
            return tail
        return self.title

    @property
    def label(self) -> str:
        """``"一、政务环境"``: the section as sheets and reports name it."""
        return f"{self.numeral}、{self.short_title}"


@dataclass(frozen=True)
class AgencyTasks:
    """An agency with the tasks it leads, in plan order."""

    name: Agency
    task_ids: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A whole action plan. ``source`` names where it was read from."""

    title: str
    sections: tuple[Section, ...]
    source: str = ""
    _fingerprint: str = field(default="", compare=False, repr=False)

    # -- navigation (derived indexes are computed once: the plan is immutable) ---------
    @cached_property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(t for s in self.sections for t in s.tasks)

    @cached_property
    def milestones(self) -> tuple[Milestone, ...]:
        return tuple(m for t in self.tasks for m in t.milestones)

    def task(self, task_id: str | int) -> Task:
        """The task with id ``task_id`` (a KeyError when there is none)."""
        return self._tasks_by_id[str(task_id)]

    def milestone(self, milestone_id: str) -> Milestone:
        """The milestone with id ``milestone_id`` (``"7-2"``)."""
        task_id, _, index = milestone_id.partition("-")
        return self.task(task_id).milestones[int(index) - 1]

    @cached_property
    def _tasks_by_id(self) -> dict[str, Task]:
        return {t.id: t for t in self.tasks}

    def section_of(self, task: Task) -> Section:
        """The section ``task`` belongs to."""
        return self.sections[task.section_index - 1]

    @cached_property
    def restarts_numbering(self) -> bool:
        """The plan prints its task numbers afresh in each section: two tasks print the same number."""
        printed = [(t.label or t.id).strip("（）()、.．. ") for t in self.tasks]
        return len(set(printed)) < len(printed)

    def citation(self, task: Task) -> str:
        """How a document cites ``task``: by the number the plan prints (任务3), qualified by its
        section where the numbering restarts (第二部分第3项)."""
        if not self.restarts_numbering:
            return f"任务{task.id}"
        section = self.section_of(task) if 0 < task.section_index <= len(self.sections) else None
        printed = (task.label or task.id).strip("（）()、.．. ")
        part = f"第{section.numeral or section.index}部分" if section is not None else ""
        return f"{part}第{printed}项"

    @cached_property
    def agencies(self) -> tuple[AgencyTasks, ...]:
        """Lead agencies in order of first appearance, each with the tasks it leads (tasks that
        name no lead are :data:`NO_LEAD`'s)."""
        order: dict[str, list[str]] = {}
        for t in self.tasks:
            for a in t.responsible:
                order.setdefault(a, []).append(t.id)
        return tuple(AgencyTasks(a, tuple(ids)) for a, ids in order.items())

    @cached_property
    def agency_names(self) -> tuple[Agency, ...]:
        """Who answers, in order: the lead agencies (and :data:`NO_LEAD` when some task names none)."""
        return tuple(a.name for a in self.agencies)

    @cached_property
    def lead_units(self) -> tuple[Agency, ...]:
        """The lead units the plan names, in order of first appearance."""
        return tuple(a for a in self.agency_names if a != NO_LEAD)

    @cached_property
    def _tasks_by_agency(self) -> dict[Agency, tuple[Task, ...]]:
        return {a.name: tuple(self._tasks_by_id[t] for t in a.task_ids) for a in self.agencies}

    def find_milestone(self, milestone_id: str) -> Milestone | None:
        """The milestone with this id, or None."""
        task_id, _, index = milestone_id.partition("-")
        task = self._tasks_by_id.get(task_id)
        if task is None or not index.isdigit() or not 1 <= int(index) <= len(task.milestones):
            return None
        return task.milestones[int(index) - 1]

    def find_task(self, task_id: str | int) -> Task | None:
        """The task with this id, or None (``task`` raises KeyError)."""
        return self._tasks_by_id.get(str(task_id))

    def tasks_of(self, agency: Agency) -> tuple[Task, ...]:
        """The tasks ``agency`` leads, in plan order (empty for an unknown agency)."""
        return self._tasks_by_agency.get(agency, ())

    @cached_property
    def deadline_months(self) -> tuple[str, ...]:
        """Every deadline month in the plan, in date order: ``("2022-06", "2022-12", ...)``
        (milestones with no deadline have none)."""
        return tuple(sorted({m.deadline_month for m in self.milestones} - {""}))

    @cached_property
    def has_partners(self) -> bool:
        return any(t.partners for t in self.tasks)

    # -- identity ---------------------------------------------------------------------
    @property
    def fingerprint(self) -> str:
        """A short hash of the plan's content: its sections, tasks, units and milestones. Not
        its title or source (the seed given by path and the embedded seed are one plan), nor the
        notes on what was guessed while reading it."""
        if not self._fingerprint:
            content = {"sections": self._sections_dict(notes=False)}
            digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
            object.__setattr__(self, "_fingerprint", digest)
        return self._fingerprint

    def owns(self, fingerprint: str) -> bool:
        """Whether a record, ledger or count that names ``fingerprint`` was made for this plan
        (one of an older planbook that names none is taken as this plan's): the one check every
        stage makes before it reads another's file."""
        return not fingerprint or fingerprint == self.fingerprint

    # -- conversions ------------------------------------------------------------------
    def to_dict(self, include_source: bool = True) -> dict[str, Any]:
        """The plan as JSON-ready data (what ``planbook parse --json`` writes); :meth:`from_dict` reads it."""
        d: dict[str, Any] = {"title": self.title, "sections": self._sections_dict(notes=True)}
        if include_source:
            d["source"] = self.source
            d["fingerprint"] = self.fingerprint
        return d

    def _sections_dict(self, notes: bool) -> list[dict[str, Any]]:
        return [
            {
                "index": s.index,
                "numeral": s.numeral,
                "title": s.title,
                "label": s.label,
                "tasks": [_task_dict(t, notes) for t in s.tasks],
            }
            for s in self.sections
        ]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Plan":
        """The plan written by :meth:`to_dict`."""
        sections = []
        for s in d["sections"]:
            tasks = []
            for t in s["tasks"]:
                ms = tuple(
                    Milestone(
                        task_id=t["id"],
                        index=i,
                        text=m["text"],
                        deadline=date.fromisoformat(m["deadline"]) if m.get("deadline") else None,
                        deadline_text=m.get("deadline_text", ""),
                        ongoing=m.get("ongoing", False),
                    )
                    for i, m in enumerate(t["milestones"], 1)
                )
                tasks.append(
                    Task(
                        number=int(t["id"]),
                        title=t["title"],
                        text=t["text"],
                        leads=tuple(t["leads"]),
                        partners=tuple(t.get("partners", ())),
                        milestones=ms,
                        section_index=s["index"],
                        subsection=t.get("subsection", ""),
                        label=t.get("label", ""),
                        notes=tuple(t.get("notes", ())),
                    )
                )
            sections.append(Section(s["index"], s["numeral"], s["title"], tuple(tasks)))
        return cls(d.get("title", ""), tuple(sections), d.get("source", ""))

    def tasks_frame(self) -> "pd.DataFrame":
        """One row per task: section, id, title, leads, partners, milestone count."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(
            [
                {
                    "section": self.section_of(t).label,
                    "task_id": t.id,
                    "title": t.title,
                    "leads": "、".join(t.leads),
                    "partners": "、".join(t.partners),
                    "subsection": t.subsection,
                    "milestones": len(t.milestones),
                    "text": t.text,
                }
                for t in self.tasks
            ]
        )
        return frame

    def milestones_frame(self) -> "pd.DataFrame":
        """One row per milestone per lead agency (a task with two leads gives two rows)."""
        import pandas as pd

        rows: list[dict[str, object]] = []
        for t in self.tasks:
            section = self.section_of(t).label
            for m in t.milestones:
                for a in t.leads:
                    rows.append(
                        {
                            "section": section,
                            "task_id": t.id,
                            "milestone_id": m.id,
                            "agency": a,
                            "deadline": pd.Timestamp(m.deadline) if m.deadline else pd.NaT,
                            "ongoing": m.ongoing,
                            "text": m.text,
                        }
                    )
        frame: pd.DataFrame = pd.DataFrame(rows)
        return frame


def _task_dict(t: Task, notes: bool) -> dict[str, Any]:
    """A task as JSON: the label only when it is not the id, the notes only when asked."""
    d: dict[str, Any] = {
        "id": t.id,
        "title": t.title,
        "text": t.text,
        "leads": list(t.leads),
        "partners": list(t.partners),
        "subsection": t.subsection,
        "milestones": [
            {
                "id": m.id,
                "text": m.text,
                "deadline": m.deadline.isoformat() if m.deadline else None,
                "deadline_text": m.deadline_text,
                "ongoing": m.ongoing,
            }
            for m in t.milestones
        ],
    }
    if notes:
        if t.label and t.label != t.id:
            d["label"] = t.label
        if t.notes:
            d["notes"] = list(t.notes)
    return d
