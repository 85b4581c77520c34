"""Reading returned files: which files under a folder are returns, what one file gives (who
sent it, for which plan and quarter, its entries, its problems), and many files read in
worker processes.

:func:`read_return` never raises for anything a file contains: the package checks
(:mod:`.intake`) and the identity checks refuse a file with one problem; an accepted file
is read sheet by sheet (:mod:`.sheets`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Mapping, Sequence

from planbook.store.folder import INBOX_FOLDER, ISSUED_FOLDER, REFUSED_FOLDER, RETURNS_FOLDER, original_name
from planbook.xlsx.requests_sheet import REQUESTS_SHEET
from planbook.xlsx.layout import LAYOUT_VERSION, PREFILL_MARK, READABLE_LAYOUTS, Identity, workbook_layout
from planbook.core.model import Plan
from planbook.base.pool import run_batches
from planbook.base.problems import WARNING, Problem, RefusedReturn
from planbook.core.quarter import Quarter
from planbook.store.record import Entry
from planbook.collection.cells import norm_key
from planbook.collection.intake import iso_utc, open_return, sha256_of
from planbook.collection.sheets import read_sheets

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".et", ".ett", ".ods", ".csv")
"""What a folder scan picks up: everything an agency might send back as its return, so a
.xls or .xlsm gets its own message instead of being silently passed over."""



@dataclass
class ReturnRead:
    """What one file gave: who sent it, when it was written, its entries and its problems."""

    file: str  # original name
    sha256: str
    written_at: str  # from the workbook; "" when it carries none
    mtime: str  # the file's modification time, ISO UTC
    agency: str = ""
    accepted: bool = False
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    path: str = ""
    skipped: bool = False  # a file export wrote, unchanged: not read
    contact: dict[str, str] = field(default_factory=dict)  # 填报人, 联系电话
    named: str = ""  # another agency of the plan that the file name (or its folder) names: a misfiled copy
    requests: list[dict[str, str]] = field(default_factory=list)  # 延期申请 (its 延期申请 sheet)

    @property
    def refusal(self) -> str:
        return "" if self.accepted else (self.problems[0].kind if self.problems else "")

    @property
    def when(self) -> str:
        return self.written_at or self.mtime


def read_return(path: str | Path, plan: Plan, quarter: str | Quarter, *, data: bytes | None = None,
                name: str | None = None, skip: frozenset[str] = frozenset(),
                earlier: Mapping[str, tuple[Plan, dict[str, str]]] | None = None,
                closed: Collection[tuple[str, str]] = ()) -> ReturnRead:
    """Read and validate one returned file. Never raises for anything the file contains.
    A file whose sha256 is in ``skip`` (a workbook as export wrote it) is not read.
    ``closed`` (agency, milestone id) were closed (销号) before the quarter: their locked
    answers are not the agency's news, so they do not make a return "updated"."""
    path = Path(path)
    quarter = Quarter.parse(quarter)
    mtime = ""
    try:
        if data is None:
            data = path.read_bytes()
            mtime = iso_utc(datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat())
    except OSError as exc:
        shown = name or path.name
        return ReturnRead(shown, "", "", "", problems=[Problem(
            "file_unreadable", f"文件无法打开（{exc.strerror or type(exc).__name__}）。", file=shown)], path=str(path))
    digest = sha256_of(data)
    name = name or original_name(path.name, digest)
    read = ReturnRead(name, digest, "", mtime, path=str(path))
    if digest in skip:
        read.skipped = True
        return read
    try:
        package = open_return(data, name, sha256=digest)
    except RefusedReturn as refused:
        read.problems.append(refused.problem)
        return read
    read.written_at = package.written_at
    read.problems.extend(package.problems)
    identity = package.identity
    if identity is None:
        read.problems.append(Problem(
            "no_identity", "工作簿中没有识别信息（定义名称 PLANBOOK_ID 和文档属性 planbook 都不存在），无法确定"
            "是哪个单位、哪个季度的填报表，可能是把内容复制到了新工作簿。请用下发的填报表填写后报送。",
            file=name, allowed="下发的填报表"))
        return read
    read.agency = identity.agency
    if earlier and identity.plan != plan.fingerprint and identity.plan in earlier:
        old, renames = earlier[identity.plan]
        return _revised(read_return(path, old, quarter, data=data, name=name), old, plan, renames)
    refusal = _check_identity(identity, plan, quarter, name)
    if refusal:
        read.problems.append(refusal)
        return _with_agency(read)
    layout = workbook_layout(plan, identity.agency, identity.layout)  # version 2: no 量化目标 sheet
    if identity.content and identity.content != layout.content_fingerprint:
        read.problems.append(Problem(
            "identity_content", "识别信息中的内容标识与方案不符（识别信息可能被改动过），已逐个单元格核对后读取。",
            file=name, value=identity.content, allowed=layout.content_fingerprint))
    try:
        read.entries, read.contact = read_sheets(package, layout, read.problems, file=name, sha256=digest,
                                                 quarter=quarter)
        if REQUESTS_SHEET in package.sheet_names:
            from planbook.collection.extension_requests import read_requests

            read.requests, found = read_requests(package, layout, quarter, file=name,
                                                 agency=identity.agency, filed=package.written_at or read.mtime)
            read.problems.extend(found)
    except Exception as exc:  # calamine cannot open what passed the package checks: refuse, go on
        read.problems.append(Problem(
            "file_broken", f"文件已损坏，无法读取单元格（{type(exc).__name__}）。请重新保存为 .xlsx 后报送。",
            file=name, allowed=".xlsx"))
        return _with_agency(read)
    read.accepted = True
    named = _named_agency(path, name, plan, identity.agency)
    if named:
        read.named = named
        read.problems.append(Problem(
            "return_misfiled", f"文件名写的是“{named}”，但工作簿是“{identity.agency}”的填报表（按识别信息），已按"
            f"“{identity.agency}”读取；“{named}”未计为已报送。如果是{named}误用了{identity.agency}的填报表，请{named}"
            f"用本单位的填报表重新填写后报送。", WARNING, file=name, agency=identity.agency, value=named,
            allowed=identity.agency))
    closed = frozenset(closed)
    own = [e for e in read.entries if (e.agency, e.milestone_id) not in closed]
    if not any(e.status or e.progress or e.evidence or e.actuals or e.issues or e.next_steps or e.done_month
               or e.expected_month for e in read.entries) and not any(_typed(p) for p in read.problems):
        # said once: not also "no contact"
        read.problems = [p for p in read.problems if p.kind != "contact_missing"]
        read.problems.append(Problem("nothing_reported", "回执中没有填写任何节点的完成状态和进展情况。", WARNING,
                                     file=name, value="（空）"))
    elif any(e.carried for e in own) and not any(e.progress and not e.carried for e in own):
        read.problems.append(Problem(
            "return_not_updated", f"回执的进展情况都还是上季度预填的内容（以“{PREFILL_MARK}”开头），本季度没有更新。"
            "已按上季度的情况记录；请更新各节点的进展情况后重新报送。", WARNING, file=name, value=PREFILL_MARK + "……",
            allowed="本季度的进展情况"))
    return _with_agency(read)


