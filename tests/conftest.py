"""Shared fixtures: the seed plan and its exported workbooks (made once per session).

The tests test what pip installed: under CI, a ``planbook`` imported from this checkout is an
error (``python -m pytest`` from the checkout puts it first on ``sys.path``; run ``pytest``).
Every test runs in an empty folder of its own, so a subprocess (``python -c``, ``python -m``,
whose first path entry is the current folder) never imports the checkout either.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import planbook
from planbook.plans import seed_plan as _seed_plan

if TYPE_CHECKING:
    from planbook.tools import DemoResult

CHECKOUT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    installed = Path(planbook.__file__).resolve()
    if os.environ.get("CI", "").lower() == "true" and installed.is_relative_to(CHECKOUT):
        raise pytest.UsageError(
            f"planbook was imported from the checkout ({installed}), not from what pip installed: "
            "install the package (pip install .) and run `pytest`, not `python -m pytest`.")


@pytest.fixture(autouse=True)
def _away_from_the_checkout(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def seed_plan():
    return _seed_plan()


@pytest.fixture(scope="session")
def plan(seed_plan):
    """The seed plan (tests of a synthetic plan define their own ``plan``)."""
    return seed_plan


@pytest.fixture(scope="session")
def exported(seed_plan, tmp_path_factory):
    """The seed exported for 2023Q2: an ExportResult (master + 50 agency workbooks)."""
    from planbook.issue.workbooks import export

    return export(seed_plan, "2023Q2", tmp_path_factory.mktemp("export"), jobs=1)


@dataclass
class SeedDemo:
    """``planbook demo`` run once for the session: what it printed and what it wrote."""

    output: str
    result: "DemoResult"

    @property
    def folder(self) -> Path:
        return self.result.folder

    @property
    def outputs(self) -> "dict[str, Path]":
        return self.result.outputs


@pytest.fixture(scope="session")
def seed_demo(tmp_path_factory: pytest.TempPathFactory) -> SeedDemo:
    """The demo's three quarters on the seed, run once through the command line (as a user runs
    ``planbook demo``). Read it; a test that changes it works on a copy of ``seed_demo.folder``."""
    from click.testing import CliRunner

    import planbook.tools.demo as demo
    from planbook.cli import main

    ran: list["DemoResult"] = []
    real = demo.run_demo

    def run_demo(*args: Any, **kwargs: Any) -> "DemoResult":
        ran.append(real(*args, **kwargs))
        return ran[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo, "run_demo", run_demo)
        done = CliRunner().invoke(main, ["demo", "--out", str(tmp_path_factory.mktemp("seed-demo") / "demo")])
    assert done.exit_code == 0 and len(ran) == 1, done.output
    return SeedDemo(done.output, ran[0])


def pytest_collection_modifyitems(config, items):
    """LibreOffice tests skip without soffice, except in CI, where they must run."""
    if shutil.which("soffice"):
        return
    if os.environ.get("CI", "").lower() == "true":
        return  # let them fail loudly: CI must render
    skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)
