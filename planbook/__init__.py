"""planbook: supervise a government action plan, quarter by quarter.

Parse the plan, send each lead agency its workbook, collect and check the returned
workbooks, and issue the quarterly supervision report (督查通报, GB/T 9704)::

    import planbook

    ws = planbook.Workspace("output")           # the workspace `planbook init` made
    q = ws.quarter("2023Q2")                    # output/2023Q2
    q.export()                                  # 下发/: a workbook per lead agency
    q.collect()                                 # 回执/ read, checked, consolidated; the 台账 updated
    q.report()                                  # the 督查通报
    q.duban()                                   # 督办单 and 提醒函
    ws.write_ledger_workbook()                  # 台账/台账.xlsx

The public API (``planbook.__all__``):

- the plan: :func:`load_plan`, :func:`parse_plan`; :class:`Plan`, :class:`Task`,
  :class:`Milestone` (sections and the rest in :mod:`planbook.core.model`)
- a quarter and its files: :class:`Quarter`, :class:`QuarterFolder`, :class:`QuarterRecord`
- the door: :class:`Workspace` (its plan of record, office, rules and 台账; one quarter through
  :meth:`Workspace.quarter`), as the command line, the demo and the tests use it
- the stages, for power users who run one stage alone (they take no lock, no office file,
  no previous quarter and no 台账 on their own): :func:`export`, :func:`collect`,
  :func:`write_collect_outputs`, :func:`write_report`
- tools (the demo, synthetic plans): :mod:`planbook.tools`
- problems: :class:`Problem`, :class:`PlanbookError`

The stage modules (``plans``, ``workbooks``, ``collection``, ``report``) hold the rest. Each
name loads its module on first use, so ``import planbook`` loads no pandas, openpyxl,
XlsxWriter, python-docx or matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API: dict[str, str] = {
    # the plan
    "load_plan": "planbook.plans",
    "parse_plan": "planbook.plans",
    "Plan": "planbook.core.model",
    "Task": "planbook.core.model",
    "Milestone": "planbook.core.model",
    # a quarter and its files
    "Quarter": "planbook.core.quarter",
    "QuarterFolder": "planbook.store.folder",
    "QuarterRecord": "planbook.store.record",
    # the stages
    "export": "planbook.issue.workbooks",
    "collect": "planbook.collection",
    "write_collect_outputs": "planbook.collection",
    "write_report": "planbook.report",
    # the door: a workspace and its quarters, as the command line runs them
    "Workspace": "planbook.app",
    # problems
    "Problem": "planbook.base.problems",
    "PlanbookError": "planbook.base.problems",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers; tests/test_api.py keeps it equal to _API
    from planbook.collection import collect, write_collect_outputs
    from planbook.app import Workspace
    from planbook.store.folder import QuarterFolder
    from planbook.core.model import Milestone, Plan, Task
    from planbook.plans import load_plan, parse_plan
    from planbook.base.problems import PlanbookError, Problem
    from planbook.core.quarter import Quarter
    from planbook.store.record import QuarterRecord
    from planbook.report import write_report
    from planbook.issue.workbooks import export

__all__ = list(_API)


def __getattr__(name: str) -> Any:
    """A public name imports its module (and that module's libraries) on first use."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'planbook' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names and the public API, loaded or not."""
    return sorted(set(globals()) | set(_API))
