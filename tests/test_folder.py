"""A quarter's folder: every name under it, and the previous quarter beside it."""

from __future__ import annotations

from pathlib import Path

from planbook.store.folder import QuarterFolder, archive_name, original_name, workbook_filename
from planbook.core.quarter import Quarter


def test_file_names_are_readable_and_safe_on_windows():
    assert workbook_filename("2023Q2", "市营商局") == "2023Q2_市营商局.xlsx"
    assert workbook_filename("2023Q2", 'a/b\\c:d*e?"f<g>h|') == "2023Q2_a_b_c_d_e__f_g_h_.xlsx"
    assert workbook_filename("2023Q2", "CON") == "2023Q2__CON.xlsx"


def test_every_name_of_a_quarter(tmp_path):
    folder = QuarterFolder.of("2023Q2", tmp_path / "二季度")
    assert folder.quarter == Quarter(2023, 2)
    assert folder.master.name == "2023Q2_总表.xlsx"
    assert folder.workbook("市营商局").name == "2023Q2_市营商局.xlsx"
    assert folder.consolidated.name == "2023Q2_汇总表.xlsx"
    assert folder.record.name == "record.json" and folder.entries.name == "entries.csv"
    assert folder.problem_list("市营商局") == folder.problem_lists / "2023Q2_市营商局_问题清单.xlsx"
    assert folder.problem_list("").name == "2023Q2_未识别单位_问题清单.xlsx"
    assert folder.report.name == "2023Q2_督查通报.docx"
    assert folder.archived("2023Q2_市营商局.xlsx", "ab" * 32) == "returns/" + "ab" * 6 + "_2023Q2_市营商局.xlsx"
    assert folder.archived("x.csv", "cd" * 32, refused=True) == "拒收/" + "cd" * 6 + "_x.csv"
    for path in (folder.record, folder.consolidated, folder.report, folder.issued, folder.inbox, folder.refused,
                 folder.backups, folder.state, folder.archive, folder.problem_lists):
        assert path.parent == tmp_path / "二季度"
    assert folder.master.parent == folder.workbook("市营商局").parent == folder.issued
    assert (folder.issued.name, folder.inbox.name, folder.refused.name) == ("下发", "回执", "拒收")


def test_the_default_folder_and_the_previous_quarter():
    folder = QuarterFolder.of("2023Q1")
    assert folder.path == Path("output") / "2023Q1"
    previous = folder.previous()
    assert previous.quarter == Quarter(2022, 4) and previous.path == Path("output") / "2022Q4"
    assert not previous.has_record()


def test_archived_names_keep_the_original_and_fit_a_file_system():
    sha = "0123456789ab" + "c" * 52
    assert original_name(archive_name("回执.xlsx", sha), sha) == "回执.xlsx"
    assert original_name("0123456789ab_回执.xlsx", "f" * 64) == "0123456789ab_回执.xlsx"  # another file's hash
    long = archive_name("长" * 200 + ".xlsx", sha)
    assert len(long.encode("utf-8")) <= 240 and long.endswith(".xlsx") and long.startswith(sha[:12])
