"""The targets in the report: for each due milestone with a measurable target, the target
against the actual standing at the quarter's end, judged 达标/未达标/未填报, with the change
since last quarter; not-yet-due targets that already have an actual are listed too, marked
未到期, so progress toward them shows.

How it is counted
-----------------
* The actual of a target is the latest one its lead agencies reported by the quarter's end
  (a blank 完成值 does not erase an earlier one; :meth:`QuarterRecord.actual_of`); one
  reported before this quarter says the quarter it came from.
* 达标: the actual meets the target in its direction (达到/不少于: at least; 压缩至/以内:
  at most; 超过: more than; 减少/增长: a change of at least; :func:`planbook.core.measures.judge`).
  未填报: no actual at all.
* The change since last quarter compares with the actual standing in last quarter's record;
  rates change by 个百分点.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planbook.core.model import Milestone, Task
from planbook.core.measures import RATE, UNITS, Target, format_value, judge, plan_targets
from planbook.report.figures import ReportData
from planbook.report.wording import clip, one_line

MET, UNMET, UNREPORTED = "达标", "未达标", "未填报"
NOT_DUE = "未到期"


@dataclass(frozen=True)
class TargetFigure:
    """One target as the report shows it."""

    target: Target
    task: Task
    milestone: Milestone
    due: bool
    actual: float | None
    reported_in: str  # the quarter of the actual ("" when none)
    agency: str  # who reported it
    previous: float | None  # the actual standing at the end of last quarter
    quarter: str
    compared: bool  # last quarter's record was given

    @property
    def verdict(self) -> str:
        return UNREPORTED if self.actual is None else judge(self.target, self.actual)

    @property
    def assessment(self) -> str:
        """达标 / 未达标 / 未填报, and （未到期） for a target not yet due."""
        return self.verdict + ("" if self.due else f"（{NOT_DUE}）")

    @property
    def actual_text(self) -> str:
        if self.actual is None:
            return "—"
        text = format_value(self.actual) + self.target.unit
        return text + (f"（{self.reported_in}报送）" if self.reported_in != self.quarter else "")

    @property
    def change_text(self) -> str:
        """+11种 / 提高2.5个百分点 / 持平 / 新填报 / — (no record of last quarter, or no actual)."""
        if self.actual is None or not self.compared:
            return "—"
        if self.previous is None:
            return "新填报"
        diff = self.actual - self.previous
        if abs(diff) < 1e-9:
            return "持平"
        amount = format_value(round(abs(diff), 6))
        if UNITS[self.target.unit].kind == RATE:
            return f"{'提高' if diff > 0 else '下降'}{amount}个百分点"
        return f"{'+' if diff > 0 else '-'}{amount}{self.target.unit}"


def target_figures(data: ReportData) -> list[TargetFigure]:
    """Every target of a due milestone, and every not-yet-due one with an actual, in plan
    order (computed once per report)."""
    cached = data.__dict__.get("_target_figures")
    if cached is not None:
        return list(cached)
    found = plan_targets(data.plan)
    rows = {r.milestone.id: r for r in data.rows}
    out: list[TargetFigure] = []
    for task in data.plan.tasks:
        for m in task.milestones:
            row = rows.get(m.id)
            for n, t in enumerate(found.get(m.id, ()), 1):
                got = data.record.actual_of(m.id, n, task.responsible)
                due = row.due if row is not None else False
                if not due and got is None:
                    continue
                before = data.previous.actual_of(m.id, n, task.responsible) if data.previous is not None else None
                out.append(TargetFigure(
                    t, task, m, due, got[0] if got else None, got[1] if got else "", got[2] if got else "",
                    before[0] if before else None, data.record.quarter, data.previous is not None))
    data.__dict__["_target_figures"] = tuple(out)
    return out


def target_context(data: ReportData) -> dict[str, Any]:
    """What the body template may say about the targets (``targets`` in report_body.j2)."""
    figures = target_figures(data)
    due = [f for f in figures if f.due]
    early = [f for f in figures if not f.due]
    unmet = [f for f in due if f.verdict == UNMET]
    return {
        "count": len(figures),
        "due": len(due),
        "milestones": len({f.milestone.id for f in due}),
        "met": sum(f.verdict == MET for f in due),
        "unmet": len(unmet),
        "unreported": sum(f.verdict == UNREPORTED for f in due),
        "early": len(early),
        "early_met": sum(f.verdict == MET for f in early),
        "unmet_examples": [f"节点{f.milestone.id}{one_line(f.target.metric)}（目标{f.target.goal}，完成"
                           f"{format_value(f.actual or 0)}{f.target.unit}）" for f in unmet[:2]],
    }


TABLE_HEADERS = ["序号", "节点", "指标", "目标值", "完成值", "较上季度", "完成时限", "牵头单位", "评价"]
TABLE_WIDTHS = [500, 700, 2200, 1400, 2000, 1200, 1400, 1556, 1800]  # the turned type area: 225 mm
TABLE_ALIGN = ["center", "center", "left", "center", "center", "center", "center", "center", "center"]


def target_table_rows(data: ReportData) -> list[list[object]]:
    """The rows of the 目标任务完成情况表 attachment."""
    return [[i, f.milestone.id, clip(f.target.metric, 40), f.target.goal, f.actual_text, f.change_text,
             clip(f.milestone.deadline_text or "无", 20), f.agency or "、".join(f.task.responsible), f.assessment]
            for i, f in enumerate(target_figures(data), 1)]
