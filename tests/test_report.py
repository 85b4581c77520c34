"""The quarterly report (督查通报) at the XML level: what Word reads from the file."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from kit.office import write_office
from kit.report import (A, BIG_QUARTER, HOSTILE_TEXTS, REPORT_CONFIG, W, build_seed_report, make_big_plan,
                        make_hostile_record, make_record, part, part_text, paragraphs_text, val)
from planbook.core.statuses import NOT_STARTED
from planbook.core.model import cn_number
from planbook.plans import seed_plan
from planbook.base.problems import PlanbookError
from planbook.core.quarter import Quarter
from planbook.store.record import MilestoneStatus
from planbook.report import gbt9704 as std
from planbook.report import wordml
from planbook.report import report_data, report_path, write_report

THEME_ATTRS = re.compile(r"w:(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)=")


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    return build_seed_report(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def docx_path(seed_report) -> Path:
    return seed_report[0]


@pytest.fixture(scope="module")
def document(docx_path):
    return part(docx_path, "word/document.xml")


@pytest.fixture(scope="module")
def styles(docx_path):
    return part(docx_path, "word/styles.xml")


def style(styles, style_id: str):
    found = styles.find(f"w:style[@w:styleId='{style_id}']", W)
    assert found is not None, f"style {style_id} missing"
    return found


# -- file and names ---------------------------------------------------------------------------
def test_report_path_is_readable():
    assert report_path("output/2023Q2", "2023Q2") == Path("output/2023Q2/2023Q2_督查通报.docx")
    assert report_path("out", Quarter(2024, 1)).name == "2024Q1_督查通报.docx"


def test_write_report_reopens_with_python_docx(docx_path):
    import docx

    doc = docx.Document(str(docx_path))
    assert any("通报" in p.text for p in doc.paragraphs)
    assert docx_path.name == "2023Q2_督查通报.docx"
    assert not [p for p in docx_path.parent.iterdir() if p.name.startswith(".~")]  # atomic


def test_out_path_may_be_a_folder(tmp_path):
    plan = seed_plan()
    record = make_record(plan, "2023Q3")
    out = write_report(plan, record, tmp_path, config=REPORT_CONFIG)
    assert out == tmp_path / "2023Q3_督查通报.docx" and out.is_file()


# -- page setup -------------------------------------------------------------------------------
def test_page_setup_is_a4_with_the_official_margins(document):
    sections = document.findall(".//w:sectPr", W)
    assert len(sections) == 3  # body, landscape attachments, 版记
    for sect in (sections[0], sections[-1]):
        pgsz, pgmar = sect.find("w:pgSz", W), sect.find("w:pgMar", W)
        assert (val(pgsz, "w"), val(pgsz, "h")) == ("11906", "16838")
        assert [val(pgmar, k) for k in ("top", "bottom", "left", "right")] == ["2098", "1984", "1588", "1474"]
    land = sections[1]
    pgsz = land.find("w:pgSz", W)
    assert (val(pgsz, "w"), val(pgsz, "h"), val(pgsz, "orient")) == ("16838", "11906", "landscape")
    pgmar = land.find("w:pgMar", W)
    # the same 156 x 225 mm type area, turned
    width = 16838 - int(val(pgmar, "left")) - int(val(pgmar, "right"))
    height = 11906 - int(val(pgmar, "top")) - int(val(pgmar, "bottom"))
    assert (width, height) == (std.TYPE_HEIGHT, std.TYPE_WIDTH)
    assert "12240" not in etree.tostring(document).decode()  # no US Letter left


def test_portrait_sections_have_the_22_line_grid(document):
    sections = document.findall(".//w:sectPr", W)
    for sect in (sections[0], sections[-1]):
        grid = sect.find("w:docGrid", W)
        assert (val(grid, "type"), val(grid, "linePitch")) == ("lines", "579")
    assert "linesAndChars" not in etree.tostring(document).decode()


def test_odd_and_even_footers_carry_a_page_field(docx_path, document):
    settings = part(docx_path, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", W) is not None
    first = document.findall(".//w:sectPr", W)[0]
    rels = part(docx_path, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    ids = {r.get(A + "type"): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
           for r in first.findall("w:footerReference", W)}
    assert set(ids) == {"default", "even"}
    for kind, align, side in (("default", "right", "right"), ("even", "left", "left")):
        footer = part(docx_path, "word/" + targets[ids[kind]])
        p = footer.find("w:p", W)
        assert val(p.find("w:pPr/w:jc", W), "val") == align
        assert val(p.find("w:pPr/w:ind", W), side) == "280"  # one 四号 character in
        assert "PAGE" in "".join(t.text for t in footer.iter(A + "instrText"))
        assert [val(f, "fldCharType") for f in footer.iter(A + "fldChar")] == ["begin", "separate", "end"]
        text = "".join(t.text or "" for t in footer.iter(A + "t"))
        assert text == "— 1 —"
        fonts = {val(r, "eastAsia") for r in footer.iter(A + "rFonts")}
        assert fonts == {std.FONT_SONGTI}


# -- fonts and language -----------------------------------------------------------------------
def test_the_styles_used_name_east_asian_fonts(docx_path, document, styles):
    used = {val(s, "val") for s in document.iter(A + "pStyle")}
    expected = {"GWBody": std.FONT_FANGSONG, "GWHeading1": std.FONT_HEITI, "GWHeading2": std.FONT_KAITI,
                "GWTitle": std.FONT_TITLE, "GWIssuer": std.FONT_TITLE,
                "GWDocumentNumber": std.FONT_FANGSONG, "GWTable": std.FONT_FANGSONG,
                "GWImprint": std.FONT_FANGSONG, "GWAttachmentLabel": std.FONT_HEITI}
    assert set(expected) <= used, set(expected) - used  # 1. headings run into their paragraph (GW Body)
    for style_id in used | {"Normal", "Footer", "GWHeading3"}:
        rfonts = style(styles, style_id).find("w:rPr/w:rFonts", W)
        assert val(rfonts, "eastAsia"), style_id
        if style_id in expected or style_id == "GWHeading3":
            assert val(rfonts, "eastAsia") == expected.get(style_id, std.FONT_FANGSONG)
            assert val(rfonts, "ascii") == expected.get(style_id, std.FONT_FANGSONG)  # quotes and dashes too
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", W)
    assert val(defaults, "eastAsia") == std.FONT_FANGSONG


def test_every_run_names_its_east_asian_font_or_takes_it_from_its_style(document, styles):
    """Table data runs inherit the font from their paragraph style, which names it in
    every slot; every other run names it itself."""
    style_fonts = {s.get(A + "styleId"): s.find("w:rPr/w:rFonts", W) for s in styles.iter(A + "style")}
    runs = [r for r in document.iter(A + "r") if r.find("w:t", W) is not None]
    assert runs
    inherited = 0
    for r in runs:
        fonts = r.find("w:rPr/w:rFonts", W)
        if fonts is None:
            p_style = r.getparent().find("w:pPr/w:pStyle", W)
            fonts = style_fonts.get(val(p_style, "val"))
            inherited += 1
        assert fonts is not None and val(fonts, "eastAsia")
        assert val(fonts, "ascii") == val(fonts, "eastAsia")  # quotes and dashes in the Chinese face too
    assert inherited  # the attachment tables' cells


def test_no_theme_fonts_anywhere(docx_path):
    with zipfile.ZipFile(docx_path) as z:
        names = [n for n in z.namelist() if n.endswith(".xml") and "theme/" not in n]
        for name in names:
            assert not THEME_ATTRS.search(z.read(name).decode("utf-8")), name
        assert "word/stylesWithEffects.xml" not in z.namelist() or not any(
            "stylesWithEffects" in z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))


def test_chinese_language_replaces_the_japanese_default(docx_path, styles):
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", W)
    assert val(lang, "eastAsia") == "zh-CN"
    settings = part(docx_path, "word/settings.xml")
    assert val(settings.find("w:themeFontLang", W), "eastAsia") == "zh-CN"
    assert "ja-JP" not in part_text(docx_path, "word/settings.xml")
    assert "ja-JP" not in part_text(docx_path, "word/styles.xml")


def test_body_style_hits_22_lines_of_28_characters(styles):
    body = style(styles, "GWBody")
    spacing = body.find("w:pPr/w:spacing", W)
    assert (val(spacing, "line"), val(spacing, "lineRule")) == ("579", "exact")
    assert (val(spacing, "before"), val(spacing, "after")) == ("0", "0")
    assert val(body.find("w:pPr/w:ind", W), "firstLine") == str(2 * std.CHAR_WIDTH)
    assert val(body.find("w:rPr/w:sz", W), "val") == "32"
    assert val(body.find("w:rPr/w:spacing", W), "val") == "-5"
    defaults = styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:spacing", W)
    assert val(defaults, "after") == "0"  # python-docx's template said 10 pt
    for heading in ("GWHeading1", "GWHeading2"):
        assert val(style(styles, heading).find("w:rPr/w:b", W), "val") == "0"


def test_property_elements_keep_schema_order(document, styles):
    order = wordml._PPR_ORDER
    for ppr in list(document.iter(A + "pPr")) + list(styles.iter(A + "pPr")):
        names = [etree.QName(c).localname for c in ppr]
        assert names == sorted(names, key=order.index), names
    for rpr in list(document.iter(A + "rPr")) + list(styles.iter(A + "rPr")):
        names = [etree.QName(c).localname for c in rpr]
        assert names == sorted(names, key=wordml._RPR_ORDER.index), names


# -- the 版头, tables, 版记 -----------------------------------------------------------------------
def test_the_head_is_red_with_the_document_number_and_red_line(document):
    paras = list(document.iter(A + "p"))
    texts = paragraphs_text(document)
    issuer = paras[texts.index("大连市营商环境建设局文件")]
    assert {val(c, "val") for c in issuer.iter(A + "color")} == {"FF0000"}
    number = paras[texts.index("大营商发〔2023〕12号")]
    bottom = number.find("w:pPr/w:pBdr/w:bottom", W)
    assert val(bottom, "color") == "FF0000"
    ppr = [etree.QName(c).localname for c in number.find("w:pPr", W)]
    assert ppr.index("pBdr") < ppr.index("spacing") if "spacing" in ppr else True
    title = [t for t in texts if t.startswith("关于2023年第二季度")]
    assert title and "优化营商环境重点任务推进情况的通报" in title[0]
    assert texts.index("大营商发〔2023〕12号") < texts.index(title[0]) < texts.index("各有关单位：")


def test_attachment_tables_repeat_their_header_row(document):
    tables = document.findall(".//w:tbl", W)
    assert len(tables) >= 3  # per section, per agency, overdue list
    for tbl in tables:
        rows = tbl.findall("w:tr", W)
        assert wordml.is_repeated_header(rows[0])
        assert not any(wordml.is_repeated_header(r) for r in rows[1:])


def test_tables_live_in_the_landscape_section(document):
    body = document.find("w:body", W)
    section = 0
    for child in body:
        if etree.QName(child).localname == "tbl":
            assert section == 1
        if child.find("w:pPr/w:sectPr", W) is not None:
            section += 1


def test_imprint_lines_span_the_type_area(document):
    body = document.find("w:body", W)
    last_section = list(body)[[i for i, c in enumerate(body) if c.find("w:pPr/w:sectPr", W) is not None][-1] + 1:]
    borders = [(val(b, "sz"), p) for p in last_section for b in p.iterfind("w:pPr/w:pBdr/w:bottom", W)]
    assert [sz for sz, _ in borders] == ["8", "6", "8"]  # 0.35, 0.25, 0.35 mm
    for _, p in borders:
        ind = p.find("w:pPr/w:ind", W)
        assert ind is None or {val(ind, "left"), val(ind, "right")} <= {None, "0"}
    texts = ["".join(t.text or "" for t in p.iter(A + "t")) for p in last_section]
    assert any(t.startswith("抄送：") for t in texts)
    assert any(t.endswith("2023年7月10日印发") for t in texts)


def test_signature_and_date(document):
    texts = paragraphs_text(document)
    i = texts.index("2023年7月10日")
    assert texts[i - 1] == "大连市营商环境建设局"
    assert any(t.startswith("附件：1.") for t in texts)


def test_chart_is_embedded_at_print_resolution(docx_path, document):
    from docx.shared import Mm

    extents = [int(e.get("cx")) for e in document.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")]
    assert abs(extents[0] - Mm(156)) < Mm(0.5)
    with zipfile.ZipFile(docx_path) as z:
        pngs = [n for n in z.namelist() if n.startswith("word/media/")]
        from PIL import Image

        im = Image.open(io.BytesIO(z.read(pngs[0])))
        assert im.width / (156 / 25.4) >= 299  # dots per inch at its printed width


# -- content ----------------------------------------------------------------------------------
def test_body_sections_and_figures(seed_report, document):
    _, plan, record, previous = seed_report
    data = report_data(plan, record, previous)
    text = "\n".join(paragraphs_text(document))
    for heading in ("一、总体情况", "二、各领域推进情况", "三、存在的问题", "四、下一步工作要求"):
        assert heading in text
    for i, section in enumerate(plan.sections, 1):
        assert f"（{cn_number(i)}）{section.short_title}" in text
    assert f"已到期节点{data.total.due}个" in text
    assert f"到期节点完成率为{data.total.rate_whole}" in text
    assert "上季度" in text
    for agency in record.missing_agencies:
        assert agency in text
    for p in record.problems:
        assert p.agency in text
    assert "附件1" in text and "附件2" in text


def test_missing_previous_quarter_or_plan_is_ignored_with_a_warning(tmp_path):
    plan = seed_plan()
    record = make_record(plan, "2023Q2")
    wrong = make_record(plan, "2022Q4")
    with pytest.warns(UserWarning, match="2022Q4"):
        write_report(plan, record, tmp_path / "a.docx", previous=wrong, config=REPORT_CONFIG)


def test_a_record_of_another_plan_is_refused(tmp_path):
    plan = seed_plan()
    record = make_record(plan, "2023Q2")
    record.plan_fingerprint = "0123456789abcdef"
    with pytest.raises(PlanbookError, match="方案"):
        write_report(plan, record, tmp_path / "a.docx")


# -- hostile text -----------------------------------------------------------------------------
def test_agency_text_cannot_break_the_document(tmp_path):
    import docx

    plan = seed_plan()
    record = make_hostile_record(plan, "2023Q2")
    out = write_report(plan, record, tmp_path / "hostile.docx", config=REPORT_CONFIG)
    doc = docx.Document(str(out))  # reopens
    xml = part_text(out, "word/document.xml")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", xml)
    assert "&lt;w:p&gt;" in xml or "<w:p>与" not in xml  # markup stays text
    headings = [p.text for p in doc.paragraphs if p.style.name == "GW Heading 1"]
    assert headings == ["一、总体情况", "二、各领域推进情况", "三、存在的问题", "四、下一步工作要求"]
    assert not any(p.text.startswith("# ") for p in doc.paragraphs)
    longest = max(len(p.text) for p in doc.paragraphs)
    assert longest < 2000  # 5,000-character answers are clipped
    assert len(HOSTILE_TEXTS[4]) >= 5000


# -- scale and weight -------------------------------------------------------------------------
@pytest.mark.slow
def test_ten_thousand_overdue_milestones_build_in_linear_time(tmp_path, capsys):
    plan = make_big_plan(10_000)
    q = BIG_QUARTER  # every milestone of the synthetic plan is due
    record = make_record(plan, q, missing=0)
    record.milestones = [MilestoneStatus(m.milestone_id, m.task_id, NOT_STARTED, "尚未启动" * 10, "", "red",
                                         True, True, False, m.agencies) for m in record.milestones]
    record.entries = []
    data = report_data(plan, record)
    assert len(data.overdue) >= 10_000
    start = time.perf_counter()
    out = write_report(plan, record, tmp_path / "big.docx", config=REPORT_CONFIG)
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n[report] {len(data.overdue)} overdue milestones: built and saved in {elapsed:.1f} s "
              f"({out.stat().st_size / 1e6:.1f} MB)")
    tables = part(out, "word/document.xml").findall(".//w:tbl", W)
    assert max(len(t.findall("w:tr", W)) for t in tables) == len(data.overdue) + 1


def test_importing_the_report_package_stays_light():
    code = ("import sys, importlib, pkgutil, planbook; heavy = ('docx', 'matplotlib', 'jinja2', 'lxml');"
            "before = {m for m in heavy if m in sys.modules};"
            "import planbook.report as r;"
            "[importlib.import_module('planbook.report.' + m.name) for m in pkgutil.iter_modules(r.__path__)];"
            "print(','.join(sorted({m for m in heavy if m in sys.modules} - before)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# -- the command line -------------------------------------------------------------------------
def test_cli_report_reads_the_record_and_the_previous_quarter_and_applies_config(tmp_path):
    from click.testing import CliRunner

    from planbook.cli import main

    plan = seed_plan()
    out = tmp_path / "output"
    previous = make_record(plan, "2023Q1", seed=7)
    previous.save(out / "2023Q1")
    make_record(plan, "2023Q2", seed=8, previous=previous).save(out / "2023Q2")
    write_office(out)
    config = tmp_path / "office.toml"
    config.write_text('[document]\nnumber = "27"\ndate = "2023-07-12"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "-q", "2023Q2", "--out", str(out / "2023Q2"), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "已与 2023Q1 的汇总结果对比" in result.output
    path = out / "2023Q2" / "2023Q2_督查通报.docx"
    import docx

    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "〔2023〕27号" in text and "2023年7月12日" in text and "较上季度" in text
    assert "测试市营商环境局" in text and "大连" not in text.split("较上季度")[0][:40]


def test_cli_report_without_a_record_says_to_collect_first(tmp_path):
    from click.testing import CliRunner

    from planbook.cli import main

    result = CliRunner().invoke(main, ["report", "-q", "2023Q2", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "planbook collect --quarter 2023Q2" in result.output


# -- the attachments: the overdue list, lights as words, 按时完成率 ------------------------------------
def table_rows(tbl) -> list[list[str]]:
    return [["".join(t.text or "" for t in tc.iter(A + "t")) for tc in tr.findall("w:tc", W)]
            for tr in tbl.findall("w:tr", W)]


def test_the_overdue_list_holds_the_flagged_milestones_and_never_contradicts_its_title(seed_report, document):
    from planbook.core.quarter import is_overdue

    _, plan, record, previous = seed_report
    q = Quarter.parse(record.quarter)
    tables = [table_rows(t) for t in document.findall(".//w:tbl", W)]
    overdue = next(t for t in tables if "逾期时长" in t[0])
    assert overdue[0] == ["序号", "任务", "节点", "完成时限", "逾期时长", "牵头单位", "状态", "灯", "进展情况"]
    data = report_data(plan, record, previous)
    assert len(overdue) - 1 == len(data.flagged) > len(data.overdue) > 0
    by_task_and_text = {(f"{r.task.id}.", r.milestone.text[:10]): r for r in data.rows}
    for row in overdue[1:]:
        r = by_task_and_text[(row[1].split(" ")[0], row[2][:10])]
        extension = r.deadline if r.deadline != r.milestone.deadline else None
        if row[6] == "逾期未完成":  # whatever the agency said
            assert is_overdue(r.milestone, r.status, q, extension), row
            assert row[7] == "红灯"
            assert row[4] == (f"{r.months_overdue}个月" if r.months_overdue else "不足1个月")
        else:
            assert not r.overdue and row[4] == "" and row[7] in ("黄灯", "绿灯", "蓝灯"), row
            assert row[6] in ("正常推进", "进度滞后", "未启动", "未报送")  # never 已完成


def test_lights_are_words_and_rates_stand_side_by_side(document):
    tables = [table_rows(t) for t in document.findall(".//w:tbl", W)]
    upcoming = [t for t in tables if "当前状态" in t[0]]
    for t in upcoming:
        assert {row[t[0].index("灯")] for row in t[1:]} <= {"红灯", "黄灯", "绿灯"}
    counts = [t for t in tables if "完成率" in t[0]]
    assert len(counts) == 2
    for t in counts:
        assert t[0][-2:] == ["完成率", "按时完成率"]
        for row in t[1:]:
            rate, on_time = (None if c == "—" else float(c.rstrip("%")) for c in row[-2:])
            assert (rate is None) == (on_time is None)
            assert rate is None or on_time <= rate


def test_the_body_counts_returns_with_problems_instead_of_quoting_them(seed_report, document):
    texts = "".join(paragraphs_text(document))
    _, plan, record, _ = seed_report
    assert record.problems
    for p in record.problems:
        assert p.message[:12] not in texts  # the message goes to the agency's 问题清单 only
    assert "份填报表存在填写不规范的问题" in texts and "问题清单" in texts


def test_the_body_gives_the_on_time_rate_and_the_years_pace(seed_report, document):
    _, plan, record, previous = seed_report
    data = report_data(plan, record, previous)
    texts = "".join(paragraphs_text(document))
    assert f"按时完成率为{data.total.on_time_rate_whole}" in texts
    assert f"{data.pace.year}年共有{data.pace.total}个节点到期" in texts
    assert f"时间进度为{round(data.pace.elapsed * 100)}%" in texts


def test_quotes_are_the_agencys_words_not_the_milestone_repeated(tmp_path):
    plan = seed_plan()
    q = Quarter(2023, 2)
    previous = make_record(plan, q.previous, seed=5)

    def echo(agency, m, rng):  # an answer that only repeats the milestone
        return m.text

    record = make_record(plan, q, seed=6, previous=previous, progress=echo)
    path = write_report(plan, record, tmp_path / "r.docx", previous=previous, config=REPORT_CONFIG)
    texts = paragraphs_text(part(path, "word/document.xml"))
    quoted = [t for t in texts if "进展情况：" in t]
    assert not quoted  # nothing of the agency's own to quote
    done = [r for r in report_data(plan, record, previous).rows if r.done_this_quarter]
    assert done


# -- the two issuing forms ------------------------------------------------------------------------------
def test_the_bulletin_form_has_name_issue_editor_and_date_and_no_document_number(tmp_path):
    plan = seed_plan()
    record = make_record(plan, "2023Q2")
    config = {"document": {"form": "期刊式", "number": "5", "date": "2023-07-10"}}
    path = write_report(plan, record, tmp_path / "b.docx", config=config)
    doc = part(path, "word/document.xml")
    paras = list(doc.iter(A + "p"))
    texts = paragraphs_text(doc)
    name = paras[texts.index("督查通报")]
    assert {val(c, "val") for c in name.iter(A + "color")} == {"FF0000"}
    issue = texts.index("第5期")
    editor = paras[issue + 1]
    assert texts[issue + 1] == "大连市营商环境建设局办公室编\t2023年7月10日" or \
        texts[issue + 1].replace("\t", "") == "大连市营商环境建设局办公室编2023年7月10日"
    assert val(editor.find("w:pPr/w:pBdr/w:bottom", W), "color") == std.RED
    assert not any("〔2023〕" in t and t.endswith("号") for t in texts[:issue + 3])
    assert "大连市营商环境建设局文件" not in texts
    # no 署名 and 成文日期 under the body: the head carries them
    assert texts.count("2023年7月10日") == 0 and "大连市营商环境建设局" not in texts


def test_an_unknown_form_is_refused_in_chinese(tmp_path):
    from planbook.base.problems import SettingsError

    with pytest.raises(SettingsError, match="document.form"):
        write_report(seed_plan(), make_record(seed_plan(), "2023Q2"), tmp_path / "x.docx",
                     config={"document": {"form": "简报"}})


def test_default_masthead_and_document_number_belong_to_one_body():
    from planbook.report import load_settings

    d = load_settings().document
    assert d.form == "文件式"
    assert d.issuer + d.issuer_suffix == "大连市营商环境建设局文件" and d.signature == "大连市营商环境建设局"
    assert d.doc_number.startswith("大营商发")  # the 局's own code, not its office's (大营商办)
