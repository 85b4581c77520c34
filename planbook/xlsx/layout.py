"""The workbook layout, defined once, as data.

The writer (:mod:`planbook.xlsx.workbook`) and the reader (:mod:`planbook.collection.sheets`) both ask this
module where things are: which sheets a workbook has, which column holds which field of
which milestone, which row holds which task, which cells are input, what the status
vocabulary is, and how the workbook's identity is written. Nothing else in planbook
knows a cell address.

Sheet of a section (one row per task)::

    row 1   title: 一、政务环境（市营商局 2023Q2 填报）
    row 2   序号 | 任务名称 | 牵头单位 | [配合单位] | 2022年6月 (4 cols merged) | 2022年12月 ...
    row 3                                           | 节点目标 | 完成状态 | 进展情况 | 佐证/备注 | ...
    row 4+  one task per row

Each deadline month of the plan gets a column group ("slot"); a task with two milestones
in one month uses a second slot for that month, so every plan fits.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterator

from planbook.core.statuses import month_label
from planbook.core.model import Milestone, Plan, Section, Task
from planbook.core.measures import Target, plan_targets
from planbook.base.words import cn_number

LAYOUT_VERSION = "3"
READABLE_LAYOUTS: tuple[str, ...] = ("2", LAYOUT_VERSION)
"""Layout versions a return may carry: version 2 (before the 量化目标 sheet) differs only by
that sheet, so its returns are read as they are, without actuals."""


# -- sheets ----------------------------------------------------------------------------
INSTRUCTIONS_SHEET = "填报说明"
SUMMARY_SHEET = "汇总"
TITLE_ROW = 0  # 0-based rows, as XlsxWriter and calamine count
GROUP_ROW = 1
HEADER_ROW = 2
FIRST_TASK_ROW = 3
FROZEN_COLUMNS = 2  # 序号 and 任务名称 stay in view


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    input: bool = False


TASK_ID = Column("task_id", "序号", 6)
SUBSECTION = Column("subsection", "子领域", 14)
TASK_TITLE = Column("title", "任务名称", 22)
LEADS = Column("leads", "牵头单位", 12)
PARTNERS = Column("partners", "配合单位", 12)

MILESTONE = Column("milestone", "节点目标", 30)
STATUS = Column("status", "完成状态", 9, input=True)
DONE_MONTH = Column("done_month", "完成时间", 10, input=True)
EXPECTED_MONTH = Column("expected_month", "预计完成时间", 10, input=True)
PROGRESS = Column("progress", "进展情况", 30, input=True)
ISSUES = Column("issues", "存在问题", 16, input=True)
NEXT_STEPS = Column("next_steps", "下步措施", 16, input=True)
EVIDENCE = Column("evidence", "佐证/备注", 14, input=True)
GROUP_FIELDS: tuple[Column, ...] = (MILESTONE, STATUS, DONE_MONTH, EXPECTED_MONTH, PROGRESS, ISSUES, NEXT_STEPS,
                                    EVIDENCE)
INPUT_FIELDS: tuple[Column, ...] = tuple(c for c in GROUP_FIELDS if c.input)
MONTH_FIELDS: tuple[Column, ...] = (DONE_MONTH, EXPECTED_MONTH)
"""Fields that hold a month: written as text, read as ``YYYY-MM``."""
TEXT_FIELDS: tuple[Column, ...] = (PROGRESS, ISSUES, NEXT_STEPS, EVIDENCE)

# -- once per workbook, on the instructions sheet: who filled it in -------------------------
REPORTER = Column("reporter", "填报人", 24, input=True)
PHONE = Column("phone", "联系电话", 24, input=True)
CONTACT_FIELDS: tuple[Column, ...] = (REPORTER, PHONE)
CONTACT_ROW = 1
"""0-based row of the first contact field on the instructions sheet: label in column A, the
value to fill in column B; the instructions text starts two rows below the last one."""
INSTRUCTIONS_TEXT_ROW = CONTACT_ROW + len(CONTACT_FIELDS) + 1

PREFILL_MARK = "【上季度】"
"""Put before last quarter's 进展情况 when a workbook is pre-filled; the reader knows an
answer still carrying it as not updated."""


def contact_cell(field: Column) -> tuple[int, int]:
    """(row, col) of a contact field's value on the instructions sheet."""
    return CONTACT_ROW + CONTACT_FIELDS.index(field), 1
