"""The report as a reader sees it: rendered by LibreOffice, measured with pdfplumber.

The documents are converted once per module. Without ``soffice`` the tests are skipped,
unless the environment variable CI is 'true', where a missing LibreOffice is a failure.

LibreOffice reads ``w:overflowPunct`` the opposite way from Word (its DOCX import sets
hanging punctuation when the value is 0, see writerfilter's DomainMapper.cxx), so in its
rendering a full-width mark that ends a full line hangs into the right margin. The
document carries Word's meaning (0: no hanging, what offices see in Word and WPS); the
measurements below leave such a hanging mark out. ``planbook report --pdf``
(:func:`planbook.report.write_pdf`) renders from a copy tuned for LibreOffice instead, so
every test runs twice: on LibreOffice's own conversion of the .docx, and on planbook's PDF,
where no mark may hang.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import os

from kit.report import REPORT_CONFIG, build_seed_report, make_hostile_record
from libreoffice import convert, fonts_conf, soffice_or_skip
from planbook.report import write_pdf, write_report

pytestmark = pytest.mark.libreoffice
pdfplumber = pytest.importorskip("pdfplumber")

MM = 72 / 25.4
TOL = 1.0 * MM  # 1 mm
A4 = (595.3, 841.9)
HANGING = set("，。、；：？！”’）》」』】…")
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")


@dataclass
class Rendered:
    pdf: object
    hostile_pdf: Path
    build_s: float
    convert_s: float
    by_planbook: bool = False

    @property
    def pages(self):
        return self.pdf.pages


def planbook_pdfs(files: list[Path], out_dir: Path) -> list[Path]:
    """``planbook report --pdf``'s conversion, with the rendering fonts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(fonts_conf())
    try:
        return [write_pdf(f, out_dir / (f.stem + ".pdf")) for f in files]
    finally:
        if before is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = before


LONG_BODY = {**REPORT_CONFIG, "body": {"template": "long_body.j2", "max_quotes_per_section": 5,
                                      "template_dir": str(Path(__file__).resolve().parent / "data" / "long_body")}}
"""The default body and every completion quoted: several full pages to measure lines on."""


@pytest.fixture(scope="module", params=[pytest.param("libreoffice", marks=pytest.mark.slow), "planbook"])
def rendered(request, tmp_path_factory):
    soffice_or_skip()
    folder = tmp_path_factory.mktemp("render")
    t0 = time.perf_counter()
    # the 版记 started on the next page, as planbook's PDF lays it out (LibreOffice renumbers the
    # .docx's even-page break for Word and WPS rather than adding the page: test_imprint_page.py)
    path, plan, _, _ = build_seed_report(folder, config=LONG_BODY, even_imprint=False)
    build_s = time.perf_counter() - t0
    hostile = write_report(plan, make_hostile_record(plan, "2023Q2"), folder / "hostile.docx",
                           config=REPORT_CONFIG, even_imprint=False)
    t0 = time.perf_counter()
    by_planbook = request.param == "planbook"
    pdfs = (planbook_pdfs if by_planbook else lambda f, d: convert(f, "pdf", d))([path, hostile], folder / "pdf")
    convert_s = time.perf_counter() - t0
    print(f"\n[report] seed report built in {build_s:.1f} s; {request.param} converted 2 reports in {convert_s:.1f} s")
    pdf = pdfplumber.open(pdfs[0])
    yield Rendered(pdf, pdfs[1], build_s, convert_s, by_planbook)
    pdf.close()


# -- geometry helpers -------------------------------------------------------------------------
def is_landscape(page) -> bool:
    return page.width > page.height


def type_area(page) -> tuple[float, float, float, float]:
    """left, right, top, bottom in points; attachments turn the same 156 x 225 mm area."""
    if is_landscape(page):
        return 37 * MM, page.width - 35 * MM, 28 * MM, page.height - 26 * MM
    return 28 * MM, page.width - 26 * MM, 37 * MM, page.height - 35 * MM


