"""The leaders' page (驾驶舱): one self-contained HTML file per quarter, ``<Q>_驾驶舱.html`` in
the quarter's folder, that an office can mail on and open offline in any browser.

Every figure comes from the quarter's one count (:func:`planbook.count.standing.count_quarter`), so
the page, the 通报 and the 汇总表 never disagree; the trends read the counts kept with each
earlier quarter when it was reported (:func:`planbook.count.standing.kept`). The answers come from
the record, the history of each line from the ledger, the 督办单 numbers from the register.

What the file promises
----------------------
* Nothing outside the file: no ``src``, ``href``, ``url()`` or ``@import`` leaves it; the
  charts are inline SVG (:mod:`.dashboard_svg`); fonts are the reader's own.
* Works with JavaScript off: the drill-down is ``<details>``; the small inline script only
  sorts tables, filters the agency table and opens the drill-down an anchor points into.
* Every answer is written once (in 逐项情况); the agency index links to it by anchor.
* Every text from a plan or a return is cleaned and escaped.
* The same inputs give the same bytes: the dates are the record's, never the clock's.
* Print: A4 landscape, headers repeated, lights in words; ticking 只看摘要 hides all but the
  title, the headline figures and the tables by section and by agency.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from planbook.base.files import write_if_changed
from planbook.base.problems import PlanbookError
from planbook.core.quarter import BLUE, GREEN, RED, YELLOW, Quarter
from planbook.count.standing import CATEGORIES, QuarterCount, Tally, count_quarter, kept, percent
from planbook.core.measures import format_value, judge, plan_targets
from planbook.report.dashboard_page import SCRIPT, STYLE
from planbook.report.dashboard_svg import light_bar, rate_chart, sparkline
from planbook.report.wording import clean_text, one_line

if TYPE_CHECKING:  # pragma: no cover
    from planbook.ledger.lines import Ledger
    from planbook.core.model import Plan
    from planbook.store.record import QuarterRecord
    from planbook.core.rules import Rules
    from planbook.count.standing import LeadState, MilestoneState
    from planbook.supervision.register import Register

DASHBOARD_SUFFIX = "驾驶舱"
LIGHT_ORDER = (RED, YELLOW, BLUE, GREEN)
LIGHT_WORDS = {RED: "红灯", YELLOW: "黄灯", BLUE: "蓝灯", GREEN: "绿灯"}
"""Lights as words beside their colour (printers and colour-blind readers)."""
HEADLINE = (
    ("milestones", "节点总数"), ("due", "到期节点"), ("done", "已完成"), ("on_time", "按时完成"),
    ("overdue", "逾期未完成"), ("behind", "进度滞后"), ("not_started", "未启动"), ("unreported", "未报送"),
    ("rate", "完成率"), ("on_time_rate", "按时完成率"),
)
"""The headline figures: key (``data-figure`` in the page) and label; counts are of due milestones."""
COLUMNS = (("tasks", "任务"), ("milestones", "节点"), ("due", "到期"), ("done", "已完成"), ("on_time", "按时完成"),
           ("on_track", "正常推进"), ("behind", "进度滞后"), ("not_started", "未启动"), ("unreported", "未报送"),
           ("overdue", "逾期"), ("rate", "完成率"), ("on_time_rate", "按时完成率"))
"""The columns of the tables by section and by agency (``data-figure`` of each cell)."""


def dashboard_path(folder: str | Path, quarter: str | Quarter) -> Path:
    """Where a quarter's 驾驶舱 goes: ``<quarter folder>/<Q>_驾驶舱.html``."""
    return Path(folder) / f"{quarter}_{DASHBOARD_SUFFIX}.html"


def figure(tally: Tally, key: str) -> str:
    """A tally's figure as the page prints it (rates as 63.5%, — when nothing is due)."""
    if key == "rate":
        return tally.rate_text
    if key == "on_time_rate":
        return tally.on_time_rate_text
    return str(getattr(tally, key))