_FIELD_OFFSET = {c.key: i for i, c in enumerate(GROUP_FIELDS)}

MAX_CELL_TEXT = 32767  # Excel's limit for one cell

# -- identity --------------------------------------------------------------------------
IDENTITY_NAME = "PLANBOOK_ID"
"""The workbook-level defined name that carries the identity (survives LibreOffice/WPS)."""
IDENTITY_PROPERTY = "planbook"
"""The custom document property that carries the same identity string."""

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(section: Section) -> str:
    """``一、政务环境``: Excel's rules (31 characters, no []:*?/\\, no edge quote)."""
    name = _SHEET_FORBIDDEN.sub("", section.label).strip("'")
    return name[:31] or f"领域{section.index}"


def column_letter(col: int) -> str:
    """0 -> A, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) -> ``F5``."""
    return f"{column_letter(col)}{row + 1}"


def milestone_label(milestone: Milestone) -> str:
    """What the 节点目标 cell holds: ``【7-2】text`` (and ``（持续推进）`` for ongoing ones).
    The reader compares returned cells with exactly this."""
    return f"【{milestone.id}】{milestone.text}" + ("（持续推进）" if milestone.ongoing else "")


MAX_GROUPS = 20
"""More column groups than this and a sheet no longer reads: deadlines are grouped coarser."""
BY_MONTH, BY_QUARTER, BY_YEAR, BY_ORDER = "month", "quarter", "year", "order"
NO_DEADLINE = "~"
"""The key of the group of milestones without a deadline (it sorts last)."""


def group_key(m: Milestone, grouping: str) -> str:
    """The column group of a milestone: ``2022-06``, ``2022-Q2``, ``2022``, ``#002`` (its
    order in the task), or :data:`NO_DEADLINE`."""
    if grouping == BY_ORDER:
        return f"#{m.index:03d}"
    if m.deadline is None:
        return NO_DEADLINE
    if grouping == BY_QUARTER:
        return f"{m.deadline.year:04d}-Q{(m.deadline.month - 1) // 3 + 1}"
    if grouping == BY_YEAR:
        return f"{m.deadline.year:04d}"
    return m.deadline_month


def plan_grouping(plan: Plan) -> str:
    """Group by deadline month; by quarter, then by year, when a plan has more than
    :data:`MAX_GROUPS` of them; by the milestone's order in its task when even years are too
    many. Milestones without a deadline form one group of their own."""
    cached = plan.__dict__.get("_layout_grouping")
    if cached is None:
        cached = BY_ORDER
        for grouping in (BY_MONTH, BY_QUARTER, BY_YEAR):
            if len({group_key(m, grouping) for m in plan.milestones} - {NO_DEADLINE}) <= MAX_GROUPS:
                cached = grouping
                break
        plan.__dict__["_layout_grouping"] = cached
    return cached


def group_label(key: str) -> str:
    """What a group's header says: 完成时限：2022年6月, …：2022年第二季度, …：2022年, 第2个节点."""
    if key == NO_DEADLINE:
        return "无完成时限"
    if key.startswith("#"):
        return f"第{int(key[1:])}个节点"
    if "-Q" in key:
        year, q = key.split("-Q")
        return f"{year}年第{cn_number(int(q))}季度"
    if "-" in key:
        return month_label(key)
    return f"{key}年"


GROUPING_NOTES = {
    BY_MONTH: "节点按完成时限所在的月份分栏排列",
    BY_QUARTER: "方案的完成时限月份较多，节点按完成时限所在的季度分栏排列（栏内节点的具体时限见节点目标）",
    BY_YEAR: "方案的完成时限较多，节点按完成时限所在的年份分栏排列（栏内节点的具体时限见节点目标）",
    BY_ORDER: "方案的完成时限很多，节点按其在任务中的顺序分栏排列（第1个节点、第2个节点……，具体时限见节点目标）",
}


def grouping_note(plan: Plan) -> str:
    """For the 填报说明: how the columns are grouped, and what a milestone without a deadline is."""
    note = GROUPING_NOTES[plan_grouping(plan)]
    if _plan_fact(plan, "_layout_undated", lambda: any(m.deadline is None for m in plan.milestones)):
        note += "；方案没有写明完成时限的节点列在“无完成时限”一栏，按实际进展填报完成状态，不计为逾期"
    return note + "。"


