"""`planbook duban`: the quarter's 督办单 (one per agency with overdue or at-risk milestones)
and 提醒函 (one per agency with milestones due soon), numbered through the register.

The 督办单 takes the form ``[duban] form`` of the rules names: ``table``, the 督办通知单
(编号, 督办事项, 办理要求, 任务来源, 牵头/配合单位, 交办时间, 办理时限, 反馈方式与时限, 紧急程度,
联系人, 电话, then the list of milestones), or ``letter``, a 督办函 in the 通报's 版头. Which
milestones, with which light and how often urged, is :mod:`planbook.supervision.selection`'s
business; the numbers are :mod:`planbook.supervision.register`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Callable, cast

from planbook.store.folder import QuarterFolder
from planbook.ledger.lines import Ledger
from planbook.core.quarter import RED
from planbook.supervision.register import DUBAN, REMINDER, Issue, Register
from planbook.supervision.selection import Item, duban_items, reminder_items
from planbook.report import gbt9704 as std
from planbook.report.letters import header, item_line, letter_bytes, new_letter, signature
from planbook.report.reminders import reminder_document
from planbook.report.settings import load_settings
from planbook.core.statuses import cn_date
from planbook.report.wording import clip

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.model import Plan
    from planbook.base.resources import Office
    from planbook.store.record import QuarterRecord
    from planbook.core.rules import Rules


@dataclass
class Issued:
    """What a run of ``planbook duban`` wrote and decided."""

    duban: list[tuple[Issue, Path, str]] = field(default_factory=list)  # issue, file, new/same/revised
    reminders: list[tuple[Issue, Path, str]] = field(default_factory=list)
    withdrawn: list[Issue] = field(default_factory=list)
    backed_up: list[Path] = field(default_factory=list)
    register: Path | None = None


@dataclass(frozen=True)
class Letter:
    """What one 督办单 says, apart from its items."""

    number: str
    agency: str
    partners: str
    plan_title: str
    day: date
    answer_by: date
    rules: "Rules"
    office: "Office"


def write_duban(plan: "Plan", folder: QuarterFolder, workspace: Path, *, day: date, rules: "Rules",
                office: "Office", progress: Callable[[str], None] | None = None,
                meanwhile: Callable[[], None] | None = None, jobs: int | None = None) -> Issued:
    """Select, number and write the quarter's 督办单 and 提醒函. Call under the ledger's lock.
    Numbers are saved in the register before any letter is written, so a failed run never
    gives them again; a letter replaced by different content is moved to 备份/ first.

    The letters are written by ``jobs`` processes (default: all cores, for a few hundred
    letters); ``meanwhile`` runs in this process once they are handed out."""
    import os

    from planbook.base.pool import run_batches
    from planbook.store.session import backup

    from planbook.count.standing import count_quarter

    quarter = folder.quarter
    ledger = Ledger.load(workspace)
    register = Register.load(workspace)
    # the count the 通报 prints: a 督办单 urges only what the 通报 names, as it names it
    count = count_quarter(plan, _record(plan, folder, ledger), rules=rules)
    own = set(load_settings().options.own_units)  # the issuer sends no letter to itself
    urged = {a: items for a, items in duban_items(plan, ledger, quarter, rules, register.earlier(quarter),
                                                  count=count).items() if a not in own}
    reminded = {}  # a milestone already in the agency's 督办单 is not reminded of again
    for agency, items in reminder_items(plan, ledger, quarter, rules, day, count=count).items():
        if agency in own:
            continue
        left = [i for i in items if i.milestone_id not in {u.milestone_id for u in urged.get(agency, [])}]
        if left:
            reminded[agency] = left
    answer_by = day + timedelta(days=rules.duban.answer_days)
    out = Issued()
    plans: list[tuple[str, Issue, Path, str, list[Item]]] = []
    for agency in plan.agency_names:
        if agency in urged:
            path = folder.duban_letter(agency)
            issue, what = register.issue(DUBAN, quarter, agency, urged[agency], day=day, answer_by=answer_by,
                                         pattern=rules.duban.number, file=_relative(path, workspace))
            plans.append((DUBAN, issue, path, what, urged[agency]))
        if agency in reminded:
            path = folder.reminder(agency)
            issue, what = register.issue(REMINDER, quarter, agency, reminded[agency], day=day, answer_by=None,
                                         pattern=rules.reminders.number, file=_relative(path, workspace))
            plans.append((REMINDER, issue, path, what, reminded[agency]))
    out.withdrawn = (register.withdraw_missing(DUBAN, quarter, urged)
                     + register.withdraw_missing(REMINDER, quarter, reminded))
    out.register = register.save(workspace)
    stale = [p for _, _, p, what, _ in plans if what == "revised" and p.exists()]
    stale += [p for i in out.withdrawn if (p := workspace / i.file).exists()]
    if stale:
        backup(folder, stale, f"planbook duban：{quarter} 重新生成，督办单或提醒函的事项有变化（编号不变）")
        out.backed_up = stale
    title = plan.title or "重点任务"
    letters = [(kind, issue.number, issue.agency, issue.issued, _partners(plan, items), str(path), items)
               for kind, issue, path, _what, items in plans]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(letters) // LETTERS_PER_PROCESS or 1))
    done = run_batches(_write_letters, letters, jobs=jobs, size=16 if jobs > 1 else 1,
                       initializer=_start_letters, initargs=(title, answer_by, rules, office), meanwhile=meanwhile)
    planned = iter(plans)
    for _written in done:  # (iterated even when there is no letter: ``meanwhile`` runs)
        kind, issue, path, what, _items = next(planned)
        if progress:
            progress(f"{kind} {issue.agency}")
        (out.duban if kind == DUBAN else out.reminders).append((issue, path, what))
    return out


LETTERS_PER_PROCESS = 100
"""Letters worth a process of their own (a process costs about the time of 100 letters to start)."""
_LETTERS: dict[str, object] = {}


def _start_letters(title: str, answer_by: date, rules: "Rules", office: "Office") -> None:
    _LETTERS.update(title=title, answer_by=answer_by, rules=rules, office=office)


def _write_letters(letters: list[tuple[str, str, str, str, str, str, list[Item]]]) -> list[str]:
    """In a worker (or this process): each letter's .docx, written atomically."""
    from planbook.base.files import atomic_write_bytes

    title, rules, office = str(_LETTERS["title"]), cast("Rules", _LETTERS["rules"]), cast("Office", _LETTERS["office"])
    out = []
    for kind, number, agency, issued, partners, path, items in letters:
        day = date.fromisoformat(issued)
        if kind == DUBAN:
            data = duban_document(Letter(number, agency, partners, title, day, cast(date, _LETTERS["answer_by"]),
                                         rules, office), items)
        else:
            data = reminder_document(number, agency, title, items, day, rules, office)
        atomic_write_bytes(path, data)
        out.append(path)
    return out


