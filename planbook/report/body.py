"""The body of the report: the template (``templates/report_body.j2``, or an office's own)
rendered with the figures into paragraphs.

The template is plain text, a paragraph a line; ``#`` to ``####`` start headings, numbered
here (一、 （一） 1. （1）), and ``@@chart <name>`` places a chart. Agencies' text reaches the
template cleaned and unable to look like either marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, month_label
from planbook.count.standing import UNREPORTED, LeadState, MilestoneState, QuarterCount
from planbook.base.problems import SettingsError
from planbook.base.words import cn_number
from planbook.report.figures import ReportData
from planbook.report.settings import Settings
from planbook.report.target_table import target_context
from planbook.report.sentences import (change_sentence, clause_cut, due_sentence, flagged_units, named, section_sentence,
                        states_sentence, task_ref, units_with_counts, whole)
from planbook.report.wording import clip, one_line, own_words

BODY_CHARTS = ("sections",)
"""The charts a body template may place with ``@@chart``."""

_MARKERS = re.compile(r"^(#{1,4})\s+(.*)$")
_CHART = re.compile(r"^@@chart\s+(\w+)\s*$")


@dataclass(frozen=True)
class Block:
    """One paragraph of the body: ``kind`` is body, h1..h4 or chart."""

    kind: str
    text: str


def book_title(title: str) -> str:
    """The plan's title as the body sets it between 《》: without brackets of its own, and
    never empty (a plan read without a title line is named after its file, or by the office's
    --title)."""
    title = safe(title).strip().strip("《》").strip()
    return title or "重点任务"


def safe(text: object, limit: int = 0) -> str:
    """Agency text for the template: one line, cleaned, clipped, and unable to look like
    a heading or chart marker at the start of a line."""
    s = clip(text, limit) if limit else one_line(text)
    return s.replace("#", "＃").replace("@@", "＠＠")


def with_counts(items: Iterable[tuple[str, int]], unit: str = "个") -> str:
    """The ``with_counts`` filter: ``市A局（3个）、市B局（1个）``."""
    return "、".join(f"{safe(name)}（{n}{unit}）" for name, n in items)


FILTERS = {"with_counts": with_counts, "units": units_with_counts}
NAMED_IN_BODY = 3
COMPACT_SECTIONS = 4
"""A plan of more sections than this gets one sentence for them all in 二、, not a （一） each:
the body stays a few pages (附件1 gives every section's figures)."""
"""How many flagged milestones the body names; 附件2 lists them all."""


def body_blocks(data: ReportData, settings: Settings, values: Mapping[str, object],
                attachments: list[tuple[str, str]]) -> list[Block]:
    """Render the body template into paragraphs, numbering the headings. ``values`` are the
    placeholders' values; ``attachments`` the (key, title) of the attachments carried."""
    text = _render(settings, _context(data, settings, values, attachments))
    blocks: list[Block] = []
    counters = [0, 0, 0, 0]
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        chart = _CHART.match(line)
        if chart:
            if chart[1] not in BODY_CHARTS:
                raise SettingsError(f"正文模板中的 @@chart {chart[1]} 不存在；可用："
                                    + "、".join(f"@@chart {c}" for c in BODY_CHARTS))
            blocks.append(Block("chart", chart[1]))
            continue
        m = _MARKERS.match(line)
        if not m:
            blocks.append(Block("body", line))
            continue
        level = len(m[1])
        counters[level - 1] += 1
        counters[level:] = [0] * (4 - level)
        n = counters[level - 1]
        number = (f"{cn_number(n)}、", f"（{cn_number(n)}）", f"{n}.", f"（{n}）")[level - 1]
        blocks.append(Block(f"h{level}", number + m[2].strip()))
    return run_in(blocks)


def run_in(blocks: list[Block]) -> list[Block]:
    """Third-level headings (1.) run into the paragraph that follows them, as official texts
    set them ("1.部分节点逾期未完成。截至…"): same font, one line saved per heading."""
    out: list[Block] = []
    for block in blocks:
        if block.kind == "body" and out and out[-1].kind == "h3":
            out[-1] = Block("body", out[-1].text + block.text)
        else:
            out.append(block)
    return out


def _context(data: ReportData, settings: Settings, values: Mapping[str, object],
             attachments: list[tuple[str, str]]) -> dict[str, object]:
    """What the template may use (listed at the top of ``report_body.j2``)."""
    body = settings.body
    quote_chars = body.quote_chars
    sections = []
    for section, stats, rows in data.sections:
        done_now = [r for r in rows if r.done_this_quarter]
        completed = []
        for r in done_now[: body.max_quotes_per_section]:
            said = own_words(r.progress, r.milestone.text, quote_chars)
            completed.append({
                "ref": safe(f"{task_ref(r.task, data.plan)}（节点{r.milestone.id}）"),
                "unit": safe("、".join(r.task.responsible)),
                "task_id": r.task.id,
                "task_title": safe(clause_cut(one_line(r.task.title), 40)),
                "milestone": safe(clause_cut(one_line(r.milestone.text), 40)),
                "agencies": safe("、".join(r.task.responsible)),
                "progress": "" if "……" in said else safe(said),  # the agency's complete sentences, or none
            })
        sections.append({"title": section.title, "short_title": section.short_title,
                         "label": section.short_title, "numeral": section.numeral,
                         "stats": stats, "text": section_sentence(stats), "completed": completed,
                         "completed_count": len(done_now)})
    count = data.count
    flagged = count.flagged() if count is not None else []
    dated = any(m.deadline is not None for m in data.plan.milestones)
    # many sections: one sentence for all of them (附件1 has each section's figures)
    compact = len(data.sections) > COMPACT_SECTIONS
    each = [f"{section.short_title}{stats.rate_whole}" + (f"（逾期未完成{stats.overdue}个）" if stats.overdue else "")
            if stats.due else f"{section.short_title}已完成{stats.states[DONE]}个"
            for section, stats, _ in data.sections] if compact else []
    sections_line = ((("各领域到期节点完成率分别为：" if data.total.due else "各领域节点完成情况：") + "、".join(each))
                     if compact else "")
    change_text, done_change = "", 0
    if data.prev_total is not None:
        change_text = change_sentence(data.total, data.prev_total)
        done_change = data.total.states[DONE] - data.prev_total.states[DONE]
    pace = data.pace
    # units that did not report this quarter but whose earlier answers still stand (counted by them)
    answered = {lead.agency for _, lead in data.count.lead_states() if lead.status} if data.count else set()
    return dict(
        values,
        plan_title=book_title(data.plan.title),
        sections_line=safe(sections_line),
        headings=settings.headings,
        total=data.total,
        prev_total=data.prev_total,
        rate_change_text=change_text,
        change_text=change_text,
        done_change=done_change,
        due_text=due_sentence(data.total),
        states_text=states_sentence(data.total, dated_plan=bool(data.total.due)) if data.total.undated else "",
        dated=dated,
        flagged_count=len(flagged),
        flagged_named=[safe(x) for x in named([s for s in flagged if not s.overdue], NAMED_IN_BODY, data.plan)],
        flagged_units=flagged_units(flagged),
        flagged_behind=sum(s.state_label == BEHIND for s in flagged),
        flagged_not_started=sum(s.state_label == NOT_STARTED for s in flagged),
        flagged_unreported=sum(s.state_label == UNREPORTED for s in flagged),
        pace_rate=whole(pace.rate) if pace is not None else "",
        pace_elapsed=whole(pace.elapsed) if pace is not None else "",
        sections=sections,
        overdue_count=len(data.overdue),
        overdue_by_agency=data.overdue_by_agency,
        extensions=[f"节点{safe(e.get('milestone_id', ''))}（{safe(e.get('agency', ''))}，延至"
                    f"{month_label(e['deadline']) if e.get('deadline') else ''}"
                    + (f"，{safe(e['ref'])}" if e.get("ref") else "") + "）"
                    for e in data.record.extensions],
        review=_review_context(count),
        **_requests_context(data.record.requests),
        missing_agencies=[safe(a) for a in data.record.missing_agencies],
        missing_standing=[safe(a) for a in data.record.missing_agencies if a in answered],
        missing_silent=[safe(a) for a in data.record.missing_agencies if a not in answered],
        problems_by_agency=[{"agency": safe(a), "count": n} for a, n in data.returns_with_problems],
        problem_returns=sum(n for _, n in data.returns_with_problems),
        pace=pace,
        pace_peak=pace.peak if pace is not None else None,
        upcoming_count=len(data.upcoming),
        upcoming_by_agency=data.upcoming_by_agency,
        targets=target_context(data),
        attachment={key: i for i, (key, _) in enumerate(attachments, 1)}
        | {k: "" for k in ("stats", "overdue", "upcoming", "targets", "ranking") if k not in dict(attachments)},
    )


def _review_context(count: QuarterCount | None) -> dict[str, object] | None:
    """The office's review in the count (None where it does not review)."""
    review = count.review if count is not None else None
    if review is None:
        return None

    def item(s: MilestoneState, lead: LeadState) -> str:
        """A line named with its unit: its 意见 is in the agency's 问题清单 (and, sent back, in
        附件2 beside the item: :attr:`planbook.report.figures.ReportData.listed`)."""
        return f"节点{s.milestone.id}{safe(lead.agency)}"

    return {"reported": review.reported, "accepted": review.accepted, "pending": review.pending,
            "sent_back": [item(s, lead) for s, lead in review.sent_back],
            "doubtful": [item(s, lead) for s, lead in review.doubtful]}


def _requests_context(requests: list[dict[str, str]]) -> dict[str, list[str]]:
    """The 延期申请 the office decided, as the body lists them."""
    def item(r: dict[str, str]) -> str:
        return f"节点{safe(r['milestone_id'])}（{safe(r['agency'])}，申请延至{month_label(r['deadline'])}）"

    return {"requests_granted": [item(r) for r in requests if r.get("decision") == "granted"],
            "requests_refused": [item(r) for r in requests if r.get("decision") == "refused"],
            "requests_late": [f"节点{safe(r['milestone_id'])}" for r in requests if r.get("late") and r.get("decision")]}


def _render(settings: Settings, context: Mapping[str, object]) -> str:
    """The body template rendered in planbook's one jinja environment (an office's
    ``template_dir`` searched first); its mistakes are :class:`SettingsError`."""
    import jinja2

    from planbook.base.resources import jinja_environment

    env = jinja_environment(*settings.template_dirs)
    for name, function in FILTERS.items():
        env.filters.setdefault(name, function)
    name = settings.body.template
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound:
        raise SettingsError(f"找不到正文模板 {name}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise SettingsError(f"正文模板 {exc.filename or name} 第 {exc.lineno} 行有误：{exc.message}",
                            file=exc.filename or name) from None
    except jinja2.UndefinedError as exc:
        raise SettingsError(f"正文模板 {name} 用了不存在的数据：{exc.message}") from None
