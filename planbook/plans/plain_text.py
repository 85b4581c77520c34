"""The text form of a plan: lines (a .txt file, a web page copied out, a PDF's text, or a Word
document's paragraphs) into a :class:`~.draft.Draft`.

The project's own form, one line per section or task::

    一 打造办事方便的政务环境
    1.加快推进“一网通办”……。建设政务服务主题数据库。(完成时限:2022年6月)……(牵头单位:市营商局)

and the forms plans are published in: ``一、`` sections, ``（一）`` sub-sections, ``1.`` tasks
closed by ``（牵头单位：……）``, ``（……负责）`` or a ``责任单位：……`` line; ``一、`` or ``（一）``
as the task number; numbering restarting per section; text hard-wrapped at 28 characters.
ASCII and full-width punctuation and stray spaces are accepted; the model holds full-width
Chinese punctuation, so the ASCII, full-width and Word forms of one plan give the same model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from planbook.base.problems import ERROR, WARNING, PlanError, Problem
from planbook.base.words import cn_number
from planbook.plans import structure as st
from planbook.plans.draft import Draft, DraftMilestone, DraftSection, DraftTask, Report
from planbook.plans.units import (LABEL_ROLE, LEAD, RESPONSIBLE, has_label, is_unit_list, is_unit_statement, labelled_units,
                                  statements, tc, units_of_items, without_persons)

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{_CJK}])")
_ASCII_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_ASCII_COLON = re.compile(r"(?<!\d):|:(?!\d)")
_OTHER_BRACKET = re.compile(r"[〔【\[［]([^〔〕【】\[\]［］]{1,400})[〕】\]］]")
_ROLE_WORDS = "|".join(tc(w) for w in sorted(LABEL_ROLE, key=len, reverse=True))
_BRACKETED_LABEL = re.compile(rf"[〔【\[［]\s*({_ROLE_WORDS}|{tc('完成时限')}|{tc('完成时间')}|{tc('时间节点')}|{tc('完成期限')})"
                              r"\s*[〕】\]］]\s*[：:]?")
_DEADLINE_LABEL = re.compile(
    rf"^({tc('完成时限')}|{tc('完成时间')}|{tc('时间节点')}|{tc('完成期限')}|{tc('时限要求')}|{tc('时间要求')}|"
    rf"{tc('进度安排')}|{tc('时限')})\s*：\s*(.*)$", re.S)
_LABELLED = re.compile(rf"（\s*({tc('完成时限')}|{tc('完成时间')}|{tc('时间节点')}|{tc('完成期限')})\s*：")
_INNER_DEADLINE = re.compile(rf"[；;，,]\s*({tc('完成时限')}|{tc('完成时间')}|{tc('时间节点')}|{tc('完成期限')})\s*：\s*([^；;]*)$")
_DECIMAL_START = re.compile(rf"^(\d{{1,4}})\s*[{st.DOTS}](?=\d)")
_UNIT_LINE = re.compile("^(" + "|".join(tc(w) for w in sorted(LABEL_ROLE, key=len, reverse=True)) + r")\s*：")


def normalize(text: str) -> str:
    """Full-width Chinese punctuation, no stray spaces, no invisible characters."""
    text = text.replace("\ufeff", "").replace("\u200b", "").strip()
    text = text.replace("(", "（").replace(")", "）")
    if "," in text:
        text = _ASCII_COMMA.sub("，", text)
    if ":" in text:
        text = _ASCII_COLON.sub("：", text)
    text = text.replace(";", "；").replace("?", "？").replace("!", "！").replace("∶", "：").replace("︰", "：")
    if any(ch in text for ch in "〔【[［"):
        text = _other_brackets(text)
    if " " in text or "\t" in text or "\u3000" in text or "\u00a0" in text:
        text = _SPACE_NEAR_CJK.sub("", text)
    return text


def _other_brackets(text: str) -> str:
    """Unit and deadline statements in 〔〕【】[] read as in （）: ``〔责任单位：A，完成时限：全年〕``
    -> ``（责任单位：A，完成时限：全年）``, ``【牵头单位】A`` -> ``牵头单位：A``. Document numbers
    (〔2019〕) and titles in 【】 stay as written."""
    marks = list(_BRACKETED_LABEL.finditer(text))
    if marks:  # 【牵头单位】A【配合单位】B after the task's text: its unit statement
        head, tail = text[: marks[0].start()], text[marks[0].start():]
        tail = _BRACKETED_LABEL.sub(lambda m: "；" + m.group(1) + "：", tail)[1:]
        text = head + (f"（{tail.rstrip('。；')}）" if head.strip() and "。" not in tail.rstrip("。") else tail)

    def paren(m: re.Match[str]) -> str:
        content = m.group(1).strip()
        if _DEADLINE_LABEL.match(content) or is_unit_statement(content) or has_label(content):
            return f"（{content}）"
        return m.group(0)

    return _OTHER_BRACKET.sub(paren, text)


def decode(raw: bytes, name: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanError([Problem("plan_unreadable", "方案文件既不是 UTF-8 也不是 GB18030 编码：请用记事本另存为 UTF-8",
                             file=name)])


def read_text(path: Path) -> list[str]:
    """A text file's lines."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanError([Problem("plan_unreadable", f"无法读取方案文件：{exc.strerror}", file=str(path))]) from None
    return decode(raw, path.name).splitlines()


@dataclass
class _Para:
    line: int
    text: str  # normalized
    mark: st.Mark | None
    unit_line: bool  # a line that only names units: 责任单位：……


@dataclass
class _OpenTask:
    """A numbered item being read: later lines may still add to its text."""

    line: int
    written: str
    value: int | None
    text: str
    named: bool  # its units are named, so a later unnumbered line does not belong to it


_Field = tuple[int, int, str, str]  # (start, end, "deadline" or "units", content) in a task's text


_SPACED_ITEM = re.compile(r"(?<=\s)(\d{1,3})[.．、](?=\D)")
_SPACED_HEADING = re.compile(rf"(?<=\s)[（(]([{st.NUMERALS}]{{1,3}})[）)](?=\S)")
_SPACED_LABEL = re.compile(r"\s+(?=[\u4e00-\u9fff]{2,8}[：:])")


def _split_page(line: str) -> list[str]:
    """A page stored as one line: its items `` 1.…  2.…`` (numbered 1, 2, 3… in order, after a
    space) and their labelled fields (`` 责任单位:…``) back on lines of their own."""
    if len(line) < 400:
        return [line]
    cuts: list[int] = []
    want, heading = 1, 1
    for m in sorted([*_SPACED_ITEM.finditer(line), *_SPACED_HEADING.finditer(line)], key=lambda m: m.start()):
        if m.group(1).isdigit() and int(m.group(1)) in (want, 1 if cuts and heading > 1 else want):
            cuts.append(m.start())
            want = int(m.group(1)) + 1
        elif not m.group(1).isdigit() and st.cn_value(m.group(1)) == heading:  # （一）…… 1.…… （二）…… 1.……
            cuts.append(m.start())
            heading += 1
    if len(cuts) < 2:
        return [line]
    out = []
    for a, b in zip([0] + cuts, cuts + [len(line)]):
        head, *fields = [p.strip() for p in _SPACED_LABEL.split(line[a:b]) if p.strip()]
        # the unit and deadline fields first: a person's or a progress field after them is shown as dropped
        read: list[str] = []
        rest: list[str] = []
        for f in fields:
            if _UNIT_LINE.match(normalize(f)):  # unit names hold no space: what follows one is no unit
                value, *after = f.split(None, 1)
                read.append(value)
                rest += after
            elif _DEADLINE_LABEL.match(normalize(f)):
                read.append(f)
            else:
                rest.append(f)
        out += [head] + read + rest
    return out


def _paragraphs(lines: list[str]) -> list[_Para]:
    numbered = [(i, piece) for i, line in enumerate(lines, 1) if line.strip() for piece in _split_page(line)]
    width = st.wrap_width([line for _, line in numbered])
    if width:
        numbered = st.unwrap(numbered, width)
    out = []
    last = 0  # the last "1." number: "810.4小时内……" after 809. is task 810
    for lineno, raw in numbered:
        text = normalize(raw)
        if not text:
            continue
        mark = st.mark_of(raw.strip().replace("\u3000", " "))
        if mark is None:
            m = _DECIMAL_START.match(text)
            if m and int(m.group(1)) == last + 1:
                mark = st.Mark(st.AR, last + 1, m.group(1) + ".", text[m.end():])
        if mark is not None:
            mark = st.Mark(mark.kind, mark.value, normalize(mark.written), normalize(mark.rest))
            if mark.kind == st.AR:
                last = mark.value
        unit_line = bool(_UNIT_LINE.match(text))
        if not unit_line and mark is None and (units := labelled_units(text)):
            text, unit_line = units, True  # 部门分工：A牵头，B配合 -> A牵头，B配合
        out.append(_Para(lineno, text, mark, unit_line))
    return out


def _groups(text: str) -> list[tuple[int, int]] | None:
    """The top-level bracket groups (start, end) of ``text``; None when brackets do not pair."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "（":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "）":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                out.append((start, i + 1))
    return out if depth == 0 else None


def _split_bracket(content: str) -> tuple[str | None, str]:
    """A bracket's deadline field and the rest: ``牵头单位：A；完成时限：2024年底`` ->
    ("2024年底", "牵头单位：A"); (None, content) when it holds no deadline label."""
    m = _DEADLINE_LABEL.match(content)
    if m:
        value, _, rest = m.group(2).partition("；")
        return value.strip(" ，。"), rest.strip()
    m = _INNER_DEADLINE.search(content)
    if m and has_label(content[: m.start()]):
        return m.group(2).strip(" ，。；"), content[: m.start()].strip(" ，；")
    head, sep, last = content.rpartition("，")
    if sep and _TIME_CLAUSE.fullmatch(last.strip(" 。；")) and is_unit_statement(head):
        return last.strip(" 。；"), head.strip()  # （国务院各部门分别负责，年内持续推进）
    return None, content


_SENTENCE = re.compile(r"[。；！？]")
_TIME_CLAUSE = re.compile(r"(?:\d{4}年)?(?:年内|年底前|年底|全年|上半年|下半年|[一二三四]季度|\d{1,2}月底?前?|长期坚持|持续推进|"
                          r"长期|\d{4}年底前)(?:持续推进|完成|前完成|取得进展|见效)?")
_HEADING_MAX = 25


def title_and_measures(plain: str) -> tuple[str, str, list[str]]:
    """A task's title and the text its milestone holds. The title is a heading phrase: a line
    of its own above the measures (``完善应急预案体系`` over (1)…(4)), or a short first sentence
    without a comma (``加强市场体系建设。推进……``). When the first sentence is itself a measure
    (``按照国家统一部署，平稳有序实施……。实施……``) the title is that sentence and the whole text
    stays the milestone, and the preview says so."""
    if "\n" in plain:
        head, rest = plain.split("\n", 1)
        if head.strip() and len(head) <= 2 * _HEADING_MAX:
            return head.strip("：:，, "), rest.replace("\n", ""), []
        plain = plain.replace("\n", "")
    title, rest = st.first_sentence(plain)
    if not rest.strip() or (len(title) <= _HEADING_MAX and "，" not in title):
        return title, rest, []
    return title, plain, ["任务没有单独的标题句：标题取第一句，整段文字作为节点（请核对）"]


def _has_units(text: str) -> bool:
    groups = _groups(text) or []
    return any(is_unit_statement(text[a + 1:b - 1]) or _closing_list(text, a, b) for a, b in groups)


def _closing_list(text: str, a: int, b: int) -> bool:
    """The bracket ``text[a:b]`` ends the task and holds nothing but unit names: ``（省发展改革委）``
    after the task's last sentence. The units are its 责任单位 (a list standing alone)."""
    return not text[b:].strip(" 。；;，,.　") and bool(text[:a].strip()) and is_unit_list(text[a + 1:b - 1])


def read_lines(lines: list[str], *, source: str = "", task_level: str = "", form: str = "文本") -> Draft:
    """The draft of a plan written as lines of text."""
    draft = Draft(form)
    paras = _paragraphs(lines)
    draft.texts = [p.text for p in paras]
    marked = [i for i, p in enumerate(paras) if p.mark]

    # each numbered item's span: does it (or a unit line under it) name units?
    carries: dict[str, int] = {}
    trailing: dict[str, int] = {}  # items whose units stand on a line after them, not in their text
    counts: dict[str, int] = {}
    unmarked_units = 0
    for n, i in enumerate(marked):
        mark = paras[i].mark
        assert mark is not None  # ``marked`` holds the numbered paragraphs
        kind = mark.kind
        end = marked[n + 1] if n + 1 < len(marked) else len(paras)
        counts[kind] = counts.get(kind, 0) + 1
        span = paras[i:end]
        if any(p.unit_line or _has_units(p.text) for p in span):
            carries[kind] = carries.get(kind, 0) + 1
            if not (span[0].unit_line or _has_units(span[0].text)):
                trailing[kind] = trailing.get(kind, 0) + 1
    first_body = marked[0] if marked else 0
    for p in paras[first_body:]:
        if not p.mark and not p.unit_line and _has_units(p.text):
            unmarked_units += 1

    kinds = [k for k in st.KINDS if k in counts]
    if task_level:
        task_kind, how = task_level, "映射文件"
    elif carries and max(carries.values()) >= unmarked_units:
        best = max(carries.values())
        task_kind = [k for k in kinds if carries.get(k) == best][-1]
        how = "写有责任单位的编号"
        enclosing = _enclosing_task(paras, marked, kinds, task_kind, carries, counts, trailing)
        if enclosing != task_kind:
            task_kind, how = enclosing, "写有责任单位的编号（责任单位写在其下各条之后）"
            carries[task_kind] = best
    elif unmarked_units >= 2:
        task_kind, how = st.PARAGRAPH, "写有责任单位的段落"
    else:
        several = [k for k in kinds if counts[k] >= 2] or kinds
        if len(kinds) >= 2 and all(_heading_only(m) for i in marked if (m := paras[i].mark) is not None and m.kind == kinds[0]):
            several = [k for k in kinds[1:] if counts[k] >= 2] or kinds[1:]  # 一、总体要求 二、主要任务 over (一)……
        task_kind, how = (several[-1], "最深一级的编号") if several else (st.PARAGRAPH, "没有编号")
    above = [k for k in kinds if task_kind == st.PARAGRAPH or st.KINDS.index(k) < st.KINDS.index(task_kind)]
    section_kind = above[0] if above else ""
    sub_kinds = set(above[1:])

    # a cover notice with its own numbering: keep the run of the outermost numbering that holds the tasks
    body_start = _plan_start(paras, marked, kinds[0] if kinds else "", task_kind)
    end = _plan_end(paras, body_start)
    title, at = st.find_title([p.text for p in paras[:body_start]])
    draft.title = title
    if at >= 0:
        draft.title_source = f"第 {paras[at].line} 行"
    if marked and body_start > first_body:
        last = body_start - 2 if at == body_start - 1 else body_start - 1
        draft.guesses.cover = f"第 {paras[first_body].line}–{paras[last].line} 行是印发通知，不是任务清单，已略去"

    levels = []
    if section_kind:
        levels.append((section_kind, "领域"))
    levels += [(k, "子领域") for k in sorted(sub_kinds, key=st.KINDS.index)]
    levels.append((task_kind, "任务"))
    draft.guesses.levels, draft.guesses.task_level_how = levels, how

    _walk(draft, paras[body_start:end], section_kind, sub_kinds, task_kind,
          unit_plan=bool(carries.get(task_kind) or (task_kind == st.PARAGRAPH and unmarked_units)), source=source)
    return draft


def _enclosing_task(paras: list[_Para], marked: list[int], kinds: list[str], kind: str, carries: dict[str, int],
                    counts: dict[str, int], trailing: dict[str, int]) -> str:
    """``1.完善应急预案体系`` over clauses (1)-(4) and one unit line after the last clause: the
    task is the 1. item, not the clause the unit line happens to follow. Chosen when few of the
    clauses name units, only ever on a line of their own, and every item of the level above
    holds exactly one such line."""
    at = kinds.index(kind)
    if at == 0 or carries.get(kind, 0) * 2 > counts[kind] or trailing.get(kind, 0) != carries.get(kind, 0):
        return kind
    parent = kinds[at - 1]
    depth = {i: st.KINDS.index(m.kind) for i in marked if (m := paras[i].mark) is not None}
    starts = [i for i in marked if depth.get(i) == st.KINDS.index(parent)]
    inside = [i for i in marked if depth.get(i) == st.KINDS.index(kind) and starts and i > starts[0]]
    if carries.get(kind, 0) * 2 > len(inside):  # the items before the first parent (a notice's annex list) do not count
        return kind
    for i in starts:
        end = next((j for j in marked if j > i and depth.get(j, 99) <= depth[i]), len(paras))
        lines = [p for p in paras[i:end] if not p.mark and (p.unit_line or _has_units(p.text))]
        if len(lines) != 1 or _has_units(paras[i].text):
            return kind
    return parent


def _plan_start(paras: list[_Para], marked: list[int], top: str, task_kind: str) -> int:
    """Where the plan's own numbering starts. A cover notice (印发通知) may number its own
    points 一、二、 before the plan restarts at 一: when the runs before the last restart name
    no units and a later one does, the plan starts at that run; otherwise at the first number
    (a plan in two parts keeps both)."""
    if not marked:  # a paragraph per task: the plan starts at the first that names units
        first = next((i for i, p in enumerate(paras) if p.unit_line or _has_units(p.text)), len(paras))
        return first - 1 if 0 < first < len(paras) and paras[first].unit_line else first
    runs: list[int] = [marked[0]]
    first_top = next((i for i in marked if (m := paras[i].mark) is not None and m.kind == top), marked[0])
    if any(st.is_signature_date(p.text) for p in paras[marked[0]:first_top]):
        runs.append(first_top)  # a notice's numbered annex list, signed and dated, before the plan's first section
    last = 0
    for i in marked:
        mark = paras[i].mark
        assert mark is not None  # ``marked`` holds the numbered paragraphs
        if mark.kind == top:
            if mark.value == 1 and last >= 1 and i != marked[0]:
                runs.append(i)
            last = mark.value
    bounds = runs + [len(paras)]
    carrying = [any(p.mark and p.mark.kind == task_kind and _has_units(p.text) for p in paras[a:b])
                or any(p.unit_line for p in paras[a:b]) for a, b in zip(bounds, bounds[1:])]
    for n, carries in enumerate(carrying):
        if carries:
            return runs[n]
    # no run names units: the first run that holds the task numbering (a cover notice's 一、二、三、 does not)
    holding = [any(p.mark and p.mark.kind == task_kind for p in paras[a:b]) for a, b in zip(bounds, bounds[1:])]
    return runs[holding.index(True)] if True in holding and task_kind != top else marked[0]


def _plan_end(paras: list[_Para], start: int) -> int:
    """Where the plan's text ends: at the issuer and the date under it."""
    for i in range(start, len(paras)):
        if st.is_signature_date(paras[i].text):
            j = i
            if j - 1 > start and len(paras[j - 1].text) <= 20 and not paras[j - 1].mark \
                    and not re.search(r"[。，；：）]", paras[j - 1].text):
                j -= 1
            return j
    return len(paras)


def _walk(draft: Draft, paras: list[_Para], section_kind: str, sub_kinds: set[str], task_kind: str, *,
          unit_plan: bool, source: str) -> None:
    section = -1
    subsection = ""
    group = 0
    open_task: list[_OpenTask] = []  # the task being read, while it is open
    heading_lead = ["", ""]  # the unit the current section's (and sub-section's) heading says leads its tasks

    def report(kind: str, message: str, line: int, **where: str) -> None:
        draft.problems.append(Problem(kind, message, WARNING, file=source, line=line, **where))

    def close() -> None:
        if not open_task:
            return
        current = open_task.pop()
        line, written, value, text = current.line, current.written, current.value, current.text
        if section < 0 and section_kind:
            report("task_outside_section", f"任务 {written} 出现在第一个领域标题之前，归入“未分领域”", line, task_id=written)
        task = parse_item(text, line=line, written=written, value=value, source=source, problems=draft.problems)
        task.section = section if section >= 0 else _implicit(draft)
        task.subsection = subsection
        task.group = group
        if heading_lead[1] and not task.statements:  # 一、县示范区管委会牵头工作（8项）: it leads every task under it
            task.statements = statements(heading_lead[1], LEAD)
        draft.tasks.append(task)

    in_body = not section_kind  # without sections, the body starts with the first task
    unitless = _unitless_sections(paras, section_kind) if task_kind == st.PARAGRAPH and unit_plan else set()
    for n, p in enumerate(paras):
        mark = p.mark
        if n in unitless and not mark:  # 一、分工原则 over 一是…二是…: principles, not tasks
            close()
            report("stray_line", "这一段所在的领域没有一段写明责任单位（方案的任务都是写有责任单位的段落）：不是任务，已略去",
                   p.line, value=p.text)
            continue
        if not mark and (draft.tasks or open_task) and (named := units_of_items(p.text)):
            close()  # 4项目标的责任单位均为市发展改革委。: the units of the items before it
            _name_items(draft, *named, lambda n: report("units_of_items_short", f"这一句说的是 {named[0]} 项任务的单位，但前面没有写单位的"
                                                       f"任务只有 {n} 项：已用于这 {n} 项，请核对", p.line, value=p.text))
            continue
        kind = mark.kind if mark else (st.PARAGRAPH if not p.unit_line else "")
        if mark and kind == section_kind and kind != task_kind:
            close()
            title, _ = st.first_sentence(mark.rest)
            numeral = mark.written.strip(st.DOTS + "，, （）()：:") if kind in (st.CN, st.PCN) else cn_number(mark.value)
            draft.sections.append(DraftSection(numeral, without_persons(title).rstrip("。：")))
            section, subsection, group = len(draft.sections) - 1, "", group + 1
            heading_lead[:] = [heading_unit(title)] * 2
            in_body = True
            continue
        if mark and kind in sub_kinds and kind != task_kind:
            close()
            title, _ = st.first_sentence(mark.rest)
            subsection, group = mark.written + title.rstrip("。：，"), group + 1
            heading_lead[1] = heading_unit(title) or heading_lead[0]
            in_body = True
            continue
        if kind == task_kind and (mark or in_body or _has_units(p.text)):
            close()
            in_body = True
            text = mark.rest if mark else p.text
            written = mark.written.rstrip(st.DOTS + "。，, ") if mark else ""
            open_task[:] = [_OpenTask(p.line, written, mark.value if mark else None, text,
                                      unit_plan and _has_units(text))]
            continue
        if open_task and not mark and not p.unit_line and _cut_mid_sentence(open_task[0].text) \
                and _SENTENCE.search(p.text):  # a short line (a heading) is no continuation
            open_task[0].text += p.text  # a page break inside the task's sentence (a PDF copy)
            continue
        if open_task and (p.unit_line or (not open_task[0].named and (unit_plan or mark is not None))):
            heading = not p.unit_line and "\n" not in open_task[0].text and not _SENTENCE.search(open_task[0].text)
            open_task[0].text += f"（{p.text}）" if p.unit_line else ("\n" if heading else "") + p.text
            if unit_plan and (p.unit_line or _has_units(p.text)):
                open_task[0].named = True
            continue
        if in_body:
            close()
            report("stray_line", "这一行不属于方案的领域或任务，已略去", p.line, value=p.text)
    close()


def _name_items(draft: Draft, count: int, units: str, short: Callable[[int], None]) -> None:
    """The last ``count`` tasks read, back to the last that names units, take ``units``."""
    run: list[DraftTask] = []
    for task in reversed(draft.tasks):
        if task.statements or len(run) == count:
            break
        run.append(task)
    for task in run:
        task.statements, task.unit_place = statements(units), True
    if len(run) < count:
        short(len(run))


def _unitless_sections(paras: list[_Para], section_kind: str) -> set[int]:
    """The paragraphs under a section heading none of whose paragraphs name units."""
    out: set[int] = set()
    run: list[int] = []
    named = True
    for n, p in enumerate(paras):
        if section_kind and p.mark and p.mark.kind == section_kind:
            if not named:
                out.update(run)
            run, named = [], False
            continue
        run.append(n)
        named = named or p.unit_line or _has_units(p.text)
    if not named:
        out.update(run)
    return out


def _heading_only(mark: st.Mark | None) -> bool:
    """``一、总体要求``: a short heading, no sentence of its own."""
    return mark is not None and len(mark.rest) <= 15 and not _SENTENCE.search(mark.rest.rstrip("。"))


def _cut_mid_sentence(text: str) -> bool:
    """A task's text of sentences whose last one stops without its full stop, on a character."""
    text = text.rstrip()
    return bool(_SENTENCE.search(text)) and "\n" not in text and re.search(rf"[\u4e00-\u9fff、，]$", text) is not None


_HEADING_LEAD = re.compile(rf"^(.{{2,25}}?){tc('牵头')}(?:的)?(?:工作|事项|任务|项目)?(?:[（(]\s*\d+\s*项\s*[）)])?[。：:]?$")


def heading_unit(title: str) -> str:
    """The unit a section heading names as the lead of its tasks: ``县示范区管委会牵头工作（8项）``."""
    from planbook.plans.units import is_unit_name

    m = _HEADING_LEAD.match(title.strip())
    return m.group(1) if m and is_unit_name(m.group(1)) else ""


def _implicit(draft: Draft) -> int:
    """The section of tasks written before any section heading (or of a plan with none)."""
    for i, s in enumerate(draft.sections):
        if s.numeral == "" and s.title == "":
            return i
    draft.sections.append(DraftSection("", ""))
    return len(draft.sections) - 1


# -- one task's text ------------------------------------------------------------------------------
def parse_item(text: str, *, line: int = 0, written: str = "", value: int | None = None, source: str = "",
               problems: list[Problem] | None = None) -> DraftTask:
    """One task's text: its title (the first sentence), its deadline fields and unit
    statements (brackets), and the text between them."""
    problems = problems if problems is not None else []
    task_id = written or (str(value) if value else "")

    def report(kind: str, message: str, severity: str = ERROR, **where: str) -> None:
        problems.append(Problem(kind, message, severity, file=source, line=line, task_id=task_id, **where))

    task = DraftTask(written, value, "", "", -1, line=line)
    groups = _groups(text)
    if groups is None:
        if _LABELLED.search(text) or has_label(text):
            report("bracket_unbalanced", "括号不成对：请检查“（”与“）”", value=text[-40:])
            task.failed = True
            return task
        groups = []
    fields: list[_Field] = []  # (start, end, kind, content) of deadline fields and unit statements
    for a, b in groups:
        content = text[a + 1:b - 1].strip()
        deadline, units = _split_bracket(content)
        if deadline is not None:
            fields.append((a, b, "deadline", deadline))
            # a time clause after the units (（……分别负责，年内持续推进）) is no deadline label: it sets no form
            task.deadline_place = bool(_DEADLINE_LABEL.match(content) or _INNER_DEADLINE.search(content))
        if units and is_unit_statement(units):
            fields.append((a, b, "units", units))
            task.statements.extend(statements(units))
        elif deadline is None and _closing_list(text, a, b):
            fields.append((a, b, "units", content))
            task.statements.extend(statements(content, RESPONSIBLE))
    task.unit_place = any(k == "units" for _, _, k, _ in fields)
    if any(k == "deadline" for _, _, k, _ in fields):
        _labelled(task, text, fields, report)
        return task
    pieces: list[str] = []
    steps: list[str] = []
    cursor = 0
    for a, b, _, _ in fields:
        pieces.append(text[cursor:a])
        steps.append(text[cursor:a])
        cursor = b
    pieces.append(text[cursor:])
    plain = "".join(pieces).strip()
    task.title, rest, task.notes = title_and_measures(plain)
    plain = plain.replace("\n", "")
    steps = [s.replace("\n", "") for s in steps]
    task.text, task.body = plain, rest.strip()
    chunks = [c for c in steps if c.strip("。；，、 ")]
    if len(chunks) >= 2:  # a unit statement after each step: one milestone per step
        for n, chunk in enumerate(chunks):
            if n == 0:
                chunk = st.first_sentence(chunk)[1] or chunk
            task.milestones.append(DraftMilestone(chunk.strip("。；，、 ") or task.title, None, line))
    return task


def _labelled(task: DraftTask, text: str, fields: list[_Field], report: Report) -> None:
    """The project's own form: steps closed by ``（完成时限：……）``, the task by its units."""
    task.labelled = task.fixed = True
    cursor = 0
    title = ""
    parts: list[str] = []
    for a, b, kind, content in fields:
        chunk = text[cursor:a]
        cursor = b
        if kind == "deadline":
            if not task.milestones and not title:
                title, chunk = st.first_sentence(chunk)
            parts.append(chunk)
            task.milestones.append(DraftMilestone(chunk.strip() or title, content, task.line))
        elif task.milestones and chunk.strip(" 。；，"):
            report("milestone_no_deadline", "这段节点内容后面缺少“（完成时限：……）”", value=chunk.strip())
            task.failed = True
    tail = text[cursor:].strip(" 。；，")
    if tail:
        report("milestone_no_deadline", "这段节点内容后面缺少“（完成时限：……）”", value=tail)
        task.failed = True
    full = "".join(parts).strip()
    if title and not full.startswith(title):
        full = title + "。" + full
    task.title, task.text = title, full


__all__ = ["normalize", "decode", "read_text", "read_lines", "parse_item", "title_and_measures"]
