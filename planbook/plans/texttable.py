"""Tables that reach us as text: put back into a :class:`~.table.Grid` for :mod:`.table`.

Offices and web pages hand over a table copied out as lines of text in four ways, each read
here by its shape, never by its wording:

* one row a line, cells separated by tabs or by ``|`` (``序号 | 工作事项 | 进度安排 |``);
* one row a line, cells separated by single spaces (``1 居民消费价格涨幅3%左右 发展改革委``):
  the header line is a run of column headers (``序号 工 作 任 务 牵头负责部门``); a row
  starts with its number, the unit columns take the last words of the line;
* one cell a line (序号 / 项目内容 / 牵头单位 / 1 / 新建公办园… / 县教育局 / 2 / …);
* one cell over one or more lines with a ``|`` line between cells (a cell that wraps keeps
  its pieces together).

Rows are rebuilt by the header's width and the row numbers; a section heading (``一、…``,
``（一）…``) between rows, or a group cell before the number column (类别 merged down in the
page), becomes a group row of its own.
"""

from __future__ import annotations

import re

from planbook.base.problems import WARNING, Problem
from planbook.plans import structure as st
from planbook.plans.mapping import Mapping
from planbook.plans.table import UNIT_ROLES, Grid, guess_content, header_role, make_grid

_CELL_HEADER_MAX = 16
_PIPE = re.compile(r"\s*[|｜]\s*")
_ORGAN = re.compile(r"[省市区县州旗]?(?:政府|人民政府|委|党委)")  # what a person column's header may begin with
_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}")  # a name, once the spaces that pad it (顾  斌) are taken out
_OTHER_UNITS = "other_units"  # alignment only: a column of units that are neither leads nor partners
_UNITS_HEADER = re.compile(r"^..+(?:部门|单位|科室|处室)$")  # 评分部门; a bare 单位 is often the unit of measure
_KEY_LINE = re.compile(r"^(?:(\d{1,3})\s+)?([^\s:：]{2,12})\s*(?:[:：]\s*(.*))?$")  # 01 项目名称:… / 责任单位:


def _header(text: str, mapping: Mapping | None) -> str:
    """A header cell's role; a remark in brackets after it (责任部门(加*号为牵头部门…)) does not count
    against its length."""
    bare = "".join(re.sub(r"[（(][^（）()]*[）)]\s*$", "", text).split())  # 目   标   与   任   务: spaced on the page
    return header_role(text, mapping) if len(bare) <= _CELL_HEADER_MAX else ""


def grid_from_lines(lines: list[str], name: str = "表格") -> Grid:
    """Tab- or ``|``-separated lines (a table copied out of Excel, Word or a web page) as a grid."""
    sep = "\t" if sum(line.count("\t") for line in lines) >= sum(line.count("|") for line in lines) else "|"
    values = []
    for line in lines:
        cells = [c.strip() for c in line.split(sep)] if sep == "|" else line.split(sep)
        if sep == "|" and len(cells) > 1 and not cells[-1]:
            cells = cells[:-1]  # a row closed by a trailing |
        values.append(cells)
    return make_grid(values, [], name)


def is_tab_table(lines: list[str]) -> bool:
    """Half the lines or more hold a row: two tabs, or two ``|`` between cells."""
    filled = [line for line in lines if line.strip()]
    rows = sum(1 for line in filled if line.count("\t") >= 2 or len(_PIPE.split(line.strip(" |"))) >= 3)
    header = any(len(_PIPE.split(line.strip(" |"))) >= 3 and sum(1 for c in _PIPE.split(line.strip(" |"))
                                                                    if _header(c, None)) >= 2 for line in filled)
    tabs = sum(1 for line in filled if line.count("\t") >= 2)
    return len(filled) >= 3 and (tabs >= 0.5 * len(filled) or (header and rows >= 2))


