"""The quarterly supervision report (督查通报) as a Word document in the official format
(GB/T 9704-2012).

Reads the consolidated :class:`~planbook.record.QuarterRecord` of a quarter (and the
previous quarter's, when there is one) and writes one .docx::

    >>> from planbook.report import write_report, report_path
    >>> write_report(plan, record, report_path("output/2023Q2", "2023Q2"))

Wording an office would change lives in ``templates/report.toml`` (settings) and
``templates/report_body.j2`` (the body text); layout numbers live in
:mod:`planbook.docx_format`.

How the figures are counted
---------------------------
* A milestone is *due* when its deadline is on or before the quarter's end, *overdue*
  when due and not 已完成 (an ongoing 持续推进 milestone reported 正常推进 is not
  overdue): :mod:`planbook.quarter` decides, from the status in the record.
* *Completed late* (逾期完成): 已完成, the deadline fell before this quarter began, and the
  previous quarter's record is given and did not have it 已完成. Without a previous
  record this cannot be known and the milestone counts as completed on time.
* *Completed this quarter* (本季度完成): 已完成 and not 已完成 in the previous record;
  without a previous record, 已完成 with the deadline inside this quarter.
* Figures by agency use each lead agency's own answer (its :class:`Entry`); an agency
  with no entry uses the consolidated status, or "not reported" when it is listed in
  ``missing_agencies``.
* Completion rate: completed / due.
"""

from __future__ import annotations

import io
import math
import os
import re
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from . import docx_format as fmt
from .layout import BEHIND, DONE, NOT_STARTED, ON_TRACK, STATUSES
from .model import Milestone, Plan, Section, Task, cn_number
from .quarter import Quarter, is_due, is_overdue, is_upcoming
from .record import Entry, QuarterRecord

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

try:  # Python >= 3.11
    import tomllib as _toml
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 with the tomli backport
    import tomli as _toml  # type: ignore[no-redef]

REPORT_SUFFIX = "督查通报"
SETTINGS_FILE = "report.toml"
UNREPORTED = "未报送"
STATUS_CATEGORIES = (DONE, ON_TRACK, BEHIND, NOT_STARTED, UNREPORTED)


# -- settings ------------------------------------------------------------------------------
def _templates_dir() -> Path:
    from .templates import template_path

    return template_path(SETTINGS_FILE).parent


def _merge(base: dict[str, Any], override: Mapping[str, Any], where: str, path: str = "") -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        name = f"{path}.{key}" if path else key
        if key not in base:
            allowed = "、".join(base) or "（无）"
            raise ValueError(f"{where}：未知的设置项 {name}；此处允许的设置项：{allowed}")
        if isinstance(base[key], dict):
            if not isinstance(value, Mapping):
                raise ValueError(f"{where}：设置项 {name} 应为一个表（[{name}]）")
            out[key] = _merge(base[key], value, where, name)
        else:
            expected = type(base[key])
            ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
            if not ok or (expected is int and isinstance(value, bool)):
                raise ValueError(f"{where}：设置项 {name} 应为{_TYPE_NAMES.get(expected, expected.__name__)}，"
                                 f"实际是 {value!r}")
            out[key] = value
    return out


_TYPE_NAMES = {str: "文字", int: "整数", float: "数字", list: "列表", bool: "true 或 false"}


def load_settings(config: str | Path | Mapping[str, Any] | None = None) -> dict:
    """``templates/report.toml`` merged with the override: a TOML file (only the keys it
    changes) or, for scripts and tests, a mapping of the same shape. Unknown keys and
    wrong types raise ``ValueError`` naming the file and the key."""
    default_path = _templates_dir() / SETTINGS_FILE
    with open(default_path, "rb") as fh:
        settings = _toml.load(fh)
    settings["_base_dir"] = str(default_path.parent)
    settings["_override_dir"] = ""
    if config is None:
        return settings
    if isinstance(config, Mapping):
        override, where = config, "报告设置"
    else:
        path = Path(config)
        where = str(path)
        try:
            with open(path, "rb") as fh:
                override = _toml.load(fh)
        except FileNotFoundError:
            raise ValueError(f"报告设置文件 {path} 不存在") from None
        except _toml.TOMLDecodeError as exc:
            raise ValueError(f"报告设置文件 {path} 格式有误：{exc}") from None
        settings["_override_dir"] = str(path.resolve().parent)
    meta = {k: settings.pop(k) for k in ("_base_dir", "_override_dir")}
    merged = _merge(settings, override, where)
    merged.update(meta)
    return merged


class _Placeholders(dict):
    def __init__(self, values: Mapping[str, object], where: str):
        super().__init__(values)
        self.where = where

    def __missing__(self, key: str) -> str:
        raise ValueError(f"{self.where}：未知的占位符 {{{key}}}；可用：" + "、".join("{%s}" % k for k in self))