def write_dashboard(plan: "Plan", record: "QuarterRecord", folder: str | Path, *,
                    previous: "QuarterRecord | None" = None, ledger: "Ledger | None" = None,
                    register: "Register | None" = None,
                    previous_counts: Mapping[str, Mapping[str, Any]] | None = None,
                    office_name: str = "", rules: "Rules | None" = None) -> Path:
    """Write the quarter's 驾驶舱 into its folder (atomically; untouched when the bytes are the
    same) and return its path. ``previous_counts`` maps earlier quarters to their kept counts;
    None reads the ``count.json`` kept in the sibling quarter folders."""
    count = count_quarter(plan, record, previous, rules=rules)
    if previous_counts is None:
        previous_counts = kept_counts(Path(folder).resolve().parent, count.quarter)
    page = dashboard_html(plan, record, count, ledger=ledger, register=register,
                          previous_counts=previous_counts, office_name=office_name)
    path = dashboard_path(folder, record.quarter)
    write_if_changed(path, page.encode("utf-8"))
    return path


def kept_counts(workspace: Path, before: Quarter) -> dict[str, dict[str, Any]]:
    """The counts kept with the workspace's quarters earlier than ``before``, by quarter."""
    found: dict[str, dict[str, Any]] = {}
    if not workspace.is_dir():
        return found
    for sub in workspace.iterdir():
        q = _quarter_or_none(sub.name)
        data = kept(sub) if q is not None and q < before and sub.is_dir() else None
        if data is not None:
            found[str(q)] = data
    return dict(sorted(found.items(), key=lambda kv: Quarter.parse(kv[0])))


def text(value: object) -> str:
    """Plan or return text, cleaned of what HTML cannot hold and escaped."""
    return escape(clean_text(value), quote=True)


def _light(light: str) -> str:
    return f'<span class="light {light}">{LIGHT_WORDS.get(light, "绿灯")}</span>'