TYPED = frozenset({
    "status_invalid", "formula", "month_invalid", "month_ambiguous", "text_too_long", "control_chars", "not_lead",
    "row_inserted", "column_inserted", "outside_table", "same_as_above", "merged_across", "merged_cells",
    "value_converted", "month_inferred", "status_normalized", "row_duplicated", "actual_invalid",
    "actual_out_of_range", "done_month_unused", "row_deleted", "sheet_missing", "column_missing", "file_broken"})
"""Kinds that are about something the agency wrote, or about answers that could not be read: a
return with one of them is not said to have nothing in it."""

def _typed(p: Problem) -> bool:
    """A problem about something the agency wrote (an answer in a copied sheet included)."""
    return p.kind in TYPED or (p.kind == "sheet_added" and bool(p.milestone_id))


ANSWER = "（读到的答案）"
CONTRADICTIONS: tuple[tuple[str, str, str], ...] = (
    ("nothing_reported", ANSWER, "return"),  # an answer read (or named in a copied sheet), and "nothing reported"
    *(("nothing_reported", kind, "return") for kind in sorted(TYPED)),  # a value named, and "nothing reported"
    ("month_invalid", "done_month_missing", "cell"),  # "not a month", and "no 完成时间", on one cell
    ("month_invalid", "expected_month_missing", "cell"),
    ("month_ambiguous", "done_month_missing", "cell"),
    ("month_ambiguous", "expected_month_missing", "cell"),
    ("same_as_above", "done_without_progress", "field"),  # a 进展情况 written, and "no 进展情况"
    ("merged_cells", "done_without_progress", "field"),
    ("status_invalid", "status_normalized", "cell"),  # "not a status", and "read as a status"
    ("sheet_renamed", "sheet_missing", "sheet"),  # a sheet "read by content", and "not read"
    ("sheet_renamed", "columns_changed", "sheet"),
    ("sheet_renamed", "sheet_added", "sheet"),
    ("columns_moved", "columns_changed", "sheet"),  # "read by header", and "read by position"
    ("return_not_updated", "nothing_reported", "return"),
)
"""Messages that must never both be said about one return (in the same scope: the return,
a sheet, a milestone's field, a cell): one of each pair would be false."""


