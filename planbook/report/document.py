"""The 督查通报 assembled, in the order a reader meets it: the 版头 (文件式: 标志, 发文字号,
red line; 期刊式: 刊名, 期数, 编印单位 and date, red line), title and addressees; the body;
the 附件说明, 署名 and 成文日期 (文件式 only: a bulletin's head carries both); the
attachments (statistics, overdue and upcoming milestones, lights as words) on landscape
pages; the 版记 on the last page.
"""

from __future__ import annotations

import io

import math
import warnings
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from planbook.store.folder import QuarterFolder
from planbook.core.model import Plan
from planbook.base.problems import PlanbookNotice
from planbook.core.quarter import Quarter
from planbook.store.record import QuarterRecord
from planbook.count.standing import CATEGORIES, LeadState, charged, keep, kept_total
from planbook.report import gbt9704 as std
from planbook.report import wordml
from planbook.report.body import body_blocks
from planbook.report.charts import Charts, chart_specs, chart_width_mm
from planbook.report.figures import MilestoneRow, ReportData, Stats, report_data
from planbook.report.ranking import TITLE as RANKING_TITLE, agency_ranking
from planbook.report.settings import (BULLETIN_FORM, Settings, fill, is_own, is_ranked, load_settings, parse_day,
                       placeholder_values)
from planbook.report.target_table import TABLE_ALIGN, TABLE_HEADERS, TABLE_WIDTHS, target_figures, target_table_rows
from planbook.report.sentences import clause_cut, without_stale_promises
from planbook.core.statuses import SENT_BACK, cn_date
from planbook.report.wording import clip, em, one_line, own_words, width_twips
from planbook.report.docx_package import save_unless_edited
from planbook.report.writer import Writer

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

    from planbook.core.rules import Rules


def report_path(folder: str | Path, quarter: str | Quarter) -> Path:
    """``<folder>/2023Q2_督查通报.docx`` (the name :class:`~planbook.store.folder.QuarterFolder` spells)."""
    return QuarterFolder(Path(folder), Quarter.parse(quarter)).report


def write_report(plan: Plan, record: QuarterRecord, out_path: str | Path, *,
                 previous: QuarterRecord | None = None,
                 config: str | Path | Mapping[str, Any] | Settings | None = None,
                 rules: "Rules | None" = None, say: Callable[[str], None] | None = None,
                 even_imprint: bool = True, pdf: bool = False,
                 finish: "Callable[[Document], None] | None" = None) -> Path:
    """Write the quarter's 督查通报 (.docx) atomically and return its path; a 通报 the office
    edited since planbook wrote it is moved to 备份/ first (``say`` is told where).
    ``even_imprint``: the 版记 on an even page by construction (:data:`IMPRINT_STARTS`): the
    .docx starts it with an even-page section break, which Word and WPS honour by inserting an
    empty page when needed; ``pdf``: also the PDF beside it (:func:`~planbook.report.pdf.pdf_path`),
    laid out by LibreOffice, with an unnumbered empty page before a 版记 that would fall on an
    odd page (LibreOffice renumbers an even-page break rather than inserting the page).

    ``out_path`` may be a folder: the file is then :func:`report_path` inside it.
    ``previous`` is the previous quarter's record (for late completions and the change
    since last quarter); it is ignored, with a warning, when it belongs to another
    quarter or plan. ``config`` is a TOML file (or a mapping) overriding ``templates/report.toml``;
    ``rules`` the office's (lights and scores; default ``templates/supervision.toml``).
    ``finish`` is done to the document (the .docx and the PDF's) before it is saved (草稿)."""
    settings = load_settings(config)
    previous = checked_inputs(plan, record, previous)
    out = Path(out_path)
    if out.is_dir() or not out.suffix:
        out = report_path(out, record.quarter)
    kept: list[ReportData] = []
    said_before = kept_total(QuarterFolder.of(record.quarter, out.parent).previous().path,
                             str(Quarter.parse(record.quarter).previous)) if previous is not None else None
    created = datetime.now()

    def build(imprint: str) -> "Document":
        doc = build_document(plan, record, previous=previous, settings=settings, created=created, rules=rules,
                             seen=None if kept else kept.append, previous_total=said_before, imprint=imprint,
                             data=kept[0] if kept else None)  # the figures counted once, for every form
        if finish is not None:
            finish(doc)
        return doc

    saved = save_unless_edited(build("even" if even_imprint else "next"), out, record.quarter, say)
    if kept and kept[0].count is not None:
        keep(kept[0].count, saved.parent)  # what this 通报 said, kept with the quarter
    if pdf:
        from planbook.report.pdf import write_even_pdf

        def document_bytes(imprint: str) -> bytes:
            buffer = io.BytesIO()
            build(imprint).save(buffer)
            return buffer.getvalue()

        write_even_pdf(document_bytes, saved)
    return saved