def _fill(text: str, values: Mapping[str, object], where: str) -> str:
    try:
        return text.format_map(_Placeholders(values, where))
    except (IndexError, ValueError) as exc:
        if "占位符" in str(exc):
            raise
        raise ValueError(f"{where}：花括号用法有误（{exc}）：{text}") from None


def _parse_day(text: str, where: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?", text)
    if not m:
        raise ValueError(f"{where}：日期“{text}”格式不对，应写作 2023-07-10")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f"{where}：日期“{text}”不存在") from None


def cn_date(day: date) -> str:
    """2023年7月10日 (Arabic digits, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"




def report_path(folder: str | Path, quarter: str | Quarter) -> Path:
    """``<folder>/2023Q2_督查通报.docx``."""
    return Path(folder) / f"{Quarter.parse(quarter)}_{REPORT_SUFFIX}.docx"


# -- figures -------------------------------------------------------------------------------------
@dataclass
class Stats:
    """Counts for a set of milestones in one quarter."""

    tasks: int = 0
    milestones: int = 0
    due: int = 0
    done: int = 0
    done_late: int = 0
    on_track: int = 0
    behind: int = 0
    not_started: int = 0
    unreported: int = 0
    overdue: int = 0
    early: int = 0  # 已完成 before its deadline quarter

    def add(self, m: Milestone, status: str, quarter: Quarter, *, late: bool = False) -> None:
        self.milestones += 1
        if not is_due(m, quarter):
            self.early += status == DONE
            return
        self.due += 1
        if status == DONE:
            self.done += 1
            self.done_late += late
        elif status == ON_TRACK:
            self.on_track += 1
        elif status == BEHIND:
            self.behind += 1
        elif status == NOT_STARTED:
            self.not_started += 1
        else:
            self.unreported += 1
        self.overdue += is_overdue(m, status, quarter)

    @property
    def rate(self) -> float | None:
        return self.done / self.due if self.due else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"

    def by_category(self) -> dict[str, int]:
        return {DONE: self.done, ON_TRACK: self.on_track, BEHIND: self.behind,
                NOT_STARTED: self.not_started, UNREPORTED: self.unreported}


@dataclass
class MilestoneRow:
    """One milestone as the report sees it."""

    milestone: Milestone
    task: Task
    section: Section
    status: str  # one of STATUSES or "" (not reported)
    progress: str
    due: bool
    overdue: bool
    upcoming: bool
    done_late: bool = False
    done_this_quarter: bool = False

    @property
    def status_label(self) -> str:
        return self.status or UNREPORTED


@dataclass
class AgencyRow:
    name: str
    tasks: int
    stats: Stats


@dataclass
class ReportData:
    """Everything the report says, computed once from the plan and the records."""

    plan: Plan
    quarter: Quarter
    record: QuarterRecord
    previous: QuarterRecord | None
    rows: list[MilestoneRow]
    total: Stats
    prev_total: Stats | None
    sections: list[tuple[Section, Stats, list[MilestoneRow]]]
    agencies: list[AgencyRow]
    overdue_by_agency: list[tuple[str, int]]
    upcoming_by_agency: list[tuple[str, int]]
    problems_by_agency: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def overdue(self) -> list[MilestoneRow]:
        return [r for r in self.rows if r.overdue]

    @property
    def upcoming(self) -> list[MilestoneRow]:
        """Due next quarter and not yet 已完成."""
        return [r for r in self.rows if r.upcoming and r.status != DONE]


def _status(value: str) -> str:
    return value if value in STATUSES else ""


def _index(record: QuarterRecord) -> dict[str, tuple[str, str]]:
    """milestone id -> (status, progress), built once (a lookup per milestone must not
    rescan the record)."""
    return {ms.milestone_id: (_status(ms.status), ms.progress) for ms in record.milestones}


def report_data(plan: Plan, record: QuarterRecord, previous: QuarterRecord | None = None) -> ReportData:
    """The figures of the report; see the module docstring for how each is counted."""
    quarter = Quarter.parse(record.quarter)
    rows: list[MilestoneRow] = []
    total = Stats(tasks=len(plan.tasks))
    prev_total = None
    if previous is not None:
        prev_total = Stats(tasks=len(plan.tasks))
        prev_quarter = Quarter.parse(previous.quarter)
    current = _index(record)
    before = _index(previous) if previous is not None else {}
    sections = []
    for section in plan.sections:
        stats = Stats(tasks=len(section.tasks))
        section_rows = []
        for task in section.tasks:
            for m in task.milestones:
                status, progress = current.get(m.id, ("", ""))
                late = this_quarter = False
                if previous is not None:
                    prev_status = before.get(m.id, ("", ""))[0]
                    prev_total.add(m, prev_status, prev_quarter)
                    if status == DONE and prev_status != DONE:
                        this_quarter = True
                        late = m.deadline < quarter.start
                elif status == DONE:
                    this_quarter = quarter.start <= m.deadline <= quarter.end
                row = MilestoneRow(m, task, section, status, progress, is_due(m, quarter),
                                   is_overdue(m, status, quarter), is_upcoming(m, quarter),
                                   late, this_quarter)
                rows.append(row)
                section_rows.append(row)
                stats.add(m, status, quarter, late=late)
                total.add(m, status, quarter, late=late)
        sections.append((section, stats, section_rows))

    own: dict[tuple[str, str], Entry] = {(e.agency, e.milestone_id): e for e in record.entries}
    missing = set(record.missing_agencies)
    agencies = []
    overdue_count: dict[str, int] = {}
    for a in plan.agencies:
        stats = Stats(tasks=len(a.task_ids))
        for task_id in a.task_ids:
            for m in plan.task(task_id).milestones:
                entry = own.get((a.name, m.id))
                if entry is not None:
                    status = _status(entry.status)
                elif a.name in missing:
                    status = ""
                else:
                    status = current.get(m.id, ("", ""))[0]
                stats.add(m, status, quarter)
        agencies.append(AgencyRow(a.name, len(a.task_ids), stats))
        if stats.overdue:
            overdue_count[a.name] = stats.overdue

    upcoming_count: dict[str, int] = {}
    for r in rows:
        if r.upcoming and r.status != DONE:
            for a in r.task.leads:
                upcoming_count[a] = upcoming_count.get(a, 0) + 1

    order = {name: i for i, name in enumerate(plan.agency_names)}

    def ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order))))

    grouped: dict[str, list[str]] = {}
    for p in record.problems:
        grouped.setdefault(fmt.one_line(p.agency) or "其他", []).append(fmt.one_line(p.message))
    problems = sorted(grouped.items(), key=lambda kv: order.get(kv[0], len(order)))

    return ReportData(plan, quarter, record, previous, rows, total, prev_total, sections,
                      agencies, ranked(overdue_count), ranked(upcoming_count), problems)


# -- text ------------------------------------------------------------------------------------------
_MARKERS = re.compile(r"^(#{1,4})\s+(.*)$")
_CHART = re.compile(r"^@@chart\s+(\w+)\s*$")


def _safe(text: object, limit: int = 0) -> str:
    """Agency text for the template: one line, cleaned, clipped, and unable to look like
    a heading or chart marker at the start of a line."""
    s = fmt.clip(text, limit) if limit else fmt.one_line(text)
    return s.replace("#", "＃").replace("@@", "＠＠")


def _sentence(text: str) -> str:
    text = text.rstrip("。；;，, ")
    return text + "。" if text and not text.endswith(("……", "！", "？", "”")) else text


def _with_counts(items: Iterable[tuple[str, int]], unit: str = "个") -> str:
    return "、".join(f"{_safe(name)}（{n}{unit}）" for name, n in items)


@dataclass(frozen=True)
class Block:
    """One paragraph of the body: ``kind`` is body, h1..h4 or chart."""

    kind: str
    text: str


def _attachments(data: ReportData, settings: dict, values: dict) -> list[tuple[str, str]]:
    """(key, title) of the attachments the report carries, in order; empty lists are left out."""
    titles = settings["attachments"]
    out = [("stats", _fill(titles["stats"], values, "[attachments] stats"))]
    if data.overdue:
        out.append(("overdue", _fill(titles["overdue"], values, "[attachments] overdue")))
    if data.upcoming:
        out.append(("upcoming", _fill(titles["upcoming"], values, "[attachments] upcoming")))
    return out


def _template_env(settings: dict) -> Any:
    import jinja2

    dirs = []
    extra = settings["body"]["template_dir"]
    if extra:
        base = Path(settings.get("_override_dir") or settings["_base_dir"])
        dirs.append(str((base / extra).resolve()))
    dirs.append(settings["_base_dir"])
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(dirs), autoescape=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=False,
                             lstrip_blocks=True, keep_trailing_newline=False)
    env.filters["with_counts"] = _with_counts
    return env


def body_blocks(data: ReportData, settings: dict, values: dict, attachments: list[tuple[str, str]]) -> list[Block]:
    """Render the body template into paragraphs, numbering the headings."""
    import jinja2

    body = settings["body"]
    quote_chars = body["quote_chars"]
    sections = []
    for section, stats, rows in data.sections:
        done_now = [r for r in rows if r.done_this_quarter]
        completed = [
            {
                "task_id": r.task.id,
                "task_title": _safe(r.task.title, 40),
                "milestone": _safe(r.milestone.text, 40).rstrip("。；;，,"),
                "agencies": _safe("、".join(r.task.leads)),
                "progress": _sentence(_safe(r.progress, quote_chars)),
            }
            for r in done_now[: body["max_quotes_per_section"]]
        ]
        sections.append({"title": section.title, "short_title": section.short_title,
                         "label": section.short_title, "numeral": section.numeral,
                         "stats": stats, "completed": completed,
                         "completed_count": len(done_now)})
    change_text, done_change = "", 0
    if data.prev_total is not None:
        now, before = data.total.rate or 0.0, data.prev_total.rate or 0.0
        diff = round((now - before) * 100, 1)
        change_text = (f"提高{diff:.1f}个百分点" if diff > 0 else
                       f"下降{-diff:.1f}个百分点" if diff < 0 else "持平")
        done_change = data.total.done - data.prev_total.done
    per_agency = body["max_problems_per_agency"]
    context = dict(
        values,
        plan_title=_safe(data.plan.title),
        headings=settings["headings"],
        total=data.total,
        prev_total=data.prev_total,
        rate_change_text=change_text,
        done_change=done_change,
        sections=sections,
        overdue_count=len(data.overdue),
        overdue_by_agency=data.overdue_by_agency,
        missing_agencies=[_safe(a) for a in data.record.missing_agencies],
        problems_by_agency=[{"agency": _safe(a), "count": len(msgs),
                             "examples": [_safe(m, 40).rstrip("。") for m in msgs[:per_agency]]}
                            for a, msgs in data.problems_by_agency],
        upcoming_count=len(data.upcoming),
        upcoming_by_agency=data.upcoming_by_agency,
        attachment={key: i for i, (key, _) in enumerate(attachments, 1)}
        | {k: "" for k in ("stats", "overdue", "upcoming") if k not in dict(attachments)},
    )
    name = body["template"]
    try:
        text = _template_env(settings).get_template(name).render(**context)
    except jinja2.TemplateNotFound:
        raise ValueError(f"找不到正文模板 {name}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ValueError(f"正文模板 {exc.filename or name} 第 {exc.lineno} 行有误：{exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise ValueError(f"正文模板 {name} 用了不存在的数据：{exc.message}") from None

    blocks: list[Block] = []
    counters = [0, 0, 0, 0]
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        chart = _CHART.match(line)
        if chart:
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
    return blocks


# -- the document ------------------------------------------------------------------------------------
TABLE_SIZE = 10.5  # 五号 in attachment tables
TABLE_LINE = 300  # exact 15 pt lines in table cells
LANDSCAPE_WIDTH_MM = 225.0  # the type area turned: attachments are landscape
IMPRINT_CHAR = 280  # one 四号 character
IMPRINT_RULE = 20  # the empty paragraph that carries a 版记 line: exact 1 pt
ISSUER_TOP_MM = 35.0  # the 发文机关标志's top edge under the top of the type area
RED_LINE_SIZE = 12  # eighths of a point: 1.5 pt
RED_LINE_SPACE = 6  # points between the 发文字号 paragraph and the red line: 4 mm under the glyphs
ISSUER_INK = 0.21  # em from the top of the 标志's exact line to its glyphs' top (measured, LibreOffice)

_STYLES: dict[str, tuple[str, str, float]] = {  # role -> (style name, font, size)
    "body": ("GW Body", fmt.FONT_FANGSONG, fmt.SIZE_3),
    "h1": ("GW Heading 1", fmt.FONT_HEITI, fmt.SIZE_3),
    "h2": ("GW Heading 2", fmt.FONT_KAITI, fmt.SIZE_3),
    "h3": ("GW Heading 3", fmt.FONT_FANGSONG, fmt.SIZE_3),
    "h4": ("GW Heading 4", fmt.FONT_FANGSONG, fmt.SIZE_3),
    "plain": ("GW Plain", fmt.FONT_FANGSONG, fmt.SIZE_3),
    "title": ("GW Title", fmt.FONT_TITLE, fmt.SIZE_2),
    "issuer": ("GW Issuer", fmt.FONT_TITLE, 36.0),
    "docno": ("GW Document Number", fmt.FONT_FANGSONG, fmt.SIZE_3),
    "figure": ("GW Figure", fmt.FONT_FANGSONG, fmt.SIZE_3),
    "caption": ("GW Caption", fmt.FONT_FANGSONG, fmt.SIZE_4),
    "label": ("GW Attachment Label", fmt.FONT_HEITI, fmt.SIZE_3),
    "table": ("GW Table", fmt.FONT_FANGSONG, TABLE_SIZE),
    "imprint": ("GW Imprint", fmt.FONT_FANGSONG, fmt.SIZE_4),
}
TABLE_STYLE_ID = "GWTable"


def _em(text: str) -> float:
    """Width in characters: full-width 1, ASCII half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def _width_twips(text: str) -> int:
    """Width of 三号 text as set: characters 15.75 pt, half-width ones 7.75 pt, and a
    quarter em where Chinese meets Latin letters or digits (Word's and LibreOffice's
    automatic spacing)."""
    width = sum(155 if ord(c) < 0x2E80 else fmt.CHAR_WIDTH for c in text)
    kinds = [ord(c) < 0x2E80 and c.isalnum() for c in text]
    cjk = [ord(c) >= 0x2E80 for c in text]
    width += 80 * sum(1 for i in range(1, len(text))
                      if (kinds[i] and cjk[i - 1]) or (cjk[i] and kinds[i - 1]))
    return width


