"""Writing a collected quarter: every return archived as received, ``record.json``,
``entries.csv``, the 汇总表 (the master workbook with the agencies' answers and sheets of
returns, missing agencies and problems) and one 问题清单 per agency for the office to send
back. Writes are atomic, and a run that changes nothing leaves every file as it was.
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..files import atomic_path, ensure_dir
from ..folder import QuarterFolder
from ..layout import MAX_CELL_TEXT, month_label, workbook_layout
from ..problems import CATALOGUE, Problem, title_of
from ..record import Entry, QuarterRecord
from ..workspace import Commit, Workspace, checkpoint, note_identity, now, record_refused
from .consolidation import CollectResult

if TYPE_CHECKING:  # pragma: no cover
    from ..xlsx import ExtraSheet

_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class CollectOutputs:
    """What :func:`write_collect_outputs` wrote, and where."""

    place: QuarterFolder
    problem_lists: dict[str, Path] = field(default_factory=dict)
    archived: list[Path] = field(default_factory=list)  # newly archived by this run
    unchanged: bool = False  # the record is the same as the one already there

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

    def keys(self):  # a mapping of paths too, so ``{**outputs}`` works
        return self.paths().keys()

    def __getitem__(self, key: str) -> Path:
        return self.paths()[key]


PROBLEM_LIST_HEADER = ("文件", "工作表", "单元格", "任务", "节点", "栏目", "填写内容", "允许", "问题说明")
_PROBLEM_LIST_WIDTHS = (24, 12, 7, 5, 6, 10, 24, 24, 50)


def problem_row(p: Problem) -> list[str]:
    message = p.message if p.is_error else "（提示）" + p.message
    return [p.file, p.sheet, p.cell, p.task_id, p.milestone_id, p.field, p.value, p.allowed, message]


def write_collect_outputs(result: CollectResult, out_dir: str | Path) -> CollectOutputs:
    """Archive every file received and write the quarter's outputs into ``out_dir``: the
    consolidated workbook, one problem list per agency, ``record.json`` and ``entries.csv``.

    The outputs change together: they are staged and made current in one step, so a run
    killed at any moment leaves the previous set or the new one (:mod:`planbook.workspace`).
    Accepted returns are kept in the archive, refused files in 拒收/, each once and never
    overwritten; a run that finds the same record as the one already there changes nothing.
    """
    place = QuarterFolder.of(result.quarter, out_dir)
    with Workspace(place, "collect"):
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

        commit = Commit(place)
        commit.write(place.record, record.to_json())
        checkpoint("staged-record")
        commit.write(place.entries, _entries_csv(record))
        checkpoint("staged-entries")
        commit.make(place.consolidated, lambda p: _write_master(result, p, written_at))
        checkpoint("staged-master")
        lists: dict[str, Path] = {}
        by_agency: dict[str, list[Problem]] = {}
        for p in record.problems:
            by_agency.setdefault(p.agency, []).append(p)
        list_dir = place.problem_lists
        stale = {f.name for f in list_dir.glob("*_问题清单.xlsx")} if list_dir.is_dir() else set()
        for agency, problems in by_agency.items():
            path = place.problem_list(agency)
            stale.discard(path.name)
            commit.make(path, lambda p, ps=problems: _write_problem_list(p, ps, written_at))
            lists[agency] = path
        for name in sorted(stale):  # an agency that fixed everything: its old list now says so
            commit.make(list_dir / name, lambda p: _write_problem_list(p, [], written_at))
        checkpoint("staged-lists")
        commit.apply(checkpoint)
        checkpoint("committed")
        note_identity(place, record.plan_fingerprint)
    return CollectOutputs(place, lists, archived, unchanged)


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


def _parse_time(iso: str) -> datetime:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return datetime.now().replace(microsecond=0)


def csv_safe(text: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    return "'" + text if text.startswith(_FORMULA_LEAD) else text


def _entries_csv(record: QuarterRecord) -> bytes:
    names = [f.name for f in fields(Entry)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for e in record.entries:
        writer.writerow([csv_safe(str(getattr(e, n))) for n in names])
    return buffer.getvalue().encode("utf-8-sig")


def _write_master(result: CollectResult, path: Path, written_at: datetime) -> None:
    from ..xlsx import write_workbook

    record = result.record
    values: dict[tuple[str, str], str] = {}
    lights: dict[str, str] = {}
    for m in record.milestones:
        lights[m.milestone_id] = m.light
        if m.done_month:
            values[(m.milestone_id, "done_month")] = month_label(m.done_month)
        for key in ("status", "progress", "evidence"):
            text = getattr(m, key)
            if text:
                values[(m.milestone_id, key)] = text[:MAX_CELL_TEXT]
    write_workbook(path, workbook_layout(result.plan), result.quarter, values=values, lights=lights,
                   protect=False, extra_sheets=_master_sheets(result), written_at=written_at,
                   agency_status=record.agency_status)


def _master_sheets(result: CollectResult) -> list["ExtraSheet"]:
    from ..xlsx import ExtraSheet

    record = result.record
    sheets = [
        ExtraSheet("回执清单", ("文件", "单位", "写入时间", "处理", "问题数", "sha256", "存档"), [
            (r.file, r.agency, r.written_at,
             "拒收：" + title_of(r.refusal) if not r.accepted else ("已被后报送的版本替代" if r.superseded_by else "采用"),
             str(r.problems), r.sha256, r.archived_as)
            for r in record.returns], (34, 20, 20, 20, 8, 20, 40)),
        ExtraSheet("未报送单位", ("单位", "任务数", "任务"), [
            (a.name, str(len(a.task_ids)), "、".join(a.task_ids))
            for a in result.plan.agencies if a.name in set(record.missing_agencies)], (28, 8, 40)),
    ]
    header = ("单位",) + PROBLEM_LIST_HEADER
    order = {code: i for i, code in enumerate(CATALOGUE)}
    for kind in sorted({p.kind for p in record.problems}, key=lambda k: order.get(k, len(order))):
        rows = [[p.agency] + problem_row(p) for p in record.problems if p.kind == kind]
        sheets.append(ExtraSheet(f"问题-{title_of(kind)}"[:31], header, rows, (16,) + _PROBLEM_LIST_WIDTHS))
    return sheets


def _write_problem_list(path: Path, problems: Sequence[Problem], written_at: datetime) -> None:
    """A plain table the office can send back to the agency."""
    from ..xlsx import write_table_workbook

    write_table_workbook(path, "问题清单", PROBLEM_LIST_HEADER, [problem_row(p) for p in problems],
                         _PROBLEM_LIST_WIDTHS, title="问题清单", written_at=written_at)