def _record(plan: "Plan", folder: QuarterFolder, ledger: Ledger) -> "QuarterRecord":
    """The quarter's record, as the 通报 counted it; the ledger's standing answers when the
    folder has none (a ledger carried forward by hand)."""
    from planbook.store.record import QuarterRecord

    if folder.record.is_file():
        return QuarterRecord.load(folder.record)
    task_of = {m.id: t.id for t in plan.tasks for m in t.milestones}
    entries = [a.entry(agency, task_of[mid], mid) for (agency, mid), a in ledger.standing(folder.quarter).items()
               if mid in task_of]
    return QuarterRecord(str(folder.quarter), plan.fingerprint, "", entries=entries)


def _relative(path: Path, workspace: Path) -> str:
    try:
        return path.resolve().relative_to(workspace.resolve()).as_posix()
    except ValueError:
        return str(path)


def _partners(plan: "Plan", items: list[Item]) -> str:
    names: list[str] = []
    for i in items:
        names += [p for p in i.partners if p not in names]
    return "、".join(names)


def _summary(items: list[Item]) -> str:
    late = sum(i.overdue for i in items)
    parts = []
    if late:
        parts.append(f"逾期未完成{late}项")
    if len(items) - late:
        parts.append(f"进度滞后或有逾期风险{len(items) - late}项")
    return "、".join(parts)