def space_table_grid(lines: list[str], mapping: Mapping | None = None) -> Grid | None:
    """A table copied one row a line with single spaces between the cells: the header line's
    words (single characters joined: ``工 作 任 务``) are all column headers, number first; each
    following line that starts with the next number is a row, its last words the unit columns."""
    for i, line in enumerate(lines):
        words = line.split()
        if not 3 <= len(words) <= 20:
            continue
        cells: list[str] = []
        for n, w in enumerate(words):
            if cells and len(w) == 1 and len(words[n - 1]) == 1:
                cells[-1] += w  # 工 作 任 务: a header spaced out letter by letter
            else:
                cells.append(w)
        roles = [_header(c, mapping) for c in cells]
        if len(cells) < 3 or not all(roles) or roles[0] != "number" or not any(r in ("title", "text") for r in roles):
            continue
        if not any(r in UNIT_ROLES for r in roles):
            continue
        content = next(c for c, r in enumerate(roles) if r in ("title", "text"))
        width, expected = len(cells), 1
        rows: list[list[str]] = []
        for lineno, row_line in enumerate(lines[i + 1:], i + 2):
            parts = row_line.split()
            if not parts:
                continue
            if not (parts[0].isdigit() and int(parts[0]) >= expected and len(parts) >= 2):
                if rows:
                    break
                continue
            expected = int(parts[0]) + 1
            first_unit = next((c for c, r in enumerate(roles) if r in UNIT_ROLES), width)
            if first_unit - 1 >= 2 and first_unit > content:  # 序号 类别 主要任务 细化措施 牵头单位…: cells keep their places
                rows.append(_spaced_row(row_line, first_unit, width))
                continue
            tail = min(width - content - 1, max(0, len(parts) - content - 1))
            cut = len(parts) - tail
            row = parts[:content] + [" ".join(parts[content:cut])] + parts[cut:]
            rows.append(row + [""] * (width - len(row)))
        if len(rows) >= 2:
            grid = make_grid([cells] + rows, [], f"空格分隔的表格（文本，一行一格行，表头在文件第 {i + 1} 行）")
            grid.before = [line.strip() for line in lines[:i] if line.strip()]
            return grid
    return None


def _spaced_row(line: str, first_unit: int, width: int) -> list[str]:
    """One row of a table copied a row a line with single spaces between cells, where several
    columns come before the units: two spaces leave an empty cell (类别 merged down), the unit
    columns take the last words, and a cell wrapped on the page (``严守用水 效率控制 红线``,
    ``加强水资源保 护``) is put back together by joining its shortest piece to the one before it."""
    words = line.strip().split(" ")
    tail = min(width - first_unit, len(words) - 1)
    units = words[len(words) - tail:] if tail else []
    middle = words[1:len(words) - tail]
    while len(middle) > first_unit - 1:
        joinable = [i for i in range(1, len(middle)) if middle[i] and middle[i - 1]]
        i = min(joinable, key=lambda i: len(middle[i])) if joinable else len(middle) - 1
        middle[i - 1:i + 1] = [middle[i - 1] + middle[i]]
    middle = [""] * (first_unit - 1 - len(middle)) + middle
    return [words[0]] + middle + units + [""] * (width - first_unit - len(units))


def _cells(lines: list[str]) -> list[tuple[int, str]]:
    """The cells of a table copied one cell a line: lines between ``|`` lines joined when the
    text has them, otherwise each non-empty line."""
    filled = [(i, line.strip()) for i, line in enumerate(lines, 1) if line.strip()]
    bars = sum(1 for _, t in filled if _PIPE.fullmatch(t) or t in ("|", "｜"))
    if bars < max(3, 0.2 * len(filled)):
        return filled
    out: list[tuple[int, str]] = []
    run: list[tuple[int, str]] = []
    for i, t in filled:
        if t in ("|", "｜"):
            if run:
                out.append((run[0][0], "".join(x for _, x in run)))
            run = []
        else:
            run.append((i, t))
    if run:
        out.append((run[0][0], "".join(x for _, x in run)))
    return out


