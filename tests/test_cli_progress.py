"""Commands that can take more than a second show a progress bar on stderr: on a terminal the
bar names each step and ends full; in a log or a test (stderr not a terminal) click prints the
label once and no bar, so output stays clean; stdout never carries any of it."""

from __future__ import annotations

import io
import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from planbook.cli import commands as cli
from planbook.cli import main
from planbook.tools.demo import DEMO_STEPS
from planbook.plans import PARSE_STEPS, parse_plan
from planbook.base.resources import seed_path

BAR = "[####"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_names_each_step_and_ends_full(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(cli.sys, "stderr", screen)
    with cli._steps("读取方案 方案.txt", 3) as step:
        step("识别格式")
        step("读取内容")
        step("整理任务和节点")
    shown = screen.getvalue()
    for text in ("读取方案 方案.txt", "1/3  读取内容", "2/3  整理任务和节点", "3/3  完成"):
        assert text in shown, shown


def test_reading_a_plan_tells_its_steps_in_order():
    told: list[str] = []
    result = parse_plan(seed_path(), progress=told.append)
    assert result.plan is not None
    assert told == ["识别格式", "读取内容", "整理任务和节点"] and len(told) == PARSE_STEPS


def _run(args: list[str], cwd: Path) -> click.testing.Result:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.mark.parametrize("args, label, times", [
    (["synth", "--tasks", "40", "--sections", "3", "--agencies", "10", "--out", "big.txt"], "生成模拟方案", 1),
    (["parse", "--plan", "plan.txt"], "读取方案 plan.txt", 1),
    (["targets", "--plan", "plan.txt"], "读取方案 plan.txt", 1),
    (["ledger", "--workspace", "ws"], "写入台账 台账.xlsx", 1),
    (["diff", "plan.txt", "plan.txt"], "读取方案 plan.txt", 2),
])
def test_off_a_terminal_the_label_shows_once_on_stderr_and_no_bar(tmp_path, args, label, times):
    (tmp_path / "plan.txt").write_bytes(seed_path().read_bytes())
    result = _run(args, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stderr.count(label) == times, result.stderr
    assert BAR not in result.output and label not in result.stdout


def test_synth_to_stdout_stays_a_plain_plan(tmp_path):
    result = _run(["synth", "--tasks", "5", "--sections", "2", "--agencies", "3"], tmp_path)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("某")


def test_the_demo_reports_each_of_its_steps(tmp_path, monkeypatch):
    import planbook.tools.demo as demo

    told: list[str] = []

    def run_demo(*args: object, step, say, **kwargs):  # the steps the real demo takes, none of its work
        for q in ("2023Q2", "2023Q3", "2023Q4"):
            for name in ("下发", "模拟回执", "汇总", "通报", "驾驶舱"):
                step(f"{q} {name}")
        step("台账")
        say("2023Q4：已登记延期")
        told.append("ran")
        return demo.DemoResult(Path(tmp_path), demo.DEMO_QUARTER)

    monkeypatch.setattr(demo, "run_demo", run_demo)
    result = _run(["demo", "--out", str(tmp_path / "demo")], tmp_path)
    assert told == ["ran"] and DEMO_STEPS == 16
    assert result.stderr.count("演示 2023Q2–2023Q4") == 1, result.stderr
    assert "2023Q4：已登记延期" in result.stdout
