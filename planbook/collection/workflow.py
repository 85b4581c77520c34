"""A quarter's collect as the office runs it: on the quarter's folder, under its lock.

Where returns are looked for (``回执/``, and ``下发/`` where an agency's file may have been
saved under its workbook's name), what is not read again (workbooks as export wrote them),
what is not reported again (files refused before), what no longer counts (withdrawn
returns), and what stays out of the folder altogether (another quarter's returns).
"""

from __future__ import annotations

import shutil
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from planbook.store.folder import QuarterFolder
from planbook.ledger.lines import Ledger, workspace_of
from planbook.core.model import Plan
from planbook.base.problems import PlanbookError, fail
from planbook.store.record import QuarterRecord, ReturnFile
from planbook.store.journal import issued_digests
from planbook.base.resources import Office
from planbook.core.rules import Rules
from planbook.store.session import FolderSession, checkpoint, record_withdrawal, refused_files, withdrawn
from planbook.collection.consolidation import CollectResult, collect
from planbook.collection.outputs import CollectOutputs, write_collect_outputs
from planbook.collection.reading import find_returns
from planbook.collection.verdicts import with_reviews


@dataclass
class QuarterCollect:
    """What a collect of a quarter's folder read and wrote."""

    result: CollectResult
    inputs: list[Path]
    written: CollectOutputs | None = None  # None: a dry run
    ledger: Path | None = None  # the workspace's ledger, updated
    recovered: list[str] = field(default_factory=list)  # what an interrupted earlier run left, put right


class _NoSession:
    recovered: list[str] = []


def default_inputs(place: QuarterFolder) -> list[Path]:
    """回执/ and 下发/ of the quarter's folder, those that exist."""
    return [p for p in (place.inbox, place.issued) if p.is_dir()]


def _not_inputs(place: QuarterFolder, inputs: Sequence[Path]) -> list[Path]:
    """Everything in the quarter's folder that is not a return: collect's own outputs, refused
    files, backups (the archive is read on purpose, as the returns kept by earlier runs)."""
    if not place.path.is_dir():
        return []
    given = {Path(p).resolve() for p in inputs}
    keep = {place.archive.resolve(), place.inbox.resolve(), place.issued.resolve()}
    return [p for p in place.path.iterdir() if p.resolve() not in keep and p.resolve() not in given]


def collect_quarter(plan: Plan, place: QuarterFolder, inputs: Sequence[str | Path] = (), *,
                    jobs: int | None = None, dry_run: bool = False, progress: Callable[[str], None] | None = None,
                    say: Callable[[str], None] | None = None,
                    counted: Callable[[int], None] | None = None, office: Office | None = None,
                    write_lists: bool = True, rules: Rules | None = None) -> QuarterCollect:
    """Collect the quarter of ``place`` from ``inputs`` (default :func:`default_inputs`) and the
    returns archived by earlier runs, then write its outputs (unless ``dry_run``).
    ``counted(n)`` is told how many files will be read, before reading starts; ``office`` and
    ``write_lists`` are :func:`write_collect_outputs`'s; ``rules`` the office's (lights, default
    ``templates/supervision.toml``)."""
    paths = [Path(p) for p in inputs] or default_inputs(place)
    existed = place.path.exists()
    try:
        return _collect_quarter(plan, place, paths, jobs=jobs, dry_run=dry_run, progress=progress, say=say,
                                counted=counted, office=office, write_lists=write_lists, rules=rules)
    except PlanbookError as exc:
        if not existed and exc.problems and exc.problems[0].kind == "returns_other_quarter":
            shutil.rmtree(place.path, ignore_errors=True)  # only the lock was there: leave no trace
        raise