IMPRINT_STARTS = ("next", "blank", "even")
"""How the 版记's page starts: ``next`` on the next page; ``blank`` after an empty page
without a number (the 版记's page then has none either), when the pages before it are odd in
number; ``even`` with a section break to an even page, which Word and WPS honour by inserting
the empty page themselves (the .docx; LibreOffice renumbers instead, so its PDF is laid out
with ``next`` and, when that comes out odd, ``blank``)."""


def record_day(record: QuarterRecord) -> date:
    """The day a document about ``record`` is dated when the settings give none: the day the
    record was collected, so a re-run gives the same document (today only when unknown)."""
    try:
        return datetime.fromisoformat(record.generated_at.replace("Z", "+00:00")).date()
    except (ValueError, AttributeError):
        return date.today()


def checked_inputs(plan: Plan, record: QuarterRecord, previous: QuarterRecord | None) -> QuarterRecord | None:
    """The previous record to compare with (``None``, with a warning, when it is of another
    quarter or plan); a record of another plan is refused (``plan_mismatch``). Every document
    written from a record (the 通报, the 专报) checks its inputs here."""
    from planbook.base.problems import PlanbookError, Problem

    if not plan.owns(record.plan_fingerprint):
        raise PlanbookError([Problem(
            "plan_mismatch", f"季度记录（{record.quarter}）不是按这个方案生成的：记录的方案标识为 "
            f"{record.plan_fingerprint}，方案为 {plan.fingerprint}。请用生成该记录时的方案。",
            value=record.plan_fingerprint, allowed=plan.fingerprint)], "方案与季度记录不一致")
    if previous is not None:
        expected = Quarter.parse(record.quarter).previous
        if Quarter.parse(previous.quarter) != expected:
            warnings.warn(f"上季度记录是 {previous.quarter}，应为 {expected}，未用于比较", PlanbookNotice, stacklevel=3)
            return None
        if not plan.owns(previous.plan_fingerprint):
            warnings.warn(f"上季度记录 {previous.quarter} 对应另一个方案，未用于比较", PlanbookNotice, stacklevel=3)
            return None
    return previous