class _Page:
    """The page's parts, built once from the count; :meth:`html` joins them."""

    def __init__(self, plan: "Plan", record: "QuarterRecord", count: QuarterCount, *, ledger: "Ledger | None",
                 register: "Register | None", previous_counts: Mapping[str, Mapping[str, Any]], office_name: str):
        self.plan, self.record, self.count, self.ledger = plan, record, count, ledger
        self.office = one_line(office_name)
        self.quarter = str(count.quarter)
        self.agency_ids = {name: f"g{i}" for i, (name, _, _) in enumerate(count.agencies, 1)}
        self.earlier = {q: dict(c) for q, c in previous_counts.items()
                        if _quarter_or_none(q) is not None and Quarter.parse(q) < count.quarter}
        self.history_quarters = sorted(self.earlier, key=Quarter.parse)
        self.earlier_states = {q: {str(m.get("id")): m for m in c.get("milestones", ()) if isinstance(m, dict)}
                               for q, c in self.earlier.items()}
        self.duban = _duban_numbers(register, count.quarter)
        self.entries = {(e.agency, e.milestone_id): e for e in record.entries}
        self.lights: dict[str, dict[str, int]] = {}  # section title / agency -> light -> milestones
        for s in count.milestones:
            keys = [s.section.title] + list(dict.fromkeys(lead.agency for lead in s.leads))
            for key in keys:
                by = self.lights.setdefault(key, dict.fromkeys(LIGHT_ORDER, 0))
                by[s.light] = by.get(s.light, 0) + 1

    # -- the title and the headline --------------------------------------------------------
    def title_block(self) -> str:
        day = (self.record.generated_at or "")[:10]
        office = f"{text(self.office)} · " if self.office else ""
        return (f'<header class="title"><h1>{text(self.plan.title)}</h1>'
                f'<p class="sub">{office}<span data-quarter="{self.quarter}">{text(self.count.quarter.label)}</span> 推进情况驾驶舱'
                f' · 数据截至 <time data-record-date>{text(day)}</time></p></header>')

    def headline(self) -> str:
        total = self.count.total
        cards = []
        for key, label in HEADLINE:
            cards.append(f'<div class="card" data-card="{key}"><span class="n" data-figure="{key}">'
                         f'{figure(total, key)}</span><span class="k">{label}</span></div>')
        year, done, elapsed = _year_pace(self.count)
        if year:
            cards.append(f'<div class="card"><span class="n" data-figure="year_rate">{percent(done / year)}</span>'
                         f'<span class="k">{self.count.quarter.year}年序时进度（时间进度 '
                         f'<b data-figure="elapsed">{percent(elapsed)}</b>）</span></div>')
        lights = self.lights_of(s.light for s in self.count.milestones)
        light_cards = "".join(
            f'<div class="card light-card {c}"><span class="n" data-figure="light-{c}">{n}</span>'
            f'<span class="k">{LIGHT_WORDS[c]}</span></div>' for c, n in lights.items())
        missing = [one_line(a) for a in self.record.missing_agencies]
        silent = ("、".join(text(a) for a in missing) if missing else "无")
        return (f'<section class="part" id="headline"><h2>总体情况</h2><div class="cards">{"".join(cards)}</div>'
                f'<div class="cards">{light_cards}</div>'
                f'{light_bar([(c, LIGHT_WORDS[c], n) for c, n in lights.items()])}'
                f'<p class="missing">未报送单位（<b data-figure="missing_agencies">{len(missing)}</b>家）：{silent}</p>'
                f'<p class="note">到期节点：完成时限（含批准的延期）在本季度末以前的节点；完成率、按时完成率均以到期节点为分母；'
                f'一个节点有多个牵头单位的，各单位均报已完成才算已完成，否则按进展最慢的单位计。</p></section>')

    @staticmethod
    def lights_of(lights: Iterable[str]) -> dict[str, int]:
        out = dict.fromkeys(LIGHT_ORDER, 0)
        for light in lights:
            out[light] = out.get(light, 0) + 1
        return out

    # -- the tables by section and by agency ----------------------------------------------
    def _row(self, key: str, name_cell: str, tally: Tally, lights: Mapping[str, int], extra: str = "") -> str:
        cells = "".join(f'<td class="num" data-figure="{k}" data-v="{_sort_value(tally, k)}">{figure(tally, k)}</td>'
                        for k, _ in COLUMNS)
        light_cells = "".join(
            f'<td class="num light-count {c}" data-figure="light-{c}" data-v="{n}">'
            f'<span class="light {c}">{LIGHT_WORDS[c]}</span> {n}</td>' for c, n in lights.items())
        return f'<tr data-key="{text(key)}">{name_cell}{cells}{light_cells}{extra}</tr>'

    def _head(self, first: str, extra: str = "") -> str:
        heads = "".join(f"<th>{label}</th>" for _, label in COLUMNS)
        lights = "".join(f"<th>{LIGHT_WORDS[c]}</th>" for c in LIGHT_ORDER)
        return f'<thead><tr><th>{first}</th>{heads}{lights}{extra}</tr></thead>'

    def sections_table(self) -> str:
        rows = []
        for section, tally, _ in self.count.sections:
            name = f'<th scope="row"><a href="#s{section.index}">{text(section.label)}</a></th>'
            rows.append(self._row(section.title, name, tally, self.lights.get(section.title, {})))
        return (f'<section class="part" id="by-section"><h2>分板块情况</h2><table class="sortable" id="sections">'
                f'{self._head("板块")}<tbody>{"".join(rows)}</tbody></table></section>')

    def agencies_table(self) -> str:
        missing = set(self.record.missing_agencies)
        rows = []
        for name, _, tally in self.count.agencies:
            cell = f'<th scope="row"><a href="#{self.agency_ids[name]}">{text(name)}</a></th>'
            said = "未报送" if name in missing else "已报送"
            rows.append(self._row(name, cell, tally, self.lights.get(name, {}),
                                  f'<td data-figure="reported">{said}</td>'))
        return (f'<section class="part" id="by-agency"><h2>分单位情况</h2>'
                f'<p class="noprint filter"><label>筛选单位：<input type="search" data-filter="agencies" '
                f'placeholder="输入单位名称"></label>（点击表头可排序）</p>'
                f'<table class="sortable" id="agencies">{self._head("牵头单位", "<th>本季度报送</th>")}'
                f'<tbody>{"".join(rows)}</tbody></table></section>')

    # -- trends ---------------------------------------------------------------------------
    def trends(self) -> str:
        quarters = self.history_quarters + [self.quarter]
        counts: list[Mapping[str, Any]] = [self.earlier[q] for q in self.history_quarters] + [self.count.to_dict()]

        def rates(block: Mapping[str, Any] | None) -> tuple[float | None, float | None]:
            if not block or not block.get("due"):
                return None, None
            due = block["due"]
            return 100 * block["done"] / due, 100 * (block["done"] - block.get("done_late", 0)) / due

        totals = [rates(c.get("total")) for c in counts]
        chart = rate_chart(quarters, [("完成率", [t[0] for t in totals]), ("按时完成率", [t[1] for t in totals])],
                           title="历季度完成率")
        parts = [f'<section class="part detail" id="trends"><h2>历季度趋势</h2>{chart}']
        for kind, label, key in (("sections", "板块", "section"), ("agencies", "牵头单位", "agency")):
            names = [s.title for s, _, _ in self.count.sections] if kind == "sections" \
                else [a for a, _, _ in self.count.agencies]
            by_q = [{str(b.get(key)): b for b in c.get(kind, ()) if isinstance(b, dict)} for c in counts]
            rows = []
            for name in names:
                values = [rates(by.get(name))[0] for by in by_q]
                cells = "".join(f'<td class="num" data-v="{-1 if v is None else round(v, 3)}">'
                                f'{percent(None if v is None else v / 100)}</td>' for v in values)
                rows.append(f'<tr><th scope="row">{text(name)}</th>{cells}<td>{sparkline(values)}</td></tr>')
            heads = "".join(f"<th>{text(q)}</th>" for q in quarters)
            table = (f'<table class="sortable" id="trend-{kind}"><thead><tr><th>{label}</th>{heads}<th>走势</th></tr></thead>'
                     f'<tbody>{"".join(rows)}</tbody></table>')
            if kind == "sections":
                parts.append(f"<h3>各板块完成率</h3>{table}")
            else:
                parts.append(f'<details><summary>各牵头单位完成率（{len(names)}家）</summary>{table}</details>')
        if not self.history_quarters:
            parts.append('<p class="note">此前各季度未留存统计（count.json），趋势自本季度起。</p>')
        parts.append("</section>")
        return "".join(parts)

    # -- targets --------------------------------------------------------------------------
    def targets(self) -> str:
        found = plan_targets(self.plan)
        rows = []
        for s in self.count.milestones:
            for n, t in enumerate(found.get(s.milestone.id, ()), 1):
                got = self.record.actual_of(s.milestone.id, n, s.task.responsible)
                if not s.due and got is None:
                    continue
                verdict = "未填报" if got is None else judge(t, got[0])
                actual = "—" if got is None else format_value(got[0]) + t.unit
                rows.append(f'<tr><td><a href="#m-{text(s.milestone.id)}">{text(s.milestone.id)}</a></td>'
                            f'<td>{text(t.metric)}</td><td>{text(t.goal)}</td><td>{text(actual)}</td>'
                            f'<td>{"到期" if s.due else "未到期"}</td><td>{text(verdict)}</td></tr>')
        if not rows:
            return ""
        return (f'<section class="part detail" id="targets"><h2>目标指标完成情况</h2><table class="sortable">'
                f'<thead><tr><th>节点</th><th>指标</th><th>目标值</th><th>完成值</th><th>时限</th><th>评价</th></tr>'
                f'</thead><tbody>{"".join(rows)}</tbody></table></section>')

    # -- the drill-down -------------------------------------------------------------------
    def items(self) -> str:
        parts = ['<section class="part detail" id="items"><h2>逐项情况（板块 → 任务 → 节点 → 牵头单位填报）</h2>']
        for section, tally, states in self.count.sections:
            parts.append(f'<details class="sec" id="s{section.index}"><summary>{text(section.label)}'
                         f'（到期{tally.due}项，已完成{tally.done}项，逾期{tally.overdue}项）</summary>')
            by_task: dict[str, list[MilestoneState]] = {}
            for s in states:
                by_task.setdefault(s.task.id, []).append(s)
            for task in section.tasks:
                got = by_task.get(task.id, [])
                lights = self.lights_of(s.light for s in got)
                worst = next((c for c in LIGHT_ORDER if lights[c]), GREEN)
                parts.append(f'<details class="task" id="t-{text(task.id)}"><summary>{_light(worst)} '
                             f'任务{text(task.label or task.id)} {text(task.title)}</summary>'
                             f'<p class="leads">牵头单位：{text("、".join(task.leads))}'
                             f'{"；配合单位：" + text("、".join(task.partners)) if task.partners else ""}</p>')
                parts.extend(self.milestone(s) for s in got)
                parts.append("</details>")
            parts.append("</details>")
        parts.append("</section>")
        return "".join(parts)

    def milestone(self, s: "MilestoneState") -> str:
        m = s.milestone
        deadline = s.deadline.strftime("%Y年%m月") if s.deadline is not None else "无明确时限"
        extended = "" if s.deadline == m.deadline or s.deadline is None else f"（延期至{deadline}）"
        history = self.state_history(m.id)
        out = [f'<details class="ms" id="m-{text(m.id)}" data-light="{s.light}"><summary>{_light(s.light)} '
               f'<b>{text(m.id)}</b> {text(m.text)}<span class="state">{text(s.state_label)}</span></summary>'
               f'<p class="meta">完成时限：{text(m.deadline_text or deadline)}{text(extended)}'
               f'{"；到期" if s.due else "；未到期"}{f"；逾期{s.months_overdue}个月" if s.overdue and s.months_overdue else "；逾期" if s.overdue else ""}</p>']
        if history:
            out.append(f'<p class="meta">历季度：{history}</p>')
        out.extend(self.answer(s, lead) for lead in s.leads)
        out.append("</details>")
        return "".join(out)

    def state_history(self, milestone_id: str) -> str:
        """The milestone in each earlier quarter's kept count: its light when kept, its state."""
        said = []
        for q in self.history_quarters:
            m = self.earlier_states[q].get(milestone_id)
            if m is not None:
                label = "逾期未完成" if m.get("overdue") else str(m.get("status", ""))
                light = str(m.get("light", ""))  # kept by counts that record the light
                said.append(f"{text(q)} {_light(light) + ' ' if light in LIGHT_WORDS else ''}{text(label)}")
        return " → ".join(said)

    def answer(self, s: "MilestoneState", lead: "LeadState") -> str:
        e = self.entries.get((lead.agency, s.milestone.id))
        gid = self.agency_ids.get(lead.agency, "")
        fields = [("完成状态", lead.label + ("（逾期）" if lead.overdue else ""))]
        if lead.reported_in:
            fields.append(("填报季度", f"{lead.reported_in}填报，本季度未更新"))
        if e is not None:
            fields += [("进展情况", e.progress), ("存在问题", e.issues), ("下步措施", e.next_steps),
                       ("佐证材料", e.evidence), ("完成时间", e.done_month), ("预计完成时间", e.expected_month)]
        line = self.ledger.lines.get((s.milestone.id, lead.agency)) if self.ledger is not None else None
        granted = line.extensions if line is not None else [
            x for x in self.record.extensions if x.get("milestone_id") == s.milestone.id and x.get("agency") == lead.agency]
        for ext in granted:
            fields.append(("延期", f"批准延期至{ext.get('deadline', '')}；{ext.get('reason', '')}"
                                   f"{'（' + ext['ref'] + '）' if ext.get('ref') else ''}"))
        if line is not None:
            for again in line.reopened:
                fields.append(("重新打开", f"{again.get('quarter', '')}：{again.get('reason', '')}"))
            earlier = [f"{q} {a.status or '未报送'}" for q, a in sorted(line.answers.items(),
                                                                       key=lambda qa: Quarter.parse(qa[0]))
                       if Quarter.parse(q) < self.count.quarter]
            if earlier:
                fields.append(("历次填报", " → ".join(earlier)))
        for number, quarter, n in self.duban.get((lead.agency, s.milestone.id), ()):
            fields.append(("督办单", f"{number}（{quarter}，第{n}次督办）"))
        body = "".join(f"<dt>{k}</dt><dd>{text(v)}</dd>" for k, v in fields if v)
        return (f'<div class="answer" id="a-{text(s.milestone.id)}-{gid}" data-m="{text(s.milestone.id)}" '
                f'data-agency="{text(lead.agency)}"><h5><a href="#{gid}">{text(lead.agency)}</a></h5>'
                f'<dl>{body}</dl></div>')

    def agency_index(self) -> str:
        lines: dict[str, list[str]] = {name: [] for name, _, _ in self.count.agencies}
        for s, lead in self.count.lead_states():
            gid = self.agency_ids.get(lead.agency, "")
            lines.setdefault(lead.agency, []).append(
                f'<li>{_light(s.light)} <a href="#a-{text(s.milestone.id)}-{gid}">{text(s.milestone.id)} '
                f'{text(_short(s.milestone.text))}</a> · {text(lead.label)}{"（逾期）" if lead.overdue else ""}</li>')
        parts = ['<section class="part detail" id="by-agency-items"><h2>按单位查看节点</h2>']
        for name, items in lines.items():
            parts.append(f'<details class="agency" id="{self.agency_ids.get(name, "")}"><summary>{text(name)}'
                         f'（{len(items)}个节点）</summary><ul>{"".join(items)}</ul></details>')
        parts.append("</section>")
        return "".join(parts)

    def html(self) -> str:
        title = f"{text(self.plan.title)} {self.quarter} 驾驶舱"
        body = "".join((self.headline(), self.sections_table(), self.agencies_table(), self.trends(),
                        self.targets(), self.items(), self.agency_index()))
        return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<meta http-equiv="X-UA-Compatible" content="IE=edge"><title>{title}</title>'
                f'<style>{STYLE}</style></head><body>'
                f'<input type="checkbox" id="only-summary" class="noprint">'
                f'<label for="only-summary" class="noprint toggle">只看摘要（打印时只印总体情况、分板块和分单位三部分）</label>'
                f'<main>{self.title_block()}{body}</main><script>{SCRIPT}</script></body></html>\n')