def _collect_quarter(plan: Plan, place: QuarterFolder, paths: list[Path], *, jobs: int | None, dry_run: bool,
                     progress: Callable[[str], None] | None, say: Callable[[str], None] | None,
                     counted: Callable[[int], None] | None, office: Office | None,
                     write_lists: bool, rules: Rules | None) -> QuarterCollect:
    # a dry run writes nothing, not even the lock: it reads what is there now
    with (nullcontext(_NoSession()) if dry_run else FolderSession(place, "collect", say=say)) as ws:
        exclude = _not_inputs(place, paths)
        archive = [place.archive] if place.archive.is_dir() else []
        files = find_returns(paths + archive, exclude=exclude)
        if not files:
            where = "、".join(str(p) for p in paths) or str(place.inbox)
            raise fail("returns_none", f"在 {where} 中没有找到要读取的回执（.xlsx）。请把各单位报送的回执放进 "
                       f"{place.inbox}，或在命令中写明回执所在的文件夹。", file=where)
        if counted:
            counted(len(files))
        seen = [0]

        def read_one(name: str) -> None:
            seen[0] += 1
            if seen[0] == len(files) // 2:
                checkpoint("read-half")
            if progress:
                progress(name)

        ledger = _ledger_for(plan, place, say)
        required = rules.review.required if rules is not None else False
        result = collect(paths, plan, place.quarter, archive=place.archive, exclude=exclude, jobs=jobs,
                         progress=read_one, skip={d for ds in issued_digests(place).values() for d in ds},
                         refused_before=set(refused_files(place)), withdrawn=withdrawn(place),
                         standing=ledger.standing(place.quarter.previous) if ledger else None,
                         deadlines=ledger.deadlines(plan) if ledger else None,
                         earlier=ledger.earlier_plans() if ledger else None, rules=rules,
                         closed=ledger.closed(place.quarter.previous, required) if ledger else ())
        checkpoint("read")
        if ledger is not None:  # the extensions granted, for the report to list
            result.record.extensions = [
                {"milestone_id": line.milestone_id, "agency": line.agency, **ext}
                for _, line in sorted(ledger.lines.items()) for ext in line.extensions]
            if ledger.reviewed or result.record.requests:  # the office's verdicts and decisions standing
                with_reviews(result.record, ledger)
        if result.other_quarter and not result.reads:
            quarters = sorted({p.value for r in result.other_quarter for p in r.problems if p.kind == "wrong_quarter"})
            raise fail("returns_other_quarter", f"读到的 {len(result.other_quarter)} 个回执都是 {'、'.join(quarters)} 的，"
                       f"不是 {place.quarter} 的，未写入任何文件。请用 -q {quarters[0] if quarters else ''} 汇总它们。",
                       file=result.other_quarter[0].file, value="、".join(quarters), allowed=str(place.quarter))
        out = QuarterCollect(result, files, recovered=ws.recovered)
        if not dry_run:
            out.written = write_collect_outputs(result, place.path, office=office, write_lists=write_lists)
            if ledger is not None:
                with Ledger.lock(workspace_of(place.path), "collect"):
                    fresh = Ledger.load(workspace_of(place.path))
                    fresh.record(result.record)
                    fresh.file_requests(place.quarter, result.record.requests)
                    out.ledger = fresh.save(workspace_of(place.path))
    return out


def _ledger_for(plan: Plan, place: QuarterFolder, say: Callable[[str], None] | None) -> Ledger | None:
    """The workspace's ledger, when it belongs to this plan (or is new)."""
    ledger = Ledger.load(workspace_of(place.path))
    if not plan.owns(ledger.plan_fingerprint):
        if say:
            say(f"提示：{Ledger.path(workspace_of(place.path)).parent} 中的台账属于另一个方案（{ledger.plan_fingerprint}），本次不结转、不更新台账。")
        return None
    return ledger


def find_return(record: QuarterRecord, key: str) -> ReturnFile:
    """The return a user names: by its sha256 (8 characters or more), its file name, or its
    archived name."""
    key = key.strip()
    name = Path(key).name
    found = [r for r in record.returns if r.accepted and (
        (len(key) >= 8 and r.sha256.startswith(key.lower())) or r.file == name or Path(r.archived_as).name == name)]
    if len(found) != 1:
        shown = "、".join(f"{r.file}（{r.sha256[:12]}）" for r in found[:5])
        raise fail("return_not_found", (f"有 {len(found)} 份回执符合“{key}”：{shown}。请用 sha256 的前 12 位指定。" if found else
                                        f"本季度采用的回执中没有“{key}”。请写回执的文件名或 sha256 的前 12 位"
                                        "（见汇总表的“回执清单”）。"), value=key)
    return found[0]


def withdraw(plan: Plan, place: QuarterFolder, key: str, *, reason: str = "", reinstate: bool = False,
             jobs: int | None = None, say: Callable[[str], None] | None = None, office: Office | None = None,
             write_lists: bool = True, rules: Rules | None = None) -> tuple[ReturnFile, QuarterCollect]:
    """Withdraw an accepted return (or reinstate a withdrawn one): recorded in the folder's
    register with the reason, and the quarter re-consolidated from the returns kept.
    The file stays in the archive: a withdrawal can always be undone."""
    with FolderSession(place, "collect", say=say):
        if not place.has_record():
            raise fail("record_missing", f"{place.path} 中还没有汇总结果，没有可撤回的回执。", file=str(place.record))
        target = find_return(QuarterRecord.load(place.record), key)
        is_out = target.sha256 in withdrawn(place)
        if reinstate != is_out:
            state = "没有被撤回" if reinstate else "已经撤回"
            raise fail("return_not_found", f"回执 {target.file}（{target.sha256[:12]}）{state}。", value=key)
        record_withdrawal(place, {"sha256": target.sha256, "file": target.file, "agency": target.agency,
                                  "action": "reinstate" if reinstate else "withdraw", "reason": reason})
        return target, collect_quarter(plan, place, [place.archive], jobs=jobs, office=office, write_lists=write_lists,
                                       rules=rules)
