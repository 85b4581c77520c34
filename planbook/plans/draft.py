"""A plan as read, before it is decided: what each form's reader hands to :mod:`.build`.

A reader (text, Word table, Excel sheet) knows where things are written: which text is a
task, its number as written, its unit statements and deadline fields, its section. What
they mean (who leads, which year, which numbering) is decided once, for every form, in
:mod:`.build`, so the same plan in any form gives the same model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from planbook.base.problems import Problem
from planbook.plans.result import TableGuess
from planbook.plans.units import Statement

class Report(Protocol):
    """Records a problem of ``kind``; ``where`` are :class:`~planbook.base.problems.Problem`'s
    location fields (line, sheet, cell, task_id, value, allowed …)."""

    def __call__(self, kind: str, message: str, severity: str = ..., **where: Any) -> None: ...


NO_FIELD = object()
"""A milestone whose deadline field is empty or missing."""


@dataclass
class DraftMilestone:
    """One step as written: its text and its deadline field (text or an Excel date; NO_FIELD
    when it has none; None when the step comes from prose, whose dates are read from its text)."""

    text: str
    field: object = None
    line: int = 0
    cell: str = ""


@dataclass
class DraftSection:
    numeral: str
    title: str


@dataclass
class DraftTask:
    """A task as read."""

    written: str  # its number as printed: "1", "（一）", "三十"; "" when unnumbered
    value: int | None  # that number's value
    title: str
    text: str  # the task's text, without unit statements and deadline fields
    section: int  # index into Draft.sections, -1 for none
    subsection: str = ""
    group: int = 0  # numbering restarts only where the group changes (section, sub-section, sheet)
    milestones: list[DraftMilestone] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    labelled: bool = False  # the plan's own form: deadline fields per step, closed by a lead label
    unit_place: bool = False  # the form has a place for units (a label or a unit column)
    deadline_place: bool = True  # the form has a place for a deadline (text: a label; a table: a column)
    prose_dates: bool = True  # dates in its text are deadlines (not in a table that has a deadline column)
    fixed: bool = False  # title, text and milestones are final (the labelled text form)
    failed: bool = False  # an error was reported: no task is built
    line: int = 0
    sheet: str = ""
    cell: str = ""
    body: str = ""  # for prose deadlines: the text after the title
    notes: list[str] = field(default_factory=list)  # how its text was split, for the preview


@dataclass
class DraftGuesses:
    """What a reader worked out about the form (:class:`.result.Guesses` shows it)."""

    columns: list[TableGuess] = field(default_factory=list)  # a table's columns and their roles
    levels: list[tuple[str, str]] = field(default_factory=list)  # the numbering kinds and their levels
    task_level_how: str = ""
    cover: str = ""  # the cover notice left out, in words
    sheets: list[str] = field(default_factory=list)  # the sheets read


@dataclass
class Draft:
    """Everything a reader found."""

    form: str
    sections: list[DraftSection] = field(default_factory=list)
    tasks: list[DraftTask] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title: str = ""
    title_source: str = ""
    texts: list[str] = field(default_factory=list)  # every text, for the lead rule and the year
    guesses: DraftGuesses = field(default_factory=lambda: DraftGuesses())