def duban_document(letter: Letter, items: list[Item]) -> bytes:
    """The .docx of one agency's 督办单, in the form the rules choose."""
    dr = letter.rules.duban
    w = new_letter(dr.issuer)
    feedback = dr.feedback.replace("{deadline}", cn_date(letter.answer_by))
    source = dr.source.replace("{plan}", letter.plan_title)
    urgency = dr.urgency_red if any(i.light == RED for i in items) else dr.urgency_yellow
    if dr.form == "table":
        header(w, dr.issuer, letter.number, dr.title, "")
        rows: list[list[object]] = [
            ["督办事项", f"{source}中你单位牵头的节点{_summary(items)}（见下表），现予督办。"],
            ["办理要求", dr.requirements],
            ["任务来源", source],
            ["牵头单位", letter.agency],
            ["配合单位", letter.partners or "—"],
            ["交办时间", cn_date(letter.day)],
            ["办理时限", f"{cn_date(letter.answer_by)}前（{dr.answer_days}天）"],
            ["反馈方式与时限", feedback],
            ["紧急程度", urgency],
            ["联系人", letter.office.contact],
            ["电话", letter.office.phone],
        ]
        w.table(["编号", letter.number], rows, [1900, std.TYPE_WIDTH - 1900], ["center", "left"],
                cant_split=True)
        w.blank()
        w.para("label", "督办事项清单")
        w.table(["序号", "任务", "节点目标", "完成时限", "当前状态", "督办等级"],
                [[n, clip(f"{i.task_cited}：{i.task_title}", 30), f"【{i.milestone_id}】" + clip(i.text, 80), i.deadline_label,
                  i.status_label + i.reported_label, _grade(i)]
                 for n, i in enumerate(items, 1)],
                [640, 1800, 2900, 1200, 1304, 1000], ["center", "left", "left", "center", "center", "center"],
                cant_split=True, valign="top")
    else:
        header(w, dr.issuer, letter.number, dr.letter_title.replace("{agency}", letter.agency) or dr.title,
               letter.agency)
        w.para("body", f"根据{source}和{letter.day.year}年督查工作安排，经督查，你单位牵头的节点"
               f"{_summary(items)}，现予督办（紧急程度：{urgency}）。具体如下：")
        for n, item in enumerate(items, 1):
            w.para("body", item_line(n, item, urged=True))
        w.para("body", "办理要求：" + dr.requirements)
        w.para("body", f"办理时限：{cn_date(letter.answer_by)}前。" + feedback)
        if letter.partners:
            w.para("body", f"配合单位：{letter.partners}。")
        w.para("body", f"联系人：{letter.office.contact}，电话：{letter.office.phone}。")
    signature(w, dr.signature or dr.issuer, letter.day)
    return letter_bytes(w, dr.issuer, f"{dr.title}（{letter.number}）")


def _grade(item: Item) -> str:
    from planbook.core.rules import LIGHT_WORDS

    return LIGHT_WORDS[item.light] + (f"\u3000第{item.times}次" if item.times > 1 else "")


def issue_duban(plan: "Plan", folder: QuarterFolder, *, day: date | None = None,
                progress: Callable[[str], None] | None = None, say: Callable[[str], None] | None = None,
                rules: "Rules | None" = None, office: "Office | None" = None) -> Issued:
    """``planbook duban``: the quarter's letters from the workspace's ledger, under the
    folder's and the ledger's locks, by ``rules`` (default: ``templates/supervision.toml``) and from
    ``office`` (default: ``templates/office.toml``); then the 台账 workbook again, with its
    督办台账 sheet."""
    from planbook.ledger.lines import ledger_workbook, workspace_of
    from planbook.base.problems import SettingsError, fail
    from planbook.base.resources import OfficeSettingsError, office_settings
    from planbook.core.rules import default_rules
    from planbook.store.session import FolderSession

    workspace = workspace_of(folder.path)
    quarter = folder.quarter
    rules = rules or default_rules()
    with FolderSession(folder, "duban", say=say), Ledger.lock(workspace, "duban"):
        ledger = Ledger.load(workspace)
        if not any(str(quarter) in line.answers for line in ledger.lines.values()):
            raise fail("record_missing", f"台账 {Ledger.path(workspace)} 中没有 {quarter} 的汇总结果：请先运行 "
                       f"planbook collect --quarter {quarter}（督办单按台账生成）。", file=str(Ledger.path(workspace)))
        if not plan.owns(ledger.plan_fingerprint):
            raise fail("ledger_invalid", f"台账属于另一个方案（{ledger.plan_fingerprint}），请用 --plan 指定该方案。",
                       file=str(Ledger.path(workspace)))
        try:
            office = office or office_settings()
        except OfficeSettingsError as exc:
            raise SettingsError(exc.args[0], file=exc.args[1]) from None

        def ledger_book() -> None:  # the 台账 with its 督办台账 (the register is saved), while the letters are written
            ledger_workbook(ledger, plan, Ledger.workbook_path(workspace), as_of=quarter,
                            extra=[Register.load(workspace).sheet(ledger)], rules=rules)

        issued = write_duban(plan, folder, workspace, day=day or date.today(), rules=rules, office=office,
                             progress=progress, meanwhile=ledger_book)
    return issued