def text_chars(page):
    """Characters of the text (page number excluded: under the type area, or on a turned page
    along its left edge, where the sheet's foot is)."""
    left, _, _, bottom = type_area(page)
    return [c for c in page.chars if c["text"].strip() and c["top"] < bottom + 2 * MM
            and not (is_landscape(page) and c["x1"] < left - 2 * MM)]


def turned_number_chars(page):
    """A turned page's number: along its left edge (GB/T 9704 §10.1), top to bottom."""
    left = type_area(page)[0]
    return sorted((c for c in page.chars if c["text"].strip() and c["x1"] < left - 2 * MM), key=lambda c: c["top"])


def footer_chars(page):
    bottom = type_area(page)[3]
    return [c for c in page.chars if c["text"].strip() and c["top"] >= bottom + 2 * MM]


def lines(page) -> list[list[dict]]:
    rows: dict[int, list[dict]] = {}
    for c in text_chars(page):
        rows.setdefault(round(c["bottom"]), []).append(c)
    return [sorted(rows[k], key=lambda c: c["x0"]) for k in sorted(rows)]


def hung(line: list[dict], right: float) -> bool:
    """A line-final full-width mark LibreOffice hangs into the margin."""
    last = line[-1]
    return last["text"] in HANGING and last["x1"] > right + TOL


def without_hung(line, right):
    return line[:-1] if hung(line, right) else line


def line_text(line) -> str:
    return "".join(c["text"] for c in line)


def body_pages(pages):
    """Portrait pages before the first attachment page, without the first page (版头) and
    the last (signature)."""
    first_landscape = next(i for i, p in enumerate(pages) if is_landscape(p))
    return pages[1:first_landscape - 1]


def ink_rows(page, predicate, top_mm: float, bottom_mm: float, dpi: int = 200) -> tuple[float, float] | None:
    """First and last pixel rows (mm from the page top) between two heights where the
    rendered page has ink matching ``predicate`` (r, g, b) -> bool."""
    image = page.to_image(resolution=dpi).original.convert("RGB")
    px = image.load()
    per_mm = dpi / 25.4
    rows = [y for y in range(int(top_mm * per_mm), min(int(bottom_mm * per_mm), image.height))
            if any(predicate(px[x, y]) for x in range(0, image.width, 2))]
    return (rows[0] / per_mm, rows[-1] / per_mm) if rows else None


def red(p) -> bool:
    return p[0] > 180 and p[1] < 90 and p[2] < 90


def dark(p) -> bool:
    return p[0] < 120 and p[1] < 120 and p[2] < 120


# -- tests ----------------------------------------------------------------------------------------
def test_pages_are_a4(rendered):
    assert len(rendered.pages) >= 8
    for page in rendered.pages:
        size = (page.width, page.height) if not is_landscape(page) else (page.height, page.width)
        assert size == pytest.approx(A4, abs=1)


def test_text_stays_inside_the_type_area(rendered):
    for n, page in enumerate(rendered.pages, 1):
        left, right, top, bottom = type_area(page)
        for line in lines(page):
            for c in without_hung(line, right):
                assert left - TOL <= c["x0"] and c["x1"] <= right + TOL, (n, line_text(line))
                assert top - TOL <= c["top"] and c["bottom"] <= bottom + TOL, (n, line_text(line))
        for im in page.images:
            assert left - TOL <= im["x0"] and im["x1"] <= right + TOL, n
            assert top - TOL <= im["top"] and im["bottom"] <= bottom + TOL, n


def test_a_full_body_page_has_22_lines(rendered):
    counts = [len(lines(p)) for p in body_pages(rendered.pages) if not p.images]
    assert counts and max(counts) == 22, counts
    assert all(n <= 22 for n in counts)