def build_document(plan: Plan, record: QuarterRecord, *, previous: QuarterRecord | None = None,
                   settings: Settings | None = None, today: date | None = None,
                   created: datetime | None = None, rules: "Rules | None" = None,
                   seen: Callable[[ReportData], None] | None = None,
                   previous_total: Stats | None = None, imprint: str = "next",
                   data: ReportData | None = None) -> "Document":
    """The report as a python-docx Document (not saved); ``created`` is the time its
    properties give (now when not given); ``seen`` receives the figures it printed.
    ``imprint``: how the 版记's page starts (:data:`IMPRINT_STARTS`). ``data``: the figures
    of an earlier build of the same report (its other 版记 forms are laid out from them)."""
    from planbook.report.docx_package import polish

    settings = settings or load_settings()
    if data is None:
        data = report_data(plan, record, previous, rules, previous_total=previous_total)
    if seen is not None:
        seen(data)
    doc_s, imp_s = settings.document, settings.imprint
    day = parse_day(doc_s.date, "[document] date") or today or record_day(record)
    print_day = parse_day(imp_s.date, "[imprint] date") or day
    values = placeholder_values(settings, data.quarter, day)
    carried = attachments(data, settings, values)
    ranking = agency_ranking(plan, record, rules, wanted=settings.options.ranking,  # an option; 表扬/通报批评
                             ranked=lambda agency: is_ranked(settings, agency))
    if ranking is not None:
        carried.append(("ranking", RANKING_TITLE))
    blocks = body_blocks(data, settings, values, carried)

    bulletin = doc_s.form == BULLETIN_FORM
    title = fill(doc_s.title, values, "[document] title")
    charts = Charts(chart_specs(data, settings) if settings.options.charts else {})  # drawn in another process
    try:
        w = Writer(charts)
        if bulletin:
            b = settings.bulletin
            name = one_line(b.name)
            bulletin_head(w, name, issuer_size(name, float(b.name_size)), fill(b.issue, values, "[bulletin] issue"),
                          one_line(b.editor), cn_date(day))
        else:
            issuer = one_line(doc_s.issuer + doc_s.issuer_suffix)
            file_head(w, issuer, issuer_size(issuer, float(doc_s.issuer_size)),
                      fill(doc_s.doc_number, values, "[document] doc_number"))
        title_block(w, _title_lines(title), one_line(doc_s.addressees))
        for block in blocks:
            if block.kind == "chart":
                _chart_block(w, charts, block.text, fill(settings.attachments.chart_sections, values,
                                                         "[attachments] chart_sections"))
            else:
                w.para(block.kind, block.text)
        for text in ranking.paragraphs if ranking is not None else ():
            w.para("body", text)
        # the end of the body, 附件说明, 署名 and 成文日期 stay on one page
        wordml.set_keep_next(w.doc.paragraphs[-1])
        w.blank()
        wordml.set_keep_next(w.doc.paragraphs[-1])
        _attachment_note(w, carried)
        if not bulletin:  # a bulletin's head already names its editor and date
            w.blank()
            wordml.set_keep_next(w.doc.paragraphs[-1])
            _signature(w, one_line(doc_s.signature), day)

        # attachments: each on a new page; portrait unless an optional wide table is carried
        wide = any(key in WIDE_ATTACHMENTS for key, _ in carried)
        w.new_section(landscape=wide)
        width = _LANDSCAPE_WIDTH if wide else _PORTRAIT_WIDTH
        for i, (key, heading) in enumerate(carried, 1):
            p = w.para("label", f"附件{i}" if len(carried) > 1 else "附件")
            if i > 1:
                wordml.set_page_break_before(p)
            w.blank()
            w.para("title", heading)
            w.blank()
            if key == "stats":
                _stats_attachment(w, charts, data, settings, values, width)
            elif key == "ranking" and ranking is not None:
                ranking.write(w)
            elif key == "targets":
                w.table(TABLE_HEADERS, target_table_rows(data), TABLE_WIDTHS, TABLE_ALIGN, cant_split=True)
            elif key == "overdue":
                # rows never split across pages (w:cantSplit); the header row repeats on each page
                if wide:
                    w.table(OVERDUE_HEADERS, overdue_rows(data.listed, settings, by=data.quarter.end, plan=data.plan), _OVERDUE_WIDTHS, _OVERDUE_ALIGN,
                            cant_split=True, valign="top")
                else:  # upright: whole rows, never split across pages
                    w.table(UPRIGHT_OVERDUE_HEADERS, overdue_rows(data.listed, settings, upright=True, by=data.quarter.end,
                                         plan=data.plan),
                            _UPRIGHT_OVERDUE_WIDTHS, _UPRIGHT_OVERDUE_ALIGN, cant_split=True, valign="top")
            else:
                w.table(UPCOMING_HEADERS, upcoming_rows(data.upcoming, settings), _UPCOMING_WIDTHS,
                        _UPCOMING_ALIGN, cant_split=True, valign="top")

        # 版记 on a portrait last page, an even one (GB/T 9704 §7.5): see IMPRINT_STARTS
        imprint_section = w.new_section()
        if imprint == "blank":
            w.blank_page()
        elif imprint == "even":
            wordml.set_section_start(imprint_section, "evenPage")
        _imprint(w, list(imp_s.cc), imp_s.printer, print_day)
        doc = w.finish()
    finally:
        charts.close()
    polish(doc, title="".join(_title_lines(title)), author=one_line(doc_s.signature), when=created)
    return doc


