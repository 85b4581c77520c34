"""The 督查通报 assembled, in the order a reader meets it: the 版头 (标志, 发文字号, red
line), title and addressees; the body; the 附件说明, 署名 and 成文日期; the attachments
(statistics, overdue and upcoming milestones) on landscape pages; the 版记 on the last page.
"""

from __future__ import annotations

import math
import warnings
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..folder import QuarterFolder
from ..model import Plan
from ..quarter import Quarter
from ..record import QuarterRecord
from . import gbt9704 as std
from . import wordml
from .body import body_blocks
from .charts import Charts, chart_specs, chart_width_mm
from .figures import MilestoneRow, ReportData, Stats, report_data
from .settings import Settings, fill, load_settings, parse_day, placeholder_values
from .targets import TABLE_ALIGN, TABLE_HEADERS, TABLE_WIDTHS, target_figures, target_table_rows
from .text import clip, cn_date, em, one_line, width_twips
from .writer import Writer

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document


def report_path(folder: str | Path, quarter: str | Quarter) -> Path:
    """``<folder>/2023Q2_督查通报.docx`` (the name :class:`~planbook.folder.QuarterFolder` spells)."""
    return QuarterFolder(Path(folder), Quarter.parse(quarter)).report


def write_report(plan: Plan, record: QuarterRecord, out_path: str | Path, *,
                 previous: QuarterRecord | None = None,
                 config: str | Path | Mapping[str, Any] | Settings | None = None) -> Path:
    """Write the quarter's 督查通报 (.docx) atomically and return its path.

    ``out_path`` may be a folder: the file is then :func:`report_path` inside it.
    ``previous`` is the previous quarter's record (for late completions and the change
    since last quarter); it is ignored, with a warning, when it belongs to another
    quarter or plan. ``config`` is a TOML file (or a mapping) overriding ``templates/report.toml``."""
    from ..files import atomic_path
    from ..problems import PlanbookError, Problem

    settings = load_settings(config)
    if record.plan_fingerprint and record.plan_fingerprint != plan.fingerprint:
        raise PlanbookError([Problem(
            "plan_mismatch", f"季度记录（{record.quarter}）不是按这个方案生成的：记录的方案标识为 "
            f"{record.plan_fingerprint}，方案为 {plan.fingerprint}。请用生成该记录时的方案。",
            value=record.plan_fingerprint, allowed=plan.fingerprint)], "方案与季度记录不一致")
    if previous is not None:
        expected = Quarter.parse(record.quarter).previous
        if Quarter.parse(previous.quarter) != expected:
            warnings.warn(f"上季度记录是 {previous.quarter}，应为 {expected}，未用于比较", stacklevel=2)
            previous = None
        elif previous.plan_fingerprint and previous.plan_fingerprint != plan.fingerprint:
            warnings.warn(f"上季度记录 {previous.quarter} 对应另一个方案，未用于比较", stacklevel=2)
            previous = None
    out = Path(out_path)
    if out.is_dir() or not out.suffix:
        out = report_path(out, record.quarter)
    document = build_document(plan, record, previous=previous, settings=settings)
    with atomic_path(out) as tmp:
        document.save(str(tmp))
    return out


def build_document(plan: Plan, record: QuarterRecord, *, previous: QuarterRecord | None = None,
                   settings: Settings | None = None, today: date | None = None) -> "Document":
    """The report as a python-docx Document (not saved)."""
    settings = settings or load_settings()
    data = report_data(plan, record, previous)
    doc_s, imp_s = settings.document, settings.imprint
    day = parse_day(doc_s.date, "[document] date") or today or date.today()
    print_day = parse_day(imp_s.date, "[imprint] date") or day
    values = placeholder_values(settings, data.quarter, day)
    carried = attachments(data, settings, values)
    blocks = body_blocks(data, settings, values, carried)

    charts = Charts(chart_specs(data, settings))  # drawing starts now, in another process
    try:
        w = Writer(charts)
        issuer = one_line(doc_s.issuer + doc_s.issuer_suffix)
        _header_block(w, issuer, fill(doc_s.doc_number, values, "[document] doc_number"),
                      _title_lines(fill(doc_s.title, values, "[document] title")),
                      one_line(doc_s.addressees), issuer_size(issuer, float(doc_s.issuer_size)))
        for block in blocks:
            if block.kind == "chart":
                _chart_block(w, charts, block.text, fill(settings.attachments.chart_sections, values,
                                                         "[attachments] chart_sections"))
            else:
                w.para(block.kind, block.text)
        # the end of the body, 附件说明, 署名 and 成文日期 stay on one page
        wordml.set_keep_next(w.doc.paragraphs[-1])
        w.blank()
        wordml.set_keep_next(w.doc.paragraphs[-1])
        _attachment_note(w, carried)
        w.blank()
        wordml.set_keep_next(w.doc.paragraphs[-1])
        _signature(w, one_line(doc_s.signature), day)

        # attachments: one landscape section, each attachment on a new page
        w.new_section(landscape=True)
        for i, (key, title) in enumerate(carried, 1):
            p = w.para("label", f"附件{i}" if len(carried) > 1 else "附件")
            if i > 1:
                wordml.set_page_break_before(p)
            w.blank()
            w.para("title", title)
            w.blank()
            if key == "stats":
                _stats_attachment(w, charts, data, settings, values)
            elif key == "targets":
                w.table(TABLE_HEADERS, target_table_rows(data), TABLE_WIDTHS, TABLE_ALIGN, cant_split=False)
            else:
                rows = data.overdue if key == "overdue" else data.upcoming
                headers = list(_LIST_HEADERS)
                if key == "upcoming":
                    headers[5] = "当前状态"
                # long rows may split across pages (the header row repeats), so no page is half empty
                w.table(headers, _progress_table_rows(rows, settings), _LIST_WIDTHS, _LIST_ALIGN,
                        cant_split=False, valign="top")

        # 版记 on a portrait last page
        w.new_section()
        _imprint(w, list(imp_s.cc), imp_s.printer, print_day)
        return w.finish()
    finally:
        charts.close()


