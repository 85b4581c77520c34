"""An interrupted export resumes (issue 22, point 7): export records each file it writes as it
goes, so after Ctrl-C or a kill at any point the next export recognises its own files, finishes,
exits 0 and writes no file twice; only a file changed after export wrote it is an agency's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from planbook.cli import main
from planbook.store.folder import QuarterFolder
from planbook.store.journal import records

QUARTER = "2023Q2"


def _export(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """``planbook export`` in its own process (its own session, so a signal reaches its workers
    too), running the installed planbook."""
    return subprocess.Popen(
        [sys.executable, "-c", "from planbook.cli import main; main()", "export", "-q", QUARTER, *args],
        cwd=tmp_path, env={**os.environ, **(env or {})}, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every workbook in 下发/: name -> (inode, mtime): a file written again gets a new inode."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.glob("*.xlsx")}


def _interrupt_and_resume(tmp_path: Path, how: str, at: int, extra: tuple[str, ...] = ()) -> None:
    issued = tmp_path / "output" / QUARTER / "下发"
    if how == "sigkill-checkpoint":
        run = _export(tmp_path, *extra, env={"PLANBOOK_KILL_AT": f"exported-{at}"})
        run.wait(timeout=600)
        assert run.returncode == -signal.SIGKILL
    else:
        run = _export(tmp_path, *extra)
        deadline = time.monotonic() + 600
        while len(list(issued.glob("*.xlsx"))) < at and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(run.pid, signal.SIGINT if how == "ctrl-c" else signal.SIGKILL)  # as a terminal's Ctrl-C does
        run.wait(timeout=120)
        assert run.returncode != 0, "the run ended before it was interrupted"
    before = _files(issued)
    assert before, "nothing was written before the interruption"
    again = _export(tmp_path, *extra)
    out, err = again.communicate(timeout=900)
    assert again.returncode == 0, err.decode()
    assert "改动过" not in err.decode()
    after = _files(issued)
    place = QuarterFolder.of(QUARTER, tmp_path / "output" / QUARTER)
    # the files the first run finished are kept as they are: no file is written twice
    assert {n: after[n] for n in before if n in after} == before
    written = [r["file"] for r in records(place) if "file" in r]
    runs = [r["run"] for r in records(place) if "begin" in r]
    assert len(runs) == 2
    second = [r["file"] for r in records(place) if "file" in r and r["run"] == runs[1]]
    assert sorted(second) == sorted(after)  # the second run has every file on record ...
    assert len(written) - len(second) <= len(before) + 2  # ... and wrote only what the first did not finish
    assert not list((tmp_path / "output" / QUARTER).glob("备份"))
    # and the next collect knows them all as export's blanks, not returns
    collect = CliRunner().invoke(main, ["collect", "-q", QUARTER, "--folder", str(place.path), "--dry-run"])
    assert "读取 0 个文件" in collect.output and f"填报表 {len(after)} 个，未读取" in collect.output


@pytest.mark.parametrize("how", ["sigkill-checkpoint", "sigkill", "ctrl-c"])
def test_an_interrupted_export_of_the_seed_resumes(tmp_path, how):
    _interrupt_and_resume(tmp_path, how, at=12, extra=("-j", "2"))


def test_a_file_changed_after_export_wrote_it_is_still_an_agencys(tmp_path):
    run = _export(tmp_path, env={"PLANBOOK_KILL_AT": "exported-10"})
    run.wait(timeout=600)
    issued = tmp_path / "output" / QUARTER / "下发"
    victim = sorted(issued.glob("*.xlsx"))[0]
    victim.write_bytes(victim.read_bytes() + b"\0")  # an agency's answer saved under the workbook's name
    again = _export(tmp_path)
    _, err = again.communicate(timeout=600)
    assert again.returncode != 0 and victim.name in err.decode() and "改动过" in err.decode()


@pytest.mark.slow
@pytest.mark.parametrize("how", ["sigkill", "ctrl-c"])
def test_an_interrupted_export_of_an_x20_plan_resumes(tmp_path, how):
    plan = tmp_path / "x20.txt"
    made = subprocess.run([sys.executable, "-c", "from planbook.cli import main; main()", "synth", "--scale", "x20",
                           "--out", str(plan)], cwd=tmp_path, capture_output=True, timeout=600)
    assert made.returncode == 0, made.stderr.decode()
    _interrupt_and_resume(tmp_path, how, at=60, extra=("--plan", str(plan)))
