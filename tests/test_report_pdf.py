"""``planbook report --pdf`` and ``--brief`` (planbook.report.pdf, the report command): the PDF
through LibreOffice, a Chinese message without it, and the progress bar of a slow run."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kit.office import write_office
from kit.report import make_record
from planbook.cli import main
from planbook.plans import seed_plan
from planbook.base.problems import PlanbookError


@pytest.fixture
def quarter_folder(tmp_path):
    plan = seed_plan()
    folder = tmp_path / "2023Q2"
    make_record(plan, "2023Q2").save(folder)
    write_office(tmp_path)  # the workspace's own office: the documents are not held back
    return folder


def test_without_libreoffice_the_pdf_is_refused_in_chinese_and_the_docx_is_kept(quarter_folder, monkeypatch):
    import planbook.base.soffice

    monkeypatch.setattr(planbook.base.soffice, "find_soffice", lambda: None)
    result = CliRunner().invoke(main, ["report", "-q", "2023Q2", "--folder", str(quarter_folder), "--pdf"])
    assert result.exit_code == 2, result.output
    assert "没有找到 LibreOffice" in result.output and "2023Q2_督查通报.docx" in result.output
    assert "Traceback" not in result.output
    assert (quarter_folder / "2023Q2_督查通报.docx").is_file()
    assert not (quarter_folder / "2023Q2_督查通报.pdf").exists()


def test_a_failing_conversion_is_a_chinese_message(tmp_path, monkeypatch):
    import planbook.base.soffice
    from planbook.report import write_pdf

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(planbook.base.soffice, "find_soffice", lambda: str(fake))
    docx = tmp_path / "r.docx"
    from kit.report import REPORT_CONFIG
    from planbook.report import write_report

    write_report(seed_plan(), make_record(seed_plan(), "2023Q2"), docx, config=REPORT_CONFIG)
    with pytest.raises(PlanbookError) as err:
        write_pdf(docx)
    assert err.value.problems[0].kind == "report_pdf_failed" and "PDF 未能生成" in err.value.problems[0].message


def test_brief_writes_the_one_page_report_beside_the_record(quarter_folder):
    result = CliRunner().invoke(main, ["report", "-q", "2023Q2", "--folder", str(quarter_folder), "--brief"])
    assert result.exit_code == 0, result.output
    assert "督查专报：" in result.output
    assert (quarter_folder / "2023Q2_督查专报.docx").is_file()
    assert not (quarter_folder / "2023Q2_督查通报.docx").exists()


def test_a_slow_report_shows_a_progress_bar_on_stderr(quarter_folder, monkeypatch):
    from planbook.cli import commands as cli

    monkeypatch.setattr(cli._LateBar, "DELAY_S", 0.0)
    slow = CliRunner().invoke(main, ["report", "-q", "2023Q2", "--folder", str(quarter_folder)])
    assert slow.exit_code == 0 and "生成督查通报" in slow.stderr and "生成督查通报" not in slow.stdout
    monkeypatch.setattr(cli._LateBar, "DELAY_S", 3600.0)
    quick = CliRunner().invoke(main, ["report", "-q", "2023Q2", "--folder", str(quarter_folder)])
    assert quick.exit_code == 0 and "生成督查通报" not in quick.stderr


@pytest.mark.libreoffice
def test_pdf_is_written_beside_the_docx(quarter_folder):
    pdfplumber = pytest.importorskip("pdfplumber")
    from libreoffice import soffice_or_skip

    soffice_or_skip()
    result = CliRunner().invoke(main, ["report", "-q", "2023Q2", "--folder", str(quarter_folder), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = quarter_folder / "2023Q2_督查通报.pdf"
    assert f"PDF：{pdf}" in result.output
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) > 5 and "总体情况" in (doc.pages[0].extract_text() or "").replace(" ", "")