class _Writer:
    """Builds the document top to bottom; knows the official styles by role."""

    def __init__(self, charts: "_Charts") -> None:
        import docx

        self.doc: "Document" = docx.Document()
        self.charts = charts
        self._pictures: list[tuple[Any, str, float]] = []
        self._setup()

    # -- styles and page ------------------------------------------------------------------
    def _style(self, role: str, *, align: str = "both", first_line: int = 0,
               exact: int | None = fmt.LINE_PITCH, spacing: int = fmt.CHAR_SPACING,
               outline: int | None = None, snap: bool = True, color: str | None = None) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        name, font, size = _STYLES[role]
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.doc.styles["Normal"]
        style.quick_style = True
        fmt.set_run_format(style, font, size, color=color, spacing=spacing)
        fmt.set_bold(style, False)
        fmt.set_language(style)
        fmt.set_line_spacing(style, exact=exact)
        fmt.set_indent(style, first_line=first_line)
        fmt.set_alignment(style, align)
        fmt.set_snap_to_grid(style, snap)
        if outline is not None:
            fmt.set_outline_level(style, outline)
            fmt.set_keep_next(style)

    def _setup(self) -> None:
        doc = self.doc
        fmt.set_doc_defaults(doc, fmt.FONT_FANGSONG, fmt.SIZE_3)
        fmt.set_theme_font_lang(doc)
        normal = doc.styles["Normal"]
        fmt.set_run_format(normal, fmt.FONT_FANGSONG, fmt.SIZE_3, spacing=fmt.CHAR_SPACING)
        fmt.set_language(normal)
        fmt.set_line_spacing(normal, exact=fmt.LINE_PITCH)
        fmt.set_alignment(normal, "both")
        fmt.set_overflow_punct(normal, False)
        indent = 2 * fmt.CHAR_WIDTH
        self._style("body", first_line=indent)
        self._style("h1", first_line=indent, outline=0)
        self._style("h2", first_line=indent, outline=1)
        self._style("h3", first_line=indent, outline=2)
        self._style("h4", first_line=indent, outline=3)
        self._style("plain")
        self._style("title", align="center", spacing=0, snap=False)
        self._style("issuer", align="center", spacing=0, snap=False, color=fmt.RED)
        self._style("docno", align="center", snap=False)
        self._style("figure", align="center", exact=None, snap=False)
        self._style("caption", align="center", spacing=0)
        self._style("label", align="left")
        self._style("table", exact=TABLE_LINE, spacing=0, snap=False)
        self._style("imprint", align="left", spacing=0, snap=False)
        footer = doc.styles["Footer"]
        fmt.set_run_format(footer, fmt.FONT_SONGTI, fmt.SIZE_4)
        fmt.set_language(footer)
        # Word 2010's second copy of the styles still names theme fonts: drop it
        for rel_id, rel in list(doc.part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                doc.part.drop_rel(rel_id)
        fmt.enable_odd_even_footers(doc)
        section = doc.sections[0]
        fmt.set_page(section)
        fmt.set_doc_grid(section)
        fmt.page_number_footers(section)

    # -- blocks -------------------------------------------------------------------------
    def para(self, role: str, text: str = "", *, size: float | None = None, color: str | None = None,
             spacing: int | None = None) -> Any:
        """A paragraph of the role's style whose runs name the style's font too."""
        name, font, style_size = _STYLES[role]
        p = self.doc.add_paragraph(style=self.doc.styles[name])
        if text:
            if spacing is None:
                spacing = 0 if role in ("title", "issuer", "caption", "table", "imprint") else fmt.CHAR_SPACING
            fmt.add_text_run(p, text, font, size or style_size, color=color, spacing=spacing)
        return p

    def blank(self, n: int = 1, *, snap: bool = True) -> None:
        for _ in range(n):
            p = self.para("plain")
            if not snap:
                fmt.set_snap_to_grid(p, False)

    def spacer(self, height: int) -> Any:
        """An empty off-grid paragraph exactly ``height`` twips tall."""
        p = self.para("plain")
        fmt.set_snap_to_grid(p, False)
        fmt.set_line_spacing(p, exact=max(int(height), 20))
        return p

    def picture_later(self, chart: str, width_mm: float) -> Any:
        """The paragraph of a chart; :meth:`finish` puts the picture in."""
        p = self.para("figure")
        fmt.set_keep_next(p)
        self._pictures.append((p, chart, width_mm))
        return p

    def table(self, headers: list[str], rows: Iterable[list[object]], widths: list[int],
              align: list[str], *, cant_split: bool = True, valign: str = "center") -> Any:
        return fmt.append_block(self.doc, fmt.table_element(
            headers, rows, widths, style=TABLE_STYLE_ID, font=fmt.FONT_FANGSONG,
            header_font=fmt.FONT_HEITI, align=align, cant_split=cant_split, valign=valign,
            inherit_font=True))

    def finish(self) -> "Document":
        from docx.shared import Mm

        for p, chart, width_mm in self._pictures:
            png = self.charts.png(chart)
            fmt.zero_picture_distance(p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm)))
        fmt.strip_theme_fonts(self.doc.styles.element)
        fmt.strip_theme_fonts(self.doc.element)
        return self.doc


