"""What reading a plan gives, whatever its form: the plan, every problem located, and the
guesses made on the way (printed by ``planbook parse``, written by ``--write-mapping``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from planbook.core.model import Plan
from planbook.base.problems import ERROR, WARNING, Problem


@dataclass
class TableGuess:
    """How one table or sheet was read."""

    name: str
    header_rows: str
    columns: list[tuple[str, str, str]]  # (column letter, header as written, role)
    tasks: int = 0


@dataclass
class Guesses:
    form: str = ""
    converted: str = ""
    title: str = ""
    title_source: str = ""
    year: int | None = None
    year_source: str = ""
    lead_rule: str = ""
    lead_rule_how: str = ""
    lead_rule_stated: bool = False  # by the plan or the mapping, not guessed
    levels: list[tuple[str, str]] = field(default_factory=list)  # (numbering, what it is)
    task_level_how: str = ""
    numbering: str = ""
    columns: list[TableGuess] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    text_chars: int = 0  # the characters the reader saw, for the doubts (few tasks for a long text)



@dataclass
class ParseResult:
    """What a parse found: the plan (when the file made one), every problem, the guesses."""

    plan: Plan | None
    problems: list[Problem] = field(default_factory=list)
    guesses: Guesses = field(default_factory=Guesses)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors
