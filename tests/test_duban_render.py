"""The 督办单 (both forms) and the 提醒函 rendered by LibreOffice: A4, the GB/T 9704 type
area (margins 37/35/28/26 mm), the red 版头, and page numbers "— N —" 7 mm under the type area."""

from __future__ import annotations

import re
import shutil

import pytest

from libreoffice import convert, soffice_or_skip
from planbook.store.folder import QuarterFolder
from planbook.core.rules import WORKSPACE_RULES

pytestmark = pytest.mark.libreoffice
pdfplumber = pytest.importorskip("pdfplumber")

MM = 72 / 25.4
TOL = 1.0 * MM
A4 = (595.3, 841.9)
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")
HANGING = set("，。、；：？！”’）》」』】…")  # punctuation may hang past the line end, as in the 通报


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, seed_demo):
    soffice_or_skip()
    from planbook.tools.demo import RENAMED, _renamed
    from planbook.plans import seed_plan
    from planbook.report.duban import issue_duban
    from datetime import date

    root = tmp_path_factory.mktemp("duban-render") / "demo"
    shutil.copytree(seed_demo.folder, root)  # the session's demo, changed here: a copy
    q4 = QuarterFolder.of("2023Q4", root / "2023Q4")
    table = max(q4.duban.glob("*督办单*.docx"), key=lambda p: p.stat().st_size)
    reminder = next((root / "2023Q3" / "督办").glob("*提醒函*.docx"))
    keep = tmp_path_factory.mktemp("letters")
    shutil.copy(table, keep / "table.docx")
    shutil.copy(reminder, keep / "reminder.docx")
    (root / WORKSPACE_RULES).write_text("[duban]\nform = \"letter\"\n", encoding="utf-8")
    issue_duban(_renamed(seed_plan(), *RENAMED), q4, day=date(2024, 1, 10))
    shutil.copy(q4.duban_letter(table.stem.split("_督办单_")[1]), keep / "letter.docx")
    out = convert([keep / "table.docx", keep / "reminder.docx", keep / "letter.docx"], "pdf", keep / "pdf")
    opened = [pdfplumber.open(p) for p in out]
    yield dict(zip(("table", "reminder", "letter"), opened))
    for p in opened:
        p.close()


def _type_area(page):
    return 28 * MM, page.width - 26 * MM, 37 * MM, page.height - 35 * MM


@pytest.mark.parametrize("form", ["table", "reminder", "letter"])
def test_a4_within_the_type_area_with_page_numbers(pdfs, form):
    pdf = pdfs[form]
    for n, page in enumerate(pdf.pages, 1):
        assert (page.width, page.height) == pytest.approx(A4, abs=1)
        left, right, top, bottom = _type_area(page)
        body = [c for c in page.chars if c["text"].strip() and c["top"] < bottom + 2 * MM]
        foot = sorted((c for c in page.chars if c["text"].strip() and c["top"] >= bottom + 2 * MM),
                      key=lambda c: c["x0"])
        for c in body:
            if c["text"] in HANGING and c["x0"] <= right + TOL:
                continue
            assert left - TOL <= c["x0"] and c["x1"] <= right + TOL, (form, n, c["text"])
            assert top - TOL <= c["top"] and c["bottom"] <= bottom + TOL, (form, n, c["text"])
        assert body, (form, n)
        m = PAGE_NUMBER.match("".join(c["text"] for c in foot))
        assert m and int(m[1]) == n, (form, n)
        assert foot[0]["top"] - bottom == pytest.approx(7 * MM, abs=2 * MM)
        if n % 2:
            assert right - foot[-1]["x1"] == pytest.approx(14, abs=TOL)
        else:
            assert foot[0]["x0"] - left == pytest.approx(14, abs=TOL)


@pytest.mark.parametrize("form, words", [("table", ["督办通知单", "编号", "督办事项", "办理要求", "任务来源", "牵头单位",
                                                    "配合单位", "交办时间", "办理时限", "反馈方式与时限",
                                                    "紧急程度", "联系人", "电话", "督办事项清单"]),
                                          ("reminder", ["提醒函", "大营商督提〔2023〕"]),
                                          ("letter", ["大营商督〔2024〕", "办理要求"])])
def test_the_letter_says_what_its_form_requires(pdfs, form, words):
    text = "".join(page.extract_text() or "" for page in pdfs[form].pages).replace(" ", "").replace("\n", "")
    for word in words:
        assert word in text, (form, word)
    first = pdfs[form].pages[0]
    red = [c for c in first.chars if c.get("non_stroking_color") and tuple(c["non_stroking_color"])[:3] == (1, 0, 0)]
    assert "".join(c["text"] for c in red).startswith("大连市营商环境建设局")  # the red 标志