def contradictions(read: ReturnRead) -> list[tuple[str, str, str]]:
    """The pairs of :data:`CONTRADICTIONS` said about ``read``: (kind, kind, where)."""
    said: dict[str, list[Problem]] = {}
    for p in read.problems:
        said.setdefault(p.kind, []).append(p)
    answered = [e for e in read.entries if e.status or e.progress or e.evidence or e.issues or e.next_steps
                or e.done_month or e.expected_month or e.actuals] + [p for p in read.problems if p.kind == "sheet_added"
                                                                      and p.milestone_id]

    def keys(p: Problem, scope: str) -> set[tuple[str, ...]]:
        if scope == "return":
            return {(p.file,)}
        if scope == "sheet":  # a renamed sheet is named by its new name and by its old one
            return {(p.file, p.sheet)} | ({(p.file, p.allowed)} if p.kind == "sheet_renamed" else set())
        if scope == "field":
            return {(p.file, p.milestone_id, p.field)}
        return {(p.file, p.sheet, p.cell)}

    found = []
    for a, b, scope in CONTRADICTIONS:
        left = said.get(a, [])
        if b == ANSWER:
            if left and answered:
                found.append((a, b, read.file))
            continue
        right = {k for p in said.get(b, []) for k in keys(p, scope)}
        for p in left:
            both = keys(p, scope) & right
            if both:
                found.append((a, b, "、".join(x for x in sorted(both)[0] if x)))
    return found


def _named_agency(path: Path, name: str, plan: Plan, agency: str) -> str:
    """Another agency of the plan that the file's name, or else the folder it came in, names
    without naming the identity's agency ("" otherwise): a file saved under export's name in a
    folder of another agency's is that agency's misfiled copy too."""
    keys = plan.__dict__.get("_agency_keys")
    if keys is None:  # once per plan, not once per return
        keys = plan.__dict__["_agency_keys"] = tuple((a, norm_key(a)) for a in plan.agency_names if norm_key(a))

    def named_in(text: str) -> list[str]:
        text = norm_key(text)
        hits = [a for a, key in keys if key in text]
        return [a for a in hits if not any(a != b and a in b for b in hits)]  # the longest name, not a part of it

    for text in (Path(name).stem, path.parent.name if path.parent.name not in _OWN_FOLDERS else ""):
        hits = named_in(text) if text else []
        if hits and agency not in hits:
            return hits[0]
    return ""


_OWN_FOLDERS = frozenset({INBOX_FOLDER, ISSUED_FOLDER, RETURNS_FOLDER, REFUSED_FOLDER, ""})


def _revised(read: ReturnRead, old: Plan, plan: Plan, renames: Mapping[str, str]) -> ReturnRead:
    """A return of an earlier version of the plan, read into the revised plan: its agency
    renamed, the answers of milestones that are still the same milestone kept, a notice."""
    if not read.accepted:
        return read
    from planbook.core.revision import same_milestone

    agency = renames.get(read.agency, read.agency)
    kept, dropped = [], []
    for e in read.entries:
        new_m = plan.find_milestone(e.milestone_id)
        if new_m is not None and same_milestone(old.milestone(e.milestone_id), new_m) \
                and agency in plan.task(new_m.task_id).responsible:
            kept.append(replace(e, agency=agency))
        elif e.status:
            dropped.append(e.milestone_id)
    read.entries = kept
    read.problems = [replace(p, agency=agency) for p in read.problems]
    read.problems.append(Problem(
        "plan_revised", f"这是方案修订前下发的填报表（{read.agency}{'，现为' + agency if agency != read.agency else ''}），"
        f"已按修订后的方案读取 {len(kept)} 个仍对应的节点" + (f"；节点 {'、'.join(dropped)} 已变更或调整，未读取，"
                                                    "请用新下发的填报表补报" if dropped else "") + "。",
        WARNING, file=read.file, agency=agency, value=old.fingerprint, allowed=plan.fingerprint))
    read.agency = agency
    if not plan.tasks_of(agency):
        read.accepted = False
    return read


def _with_agency(read: ReturnRead) -> ReturnRead:
    read.problems = [p if p.agency else replace(p, agency=read.agency) for p in read.problems]
    return read