def attachments(data: ReportData, settings: Settings, values: Mapping[str, object]) -> list[tuple[str, str]]:
    """(key, title) of the attachments the report carries, in order; empty lists are left out."""
    titles = settings.attachments
    out = [("stats", fill(titles.stats, values, "[attachments] stats"))]
    if data.listed:
        out.append(("overdue", fill(titles.overdue, values, "[attachments] overdue")))
    if settings.options.upcoming and data.upcoming:
        out.append(("upcoming", fill(titles.upcoming, values, "[attachments] upcoming")))
    if settings.options.targets and target_figures(data):
        out.append(("targets", fill(titles.targets, values, "[attachments] targets")))
    return out


# -- 版头 and 署名 ----------------------------------------------------------------------------------
def _masthead(w: Writer, text: str, size: float) -> None:
    """The red 标志 (or 刊名), its top 35 mm under the top of the type area."""
    w.spacer(std.mm_to_twips(std.ISSUER_TOP_MM) - round(size * 20 * std.ISSUER_INK))
    p = w.para("issuer", text, size=size, color=std.RED)
    wordml.set_line_spacing(p, exact=round(size * 20 * std.ISSUER_LINE))


def _red_line(p: Any) -> None:
    wordml.set_border(p, "bottom", size=std.RED_LINE_SIZE, color=std.RED, space=std.RED_LINE_SPACE)


def file_head(w: Writer, issuer: str, size: float, doc_number: str) -> None:
    """文件式 版头: 标志, 2 blank lines, 发文字号, the red line 4 mm under it."""
    _masthead(w, issuer, size)
    w.blank(std.ISSUER_GAP_LINES, snap=False)
    _red_line(w.para("docno", doc_number))


def bulletin_head(w: Writer, name: str, size: float, issue: str, editor: str, day_text: str) -> None:
    """期刊式 版头 (the usual 简报/通报 form): the red 刊名, 1 blank line, the 期数 centred,
    then 编印单位 flush left and the date flush right on one line, the red line 4 mm under
    them. No 发文字号."""
    _masthead(w, name, size)
    w.blank(std.BULLETIN_GAP_LINES, snap=False)
    w.para("docno", issue)
    p = w.para("docno", f"{editor}\t{day_text}")
    wordml.set_alignment(p, "left")
    wordml.add_right_tab(p, std.TYPE_WIDTH)
    _red_line(p)


def title_block(w: Writer, title_lines: list[str], addressees: str) -> None:
    """2 blank lines under the red line, the title, 1 blank line, the addressees (when any)."""
    w.blank(std.TITLE_GAP_LINES, snap=False)
    w.para("title", "\n".join(title_lines))
    if addressees:
        w.blank(std.ADDRESSEE_GAP_LINES, snap=False)
        w.para("plain", addressees)


def issuer_size(text: str, wanted: float) -> float:
    """The 标志's size: as set, or (0) as large as fits the type area, at most 42 pt."""
    fit = std.TYPE_WIDTH / 20 / max(em(text), 1) * std.ISSUER_FIT
    size = wanted if wanted > 0 else min(std.ISSUER_MAX_SIZE, fit)
    return max(min(size, fit), std.ISSUER_MIN_SIZE)


def _title_lines(title: str) -> list[str]:
    return [part.strip() for part in title.split("|") if part.strip()]


def _signature(w: Writer, signature: str, day: date) -> None:
    """署名 2 characters in from the right, 成文日期 under it starting 2 characters right of
    the 署名's first character (GB/T 9704 §7.3.5.2); a longer date moves the 署名 left.

    The date is placed by its left edge: the signature is Chinese, so where it starts is
    exact, while the width of digits (and the space Word and LibreOffice add between
    Chinese and digits) depends on the font."""
    two = std.SIGNATURE_INDENT
    date_text = cn_date(day)
    sig_w, date_w = width_twips(signature), width_twips(date_text)
    sig = w.para("plain", signature)
    wordml.set_keep_next(sig)
    date_p = w.para("plain", date_text)
    if date_w + two <= sig_w:
        wordml.set_alignment(sig, "right")
        wordml.set_indent(sig, right=two)
        wordml.set_alignment(date_p, "left")
        wordml.set_indent(date_p, left=std.TYPE_WIDTH - sig_w)
    else:
        wordml.set_alignment(date_p, "right")
        wordml.set_indent(date_p, right=two)
        wordml.set_alignment(sig, "left")
        wordml.set_indent(sig, left=max(std.TYPE_WIDTH - 2 * two - date_w, 0))


