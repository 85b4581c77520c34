"""The benchmark runs end to end at the seed scale (a smoke test: nothing is timed against a
target here; the targets are checked by a full run of ``run.py`` on a quiet machine)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).with_name("run.py")


@pytest.mark.slow  # the benchmark script itself, end to end: the slow lane
def test_the_benchmark_runs_at_the_seed_scale_and_prints_its_table(tmp_path):
    markdown = tmp_path / "bench.md"
    proc = subprocess.run(
        [sys.executable, str(RUN), "--scale", "seed", "--rounds", "1", "--workdir", str(tmp_path / "work"),
         "--markdown", str(markdown)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:] + proc.stdout[-3000:]
    out = proc.stdout
    assert "| scale | stage | planbook s | baseline s |" in out
    for stage in ("export", "collect", "report", "duban", "whole cycle"):
        assert f"| seed | {stage} |" in out
    # the limits beside the stages: the raw read and collect's ratio to it, the letters per letter
    assert "Raw-read limit at seed: python-calamine reads every cell" in out and "x the limit" in out
    assert "Letters at seed: planbook `duban` writes" in out and "python-docx letters of the same content" in out
    assert "| seed | export |" in out.split("CPU seconds")[1]
    assert "Start-up: `" in out and "National round: 300 cities x 60 agencies = 18,000 files" in out
    assert "FAILED" not in proc.stderr and "failed:" not in out
    assert markdown.read_text(encoding="utf-8") == out.rstrip("\n") + "\n"
    # both sides read every entry of the seed's returns
    assert "read different numbers of entries" not in out
