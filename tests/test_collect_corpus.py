"""A folder of broken and hostile returns among valid ones: every defect gets its own located
message in Chinese, the run finishes, and every valid answer is collected."""

from __future__ import annotations

import os
import re
import zipfile
from collections import Counter

import pytest
from click.testing import CliRunner

from planbook.cli import main
from planbook.collection import collect, read_return, write_collect_outputs
from planbook.core.statuses import parse_month
from planbook.xlsx.layout import MONTH_FIELDS
from planbook.base.problems import CATALOGUE
from planbook.issue.workbooks import export
from planbook.xlsx.layout import workbook_layout
from planbook.store.record import QuarterRecord

from kit.collect import QUARTER, build_corpus

_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def corpus(plan, tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    blank = export(plan, QUARTER, root / "blank", jobs=1)
    earlier = export(plan, "2023Q1", root / "q1", agencies=["市财政局"], master=False, jobs=1)
    cases, values = build_corpus(plan, blank.agency_files, root / "returns", master=blank.master,
                                 other_quarter=earlier.agency_files)
    return root / "returns", cases, values


@pytest.fixture(scope="module")
def result(plan, corpus):
    folder, _, _ = corpus
    return collect([folder], plan, QUARTER)


def test_the_corpus_covers_every_kind_of_defect(corpus):
    _, cases, _ = corpus
    assert len({c.name for c in cases}) >= 25
    assert {c.kind for c in cases} >= {
        "not_xlsx", "zip_bomb", "xml_entities", "encrypted", "old_xls", "file_empty", "file_truncated",
        "macro_enabled", "wrong_plan", "wrong_quarter", "wrong_layout", "no_identity", "status_invalid",
        "done_without_progress", "row_deleted", "row_inserted", "row_moved", "row_duplicated", "sheet_renamed",
        "sheet_missing", "sheet_added", "readonly_edited", "formula", "text_too_long", "control_chars",
        "value_converted", "status_normalized", "not_lead", "rows_shifted", "columns_changed", "columns_moved", "identity_conflict",
        "outside_table", "nothing_reported", "master_workbook"}


def test_the_run_reads_every_file(corpus, result):
    folder, _, _ = corpus
    # another quarter's return is read and told apart, but kept out of this quarter's record
    assert len(result.record.returns) + len(result.other_quarter) == len([p for p in folder.iterdir() if p.is_file()])
    assert [r.refusal for r in result.other_quarter] == ["wrong_quarter"]


def test_each_defect_gives_its_own_located_message(corpus, result):
    _, cases, _ = corpus
    problems = result.record.problems + [p for r in result.other_quarter for p in r.problems]
    for case in cases:
        found = [p for p in problems if p.file == case.name and p.kind == case.kind]
        assert found, f"{case.name}: no {case.kind} in {[(p.kind, p.message) for p in problems if p.file == case.name]}"
        if case.cell:
            found = [p for p in found if p.cell == case.cell]
            assert found, f"{case.name}: {case.kind} not at {case.cell}"
        p = found[0]
        assert p.kind in CATALOGUE
        assert p.severity == case.severity, (case.name, p.severity)
        assert _CJK.search(p.message), p.message
        for attr in ("sheet", "task_id", "milestone_id"):
            if getattr(case, attr):
                assert getattr(p, attr) == getattr(case, attr), (case.name, attr, getattr(p, attr))
        if case.agency:
            assert p.agency == case.agency


def test_refused_files_are_listed_with_their_reason(corpus, result):
    _, cases, _ = corpus
    returns = {r.file: r for r in result.record.returns}
    returns.update({r.file: r for r in result.other_quarter})
    for case in cases:
        r = returns[case.name]
        assert r.accepted == case.accepted, case.name
        if not case.accepted:
            assert r.refusal == case.kind
            assert not [e for e in result.record.entries if e.file == case.name]


def test_messages_say_which_plan_quarter_or_layout(result):
    by_file = {p.file: p for p in result.record.problems + [p for r in result.other_quarter for p in r.problems]}
    assert "0123456789abcdef" in by_file["12_其他方案.xlsx"].message
    assert "2023Q1" in by_file["13_上季度.xlsx"].message and by_file["13_上季度.xlsx"].allowed == QUARTER
    assert "版式版本是 9" in by_file["14_其他版式.xlsx"].message
    assert "加密" in by_file["07_加密.xlsx"].message
    assert ".xls" in by_file["08_旧版.xls"].message
    assert ".xlsm" in by_file["11_启用宏.xlsm"].message


def test_every_valid_answer_is_collected(plan, corpus, result):
    _, cases, values = corpus
    lost = {c.agency: set() for c in cases if c.accepted}
    for c in cases:
        if c.accepted:
            lost[c.agency] |= c.lost
    assert result.record.missing_agencies == []
    for agency in plan.agency_names:
        got = {e.milestone_id: e for e in result.record.agency_entries(agency)}
        for cell in workbook_layout(plan, agency).input_cells():
            mid = cell.milestone.id
            if mid in lost.get(agency, ()):
                continue
            want = values[agency].get((mid, cell.field.key), "")
            if cell.field in MONTH_FIELDS:
                want = parse_month(want)
            assert mid in got and getattr(got[mid], cell.field.key) == want, (agency, mid, cell.field.key)


def test_defects_keep_what_can_be_kept(plan, result):
    entries = {(e.agency, e.milestone_id): e for e in result.record.entries}
    by_case = {p.file: p for p in result.record.problems}
    long_text = by_case["32_超长文字.xlsx"]
    assert len(entries[(long_text.agency, long_text.milestone_id)].progress) == 32767
    ctl = by_case["33_控制字符.xlsx"]
    assert entries[(ctl.agency, ctl.milestone_id)].evidence == "文号附件"
    typed = [p for p in result.record.problems if p.file == "34_日期数字.xlsx"]
    assert {entries[(p.agency, p.milestone_id)].progress or entries[(p.agency, p.milestone_id)].evidence
            for p in typed} >= {"2023-06-30"}
    assert "2023.6" in {entries[(p.agency, p.milestone_id)].evidence for p in typed}
    tampered = by_case["29_篡改节点.xlsx"]
    assert "改写" in tampered.value and plan.milestone(tampered.milestone_id).text in tampered.allowed


def test_outputs_of_the_corpus(plan, corpus, result, tmp_path):
    written = write_collect_outputs(result, tmp_path / "out")
    with zipfile.ZipFile(written.master) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[\s>/]", z.read(name))
    agencies = {p.agency for p in result.record.problems}
    assert set(written.problem_lists) == agencies
    assert (tmp_path / "out" / "问题清单" / f"{QUARTER}_未识别单位_问题清单.xlsx").is_file()
    # every file, hostile ones included, is kept as received: accepted returns in the archive,
    # refused files apart in 拒收/ (they are never input to a later run)
    archived = {p.name for p in (tmp_path / "out" / "returns").iterdir()}
    refused = {p.name for p in (tmp_path / "out" / "拒收").iterdir()}
    assert len(archived) == len({r.sha256 for r in result.record.returns if r.accepted})
    assert len(refused) == len({r.sha256 for r in result.record.returns if not r.accepted and r.sha256})
    import openpyxl

    sheets = openpyxl.load_workbook(written.master, read_only=True).sheetnames
    for kind in {p.kind for p in result.record.problems}:
        assert f"问题-{CATALOGUE[kind].title}"[:31] in sheets


def test_the_command_finishes_and_exits_1(corpus, tmp_path):
    folder, _, _ = corpus
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        run = CliRunner().invoke(main, ["collect", str(folder), "-q", QUARTER, "-j", "2"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert run.exit_code == 1, run.output
    assert "拒收" in run.stdout and "03_压缩炸弹.xlsx" in run.stderr
    record = QuarterRecord.load(tmp_path / "output" / QUARTER)
    # 17 files refused; the one of another quarter is named but kept out of this quarter
    assert Counter(r.accepted for r in record.returns)[False] == 16
    assert "13_上季度.xlsx" in run.stderr and "13_上季度.xlsx" not in {r.file for r in record.returns}


def test_only_the_swapped_rows_are_reported_as_moved(result):
    moved = [p for p in result.record.problems if p.kind == "row_moved"]
    assert len(moved) == 2 and all(p.value != p.allowed for p in moved)


def test_a_lying_zip_directory_is_caught(plan, corpus, tmp_path):
    """Declared sizes say small; the data inflates to more: the CRC check stops it."""
    folder, _, _ = corpus
    source = next(folder.glob("ok_*.xlsx"))
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as z:
        info = z.getinfo("xl/worksheets/sheet2.xml")
    # shrink the declared size in the central directory entry
    central = data.rfind(b"PK\x01\x02", 0, data.find(b"xl/worksheets/sheet2.xml", data.find(b"PK\x01\x02")) + 1)
    data[central + 24: central + 28] = (info.file_size // 2).to_bytes(4, "little")
    bad = tmp_path / "lying.xlsx"
    bad.write_bytes(bytes(data))
    read = read_return(bad, plan, QUARTER)
    assert not read.accepted and read.problems[0].kind == "file_broken"
