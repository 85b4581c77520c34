"""``planbook export``: the blank master workbook and one workbook per lead agency for a
quarter, pre-filled with each agency's last answers when the previous quarter was collected.
The workbooks themselves are written by :mod:`planbook.xlsx`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .folder import QuarterFolder
from .layout import workbook_layout
from .model import Plan
from .pool import run_batches
from .problems import fail
from .quarter import Quarter
from .xlsx import write_workbook


@dataclass
class ExportResult:
    folder: Path
    master: Path | None
    agency_files: dict[str, Path] = field(default_factory=dict)
    prefilled: int = 0  # agency workbooks that carry last quarter's answers


def agency_values(record, agency: str | None = None):
    """Last answers from a consolidated record, for pre-filling workbooks: one agency's
    ``{(milestone id, field): text}``, or, with no agency, that mapping for every agency."""
    out: dict[str, dict[tuple[str, str], str]] = {}
    for e in record.entries:
        if agency is not None and e.agency != agency:
            continue
        values = out.setdefault(e.agency, {})
        for key, text in (("status", e.status), ("progress", e.progress), ("evidence", e.evidence)):
            if text:
                values[(e.milestone_id, key)] = text
    return out.get(agency, {}) if agency is not None else out


_WORKER: dict = {}


def _start_worker(plan: Plan, folder: QuarterFolder, password: str | None, prefill: dict) -> None:
    """Each worker process gets the plan once, not with every batch."""
    _WORKER.update(plan=plan, folder=folder, password=password, prefill=prefill)


def _write_agencies(agencies: Sequence[str]) -> list[tuple[str, str]]:
    w = _WORKER
    out = []
    for agency in agencies:
        path = w["folder"].workbook(agency)
        write_workbook(path, workbook_layout(w["plan"], agency), w["folder"].quarter, values=w["prefill"].get(agency),
                       protect=True, password=w["password"])
        out.append((agency, str(path)))
    return out


def export(
    plan: Plan,
    quarter: str | Quarter,
    out_dir: str | Path,
    *,
    agencies: Sequence[str] | None = None,
    password: str | None = None,
    previous_record=None,
    jobs: int | None = None,
    master: bool = True,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write the master workbook and one workbook per lead agency into ``out_dir``.

    ``previous_record`` (a :class:`~planbook.record.QuarterRecord`) pre-fills each agency's
    workbook with its last answers. ``jobs`` processes write agency files in parallel
    (default: all cores, for 16 files or more; 1 writes in this process). The master is
    written here while the workers write the agencies' files.
    """
    quarter = Quarter.parse(quarter)
    place = QuarterFolder.of(quarter, out_dir)
    folder = place.path
    folder.mkdir(parents=True, exist_ok=True)
    names = list(agencies) if agencies is not None else list(plan.agency_names)
    unknown = [a for a in names if a not in plan.agency_names]
    if unknown:
        raise fail("agency_unknown", "方案中没有这些牵头单位：" + "、".join(unknown) + "。请按方案中的单位名称填写。",
                   value="、".join(unknown), allowed="方案中的牵头单位")
    prefill = agency_values(previous_record) if previous_record else {}
    prefill = {a: prefill[a] for a in names if prefill.get(a)}
    result = ExportResult(folder, None, prefilled=len(prefill))
    state = (plan, place, password, prefill)

    def write_master() -> None:
        if master:
            result.master = write_workbook(place.master, workbook_layout(plan), quarter,
                                           protect=False)
            if progress:
                progress("总表")

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(names) // 8 or 1))  # a process costs ~0.1 s
    # small batches in processes (the progress bar moves); one agency at a time in this one
    for agency, path in run_batches(_write_agencies, names, jobs=jobs, size=8 if jobs > 1 else 1,
                                    initializer=_start_worker, initargs=state, meanwhile=write_master):
        result.agency_files[agency] = Path(path)
        if progress:
            progress(agency)
    result.agency_files = {a: result.agency_files[a] for a in names}
    return result
