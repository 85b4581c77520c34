"""Doubts about a reading: the signs that a model may be wrong although the file gave one.
A clerk sees them in ``planbook parse`` before sending workbooks out, and taking a doubtful
plan into a workspace asks for ``--yes`` or a mapping (the command line decides how)."""

from __future__ import annotations

import re

from planbook.plans.result import ParseResult

CHARS_PER_TASK = 1500
"""More text than this per task read suggests tasks were missed (plans run 100–800 per task)."""
MIN_TEXT = 3000
LONG_TASK = 600
"""A task whose text runs longer than this, in a plan of few tasks, may hold several tasks
numbered in a way the reader did not know (the longest task in the corpus holds 466)."""
FEW = 3
LONE_TEXT = 500
"""A text this long read as one task only is doubted (the item numbering may not be read)."""
STRAY_LINES = 5
_MARKS = re.compile(r"[☆★▲△▼▽●○◎◆◇■□※#＃*＊√✓✔•▪►◎♦]")
"""Symbols no unit's name holds: a mark the reader does not know (★ and * before or after a lead are read)."""
_UNIT_BRACKET = re.compile(r"[（(]([^（）()]{2,80}?)(按职责分工负责|负责|牵头|落实|配合)[^（）()]*[）)]\s*[。；;]?$")
"""A closing bracket naming who does the work (…按职责分工负责, …牵头): units the text still holds."""


def doubts(result: ParseResult) -> list[str]:
    """Why this reading may be wrong, one Chinese sentence each; [] when nothing looks off."""
    plan = result.plan
    if plan is None:
        return []
    out: list[str] = []
    tasks = plan.tasks
    chars = result.guesses.text_chars
    if chars >= MIN_TEXT and chars > CHARS_PER_TASK * len(tasks):
        out.append(f"全文约 {chars} 字只读出 {len(tasks)} 项任务，可能漏读：请核对任务层级和表头，"
                   "必要时在映射文件中写明 task_level 或 [columns]")
    elif tasks and len(tasks) <= FEW:
        longest = max(tasks, key=lambda t: len(t.text))
        if len(longest.text) > LONG_TASK:
            out.append(f"只读出 {len(tasks)} 项任务，任务 {longest.id} 的文字长达 {len(longest.text)} 字，可能把几项任务读成了一项："
                       "请核对任务的编号写法，必要时在映射文件中写明 task_level")
        elif len(tasks) == 1 and chars >= LONE_TEXT:
            out.append(f"全文约 {chars} 字只读出 1 项任务：请核对任务的编号写法是否被识别，必要时在映射文件中写明 task_level")
    stray = [p for p in result.problems if p.kind == "stray_line"]
    if len(stray) >= STRAY_LINES and len(stray) >= len(tasks):
        out.append(f"有 {len(stray)} 行文字不属于任何任务、已略去：可能漏读了编号写法不同的任务，请核对")
    uneven = [p for p in result.problems if p.kind == "table_row_cells"]
    if uneven:
        out.append(f"逐格复制的表格有 {len(uneven)} 行的格数与表头不符：请核对这些行各列是否对齐，"
                   "最好改用原来的 Word/Excel 表格")
    short = [p for p in result.problems if p.kind == "units_of_items_short"]
    if short:
        out.append(f"有 {len(short)} 句“N项目标的责任单位均为……”说的项数多于它前面没有写单位的任务：请核对这几项任务的牵头单位")
    leaderless = [t for t in tasks if not t.leads]
    if len(tasks) >= 2 and len(leaderless) * 2 > len(tasks):
        out.append(f"{len(leaderless)}/{len(tasks)} 项任务没有读出牵头单位：请核对单位写法或单位列，"
                   "必要时在映射文件 [columns] 中指明单位列")
    jumps = [p for p in result.problems if p.kind in ("task_number_skipped", "task_number_duplicate")]
    if jumps:
        where = "、".join(str(p.value) for p in jumps[:5]) + ("……" if len(jumps) > 5 else "")
        out.append(f"任务序号有 {len(jumps)} 处跳号或重复（序号 {where}）：请核对是否漏读或多读了任务")
    untitled = [t for t in tasks if any("没有单独的标题句" in n for n in t.notes)]
    if len(tasks) >= 2 and len(untitled) * 2 > len(tasks):
        out.append(f"{len(untitled)}/{len(tasks)} 项任务没有单独的标题句，整段文字作为节点：请核对督办单引用的节点文字")
    guessed_year = [t for t in tasks if any("没有写年份" in n for n in t.notes)]
    if guessed_year and result.guesses.year_source.startswith("正文中"):
        out.append(f"{len(guessed_year)} 项任务的完成时间没有写年份，标题、文号和落款也没有年份，按{result.guesses.year_source}"
                   f" {result.guesses.year} 年推定：请核对；映射文件 year 可改")
    no_year = [p for p in result.problems if p.kind == "deadline_no_year"]
    if no_year:
        out.append(f"有 {len(no_year)} 个完成时间没有写年份，方案中也找不到年份，已按无期限读：请在映射文件中写明 year")
    marked = [f"任务 {t.id}“{u}”" for t in tasks for u in (*t.leads, *t.partners) if _MARKS.search(u)]
    if marked:
        out.append(f"有 {len(marked)} 个单位名称带有符号（{'、'.join(marked[:3])}{'……' if len(marked) > 3 else ''}）：这个符号可能标明"
                   "牵头单位或别的分工，请核对这些任务的牵头单位和配合单位")
    unread = [t.id for t in tasks if not t.leads and not t.partners
              and any(_UNIT_BRACKET.search(x) for x in (t.text, *(m.text for m in t.milestones)))]
    if unread:
        out.append(f"任务 {'、'.join(unread[:5])}{' 等' if len(unread) > 5 else ''} 的文字末尾括注了责任单位，但没有读出牵头或配合单位："
                   "请核对这几项任务的牵头单位和配合单位")
    several = [t.id for t in tasks if "。" in t.title.rstrip("。")]
    if several:
        out.append(f"任务 {'、'.join(several[:5])}{' 等' if len(several) > 5 else ''} 的标题不止一句（整格文字作为标题）："
                   "请核对标题和节点，督办单和通报引用标题")
    by_content = [f"{t.name} {letter} 列“{header.replace('（按内容判断）', '')}”"
                  for t in result.guesses.columns for letter, header, _ in t.columns if header.endswith("（按内容判断）")]
    if by_content:
        out.append("按单元格内容判断了列的用途：" + "、".join(by_content) + "，请核对；映射文件 [columns] 可改")
    return out


__all__ = ["doubts", "CHARS_PER_TASK"]
