"""planbook: supervise a government action plan, quarter by quarter.

Parse the plan, send each lead agency its workbook, collect and check the returned
workbooks, and issue the quarterly supervision report (督查通报, GB/T 9704)::

    import planbook

    plan = planbook.load_plan()                 # the embedded seed, or a .txt/.docx/.xlsx path
    folder = planbook.QuarterFolder.of("2023Q2")        # output/2023Q2
    planbook.export(plan, "2023Q2", folder.path)
    result = planbook.collect(["returns/"], plan, "2023Q2")
    planbook.write_collect_outputs(result, folder.path)
    planbook.write_report(plan, result.record, folder.report)

The public API (``planbook.__all__``):

- the plan: :func:`load_plan`, :func:`parse_plan`; :class:`Plan`, :class:`Section`,
  :class:`Task`, :class:`Milestone`
- a quarter and its files: :class:`Quarter`, :class:`QuarterFolder`, :class:`QuarterRecord`
- the stages: :func:`export`, :func:`collect`, :func:`write_collect_outputs`,
  :func:`write_report`, :func:`run_demo`, :func:`synthetic_plan`
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
    "Plan": "planbook.model",
    "Section": "planbook.model",
    "Task": "planbook.model",
    "Milestone": "planbook.model",
    # a quarter and its files
    "Quarter": "planbook.quarter",
    "QuarterFolder": "planbook.folder",
    "QuarterRecord": "planbook.record",
    # the stages
    "export": "planbook.workbooks",
    "collect": "planbook.collection",
    "write_collect_outputs": "planbook.collection",
    "write_report": "planbook.report",
    "run_demo": "planbook.demo",
    "synthetic_plan": "planbook.synth",
    # problems
    "Problem": "planbook.problems",
    "PlanbookError": "planbook.problems",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers; tests/test_api.py keeps it equal to _API
    from planbook.collection import collect, write_collect_outputs
    from planbook.demo import run_demo
    from planbook.folder import QuarterFolder
    from planbook.model import Milestone, Plan, Section, Task
    from planbook.plans import load_plan, parse_plan
    from planbook.problems import PlanbookError, Problem
    from planbook.quarter import Quarter
    from planbook.record import QuarterRecord
    from planbook.report import write_report
    from planbook.synth import synthetic_plan
    from planbook.workbooks import export

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
