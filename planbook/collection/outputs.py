"""Writing a collected quarter: every return archived as received, ``record.json``,
``entries.csv``, the 汇总表 (the master workbook with the agencies' answers and sheets of
returns, missing agencies and problems) and one 问题清单 per agency for the office to send
back: a document saying what to correct by when and whom to call (``templates/office.toml``).
An agency whose problems are all fixed has its old list removed. Times are shown in the
office's time zone; ``record.json`` keeps UTC. Writes are atomic, and a run that changes
nothing leaves every file as it was.
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import partial
from pathlib import Path
import os
from typing import TYPE_CHECKING, Any, KeysView, Sequence

from planbook.base.files import atomic_path, ensure_dir
from planbook.store.folder import QuarterFolder
from planbook.core.statuses import DONE, STATUSES, cn_date, month_label
from planbook.xlsx.layout import MAX_CELL_TEXT, workbook_layout
from planbook.core.model import Milestone, Plan
from planbook.base.problems import CATALOGUE, Problem, SettingsError, title_of
from planbook.core.quarter import Quarter
from planbook.store.record import Entry, QuarterRecord, ReturnFile
from planbook.base.resources import Office, OfficeSettingsError, office_settings
from planbook.store.session import Commit, FolderSession, checkpoint, note_identity, now, record_refused
from planbook.collection.consolidation import CollectResult

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.rules import Rules
    from planbook.count.standing import LeadState, QuarterCount
    from planbook.xlsx.workbook import ExtraSheet, Standing

_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class CollectOutputs:
    """What :func:`write_collect_outputs` wrote, and where."""

    place: QuarterFolder
    problem_lists: dict[str, Path] = field(default_factory=dict)
    archived: list[Path] = field(default_factory=list)  # newly archived by this run
    unchanged: bool = False  # the record is the same as the one already there
    removed: list[str] = field(default_factory=list)  # 问题清单 removed: those agencies fixed everything

    @property
    def folder(self) -> Path:
        return self.place.path

    @property
    def master(self) -> Path:
        """The 汇总表."""
        return self.place.consolidated

    @property
    def record(self) -> Path:
        return self.place.record

    @property
    def entries(self) -> Path:
        return self.place.entries

    def paths(self) -> dict[str, Path]:
        """What was written, by its name for the office: ``{"汇总表": ..., "问题清单": ...}``."""
        return {"汇总表": self.master, "汇总记录": self.record, "回执明细": self.entries,
                "问题清单": self.place.problem_lists, "回执存档": self.place.archive}

    def keys(self) -> KeysView[str]:  # a mapping of paths too, so ``{**outputs}`` works
        return self.paths().keys()

    def __getitem__(self, key: str) -> Path:
        return self.paths()[key]


PROBLEM_LIST_HEADER = ("文件", "工作表", "单元格", "任务", "节点", "栏目", "填写内容", "允许", "问题说明")
_PROBLEM_LIST_WIDTHS = (24, 12, 7, 5, 6, 10, 24, 24, 50)


def problem_row(p: Problem) -> list[str]:
    message = p.message if p.is_error else "（提示）" + p.message
    return [p.file, p.sheet, p.cell, p.task_id, p.milestone_id, p.field, p.value, p.allowed, message]


def write_collect_outputs(result: CollectResult, out_dir: str | Path, *, office: Office | None = None,
                          write_lists: bool = True) -> CollectOutputs:
    """Archive every file received and write the quarter's outputs into ``out_dir``: the
    consolidated workbook, one problem list per agency, ``record.json`` and ``entries.csv``.

    The outputs change together: they are staged and made current in one step, so a run
    killed at any moment leaves the previous set or the new one (:mod:`planbook.store.session`).
    Accepted returns are kept in the archive, refused files in 拒收/, each once and never
    overwritten; a run that finds the same record as the one already there changes nothing.
    ``office`` is the workspace's (default: ``templates/office.toml``); ``write_lists=False`` holds
    the problem lists back (the office file still holds example data) and leaves earlier ones.
    """
    place = QuarterFolder.of(result.quarter, out_dir)
    with FolderSession(place, "collect"):
        ensure_dir(place.path)
        record = result.record
        archived = _archive(result, place)
        record_refused(place, {r.sha256: {"file": r.file, "kept_as": r.archived_as, "refusal": r.refusal, "at": now()}
                               for r in result.new_refusals if r.sha256})
        checkpoint("archived")

        unchanged = False
        if place.has_record():
            try:
                old = QuarterRecord.load(place.record)
                if _same_record(old, record):
                    record.generated_at = old.generated_at
                    unchanged = True
            except (ValueError, KeyError, TypeError, OSError):
                pass
        written_at = _parse_time(record.generated_at)
        office = office or _office()

        commit = Commit(place)
        commit.write(place.record, record.to_json())
        checkpoint("staged-record")
        commit.write(place.entries, _entries_csv(record))
        checkpoint("staged-entries")
        lists: dict[str, Path] = {}
        by_agency: dict[str, list[Problem]] = {}
        for p in record.problems:
            by_agency.setdefault(p.agency, []).append(p)
        list_dir = place.problem_lists
        stale = {f.name for f in list_dir.glob("*_问题清单.xlsx")} if list_dir.is_dir() else set()
        quarter = Quarter.parse(record.quarter)
        if not write_lists:
            by_agency, stale = {}, set()
        for agency in by_agency:
            lists[agency] = place.problem_list(agency)
            stale.discard(lists[agency].name)

        def master() -> None:  # the 汇总表, here, while the processes write the problem lists
            commit.make(place.consolidated, lambda p: _write_master(result, p, written_at, office))
            checkpoint("staged-master")

        jobs = max(1, min(os.cpu_count() or 1, len(by_agency) // LISTS_PER_PROCESS or 1))
        commit.make_each(list(lists.values()), _write_problem_lists, list(by_agency.items()), jobs=jobs,
                         initializer=_start_lists, initargs=(quarter, written_at, office), meanwhile=master)
        removed = sorted(stale)  # agencies that fixed everything: no list left to mislead
        for name in removed:
            commit.remove(list_dir / name)
        checkpoint("staged-lists")
        commit.apply(checkpoint)
        checkpoint("committed")
        note_identity(place, record.plan_fingerprint)
    return CollectOutputs(place, lists, archived, unchanged, removed)


def _office() -> Office:
    try:
        return office_settings()
    except OfficeSettingsError as exc:
        raise SettingsError(exc.args[0], file=exc.args[1]) from None


def _archive(result: CollectResult, place: QuarterFolder) -> list[Path]:
    """Copy each file received, once, by content: accepted returns to the archive, refused
    files to 拒收/. What is already there is never overwritten."""
    out = []
    for r in result.record.returns:
        if not r.sha256 or not r.archived_as:
            continue
        target = place.path / r.archived_as
        if target.exists():
            continue
        source = next((p for p in result.sources.get(r.sha256, []) if p.is_file()), None)
        if source is None:
            continue
        with atomic_path(target) as tmp:
            shutil.copy2(source, tmp)  # its time too: the record keeps it
        out.append(target)
    return out


def _same_record(a: QuarterRecord, b: QuarterRecord) -> bool:
    da, db = a.to_dict(), b.to_dict()
    da.pop("generated_at"), db.pop("generated_at")
    return da == db


def local_zone(name: str) -> tzinfo:
    """The office's time zone (``Asia/Shanghai``); China's fixed UTC+8 where the system has no
    zone database (Windows without ``tzdata``)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except (ImportError, ValueError, KeyError, OSError):
        return timezone(timedelta(hours=8), "北京时间")


