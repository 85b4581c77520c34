"""Tools around the door: the demo, synthetic plans for trials at scale, a plan's measurable
targets, and the changes between two versions of a plan (``planbook demo``, ``synth``,
``targets``, ``diff``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from planbook.tools.demo import DEMO_QUARTER, DEMO_STEPS, DemoResult
from planbook.tools.synth import SCALES, synthetic_plan

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.model import Plan

__all__ = ["DEMO_QUARTER", "DEMO_STEPS", "DemoResult", "SCALES", "diff_lines", "run_demo", "synthetic_plan",
           "synthetic_plan_text", "target_lines", "targets_data"]


def run_demo(folder: str | Path = "output/demo", quarter: Any = DEMO_QUARTER, **options: Any) -> DemoResult:
    """``planbook demo``: three quarters of the embedded seed (or ``plan=``) through the door,
    with the demo's own office (:func:`planbook.tools.demo.run_demo` says what happens on the way)."""
    from planbook.tools.demo import run_demo as run  # looked up now: a test may replace it

    return run(folder, quarter, **options)


def synthetic_plan_text(tasks: int, sections: int, agencies: int, seed: int = 0) -> str:
    """A synthetic plan as official text (``planbook synth``), for trials at scale."""
    from planbook.tools.synth import synthetic_plan_text as text  # looked up now: a test may replace it

    return text(tasks, sections, agencies, seed)


def target_lines(plan: "Plan") -> list[str]:
    """The plan's measurable targets (达到90%、不少于500项…), one line each, to check before export."""
    from planbook.core.measures import target_lines as lines

    return list(lines(plan))


def targets_data(plan: "Plan") -> dict[str, object]:
    """The same targets as JSON-ready data."""
    from planbook.core.measures import targets_dict

    return targets_dict(plan)


def diff_lines(old: "Plan", new: "Plan", renames: str | Path | None = None) -> list[str]:
    """What changed between two versions of a plan (renames, new, dropped, moved deadlines)."""
    from planbook.core.revision import compare, read_renames

    return list(compare(old, new, read_renames(renames)).lines())


def read_plan(path: str | Path | None, progress: Callable[[str], None] | None = None) -> "Plan":
    """A plan file read for a tool (the embedded seed when None)."""
    from planbook.plans import load_plan

    return load_plan(path, progress=progress)
