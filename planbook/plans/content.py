"""Column roles from what the cells hold, for headers the reader does not know: a column
whose cells are unit names is a unit column whatever its header says (推进单位, 指导部门,
主抓部门…), and a column of dates is a deadline column. The preview marks such a column
“按内容判断”; the mapping file's ``[columns]`` decides instead when it names the header.
"""

from __future__ import annotations

import re

from planbook.plans.units import LEAD, LISTED, PARTNER, RESPONSIBLE, is_unit_name, join_other_names, labelled_units

_DATE = re.compile(r"^(\d{4}\s*年)?\s*(\d{1,2}\s*月|[一二三四]季度|上半年|下半年|年底|年内|全年|长期|持续推进|"
                   r"\d{4}[-./年]\d{1,2}|\d{4}\s*年|底前|月底前|日前)")
_SPLIT = re.compile(r"[、，,；;/\s]+")


def is_unit_cell(text: str) -> bool:
    """Every name in the cell is a unit's (a unit's other name in brackets after it is part of its name)."""
    text = join_other_names(text)
    depth, parts, current = 0, [], ""
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)" and depth > 0
        if depth == 0 and _SPLIT.match(ch):
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    names = [p.strip() for p in parts if p.strip()]
    return bool(names) and all(is_unit_name(n) for n in names)


_PROGRESS = re.compile(r"^(\d{1,3}(?:\.\d+)?\s*[%％]|已完成|已竣工|已开工|未开工|完成|推进中|正在推进)")


def is_progress_cell(text: str) -> bool:
    """``80%（进度滞后）``, ``已完成``: how far a task has come, not when it is due."""
    return bool(_PROGRESS.match(text.strip())) and not is_date_cell(text)


def is_date_cell(text: str) -> bool:
    return bool(_DATE.match(text.strip())) and len(text.strip()) <= 30


def _is_place_cell(text: str) -> bool:
    """浦江镇、浦锦街道: every name a town, street or village (not its government)."""
    names = [n for n in _SPLIT.split(text.strip("。")) if n]
    return bool(names) and all(re.search(r"(镇|乡|街道|村|社区)$", n) and not n.startswith("各") for n in names)


def roles_by_content(roles: list[str], columns: list[list[str]]) -> tuple[list[str], set[int]]:
    """``roles`` with every unknown column ("") whose cells are mostly unit names or dates
    given a role, and which columns were so decided. The first unit column of a table that
    has no lead column leads; later ones are partners."""
    out = list(roles)
    decided: set[int] = set()
    for c, role in enumerate(roles):
        cells = [t for t in columns[c] if t.strip()] if c < len(columns) else []
        if role == "deadline" and cells and sum(map(is_progress_cell, cells)) >= 0.5 * len(cells):
            out[c] = "ignore"  # 进度 80%、已完成: a report of progress, not a deadline
            decided.add(c)
            continue
        if role or len(cells) < 1:
            continue
        if sum(map(is_unit_cell, cells)) >= max(1, 0.8 * len(cells)):
            has_lead = any(r in (LEAD, RESPONSIBLE, LISTED) for r in out)
            if has_lead and all(map(_is_place_cell, cells)):
                out[c] = "ignore"  # 责任街镇 beside 责任部门: where the work is done, not who does it
                decided.add(c)
                continue
            out[c] = PARTNER if has_lead else LEAD
            decided.add(c)
        elif sum(1 for t in cells if labelled_units("分工：" + t)) >= max(1, 0.8 * len(cells)):
            out[c] = LISTED  # A牵头，B、C配合 in every cell: the verbs say who leads
            decided.add(c)
        elif "deadline" not in out and sum(map(is_date_cell, cells)) >= max(1, 0.8 * len(cells)):
            out[c] = "deadline"
            decided.add(c)
    return out, decided


__all__ = ["is_unit_name", "is_unit_cell", "is_date_cell", "is_progress_cell", "roles_by_content"]