@dataclass(frozen=True)
class Slot:
    """A column group: one group of deadlines (and, rarely, the k-th milestone of a task in it)."""

    key: str
    k: int = 1

    @property
    def label(self) -> str:
        return group_label(self.key) + (f"（{self.k}）" if self.k > 1 else "")

    @property
    def header(self) -> str:
        """The group's header cell."""
        if self.key.startswith("#") or self.key == NO_DEADLINE:
            return self.label
        return f"完成时限：{self.label}"


def _plan_fact(plan: Plan, key: str, compute: Callable[[], bool]) -> bool:
    """A fact of the whole plan, computed once per plan (not once per agency's workbook)."""
    if key not in plan.__dict__:
        plan.__dict__[key] = compute()
    return bool(plan.__dict__[key])


def plan_slots(plan: Plan) -> tuple[Slot, ...]:
    """The plan's column groups, in date order (computed once per plan)."""
    cached = plan.__dict__.get("_layout_slots")
    if cached is None:
        cached = plan.__dict__["_layout_slots"] = _plan_slots(plan)
    return cached


def _plan_slots(plan: Plan) -> tuple[Slot, ...]:
    grouping = plan_grouping(plan)
    most: dict[str, int] = {}
    for t in plan.tasks:
        counts: dict[str, int] = {}
        for m in t.milestones:
            key = group_key(m, grouping)
            counts[key] = counts.get(key, 0) + 1
        for key, n in counts.items():
            most[key] = max(most.get(key, 0), n)
    return tuple(Slot(key, k) for key in sorted(most) for k in range(1, most[key] + 1))


def _slot_keys(task: Task, grouping: str) -> Iterator[tuple[tuple[str, int], Milestone]]:
    """(group key, k) of each of the task's milestones: the k-th of the task in that group."""
    seen: dict[str, int] = {}
    for m in task.milestones:
        key = group_key(m, grouping)
        seen[key] = seen.get(key, 0) + 1
        yield (key, seen[key]), m


def task_slots(task: Task, grouping: str = BY_MONTH) -> dict[Slot, Milestone]:
    """Which slot each of the task's milestones sits in (``grouping``: the plan's)."""
    return {Slot(key, k): m for (key, k), m in _slot_keys(task, grouping)}


@dataclass(frozen=True)
class InputCell:
    """One cell an agency may fill: which milestone and field it holds."""

    sheet: str
    row: int
    col: int
    task: Task
    milestone: Milestone
    field: Column

    @property
    def name(self) -> str:
        return cell_name(self.row, self.col)


@dataclass(frozen=True)
class SheetLayout:
    name: str
    section: Section
    tasks: tuple[Task, ...]
    fixed: tuple[Column, ...]
    slots: tuple[Slot, ...]
    grouping: str = BY_MONTH

    @property
    def width(self) -> int:
        return len(self.fixed) + len(self.slots) * len(GROUP_FIELDS)

    def slot_col(self, slot_index: int, field: Column) -> int:
        return len(self.fixed) + slot_index * len(GROUP_FIELDS) + _FIELD_OFFSET[field.key]

    def task_row(self, task_index: int) -> int:
        return FIRST_TASK_ROW + task_index

    @cached_property
    def slot_index(self) -> dict[Slot, int]:
        return {s: i for i, s in enumerate(self.slots)}

    @cached_property
    def _slot_at(self) -> dict[tuple[str, int], int]:
        return {(s.key, s.k): i for i, s in enumerate(self.slots)}

    def owned(self, task: Task) -> dict[int, Milestone]:
        """The task's milestones by the index of their slot in this sheet (:func:`task_slots`,
        without making a Slot for each: the reader asks this for every task row)."""
        at = self._slot_at
        return {at[key]: m for key, m in _slot_keys(task, self.grouping) if key in at}

    def columns(self) -> Iterator[tuple[int, Column, Slot | None]]:
        """Every column in order: (0-based index, field, slot or None for the fixed ones)."""
        for i, c in enumerate(self.fixed):
            yield i, c, None
        for si, slot in enumerate(self.slots):
            for c in GROUP_FIELDS:
                yield self.slot_col(si, c), c, slot

    def milestone_cells(self, task_index: int) -> Iterator[tuple[Slot, int, Milestone | None]]:
        """For the task's row: each slot, its first column, and the milestone (None: no milestone)."""
        owned = task_slots(self.tasks[task_index], self.grouping)
        for si, slot in enumerate(self.slots):
            yield slot, self.slot_col(si, MILESTONE), owned.get(slot)

    def input_cells(self) -> Iterator[InputCell]:
        for ti, task in enumerate(self.tasks):
            row = self.task_row(ti)
            owned = task_slots(task, self.grouping)
            for slot, m in owned.items():
                si = self.slot_index[slot]
                for f in INPUT_FIELDS:
                    yield InputCell(self.name, row, self.slot_col(si, f), task, m, f)

    def fixed_values(self, task: Task) -> list[str]:
        values = {"task_id": task.id, "title": task.title, "leads": "、".join(task.responsible),
                  "partners": "、".join(task.partners), "subsection": task.subsection}
        return [values[c.key] for c in self.fixed]


