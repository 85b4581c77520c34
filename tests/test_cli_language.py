"""The command line speaks one language. For every command (found in the group, so a command
added later is covered too): its help and every option's help are Chinese; a bad option, a
missing required option, a missing or wrong-kind file and a bad value each give a Chinese
message that names the option or file, with no traceback and exit code 2; click's English
(Usage:, Error:, Missing option, Try '…', Aborted!) never shows; Ctrl-C gives a Chinese line
and exit code 130."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from planbook.cli import main
from planbook.base.words import wide_count

COMMANDS = list(main.commands)
ENGLISH = ("Usage:", "Error:", "Missing option", "Missing argument", "Missing parameter", "No such option",
           "No such command", "does not exist", "Show this message", "Show the version", "Try '", "Invalid value",
           "is a file", "is a directory", "not readable", "not writable", "Aborted", "Options:", "Commands:",
           "default:", "required]", "Did you mean", "requires an argument", "does not take a value",
           "unexpected extra", "is not a valid", "is not in the range", "is not one of", "[OPTIONS]",
           "COMMAND [ARGS]", "Traceback")
METAVARS = re.compile(r"\b(TEXT|INTEGER|PATH|FILE|DIRECTORY|FLOAT|BOOLEAN|CHOICE)\b")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def run(args: list[str], cwd: Path | None = None, **kwargs) -> click.testing.Result:
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner(env={"COLUMNS": "80"}).invoke(main, args, prog_name="planbook", **kwargs)
    finally:
        os.chdir(old)


def chinese(result: click.testing.Result, named: str, code: int = 2) -> str:
    """The output is a Chinese message naming ``named``, with ``code`` and no traceback."""
    out = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, out
    assert CHINESE.search(out), out
    assert named in out, out
    english = [phrase for phrase in ENGLISH if phrase in out]
    assert not english, f"English in: {out}"
    return out


def usage_error(result: click.testing.Result, named: str, command: str) -> str:
    """A usage error: the problem first, then the command's usage and where its help is."""
    out = chinese(result, named)
    assert out.startswith("[错误] "), out
    assert f"用法：planbook {command} [选项]".replace("  ", " ") in out, out
    assert f"运行 planbook {command} --help 查看说明。".replace("  ", " ") in out, out
    return out


@pytest.fixture
def place(tmp_path: Path) -> Path:
    (tmp_path / "afile.txt").write_text("x")
    (tmp_path / "adir").mkdir()
    return tmp_path


def _options(name: str) -> list[click.Option]:
    return [p for p in main.commands[name].params if isinstance(p, click.Option) and not p.hidden]


def _cases(name: str, pick) -> list:
    return [(name, p) for p in main.commands[name].params if pick(p)]


def _spelled(param: click.Parameter, value: str) -> list[str]:
    """How to give ``value`` to ``param`` on the command line."""
    return [value] if isinstance(param, click.Argument) else [param.opts[0], value]


def _id(case) -> str:
    name, param = case
    return f"{name} {param.opts[0] if isinstance(param, click.Option) else param.name}"


REQUIRED = [c for n in COMMANDS for c in _cases(n, lambda p: p.required)]
PATHS = [c for n in COMMANDS for c in _cases(n, lambda p: isinstance(p.type, click.Path))]
EXISTING = [c for c in PATHS if c[1].type.exists]
NUMBERS = [c for n in COMMANDS for c in _cases(n, lambda p: isinstance(p.type, (click.types.IntParamType, click.Choice)))]


def test_every_command_of_the_issue_is_covered():
    # every command is found in the group, so one added later (planbook duban) is driven too
    assert {"parse", "export", "collect", "report", "demo", "synth", "targets", "ledger", "diff"} <= set(COMMANDS)
    assert {n for n, _ in REQUIRED} >= {"export", "collect", "report"}
    assert {n for n, _ in EXISTING} >= {"parse", "export", "collect", "report", "demo"}


# help ------------------------------------------------------------------------------------------