def _header_run(texts: list[str], mapping: Mapping | None) -> tuple[int, int]:
    """(start, width) of the header cells, or (-1, -1). A short cell of no known role inside the
    run (责任街镇) is a column all the same."""
    for i in range(len(texts)):  # a notice of any length may come before the table
        run: list[str] = []
        for k, t in enumerate(texts[i:i + 12]):
            role = _header(t, mapping)
            if not role and run and run[-1] == "number" and len(t) <= 12 and _header(texts[i + k + 1] if i + k + 1 < len(texts) else "", mapping) in UNIT_ROLES:
                role = "title"  # 序号 | 民生实事 | 责任单位: the one unknown column after the number holds the tasks
            if not role:
                after = texts[i + k + 1:i + k + 3]  # 单位 | 年度目标 | 责任部门: one or two unknown columns before a known one
                short = [a for a in after if len(a) <= 6 and not a.isdigit() and not st.mark_of(a)]
                if run and len(t) <= 6 and not t.isdigit() and not st.mark_of(t) and after and (
                        _header(after[0], mapping) or (short[:1] == after[:1] and len(after) > 1 and _header(after[1], mapping))):
                    role = "ignore"
                else:
                    break
            run.append(role)
        if "number" in run[1:] and not (run[0] in ("section", "subsection") and run.index("number", 1) == 1):
            continue  # a title line above 序号 that reads as a header (a group column such as 类别 may come first)
        if len(run) >= 3 and any(r in ("title", "text") for r in run) and any(r in UNIT_ROLES or r == "number" for r in run):
            return i, len(run)
    return -1, -1


def _heading(text: str) -> bool:
    mark = st.mark_of(text)
    return bool(mark and mark.kind in (st.CN, st.PCN))