def attachments(data: ReportData, settings: Settings, values: Mapping[str, object]) -> list[tuple[str, str]]:
    """(key, title) of the attachments the report carries, in order; empty lists are left out."""
    titles = settings.attachments
    out = [("stats", fill(titles.stats, values, "[attachments] stats"))]
    if data.overdue:
        out.append(("overdue", fill(titles.overdue, values, "[attachments] overdue")))
    if data.upcoming:
        out.append(("upcoming", fill(titles.upcoming, values, "[attachments] upcoming")))
    if target_figures(data):
        out.append(("targets", fill(titles.targets, values, "[attachments] targets")))
    return out


# -- 版头 and 署名 ----------------------------------------------------------------------------------
def _header_block(w: Writer, issuer: str, doc_number: str, title_lines: list[str], addressees: str,
                  size: float) -> None:
    """版头 and title: 标志 35 mm under the top of the type area, 2 blank lines, 发文字号, the
    red line 4 mm under it, 2 blank lines, the title, 1 blank line, the addressees."""
    issuer_line = round(size * 20 * std.ISSUER_LINE)
    w.spacer(std.mm_to_twips(std.ISSUER_TOP_MM) - round(size * 20 * std.ISSUER_INK))
    p = w.para("issuer", issuer, size=size, color=std.RED)
    wordml.set_line_spacing(p, exact=issuer_line)
    w.blank(std.ISSUER_GAP_LINES, snap=False)
    p = w.para("docno", doc_number)
    wordml.set_border(p, "bottom", size=std.RED_LINE_SIZE, color=std.RED, space=std.RED_LINE_SPACE)
    w.blank(std.TITLE_GAP_LINES, snap=False)
    w.para("title", "\n".join(title_lines))
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
_LIST_HEADERS = ["序号", "任务", "节点", "完成时限", "牵头单位", "状态", "进展情况"]
_LIST_WIDTHS = [500, 1900, 3000, 1100, 1700, 1100, 3456]  # the turned type area: 225 mm
_LIST_ALIGN = ["center", "left", "left", "center", "center", "center", "left"]
_COUNT_HEADERS = ["到期节点", "已完成", "正常推进", "进度滞后", "未启动", "未报送", "逾期未完成", "完成率"]


def _progress_table_rows(rows: list[MilestoneRow], settings: Settings) -> Iterable[list[object]]:
    body = settings.body
    for i, r in enumerate(rows, 1):
        yield [i, clip(f"{r.task.id}. {r.task.title}", 40),
               clip(r.milestone.text, body.table_milestone_chars),
               clip(r.milestone.deadline_text or "无", 20), "、".join(r.task.responsible), r.status_label,
               clip(r.progress, body.table_progress_chars)]


def _count_cells(s: Stats) -> list[object]:
    return [s.due, s.done, s.on_track, s.behind, s.not_started, s.unreported, s.overdue, s.rate_text]


def _stats_attachment(w: Writer, charts: Charts, data: ReportData, settings: Settings,
                      values: Mapping[str, object]) -> None:
    w.para("label", "一、分领域统计")
    section_rows = [[s.label, st.tasks, st.milestones, *_count_cells(st)] for s, st, _ in data.sections]
    section_rows.append(["合计", data.total.tasks, data.total.milestones, *_count_cells(data.total)])
    w.table(["领域", "任务", "节点", *_COUNT_HEADERS], section_rows,
            [2356] + [1040] * 10, ["center"] * 11)
    w.para("label", "二、分牵头单位统计")
    agency_rows = [[i, a.name, a.tasks, a.stats.milestones, *_count_cells(a.stats)]
                   for i, a in enumerate(data.agencies, 1)]
    w.table(["序号", "牵头单位", "任务", "节点", *_COUNT_HEADERS], agency_rows,
            [600, 3356, 800, 800] + [900] * 8, ["center", "left"] + ["center"] * 10)
    _chart_block(w, charts, "agencies", fill(settings.attachments.chart_agencies, values,
                                             "[attachments] chart_agencies"))


def _chart_block(w: Writer, charts: Charts, key: str, caption: str) -> None:
    """The chart's place and caption now; the picture goes in when the chart is drawn."""
    if key not in charts.specs:
        return
    w.picture_later(key, chart_width_mm(key))
    w.para("caption", caption)
