"""The workspace: one command at a time, outputs that change together, registers, and the
previous quarter found by identity."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planbook.store.folder import QuarterFolder
from planbook.base.lock import FolderLock
from planbook.base.problems import PlanbookError
from planbook.store.session import (
    Commit, FolderSession, backup, find_previous, folder_quarter, issued_files, record_issued, record_withdrawal,
    recover, withdrawn,
)


_HOLD = """
import sys, time
from pathlib import Path
from planbook.base.lock import FolderLock
with FolderLock(Path({state!r}), "export"):
    print("held", flush=True)
    time.sleep(60)
"""


def _holder(state: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD.format(state=str(state))],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_command_waits_then_says_who_holds_the_folder(tmp_path):
    folder = QuarterFolder.of("2023Q2", tmp_path / "q")
    proc = _holder(folder.state)
    try:
        said = []
        start = time.monotonic()
        with pytest.raises(PlanbookError) as caught:
            with FolderSession(folder, "collect", wait=1.0, say=said.append):
                pass
        assert time.monotonic() - start >= 1.0
        message = str(caught.value)
        assert caught.value.problems[0].kind == "folder_locked"
        assert f"进程 {proc.pid}" in message and "export" in message and "开始于" in message
        assert said and "等待" in said[0]
    finally:
        proc.kill()
        proc.wait()


def test_the_lock_of_a_killed_process_is_taken_over(tmp_path):
    folder = QuarterFolder.of("2023Q2", tmp_path / "q")
    proc = _holder(folder.state)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with FolderSession(folder, "collect", wait=2.0):
        holder = json.loads((folder.state / "lock.json").read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid() and holder["command"] == "collect"
    assert not (folder.state / "lock.json").exists()


def test_a_command_may_take_the_lock_it_already_holds(tmp_path):
    folder = QuarterFolder.of("2023Q2", tmp_path / "q")
    with FolderSession(folder, "collect"):
        with FolderLock(folder.state, "collect", wait=0.1):
            pass
        with FolderSession(folder, "collect", wait=0.1):
            pass


def test_a_commit_changes_every_file_or_none(tmp_path):
    folder = QuarterFolder.of("2023Q2", tmp_path / "q")
    folder.path.mkdir()
    folder.record.write_bytes(b"old record")
    folder.entries.write_bytes(b"old entries")
    commit = Commit(folder)
    assert commit.write(folder.record, b"new record")
    assert commit.write(folder.entries, b"new entries")
    assert folder.record.read_bytes() == b"old record"  # nothing changes before apply
    commit.apply()
    assert folder.record.read_bytes() == b"new record" and folder.entries.read_bytes() == b"new entries"
    assert not list(folder.state.glob("staging-*")) and not (folder.state / "commit.json").exists()
    unchanged = Commit(folder)
    assert not unchanged.write(folder.record, b"new record") and unchanged.apply() == 0


def test_a_journaled_commit_is_finished_by_the_next_command_and_an_unjournaled_one_cleared(tmp_path, monkeypatch):
    folder = QuarterFolder.of("2023Q2", tmp_path / "q")
    folder.path.mkdir()
    folder.record.write_bytes(b"old record")
    folder.entries.write_bytes(b"old entries")
    commit = Commit(folder)
    commit.write(folder.record, b"new record")
    commit.write(folder.entries, b"new entries")

    def killed(name: str) -> None:
        if name == "moved-1":
            raise SystemExit("killed")  # the process dies between the two moves

    with pytest.raises(SystemExit):
        commit.apply(killed)
    # (the finally of apply ran here; a real kill would not: put the journal back as it was)
    journal = {"moves": [[str(a.relative_to(folder.path)), str(b.relative_to(folder.path))] for a, b in commit.moves]}
    (folder.state / "commit.json").write_text(json.dumps(journal), encoding="utf-8")
    commit.dir.mkdir(parents=True, exist_ok=True)
    (commit.dir / "0001.csv").write_bytes(b"new entries")
    assert recover(folder)
    assert folder.record.read_bytes() == b"new record" and folder.entries.read_bytes() == b"new entries"

    half = Commit(folder)
    half.write(folder.record, b"never committed")
    (folder.path / ".~汇总表.xlsx.tmp").write_bytes(b"temp")
    assert recover(folder)
    assert folder.record.read_bytes() == b"new record"
    assert not list(folder.state.glob("staging-*")) and not (folder.path / ".~汇总表.xlsx.tmp").exists()


def test_registers_of_issued_files_and_withdrawals(tmp_path):
    folder = QuarterFolder.of("2023Q2", tmp_path / "q")
    folder.state.mkdir(parents=True)
    record_issued(folder, {"a.xlsx": "1" * 64})
    record_issued(folder, {"b.xlsx": "2" * 64})
    assert issued_files(folder) == {"a.xlsx": "1" * 64, "b.xlsx": "2" * 64}
    record_withdrawal(folder, {"sha256": "f" * 64, "action": "withdraw", "reason": "报错了"})
    assert withdrawn(folder) == {"f" * 64}
    record_withdrawal(folder, {"sha256": "f" * 64, "action": "reinstate", "reason": "核实无误"})
    assert withdrawn(folder) == set()


def test_a_backup_keeps_what_was_replaced_and_why(tmp_path):
    folder = QuarterFolder.of("2023Q2", tmp_path / "q")
    folder.issued.mkdir(parents=True)
    path = folder.issued / "2023Q2_市营商局.xlsx"
    path.write_bytes(b"filled")
    target = backup(folder, [path], "测试")
    assert not path.exists() and (target / path.name).read_bytes() == b"filled"
    assert "测试" in (target / "说明.txt").read_text(encoding="utf-8")


def _record(path: Path, quarter: str) -> None:
    path.mkdir(parents=True)
    (path / "record.json").write_text(json.dumps({"version": 1, "quarter": quarter, "plan_fingerprint": "x"}),
                                      encoding="utf-8")


def test_the_previous_quarter_is_found_by_what_it_holds(tmp_path):
    _record(tmp_path / "三季度", "2023Q3")
    _record(tmp_path / "二季度", "2023Q2")
    folder = QuarterFolder.of("2023Q4", tmp_path / "四季度")
    assert folder_quarter(tmp_path / "三季度") == "2023Q3"
    assert find_previous(folder).path == tmp_path / "三季度"
    assert find_previous(QuarterFolder.of("2023Q2", tmp_path / "x")) is None
    assert find_previous(folder, tmp_path / "三季度").quarter.q == 3
    with pytest.raises(PlanbookError, match="2023Q2 的，不是上一季度 2023Q3"):
        find_previous(folder, tmp_path / "二季度")


def test_the_plans_targets_are_found_once_and_kept_beside_the_plan_of_record(tmp_path, monkeypatch):
    """Export, collect and report each needed every milestone's targets: they are found once
    and kept in .planbook/targets.json, keyed by the plan and the finder's code; a stale key
    (a newer planbook) finds them again."""
    from planbook.app.door import Workspace
    from planbook.core import measures
    from planbook.plans import load_plan

    plan_file = Path(__file__).resolve().parent / "data" / "plans" / "cangnan2022_shishi_jindu.txt"
    Workspace.create(tmp_path / "ws", load_plan(plan_file))
    first = measures.plan_targets(Workspace(tmp_path / "ws").plan)
    assert sum(len(t) for t in first.values()) >= 10
    kept = tmp_path / "ws" / ".planbook" / "targets.json"
    assert kept.is_file() and json.loads(kept.read_text(encoding="utf-8"))["fingerprint"]

    def not_again(*_a, **_k):
        raise AssertionError("the targets were found again")

    monkeypatch.setattr(measures, "extract_targets", not_again)
    assert measures.plan_targets(Workspace(tmp_path / "ws").plan) == first  # read back, the same
    data = json.loads(kept.read_text(encoding="utf-8"))
    kept.write_text(json.dumps({**data, "finder": "older"}), encoding="utf-8")
    monkeypatch.undo()
    calls = []
    real = measures.extract_targets
    monkeypatch.setattr(measures, "extract_targets", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert measures.plan_targets(Workspace(tmp_path / "ws").plan) == first and calls
    assert json.loads(kept.read_text(encoding="utf-8"))["finder"] == measures.finder_version()