def cell_per_line_grid(lines: list[str], mapping: Mapping | None = None) -> tuple[Grid, list[Problem]] | None:
    """A table copied out of a web page or a PDF one cell a line put back into rows: the header
    is a run of lines that are column headers (a title or content column among them); with a
    序号 column among the first two, a row starts at each line holding the next number (or a
    higher one once the row before is full), otherwise rows are runs of as many cells as the
    header has. None when the text is not such a table. Rows with too few or too many cells
    are kept (missing cells left empty, extra ones joined to the content cell) and reported."""
    cells = _cells(lines)
    for n in range(len(cells) - 2, -1, -1):  # 区政府 / 分管领导: one header cell over two lines
        if _ORGAN.fullmatch(cells[n][1]) and _header(cells[n + 1][1], mapping) == "person":
            cells[n:n + 2] = [(cells[n][0], cells[n][1] + cells[n + 1][1])]
    texts = [t for _, t in cells]
    start, width = _header_run(texts, mapping)
    if start < 0:
        return None
    header = texts[start:start + width]
    roles = guess_content([_header(t, mapping) for t in header], header)
    roles = [r or "ignore" for r in roles]
    # a column that names units but neither leads nor takes part (评分部门): its cells are units all the same
    roles = [_OTHER_UNITS if r == "ignore" and _UNITS_HEADER.search("".join(h.split())) else r for r, h in zip(roles, header)]
    body = cells[start + width:]
    rows: list[list[str]] = []
    groups: dict[int, list[str]] = {}  # group rows to put before row n
    problems: list[Problem] = []
    k = roles.index("number") if "number" in roles[:2] else -1
    sub: set[int] = set()  # rows that continue the row above (a task in two sub-rows: 序号 merged down)
    # a title column before the content column (项目 | 重点工作) may be merged down on the page over several tasks
    lifted = {c for c in range(max(k, 0) + 1, len(roles) - 1) if roles[c] == "title" and roles[c + 1] == "text"}
    if k >= 0 and not any(t.isdigit() for _, t in body):  # a 序号 column left empty on the page
        problems.append(Problem("table_rows_unnumbered", "逐格复制的表格有“序号”列，但没有一行写了序号：各行按表头的列数"
                                f"（每行 {width - 1} 格）拼回，请核对各行是否对齐", WARNING, value=header[k]))
        step = width - 1
        rows = [[t for _, t in body[j:j + step]] for j in range(0, len(body), step)]
        rows = [row[:k] + [""] + row[k:] for row in rows]
        k = -1
    elif k >= 0:
        expected: int | None = None
        pending: list[str] = []
        for _lineno, text in body:
            full = bool(rows) and len(rows[-1]) >= width - k
            if text.isdigit() and (expected is None or int(text) == expected or ((not rows or full) and int(text) >= expected)):
                heads = [p for p in pending if _heading(p)]
                rest = [p for p in pending if not _heading(p)]
                if k and rest:
                    heads.append("".join(rest[:k]))
                    rest = rest[k:]
                if full and len(rest) >= 2 and any(_fits(t, "title") > 0 for t in rest):
                    rows.append(rest)  # a second step of the row above, under its own content and deadline
                    sub.add(len(rows) - 1)
                elif rest and rows:
                    rows[-1].extend(rest)
                rows.append([text])
                expected = int(text) + 1
                groups[len(rows) - 1] = heads
                pending = []
            elif rows and _other_name(rows[-1], text, roles, k):
                rows[-1][-1] += "\n" + text  # 区发改局 / （区金融办）: the unit's other name, part of its cell
            elif rows and _more_units(rows[-1], text, roles, k):
                rows[-1][-1] += "\n" + text  # units one a line inside their cell
            elif rows and full and _surplus_unit(rows[-1], text, roles, k):
                rows[-1][-2:] = [rows[-1][-2] + "\n" + rows[-1][-1], text]  # the units before were one cell, one a line
            elif rows and not full:
                if _lost_merged(rows[-1], text, roles, k, lifted):
                    rows[-1].insert(len(rows[-1]) - 1, "")  # the content came where the title merged down belongs
                rows[-1].append(text)
            else:
                pending.append(text)
        lead_at = next((c for c, r in enumerate(roles) if r in UNIT_ROLES), width)
        if len(rows) - len(sub) < 2 and not (rows and len(rows[0]) >= min(width, lead_at + 1) - k):
            return None  # one row is a table only when it reaches the units (a row cut where the page ends)
        rows = [[""] * k + row if n not in sub else row for n, row in enumerate(rows)]
    else:
        rows = [[t for _, t in body[j:j + width]] for j in range(0, len(body), width)]
    content = next(c for c, r in enumerate(roles) if r in ("title", "text"))
    # a column between the number and the content that holds no known role (考核指标) is merged down
    # on the page: its cell appears once, so a short row is missing it first
    merged = {c for c in range(max(k, 0) + 1, content) if roles[c] == "ignore"}
    grid_rows: list[list[str]] = []
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    main = 0
    runs: dict[int, int] = {}  # a lifted column's last filled row
    for n, row in enumerate(rows):
        grid_rows.extend([h] + [""] * (width - 1) for h in groups.get(n, []))
        if n in sub:
            row = _align(["\0"] * (k + 1) + row, ["number"] * k + roles[k:], k)  # the number's place kept empty
            row = ["" if t == "\0" else t for t in row]
            for c in range(width):
                if not row[c] and grid_rows[main][c] and (c <= k or roles[c] in UNIT_ROLES):
                    merges.append(((main + 1, c), (len(grid_rows) + 1, c)))  # merged down, as in the office's table
            grid_rows.append(row)
            continue
        if len(row) > width and n == len(rows) - 1:
            row = row[:width]  # the text after the table's last row is not part of it
        elif len(row) > width:
            extra = len(row) - width
            row = row[:content] + ["".join(row[content:content + extra + 1])] + row[content + extra + 1:]
        if len(row) == width and k >= 0 and n not in sub and (again := _rejoin_units(row, roles, k, merged)) != row:
            problems.append(Problem("table_row_cells", f"逐格复制的表格第 {n + 1} 行格数与表头相同，但按内容看有一格单位分行写、"
                                    "一格是上一行合并下来的：已重新对齐，请核对这一行各列", WARNING, value=row[k]))
            row = again
        if len(row) != width:
            problems.append(Problem("table_row_cells", f"逐格复制的表格第 {n + 1} 行有 {len(row)} 格，表头有 {width} 列："
                                    "缺的格按内容判断补为空白，请核对这一行各列是否对齐", WARNING, value=row[k if k > 0 else 0]))
            row = _align(row, roles, max(k, 0), merged)
        for c in lifted:  # the title cell merged down over this row (no group row between), as in the office's table
            if row[c] or groups.get(n):
                runs[c] = len(grid_rows) if row[c] else -1
            elif runs.get(c, -1) >= 0:
                merges.append(((runs[c] + 1, c), (len(grid_rows) + 1, c)))
        main = len(grid_rows)
        grid_rows.append(row)
    grid = make_grid([header] + grid_rows, merges, f"逐格复制的表格（表头从文件第 {cells[start][0]} 行起，各行按序号拼回）")
    grid.before = texts[:start]
    return grid, problems


