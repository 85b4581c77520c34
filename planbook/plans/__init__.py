"""Reading a plan, whatever form an office holds it in, into a :class:`~planbook.core.model.Plan`.

One module per form behind one :func:`load_plan`: ``text`` (a .txt, a web page or PDF copied
out, a Word document's paragraphs), ``table`` (a Word table or an Excel sheet, read by
``docx`` and ``xlsx``; ``texttable`` puts a table copied out as text back into rows),
``convert`` (.doc, .wps, .xls, .et through LibreOffice); ``forms`` tells them apart. The detection they share: ``structure`` (levels and numbering), ``units``
(unit lists, roles, the lead rule), ``deadlines`` (dates in fields and prose), ``mapping``
(what an office states with ``--mapping``). ``build`` makes the plan from what a reader
found, the same way for every form, and ``guesses`` describes what it guessed.

:func:`parse_plan` never raises for what a file contains: it returns the plan with every
problem located; :func:`load_plan` raises :class:`~planbook.base.problems.PlanError` when there
are errors.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from planbook.core.model import Plan
from planbook.base.problems import PlanError
from planbook.plans.build import build
from planbook.plans.deadlines import parse_deadline
from planbook.plans.doubts import doubts
from planbook.plans.guesses import describe
from planbook.plans.mapping import Mapping, mapping_toml, read_mapping
from planbook.plans.result import Guesses, ParseResult
from planbook.plans.plain_text import normalize, read_lines

SEED_TITLE = "大连市营商环境质量提升行动方案（2022—2024年）"
"""The embedded seed's title (its text starts with the first section)."""


PARSE_STEPS = 3
"""The steps ``progress`` is told of while a plan file is read: 识别格式, 读取, 整理."""


def parse_plan(source: str | Path, *, title: str = "", mapping: Mapping | str | Path | None = None,
               progress: Callable[[str], None] | None = None) -> ParseResult:
    """Read the plan file at ``source`` (.txt, .docx, .xlsx; .doc, .wps, .xls, .et through
    LibreOffice). ``title`` names a plan whose file has no title line; ``mapping`` (a
    :class:`Mapping` or a TOML file) states what the guesses got wrong; ``progress`` is
    told the name of each of the :data:`PARSE_STEPS` steps as it starts."""
    from planbook.plans.forms import read_draft

    step = progress or (lambda _name: None)
    path = Path(source)
    mapping = _mapping(mapping)
    step("识别格式")
    try:
        draft, converted = read_draft(path, mapping, step)
    except PlanError as exc:
        return ParseResult(None, exc.problems, Guesses(form=path.suffix.lstrip(".") or "文件"))
    step("整理任务和节点")
    result = build(draft, source=path.name, title=title, mapping=mapping)
    result.guesses.converted = converted
    return result


def parse_text(text: str, *, source: str = "<text>", title: str = "", mapping: Mapping | None = None) -> ParseResult:
    """Read a plan given as text."""
    return parse_lines(text.splitlines(), source=source, title=title, mapping=mapping)


def parse_lines(lines: list[str], *, source: str = "", title: str = "", mapping: Mapping | None = None) -> ParseResult:
    """Read a plan given as lines of text (a file's lines or a document's paragraphs)."""
    mapping = mapping or Mapping()
    draft = read_lines(lines, source=source, task_level=mapping.task_level)
    return build(draft, source=source, title=title, mapping=mapping)


def load_plan(source: str | Path | None = None, *, title: str = "", mapping: Mapping | str | Path | None = None,
              progress: Callable[[str], None] | None = None, refuse_doubts: bool = False) -> Plan:
    """The plan at ``source``, or the embedded seed when None; raises PlanError on errors.
    ``title``, ``mapping`` and ``progress`` are :func:`parse_plan`'s. ``refuse_doubts``: a
    reading with :func:`doubts` (and no mapping file to vouch for it) raises ``plan_doubtful``
    instead of going out as 50 wrong workbooks."""
    if source is None:
        return seed_plan()
    result = parse_plan(source, title=title, mapping=mapping, progress=progress)
    if not result.ok:
        raise PlanError(result.problems, f"方案 {Path(source).name} 有 {len(result.errors)} 个错误")
    assert result.plan is not None
    found = doubts(result) if refuse_doubts and mapping is None else []
    if found:
        from planbook.base.problems import fail

        name = Path(source).name
        raise fail("plan_doubtful", f"方案 {name} 的读取结果可能有误，未采用：\n" + "\n".join(f"  · {d}" for d in found)
                   + f"\n请先用 planbook parse {name} 核对；读得对，加 --yes 重新执行；读得不对，用 --mapping 映射文件改正"
                   "（planbook parse --write-mapping 可写出一份带说明的映射文件）。", file=str(source))
    return result.plan


@lru_cache(maxsize=1)
def seed_plan() -> Plan:
    """The embedded seed plan (Dalian's 2022-2024 business-environment plan), parsed once."""
    from planbook.base.resources import seed_path

    result = parse_plan(seed_path(), title=SEED_TITLE)
    if not result.ok:  # the shipped seed must always parse
        raise PlanError(result.problems, "内置方案解析失败")
    assert result.plan is not None
    return result.plan


def _mapping(mapping: Mapping | str | Path | None) -> Mapping:
    if mapping is None:
        return Mapping()
    if isinstance(mapping, Mapping):
        return mapping
    return read_mapping(mapping)


__all__ = ["doubts", "PARSE_STEPS", "ParseResult", "Guesses", "Mapping", "describe", "load_plan", "mapping_toml", "normalize",
           "parse_deadline", "parse_lines", "parse_plan", "parse_text", "read_mapping", "seed_plan", "SEED_TITLE"]
