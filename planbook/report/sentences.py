"""The 通报's sentences of figures, said plainly: only the categories that are not zero,
percentages whole, a change called 持平 only when nothing changed, due and overdue said only
of milestones that have a deadline, and every lagging, not-started or unreported milestone
named by unit, task number and a short title that ends at a word boundary.

Every figure comes from the quarter's count (:mod:`planbook.count.standing`)."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Iterable

from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK
from planbook.count.standing import UNREPORTED, MilestoneState, Tally, percent

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.model import Plan, Task

_CLAUSE_END = re.compile(r"[，。；：,;:（(]")
SHORT_TITLE_CHARS = 20
"""A task's short title is its first clause when no longer than this; else the task goes by its number."""


def counted(parts: Iterable[tuple[str, int]], unit: str = "个", sep: str = "、") -> str:
    """``已完成16个、正常推进4个``: the parts that are not zero."""
    return sep.join(f"{name}{n}{unit}" for name, n in parts if n)


_OPENS_A_PHRASE = ("推进", "推动", "加快", "完善", "建立", "健全", "提升", "优化", "深化", "实施", "开展", "落实",
                   "发挥", "强化", "加强", "打造", "构建", "探索", "坚持", "实现", "支持", "促进", "提高", "扩大",
                   "鼓励", "引导", "推行", "全面", "持续", "进一步", "积极", "着力", "大力", "做好", "抓好", "确保")
"""Words that open a new verb phrase in a task title: a cut just before one ends at a word."""
_NO_END = tuple("的和与及并、对以在为把将向从按“‘《（") + ("不断", "进一步", "全面", "持续", "积极", "大力", "着力",
                                                       "加快", "切实", "深入")
"""A short title never ends with these (a particle, a preposition, an opening mark, an adverb)."""


_MEANS = ("以", "按照", "围绕", "依托", "通过", "根据", "聚焦", "立足", "借助")
"""A first clause opening with these says the means (以…为抓手): the next clause says the task."""


def short_title(title: str) -> str:
    """The task's title up to its first clause mark, when that is short; else cut at the last
    word boundary that fits (after a closing quote, before the next item of a list, or before
    the first word that opens a new phrase such as 推进 or 完善); "" when there is none (the task is then cited by
    its number alone, never by a title cut inside a word)."""
    text = title.strip().rstrip("。；;")
    clauses = [c.strip() for c in _CLAUSE_END.split(text)]
    head = clauses[0]
    if head.startswith(_MEANS) and len(clauses) > 1 and 0 < len(clauses[1]) <= SHORT_TITLE_CHARS:
        head = clauses[1]  # 以…为抓手，构建…: the task is what it builds, not the means
    if len(head) > SHORT_TITLE_CHARS:
        head = _cut_at_a_word(head, SHORT_TITLE_CHARS)
    head = head.replace("“", "‘").replace("”", "’")  # quoted inside the body's “…”
    return head if 0 < len(head) <= SHORT_TITLE_CHARS else ""


def _cut_at_a_word(text: str, limit: int) -> str:
    cuts = [i + 1 for i, ch in enumerate(text) if ch in "”’》）"]  # after a closing mark
    cuts += [i for i, ch in enumerate(text) if ch == "、"]  # before the next item of a list
    opens = sorted(i for word in _OPENS_A_PHRASE for i in _starts(text, word) if i >= 4)
    cuts += opens[:1]  # the first verb phrase whole
    if text.count("“") != text.count("”"):
        return ""
    for cut in sorted({c for c in cuts if 4 <= c <= limit}, reverse=True):
        head = text[:cut]
        if head.count("“") == head.count("”") and head.count("《") == head.count("》") and not head.endswith(_NO_END):
            return head
    return ""


def _starts(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


def task_ref(task: "Task", plan: "Plan | None" = None) -> str:
    """任务3“优化审批服务” — the number the plan prints (qualified by section where the plan's
    numbering restarts: 第二部分第3项), and a short title when there is one."""
    title = short_title(task.title)
    cited = plan.citation(task) if plan is not None else f"任务{task.id}"
    return cited + (f"“{title}”" if title else "")


def due_sentence(t: Tally) -> str:
    """Of the due milestones (none: ""): how many, by state, overdue, and the two rates."""
    if not t.due:
        return ""
    late = f"（含逾期完成{t.done_late}个）" if t.done_late and t.done else ""
    states = counted([(DONE, t.done)]) + late
    rest = counted([(ON_TRACK, t.on_track), (BEHIND, t.behind), (NOT_STARTED, t.not_started),
                    (UNREPORTED, t.unreported)])
    states = "、".join(x for x in (states, rest) if x)
    overdue = f"；逾期未完成{t.overdue}个" if t.overdue else ""
    rates = f"。到期节点完成率为{t.rate_whole}"
    if t.done_late:
        rates += f"，按时完成率为{t.on_time_rate_whole}"
    return f"已到期节点{t.due}个，其中{states}{overdue}{rates}"


def states_sentence(t: Tally, *, dated_plan: bool) -> str:
    """Every milestone by state: the figure of a plan (or the part of it) without deadlines."""
    parts = counted((name, n) for name, n in t.states.items())
    if not parts:
        return ""
    scope = f"全部{t.milestones}个节点中" if dated_plan else f"{t.milestones}个节点中"
    return f"{scope}，{parts}"


def change_sentence(now: Tally, before: Tally | None) -> str:
    """What changed since last quarter: completions (over all milestones) and, when both
    quarters had due milestones, the completion rate; 持平 only when equal."""
    if before is None:
        return ""
    done_now, done_before = now.states[DONE], before.states[DONE]
    if done_now == done_before:
        done = f"已完成节点数与上季度持平（{done_now}个）"
    else:
        verb = "增加到" if done_now > done_before else "减少到"
        done = f"已完成节点由上季度的{done_before}个{verb}{done_now}个"
    if now.rate is None or before.rate is None:
        return done
    diff = (now.rate - before.rate) * 100
    if now.done * before.due == before.done * now.due:
        rate = "到期节点完成率与上季度持平"
    else:
        points = f"{abs(diff):.0f}" if round(abs(diff)) else f"{abs(diff):.1f}"
        rate = f"到期节点完成率较上季度{'提高' if diff > 0 else '下降'}{points}个百分点"
    return f"{done}，{rate}"


def section_sentence(t: Tally) -> str:
    """One section's figures: its due milestones when it has some, else its states, and
    "均已完成或按计划推进" only when every due milestone is."""
    head = f"该领域共有重点任务{t.tasks}项、节点目标{t.milestones}个"
    if t.due:
        text = (f"{head}，已到期{t.due}个，已完成{t.done}个，完成率{t.rate_whole}" if t.done
                else f"{head}，已到期{t.due}个，均未完成")
        if t.overdue:
            text += f"，逾期未完成{t.overdue}个"
        elif t.done + t.on_track == t.due:
            text += "，到期节点均已完成或按计划推进"
        else:
            text += "，" + counted([(BEHIND, t.behind), (NOT_STARTED, t.not_started), (UNREPORTED, t.unreported)])
        return text
    states = counted((name, n) for name, n in t.states.items())
    return f"{head}，其中{states}" if states else head


def named(states: list[MilestoneState], limit: int, plan: "Plan | None" = None) -> list[str]:
    """The flagged milestones as the body names them, the most serious first (overdue, then
    lagging, not started, unreported): ``市A局负责的任务3“…”（节点3-2）逾期未完成``; at most ``limit``."""
    order = {"逾期未完成": 0, BEHIND: 1, NOT_STARTED: 2, UNREPORTED: 3, ON_TRACK: 4}
    ranked = sorted(states, key=lambda s: order.get(s.state_label, 5))
    out = []
    for s in ranked[:limit]:
        leads = "、".join(lead.agency for lead in s.laggards())
        out.append(f"{leads}负责的{task_ref(s.task, plan)}（节点{s.milestone.id}）{s.state_label}")
    return out


NAMED_UNITS = 6
"""The body names at most this many units in a list (those with most first), then says 等: a
large plan's hundred units are 附件2's to list, not the body's."""


def units_with_counts(items: Iterable[tuple[str, int]], limit: int = NAMED_UNITS) -> str:
    """``市A局（3个）、市B局、市C局``: a count only where a unit has more than one; past ``limit``
    units, the first ``limit`` and 等."""
    listed = list(items)
    text = "、".join(f"{name}（{n}个）" if n > 1 else name for name, n in listed[:limit])
    return text + ("等" if len(listed) > limit else "")


def flagged_units(states: list[MilestoneState]) -> list[tuple[str, int]]:
    """The units named for flagged milestones, with how many each, most first (ties in the
    order first named): the same units 附件2 lists."""
    counts: dict[str, int] = {}
    for s in states:
        for lead in s.laggards():
            counts[lead.agency] = counts.get(lead.agency, 0) + 1
    order = {name: i for i, name in enumerate(counts)}
    return sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def whole(rate: float | None) -> str:
    return percent(rate, 0)


def clause_cut(text: str, limit: int) -> str:
    """``text`` (one line) cut after its last clause that fits in ``limit`` characters, with
    no mark of its own; the first clause whole when even that does not fit. Never inside a
    word, never with an ellipsis."""
    text = text.strip().rstrip("。；;，,")
    if len(text) <= limit:
        return text
    out = ""
    for clause in re.findall(r"[^，。；,;]+[，。；,;]?", text):
        if len(out) + len(clause) > limit:
            break
        out += clause
    return (out or re.split(r"[，。；,;]", text)[0]).rstrip("，。；,;、")


_EXPECTED = re.compile(r"[^。；]*预计(\d{4})年(\d{1,2})月(?:底|前|以前|之前)?(?:完成|建成|上线)[^。；]*[。；]?")


def without_stale_promises(text: str, by: date) -> str:
    """The agency's words without the sentences that promise completion by a month already
    past at ``by`` (the quarter's end): an overdue item is not excused by an expired 预计."""
    def keep(m: re.Match[str]) -> str:
        return "" if (int(m[1]), int(m[2])) <= (by.year, by.month) else m[0]
    return _EXPECTED.sub(keep, text).strip()