def key_value_grid(lines: list[str], mapping: Mapping | None = None) -> Grid | None:
    """Items written as label lines, copied one cell a line (具体任务 / 全面落实… / 责任单位 /
    卫健局… / 完成时限 / …), or ``label:value`` lines, several items numbered ``01``, ``02``:
    a grid with the labels as its header and a row per item, for :func:`.table.read_grids`.
    A label seen again, or a number before a label, starts the next item. None unless at least
    three labels are column headers, one of them the task's content and one its units."""
    keys: list[str] = []
    rows: list[dict[str, str]] = []
    numbers: list[str] = []
    before: list[str] = []
    current: str | None = None  # the label whose value is being read
    pending = ""  # an item number on a line of its own
    for line in (x.strip() for x in lines):
        if not line:
            continue
        m = _KEY_LINE.match(line)
        number, key, value = (m.group(1) or "", m.group(2), m.group(3) or "") if m else ("", "", "")
        role = _header(key, mapping) if key else ""
        if role and (role != "ignore" or ":" in line or "：" in line):  # 进展与成效: a label too, when it says so
            if number or pending or not rows or key in rows[-1]:
                rows.append({})
                numbers.append(number or pending)
                pending = ""
            if key not in keys:
                keys.append(key)
            rows[-1][key] = value
            current = key
        elif line.isdigit() and len(line) <= 3 and rows:
            pending = line
        elif rows and current is not None:
            rows[-1][current] += ("\n" if rows[-1][current] else "") + line
        else:
            before.append(line)
    roles = [_header(key, mapping) for key in keys]
    if len(keys) < 3 or not any(r in ("title", "text") for r in roles) or not any(r in UNIT_ROLES for r in roles):
        return None
    if len(before) > 3 or any(sum(1 for v in row.values() if v) < 2 for row in rows):
        return None
    header = (["序号"] if any(numbers) else []) + keys
    body = [([n] if any(numbers) else []) + [row.get(k, "") for k in keys] for n, row in zip(numbers, rows)]
    grid = make_grid([header] + body, [], "逐格复制的“栏目 | 内容”表")
    grid.before = before
    return grid


def _more_units(row: list[str], text: str, roles: list[str], k: int) -> bool:
    """``text`` is one more unit of the unit cell the row ended on (units one a line in a cell),
    not the next column's: the next column holds no units and the text is a unit's name."""
    from planbook.plans.content import is_unit_cell

    col = k + len(row) - 1
    if len(row) < 2 or col >= len(roles):
        return False
    if roles[col] == "person":  # 王旭锋 / 胡金芳 / 王行杰: the persons of one cell, one a line
        return (col + 1 >= len(roles) or roles[col + 1] != "person") and all(
            _PERSON.fullmatch("".join(t.split())) and not is_unit_cell(t) for t in (text, row[-1].split("\n")[-1]))
    if roles[col] not in UNIT_ROLES:
        return False
    return (col + 1 >= len(roles) or roles[col + 1] not in (*UNIT_ROLES, _OTHER_UNITS)) and is_unit_cell(text) \
        and is_unit_cell(row[-1])


def _rejoin_units(row: list[str], roles: list[str], k: int, merged: set[int]) -> list[str]:
    """A row that looks full only because a cell merged down on the page is missing and a cell of units
    stood one a line (2 | 农业劳动生产率 | 万元/人 | 全市统筹 | 县海洋与渔业局 | 县农业农村局 | 市…局):
    the two units joined and the row spread again, when its cells then fit their columns better."""
    from planbook.plans.content import is_unit_cell

    if not merged or any(row[c] for c in range(k + 1) if c != k and roles[c] not in ("section", "subsection")):
        return row
    for c in range(k + 1, len(row) - 1):
        if roles[c] in UNIT_ROLES and c > 0 and is_unit_cell(row[c - 1]) and is_unit_cell(row[c]) \
                and roles[c - 1] not in UNIT_ROLES:
            joined = row[:c - 1] + [row[c - 1] + "\n" + row[c]] + row[c + 1:]
            spread = _align(joined, roles, k, merged)
            now = sum(_fits(t, r) for t, r in zip(row, roles))
            then = sum(_fits(t, r) for t, r in zip(spread, roles)) + 0.5 * sum(1 for m in merged if not spread[m])
            return spread if then > now else row
    return row


