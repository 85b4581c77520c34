"""The table form of a plan: a Word table or an Excel sheet (任务分解表, 分工表, 台账) into a
:class:`~.draft.Draft`.

A table's columns are found by their headers (序号, 重点任务, 具体措施, 完成时限, 牵头单位…,
in their many spellings; a two-row header such as 责任单位 over 牵头单位 / 配合单位 too).
Sections are rows merged across (``一、……``, sub-sections ``（一）……``), a column merged down
over several tasks (主要任务, 行动计划, 章节), or the sheets of a workbook. A task is a row with
a number; the rows under it whose number and title cells are merged with it (or empty) are
its further steps (one per deadline). Merged cells are expanded by the readers
(:mod:`.docx`, :mod:`.xlsx`) before this module sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Sequence

from planbook.xlsx.layout import column_letter
from planbook.base.problems import WARNING, Problem
from planbook.plans import structure as st
from planbook.plans.draft import NO_FIELD, Draft, DraftMilestone, DraftSection, DraftTask
from planbook.plans.result import TableGuess
from planbook.plans.mapping import Mapping
from planbook.plans.content import roles_by_content
from planbook.plans.units import LEAD, LISTED, PARTNER, RESPONSIBLE, statements, without_persons

UNIT_ROLES = (LEAD, PARTNER, RESPONSIBLE, LISTED)


@dataclass
class Cell:
    """A cell, its merged range expanded: every cell of a range holds the range's value and
    names the range's top-left cell as its ``origin``."""

    value: object
    text: str
    origin: tuple[int, int]


@dataclass
class Grid:
    """A table or a sheet: rows of cells, and the text written above it (its title)."""

    name: str
    rows: list[list[Cell]]
    sheet: str = ""
    before: list[str] = field(default_factory=list)


