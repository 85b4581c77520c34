"""The 督查专报: one page for the city's leaders, from the same figures as the 通报 — the
quarter's figures, the top risks, and the agencies to urge (``planbook report --brief``).

It is a numbered bulletin (刊名, 期数, 编印单位 and date over a red line) on one GB/T 9704
page. What it says is cut to fit that page: the risks and agencies are listed most urgent
first, and the list is shortened (…等N个单位) until the estimated lines fit; the rendering
test checks the page count through LibreOffice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from planbook.store.folder import QuarterFolder
from planbook.core.model import Plan
from planbook.core.quarter import Quarter
from planbook.store.record import QuarterRecord
from planbook.report import gbt9704 as std
from planbook.report import wordml
from planbook.count.standing import charged
from planbook.report.figures import MilestoneRow, ReportData, report_data
from planbook.report.sentences import counted, due_sentence, task_ref, whole
from planbook.report.settings import Settings, fill, load_settings, parse_day, placeholder_values
from planbook.core.statuses import cn_date
from planbook.report.wording import clip, one_line, width_twips

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

    from planbook.core.rules import Rules

BRIEF_SUFFIX = "督查专报"
HEAD_LINES = 8
"""Lines of the page the head takes (刊名, 期数, 编印单位 line, title of up to two lines and
the blank lines between): the body gets the rest of the 22."""


def brief_path(folder: str | Path, quarter: str | Quarter) -> Path:
    """``<folder>/2023Q2_督查专报.docx``, beside the 通报."""
    q = Quarter.parse(quarter)
    return QuarterFolder(Path(folder), q).path / f"{q}_{BRIEF_SUFFIX}.docx"


LINE_FILL = 0.9
"""The share of a line an estimate may count on: a line ends early where a mark may not
start the next one, so a paragraph takes more lines than its width alone says."""


@dataclass(frozen=True)
class Paragraph:
    head: str  # run-in heading, 黑体 (一、总体情况。)
    text: str

    @property
    def lines(self) -> int:
        """Lines it takes in the type area, indent included, as the text is set (rounded up)."""
        return math.ceil((std.BODY_INDENT + width_twips(self.head + self.text)) / (std.TYPE_WIDTH * LINE_FILL))


class _NoPictures:
    def png(self, key: str) -> bytes:  # pragma: no cover - the brief has no charts
        raise KeyError(key)


def write_brief(plan: Plan, record: QuarterRecord, out_path: str | Path, *,
                previous: QuarterRecord | None = None,
                config: str | Path | Mapping[str, Any] | Settings | None = None,
                rules: "Rules | None" = None, say: Callable[[str], None] | None = None) -> Path:
    """Write the quarter's one-page 督查专报 (.docx) atomically and return its path
    (``out_path`` may be the quarter's folder; ``rules``: the office's); one the office edited
    is moved to 备份/ first."""
    from planbook.report.document import checked_inputs
    from planbook.report.docx_package import save_unless_edited

    settings = load_settings(config)
    previous = checked_inputs(plan, record, previous)
    out = Path(out_path)
    if out.is_dir() or not out.suffix:
        out = brief_path(out, record.quarter)
    return save_unless_edited(build_brief(plan, record, previous=previous, settings=settings, created=datetime.now(),
                                          rules=rules), out, record.quarter, say)


def brief_paragraphs(data: ReportData, settings: Settings, budget: int) -> list[Paragraph]:
    """What the brief says, shortened to ``budget`` lines."""
    b = settings.brief
    t = data.total
    said = due_sentence(t) or counted((name, n) for name, n in t.states.items()) or "尚无报送"
    overall = f"截至{cn_date(data.quarter.end)}，方案{t.tasks}项任务、{t.milestones}个节点中，{said}。"
    pace = data.pace
    if pace is not None and pace.remaining:
        peak = pace.peak
        when = ("" if not peak or peak[1] * 2 <= pace.remaining else f"均在{peak[0]}月"
                if peak[1] == pace.remaining else f"其中{peak[0]}月{peak[1]}个")
        idle = f"{pace.remaining_idle}个尚未启动或未报送" if pace.remaining_idle else ""
        inside = "，".join(x for x in (when, idle) if x)
        overall += (f"{pace.year}年内还有{pace.remaining}个节点到期{f'（{inside}）' if inside else ''}，"
                    f"全年时间已过{whole(pace.elapsed)}，全年节点完成{whole(pace.rate)}。")
    risks = sorted(data.flagged, key=lambda r: (not r.overdue, -r.months_overdue))
    agencies = _agencies_to_urge(data)
    kinds = ("逾期、" if any(r.overdue for r in risks) else "") + "滞后、未启动或未报送"  # overdue only where due

    def build(n_risks: int, n_agencies: int) -> list[Paragraph]:
        shown = risks[:n_risks]
        risk_text = "；".join(f"{i}.{_risk(r, data.plan)}" for i, r in enumerate(shown, 1))
        if len(risks) > len(shown):
            risk_text += (f"；另有{len(risks) - len(shown)}个节点{kinds}" if shown
                          else f"{kinds}的节点{len(risks)}个")
        if not risks:
            risk_text = f"没有{'逾期、' if t.due else ''}滞后、未启动或未报送的节点"
        names = agencies[:n_agencies]
        urge = "、".join(names) + (f"等{len(agencies)}个单位" if len(agencies) > len(names) else "")
        out = [Paragraph("一、总体情况。", overall), Paragraph("二、主要风险。", risk_text + "。")]
        if urge:
            out.append(Paragraph("三、建议督促的单位。", f"{urge}（节点{kinds.replace('未报送', '未按时报送')}）。"
                                                          f"{one_line(b.advice)}"))
        return out

    n_risks, n_agencies = min(len(risks), b.max_risks), min(len(agencies), b.max_agencies)
    paragraphs = build(n_risks, n_agencies)
    while sum(p.lines for p in paragraphs) > budget and (n_risks or n_agencies > 1):
        if n_agencies > max(n_risks, 3) or (n_risks <= 1 and n_agencies > 1):
            n_agencies -= 1  # a long list of names goes first, then risks down to one
        else:
            n_risks -= 1
        paragraphs = build(n_risks, n_agencies)
    return paragraphs


def _risk(r: MilestoneRow, plan: Plan | None = None) -> str:
    """A named milestone: task, milestone, how it stands, and the leads charged with it (the
    overdue ones of an overdue milestone, else those not done), never a lead that finished."""
    leads = [s.agency for s in charged(r.leads, r.overdue)]
    leads = leads or list(r.task.responsible)
    who = leads[0] + ("等" if len(leads) > 1 else "")
    state = r.overdue_label if r.overdue else r.status_label
    said = f"，报送{r.status_label}" if r.overdue else ""
    return f"{task_ref(r.task, plan)}节点{r.milestone.id}{state}（{who}{said}）"


def _agencies_to_urge(data: ReportData) -> list[str]:
    """Agencies with overdue milestones, most first, then agencies that did not report."""
    names = [name for name, _ in data.overdue_by_agency]
    if data.count is not None:  # then those charged with lagging or not-started milestones
        for state in data.count.flagged():
            names += [s.agency for s in state.laggards() if s.agency not in names]
    return names + [a for a in data.record.missing_agencies if a not in names]


def build_brief(plan: Plan, record: QuarterRecord, *, previous: QuarterRecord | None = None,
                settings: Settings | None = None, today: date | None = None,
                created: datetime | None = None, rules: "Rules | None" = None) -> "Document":
    """The 督查专报 as a python-docx Document (not saved)."""
    from planbook.report.document import _title_lines, issuer_size, record_day
    from planbook.report.docx_package import polish
    from planbook.report.writer import Writer

    settings = settings or load_settings()
    b = settings.brief
    data = report_data(plan, record, previous, rules)
    day = parse_day(settings.document.date, "[document] date") or today or record_day(record)
    values = placeholder_values(settings, data.quarter, day) | {"number": one_line(b.number) or "\u3000\u3000"}
    title = fill(b.title, values, "[brief] title")
    w = Writer(_NoPictures())
    name = one_line(b.name)
    size = issuer_size(name, float(b.name_size))
    p = w.para("issuer", name, size=size, color=std.RED)
    wordml.set_line_spacing(p, exact=round(size * 20 * std.ISSUER_LINE))
    w.para("docno", fill(b.issue, values, "[brief] issue"))
    p = w.para("docno", f"{one_line(settings.bulletin.editor)}\t{cn_date(day)}")
    wordml.set_alignment(p, "left")
    wordml.add_right_tab(p, std.TYPE_WIDTH)
    wordml.set_border(p, "bottom", size=std.RED_LINE_SIZE, color=std.RED, space=std.RED_LINE_SPACE)
    w.blank(snap=False)
    w.para("title", "\n".join(_title_lines(title)))
    w.blank(snap=False)
    for para in brief_paragraphs(data, settings, std.LINES_PER_PAGE - HEAD_LINES):
        p = w.para("body")
        wordml.add_text_run(p, para.head, std.FONT_HEITI, std.SIZE_3, spacing=std.CHAR_SPACING)
        wordml.add_text_run(p, para.text, std.FONT_FANGSONG, std.SIZE_3, spacing=std.CHAR_SPACING)
    doc = w.finish()
    polish(doc, title="".join(_title_lines(title)), author=one_line(settings.document.signature), when=created)
    return doc
