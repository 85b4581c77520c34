"""One plan, every form an office may hold it in: the seed as ASCII and full-width text,
Word paragraphs, a Word table, an Excel 任务分解表, and (through LibreOffice) .doc and .xls
made from them, all give the same model and fingerprint. Encodings, renamed files, and the
files that are no plan at all (a PDF, an image, an empty or broken file) give a located
Chinese error, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planbook.cli import main
from planbook.plans import SEED_TITLE, load_plan, parse_plan
from planbook.base.problems import PlanError
from planbook.base.resources import seed_path

DATA = Path(__file__).resolve().parent / "data" / "plans"
SEED_TABLE = DATA / "dalian2022_seed_table_per_milestone.docx"
SEED_WORKBOOK = DATA / "dalian2022_seed_fenjiebiao_two_row_header.xlsx"


def _seed_counts(plan) -> tuple[int, int, int, int]:
    return len(plan.sections), len(plan.tasks), len(plan.milestones), len(plan.lead_units)


def _fullwidth(text: str) -> str:
    return text.replace("(", "（").replace(")", "）").replace(":", "：").replace(",", "，")


def _paragraphs_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in seed_path().read_text(encoding="utf-8").splitlines():
        document.add_paragraph(_fullwidth(line))
    document.save(path)
    return path


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("forms")
    fullwidth = tmp / "fullwidth.txt"
    fullwidth.write_text(_fullwidth(seed_path().read_text(encoding="utf-8")), encoding="utf-8")
    return {"ascii text": seed_path(), "full-width text": fullwidth,
            "docx paragraphs": _paragraphs_docx(tmp / "paragraphs.docx"),
            "docx table": SEED_TABLE, "xlsx": SEED_WORKBOOK}


@pytest.mark.parametrize("form", ["ascii text", "full-width text", "docx paragraphs", "docx table", "xlsx"])
def test_the_seed_in_every_form_is_one_plan(forms, form, seed_plan):
    result = parse_plan(forms[form])
    assert result.ok, [str(p) for p in result.errors]
    plan = result.plan
    assert _seed_counts(plan) == (4, 75, 222, 50)
    assert plan.fingerprint == seed_plan.fingerprint
    assert plan.tasks == seed_plan.tasks
    assert [m.id for m in plan.milestones] == [m.id for m in seed_plan.milestones]
    assert [(m.text, m.deadline, m.deadline_text, m.ongoing) for m in plan.milestones] == \
        [(m.text, m.deadline, m.deadline_text, m.ongoing) for m in seed_plan.milestones]


def test_the_seed_by_path_and_the_embedded_seed_are_one_plan(seed_plan):
    by_path = load_plan(seed_path())
    assert by_path.title != seed_plan.title == SEED_TITLE
    assert by_path.fingerprint == seed_plan.fingerprint


def test_the_table_forms_find_their_title_above_the_table():
    assert parse_plan(SEED_TABLE).plan.title.startswith("大连市营商环境质量提升行动方案（2022—2024年）")
    assert parse_plan(SEED_WORKBOOK).plan.title.startswith("大连市营商环境质量提升行动方案（2022—2024年）")


def _convert_twice(source: Path, via: str, to: str, out: Path) -> Path:
    from libreoffice import convert

    middle = convert([source], via, out / "via")[0]
    return convert([middle], to, out)[0]


@pytest.mark.libreoffice
def test_a_doc_and_a_wps_read_the_same_as_their_docx(tmp_path, seed_plan):
    # LibreOffice 7.4 drops tables when it writes .doc straight from .docx; through .odt it keeps them
    doc = _convert_twice(SEED_TABLE, "odt", "doc", tmp_path)
    result = parse_plan(doc)
    assert result.ok, [str(p) for p in result.problems]
    assert result.plan.fingerprint == seed_plan.fingerprint
    assert "LibreOffice" in result.guesses.converted
    wps = tmp_path / "seed.wps"
    wps.write_bytes(doc.read_bytes())
    assert load_plan(wps).fingerprint == seed_plan.fingerprint


@pytest.mark.libreoffice
def test_an_xls_and_an_et_read_the_same_as_their_xlsx(tmp_path, seed_plan):
    from libreoffice import convert

    xls = convert([SEED_WORKBOOK], "xls", tmp_path)[0]
    assert load_plan(xls).fingerprint == seed_plan.fingerprint
    et = tmp_path / "seed.et"
    et.write_bytes(xls.read_bytes())
    result = parse_plan(et)
    assert result.ok and result.plan.fingerprint == seed_plan.fingerprint


def test_without_libreoffice_an_old_format_says_what_to_do(tmp_path, monkeypatch):
    import planbook.base.soffice as soffice

    monkeypatch.setattr(soffice, "find_soffice", lambda: None)
    for name, app in (("方案.doc", "Word 或 WPS 文字"), ("方案.xls", "Excel 或 WPS 表格")):
        path = tmp_path / name
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
        with pytest.raises(PlanError) as caught:
            load_plan(path)
        problem = caught.value.problems[0]
        assert problem.kind == "plan_needs_office" and problem.file == name
        assert app in problem.message and "另存为" in problem.message and "LibreOffice" in problem.message


def test_libreoffice_is_looked_for_where_windows_installs_it(monkeypatch, tmp_path):
    import planbook.base.soffice as soffice

    monkeypatch.setattr(soffice.shutil, "which", lambda name: None)
    exe = tmp_path / "soffice.exe"
    exe.write_text("")
    monkeypatch.setattr(soffice, "INSTALLED", (str(tmp_path / "missing.exe"), str(exe)))
    assert soffice.find_soffice() == str(exe)


@pytest.mark.parametrize("encoding,bom,newline", [
    ("utf-8", b"", "\n"), ("utf-8", b"\xef\xbb\xbf", "\r\n"), ("gb18030", b"", "\r\n"), ("utf-16-le", b"\xff\xfe", "\r\n"),
])
def test_text_in_every_encoding_an_office_pc_saves(tmp_path, seed_plan, encoding, bom, newline):
    text = seed_path().read_text(encoding="utf-8")
    path = tmp_path / "plan.txt"
    path.write_bytes(bom + newline.join(text.splitlines()).encode(encoding))
    assert load_plan(path).fingerprint == seed_plan.fingerprint


def test_traditional_characters_are_read_and_kept_as_written(tmp_path):
    path = tmp_path / "繁體.txt"
    path.write_text("某市優化營商環境行動方案（2024年）\n一、優化政務服務\n1.推進一網通辦。2024年6月底前上線。（牽頭單位：市數據局；配合單位：市財政局）\n"
                    "2.壓減審批時限。（市政務服務中心、市司法局負責）\n", encoding="utf-8")
    plan = load_plan(path)
    assert [t.leads for t in plan.tasks] == [("市數據局",), ("市政務服務中心",)]
    assert plan.task(1).partners == ("市財政局",) and plan.task(1).title == "推進一網通辦"
    assert plan.sections[0].title == "優化政務服務" and plan.milestone("1-1").deadline_month == "2024-06"


def test_a_renamed_file_is_read_by_what_it_is(tmp_path):
    renamed = tmp_path / "分工表.docx"
    renamed.write_bytes((DATA / "guangzhou2012_rencai_fengong.xlsx").read_bytes())
    plan = load_plan(renamed)
    assert len(plan.tasks) == 45


def test_tab_separated_text_saved_as_xls_is_read_as_a_table(tmp_path):
    path = tmp_path / "台账.xls"
    path.write_text("序号\t重点任务\t牵头单位\t完成时限\n1\t建设平台\t市营商局\t2023年6月\n2\t推广应用\t市大数据中心\t长期坚持\n",
                    encoding="gb18030")
    plan = load_plan(path)
    assert [(t.title, t.leads, t.milestones[0].deadline_month, t.milestones[0].ongoing) for t in plan.tasks] == [
        ("建设平台", ("市营商局",), "2023-06", False), ("推广应用", ("市大数据中心",), "", True)]


NOT_PLANS = {
    "方案.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "plan_form_unknown", "PDF"),
    "空.txt": (b"", "plan_file_empty", "空"),
    "空白.txt": (b"\xef\xbb\xbf \r\n\r\n", "plan_file_empty", "空"),
    "损坏.docx": (b"PK\x03\x04 not really a zip", "plan_unreadable", "损坏"),
    "损坏.xlsx": (bytes(range(256)) * 4, "plan_unreadable", "损坏"),
    "扫描件.txt": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "plan_form_unknown", "格式"),
}


@pytest.mark.parametrize("name", sorted(NOT_PLANS))
def test_a_file_that_is_no_plan_gives_a_located_chinese_error(tmp_path, name):
    content, kind, word = NOT_PLANS[name]
    path = tmp_path / name
    path.write_bytes(content)
    result = parse_plan(path)
    assert result.plan is None and [p.kind for p in result.errors] == [kind]
    assert result.errors[0].file == name and word in result.errors[0].message
    cli = CliRunner().invoke(main, ["parse", str(path)])
    assert cli.exit_code == 2 and "Traceback" not in cli.output and f"文件 {name}" in cli.output


def test_a_word_file_with_no_plan_in_it_says_what_a_plan_looks_like(tmp_path):
    import docx

    path = tmp_path / "会议纪要.docx"
    document = docx.Document()
    document.add_paragraph("会议纪要")
    document.add_paragraph("会议研究了有关事项。")
    document.save(path)
    result = parse_plan(path)
    assert [p.kind for p in result.errors] == ["plan_empty"] and "序号" in result.errors[0].message


def test_reading_a_plan_loads_no_office_library_until_a_file_of_that_kind_is_read():
    code = ("import sys; import planbook.plans as p; from planbook.base.resources import seed_path;"
            "heavy = ('openpyxl', 'docx', 'python_calamine', 'pandas', 'lxml');"
            "before = [m for m in heavy if m in sys.modules]; p.parse_plan(seed_path());"
            "print(before, [m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[] []"