def _check_identity(identity: Identity, plan: Plan, quarter: Quarter, name: str) -> Problem | None:
    def refuse(kind: str, message: str, value: str, allowed: str) -> Problem:
        return Problem(kind, message, file=name, agency=identity.agency, value=value, allowed=allowed)

    if identity.layout not in READABLE_LAYOUTS:
        return refuse("wrong_layout", f"工作簿的版式版本是 {identity.layout}，本次汇总的版式版本是 {LAYOUT_VERSION}，"
                      "单元格位置不同，拒绝读取。请用本季度下发的填报表填写。", identity.layout, LAYOUT_VERSION)
    if identity.plan != plan.fingerprint:
        return refuse("wrong_plan", f"工作簿属于另一个方案（方案标识 {identity.plan}），不是本方案"
                      f"（{plan.fingerprint}），拒绝读取。请用本方案下发的填报表填写。", identity.plan, plan.fingerprint)
    if identity.quarter != str(quarter):
        return refuse("wrong_quarter", f"工作簿是 {identity.quarter or '未知季度'} 的填报表，不是 {quarter} 的，"
                      f"拒绝读取。请用 {quarter.label}下发的填报表填写。", identity.quarter, str(quarter))
    if not identity.agency:
        return refuse("master_workbook", "这是总表，不是单位填报表，拒绝读取。请报送本单位的填报表。",
                      "总表", "单位填报表")
    if not plan.tasks_of(identity.agency):
        return refuse("unknown_agency", f"识别信息中的单位“{identity.agency}”不是本方案的牵头单位，拒绝读取。",
                      identity.agency, "本方案的牵头单位")
    return None


# -- finding and reading many files ------------------------------------------------------------
def find_returns(paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Files to read: each file given, and every spreadsheet-like file under each folder
    (not lock files, hidden files or anything under ``exclude``), sorted, without repeats."""
    skip = [Path(p).resolve() for p in exclude]
    out: dict[Path, None] = {}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or f.suffix.lower() not in SPREADSHEET_SUFFIXES:
                    continue
                if f.name.startswith(("~$", ".")) or any(part.startswith(".") for part in f.relative_to(p).parts[:-1]):
                    continue
                real = f.resolve()
                if any(real.is_relative_to(s) for s in skip):
                    continue
                out.setdefault(real)
        elif p.is_file():
            out.setdefault(p.resolve())
    return list(out)


_WORKER: dict[str, Any] = {}


def _start_worker(plan: Plan, quarter: str, skip: frozenset[str],
                  earlier: dict[str, tuple[Plan, dict[str, str]]] | None = None,
                  closed: frozenset[tuple[str, str]] = frozenset()) -> None:
    _WORKER.update(plan=plan, quarter=Quarter.parse(quarter), skip=skip, earlier=earlier, closed=closed)


def _read_batch(paths: list[Path]) -> list[ReturnRead]:
    return [read_return(p, _WORKER["plan"], _WORKER["quarter"], skip=_WORKER["skip"], earlier=_WORKER["earlier"],
                        closed=_WORKER["closed"]) for p in paths]


def read_returns(paths: Sequence[Path], plan: Plan, quarter: Quarter, *, jobs: int | None = None,
                 progress: Callable[[str], None] | None = None, skip: frozenset[str] = frozenset(),
                 earlier: Mapping[str, tuple[Plan, dict[str, str]]] | None = None,
                 closed: Collection[tuple[str, str]] = ()) -> list[ReturnRead]:
    """Read every file, in this process for a few files or in ``jobs`` processes for many."""
    closed = frozenset(closed)
    paths = list(paths)
    if jobs is None:
        jobs = min(os.cpu_count() or 1, len(paths) // 100) or 1  # a process pays for itself only on many files
    jobs = max(1, min(jobs, len(paths)))
    if jobs == 1:
        reads: Iterable[ReturnRead] = (read_return(p, plan, quarter, skip=skip, earlier=earlier, closed=closed)
                                       for p in paths)
    else:
        size = max(1, min(32, len(paths) // (jobs * 4) or 1))
        from planbook.core.measures import plan_targets

        plan_targets(plan)  # found once here, kept with the plan the processes get (not once in each)
        reads = run_batches(_read_batch, paths, jobs=jobs, size=size, initializer=_start_worker,
                            initargs=(plan, str(quarter), skip, dict(earlier or {}), closed))
    out: list[ReturnRead] = []
    for read in reads:
        out.append(read)
        if progress:
            progress(read.file)
    return out