# -- the 量化目标 sheet: one row per target -------------------------------------------------
TARGETS_SHEET = "量化目标"
"""A sheet of its own rather than columns in every section sheet: about one milestone in six
carries a target, some carry several, and each needs its own cell (validated on its own,
located on its own in a problem) with its unit beside it."""
TARGETS_NOTE_ROW = 1  # how to fill it in, above the header (HEADER_ROW) and the rows (FIRST_TASK_ROW on)
T_NUMBER = Column("target_no", "目标编号", 7)
T_DEADLINE = Column("deadline", "完成时限", 9)
T_LEADS = Column("leads", "牵头单位", 10)
T_METRIC = Column("metric", "指标", 18)
T_GOAL = Column("goal", "目标", 13)
ACTUAL = Column("actual", "完成值", 10, input=True)
T_UNIT = Column("unit", "单位", 5)
T_LATEST = Column("latest", "最近报送", 12)
T_SOURCE = Column("source", "方案原文", 18)
TARGET_COLUMNS: tuple[Column, ...] = (T_NUMBER, T_DEADLINE, T_LEADS, T_METRIC, T_GOAL, ACTUAL, T_UNIT, T_LATEST,
                                      T_SOURCE)
TARGET_CHECKED: tuple[Column, ...] = (T_METRIC, T_GOAL, T_UNIT)
"""Read-only cells the reader compares with the plan (the number identifies the row;
最近报送 changes every quarter and is only shown)."""
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def target_number(milestone_id: str, n: int) -> str:
    """``1-3③``: the n-th (1-based) target of milestone 1-3, as its row is named."""
    return f"{milestone_id}{_CIRCLED[n - 1]}" if n <= len(_CIRCLED) else f"{milestone_id}（{n}）"


def actual_key(n: int) -> str:
    """The field key of the n-th target's 完成值 in pre-fill values: ``("1-3", "actual3")``."""
    return f"actual{n}"


def latest_key(n: int) -> str:
    """The field key of the n-th target's 最近报送 (shown, not read): ``("1-3", "latest3")``."""
    return f"latest{n}"


@dataclass(frozen=True)
class TargetRow:
    """One row of the 量化目标 sheet: the n-th target of a milestone."""

    row: int
    task: Task
    milestone: Milestone
    n: int
    target: Target

    @property
    def number(self) -> str:
        return target_number(self.milestone.id, self.n)

    def fixed_values(self) -> dict[str, str]:
        """The read-only cells, by column key (最近报送 is filled from the values)."""
        t = self.target
        return {T_NUMBER.key: self.number, T_DEADLINE.key: self.milestone.deadline_text or "无",
                T_LEADS.key: "、".join(self.task.responsible), T_METRIC.key: t.metric, T_GOAL.key: t.goal,
                T_UNIT.key: t.unit, T_SOURCE.key: t.text}


@dataclass(frozen=True)
class TargetsLayout:
    """The 量化目标 sheet of a workbook: every target of the workbook's milestones, in plan order."""

    rows: tuple[TargetRow, ...]

    @staticmethod
    def col(column: Column) -> int:
        return TARGET_COLUMNS.index(column)


def targets_layout(plan: Plan, tasks: tuple[Task, ...]) -> TargetsLayout | None:
    """The 量化目标 sheet for ``tasks`` (None when none of their milestones has a target)."""
    found = plan_targets(plan)
    rows: list[TargetRow] = []
    for task in tasks:
        for m in task.milestones:
            for n, t in enumerate(found.get(m.id, ()), 1):
                rows.append(TargetRow(FIRST_TASK_ROW + len(rows), task, m, n, t))
    return TargetsLayout(tuple(rows)) if rows else None


