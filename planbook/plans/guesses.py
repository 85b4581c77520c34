"""The guesses a parse made, and their description for the person who must check them:
which column is what, which numbering is the task level, which lead rule, which year, how
many tasks have no deadline, and the first tasks as read (``planbook parse`` prints it)."""

from __future__ import annotations

from planbook.core.model import NO_LEAD

from planbook.plans.result import ParseResult

ROLE_LABELS = {
    "number": "序号",
    "section": "领域",
    "subsection": "子领域",
    "title": "任务名称",
    "text": "任务内容",
    "deadline": "完成时限",
    "period": "季度节点",
    "lead": "牵头单位",
    "partner": "配合单位",
    "responsible": "责任单位",
    "listed": "负责单位",
    "person": "领导（不是单位，不读）",
    "ignore": "不读",
    "": "未识别（不读）",
}
"""Column roles, as ``planbook parse`` names them and a mapping file may state them."""


def _month(month: str) -> str:
    year, m = month.split("-")
    return f"{year}年{int(m)}月"


def describe(result: ParseResult, preview: int = 5) -> list[str]:
    """What was read and what was guessed, line by line, in Chinese."""
    from planbook.plans.structure import KIND_NAMES
    from planbook.plans.units import LEAD_RULES

    from planbook.plans.doubts import doubts

    g = result.guesses
    lines = [f"方案：《{g.title}》（标题取自{g.title_source}）" if g.title else "方案：没有标题"]
    lines += [f"请核对：{d}" for d in doubts(result)]
    lines.append(f"形式：{g.form}" + (f"（{g.converted}）" if g.converted else ""))
    for table in g.columns:
        cols = "；".join(f"{letter} {header or '（空）'} → {ROLE_LABELS.get(role, role)}"
                        for letter, header, role in table.columns)
        lines.append(f"{table.name}：表头在{table.header_rows}，{table.tasks} 项任务；各列：{cols}")
    if g.levels:
        levels = "，".join(f"{KIND_NAMES.get(k, k)}为{what}" for k, what in g.levels)
        lines.append(f"层级：{levels}" + (f"（任务层级依据：{g.task_level_how}）" if g.task_level_how else ""))
    if g.numbering:
        lines.append(f"编号：{g.numbering}")
    if g.lead_rule:
        rule = LEAD_RULES.get(g.lead_rule, g.lead_rule)
        if g.lead_rule_stated:
            lines.append(f"牵头规则：{rule}（{g.lead_rule_how}）；写明“牵头单位”或“分别牵头”的都牵头")
        else:
            lines.append(f"牵头规则：方案没有写明；“（……负责）”所列单位推定{rule}，只写“责任单位”的都牵头；"
                         "写明“牵头单位”或“分别牵头”的都牵头")
    lines.append(f"年份：{g.year}（取自{g.year_source}）" if g.year else "年份：方案中没有找到")
    for item in g.skipped:
        lines.append(f"未读：{item}")
    plan = result.plan
    if plan is None:
        return lines
    tasks = plan.tasks
    lines.append(f"{len(plan.sections)} 个领域，{len(tasks)} 项任务，{len(plan.milestones)} 个节点，"
                 f"{len(plan.lead_units)} 个牵头单位")
    subsections = {(t.section_index, t.subsection) for t in tasks if t.subsection}
    for s in plan.sections:
        subs = len({t.subsection for t in s.tasks if t.subsection})
        lines.append(f"  {s.label}：{len(s.tasks)} 项任务" + (f"（{subs} 个子领域）" if subs else "")
                     + f"，{sum(len(t.milestones) for t in s.tasks)} 个节点")
    if subsections:
        lines.append(f"子领域：{len(subsections)} 个")
    undated = [t for t in tasks if all(m.deadline is None for m in t.milestones)]
    months = plan.deadline_months
    if months:
        lines.append("完成时限：" + "，".join(
            f"{_month(m)} {sum(x.deadline_month == m for x in plan.milestones)} 个" for m in months))
    lines.append(f"没有完成时限的任务：{len(undated)} 项" if undated else "每项任务都有完成时限")
    ongoing = [m.id for m in plan.milestones if m.ongoing]
    if ongoing:
        lines.append("持续推进的节点：" + "、".join(ongoing))
    leaderless = [t.id for t in tasks if not t.leads]
    if leaderless:
        lines.append(f"没有牵头单位的任务：{len(leaderless)} 项（任务 {'、'.join(leaderless[:20])}"
                     + ("……" if len(leaderless) > 20 else "") + "）")
    noted = [t for t in tasks if t.notes]
    if noted:
        lines.append(f"有推定说明的任务：{len(noted)} 项（见下方预览或 --json 的 notes）")
    if plan.lead_units:
        lines.append("牵头单位：" + "、".join(f"{a.name}({len(a.task_ids)})" for a in plan.agencies if a.name != NO_LEAD))
    lines.append(f"前 {min(preview, len(tasks))} 项任务：")
    for t in tasks[:preview]:
        label = t.label if t.label and t.label != t.id else ""
        head = f"  {t.id}." + (f"（原编号 {label}）" if label else "") + t.title[:30] + ("…" if len(t.title) > 30 else "")
        dates = "、".join(m.deadline_month or ("持续推进" if m.ongoing else "无期限") for m in t.milestones)
        lines.append(f"{head}｜牵头：{'、'.join(t.leads) or '（无）'}"
                     + (f"｜配合：{'、'.join(t.partners[:4])}" + ("等" if len(t.partners) > 4 else "") if t.partners else "")
                     + f"｜节点：{dates}" + (f"｜子领域：{t.subsection}" if t.subsection else ""))
        for note in t.notes:
            lines.append(f"      说明：{note}")
    return lines
