"""Synthetic plans at any scale, for benchmarks and load tests.

A province's plan has thousands of tasks and hundreds of agencies; the only real plan in
the project (the Dalian seed) has 75 tasks. :func:`synthetic_plan` builds a plan of any
size with the seed's shape and realistic Chinese text (sentences recombined from the seed's
own clauses), deterministically from a seed number::

    >>> from planbook.tools.synth import synthetic_plan, synthetic_plan_text, fill_values
    >>> plan = synthetic_plan(1500, 8, 500)          # the x20 benchmark plan
    >>> text = synthetic_plan_text(1500, 8, 500)     # the same plan as official text
    >>> values = fill_values(plan, plan.agency_names[0], seed=1)   # one agency's return

The text form is what :func:`planbook.plans.parse_text` reads, so the parser can be timed and
checked at scale: ``parse_text(text).plan`` has the same fingerprint and tasks as ``plan``.
Nothing here imports pandas, openpyxl or python-docx.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from typing import Sequence

from planbook.core.model import Milestone, Plan, Section, Task
from planbook.base.words import cn_number
from planbook.core.statuses import month_end

__all__ = ["synthetic_plan", "synthetic_plan_text", "plan_text", "fill_values", "SCALES"]

SCALES: dict[str, tuple[int, int, int]] = {
    "x20": (1500, 8, 500),
    "x100": (7500, 10, 1000),
}
"""Benchmark scales: name -> (tasks, sections, agencies). ``seed`` is the Dalian plan itself."""

TITLE_CHARS = (20, 40)
MILESTONE_CHARS = (40, 150)
MILESTONE_COUNTS = ((1, 10), (2, 25), (3, 45), (4, 20))  # (milestones per task, weight)
LEAD_COUNTS = ((1, 40), (2, 35), (3, 25))  # (lead agencies per task, weight)
MONTHS = ("2022-06", "2022-12", "2023-06", "2023-12", "2024-06", "2024-12")

_SECTION_QUALITIES = (
    "办事方便", "公平公正", "成本竞争力强", "生态宜居", "开放包容", "创新活跃", "诚实守信", "安全稳定",
    "要素集聚", "服务高效", "监管规范", "人才友好", "数字赋能", "亲商安商", "融资便利", "保障有力",
)
_SECTION_NOUNS = (
    "政务环境", "法治环境", "市场环境", "城市氛围", "开放环境", "创新环境", "信用环境", "社会环境",
    "要素环境", "涉企服务环境", "监管环境", "人才环境", "数字环境", "投资环境", "金融环境", "民生环境",
)
_AGENCY_STEMS = (
    "发展改革", "教育", "科技", "工业和信息化", "公安", "民政", "司法", "财政", "人力资源社会保障",
    "自然资源", "生态环境", "住房城乡建设", "交通运输", "水务", "农业农村", "商务", "文化旅游",
    "卫生健康", "退役军人事务", "应急", "审计", "国资", "市场监管", "统计", "医保", "体育", "林业",
    "能源", "粮食和储备", "信访", "金融", "大数据", "营商", "口岸", "人防", "城市管理", "海洋发展",
    "港航", "气象", "地震", "税务", "知识产权", "外事", "民族宗教", "机关事务", "行政审批", "数据资源",
)
_AGENCY_QUALIFIERS = (
    "服务", "执法", "监测", "信息", "发展", "保障", "促进", "管理", "规划", "建设", "运营", "评审",
    "数据", "事务", "技术", "综合", "研究", "培训", "调度", "协调",
)
_AGENCY_KINDS = ("局", "委", "办", "中心")
_CLAUSE_SPLIT = re.compile(r"[，。；：！？]")
_FORBIDDEN = re.compile(r"[()（）【】\[\]{}<>《》\s,:;!?]|完成时|牵头|责任单位|配合单位|协办单位")


@lru_cache(maxsize=1)
def _clauses() -> tuple[str, ...]:
    """Clauses of the seed plan's milestone texts: the vocabulary of synthetic text."""
    from planbook.plans import seed_plan

    out: set[str] = set()
    for m in seed_plan().milestones:
        for clause in _CLAUSE_SPLIT.split(m.text):
            clause = clause.strip()
            if 4 <= len(clause) <= 30 and not _FORBIDDEN.search(clause) and clause.count("“") == clause.count("”"):
                out.add(clause)
    return tuple(sorted(out))


def _sentence(rng: random.Random, low: int, high: int, *, end: str = "。") -> str:
    """Clauses joined by ， (and now and then 。) until the text is between low and high chars."""
    clauses = _clauses()
    target = rng.randint(low, high)
    parts = [rng.choice(clauses)]
    size = len(parts[0])
    while size + len(end) < target:
        clause = rng.choice(clauses)
        sep = "。" if end and rng.random() < 0.2 else "，"
        parts.append(sep + clause)
        size += 1 + len(clause)
    text = "".join(parts)
    if len(text) + len(end) > high:
        text = text[: high - len(end)].rstrip("，。、“")
    return text + end


def _title(rng: random.Random) -> str:
    return _sentence(rng, *TITLE_CHARS, end="").replace("。", "，")


def _section_numeral(n: int) -> str:
    if not 1 <= n <= 99:
        raise ValueError("a plan has 1 to 99 sections")
    return cn_number(n)


def _agency_names(count: int, rng: random.Random) -> list[str]:
    """``市XX局``-style names: the plain ones first, then qualified ones, all distinct."""
    plain = [f"市{s}{'委' if s in ('发展改革', '教育', '卫生健康') else '局'}" for s in _AGENCY_STEMS]
    qualified = [f"市{s}{q}{k}" for s in _AGENCY_STEMS for q in _AGENCY_QUALIFIERS for k in _AGENCY_KINDS]
    if count > len(plain) + len(qualified):
        raise ValueError(f"at most {len(plain) + len(qualified)} agencies")
    rng.shuffle(plain)
    rng.shuffle(qualified)
    return (plain + qualified)[:count]


def _weighted(rng: random.Random, pairs: Sequence[tuple[int, int]]) -> int:
    """One of the values of ``(value, weight)`` pairs, drawn by weight."""
    return rng.choices([v for v, _ in pairs], [w for _, w in pairs])[0]


def _deadline_text(month: str, rng: random.Random) -> str:
    year, m = (int(x) for x in month.split("-"))
    if m == 12 and rng.random() < 0.05:
        return f"{year}年底"
    return f"{year}年{m}月"


def synthetic_plan(tasks: int, sections: int, agencies: int, seed: int = 0) -> Plan:
    """A plan of ``tasks`` tasks over ``sections`` sections, led by ``agencies`` agencies.

    1-4 milestones per task, 1-3 lead agencies per task (every agency leads at least one task
    when ``tasks >= agencies``; a few lead many), titles of 20-40 characters, milestone texts
    of 40-150, deadlines on the half-years of 2022-2024 (now and then two in one month, and
    two of them sometimes in the plan's last month, the last
    one sometimes 持续推进). The same arguments give the same plan, in any process.
    """
    if tasks < 1 or sections < 1 or agencies < 1:
        raise ValueError("tasks, sections and agencies must be positive")
    if sections > 99:
        raise ValueError("a plan has at most 99 sections (一 to 九十九)")
    sections = min(sections, tasks)
    rng = random.Random(f"planbook-synth:{tasks}:{sections}:{agencies}:{seed}")
    names = _agency_names(agencies, rng)
    # a few agencies lead many tasks, most lead a handful: weights ~ 1/(rank+5)
    weights = [1.0 / (rank + 5) for rank in range(len(names))]
    first_leads = names[:]
    rng.shuffle(first_leads)

    qualities = list(_SECTION_QUALITIES)
    nouns = list(_SECTION_NOUNS)
    rng.shuffle(qualities)
    rng.shuffle(nouns)
    per_section = [tasks // sections + (1 if i < tasks % sections else 0) for i in range(sections)]

    line = 2  # line 1 is the plan's title
    number = 0
    built: list[Section] = []
    for si in range(sections):
        noun = nouns[si % len(nouns)] + (str(si // len(nouns) + 1) if si >= len(nouns) else "")
        section_title = f"打造{qualities[si % len(qualities)]}的{noun}"
        line += 1
        section_tasks: list[Task] = []
        for _ in range(per_section[si]):
            number += 1
            task_id = str(number)
            title = _title(rng)
            count = _weighted(rng, MILESTONE_COUNTS)
            months = sorted(rng.sample(MONTHS, count))
            if 1 < count < len(MONTHS) and rng.random() < 0.05:  # two milestones due when the plan ends
                months[-2:] = [MONTHS[-1], MONTHS[-1]]
                months.sort()
            milestones = []
            for index, month in enumerate(months, 1):
                deadline_text = _deadline_text(month, rng)
                ongoing = index == count and rng.random() < 0.12
                if ongoing:
                    deadline_text += "，持续推进"
                text = _sentence(rng, *MILESTONE_CHARS)
                while index == 1 and text.startswith(title):  # the parser would take it for the title
                    text = _sentence(rng, *MILESTONE_CHARS)
                milestones.append(Milestone(task_id, index, text, month_end(month), deadline_text, ongoing))
            leads = [first_leads[(number - 1) % len(first_leads)]] if number <= len(first_leads) else []
            want = min(_weighted(rng, LEAD_COUNTS), len(names))
            while len(leads) < want:
                extra = rng.choices(names, weights)[0]
                if extra not in leads:
                    leads.append(extra)
            text = title + "。" + "".join(m.text for m in milestones)
            section_tasks.append(
                Task(number, title, text, tuple(leads), (), tuple(milestones), si + 1, line)
            )
            line += 1
        built.append(Section(si + 1, _section_numeral(si + 1), section_title, tuple(section_tasks)))
    title = f"某省营商环境质量提升行动方案（2022—2024年）（合成：{tasks}项任务）"
    return Plan(title, tuple(built), source=f"synthetic-{tasks}-{sections}-{agencies}-{seed}")


def plan_text(plan: Plan) -> str:
    """A plan in the official text form: the title line, ``一 打造……`` section lines and one line
    per task, ``N.标题。节点文本(完成时限:2023年6月)……(牵头单位:市X局、市Y局)``."""
    lines = [plan.title] if plan.title else []
    for section in plan.sections:
        lines.append(f"{section.numeral} {section.title}")
        for task in section.tasks:
            parts = [f"{task.number}.{task.title}。"]
            for i, m in enumerate(task.milestones):
                body = "" if i == 0 and m.text == task.title else m.text
                parts.append(f"{body}(完成时限:{m.deadline_text})")
            parts.append(f"(牵头单位:{'、'.join(task.leads)})")
            if task.partners:
                parts.append(f"(配合单位:{'、'.join(task.partners)})")
            lines.append("".join(parts))
    return "\n".join(lines) + "\n"


def synthetic_plan_text(tasks: int, sections: int, agencies: int, seed: int = 0) -> str:
    """:func:`synthetic_plan` rendered as official text, for timing and checking the parser."""
    return plan_text(synthetic_plan(tasks, sections, agencies, seed))


def fill_values(plan: Plan, agency: str, seed: int = 0, quarter: str = "2023Q2") -> dict[tuple[str, str], str]:
    """What ``agency`` might type into its workbook for ``quarter`` (:func:`planbook.tools.answers.fill_agency`,
    with now and then a milestone left blank: not reported); the same arguments give the same answers."""
    from planbook.tools.answers import fill_agency

    rng = random.Random(f"planbook-fill:{plan.fingerprint}:{agency}:{seed}")
    return fill_agency(plan, agency, quarter, rng, unreported=0.03)
