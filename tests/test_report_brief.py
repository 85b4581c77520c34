"""The one-page 督查专报 for the city's leaders (planbook.report.brief, ``report --brief``)."""

from __future__ import annotations

import pytest

from kit.report import A, REPORT_CONFIG, W, make_record, paragraphs_text, part, val
from planbook.plans import seed_plan
from planbook.core.quarter import Quarter
from planbook.report import brief_path, report_data, write_brief
from planbook.report import gbt9704 as std
from planbook.report.brief import brief_paragraphs
from planbook.report.settings import load_settings


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    plan = seed_plan()
    previous = make_record(plan, "2023Q1", seed=101)
    record = make_record(plan, "2023Q2", seed=1, previous=previous)
    folder = tmp_path_factory.mktemp("brief")
    path = write_brief(plan, record, folder, previous=previous,
                       config=REPORT_CONFIG | {"brief": {"number": "3"}})
    return plan, record, previous, path


def test_it_is_written_beside_the_report(seed, tmp_path):
    assert seed[3].name == "2023Q2_督查专报.docx"
    assert brief_path(tmp_path, "2023Q2") == tmp_path / "2023Q2_督查专报.docx"


def test_the_head_is_a_numbered_bulletin(seed):
    doc = part(seed[3], "word/document.xml")
    texts = paragraphs_text(doc)
    paras = list(doc.iter(A + "p"))
    assert texts[0] == "督查专报" and {val(c, "val") for c in paras[0].iter(A + "color")} == {"FF0000"}
    assert texts[1] == "第3期"
    assert texts[2].replace("\t", "") == "大连市营商环境建设局办公室编2023年7月10日"
    assert val(paras[2].find("w:pPr/w:pBdr/w:bottom", W), "color") == std.RED


def test_it_gives_the_figures_the_top_risks_and_the_agencies_to_urge(seed):
    plan, record, previous, path = seed
    data = report_data(plan, record, previous)
    text = "".join(paragraphs_text(part(path, "word/document.xml")))
    assert f"完成率为{data.total.rate_whole}，按时完成率为{data.total.on_time_rate_whole}" in text
    assert "一、总体情况。" in text and "二、主要风险。" in text and "三、建议督促的单位。" in text
    worst = max(data.overdue, key=lambda r: r.months_overdue)
    assert f"节点{worst.milestone.id}{worst.overdue_label}" in text or worst.months_overdue == 0
    assert data.overdue_by_agency[0][0] in text


def test_lists_are_shortened_to_fit_the_page(seed):
    plan, record, previous, _ = seed
    data = report_data(plan, record, previous)
    settings = load_settings({"brief": {"max_risks": 50, "max_agencies": 50}})
    roomy = brief_paragraphs(data, settings, 100)
    tight = brief_paragraphs(data, settings, 14)
    assert sum(p.lines for p in tight) <= 14 < sum(p.lines for p in roomy)
    assert "等" in tight[-1].text


@pytest.mark.libreoffice
@pytest.mark.parametrize("quarter", ["2023Q2", "2023Q4"])
def test_the_brief_fits_one_a4_page_in_libreoffice(tmp_path, quarter, monkeypatch):
    """Rendered as ``report --brief --pdf`` renders it, with the rendering fonts."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from libreoffice import fonts_conf, soffice_or_skip
    from planbook.report import write_pdf

    soffice_or_skip()
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts_conf()))
    plan = seed_plan()
    q = Quarter.parse(quarter)
    record = make_record(plan, q, seed=9, missing=6)
    path = write_brief(plan, record, tmp_path, config=REPORT_CONFIG | {"brief": {"max_risks": 10, "max_agencies": 40}})
    pdf = write_pdf(path)
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 1
        page = doc.pages[0]
        assert (page.width, page.height) == pytest.approx((595.3, 841.9), abs=1)
        mm = 72 / 25.4
        chars = [c for c in page.chars if c["text"].strip() and c["top"] < page.height - 35 * mm]
        assert min(c["x0"] for c in chars) >= 28 * mm - mm and max(c["x1"] for c in chars) <= page.width - 26 * mm + mm
        assert "三、建议督促的单位" in (page.extract_text() or "").replace(" ", "")


def test_its_inputs_are_checked_like_the_reports(tmp_path):
    """A record of another plan is refused; a previous record of the wrong quarter is left out."""
    from planbook.base.problems import PlanbookError

    plan = seed_plan()
    record = make_record(plan, "2023Q2")
    with pytest.warns(UserWarning, match="2022Q4"):
        write_brief(plan, record, tmp_path, previous=make_record(plan, "2022Q4"), config=REPORT_CONFIG)
    record.plan_fingerprint = "0123456789abcdef"
    with pytest.raises(PlanbookError, match="方案"):
        write_brief(plan, record, tmp_path / "b.docx", config=REPORT_CONFIG)
