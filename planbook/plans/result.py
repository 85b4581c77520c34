"""What reading a plan gives, whatever its form: the plan and every problem, located."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Plan
from ..problems import ERROR, WARNING, Problem


@dataclass
class ParseResult:
    """What a parse found: the plan (when the text made one) and every problem, located."""

    plan: Plan | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors
