"""The text form of a plan: lines of text (from a .txt file, or a .docx's paragraphs) into a
:class:`Plan`.

The text form, one line per section or task::

    一 打造办事方便的政务环境
    1.加快推进“一网通办”……。建设政务服务主题数据库。(完成时限:2022年6月)……(牵头单位:市营商局)

ASCII and full-width punctuation, stray spaces and the label variants 牵头单位 / 责任单位 /
配合单位 are accepted; the model always holds the text with full-width Chinese punctuation,
so the ASCII, full-width and .docx forms of one plan give the same model and fingerprint.
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path
from datetime import date

from ..model import Milestone, Plan, Section, Task
from ..problems import ERROR, WARNING, PlanError, Problem
from .result import ParseResult

NUMERALS = "一二三四五六七八九十"
_SECTION = re.compile(rf"^([{NUMERALS}]{{1,3}})\s*[、.．\s]\s*(\S.*)$")
_TASK = re.compile(r"^(\d{1,5})\s*[.．、]\s*(\S.*)$")
# a bracketed label: (完成时限:...), (牵头单位:...), ...
_LABEL = re.compile(r"（\s*(完成时限|完成时间|牵头单位|责任单位|配合单位|协办单位)\s*：\s*([^（）]*)）")
_LEAD_LABELS = {"牵头单位", "责任单位"}
_DEADLINE_LABELS = {"完成时限", "完成时间"}
_ONGOING = ("持续推进", "长期坚持", "长期推进", "持续开展", "常态化推进")
_DEADLINE = re.compile(
    r"^(?P<y>\d{4})\s*年\s*(?:(?P<m>\d{1,2})\s*月|(?P<half>上半年|下半年)|(?P<yend>年?底|年末))?"
    r"\s*(?:底前|底|末|前|以前)?$"
)
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{_CJK}])")
_ASCII_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_ASCII_COLON = re.compile(r"(?<!\d):|:(?!\d)")
_AGENCY_SPLIT = re.compile(r"[、，,；;/\s]+")


def normalize(text: str) -> str:
    """Full-width Chinese punctuation, no stray spaces, no invisible characters."""
    text = text.replace("\ufeff", "").replace("\u200b", "").strip()
    text = text.replace("(", "（").replace(")", "）")
    text = _ASCII_COMMA.sub("，", text)
    text = _ASCII_COLON.sub("：", text)
    text = text.replace(";", "；").replace("?", "？").replace("!", "！")
    return _SPACE_NEAR_CJK.sub("", text)


def parse_deadline(text: str) -> tuple[date, bool] | None:
    """``2022年12月`` -> (2022-12-31, False); ``2022年12月，持续推进`` -> ongoing;
    ``2023年底`` and ``2023年6月底前`` too. None when it is not a date."""
    text = normalize(text)
    ongoing = False
    for word in _ONGOING:
        if word in text:
            ongoing = True
            text = text.replace(word, "")
    text = text.strip("，、 ")
    m = _DEADLINE.match(text)
    if not m:
        return None
    year = int(m["y"])
    if m["m"]:
        month = int(m["m"])
    elif m["half"] == "上半年":
        month = 6
    else:
        month = 12  # 下半年, 年底, or a bare year
    if not (1 <= month <= 12 and 1900 < year < 2200):
        return None
    return date(year, month, calendar.monthrange(year, month)[1]), ongoing


def read_text(path: Path) -> list[str]:
    """A text file's lines: UTF-8 (with or without BOM) or GB18030."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanError([Problem("plan_unreadable", f"无法读取方案文件：{exc.strerror}", file=str(path))]) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise PlanError([Problem("plan_unreadable", "方案文件既不是 UTF-8 也不是 GB18030 编码", file=path.name)])


def parse_lines(lines: list[str], *, source: str = "", title: str = "") -> ParseResult:
    """The plan the lines make, with every problem located by line."""
    problems: list[Problem] = []

    def report(kind: str, message: str, line: int, severity: str = ERROR, **where: str) -> None:
        problems.append(Problem(kind, message, severity, file=source, line=line, **where))

    sections: list[tuple[int, str, str, list[Task]]] = []  # index, numeral, title, tasks
    preamble: list[str] = []
    pending: tuple[int, str, str] | None = None  # (line, number, text) of a task being read
    expected_number = 1

    def close_task() -> None:
        nonlocal pending
        if pending is None:
            return
        lineno, number, text = pending
        pending = None
        task = _parse_task(int(number), text, lineno, len(sections), report)
        if task is not None:
            sections[-1][3].append(task)

    for lineno, raw in enumerate(lines, 1):
        line = normalize(raw)
        if not line:
            continue
        # before normalising: the space in "一 打造……" is what marks a section line
        if m := _SECTION.match(raw.strip().replace("\u3000", " ")):
            close_task()
            sections.append((len(sections) + 1, m[1], normalize(m[2]), []))
            continue
        if m := _TASK.match(line):
            close_task()
            number = int(m[1])
            if not sections:
                report("task_outside_section", f"任务 {number} 出现在第一个领域标题之前", lineno, task_id=str(number))
                sections.append((1, "一", "未命名领域", []))
            if number != expected_number:
                if number < expected_number:
                    report("task_number_duplicate", f"任务序号 {number} 重复或倒序（应为 {expected_number}）",
                           lineno, task_id=str(number), value=str(number), allowed=str(expected_number))
                else:
                    skipped = "、".join(str(n) for n in range(expected_number, number))
                    report("task_number_skipped", f"任务序号跳过了 {skipped}", lineno,
                           task_id=str(number), value=str(number), allowed=str(expected_number))
            expected_number = max(expected_number, number + 1)
            pending = (lineno, str(number), m[2])
            continue
        if pending is not None and not _has_lead(pending[2]):
            # a task wrapped over several lines (common in .docx): keep reading it
            pending = (pending[0], pending[1], pending[2] + line)
            continue
        if not sections:
            preamble.append(line)
            continue
        report("stray_line", "这一行不属于方案的领域或任务，已忽略", lineno, WARNING, value=raw.strip())
    close_task()

    if not sections or not any(s[3] for s in sections):
        report("plan_empty", "没有找到任何领域或任务：方案应有“一 ……”形式的领域行和“1.……”形式的任务行", 0)
        return ParseResult(None, problems)
    if not title and preamble:
        title = preamble[0]
    plan = Plan(
        title=title,
        sections=tuple(Section(i, num, t, tuple(tasks)) for i, num, t, tasks in sections),
        source=source,
    )
    return ParseResult(plan, problems)


def _has_lead(text: str) -> bool:
    return any(label in text for label in _LEAD_LABELS)


def _parse_task(number: int, text: str, lineno: int, section_index: int, report) -> Task | None:
    task_id = str(number)
    if text.count("（") != text.count("）") or _unbalanced(text):
        report("bracket_unbalanced", "括号不成对：请检查“（”与“）”", lineno, task_id=task_id, value=text[-40:])
        return None
    leads: list[str] = []
    partners: list[str] = []
    milestones: list[Milestone] = []
    body_parts: list[str] = []
    cursor = 0
    title = ""
    for m in _LABEL.finditer(text):
        label, value = m[1], m[2].strip()
        chunk = text[cursor : m.start()]
        cursor = m.end()
        if label in _DEADLINE_LABELS:
            parsed = parse_deadline(value)
            if parsed is None:
                report("deadline_invalid", f"完成时限“{value}”不是日期（应写作“2022年12月”或“2023年底”）",
                       lineno, task_id=task_id, value=value, allowed="YYYY年M月 / YYYY年底")
                return None
            if not milestones and not title:
                title, chunk = _split_title(chunk)
            body_parts.append(chunk)
            chunk_text = chunk.strip() or title
            deadline, ongoing = parsed
            milestones.append(Milestone(task_id, len(milestones) + 1, chunk_text, deadline, value, ongoing))
        else:
            if milestones and chunk.strip(" 。；，"):
                report("milestone_no_deadline", "这段节点内容后面缺少“（完成时限：……）”",
                       lineno, task_id=task_id, value=chunk.strip())
            names = [a for a in _AGENCY_SPLIT.split(value) if a]
            (leads if label in _LEAD_LABELS else partners).extend(a for a in names if a not in leads + partners)
    tail = text[cursor:].strip(" 。；，")
    if tail:
        report("milestone_no_deadline", "这段节点内容后面缺少“（完成时限：……）”", lineno, task_id=task_id, value=tail)
    if not milestones:
        report("task_no_milestone", "任务没有任何带“（完成时限：……）”的节点", lineno, task_id=task_id)
        return None
    if not leads:
        report("task_no_lead", "任务缺少“（牵头单位：……）”", lineno, task_id=task_id)
        return None
    full = "".join(body_parts).strip()
    if title and not full.startswith(title):
        full = title + "。" + full
    return Task(number, title, full, tuple(leads), tuple(partners), tuple(milestones), section_index, lineno)


def _split_title(chunk: str) -> tuple[str, str]:
    """The task's first sentence is its title; the rest belongs to the first milestone."""
    head, sep, rest = chunk.partition("。")
    if not sep:
        return chunk.strip(), ""
    return head.strip(), rest


def _unbalanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch == "（":
            depth += 1
        elif ch == "）":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0
