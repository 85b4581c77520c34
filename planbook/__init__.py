"""planbook: supervise a city action plan.

    >>> import planbook
    >>> plan = planbook.load_plan()            # the embedded seed, or a .txt/.docx path
    >>> planbook.export(plan, "2023Q2", "output/2023Q2")
    >>> result = planbook.collect(["returns/"], plan, "2023Q2")
    >>> planbook.write_report(plan, result.record, "output/2023Q2")

The stage modules are ``parse``, ``workbooks`` (export), ``collection`` (collect) and
``report``; the layout both the writer and the reader use is in ``layout``.

Heavy libraries (pandas, openpyxl, xlsxwriter, python-docx, matplotlib) load only when a
function that needs them runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .layout import BEHIND, DONE, NOT_STARTED, ON_TRACK, STATUSES
from .model import Agency, AgencyTasks, Milestone, Plan, Section, Task
from .parse import ParseResult, load_plan, parse_plan, parse_text
from .problems import PlanbookError, PlanError, Problem
from .quarter import Quarter
from .record import Entry, MilestoneStatus, QuarterRecord, ReturnFile
from .seeds import seed_plan

if TYPE_CHECKING:  # pragma: no cover
    from .collection import CollectResult, collect, write_collect_outputs
    from .demo import run_demo
    from .report import report_path, write_report
    from .synth import synthetic_plan
    from .workbooks import ExportResult, export, write_workbook

__version__ = "0.1.0"

__all__ = [
    "Agency", "AgencyTasks", "Milestone", "Plan", "Section", "Task",
    "ParseResult", "load_plan", "parse_plan", "parse_text", "seed_plan",
    "Problem", "PlanbookError", "PlanError",
    "Quarter", "STATUSES", "DONE", "ON_TRACK", "BEHIND", "NOT_STARTED",
    "Entry", "MilestoneStatus", "QuarterRecord", "ReturnFile",
    "export", "ExportResult", "write_workbook",
    "collect", "CollectResult", "write_collect_outputs",
    "write_report", "report_path", "run_demo", "synthetic_plan",
]

_LAZY = {
    "export": ("planbook.workbooks", "export"),
    "ExportResult": ("planbook.workbooks", "ExportResult"),
    "write_workbook": ("planbook.workbooks", "write_workbook"),
    "collect": ("planbook.collection", "collect"),
    "CollectResult": ("planbook.collection", "CollectResult"),
    "write_collect_outputs": ("planbook.collection", "write_collect_outputs"),
    "write_report": ("planbook.report", "write_report"),
    "report_path": ("planbook.report", "report_path"),
    "run_demo": ("planbook.demo", "run_demo"),
    "synthetic_plan": ("planbook.synth", "synthetic_plan"),
}


def __getattr__(name: str) -> Any:
    """Stage functions import their module (and its heavy libraries) on first use."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'planbook' has no attribute {name!r}")
