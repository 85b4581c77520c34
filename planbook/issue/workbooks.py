"""``planbook export``: the blank master workbook and one workbook per lead agency for a
quarter, pre-filled with each agency's last answers when the previous quarter was collected.
The workbooks themselves are written by :mod:`planbook.xlsx.workbook`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Collection, Sequence

from planbook.base.files import ensure_dir
from planbook.store.folder import QuarterFolder
from planbook.core.statuses import DONE, SENT_BACK, month_label
from planbook.xlsx.review_form import REVIEW_MARK
from planbook.xlsx.layout import LAYOUT_VERSION, PREFILL_MARK, actual_key, latest_key, workbook_layout
from planbook.core.model import Plan
from planbook.base.pool import run_batches
from planbook.base.problems import fail
from planbook.core.quarter import Quarter
from planbook.store.record import QuarterRecord
from planbook.store.journal import ExportRun, interrupted, issued_digests, params_of
from planbook.store.session import FolderSession, backup, checkpoint, record_issued
from planbook.xlsx.workbook import warm_writer, write_workbook

if TYPE_CHECKING:  # pragma: no cover
    from planbook.store.record import QuarterRecord


@dataclass
class ExportResult:
    folder: Path
    master: Path | None
    agency_files: dict[str, Path] = field(default_factory=dict)
    prefilled: int = 0  # agency workbooks that carry last quarter's answers
    backup: Path | None = None  # where --force moved the workbooks it replaced
    closed: int = 0  # milestones shown done and locked (销号 in the ledger)


def agency_values(record: QuarterRecord, agency: str | None = None, closed: Collection[tuple[str, str]] = (),
                  plan: Plan | None = None) -> Any:
    """Last answers from a consolidated record, for pre-filling workbooks: one agency's
    ``{(milestone id, field): text}``, or, with no agency, that mapping for every agency.
    Last quarter's 进展情况 is marked as such (:data:`~planbook.xlsx.layout.PREFILL_MARK`) until the
    agency writes its own (a ``closed`` milestone's is its final answer, unmarked); months are
    written as 2023年6月; a line the office's review sent back opens its 进展情况 with
    :data:`~planbook.xlsx.review_form.REVIEW_MARK` and the office's 意见. With the ``plan``, each target's last 完成值 is shown in 最近报送
    (with the quarter it was reported in), not put in the input cell: left blank, it stands;
    copied unchanged, it would count as this quarter's figure. A closed milestone's stays in
    its (locked) input cell."""
    from planbook.core.measures import format_value, plan_targets

    targets = plan_targets(plan) if plan is not None else {}
    out: dict[str, dict[tuple[str, str], str]] = {}
    for e in record.entries:
        if agency is not None and e.agency != agency:
            continue
        values = out.setdefault(e.agency, {})
        mark = "" if (e.agency, e.milestone_id) in closed else PREFILL_MARK
        progress = mark + e.progress if e.progress else ""
        verdict = record.verdict_of(e.agency, e.milestone_id) if record.reviews else None
        if verdict is not None and verdict["verdict"] == SENT_BACK and e.status == DONE:
            progress = f"{REVIEW_MARK}{verdict.get('opinion', '')}" + ("\n" + progress if progress else "")
        fields = (("status", e.status), ("progress", progress),
                  ("evidence", e.evidence), ("issues", e.issues), ("next_steps", e.next_steps),
                  ("done_month", month_label(e.done_month) if e.done_month else ""),
                  ("expected_month", month_label(e.expected_month) if e.expected_month else ""))
        for key, text in fields:
            if text:
                values[(e.milestone_id, key)] = text
        for n, t in enumerate(targets.get(e.milestone_id, ()), 1):
            got = e.actual(n)
            if got is not None:
                amount = format_value(got[0])
                values[(e.milestone_id, latest_key(n))] = f"{amount}{t.unit}（{got[1] or record.quarter}）"
                if not mark:
                    values[(e.milestone_id, actual_key(n))] = amount
    return out.get(agency, {}) if agency is not None else out


_WORKER: dict[str, Any] = {}


def _start_worker(plan: Plan, folder: QuarterFolder, password: str | None, prefill: dict[str, Any],
                  closed: dict[str, Any], run: ExportRun | None = None, requests: bool = False) -> None:
    """Each worker process gets the plan once, not with every batch."""
    _WORKER.update(plan=plan, folder=folder, password=password, prefill=prefill, closed=closed, run=run,
                   requests=requests)


def _journaled(run: ExportRun | None, name: str, digests: dict[str, str]) -> Callable[[Path], None]:
    """What write_workbook calls with the complete file before it takes its name: the file is
    on export's record from then on, whatever stops the run."""
    def written(tmp: Path) -> None:
        digests[name] = _sha256(tmp)
        if run is not None:
            run.wrote(name, digests[name])

    return written


def _write_agencies(agencies: Sequence[str]) -> list[tuple[str, str, str]]:
    w = _WORKER
    out = []
    for agency in agencies:
        path = w["folder"].workbook(agency)
        digests: dict[str, str] = {}
        write_workbook(path, workbook_layout(w["plan"], agency), w["folder"].quarter, values=w["prefill"].get(agency),
                       protect=True, password=w["password"], closed=w["closed"].get(agency, ()),
                       written=_journaled(w.get("run"), path.name, digests), requests=w.get("requests", False))
        out.append((agency, str(path), digests[path.name]))
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _changed_since_issued(place: QuarterFolder, targets: Sequence[Path]) -> list[Path]:
    """Existing files among ``targets`` that are not as export wrote them: an agency's return
    saved under the workbook's name, or a file export never wrote."""
    issued = issued_digests(place)
    return [p for p in targets if p.is_file() and _sha256(p) not in issued.get(p.name, ())]


def export(
    plan: Plan,
    quarter: str | Quarter,
    out_dir: str | Path,
    *,
    agencies: Sequence[str] | None = None,
    password: str | None = None,
    previous_record: QuarterRecord | None = None,
    jobs: int | None = None,
    master: bool = True,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
    closed: Collection[tuple[str, str]] = (),
    requests: bool = False,
) -> ExportResult:
    """Write the master workbook and one workbook per lead agency into ``下发/`` of the
    quarter's folder ``out_dir``.

    ``previous_record`` (a :class:`~planbook.store.record.QuarterRecord`) pre-fills each agency's
    workbook with its last answers. ``jobs`` processes write agency files in parallel
    (default: all cores, for 16 files or more; 1 writes in this process). The master is
    written here while the workers write the agencies' files.

    A workbook that changed since export wrote it (an agency's return saved under its
    original name) is never overwritten: export stops and names it, unless ``force``, which
    first moves it to ``备份/``. ``closed`` (agency, milestone id) pairs are closed in the
    ledger (销号): shown done and locked. ``requests`` (the rules' ``[review]
    extension_requests``) adds the 延期申请 sheet to each agency's workbook.
    """
    quarter = Quarter.parse(quarter)
    place = QuarterFolder.of(quarter, out_dir)
    names = list(agencies) if agencies is not None else list(plan.agency_names)
    unknown = [a for a in names if a not in plan.agency_names]
    if unknown:
        raise fail("agency_unknown", "方案中没有这些牵头单位：" + "、".join(unknown) + "。请按方案中的单位名称填写。",
                   value="、".join(unknown), allowed="方案中的牵头单位")
    with FolderSession(place, "export"):
        ensure_dir(place.issued)
        targets = [place.workbook(a) for a in names] + ([place.master] if master else [])
        changed = _changed_since_issued(place, targets)
        if changed and not force:
            shown = "、".join(p.name for p in changed[:5]) + (f" 等 {len(changed)} 个文件" if len(changed) > 5 else "")
            raise fail("workbook_has_answers", f"{place.issued} 中的 {shown} 在下发后被改动过（可能是单位填好后按原名保存的"
                       f"回执），没有覆盖，也没有导出任何文件。请把回执移到 {place.inbox.name}/ 文件夹后重新导出；或加 --force："
                       f"这些文件会先移到 {place.backups.name}/ 再重新生成。", file=str(changed[0]),
                       value=shown)
        if changed:
            result_backup: Path | None = backup(place, changed, "export --force：下发后被改动过的文件，重新导出前移到这里")
        else:
            result_backup = None
        prefill = agency_values(previous_record, closed=set(closed), plan=plan) if previous_record else {}
        prefill = {a: prefill[a] for a in names if prefill.get(a)}
        result = ExportResult(place.issued, None, prefilled=len(prefill), backup=result_backup)
        by_agency: dict[str, set[str]] = {}
        for agency, mid in closed:
            by_agency.setdefault(agency, set()).add(mid)
        result.closed = sum(len(v) for a, v in by_agency.items() if a in names)
        params = params_of(plan.fingerprint, str(quarter), LAYOUT_VERSION, password or "",
                           sorted((a, sorted((list(k), v) for k, v in values.items())) for a, values in prefill.items()),
                           sorted((a, sorted(v)) for a, v in by_agency.items()), *(["requests"] if requests else []))
        # a run stopped half way, asked for the same: the files it finished are kept, not written again
        resumed = interrupted(place, params)
        kept = {p.name: resumed[p.name] for p in targets
                if p.name in resumed and p.is_file() and _sha256(p) == resumed[p.name]}
        run = ExportRun.start(place, params)
        for name, digest in kept.items():
            run.wrote(name, digest)
        state = (plan, place, password, prefill, by_agency, run, requests)
        written: dict[str, str] = dict(kept)
        todo = [a for a in names if place.workbook(a).name not in kept]
        for agency in names:
            if agency not in todo:
                result.agency_files[agency] = place.workbook(agency)
                if progress:
                    progress(agency)

        def write_master() -> None:
            if master and place.master.name in kept:
                result.master = place.master
            elif master:
                result.master = write_workbook(place.master, workbook_layout(plan), quarter, protect=False,
                                               written=_journaled(run, place.master.name, written))
            if master and progress:
                progress("总表")

        jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) // 8 or 1))  # a process costs ~0.1 s
        if jobs > 1:
            from planbook.core.measures import plan_targets

            plan_targets(plan)  # found once here, kept with the plan the processes get (not once in each)
            warm_writer()  # XlsxWriter and the instructions' template loaded once here, not in each process
        # small batches in processes (the progress bar moves); one agency at a time in this one
        try:
            for agency, path, digest in run_batches(_write_agencies, todo, jobs=jobs, size=8 if jobs > 1 else 1,
                                                    initializer=_start_worker, initargs=state, meanwhile=write_master):
                result.agency_files[agency] = Path(path)
                written[Path(path).name] = digest
                checkpoint(f"exported-{len(written)}")
                if progress:
                    progress(agency)
        finally:  # what was written is known to be export's own, even when the run stops half way
            record_issued(place, written)
        run.done()
    result.agency_files = {a: result.agency_files[a] for a in names}
    return result