def test_the_group_help_lists_every_command_in_chinese():
    result = run(["--help"])
    out = chinese(result, "用法：planbook [选项] 命令 [参数]...", code=0)
    assert not METAVARS.search(out), out
    assert "选项：" in out and "命令：" in out and "显示版本号并退出。" in out and "显示本说明并退出。" in out
    listed = out.split("命令：", 1)[1]
    for name in COMMANDS:
        line = next(ln for ln in listed.splitlines() if ln.strip().startswith(name + " "))
        assert CHINESE.search(line), line
    assert [ln.split()[0] for ln in listed.strip().splitlines()] == COMMANDS  # in the order of a quarter


def test_the_group_without_a_command_shows_its_help():
    assert "命令：" in chinese(run([]), "用法：planbook")


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_is_chinese(name, flag):
    out = chinese(run([name, flag]), f"用法：planbook {name} [选项]", code=0)
    assert not METAVARS.search(out), out
    assert "选项：" in out and "显示本说明并退出。" in out
    command = main.commands[name]
    assert CHINESE.search(command.help or ""), f"{name} has no Chinese description"
    assert not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}", command.help or ""), command.help
    for option in _options(name):
        assert option.help and CHINESE.search(option.help), f"{name} {option.opts[0]} has no Chinese help"
        assert option.opts[0] in out


@pytest.mark.parametrize("name", COMMANDS)
def test_help_fits_an_80_column_console(name):
    """78 columns of text (what click leaves of 80), a closing mark may overhang: 。 never starts a line."""
    out = run([name, "--help"], terminal_width=78).output
    wide = [ln for ln in out.splitlines() if len(ln) + wide_count(ln) > 80 and " " in ln.strip()]
    assert not wide, "\n".join(wide)