@dataclass(frozen=True)
class WorkbookLayout:
    """Every sheet of one workbook: the master (agency None) or one agency's."""

    plan: Plan
    agency: str | None
    sheets: tuple[SheetLayout, ...]
    targets: TargetsLayout | None = None

    @property
    def sheet_names(self) -> tuple[str, ...]:
        """Sheets in order, as written: instructions first, the sections, 量化目标 (when a
        milestone has a target), summary last (master only)."""
        names = (INSTRUCTIONS_SHEET,) + tuple(s.name for s in self.sheets)
        names += (TARGETS_SHEET,) if self.targets is not None else ()
        return names + ((SUMMARY_SHEET,) if self.agency is None else ())

    def input_cells(self) -> Iterator[InputCell]:
        for s in self.sheets:
            yield from s.input_cells()

    @cached_property
    def content_fingerprint(self) -> str:
        """A hash of the read-only content (sheets, task rows, milestone texts): what an
        agency must not change. A returned workbook whose text differs was tampered with."""
        h = hashlib.sha256()
        for s in self.sheets:
            h.update(s.name.encode())
            for t in s.tasks:
                h.update("\x1f".join([t.id, t.title, *t.leads, "|", *t.partners]).encode())
                for m in t.milestones:
                    h.update(f"\x1e{m.id}\x1f{m.text}\x1f{m.deadline_month}".encode())
        return h.hexdigest()[:16]


def workbook_layout(plan: Plan, agency: str | None = None, version: str = LAYOUT_VERSION) -> WorkbookLayout:
    """The layout of the master workbook (agency None) or of one agency's workbook, which
    holds only the tasks that agency leads. Column positions are the same in both.
    ``version`` "2": as written before the 量化目标 sheet (to read such returns)."""
    slots = plan_slots(plan)
    grouping = plan_grouping(plan)
    subsections = _plan_fact(plan, "_layout_subsections", lambda: any(t.subsection for t in plan.tasks))
    fixed = ((TASK_ID, TASK_TITLE) + ((SUBSECTION,) if subsections else ()) + (LEADS,)
             + ((PARTNERS,) if plan.has_partners else ()))
    sheets = []
    used: set[str] = set()
    own = None if agency is None else plan.tasks_of(agency)
    for section in plan.sections:
        if own is None:
            tasks = section.tasks
        else:
            tasks = tuple(t for t in own if t.section_index == section.index)
        if not tasks:
            continue
        name = sheet_name(section)
        if name in used:  # two sections that shorten to one name
            name = f"{name[:28]}{section.index}"
        used.add(name)
        sheets.append(SheetLayout(name, section, tasks, fixed, slots, grouping))
    targets = None
    if version != "2":
        targets = targets_layout(plan, tuple(t for s in sheets for t in s.tasks))
        if targets is not None and TARGETS_SHEET in used:
            targets = None  # a section named 量化目标 (no plan seen does this) keeps its name
    return WorkbookLayout(plan, agency, tuple(sheets), targets)


# -- identity --------------------------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    """Which plan, agency, quarter and layout a workbook belongs to."""

    plan: str  # plan fingerprint
    agency: str  # "" for the master workbook
    quarter: str  # "2023Q2"
    layout: str = LAYOUT_VERSION
    content: str = ""  # content fingerprint of the workbook's read-only cells

    def stamp(self, wb: Any) -> None:
        """Write it into an XlsxWriter workbook where the readers look: the custom property
        :data:`IDENTITY_PROPERTY` and the defined name :data:`IDENTITY_NAME`."""
        text = self.encode()
        wb.set_custom_property(IDENTITY_PROPERTY, text)
        wb.define_name(IDENTITY_NAME, '="' + text.replace('"', '""') + '"')

    def encode(self) -> str:
        """One string for the defined name and the custom property (well under 255 chars)."""
        return ";".join(
            [f"planbook={self.layout}", f"plan={self.plan}", f"quarter={self.quarter}",
             f"content={self.content}", f"agency={self.agency}"]
        )

    @classmethod
    def decode(cls, text: str) -> "Identity | None":
        fields = dict(part.partition("=")[::2] for part in text.split(";") if "=" in part)
        if "planbook" not in fields or "plan" not in fields:
            return None
        return cls(fields["plan"], fields.get("agency", ""), fields.get("quarter", ""),
                   fields["planbook"], fields.get("content", ""))


def identity_for(layout: WorkbookLayout, quarter: str) -> Identity:
    return Identity(layout.plan.fingerprint, layout.agency or "", quarter, LAYOUT_VERSION,
                    layout.content_fingerprint)