def _lost_merged(row: list[str], text: str, roles: list[str], k: int, lifted: set[int]) -> bool:
    """The row's cell under a title column merged down on the page is missing: the cell read there is a
    sentence of content and ``text``, due under the content column, is a person's or a unit's name."""
    from planbook.plans.content import is_unit_cell

    col = k + len(row)
    if col - 1 not in lifted or col >= len(roles) or roles[col] != "text":
        return False
    last = row[-1]
    return (len(last) >= 20 or bool(re.search(r"[，,。；;]", last))) and bool(_PERSON.fullmatch("".join(text.split())) or is_unit_cell(text))


def _other_name(row: list[str], text: str, roles: list[str], k: int) -> bool:
    """``（区金融办）`` on a line after a unit cell: the unit's other name, part of that cell."""
    from planbook.plans.content import is_unit_cell
    from planbook.plans.units import join_other_names

    col = k + len(row) - 1
    return 0 <= col < len(roles) and roles[col] in UNIT_ROLES and len(row) >= 2 and is_unit_cell(row[-1]) \
        and bool(re.fullmatch(r"[（(][^（）()]{2,20}[）)]", text)) and join_other_names(row[-1] + "\n" + text) != row[-1] + "\n" + text


def _surplus_unit(row: list[str], text: str, roles: list[str], k: int) -> bool:
    """A unit after a full row whose last two cells are units of two unit columns (责任部门 / 评分部门):
    the row cannot hold one more cell, so the first of those was a cell of units one a line."""
    from planbook.plans.content import is_unit_cell

    col = k + len(row) - 1
    if len(row) < 3 or col >= len(roles) or roles[col - 1] not in UNIT_ROLES or roles[col] not in (*UNIT_ROLES, _OTHER_UNITS):
        return False
    return _unit_list(text) and is_unit_cell(row[-1]) and is_unit_cell(row[-2])


def _unit_list(text: str) -> bool:
    """A cell of units, some of them named loosely (区科技局、区财政局，各平台、镇街): every name short and most of
    them units' names."""
    from planbook.plans.content import is_unit_cell

    names = [n for n in re.split(r"[、，,；;\s]+", text) if n]
    return is_unit_cell(text) or (len(names) >= 3 and all(len(n) <= 12 for n in names)
                                  and sum(map(is_unit_cell, names)) > len(names) / 2)


def _fits(text: str, role: str) -> int:
    """How well a cell's text fits a column's role: 1 when it looks like what the column holds,
    -1 when it looks like what another column holds, 0 when nothing tells."""
    from planbook.plans.content import is_date_cell, is_progress_cell, is_unit_cell

    unit, number = is_unit_cell(text), text.isdigit()
    if role in UNIT_ROLES or role == _OTHER_UNITS:
        return 1 if unit else -1
    if role == "number":
        return 1 if number else -1
    if role == "deadline":
        return 1 if is_date_cell(text) else -1
    if role in ("title", "text"):
        return -1 if unit or number or is_progress_cell(text) else 1
    return -1 if unit else 0


def _align(row: list[str], roles: list[str], first: int = 0, merged: set[int] | None = None) -> list[str]:
    """A row that lost cells (empty ones vanish when a table is copied one cell a line) spread
    over the columns the way its cells fit best: a unit name under the unit column, a
    percentage not under the content column; ties leave the last columns empty."""
    from itertools import combinations

    width = len(roles)
    if len(row) > width:
        return row[:width]
    best: list[str] = row + [""] * (width - len(row))
    best_score: float | None = None
    for kept in combinations(range(width), len(row)):
        if first not in kept:
            continue  # the row number stays where it is
        score = sum(_fits(text, roles[c]) for text, c in zip(row, kept)) + 0.5 * len((merged or set()) - set(kept))
        if best_score is None or score > best_score:
            spread = [""] * width
            for text, c in zip(row, kept):
                spread[c] = text
            best, best_score = spread, score
    return best


__all__ = ["grid_from_lines", "is_tab_table", "space_table_grid", "cell_per_line_grid", "key_value_grid"]