# -- parts of the report ---------------------------------------------------------------------------
def _header_block(w: _Writer, issuer: str, doc_number: str, title_lines: list[str], addressees: str,
                  issuer_size: float) -> None:
    """版头 and title: 标志 35 mm under the top of the type area, 2 blank lines, 发文字号, the
    red line 4 mm under it, 2 blank lines, the title, 1 blank line, the addressees."""
    issuer_line = round(issuer_size * 20 * 1.3)
    w.spacer(fmt.mm_to_twips(ISSUER_TOP_MM) - round(issuer_size * 20 * ISSUER_INK))
    p = w.para("issuer", issuer, size=issuer_size, color=fmt.RED)
    fmt.set_line_spacing(p, exact=issuer_line)
    w.blank(2, snap=False)
    p = w.para("docno", doc_number)
    fmt.set_border(p, "bottom", size=RED_LINE_SIZE, color=fmt.RED, space=RED_LINE_SPACE)
    w.blank(2, snap=False)
    w.para("title", "\n".join(title_lines))
    w.blank(1, snap=False)
    w.para("plain", addressees)


def _issuer_size(text: str, wanted: float) -> float:
    """The 标志's size: as set, or (0) as large as fits the type area, at most 42 pt."""
    fit = fmt.TYPE_WIDTH / 20 / max(_em(text), 1) * 0.97
    size = wanted if wanted > 0 else min(42.0, fit)
    return max(min(size, fit), 16.0)