def dashboard_html(plan: "Plan", record: "QuarterRecord", count: QuarterCount, *, ledger: "Ledger | None" = None,
                   register: "Register | None" = None, previous_counts: Mapping[str, Mapping[str, Any]] | None = None,
                   office_name: str = "") -> str:
    """The page's text (see the module docstring)."""
    return _Page(plan, record, count, ledger=ledger, register=register, previous_counts=previous_counts or {},
                 office_name=office_name).html()


def _short(value: str, limit: int = 40) -> str:
    s = one_line(value)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _sort_value(tally: Tally, key: str) -> str:
    if key in ("rate", "on_time_rate"):
        rate = getattr(tally, key)
        return "-1" if rate is None else f"{rate:.6f}"
    return str(getattr(tally, key))


def _quarter_or_none(value: str) -> Quarter | None:
    try:
        return Quarter.parse(value)
    except PlanbookError:
        return None


def _year_pace(count: QuarterCount) -> tuple[int, int, float]:
    """The year's 序时进度 as the 通报 counts it (:func:`planbook.report.figures.year_pace`):
    milestones due in the quarter's year, of them done, and the share of the year gone."""
    year = [s for s in count.milestones if s.deadline is not None and s.deadline.year == count.quarter.year]
    return len(year), sum(s.label == CATEGORIES[0] for s in year), count.quarter.end.month / 12


def _duban_numbers(register: "Register | None", quarter: Quarter) -> dict[tuple[str, str], list[tuple[str, str, int]]]:
    """(agency, milestone) -> the 督办单 up to ``quarter`` that listed it: (number, quarter, 第N次)."""
    out: dict[tuple[str, str], list[tuple[str, str, int]]] = {}
    if register is None:
        return out
    from planbook.supervision.register import DUBAN

    issued = [i for i in register.issues if i.kind == DUBAN and not i.withdrawn
              and _quarter_or_none(i.quarter) is not None and Quarter.parse(i.quarter) <= quarter]
    for i in sorted(issued, key=lambda i: (Quarter.parse(i.quarter), i.n)):
        for mid in i.milestone_ids:
            got = out.setdefault((i.agency, mid), [])
            got.append((i.number, i.quarter, len(got) + 1))
    return out


__all__: Sequence[str] = ("write_dashboard", "dashboard_path", "dashboard_html", "DASHBOARD_SUFFIX")