def test_help_loads_no_heavy_library():
    code = ("import sys\nfrom planbook.cli import main\ntry:\n    main(['export', '--help'])\nexcept SystemExit:\n"
            "    pass\nprint(sorted(m for m in ('pandas', 'openpyxl', 'xlsxwriter', 'docx', 'matplotlib', "
            "'python_calamine', 'jinja2') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


# usage errors on every command -----------------------------------------------------------------

@pytest.mark.parametrize("name", COMMANDS)
def test_a_bad_option_is_named(name, place):
    usage_error(run([name, "--nope"], place), "[错误] 没有选项 --nope。", name)


def test_a_misspelt_option_or_command_keeps_clicks_suggestion():
    assert "是不是要写 --no-prefill？" in usage_error(run(["export", "--no-prefil"]), "--no-prefil", "export")
    out = usage_error(run(["exprot"]), "没有命令 exprot。是不是要写 export？", "")
    assert "可用的命令：" + "、".join(COMMANDS) in out


@pytest.mark.parametrize("case", REQUIRED, ids=_id)
def test_a_missing_required_option_is_named(case, place):
    name, param = case
    missing = [p for p in main.commands[name].params if p.required]
    given = [arg for p in missing if p is not param
             for arg in _spelled(p, "afile.txt" if isinstance(p.type, click.Path) else "2023Q2")]
    out = usage_error(run([name, *given], place), "缺少", name)
    if isinstance(param, click.Argument):  # positional: the first missing one is named, by its metavar
        assert "缺少参数" in out and any(p.metavar and p.metavar in out for p in missing)
    else:
        assert param.opts[0] in out


@pytest.mark.parametrize("case", EXISTING, ids=_id)
def test_a_missing_file_is_named(case, place):
    name, param = case
    out = usage_error(run([name, *_spelled(param, "不在这里.xlsx")], place), "不在这里.xlsx", name)
    assert "找不到" in out


@pytest.mark.parametrize("case", [c for c in PATHS if c[1].type.file_okay != c[1].type.dir_okay], ids=_id)
def test_a_file_for_a_folder_and_a_folder_for_a_file_are_named(case, place):
    name, param = case
    wrong = "adir" if param.type.file_okay else "afile.txt"
    out = usage_error(run([name, *_spelled(param, wrong)], place), wrong, name)
    assert ("是文件夹，这里要的是文件" if param.type.file_okay else "是文件，这里要的是文件夹") in out


@pytest.mark.parametrize("case", NUMBERS, ids=_id)
def test_a_bad_value_is_named(case, place):
    name, param = case
    kind = param.type
    if isinstance(kind, click.Choice):
        bad, said = "zz9", "不是可选的值"
    elif isinstance(kind, click.IntRange):
        bad, said = str(kind.min - 1 if kind.min is not None else kind.max + 1), "超出范围"
    else:
        bad, said = "abc", "不是整数"
    out = usage_error(run([name, *_spelled(param, bad)], place), bad, name)
    assert said in out and param.opts[0] in out


def test_an_option_without_its_value_and_a_flag_with_one():
    assert "选项 -q 后面要写一个值。" in usage_error(run(["export", "-q"]), "-q", "export")
    assert "选项 --force 不带值" in usage_error(run(["export", "-q", "2023Q2", "--force=yes"]), "--force", "export")


def test_an_extra_argument_is_named(place):
    out = usage_error(run(["report", "extra.xlsx", "-q", "2023Q2"], place), "extra.xlsx", "report")
    assert "多余的参数：extra.xlsx。" in out


def test_a_quarter_that_is_not_a_quarter():
    out = usage_error(run(["export", "-q", "2023Q5"]), "2023Q5", "export")
    assert "--quarter / -q：" in out


# one way to give the plan; the quarter's folder by its name ------------------------------------

def test_parse_takes_the_plan_as_option_or_argument_but_not_both(place):
    from planbook.base.resources import seed_path

    seed = str(seed_path())
    by_option, by_argument = run(["parse", "--plan", seed]), run(["parse", seed])
    assert by_option.exit_code == by_argument.exit_code == 0
    assert by_option.output == by_argument.output
    out = usage_error(run(["parse", seed, "--plan", seed]), "方案写了两次", "parse")
    assert "--plan" in out


@pytest.mark.parametrize("name", ["export", "collect", "report"])
def test_the_quarter_folder_is_folder_and_out_still_works(name, place):
    help_text = run([name, "--help"]).output
    assert "-d, --folder 文件夹" in help_text and "--out" not in help_text and "季度文件夹" in help_text
    for spelling in ("--folder", "-d", "--out"):
        out = usage_error(run([name, "-q", "2023Q2", spelling, "afile.txt"], place), "afile.txt", name)
        assert "--folder / -d：afile.txt 是文件，这里要的是文件夹。" in out


def test_every_command_that_reads_a_plan_takes_plan():
    takes = {n for n in COMMANDS if any("--plan" in p.opts for p in main.commands[n].params)}
    assert takes >= {"parse", "export", "collect", "report", "demo"}


# Ctrl-C ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("raised", [KeyboardInterrupt, click.Abort])
def test_ctrl_c_in_a_command_gives_a_chinese_line_and_130(monkeypatch, raised):
    import planbook.tools.synth

    def interrupted(*args, **kwargs):
        raise raised()

    monkeypatch.setattr(planbook.tools.synth, "synthetic_plan_text", interrupted)
    out = chinese(run(["synth", "--tasks", "3", "--sections", "1", "--agencies", "3"]), "已中断", code=130)
    assert "[错误] 已中断。" in out


def test_ctrl_c_while_reading_the_arguments_gives_130(monkeypatch):
    from planbook.core.quarter import Quarter

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Quarter, "parse", interrupted)
    chinese(run(["export", "-q", "2023Q2"]), "已中断", code=130)


def test_a_real_process_gets_the_same_messages(place):
    """Outside the test runner too (sys.argv, a real stderr)."""
    done = subprocess.run([sys.executable, "-m", "planbook.cli", "export", "--nope"], capture_output=True,
                          text=True, cwd=place)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("[错误] 没有选项 --nope。") and "Usage" not in done.stderr


@pytest.mark.parametrize("name", COMMANDS)
def test_every_text_option_names_what_it_takes(name):
    """``--agency 单位``, not ``--agency 文本``: the placeholder says what to write."""
    generic = [p.opts[0] for p in _options(name)
               if not p.is_flag and p.type is click.STRING and not p.metavar]
    assert not generic, f"planbook {name}: {generic} show only 文本"