def local_time(iso: str, zone: str = "Asia/Shanghai") -> str:
    """``2023-06-30T17:00:00Z`` -> ``2023-07-01 01:00`` in ``zone``; a time without a zone is
    taken as UTC (as records write them); text that is not a time is shown as it is."""
    if not iso:
        return ""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(local_zone(zone)).strftime("%Y-%m-%d %H:%M")


def working_days_after(day: date, days: int) -> date:
    """The day ``days`` working days (Monday to Friday) after ``day``."""
    while days > 0:
        day += timedelta(days=1)
        days -= day.weekday() < 5
    return day


def _parse_time(iso: str) -> datetime:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return datetime.now().replace(microsecond=0)


def csv_safe(text: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    return "'" + text if text.startswith(_FORMULA_LEAD) else text


def _csv_text(value: object) -> str:
    """A field of entries.csv: the actuals as JSON ({"3": 211.0}), the rest as text."""
    import json

    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value)


def _entries_csv(record: QuarterRecord) -> bytes:
    names = [f.name for f in fields(Entry)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for e in record.entries:
        writer.writerow([csv_safe(_csv_text(getattr(e, n))) for n in names])
    return buffer.getvalue().encode("utf-8-sig")


def _write_master(result: CollectResult, path: Path, written_at: datetime, office: Office) -> None:
    from planbook.count.standing import count_quarter
    from planbook.xlsx.workbook import UNREPORTED_FILL, write_workbook

    record = result.record
    count = count_quarter(result.plan, record, rules=result.rules)
    answers = {(e.agency, e.milestone_id): e for e in record.entries}
    values: dict[tuple[str, str], str] = {}
    lights: dict[str, str] = {}
    for m in record.milestones:
        state = count.state(m.milestone_id)
        if state is None:
            continue
        lights[m.milestone_id] = state.light if state.status else UNREPORTED_FILL  # 未报送 is never green
        if state.status:  # the milestone's state by the multi-lead rule, as the 通报 says it
            values[(m.milestone_id, "status")] = state.status
        if m.done_month and state.status == DONE:
            values[(m.milestone_id, "done_month")] = month_label(m.done_month)
        for key in ("progress", "evidence"):
            text = getattr(m, key)
            if text:
                values[(m.milestone_id, key)] = text[:MAX_CELL_TEXT]
        values.update(_said(answers, state.leads, m.milestone_id))
    values.update(_actual_values(result))
    write_workbook(path, workbook_layout(result.plan), result.quarter, values=values, lights=lights,
                   protect=False, extra_sheets=_master_sheets(result, office), written_at=written_at,
                   standing=_standing(count, result.rules))


def _said(entries: dict[tuple[str, str], Entry], leads: Sequence["LeadState"],
          milestone_id: str) -> dict[tuple[str, str], str]:
    """What the leads said of 预计完成时间, 存在问题 and 下步措施, each agency named when
    there are several: the 汇总表 shows the agencies' own words."""
    out: dict[tuple[str, str], str] = {}
    for key in ("expected_month", "issues", "next_steps"):
        said = []
        for lead in leads:
            e = entries.get((lead.agency, milestone_id))
            text = getattr(e, key) if e is not None else ""
            if text:
                text = month_label(text) if key == "expected_month" else text
                said.append(f"【{lead.agency}】{text}" if len(leads) > 1 else text)
        if said:
            out[(milestone_id, key)] = "".join(said)[:MAX_CELL_TEXT]
    return out


def _actual_values(result: CollectResult) -> dict[tuple[str, str], str]:
    """The 量化目标 sheet of the 汇总表: 完成值 as reported this quarter, 最近报送 the figure
    standing (this quarter's or an earlier one), with the quarter and, for a milestone with
    several leads, the agency that reported it."""
    from planbook.xlsx.layout import actual_key, latest_key
    from planbook.core.measures import format_value, plan_targets

    record, values = result.record, {}
    for mid, targets in plan_targets(result.plan).items():
        leads = result.plan.task(result.plan.milestone(mid).task_id).responsible
        for n, t in enumerate(targets, 1):
            got = record.actual_of(mid, n, leads)
            if got is None:
                continue
            value, quarter, agency = got
            if quarter == record.quarter:
                values[(mid, actual_key(n))] = format_value(value)
            who = f"，{agency}" if len(leads) > 1 else ""
            values[(mid, latest_key(n))] = f"{format_value(value)}{t.unit}（{quarter}{who}）"
    return values


def _standing(count: "QuarterCount", rules: "Rules | None" = None) -> "Standing":
    """What the 汇总表's summary counts by: the quarter's one count (:mod:`planbook.count.standing`):
    an agency's own answers for agencies, the milestone's state by the multi-lead rule for
    sections."""
    from planbook.count.standing import category
    from planbook.xlsx.workbook import Standing

    def figures(milestones: Sequence[Milestone], agency: str) -> list[float | None]:
        """Due, completed, on time, overdue, completion rate, on-time rate (of the due ones;
        None when none is due), then each status and 未报送 over all."""
        due = done = on_time = overdue = 0
        statuses = dict.fromkeys((*STATUSES, "未报送"), 0)
        for m in milestones:
            state = count.state(m.id)
            if state is None:
                continue
            lead = state.lead(agency) if agency else None
            status, is_late, late_overdue = ((lead.status, lead.late if lead.done_month else state.late, lead.overdue)
                                             if lead is not None else (state.status, state.late, state.overdue))
            statuses[category(status)] += 1
            if not state.due:
                continue
            due += 1
            overdue += late_overdue
            if status == DONE:
                done += 1
                on_time += not is_late
        rates: list[float | None] = [done / due, on_time / due] if due else [None, None]
        return [due, done, on_time, overdue, *rates, *statuses.values()]

    return Standing(count.quarter, figures, rules)


def _handling(r: ReturnFile, files: dict[str, str]) -> str:
    if not r.accepted:
        return "拒收：" + title_of(r.refusal)
    if r.withdrawn:
        return "已撤回（不计入汇总）"
    if r.superseded_by:
        return f"（已被 {files.get(r.superseded_by, '后报送的版本')} 替代）"
    return "采用"


def _master_sheets(result: CollectResult, office: Office) -> list["ExtraSheet"]:
    from planbook.xlsx.workbook import ExtraSheet

    record = result.record
    files = {r.sha256: r.file for r in record.returns if r.sha256}
    sheets = [
        ExtraSheet("回执清单", ("文件", "单位", "写入时间", "处理", "问题数", "存档", "文件指纹"), [
            (r.file, r.agency, local_time(r.written_at, office.timezone), _handling(r, files), str(r.problems),
             r.archived_as, r.sha256[:12])
            for r in record.returns], (30, 18, 16, 26, 7, 36, 14)),
        ExtraSheet("未报送单位", ("单位", "任务数", "任务"), [
            (a.name, str(len(a.task_ids)), "、".join(a.task_ids))
            for a in result.plan.agencies if a.name in set(record.missing_agencies)], (28, 8, 40)),
    ]
    if record.requests:  # 延期申请 filed in the returns, and the office's decision once reviewed
        decided = {"granted": "批准", "refused": "不批准"}
        sheets.append(ExtraSheet("延期申请", ("节点", "单位", "申请延期至", "延期理由", "提出日期", "是否逾期提出", "审核"), [
            (r["milestone_id"], r["agency"], month_label(r["deadline"]), r.get("reason", ""), r.get("filed", ""),
             "逾期提出" if r.get("late") else "", decided.get(r.get("decision", ""), "待审核"))
            for r in record.requests], (8, 18, 11, 40, 11, 10, 8)))
    header = ("单位",) + PROBLEM_LIST_HEADER
    order = {code: i for i, code in enumerate(CATALOGUE)}
    for kind in sorted({p.kind for p in record.problems}, key=lambda k: order.get(k, len(order))):
        rows = [[p.agency] + problem_row(p) for p in record.problems if p.kind == kind]
        sheets.append(ExtraSheet(f"问题-{title_of(kind)}"[:31], header, rows, (16,) + _PROBLEM_LIST_WIDTHS))
    return sheets


NOTICE_HEADER = ("序号", "类别", "位置", "节点、栏目", "填写内容", "问题和修改要求")
_NOTICE_WIDTHS = (4.5, 5, 17, 9, 11, 30)  # A4 portrait at full size


def notice_row(n: int, p: Problem) -> list[str]:
    """One problem in plain words, with where it is: file, sheet and cell on their own lines."""
    where = "\n".join(x for x in (p.file and f"文件 {p.file}", p.sheet and f"工作表 {p.sheet}",
                                    p.cell and f"单元格 {p.cell}") if x)
    what = "\n".join(x for x in (p.milestone_id and f"节点 {p.milestone_id}" or p.task_id and f"任务 {p.task_id}",
                                   p.field) if x)
    message = p.message + (f"（应填：{p.allowed}）" if p.allowed and p.allowed not in p.message else "")
    return [str(n), "错误" if p.is_error else "提示", where, what, p.value, message]


LISTS_PER_PROCESS = 100
"""Problem lists worth a process of their own."""
_LISTS: dict[str, Any] = {}


def _start_lists(quarter: Quarter, written_at: datetime, office: Office) -> None:
    _LISTS.update(quarter=quarter, written_at=written_at, office=office)


def _write_problem_lists(batch: list[tuple[str, tuple[str, list[Problem]]]]) -> list[str]:
    """In a worker (or this process): each agency's 问题清单 at its staged path."""
    for path, (agency, problems) in batch:
        _write_problem_list(Path(path), agency, _LISTS["quarter"], problems, _LISTS["written_at"], _LISTS["office"])
    return [path for path, _ in batch]


def _write_problem_list(path: Path, agency: str, quarter: Quarter, problems: Sequence[Problem],
                        written_at: datetime, office: Office) -> None:
    """The 问题清单 as a document the agency acts on: who, which quarter, what to correct by
    when, each problem with its cell, and whom to call."""
    from planbook.xlsx.workbook import Notice, write_notice_workbook

    collected = written_at.replace(tzinfo=timezone.utc).astimezone(local_zone(office.timezone)).date()
    by = working_days_after(collected, office.correction_days)
    errors = sum(p.is_error for p in problems)
    who = agency or "未识别单位"
    paragraphs = [
        f"{who}：" if agency else "以下文件无法确定报送单位：",
        f"{cn_date(collected)}汇总时，"
        f"{'你单位' if agency else '这些文件'}报送的{quarter.label}重点任务填报表有以下 {len(problems)} 个问题"
        f"（错误 {errors} 个、提示 {len(problems) - errors} 个）。",
        f"请于 {cn_date(by)}前，在原填报表上按“问题和修改要求”改正“错误”，"
        "核实“提示”，保存后重新报送（不必重新下载填报表）。",
    ]
    contact = "，".join(x for x in (office.contact and f"联系人：{office.contact}",
                                   office.phone and f"联系电话：{office.phone}") if x)
    closing = []
    if office.name or contact:
        closing.append(f"如有疑问，请联系{office.name or '督查办公室'}" + (f"（{contact}）" if contact else "") + "。")
    closing.append(f"{office.name}　{cn_date(collected)}".strip("　"))
    notice = Notice(f"{who}{quarter.label}填报问题清单", paragraphs, NOTICE_HEADER,
                    [notice_row(n, p) for n, p in enumerate(problems, 1)], _NOTICE_WIDTHS, closing,
                    running=f"{who}　{quarter.label}　问题清单")
    write_notice_workbook(path, notice, written_at=written_at)


def write_reviewed(place: QuarterFolder, record: QuarterRecord, agencies: Sequence[str], *, plan: Plan,
                   rules: "Rules | None" = None, office: Office | None = None, write_lists: bool = True) -> list[Path]:
    """The record after the office's review (:mod:`planbook.collection.verdicts`), the 汇总表
    counted again from it (its states, lights and 延期申请 as the 通报 will say them), and the
    问题清单 of ``agencies`` (those whose review problems changed) again, in one commit; the
    caller holds the folder's session. Returns the lists written."""
    office = office or _office()
    written_at = _parse_time(record.generated_at)
    quarter = Quarter.parse(record.quarter)
    commit = Commit(place)
    commit.write(place.record, record.to_json())
    if place.consolidated.is_file():
        counted = CollectResult(record, plan, quarter, rules=rules)
        commit.make(place.consolidated, lambda p: _write_master(counted, p, written_at, office))
    lists = []
    for agency in agencies if write_lists else ():
        problems = [p for p in record.problems if p.agency == agency]
        path = place.problem_list(agency)
        if problems:
            commit.make(path, partial(_write_problem_list, agency=agency, quarter=quarter, problems=problems,
                                      written_at=written_at, office=office))
            lists.append(path)
        elif path.is_file():
            commit.remove(path)
    commit.apply(checkpoint)
    return lists
