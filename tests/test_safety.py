"""A quarter's folder cannot lose or mix data: the eight ways it did, each tried as a user
would, on the command line (the crash and concurrency tests at scale are in
``test_safety_scale.py``)."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.collect import QUARTER, cells_for, fill_xml, random_values, set_core_times
from kit.office import write_office
from planbook.cli import main
from planbook.store.folder import QuarterFolder
from planbook.store.record import QuarterRecord



def run(args: list[str], cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args)
    finally:
        os.chdir(old)


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def fill(plan, blank: Path, dst: Path, agency: str, seed: int = 1) -> Path:
    return fill_xml(blank, dst, cells_for(plan, agency, random_values(plan, agency, random.Random(seed))))


@pytest.fixture()
def exported(tmp_path):
    result = run(["export", "-q", QUARTER, "-j", "1"], tmp_path)
    assert result.exit_code == 0, result.output
    return QuarterFolder.of(QUARTER, tmp_path / "output" / QUARTER)


# 1 -----------------------------------------------------------------------------------------------
def test_export_never_overwrites_a_return_saved_under_its_workbooks_name(plan, exported, tmp_path):
    agency = "市营商局"
    path = exported.workbook(agency)
    fill(plan, path, path, agency)  # the agency's filled return, saved over the blank in 下发/
    filled = path.read_bytes()
    again = run(["export", "-q", QUARTER, "-j", "1"], tmp_path)
    no_traceback(again)
    assert again.exit_code == 2
    assert path.name in again.output and "--force" in again.output
    assert path.read_bytes() == filled
    forced = run(["export", "-q", QUARTER, "-j", "1", "--force"], tmp_path)
    assert forced.exit_code == 0, forced.output
    backups = list(exported.backups.rglob(path.name))
    assert len(backups) == 1 and backups[0].read_bytes() == filled
    assert path.read_bytes() != filled
    # and collect reads the saved return where it was left, without being told where
    exported.inbox.mkdir()
    shutil.copy(backups[0], exported.inbox / path.name)
    collected = run(["collect", "-q", QUARTER], tmp_path)
    assert collected.exit_code in (0, 1), collected.output
    record = QuarterRecord.load(exported.record)
    assert [r.agency for r in record.returns] == [agency]


# 4 -----------------------------------------------------------------------------------------------
def test_an_unwritable_folder_gives_a_message_not_a_traceback(plan, exported, tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    exported.inbox.mkdir()
    fill(plan, exported.workbook("市法院"), exported.inbox / "法院.xlsx", "市法院")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    for args in (["export", "-q", QUARTER, "-j", "1", "--force"], ["collect", "-q", QUARTER],
                 ["report", "-q", QUARTER]):
        result = run(args, tmp_path)
        no_traceback(result)
        assert result.exit_code == 2, (args, result.output)
        if args[0] != "report":  # report stops earlier: nothing collected yet
            assert "没有权限" in result.output and "output/2023Q2" in result.output.replace("\\", "/"), result.output


def test_an_output_folder_that_is_a_file(tmp_path):
    (tmp_path / "out").write_text("x")
    result = run(["export", "-q", QUARTER, "--out", "out", "-j", "1"], tmp_path)
    no_traceback(result)
    assert result.exit_code == 2 and "out" in result.output


def _collect_once(plan, exported, tmp_path) -> QuarterRecord:
    exported.inbox.mkdir(exist_ok=True)
    for agency in ("市法院", "市财政局"):
        fill(plan, exported.workbook(agency), exported.inbox / f"{agency}.xlsx", agency)
    assert run(["collect", "-q", QUARTER], tmp_path).exit_code in (0, 1)
    return QuarterRecord.load(exported.record)


def test_a_file_held_open_by_another_program_is_kept_beside(plan, exported, tmp_path, monkeypatch):
    _collect_once(plan, exported, tmp_path)
    fill(plan, exported.workbook("市营商局"), exported.inbox / "营商局.xlsx", "市营商局")
    real = os.replace

    def held(src, dst, *a, **k):
        if str(dst).endswith("汇总表.xlsx"):
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", held)
    result = run(["collect", "-q", QUARTER], tmp_path)
    no_traceback(result)
    assert result.exit_code == 2 and "正被其他程序" in result.output
    assert (exported.path / f"{QUARTER}_汇总表（新）.xlsx").is_file()
    assert len(QuarterRecord.load(exported.record).returns) == 3  # the rest of the set is current


def test_a_full_disk_keeps_the_previous_set(plan, exported, tmp_path, monkeypatch):
    before = _collect_once(plan, exported, tmp_path)
    fill(plan, exported.workbook("市营商局"), exported.inbox / "营商局.xlsx", "市营商局")
    real = os.replace

    def full(src, dst, *a, **k):
        if str(dst).endswith("entries.csv"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", full)
    result = run(["collect", "-q", QUARTER], tmp_path)
    no_traceback(result)
    assert result.exit_code == 2 and "磁盘空间不足" in result.output and "entries.csv" in result.output


def test_ctrl_c_keeps_the_previous_set(plan, exported, tmp_path, monkeypatch):
    before = _collect_once(plan, exported, tmp_path)
    fill(plan, exported.workbook("市营商局"), exported.inbox / "营商局.xlsx", "市营商局")
    import planbook.collection.outputs as outputs

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs, "_write_master", interrupted)
    result = run(["collect", "-q", QUARTER], tmp_path)
    no_traceback(result)
    assert result.exit_code == 130 and "已中断" in result.output
    assert QuarterRecord.load(exported.record).to_dict() == before.to_dict()
    monkeypatch.undo()
    assert run(["collect", "-q", QUARTER], tmp_path).exit_code in (0, 1)
    assert not [p for p in exported.path.rglob("*") if p.name.startswith(".~") or "staging-" in str(p)]


# 6 -----------------------------------------------------------------------------------------------
def test_refused_files_are_reported_once_and_kept_apart(plan, exported, tmp_path):
    exported.inbox.mkdir()
    fill(plan, exported.workbook("市法院"), exported.inbox / "法院.xlsx", "市法院")
    set_core_times(shutil.copy(exported.master, exported.inbox / "总表.xlsx"), "2023-07-01T08:00:00Z")  # opened, saved
    (exported.inbox / "台账.csv").write_text("序号,任务\n1,x\n", encoding="utf-8")
    (exported.inbox / "旧版.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"))
    first = run(["collect", "-q", QUARTER], tmp_path)
    assert first.exit_code == 1
    for name in ("总表.xlsx", "台账.csv", "旧版.xls"):
        assert name in first.output
    assert len(list(exported.refused.iterdir())) == 3
    assert sorted(p.name for p in exported.archive.iterdir())[0].endswith("法院.xlsx")
    assert len(list(exported.archive.iterdir())) == 1  # only accepted returns are input to later runs

    again = run(["collect", "-q", QUARTER], tmp_path)
    assert again.exit_code == 0, again.output
    assert "以前已拒收过" in again.output and "[错误]" not in again.output
    for name in ("总表.xlsx", "台账.csv", "旧版.xls"):
        (exported.inbox / name).unlink()
    cleared = run(["collect", "-q", QUARTER], tmp_path)
    assert cleared.exit_code == 0, cleared.output
    record = QuarterRecord.load(exported.record)
    assert [r.file for r in record.returns] == ["法院.xlsx"]
    assert len(list(exported.refused.iterdir())) == 3  # kept, as received


def test_a_return_can_be_withdrawn_and_reinstated(plan, exported, tmp_path):
    record = _collect_once(plan, exported, tmp_path)
    target = next(r for r in record.returns if r.agency == "市法院")
    out = run(["collect", "-q", QUARTER, "--withdraw", target.sha256[:12], "--reason", "报错了单位"], tmp_path)
    assert out.exit_code in (0, 1), out.output
    assert "已撤回" in out.output
    record = QuarterRecord.load(exported.record)
    assert "市法院" in record.missing_agencies and not record.agency_entries("市法院")
    assert next(r for r in record.returns if r.sha256 == target.sha256).withdrawn
    log = json.loads((exported.state / "withdrawn.json").read_text(encoding="utf-8"))
    assert log[-1]["reason"] == "报错了单位" and log[-1]["action"] == "withdraw"
    assert any(p.name.endswith("法院.xlsx") for p in exported.archive.iterdir())  # the archive keeps it
    back = run(["collect", "-q", QUARTER, "--reinstate", "市法院.xlsx"], tmp_path)
    assert back.exit_code in (0, 1), back.output
    record = QuarterRecord.load(exported.record)
    assert "市法院" not in record.missing_agencies and record.agency_entries("市法院")
    unknown = run(["collect", "-q", QUARTER, "--withdraw", "没有这个.xlsx"], tmp_path)
    assert unknown.exit_code == 2 and "没有这个.xlsx" in unknown.output


def test_another_quarters_returns_do_not_touch_this_quarters_folder(plan, exported, tmp_path):
    exported.inbox.mkdir()
    fill(plan, exported.workbook("市法院"), exported.inbox / "法院.xlsx", "市法院")
    result = run(["collect", str(exported.inbox), "-q", "2023Q3"], tmp_path)
    no_traceback(result)
    assert result.exit_code == 2 and "2023Q2" in result.output and "-q 2023Q2" in result.output
    assert not (tmp_path / "output" / "2023Q3").exists()


# 7 -----------------------------------------------------------------------------------------------
@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664)])
def test_files_honour_the_umask(plan, tmp_path, umask, mode):
    code = f"import os; os.umask({umask}); from planbook.cli import main; main()"

    def cli(*args: str) -> None:
        done = subprocess.run([sys.executable, "-c", code, *args], cwd=tmp_path, capture_output=True)
        assert done.returncode in (0, 1), done.stderr.decode()

    write_office(tmp_path / "output")  # the report names the issuer: the office's own, not the example
    cli("export", "-q", QUARTER, "-j", "1")
    folder = QuarterFolder.of(QUARTER, tmp_path / "output" / QUARTER)
    folder.inbox.mkdir()
    fill(plan, folder.workbook("市法院"), folder.inbox / "法院.xlsx", "市法院")
    os.chmod(folder.inbox / "法院.xlsx", 0o600)  # as a mail client may save it
    cli("collect", "-q", QUARTER)
    cli("report", "-q", QUARTER)
    files = [p for p in folder.path.rglob("*") if p.is_file() and ".planbook" not in p.parts]
    assert len(files) > 50
    wrong = {str(p.relative_to(folder.path)): oct(p.stat().st_mode & 0o777) for p in files
             if p.stat().st_mode & 0o777 != mode and p.parent != folder.inbox}
    assert not wrong


# 8 -----------------------------------------------------------------------------------------------
def test_custom_folder_names_still_prefill_and_compare(plan, tmp_path):
    assert run(["export", "-q", "2023Q3", "--out", "三季度", "-j", "1"], tmp_path).exit_code == 0
    third = QuarterFolder.of("2023Q3", tmp_path / "三季度")
    agency = "市法院"
    fill(plan, third.workbook(agency), third.workbook(agency), agency)  # saved in 下发/ under its own name
    collected = run(["collect", "-q", "2023Q3", "--out", "三季度"], tmp_path)
    assert collected.exit_code in (0, 1), collected.output
    assert "没有找到" not in collected.output
    assert [r.agency for r in QuarterRecord.load(third.record).returns] == [agency]

    fourth = run(["export", "-q", "2023Q4", "--out", "四季度", "-j", "1"], tmp_path)
    assert fourth.exit_code == 0 and "已用 2023Q3 的汇总结果预填 1 个单位" in fourth.output
    first = run(["export", "-q", "2023Q1", "--out", "一季度", "-j", "1"], tmp_path)
    assert "未找到上一季度（2022Q4）的汇总记录，本次不预填、不对比" in first.output
    named = run(["export", "-q", "2023Q4", "--out", "四季度b", "-j", "1", "--previous", "三季度"], tmp_path)
    assert "预填 1 个单位" in named.output
    wrong = run(["export", "-q", "2023Q4", "--out", "四季度c", "--previous", "一季度"], tmp_path)
    assert wrong.exit_code == 2 and "一季度" in wrong.output
