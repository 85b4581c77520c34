"""Reading a plan, whatever form it comes in, into a :class:`~planbook.model.Plan`.

One module per input form (``text``: the official text, ``docx``: a Word document of it)
behind one :func:`load_plan`. :func:`parse_plan` never raises for what a file contains: it
returns the plan with every problem located; :func:`load_plan` raises
:class:`~planbook.problems.PlanError` when there are errors.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..model import Plan
from ..problems import PlanError
from .result import ParseResult
from .text import normalize, parse_deadline, parse_lines, read_text

SEED_TITLE = "大连市营商环境质量提升行动方案（2022—2024年）"
"""The embedded seed's title (its text starts with the first section)."""


def read_lines(path: Path) -> list[str]:
    """The plan's lines, by the file's form."""
    if path.suffix.lower() == ".docx":
        from .docx import read_docx

        return read_docx(path)
    return read_text(path)


def parse_plan(source: str | Path, *, title: str = "") -> ParseResult:
    """Read the plan file at ``source`` (.txt or .docx)."""
    path = Path(source)
    return parse_lines(read_lines(path), source=path.name, title=title)


def parse_text(text: str, *, source: str = "<text>", title: str = "") -> ParseResult:
    """Read a plan given as text."""
    return parse_lines(text.splitlines(), source=source, title=title)


def load_plan(source: str | Path | None = None) -> Plan:
    """The plan at ``source``, or the embedded seed when None; raises PlanError on errors."""
    if source is None:
        return seed_plan()
    result = parse_plan(source)
    if not result.ok:
        raise PlanError(result.problems, f"方案 {Path(source).name} 有 {len(result.errors)} 个错误")
    assert result.plan is not None
    return result.plan


@lru_cache(maxsize=1)
def seed_plan() -> Plan:
    """The embedded seed plan (Dalian's 2022-2024 business-environment plan), parsed once."""
    from ..resources import seed_path

    result = parse_plan(seed_path(), title=SEED_TITLE)
    if not result.ok:  # the shipped seed must always parse
        raise PlanError(result.problems, "内置方案解析失败")
    assert result.plan is not None
    return result.plan


__all__ = ["ParseResult", "load_plan", "normalize", "parse_deadline", "parse_lines", "parse_plan", "parse_text",
           "seed_plan", "SEED_TITLE"]