def test_a_full_body_line_has_28_characters(rendered):
    full = []
    for page in body_pages(rendered.pages):
        left, right, _, _ = type_area(page)
        for line in lines(page):
            chars = without_hung(line, right)
            wide = all(c["x1"] - c["x0"] > 14 for c in chars)  # full-width only: no digits
            if wide and abs(chars[0]["x0"] - left) < TOL and abs(chars[-1]["x1"] - right) < TOL:
                full.append(len(chars))
    assert len(full) >= 5, "no full lines of full-width characters found"
    # 28 to a full line; line-breaking rules (no closing mark at a line start) may end a
    # line one character early, justified to the full width, never later
    assert max(full) == 28 and min(full) >= 27, full
    assert full.count(28) >= 0.75 * len(full), full  # lists of units (、) end lines early more often


def test_first_page_head_in_order(rendered):
    page = rendered.pages[0]
    left, right, top, _ = type_area(page)
    rows = lines(page)
    texts = [line_text(r) for r in rows]
    issuer = rows[0]
    assert texts[0] == "大连市营商环境建设局文件"
    assert all(c["non_stroking_color"] in ((1, 0, 0), [1, 0, 0], (1.0, 0.0, 0.0)) for c in issuer)
    number = rows[texts.index("大营商发〔2023〕12号")]
    title = rows[next(i for i, t in enumerate(texts) if t.startswith("关于2023年第二季度"))]
    red_lines = [r for r in page.lines + page.rects
                 if tuple(r.get("stroking_color") or ()) in ((1, 0, 0),)
                 or tuple(r.get("non_stroking_color") or ()) in ((1, 0, 0),)]
    assert red_lines, "no red separator line"
    line = red_lines[0]
    assert line["x0"] == pytest.approx(left, abs=TOL) and line["x1"] == pytest.approx(right, abs=TOL)
    assert issuer[0]["bottom"] < number[0]["top"] < line["top"] < title[0]["top"]
    # measured on the ink: 标志 35 mm under the type area's top, red line 4 mm under the 字号
    issuer_ink = ink_rows(page, red, 37, line["top"] / MM - 2)
    assert issuer_ink[0] - 37 == pytest.approx(35, abs=1.0)
    number_ink = ink_rows(page, dark, number[0]["top"] / MM - 1, line["top"] / MM - 0.3)
    assert line["top"] / MM - number_ink[1] == pytest.approx(4, abs=0.75)


def test_page_numbers_alternate_sides(rendered):
    for n, page in enumerate(rendered.pages, 1):
        left, right, top, bottom = type_area(page)
        one_char = 14  # 四号: the number is one character in from the outer edge
        if is_landscape(page):  # on the sheet's foot: the turned page's left edge, turned with it
            edge = turned_number_chars(page)
            m = PAGE_NUMBER.match("".join(c["text"] for c in edge))
            assert m and int(m[1]) == n and not any(c.get("upright", True) for c in edge), (n, edge)
            assert left - edge[0]["x1"] == pytest.approx(7 * MM, abs=2 * MM), n  # 7 mm outside the type area
            if n % 2:  # the sheet's right side: the turned page's bottom
                assert bottom - edge[-1]["bottom"] == pytest.approx(one_char, abs=TOL), n
            else:
                assert edge[0]["top"] - top == pytest.approx(one_char, abs=TOL), n
            continue
        foot = sorted(footer_chars(page), key=lambda c: c["x0"])
        m = PAGE_NUMBER.match("".join(c["text"] for c in foot))
        assert m and int(m[1]) == n, (n, [c["text"] for c in foot])
        if n % 2:
            assert right - foot[-1]["x1"] == pytest.approx(one_char, abs=TOL), n
        else:
            assert foot[0]["x0"] - left == pytest.approx(one_char, abs=TOL), n
        assert foot[0]["size"] == pytest.approx(14, abs=0.1)
    for page in rendered.pages[:2]:
        bottom = type_area(page)[3] / MM
        ink = ink_rows(page, dark, bottom + 1, bottom + 20)
        assert ink[0] - bottom == pytest.approx(7, abs=1.0)  # 7 mm under the type area


