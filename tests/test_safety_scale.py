"""Crash and concurrency safety at scale (an x20 plan: 1,500 tasks, 500 agencies, 500
returns), with real processes: two collects at once, and collect killed with SIGKILL at
every step of its run."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pytest

from planbook.store.folder import QuarterFolder
from planbook.xlsx.layout import workbook_layout
from planbook.tools.synth import SCALES, fill_values, plan_text, synthetic_plan

QUARTER = "2023Q2"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name == "nt", reason="SIGKILL and /proc")]

KILL_POINTS = ("locked", "read-half", "read", "archived", "staged-record", "staged-entries", "staged-master",
               "journaled", "moved-1", "moved-2", "committed")
"""Every step of a collect where a kill leaves something different behind."""
AFTER_JOURNAL = {"moved-1", "moved-2"}


@pytest.fixture(scope="module")
def x20(tmp_path_factory):
    """The x20 plan as a text file, and its 500 returns in two halves."""
    from planbook.xlsx.workbook import write_workbook

    root = tmp_path_factory.mktemp("x20")
    plan = synthetic_plan(*SCALES["x20"])
    (root / "plan.txt").write_text(plan_text(plan), encoding="utf-8")
    halves = [root / "a", root / "b"]
    for half in halves:
        half.mkdir()
    for i, agency in enumerate(plan.agency_names):
        write_workbook(halves[i % 2] / f"{i:03d}.xlsx", workbook_layout(plan, agency), QUARTER,
                       values=fill_values(plan, agency, 1), written_at=datetime(2023, 7, 5, 9, 0))
    every = root / "all"
    every.mkdir()
    for half in halves:
        for f in half.iterdir():
            os.link(f, every / f.name)
    return root, halves, every


class Done:
    """A finished command: its exit code and what it printed (read from files, not pipes, so
    a worker left alive could not keep the test waiting)."""

    def __init__(self, proc: subprocess.Popen, out: Path):
        self.proc = proc
        self.out = out

    def wait(self) -> "Done":
        self.proc.wait(timeout=600)
        return self

    @property
    def returncode(self) -> int:
        return self.proc.returncode

    @property
    def stderr(self) -> str:
        return (self.out / "stderr").read_text(encoding="utf-8", errors="replace")


def cli(root: Path, *args: str, env: dict | None = None, wait: bool = True) -> Done:
    cmd = [sys.executable, "-m", "planbook.cli", *args, "--plan", str(root / "plan.txt")]
    full_env = {**os.environ, **(env or {})}
    out = Path(tempfile.mkdtemp(prefix="cli-", dir=root))
    with open(out / "stdout", "wb") as so, open(out / "stderr", "wb") as se:
        done = Done(subprocess.Popen(cmd, cwd=root, env=full_env, stdout=so, stderr=se), out)
    return done.wait() if wait else done


def counts(folder: QuarterFolder) -> tuple[int, int, int]:
    """Returns in record.json, returns answering in entries.csv, rows of the 汇总表's 回执清单."""
    import json

    from python_calamine import CalamineWorkbook

    record = json.loads(folder.record.read_text(encoding="utf-8"))
    with open(folder.entries, encoding="utf-8-sig", newline="") as fh:
        entries = {row["sha256"] for row in csv.DictReader(fh)}
    book = CalamineWorkbook.from_path(str(folder.consolidated))
    rows = book.get_sheet_by_name("回执清单").to_python()
    return len(record["returns"]), len(entries), len(rows) - 1


def alive(marker: str) -> list[str]:
    """planbook processes whose command line holds ``marker`` (this test's own folder)."""
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        except OSError:
            continue
        if marker in cmd and "planbook" in cmd and state != "Z":
            out.append(f"{pid} {cmd}")
    return out


def leftovers(folder: QuarterFolder) -> list[str]:
    return [str(p.relative_to(folder.path)) for p in folder.path.rglob("*")
            if p.name.startswith(".~") or p.name.startswith("staging-") or p.name == "commit.json"]


def test_two_collects_at_once_give_one_complete_record(x20, tmp_path):
    root, (a, b), _ = x20
    out = tmp_path / "q"
    first = cli(root, "collect", str(a), "-q", QUARTER, "--out", str(out), wait=False)
    second = cli(root, "collect", str(b), "-q", QUARTER, "--out", str(out), wait=False)
    for done in (first, second):
        done.wait()
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
    assert counts(QuarterFolder.of(QUARTER, out)) == (500, 500, 500)
    assert len(list((out / "returns").iterdir())) == 500


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_collect_killed_at_any_step_leaves_one_complete_set(x20, tmp_path, point):
    from kit.office import write_office

    root, (a, _), every = x20
    out = tmp_path / "q"
    write_office(tmp_path)  # the workspace's own office: its report is not held back
    folder = QuarterFolder.of(QUARTER, out)
    done = cli(root, "collect", str(a), "-q", QUARTER, "--out", str(out))
    assert done.returncode in (0, 1), done.stderr
    assert counts(folder) == (250, 250, 250)

    killed = cli(root, "collect", str(every), "-q", QUARTER, "--out", str(out), "-j", "2",
                 env={"PLANBOOK_KILL_AT": point})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    time.sleep(0.3)
    assert alive(str(out)) == []  # the worker processes died with it
    if point in AFTER_JOURNAL:
        # killed while making the new set current: the journal finishes it before the next
        # command (even a report) reads anything
        assert (folder.state / "commit.json").is_file()
        cli(root, "report", "-q", QUARTER, "--out", str(out))
    assert counts(folder) in ((250, 250, 250), (500, 500, 500))
    if point in AFTER_JOURNAL | {"committed"}:
        assert counts(folder) == (500, 500, 500)

    again = cli(root, "collect", str(every), "-q", QUARTER, "--out", str(out))
    assert again.returncode in (0, 1), again.stderr
    assert counts(folder) == (500, 500, 500)
    assert leftovers(folder) == []
    assert not (folder.state / "lock.json").exists()