def _title_lines(title: str) -> list[str]:
    return [part.strip() for part in title.split("|") if part.strip()]


def _signature(w: _Writer, signature: str, day: date) -> None:
    """署名 2 characters in from the right, 成文日期 under it starting 2 characters right of
    the 署名's first character (GB/T 9704 §7.3.5.2); a longer date moves the 署名 left.

    The date is placed by its left edge: the signature is Chinese, so where it starts is
    exact, while the width of digits (and the space Word and LibreOffice add between
    Chinese and digits) depends on the font."""
    two = 2 * fmt.CHAR_WIDTH
    date_text = cn_date(day)
    sig_w, date_w = _width_twips(signature), _width_twips(date_text)
    sig = w.para("plain", signature)
    fmt.set_keep_next(sig)
    date_p = w.para("plain", date_text)
    if date_w + two <= sig_w:
        fmt.set_alignment(sig, "right")
        fmt.set_indent(sig, right=two)
        fmt.set_alignment(date_p, "left")
        fmt.set_indent(date_p, left=fmt.TYPE_WIDTH - sig_w)
    else:
        fmt.set_alignment(date_p, "right")
        fmt.set_indent(date_p, right=two)
        fmt.set_alignment(sig, "left")
        fmt.set_indent(sig, left=max(fmt.TYPE_WIDTH - 2 * two - date_w, 0))


