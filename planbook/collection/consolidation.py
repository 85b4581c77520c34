"""Consolidating the returns read into a quarter's record: one read per file content, the
latest return of each agency is its answer, and the answers of a task's lead agencies make
one status per milestone (the least advanced). Nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from planbook.core.statuses import DONE, STATUS_RANK, month_key
from planbook.core.model import Plan
from planbook.store.folder import QuarterFolder
from planbook.ledger.lines import Answer, carried_entries, regressions, with_standing_actuals
from planbook.base.problems import WARNING, Problem
from planbook.core.quarter import Quarter, is_due, is_overdue, is_upcoming, light, span_starts
from planbook.store.record import Entry, MilestoneStatus, QuarterRecord, ReturnFile
from planbook.collection.reading import ReturnRead, find_returns, read_returns
from planbook.collection.extension_requests import judge_requests

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from planbook.core.rules import Rules

@dataclass
class CollectResult:
    """A quarter's consolidated returns: the record and, as frames, what an office script needs."""

    record: QuarterRecord
    plan: Plan
    quarter: Quarter
    sources: dict[str, list[Path]] = field(default_factory=dict)  # sha256 -> where the bytes were found
    reads: list[ReturnRead] = field(default_factory=list, repr=False)  # every file, superseded ones too
    skipped: list[ReturnRead] = field(default_factory=list, repr=False)  # workbooks as export wrote them
    other_quarter: list[ReturnRead] = field(default_factory=list, repr=False)  # kept out of this quarter
    rules: "Rules | None" = field(default=None, repr=False)  # the office's rules the lights were judged by

    @property
    def ok(self) -> bool:
        """No problem at all (missing agencies are listed, not problems)."""
        return not self.record.problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.record.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.record.problems if not p.is_error]

    @property
    def accepted(self) -> list[ReturnFile]:
        return [r for r in self.record.returns if r.accepted and not r.superseded_by]

    @property
    def refused(self) -> list[ReturnFile]:
        return [r for r in self.record.returns if not r.accepted]

    @property
    def superseded(self) -> list[ReturnFile]:
        return [r for r in self.record.returns if r.superseded_by]

    @property
    def withdrawn(self) -> list[ReturnFile]:
        return [r for r in self.record.returns if r.withdrawn]

    @property
    def new_refusals(self) -> list[ReturnFile]:
        """Files refused in this run (those refused before are listed, not reported again)."""
        return [r for r in self.record.returns if not r.accepted and not r.refused_before]

    @property
    def missing_agencies(self) -> list[str]:
        return list(self.record.missing_agencies)

    @property
    def entries(self) -> "pd.DataFrame":
        return self.record.entries_frame()

    @property
    def problems(self) -> "pd.DataFrame":
        return self.record.problems_frame()

    @property
    def milestones(self) -> "pd.DataFrame":
        return self.record.milestones_frame()

    @property
    def returns(self) -> "pd.DataFrame":
        import pandas as pd
        from dataclasses import asdict, fields

        frame: pd.DataFrame = pd.DataFrame([asdict(r) for r in self.record.returns], columns=[f.name for f in fields(ReturnFile)])

        return frame

    @property
    def missing(self) -> "pd.DataFrame":
        import pandas as pd

        tasks = {a.name: a.task_ids for a in self.plan.agencies}
        frame: pd.DataFrame = pd.DataFrame(
            [{"agency": a, "tasks": len(tasks.get(a, ())),
              "milestones": sum(len(self.plan.task(t).milestones) for t in tasks.get(a, ()))}
             for a in self.record.missing_agencies],
            columns=["agency", "tasks", "milestones"])
        return frame


def collect(
    paths: str | Path | Iterable[str | Path],
    plan: Plan,
    quarter: str | Quarter,
    *,
    archive: str | Path | None = None,
    exclude: Iterable[str | Path] = (),
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    generated_at: str | None = None,
    skip: Iterable[str] = (),
    refused_before: Iterable[str] = (),
    withdrawn: Iterable[str] = (),
    standing: Mapping[tuple[str, str], Answer] | None = None,
    deadlines: Mapping[str, date] | None = None,
    earlier: Mapping[str, tuple[Plan, dict[str, str]]] | None = None,
    closed: Iterable[tuple[str, str]] = (),
    rules: "Rules | None" = None,
) -> CollectResult:
    """Read every return under ``paths`` (and, when given, the ``archive`` folder of returns
    kept by earlier runs) and consolidate them for ``quarter``. Nothing is written.

    ``jobs`` processes read files in parallel (default: all cores when there are many files).
    Files are told apart by the sha256 of their bytes: ``skip`` are workbooks as export wrote
    them (not read), ``refused_before`` were refused by an earlier run (listed again, their
    problems not reported again), ``withdrawn`` are returns the office withdrew (kept, not
    counted). A return of another quarter is kept out of the record (``other_quarter``).
    ``standing`` (from the ledger: the answers standing at the end of the previous quarter)
    carries forward what agencies did not answer again; ``deadlines`` are approved extensions;
    ``earlier`` versions of the plan (fingerprint -> plan, renames) make their returns readable;
    ``closed`` (agency, milestone id) were closed (销号) before the quarter.
    """
    quarter = Quarter.parse(quarter)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    archive_dir = Path(archive).resolve() if archive else None
    files = find_returns(list(paths) + ([archive_dir] if archive_dir and archive_dir.is_dir() else []),
                         exclude=exclude)
    reads = read_returns(files, plan, quarter, jobs=jobs, progress=progress, skip=frozenset(skip), earlier=earlier,
                         closed=frozenset(closed))
    skipped = [r for r in reads if r.skipped]
    other = [r for r in reads if r.refusal == "wrong_quarter"]
    reads = [r for r in reads if not r.skipped and r.refusal != "wrong_quarter"]

    # one read per content: a file found twice (in the folder and in the archive) counts once,
    # named as the archive first named it, so later runs give the same record
    sources: dict[str, list[Path]] = {}
    chosen: dict[str, tuple[tuple[bool, str, str], ReturnRead]] = {}
    for read in reads:
        key = read.sha256 or "path:" + read.path
        sources.setdefault(key, []).append(Path(read.path))
        in_archive = archive_dir is not None and Path(read.path).resolve().is_relative_to(archive_dir)
        rank = (not in_archive, read.file, read.path)
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, read)
    for read in reads:  # a copy found in another agency's folder says so, wherever the read kept is
        key = read.sha256 or "path:" + read.path
        kept = chosen[key][1]
        if read.named and not kept.named and kept.accepted:
            kept.named = read.named
            kept.problems.extend(p for p in read.problems if p.kind == "return_misfiled")
    unique = sorted((r for _, r in chosen.values()), key=lambda r: (r.file, r.sha256))
    record = consolidate(unique, plan, quarter, generated_at=generated_at, refused_before=refused_before,
                         withdrawn=withdrawn, standing=standing, deadlines=deadlines, rules=rules)
    return CollectResult(record, plan, quarter, sources, unique, skipped, other, rules)


def consolidate(reads: Sequence[ReturnRead], plan: Plan, quarter: str | Quarter, *,
                generated_at: str | None = None, refused_before: Iterable[str] = (),
                withdrawn: Iterable[str] = (), standing: Mapping[tuple[str, str], Answer] | None = None,
                deadlines: Mapping[str, date] | None = None, rules: "Rules | None" = None) -> QuarterRecord:
    """The record of a quarter from the files read: the latest return of each agency is its
    answer; several lead agencies' answers make one consolidated status (the least advanced).
    A withdrawn return counts for nothing; a file refused before is listed without its
    problems (they were reported when it arrived)."""
    quarter = Quarter.parse(quarter)
    known_refused, out = set(refused_before), set(withdrawn)
    by_agency: dict[str, list[ReturnRead]] = {}
    for read in reads:
        if read.accepted and read.sha256 not in out:
            by_agency.setdefault(read.agency, []).append(read)
    current: dict[str, ReturnRead] = {}
    superseded_by: dict[str, str] = {}
    misfiled_unused: list[Problem] = []
    for agency, group in by_agency.items():
        # a copy whose file name names another agency never supersedes the agency's own return
        group.sort(key=lambda r: (not r.named, r.when, r.mtime, r.sha256))
        current[agency] = group[-1]
        for older in group[:-1]:
            superseded_by[older.sha256] = group[-1].sha256
            if older.named and not group[-1].named:
                misfiled_unused.append(Problem(
                    "return_misfiled", f"“{older.file}”文件名写的是“{older.named}”，但工作簿是“{agency}”的填报表，"
                    f"未采用：{agency}有本单位的回执“{group[-1].file}”。如应采用这份，请用 --withdraw 撤回“{group[-1].file}”。",
                    WARNING, file=older.file, agency=agency, value=older.named, allowed=agency))

    returns = [
        ReturnFile(
            file=r.file, sha256=r.sha256, agency=r.agency, written_at=r.when,
            archived_as=QuarterFolder.archived(r.file, r.sha256, refused=not r.accepted) if r.sha256 else "",
            accepted=r.accepted, superseded_by=superseded_by.get(r.sha256, ""), problems=len(r.problems),
            mtime=r.mtime, refusal=r.refusal, withdrawn=r.sha256 in out,
            refused_before=not r.accepted and r.sha256 in known_refused,
        )
        for r in reads
    ]
    quiet = set(superseded_by) | out | (known_refused - {r.sha256 for r in reads if r.accepted})
    problems = [p for r in reads if r.sha256 not in quiet for p in r.problems] + misfiled_unused
    entries = [e for a in plan.agency_names if a in current for e in current[a].entries]
    standing = standing or {}
    deadlines = deadlines or {}
    if standing:  # an answer stands until a later return changes it (a blank cell does not)
        answered = {(e.agency, e.milestone_id) for e in entries if e.status}
        entries = [with_standing_actuals(e, standing.get((e.agency, e.milestone_id))) for e in entries
                   if e.status or (e.agency, e.milestone_id) not in standing]
        entries += carried_entries(plan, standing, answered)
    answers: dict[str, dict[str, Entry]] = {}
    for e in entries:
        answers.setdefault(e.milestone_id, {})[e.agency] = e

    milestones = []
    for task in plan.tasks:
        several = len(task.responsible) > 1
        starts = span_starts(task.milestones)
        for m in task.milestones:
            got = [(a, answers[m.id][a]) for a in task.responsible if a in answers.get(m.id, {})]
            statuses = [e.status for _, e in got if e.status]
            status = min(statuses, key=STATUS_RANK.__getitem__) if statuses else ""
            deadline = deadlines.get(m.id)
            milestones.append(MilestoneStatus(
                milestone_id=m.id, task_id=task.id, status=status,
                progress=_joined(got, "progress", several), evidence=_joined(got, "evidence", several),
                light=light(m, status, quarter, deadline, rules=rules, progress=" ".join(e.progress for _, e in got),
                            start=starts.get(m.id)), due=is_due(m, quarter, deadline, rules=rules),
                overdue=is_overdue(m, status, quarter, deadline, rules=rules),
                upcoming=is_upcoming(m, quarter, deadline, rules=rules), agencies=tuple(task.responsible),
                reported_by=tuple(a for a, e in got if e.status),
                done_month=max((e.done_month for _, e in got if e.status == DONE and e.done_month), default=""),
                extended_to=month_key(deadline) if deadline else ""))
    problems += regressions(entries, standing)
    requests, late = judge_requests([r for a in plan.agency_names if a in current for r in current[a].requests],
                                    plan, quarter, deadlines)
    problems += late
    return QuarterRecord(
        quarter=str(quarter),
        plan_fingerprint=plan.fingerprint,
        generated_at=generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        entries=entries,
        milestones=milestones,
        returns=returns,
        missing_agencies=[a for a in plan.agency_names if a not in current],
        problems=problems,
        requests=requests,
    )


def _joined(got: list[tuple[str, Entry]], key: str, several: bool) -> str:
    """The texts of a milestone's answers, each with its agency when there are several, and
    with the quarter it was reported in when it is an earlier quarter's answer standing."""
    texts = [(a, (f"（{e.reported_in}报送）" if e.reported_in else "") + getattr(e, key)) for a, e in got if getattr(e, key)]
    if not several:
        return texts[0][1] if texts else ""
    return "\n".join(f"【{a}】{t}" for a, t in texts)