def _attachment_note(w: Writer, carried: list[tuple[str, str]]) -> None:
    """附件：1.名称 — one paragraph per attachment, the numbers aligned."""
    two = std.BODY_INDENT
    label = "附件："
    label_w = width_twips(label)
    for i, (_, title) in enumerate(carried, 1):
        number = f"{i}." if len(carried) > 1 else ""
        p = w.para("plain", (label if i == 1 else "") + number + title)
        wordml.set_keep_next(p)
        number_w = width_twips(number)
        wordml.set_indent(p, left=two + label_w + number_w,
                          hanging=(label_w + number_w) if i == 1 else number_w)


# -- 版记 ----------------------------------------------------------------------------------------------
def _imprint(w: Writer, cc: list[str], printer: str, day: date) -> None:
    """版记 at the bottom of the last page: 抄送, then 印发机关 and 印发日期, between lines
    (first and last 0.35 mm, middle 0.25 mm) as wide as the type area; the last line on the
    type area's bottom edge. Each line is the border of an empty 1 pt paragraph without
    indents, so the texts can be indented one character without shortening the lines."""
    one = std.IMPRINT_CHAR
    width = std.TYPE_WIDTH
    names = [one_line(c) for c in cc if one_line(c)]
    cc_text = "抄送：" + "，".join(names) + "。" if names else ""
    cc_lines = 0
    if cc_text:  # estimated conservatively: a wrong guess leaves a gap, never a new page
        first = (width - 2 * one) / one - 1
        rest = (width - 5 * one) / one - 1
        cc_lines = 1 + max(0, math.ceil((em(cc_text) - first) / rest))
    outer, inner = std.IMPRINT_RULE_OUTER, std.IMPRINT_RULE_INNER
    rules = [outer, inner, outer] if cc_text else [outer, outer]
    rule_height = sum(std.IMPRINT_RULE + size * 20 // 8 for size in rules)
    safety = 20
    w.spacer(std.LINES_PER_PAGE * std.LINE_PITCH - (cc_lines + 1) * std.LINE_PITCH - rule_height - safety)

    def rule(size: int) -> None:
        p = w.para("imprint")
        wordml.set_line_spacing(p, exact=std.IMPRINT_RULE)
        wordml.set_border(p, "bottom", size=size)
        wordml.set_keep_next(p)

    rule(rules[0])
    if cc_text:
        p = w.para("imprint", cc_text)
        wordml.set_line_spacing(p, exact=std.LINE_PITCH)
        wordml.set_indent(p, left=(1 + std.IMPRINT_CC_HANGING) * one, right=one,
                          hanging=std.IMPRINT_CC_HANGING * one)
        wordml.set_keep_next(p)
        rule(rules[1])
    p = w.para("imprint", f"{one_line(printer)}\t{cn_date(day)}印发")
    wordml.set_line_spacing(p, exact=std.LINE_PITCH)
    wordml.set_indent(p, left=one, right=one)
    wordml.add_right_tab(p, width - one)
    wordml.set_keep_next(p)
    rule(rules[-1])


# -- attachments ---------------------------------------------------------------------------------------
# the turned type area is 225 mm = 12756 twips wide
WIDE_ATTACHMENTS = ("targets", "ranking", "upcoming")
"""The optional tables too wide for an upright page: carrying one turns the attachments' pages."""
_LANDSCAPE_WIDTH = 12756  # twips across the turned type area (225 mm)
_PORTRAIT_WIDTH = 8844  # across the upright one (156 mm)
UPRIGHT_OVERDUE_HEADERS = ["序号", "节点", "完成时限（逾期时长）", "牵头单位", "状态", "情况说明"]
_UPRIGHT_OVERDUE_WIDTHS = [450, 2350, 1150, 1500, 900, 2494]  # 8844: the upright type area
_UPRIGHT_OVERDUE_ALIGN = ["center", "left", "center", "center", "center", "left"]
UPRIGHT_PROGRESS_CHARS = 40
OVERDUE_HEADERS = ["序号", "任务", "节点", "完成时限", "逾期时长", "牵头单位", "状态", "灯", "进展情况"]
_OVERDUE_WIDTHS = [500, 1700, 2700, 1000, 1000, 1500, 1000, 600, 2756]
_OVERDUE_ALIGN = ["center", "left", "left", "center", "center", "center", "center", "center", "left"]
UPCOMING_HEADERS = ["序号", "任务", "节点", "完成时限", "牵头单位", "当前状态", "灯", "进展情况"]
_UPCOMING_WIDTHS = [500, 1900, 3000, 1100, 1700, 1000, 600, 2956]
_UPCOMING_ALIGN = ["center", "left", "left", "center", "center", "center", "center", "left"]
_COUNT_HEADERS = ["到期节点", "已完成", "正常推进", "进度滞后", "未启动", "未报送", "逾期未完成", "完成率",
                  "按时完成率"]


def _deadline_cell(r: MilestoneRow) -> str:
    """The plan's deadline, and the extension judged by when one was granted."""
    text = clip(r.milestone.deadline_text or "无", 20)
    if r.deadline is not None and r.deadline != r.milestone.deadline:
        text += f"（延至{r.deadline.year}年{r.deadline.month}月）"
    return text


def _progress_cell(r: MilestoneRow, settings: Settings, limit: int = 0, by: date | None = None,
                   charged: "Sequence[LeadState] | None" = None) -> str:
    """The agencies' own words; of a milestone with several leads, those of the ``charged`` ones
    only (the laggards the row names), never a co-lead's that finished."""
    words = r.progress
    silent = not r.status
    if charged is not None and len(r.leads) > 1:
        words = "".join(f"【{lead.agency}】{lead.progress}" for lead in charged if lead.progress.strip())
        silent = all(not lead.status for lead in charged)
    progress = without_stale_promises(words, by) if by is not None and r.overdue else words
    said = own_words(progress, r.milestone.text, limit or settings.body.table_progress_chars)
    if limit and "……" in said:
        said = ""  # the upright list quotes complete sentences or none
    said = said or ("（未报送）" if silent else "（未写进展，仅重复了节点内容）" if words.strip() else "")
    several = len(r.leads) > 1
    ruled = "".join(f"审核退回{'（' + lead.agency + '）' if several else ''}：{lead.opinion.rstrip('。')}。"
                    for lead in r.leads if lead.verdict == SENT_BACK and lead.opinion)
    return ruled + said  # the office's own verdict first: why a reported 已完成 is listed here


def _unit(agency: str, settings: Settings) -> str:
    """A unit as the attachments name it: the issuer's own marked 本单位."""
    return agency + ("（本单位）" if is_own(settings, agency) else "")


def overdue_rows(rows: list[MilestoneRow], settings: Settings, *, upright: bool = False,
                 by: date | None = None, plan: Plan | None = None) -> Iterable[list[object]]:
    """附件2: every milestone the body names (overdue, lagging, not started, unreported:
    :attr:`planbook.count.standing.MilestoneState.flagged`). The units are the ones charged with it,
    each with its own state when there are several; an overdue one is called 逾期未完成
    whatever it reported, beside how long it is overdue, its promises of a month past ``by``
(the quarter's end) left out. ``upright``: the default portrait
    list, without the light (its state says it) and with shorter texts cut at clause ends."""
    body = settings.body
    for i, r in enumerate(rows, 1):
        leads = list(charged(r.leads, r.overdue))  # the same units the body names
        units = ("、".join(f"{_unit(lead.agency, settings)}（{lead.label}）" for lead in leads) if len(r.leads) > 1
                 else "、".join(_unit(lead.agency, settings) for lead in leads) or "、".join(r.task.responsible))
        late = (f"{r.months_overdue}个月" if r.months_overdue else "不足1个月") if r.overdue else ""
        state = "逾期未完成" if r.overdue else r.status_label
        if upright:
            when = _deadline_cell(r) + (f"（逾期{late}）" if late else "")
            cited = plan.citation(r.task) if plan is not None else f"任务{r.task.id}"
            yield [i, f"{r.milestone.id} {clause_cut(one_line(r.milestone.text), 30)}（{cited}）", when, units,
                   state, _progress_cell(r, settings, UPRIGHT_PROGRESS_CHARS, by, leads)]
            continue
        yield [i, clip(f"{r.task.id}. {r.task.title}", 40), clip(r.milestone.text, body.table_milestone_chars),
               _deadline_cell(r), late, units, state, r.light_label, _progress_cell(r, settings, by=by, charged=leads)]


def upcoming_rows(rows: list[MilestoneRow], settings: Settings) -> Iterable[list[object]]:
    body = settings.body
    for i, r in enumerate(rows, 1):
        yield [i, clip(f"{r.task.id}. {r.task.title}", 40), clip(r.milestone.text, body.table_milestone_chars),
               _deadline_cell(r), "、".join(r.task.responsible), r.status_label, r.light_label,
               _progress_cell(r, settings)]


_STATE_HEADERS = ["已完成", "正常推进", "进度滞后", "未启动", "未报送"]


def _state_cells(s: Stats) -> list[object]:
    """Every milestone by state, due or not (a table without deadlines)."""
    return [s.states[name] for name in CATEGORIES]


def _count_cells(s: Stats) -> list[object]:
    return [s.due, s.done, s.on_track, s.behind, s.not_started, s.unreported, s.overdue, s.rate_text,
            s.on_time_rate_text]


def fit(widths: list[int], total: int) -> list[int]:
    """Column widths scaled to fill ``total`` twips (the type area across)."""
    scale = total / sum(widths)
    return [round(x * scale) for x in widths]


def _stats_attachment(w: Writer, charts: Charts, data: ReportData, settings: Settings,
                      values: Mapping[str, object], width: int = 0) -> None:
    width = width or _LANDSCAPE_WIDTH
    dated = data.total.due > 0  # nothing due (a plan without deadlines): every milestone by state
    cells, headers = (_count_cells, _COUNT_HEADERS) if dated else (_state_cells, _STATE_HEADERS)
    w.para("label", "一、分领域统计")
    section_rows = [[s.label, st.tasks, st.milestones, *cells(st)] for s, st, _ in data.sections]
    section_rows.append(["合计", data.total.tasks, data.total.milestones, *cells(data.total)])
    upright = width < _LANDSCAPE_WIDTH
    counts = ([500] * 7 + [1050] * 2) if dated else [600] * 5
    w.table(["领域", "任务", "节点", *headers], section_rows,
            fit(([1300, 500, 500] + counts) if upright else ([2056] + [900] * 9 + [1300] * 2)[:3 + len(headers)],
                width), ["center"] * (3 + len(headers)))
    w.para("label", "二、分牵头单位统计")
    agency_rows = [[i, a.name + ("（本单位）" if is_own(settings, a.name) else ""), a.tasks, a.stats.milestones,
                    *cells(a.stats)] for i, a in enumerate(data.agencies, 1)]
    counts = ([500] * 7 + [1050] * 2) if dated else [600] * 5
    w.table(["序号", "牵头单位", "任务", "节点", *headers], agency_rows,
            fit(([400, 1900, 450, 450] + counts) if upright
                else ([500, 2856, 700, 700] + [800] * 7 + [1200] * 2)[:4 + len(headers)], width),
            ["center", "left"] + ["center"] * (2 + len(headers)))
    _chart_block(w, charts, "agencies", fill(settings.attachments.chart_agencies, values,
                                             "[attachments] chart_agencies"))


def _chart_block(w: Writer, charts: Charts, key: str, caption: str) -> None:
    """The chart's place and caption now; the picture goes in when the chart is drawn."""
    if key not in charts.specs:
        return
    w.picture_later(key, chart_width_mm(key))
    w.para("caption", caption)