def cell_text(value: object) -> str:
    from planbook.plans.plain_text import normalize

    if value is None or value == "":
        return ""
    if isinstance(value, str) and "\n" not in value and "\r" not in value:
        return normalize(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    lines = [normalize(line) for line in str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def make_grid(rectangle: Sequence[Sequence[object]], merges: list[tuple[tuple[int, int], tuple[int, int]]],
              name: str, sheet: str = "") -> Grid:
    """A grid from a rectangle of values and its merged ranges ((row, col), (last row, last col))."""
    values = list(rectangle)
    while values and all(v in (None, "") for v in values[-1]):
        values.pop()
    width = max((len(r) for r in values), default=0)
    rows = [[Cell(v, cell_text(v), (r, c)) for c, v in enumerate(list(row) + [None] * (width - len(row)))]
            for r, row in enumerate(values)]
    for (r0, c0), (r1, c1) in merges:
        if r0 >= len(rows) or c0 >= width:
            continue
        origin = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                rows[r][c] = Cell(origin.value, origin.text, (r0, c0))
    return Grid(name, rows, sheet)


# -- headers ------------------------------------------------------------------------------------
_EXACT = {
    "number": "序号 编号 序列 项次 序次 任务编号 条目 代码",
    "section": "章节 领域 板块 类别 方面 重点领域 专项领域 篇章 部分 分类 考核项目 考核类别",
    "subsection": "子领域 子类 小类",
    "title": "重点任务 工作任务 任务 任务名称 项目名称 重点项目 工作事项 事项 项目 主要任务 任务事项 目标任务 改革事项 "
             "重点工作任务 任务清单 工作名称 事项名称 目标名称 指标名称",
    "text": "具体措施 工作举措 主要内容 工作内容 政策措施 方案内容 激励措施 重点工作 任务内容 工作措施 具体内容 主要措施 措施 "
            "内容 具体任务 工作要求 目标要求 具体工作 任务要求 重点举措 举措 工作目标 具体举措 主要举措 目标 工作安排 实施内容 "
            "工作标准 目标标准 完成标准",
    "deadline": "完成时限 时间节点 完成时间 进度安排 时限 时间要求 完成期限 时限要求 时间安排 完成节点 计划完成时间 截止时间 "
                "完成日期 时间",
    LEAD: "牵头单位 牵头部门 主责单位 主责部门 牵头责任单位 主办单位 牵头 牵头处室 牵头科室 牵头股室",
    PARTNER: "配合单位 配合部门 协办单位 参与单位 协同单位 协助单位 配合 协作单位 配合处室 配合科室 配合股室",
    RESPONSIBLE: "责任单位 责任部门 责任主体 责任地区 实施单位 承办单位 责任处室 责任科室 责任股室",
    LISTED: "负责部门 负责单位 负责 部门分工 责任分工 职责分工 任务分工 单位分工 分工单位",
    "person": "牵头领导 分管领导 责任领导 联系领导 分管省领导 分管市领导 责任人 牵头人 联系人 包保领导",
    "ignore": "备注 完成情况 进展情况 进展 落实情况 说明 工作进展 评分部门 评分单位 考核部门 考核单位 计量单位",
}
HEADER_ROLE = {word: role for role, words in _EXACT.items() for word in words.split()}
_CONTAINS = (
    ("person", ("领导", "责任人", "联系人", "牵头人")),
    ("ignore", ("备注", "情况", "进展", "成效", "评价", "得分", "佐证", "当前", "目前", "实际", "地点", "地址", "位置")),
    (LEAD, ("牵头", "主责")),
    (PARTNER, ("配合", "协办", "协同", "参与", "协助")),
    (RESPONSIBLE, ("责任单位", "责任部门", "责任主体", "责任地区", "责任处室", "责任科室", "责任股室")),
    (LISTED, ("负责",)),
    ("deadline", ("时限", "时间", "节点", "期限", "日期", "进度")),
    ("number", ("序号", "编号")),
    ("section", ("章节", "领域", "板块")),
    ("text", ("措施", "内容", "举措", "要求")),
    ("title", ("任务", "事项", "项目")),
)


_PERIOD = re.compile(r"(?:\d{4}年)?第?[一二三四1-4]季度(?:末)?(?:工作目标|目标任务|目标|进度安排|进度|计划|节点|完成)?")
"""A 台账's quarter columns (一季度 … 四季度): each cell is the step due by that quarter's end."""


def header_role(text: str, mapping: Mapping | None = None) -> str:
    """The role of a column from its header: number, section, title, text, deadline, lead,
    partner, responsible, listed, person, ignore; "" when it is not recognized."""
    key = "".join(text.split())
    if mapping and key in mapping.columns:
        return mapping.columns[key]
    key = re.sub(r"[（(][^（）()]*[）)]$", "", key).strip("*＊:：")
    if _PERIOD.fullmatch(key):
        return "period"
    if key in HEADER_ROLE:
        return HEADER_ROLE[key]
    if not key or len(key) > 12:
        return ""
    for role, words in _CONTAINS:
        if any(w in key for w in words):
            return role
    return ""


def guess_content(roles: list[str], texts: list[str]) -> list[str]:
    """A header with a 序号 and a unit column but no known content column (2022年预期目标, 民生实事):
    its one unknown column after the number is the content column, whatever its header says."""
    if any(r in ("title", "text") for r in roles) or "number" not in roles or not any(r in UNIT_ROLES for r in roles):
        return roles
    unknown = [c for c, (r, t) in enumerate(zip(roles, texts)) if not r and t]
    if len(unknown) != 1 or unknown[0] < roles.index("number") or len(texts[unknown[0]]) > 12:
        return roles
    return [("title" if c == unknown[0] else r) for c, r in enumerate(roles)]


@dataclass
class _Header:
    row: int
    last: int  # the header's last row (two-row headers)
    roles: list[str]
    texts: list[str]


def _find_header(grid: Grid, mapping: Mapping) -> _Header | None:
    best: tuple[int, int, list[str], list[str]] | None = None
    for r, row in enumerate(grid.rows[:15]):
        seen, roles, texts = set(), [], []
        for c, cell in enumerate(row):
            first = cell.origin not in seen and cell.origin[0] == r  # a header cell merged down counts once, above
            seen.add(cell.origin)
            text = "".join(cell.text.split()) if first else ""
            texts.append(text)
            roles.append(header_role(text, mapping) if text else "")
        roles = guess_content(roles, texts)
        score = sum(1 for role in roles if role)
        content = any(role in ("title", "text") for role in roles)
        if score >= 2 and content and (best is None or score > best[1]):
            best = (r, score, roles, texts)
    if best is None:
        return None
    r, _, roles, texts = best
    last = r
    if r + 1 < len(grid.rows):
        below = grid.rows[r + 1]
        subs = [header_role(cell.text, mapping) if cell.origin[0] == r + 1 else "" for cell in below]
        upper_spans = [grid.rows[r][c].origin != (r, c) or (c + 1 < len(below) and grid.rows[r][c + 1].origin == (r, c))
                       for c in range(len(below))]
        if any(subs) and all(not sub or not roles[c] or upper_spans[c] or roles[c] in UNIT_ROLES
                             for c, sub in enumerate(subs)) and sum(1 for s in subs if s) < max(2, sum(1 for x in roles if x)):
            for c, sub in enumerate(subs):
                if sub:
                    roles[c] = sub
                    texts[c] = (texts[c] or "".join(grid.rows[r][c].text.split())) + "/" + "".join(below[c].text.split())
            last = r + 1
    return _Header(r, last, roles, texts)


# -- reading the rows ---------------------------------------------------------------------------
def _number(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    mark = st.mark_of(text + "x")
    if mark:
        return mark.value
    return st.cn_value(text)


def _section_of(text: str) -> DraftSection:
    text = without_persons(text)
    mark = st.mark_of(text)
    if not mark:
        return DraftSection("", text.rstrip("。："))
    numeral = mark.written.strip(st.DOTS + "，, （）()") if mark.kind in (st.CN, st.PCN) else str(mark.value)
    return DraftSection(numeral, st.first_sentence(mark.rest)[0].rstrip("。：") or mark.rest)


@dataclass
class _Reading:
    grid: Grid
    header: _Header
    tasks: list[DraftTask] = field(default_factory=list)
    sections: list[DraftSection] = field(default_factory=list)
    structured: bool = False  # it has section rows or a section column of its own
    periods: list[tuple[int, str]] = field(default_factory=list)  # quarter columns: (column, header)


@dataclass
class _Place:
    """Where the rows being read belong: the section (an index), the sub-section, the group."""

    section: int = -1
    subsection: str = ""
    group: int = 0


def _key_value(grid: Grid, mapping: Mapping) -> Grid | None:
    """A key | value table (one task a table: 任务名称 | …, 牵头单位 | …, 完成时限 | …) turned
    into a header row and one row of values; None when ``grid`` is not one."""
    pairs = [(row[0].text, row[-1].text) for row in grid.rows
             if len(row) >= 2 and row[0].text and row[0].origin != row[-1].origin]
    if len(pairs) < 3 or len(pairs) < 0.8 * sum(1 for row in grid.rows if any(c.text for c in row)):
        return None
    roles = [header_role(key, mapping) for key, _ in pairs]
    if sum(1 for r in roles if r) < 0.6 * len(pairs) or not any(r in ("title", "text") for r in roles):
        return None
    rows = [[Cell(key, key, (0, c)) for c, (key, _) in enumerate(pairs)],
            [Cell(value, value, (1, c)) for c, (_, value) in enumerate(pairs)]]
    return Grid(grid.name, rows, grid.sheet, grid.before)


def read_grids(grids: list[Grid], mapping: Mapping, form: str) -> Draft:
    """The draft of a plan written as tables (every table or sheet with a header of its own)."""
    draft = Draft(form)
    readings: list[_Reading] = []
    no_header: list[str] = []
    for grid in grids:
        draft.texts.extend(grid.before)
        draft.texts.extend(cell.text for r, row in enumerate(grid.rows) for c, cell in enumerate(row)
                           if cell.text and cell.origin == (r, c))
        grid = _key_value(grid, mapping) or grid
        header = _find_header(grid, mapping)
        if header is None:
            if any(cell.text for row in grid.rows for cell in row):
                no_header.append(grid.name)
            continue
        reading = _Reading(grid, header)
        _read(reading, draft, mapping)
        if reading.tasks:
            readings.append(reading)
    if no_header:
        draft.guesses.cover = f"{'、'.join(no_header)}中没有找到表头（应有“序号、重点任务、牵头单位”等列）"
    several = len(readings) > 1
    group_base = 0
    for reading in readings:
        if several and not reading.structured:
            reading.sections.insert(0, DraftSection("", reading.grid.sheet or reading.grid.name))
            for t in reading.tasks:
                t.section = 0
        offset = len(draft.sections)
        draft.sections.extend(reading.sections)
        for t in reading.tasks:
            t.section += offset
            t.group += group_base
            draft.tasks.append(t)
        group_base += 10_000
    titles: list[str] = []
    for reading in readings[:1]:
        above = [cell.text for row in reading.grid.rows[: reading.header.row] for cell in row[:1] if cell.text]
        titles = reading.grid.before + above
    draft.title, at = st.find_title([t for t in titles if t])
    if at >= 0:
        draft.title_source = "表格上方的标题"
    draft.guesses.sheets = [r.grid.sheet for r in readings if r.grid.sheet]
    return draft


def _read(reading: _Reading, draft: Draft, mapping: Mapping) -> None:
    grid, header = reading.grid, reading.header
    rows = grid.rows
    start = header.last + 1
    own = [[row[c].text for row in rows[start:] if row[c].origin[1] == c and row[c].origin[0] >= start]
           for c in range(len(header.roles))]
    roles, by_content = roles_by_content(list(header.roles), own)
    number_col = roles.index("number") if "number" in roles else -1
    if LEAD in roles:
        roles = [PARTNER if r in (RESPONSIBLE, LISTED) else r for r in roles]

    def origin_own(r: int, c: int) -> bool:
        return rows[r][c].origin == (r, c)

    kinds = [_row_kind(rows[r], r, roles, header, mapping.task_level) for r in range(start, len(rows))]
    if not mapping.task_level:
        odd = _shallower_rows(rows, start, kinds, roles)
        kinds = ["subgroup" if r in odd else k for r, k in zip(range(start, len(rows)), kinds)]
    data = [r for r, k in zip(range(start, len(rows)), kinds) if k in ("row", "step")]
    steps = {r for r, k in zip(range(start, len(rows)), kinds) if k == "step"}  # deeper than the mapping's task level
    group_rows = [(r, _row_text(rows[r])) for r, k in zip(range(start, len(rows)), kinds) if k == "group"]
    title_col = roles.index("title") if "title" in roles else -1

    def starts(r: int) -> bool:
        if number_col >= 0 and rows[r][number_col].text:
            return origin_own(r, number_col)  # a number merged down from the row above: the same task
        key = title_col if title_col >= 0 else (roles.index("text") if "text" in roles else -1)
        if number_col >= 0 and title_col < 0:
            return False
        return key >= 0 and bool(rows[r][key].text) and origin_own(r, key)

    task_rows = [r for r in data if r not in steps and starts(r)]
    # columns merged down over several tasks are groups (sections or sub-sections)
    group_cols = [c for c, role in enumerate(roles) if role in ("section", "subsection")]
    for c, role in enumerate(roles):
        if role in ("title", "") and c != number_col and c not in group_cols:
            origins = [rows[r][c].origin for r in task_rows if rows[r][c].text]
            if len(origins) != len(set(origins)):
                group_cols.append(c)
    group_cols.sort()
    if group_rows and "section" in [roles[c] for c in group_cols]:
        roles = ["subsection" if r == "section" else r for r in roles]
    for n, c in enumerate(group_cols):
        if roles[c] not in ("section", "subsection"):
            roles[c] = "subsection" if (group_rows or n > 0 or "section" in roles) else "section"
    if title_col in group_cols or title_col < 0:
        title_col = next((c for c, r in enumerate(roles) if r == "title" and c not in group_cols), -1)
    text_cols = [c for c, r in enumerate(roles) if (r == "text" or r == "title") and c != title_col and c not in group_cols]
    deadline_col = roles.index("deadline") if "deadline" in roles else -1
    unit_cols = [(c, r) for c, r in enumerate(roles) if r in UNIT_ROLES]
    reading.periods = [(c, header.texts[c]) for c, r in enumerate(roles) if r == "period"]
    section_col = next((c for c in group_cols if roles[c] == "section"), -1)
    sub_col = next((c for c in group_cols if roles[c] == "subsection"), -1)
    reading.structured = bool(group_rows) or section_col >= 0

    pcn_rows = [text for _, text in group_rows if (mark := st.mark_of(text)) and mark.kind == st.PCN]
    sub_rows_are_subsections = bool(pcn_rows) and len(pcn_rows) < len(group_rows)
    at = _Place()
    last_section_value, last_sub_value = None, None
    current: list[int] = []

    def close() -> None:
        if not current:
            return
        task = _task(reading, current, roles, number_col, title_col, text_cols, deadline_col, unit_cols)
        if at.section < 0:
            reading.sections.append(DraftSection("", ""))
            at.section = len(reading.sections) - 1
        task.section, task.subsection, task.group = at.section, at.subsection, at.group
        reading.tasks.append(task)
        current.clear()

    def new_section(text: str) -> None:
        reading.sections.append(_section_of(text))
        at.section, at.subsection, at.group = len(reading.sections) - 1, "", at.group + 1

    def new_subsection(text: str) -> None:
        at.subsection, at.group = text, at.group + 1

    for r, kind in zip(range(start, len(rows)), kinds):
        if kind == "subgroup":  # a group below the sub-section: the rows after it are still the sub-section's
            close()
            at.group += 1
            continue
        if kind == "group":
            close()
            text = _row_text(rows[r]).replace("\n", "")
            mark = st.mark_of(text)
            if sub_rows_are_subsections and mark and mark.kind == st.PCN:
                new_subsection(text)
            else:
                new_section(text)
                last_section_value = last_sub_value = None
            continue
        if kind not in ("row", "step"):
            continue
        if r in task_rows:
            close()
            if section_col >= 0:
                value = rows[r][section_col].text.replace("\n", "")
                if value and value != last_section_value:
                    new_section(value)
                    last_section_value, last_sub_value = value, None
            if sub_col >= 0:
                value = rows[r][sub_col].text.replace("\n", "")
                if value != last_sub_value:
                    new_subsection(value)
                    last_sub_value = value
            current.append(r)
        elif current:
            current.append(r)
        elif any(cell.text for cell in rows[r]):
            draft.problems.append(Problem(
                "stray_line", "这一行不属于任何任务，已略去", WARNING, sheet=grid.sheet,
                cell=f"A{r + 1}" if grid.sheet else f"{grid.name}第 {r + 1} 行",
                value=" ".join(c.text for c in rows[r] if c.text)[:60]))
    close()
    columns = [(column_letter(c), header.texts[c] + ("（按内容判断）" if c in by_content else ""), roles[c])
               for c in range(len(roles))]
    rows_label = f"第 {header.row + 1} 行" if header.last == header.row else f"第 {header.row + 1}–{header.last + 1} 行"
    draft.guesses.columns.append(TableGuess(grid.name, rows_label, columns, len(reading.tasks)))


def _row_text(row: list[Cell]) -> str:
    """A group row's text: its cells' texts once each (（一） in the number column, the title beside it)."""
    seen: set[tuple[int, int]] = set()
    parts = []
    for cell in row:
        if cell.text and cell.origin not in seen:
            seen.add(cell.origin)
            parts.append(cell.text)
    return "".join(parts)


def number_kind(text: str) -> str:
    """The numbering kind of a number cell: 1 -> 1., 一 -> 一、, （一） -> （一）, (1) -> （1）."""
    text = text.strip()
    if text.isdigit():
        return st.AR
    if text and all(ch in st.CN_DIGITS + "十百" for ch in text):
        return st.CN
    if len(text) == 1 and "①" <= text <= "⑳":
        return st.CIRCLED
    mark = st.mark_of(text + "项")
    return mark.kind if mark and not mark.rest.strip("项") else ""


def _shallower_rows(rows: list[list[Cell]], start: int, kinds: list[str], roles: list[str]) -> set[int]:
    """Rows numbered in a shallower series than the tasks that name units (``1 | 大力提振消费。`` among
    tasks ``(8)``, ``(9)``) and naming no unit and no deadline themselves: groups, not tasks."""
    if "number" not in roles or not any(role in UNIT_ROLES for role in roles):
        return set()
    nc = roles.index("number")

    def named(r: int) -> bool:
        return any(rows[r][c].text for c, role in enumerate(roles) if role in UNIT_ROLES or role == "deadline")

    numbered = [(r, number_kind(rows[r][nc].text)) for r, k in zip(range(start, len(rows)), kinds)
                if k == "row" and rows[r][nc].text and rows[r][nc].origin == (r, nc)]
    counts: dict[str, int] = {}
    for r, kind in numbered:
        if kind and named(r):
            counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        return set()
    main = max(counts, key=lambda k: counts[k])
    if counts[main] < 2 or counts[main] < 0.8 * sum(counts.values()):
        return set()
    return {r for r, kind in numbered
            if kind and kind != main and st.KINDS.index(kind) < st.KINDS.index(main) and not named(r)}


def _row_kind(row: list[Cell], r: int, roles: list[str], header: _Header, task_level: str = "") -> str:
    filled = [(c, cell) for c, cell in enumerate(row) if cell.text]
    if not filled:
        return "empty"
    if ["".join(cell.text.split()) for cell in row] == header.texts:
        return "header"
    if task_level in st.KINDS and "number" in roles:  # the mapping names the tasks' numbering
        kind = number_kind(row[roles.index("number")].text)
        if kind == task_level:
            return "row"
        if kind:
            return "group" if st.KINDS.index(kind) < st.KINDS.index(task_level) else "step"
    origins = {cell.origin for _, cell in filled}
    if len(origins) == 1:
        cols = [c for c, _ in filled]
        text = filled[0][1].text
        mark = st.mark_of(text)
        if text.strip().isdigit():
            return "row"
        if len(cols) >= 2 or (mark and mark.kind in (st.CN, st.PCN)) or (0 in cols and roles[0] != "number"):
            return "group"
        if 0 in cols and roles[0] == "number" and not (text.strip().isdigit() or st.cn_value(text.strip())):
            return "group"
    if "number" in roles:  # （一） in the number column, no unit, no deadline: a sub-section row
        kind = number_kind(row[roles.index("number")].text)
        empty = all(not row[c].text for c, role in enumerate(roles) if role in UNIT_ROLES or role == "deadline")
        if kind in (st.CN, st.PCN) and empty and any(role in UNIT_ROLES for role in roles):
            return "group"
    return "row"


def _task(reading: _Reading, rows_at: list[int], roles: list[str], number_col: int, title_col: int,
          text_cols: list[int], deadline_col: int, unit_cols: list[tuple[int, str]]) -> DraftTask:
    grid = reading.grid
    rows = grid.rows
    first = rows_at[0]
    written = rows[first][number_col].text.strip() if number_col >= 0 else ""
    title = rows[first][title_col].text.replace("\n", "").rstrip("。") if title_col >= 0 else ""
    mark = st.mark_of(title) if title and not written else None
    if mark and mark.kind in (st.AR, st.CN, st.PCN, st.PAR):  # 14.改扩建…: the number printed in the name cell
        written, title = mark.written.strip(st.DOTS + "，, "), mark.rest
    texts: list[tuple[int, str]] = []
    for r in rows_at:
        parts = [rows[r][c].text.replace("\n", "") for c in text_cols if rows[r][c].text and rows[r][c].origin[0] == r]
        if parts:
            texts.append((r, "".join(parts)))
    body = "".join(t for _, t in texts)
    notes: list[str] = []
    if not title:
        from planbook.plans.plain_text import title_and_measures

        title, rest, notes = title_and_measures(body)
        body_after = rest.strip()
    else:
        body_after = body
    text = (title + "。" + body_after) if title and body_after else (title or body_after)
    cell = f"{column_letter(number_col if number_col >= 0 else max(title_col, 0))}{first + 1}"
    if not grid.sheet:  # a Word table: its name and row
        cell = f"{grid.name}第 {first + 1} 行"
    task = DraftTask(written, _number(written) if written else None, title, text, -1, sheet=grid.sheet, cell=cell,
                     body=body_after, notes=notes)
    task.unit_place = bool(unit_cols)
    task.deadline_place = deadline_col >= 0
    task.prose_dates = deadline_col < 0
    for c, role in unit_cols:
        for r in rows_at:
            if rows[r][c].text and rows[r][c].origin[0] == r:
                task.statements.extend(statements(_unit_text(rows[r][c].value), role))
    if reading.periods and deadline_col < 0:  # a 台账: the step of each quarter, due at its end
        task.deadline_place, task.prose_dates = True, False
        for c, quarter in reading.periods:
            for r in rows_at:
                if rows[r][c].text and rows[r][c].origin[0] == r:
                    where = f"{column_letter(c)}{r + 1}" if grid.sheet else f"{grid.name}第 {r + 1} 行"
                    task.milestones.append(DraftMilestone(rows[r][c].text.replace("\n", ""), quarter, 0, where))
    own_units = [r for r, _ in texts
                 if any(rows[r][c].text and rows[r][c].origin[0] == r for c, role in unit_cols if role != PARTNER)]
    if deadline_col < 0 and not reading.periods and len(texts) >= 2 and len(own_units) == len(texts):
        for r, step in texts:  # sub-rows each with their own lead units: a step each, with no date
            where = f"{column_letter(text_cols[0])}{r + 1}" if grid.sheet else f"{grid.name}第 {r + 1} 行"
            task.milestones.append(DraftMilestone(step, NO_FIELD, 0, where))
    if deadline_col >= 0:
        by_row = dict(texts)
        for r in rows_at:
            value = rows[r][deadline_col].value
            own_text = by_row.get(r, "")
            if not own_text and not rows[r][deadline_col].text:
                continue
            step = own_text or title
            if r == first and title_col < 0 and step.startswith(title):
                step = step[len(title):].lstrip("。") or title
            if isinstance(value, (date, datetime, int, float)) and not isinstance(value, bool):
                field_value: object = value
            elif rows[r][deadline_col].text:
                field_value = rows[r][deadline_col].text.replace("\n", "；")
            else:
                field_value = NO_FIELD
            where = f"{column_letter(deadline_col)}{r + 1}" if grid.sheet else f"{grid.name}第 {r + 1} 行"
            task.milestones.append(DraftMilestone(step, field_value, 0, where))
    return task


def _unit_text(value: object) -> str:
    """A unit cell's text, where a space between two names separates them as 、 does."""
    from planbook.plans.plain_text import normalize
    from planbook.plans.units import join_other_names

    lines = re.split(r"[\r\n]+", str(value))
    return "\n".join(normalize(re.sub(r"(?<=\S)[ \t\u3000\u00a0]+(?=\S)", "、", join_other_names(line.strip()))) for line in lines)


__all__ = ["Cell", "Grid", "make_grid", "read_grids", "header_role", "UNIT_ROLES"]