def _attachment_note(w: _Writer, attachments: list[tuple[str, str]]) -> None:
    """附件：1.名称 — one paragraph per attachment, the numbers aligned."""
    two = 2 * fmt.CHAR_WIDTH
    label = "附件："
    label_w = _width_twips(label)
    for i, (_, title) in enumerate(attachments, 1):
        number = f"{i}." if len(attachments) > 1 else ""
        p = w.para("plain", (label if i == 1 else "") + number + title)
        fmt.set_keep_next(p)
        number_w = _width_twips(number)
        fmt.set_indent(p, left=two + label_w + number_w,
                       hanging=(label_w + number_w) if i == 1 else number_w)


def _imprint(w: _Writer, cc: list[str], printer: str, day: date) -> None:
    """版记 at the bottom of the last page: 抄送, then 印发机关 and 印发日期, between lines
    (first and last 0.35 mm, middle 0.25 mm) as wide as the type area; the last line on the
    type area's bottom edge. Each line is the border of an empty 1 pt paragraph without
    indents, so the texts can be indented one character without shortening the lines."""
    one = IMPRINT_CHAR
    width = fmt.TYPE_WIDTH
    names = [fmt.one_line(c) for c in cc if fmt.one_line(c)]
    cc_text = "抄送：" + "，".join(names) + "。" if names else ""
    cc_lines = 0
    if cc_text:  # estimated conservatively: a wrong guess leaves a gap, never a new page
        first = (width - 2 * one) / one - 1
        rest = (width - 5 * one) / one - 1
        cc_lines = 1 + max(0, math.ceil((_em(cc_text) - first) / rest))
    rules = [8, 6, 8] if cc_text else [8, 8]
    rule_height = sum(IMPRINT_RULE + size * 20 // 8 for size in rules)
    safety = 20
    w.spacer(22 * fmt.LINE_PITCH - (cc_lines + 1) * fmt.LINE_PITCH - rule_height - safety)

    def rule(size: int) -> None:
        p = w.para("imprint")
        fmt.set_line_spacing(p, exact=IMPRINT_RULE)
        fmt.set_border(p, "bottom", size=size)
        fmt.set_keep_next(p)

    rule(rules[0])
    if cc_text:
        p = w.para("imprint", cc_text)
        fmt.set_line_spacing(p, exact=fmt.LINE_PITCH)
        fmt.set_indent(p, left=4 * one, right=one, hanging=3 * one)
        fmt.set_keep_next(p)
        rule(rules[1])
    p = w.para("imprint", f"{fmt.one_line(printer)}\t{cn_date(day)}印发")
    fmt.set_line_spacing(p, exact=fmt.LINE_PITCH)
    fmt.set_indent(p, left=one, right=one)
    fmt.add_right_tab(p, width - one)
    fmt.set_keep_next(p)
    rule(rules[-1])


def _progress_table_rows(rows: list[MilestoneRow], settings: dict) -> Iterable[list[object]]:
    body = settings["body"]
    for i, r in enumerate(rows, 1):
        yield [i, fmt.clip(f"{r.task.id}. {r.task.title}", 40),
               fmt.clip(r.milestone.text, body["table_milestone_chars"]),
               fmt.clip(r.milestone.deadline_text, 20), "、".join(r.task.leads), r.status_label,
               fmt.clip(r.progress, body["table_progress_chars"])]


_LIST_HEADERS = ["序号", "任务", "节点", "完成时限", "牵头单位", "状态", "进展情况"]
_LIST_WIDTHS = [500, 1900, 3000, 1100, 1700, 1100, 3456]
_LIST_ALIGN = ["center", "left", "left", "center", "center", "center", "left"]
_COUNT_HEADERS = ["到期节点", "已完成", "正常推进", "进度滞后", "未启动", "未报送", "逾期未完成", "完成率"]


def _count_cells(s: Stats) -> list[object]:
    return [s.due, s.done, s.on_track, s.behind, s.not_started, s.unreported, s.overdue, s.rate_text]


def _stats_attachment(w: _Writer, data: ReportData, settings: dict, values: dict) -> None:
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
    _chart_block(w, "agencies", _fill(settings["attachments"]["chart_agencies"], values,
                                      "[attachments] chart_agencies"))


def build_document(plan: Plan, record: QuarterRecord, *, previous: QuarterRecord | None = None,
                   settings: dict | None = None, today: date | None = None) -> "Document":
    """The report as a python-docx Document (not saved)."""
    settings = settings or load_settings()
    data = report_data(plan, record, previous)
    doc_s, imp_s = settings["document"], settings["imprint"]
    day = _parse_day(doc_s["date"], "[document] date") or today or date.today()
    print_day = _parse_day(imp_s["date"], "[imprint] date") or day
    q = data.quarter
    values = {"year": day.year, "number": str(doc_s["number"]).strip() or "\u3000\u3000",
              "quarter": str(q), "quarter_label": q.label, "next_quarter_label": q.next.label,
              "quarter_end_text": cn_date(q.end)}
    attachments = _attachments(data, settings, values)
    blocks = body_blocks(data, settings, values, attachments)

    charts = _Charts(_chart_specs(data, settings))  # drawing starts now, in another process
    try:
        w = _Writer(charts)
        issuer = fmt.one_line(doc_s["issuer"] + doc_s["issuer_suffix"])
        _header_block(w, issuer, _fill(doc_s["doc_number"], values, "[document] doc_number"),
                      _title_lines(_fill(doc_s["title"], values, "[document] title")),
                      fmt.one_line(doc_s["addressees"]), _issuer_size(issuer, float(doc_s["issuer_size"])))
        for block in blocks:
            if block.kind == "chart":
                if block.text != "sections":
                    raise ValueError(f"正文模板中的 @@chart {block.text} 不存在；可用：@@chart sections")
                _chart_block(w, "sections", _fill(settings["attachments"]["chart_sections"], values,
                                                  "[attachments] chart_sections"))
            else:
                w.para(block.kind, block.text)
        # the end of the body, 附件说明, 署名 and 成文日期 stay on one page
        fmt.set_keep_next(w.doc.paragraphs[-1])
        w.blank()
        fmt.set_keep_next(w.doc.paragraphs[-1])
        _attachment_note(w, attachments)
        w.blank()
        fmt.set_keep_next(w.doc.paragraphs[-1])
        _signature(w, fmt.one_line(doc_s["signature"]), day)

        # attachments: one landscape section, each attachment on a new page
        section = fmt.end_section(w.doc)
        fmt.set_page(section, landscape=True, top=fmt.MARGIN_LEFT, bottom=fmt.MARGIN_RIGHT,
                     left=fmt.MARGIN_TOP, right=fmt.MARGIN_BOTTOM)
        fmt.set_doc_grid(section, fmt.LINE_PITCH, None)
        for i, (key, title) in enumerate(attachments, 1):
            p = w.para("label", f"附件{i}" if len(attachments) > 1 else "附件")
            if i > 1:
                fmt.set_page_break_before(p)
            w.blank()
            w.para("title", title)
            w.blank()
            if key == "stats":
                _stats_attachment(w, data, settings, values)
            else:
                rows = data.overdue if key == "overdue" else data.upcoming
                headers = list(_LIST_HEADERS)
                if key == "upcoming":
                    headers[5] = "当前状态"
                # long rows may split across pages (the header row repeats), so no page is half empty
                w.table(headers, _progress_table_rows(rows, settings), _LIST_WIDTHS, _LIST_ALIGN,
                        cant_split=False, valign="top")

        # 版记 on a portrait last page
        section = fmt.end_section(w.doc)
        fmt.set_page(section)
        fmt.set_doc_grid(section)
        _imprint(w, list(imp_s["cc"]), imp_s["printer"], print_day)
        return w.finish()
    finally:
        charts.close()


def _chart_specs(data: ReportData, settings: dict) -> dict[str, tuple[list[str], list[dict], dict]]:
    """What each chart shows: key -> (labels, counts per label, drawing options). Computed
    up front so the charts can be drawn in another process while the document is built."""
    specs: dict[str, tuple[list[str], list[dict], dict]] = {}
    if data.total.due:  # nothing due yet: an empty chart says nothing
        labels = [s.short_title for s, _, _ in data.sections]
        specs["sections"] = (labels, [st.by_category() for _, st, _ in data.sections],
                             {"width_mm": 156, "height_mm": min(28 + 10 * len(labels), 150)})
    agencies = [a for a in data.agencies if a.stats.due]
    limit = settings["body"]["chart_max_agencies"]
    agencies = sorted(agencies, key=lambda a: -a.stats.due)[:limit] if len(agencies) > limit else agencies
    if agencies:
        # fits the turned type area (156 mm high) with its caption
        specs["agencies"] = ([a.name for a in agencies], [a.stats.by_category() for a in agencies],
                             {"width_mm": LANDSCAPE_WIDTH_MM, "height_mm": min(30 + 4.2 * len(agencies), 132),
                              "font_size": 7.5 if len(agencies) > 20 else 9})
    return specs


def _draw_chart(spec: tuple[list[str], list[dict], dict]) -> bytes:
    from .chart import stacked_bars

    labels, counts, options = spec
    return stacked_bars(labels, counts, STATUS_CATEGORIES, **options)


class _Charts:
    """Draws the report's charts in a worker process (matplotlib's import and drawing are
    most of a report's time) while the document is built; falls back to drawing here."""

    def __init__(self, specs: dict[str, tuple[list[str], list[dict], dict]]):
        self.specs = specs
        self.futures: dict[str, Any] = {}
        self.pool = None
        if specs and (os.cpu_count() or 1) > 1:
            try:
                from concurrent.futures import ProcessPoolExecutor

                self.pool = ProcessPoolExecutor(1)
                self.futures = {key: self.pool.submit(_draw_chart, spec) for key, spec in specs.items()}
            except (OSError, RuntimeError, ImportError):  # no processes here: draw inline
                self.pool = None

    def png(self, key: str) -> bytes:
        future = self.futures.get(key)
        if future is not None:
            try:
                return future.result()
            except Exception:  # a worker that died: draw here, with the same inputs
                pass
        return _draw_chart(self.specs[key])

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _chart_block(w: _Writer, which: str, caption: str) -> None:
    """The chart's place and caption now; the picture goes in when the chart is drawn."""
    if which not in w.charts.specs:
        return
    w.picture_later(which, LANDSCAPE_WIDTH_MM if which == "agencies" else 156)
    w.para("caption", caption)


def write_report(plan: Plan, record: QuarterRecord, out_path: str | Path, *,
                 previous: QuarterRecord | None = None,
                 config: str | Path | Mapping[str, Any] | None = None) -> Path:
    """Write the quarter's 督查通报 (.docx) atomically and return its path.

    ``out_path`` may be a folder: the file is then :func:`report_path` inside it.
    ``previous`` is the previous quarter's record (for late completions and the change
    since last quarter); it is ignored, with a warning, when it belongs to another
    quarter or plan. ``config`` is a TOML file (or a mapping) overriding ``templates/report.toml``."""
    from .files import atomic_path
    from .problems import PlanbookError, Problem

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