def attachment_pages(pages, label: str):
    start = next(i for i, p in enumerate(pages) if lines(p) and line_text(lines(p)[0]) == label)
    out = [pages[start]]
    for p in pages[start + 1:]:
        first = lines(p)
        if not is_landscape(p) or (first and line_text(first[0]).startswith("附件")):
            break
        out.append(p)
    return out


def test_attachments_are_landscape_on_new_pages(rendered):
    labels = [line_text(lines(p)[0]) for p in rendered.pages if lines(p) and is_landscape(p)
              and line_text(lines(p)[0]).startswith("附件")]
    assert labels[:2] == ["附件1", "附件2"]
    for p in rendered.pages:
        if lines(p) and re.fullmatch(r"附件\d", line_text(lines(p)[0])):
            assert is_landscape(p)


def test_attachment_tables_repeat_their_header(rendered):
    pages = attachment_pages(rendered.pages, "附件2")
    assert len(pages) >= 2, "附件2 should span pages"
    for p in pages[1:]:
        _, _, top, _ = type_area(p)
        head = "".join(c["text"] for c in text_chars(p) if c["top"] < top + 8 * MM)
        for name in ("序号", "任务", "节点", "完成时限", "牵头单位", "状态", "进展情况"):
            assert name in head, (name, head)


def test_imprint_sits_on_the_last_page_bottom(rendered):
    page = rendered.pages[-1]
    left, right, top, bottom = type_area(page)
    assert not is_landscape(page)
    rules = sorted({round(r["top"], 1): r for r in page.lines + page.rects
                    if abs(r["bottom"] - r["top"]) < 2 and r["x1"] - r["x0"] > 100}.values(),
                   key=lambda r: r["top"])
    assert len(rules) == 3
    for r in rules:
        assert r["x0"] == pytest.approx(left, abs=TOL) and r["x1"] == pytest.approx(right, abs=TOL)
    assert rules[-1]["top"] == pytest.approx(bottom, abs=TOL)
    widths = [r.get("linewidth", 0) for r in rules]
    assert widths[1] < widths[0] == widths[2]
    text = "".join(line_text(line) for line in lines(page))
    assert text.startswith("抄送：") and text.endswith("2023年7月10日印发")


def test_signature_and_date_positions(rendered):
    page = next(p for p in rendered.pages if any(line_text(l) == "2023年7月10日" for l in lines(p)))
    left, right, _, _ = type_area(page)
    rows = {line_text(l): l for l in lines(page)}
    sig, day = rows["大连市营商环境建设局"], rows["2023年7月10日"]
    two = 2 * 15.75  # two characters as set
    assert right - sig[-1]["x1"] == pytest.approx(two, abs=TOL)
    assert day[0]["x0"] - sig[0]["x0"] == pytest.approx(two, abs=TOL)
    assert day[0]["top"] > sig[0]["top"]


def test_chart_fits_the_type_area_width(rendered):
    images = [im for p in rendered.pages if not is_landscape(p) for im in p.images]
    assert images
    assert (images[0]["x1"] - images[0]["x0"]) / MM == pytest.approx(156, abs=1)


def test_hostile_text_renders(rendered):
    with pdfplumber.open(rendered.hostile_pdf) as pdf:
        assert len(pdf.pages) > 5
        text = "".join((p.extract_text() or "") for p in pdf.pages[:3])
        assert "总体情况" in text


def test_planbooks_pdf_hangs_no_punctuation_into_the_margin(rendered):
    """The copy LibreOffice renders for --pdf keeps full-width marks inside the line, as Word does;
    LibreOffice's own conversion of the .docx (tuned for Word) hangs some: why the copy exists."""
    hanging = [line_text(line) for page in rendered.pages for line in lines(page)
               if hung(line, type_area(page)[1])]
    if rendered.by_planbook:
        assert not hanging, hanging[:3]
    else:
        assert hanging
