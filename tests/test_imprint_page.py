"""Layout by construction, checked as LibreOffice renders it (planbook's PDF).

The 版记 on an even page (GB/T 9704 §7.5), whatever the fonts: ``write_report`` (``pdf``, as
``planbook report --pdf`` writes it) lays the 通报 out in LibreOffice and, when the 版记 would land
on an odd page, puts an empty page before it, neither page numbered (the .docx starts the 版记
with an even-page section break, which Word and WPS honour); checked with two font sets
(tests/fonts.conf, and the same names mapped to another face) on two records whose 通报 differ
in length. LibreOffice lays out a copy corrected to read as Word does
(:func:`planbook.report.docx_package.libreoffice_copy`). Turned pages are numbered where
§10.1 puts them; no table page holds a single row."""

from __future__ import annotations

import re

import pytest

from libreoffice import fonts_conf, soffice_or_skip

pytestmark = [pytest.mark.slow, pytest.mark.libreoffice]


def _other_fonts(folder) -> str:
    """The document's font names mapped to AR PL UKai (other widths, other line breaks)."""
    text = fonts_conf().read_text(encoding="utf-8")
    text = re.sub(r"<prefer>.*?</prefer>", "<prefer><family>AR PL UKai CN</family></prefer>", text)
    path = folder / "ukai.conf"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("fonts", ["noto", "ukai"])
def test_the_imprint_is_on_an_even_page_and_an_added_blank_page_is_not_numbered(fonts, tmp_path, monkeypatch):
    import pdfplumber

    from kit.report import make_record
    from planbook.plans import seed_plan
    from planbook.report import pdf_path, write_report

    soffice_or_skip()
    conf = str(fonts_conf()) if fonts == "noto" else _other_fonts(tmp_path)
    monkeypatch.setenv("FONTCONFIG_FILE", conf)
    plan = seed_plan()
    previous = make_record(plan, "2023Q1", seed=101)
    blanks = 0
    for n, (record, before) in enumerate([(make_record(plan, "2023Q2", seed=1, previous=previous), previous),
                                          (make_record(plan, "2023Q2", seed=7, missing=6), None)]):
        folder = tmp_path / f"r{n}"
        folder.mkdir()
        path = write_report(plan, record, folder / "通报.docx", previous=before, pdf=True)
        pdf = pdf_path(path)  # as planbook renders it (the copy laid out as Word does), with these fonts
        with pdfplumber.open(pdf) as doc:
            texts = [(page.extract_text() or "").strip() for page in doc.pages]
        assert len(texts) % 2 == 0, (fonts, n, len(texts))
        assert texts[-1].startswith("抄送"), texts[-1][:40]
        numbers = [re.search(r"—\s*(\d+)\s*—\s*$", t) for t in texts]
        if not texts[-2]:  # the empty page added before the 版记: neither is numbered
            blanks += 1
            assert numbers[-1] is None and numbers[-2] is None
            body = numbers[:-2]
        else:
            body = numbers
        # every other page carries its own number: no jump (LibreOffice renumbers an even-page break)
        assert [int(m[1]) for m in body if m] == [i + 1 for i, m in enumerate(body) if m]
        assert sum(m is not None for m in body) >= len(body) - 2  # a full table page may hide it from the text
    print(f"\n[imprint] {fonts}: {blanks} of 2 needed an empty page")


def test_turned_pages_are_numbered_where_the_upright_ones_are_on_the_sheet(tmp_path, monkeypatch):
    """GB/T 9704 §10.1: a landscape page (the optional wide tables) carries its number where the
    upright pages do on the sheet: along the turned page's left edge (the sheet's foot), turned
    with the sheet, near its bottom on odd pages and near its top on even ones; the upright page
    after them is numbered at the foot again."""
    import pdfplumber

    from kit.report import make_record
    from planbook.plans import seed_plan
    from planbook.report import load_settings, write_pdf
    from planbook.report.document import build_document

    soffice_or_skip()
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts_conf()))
    plan = seed_plan()
    previous = make_record(plan, "2023Q1", seed=101)
    record = make_record(plan, "2023Q2", seed=1, previous=previous)
    settings = load_settings({"options": {"targets": True, "ranking": True}})
    path = tmp_path / "通报.docx"
    build_document(plan, record, previous=previous, settings=settings).save(str(path))
    mm = 72 / 25.4
    turned = 0
    with pdfplumber.open(write_pdf(path)) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            if page.width > page.height:
                turned += 1
                edge = [c for c in page.chars if c["x1"] < 35 * mm and c["text"].strip()]
                assert edge and not any(c.get("upright", True) for c in edge), n
                assert "".join(c["text"] for c in sorted(edge, key=lambda c: c["top"]) if c["text"].isdigit()) == str(n)
                tops = [c["top"] / mm for c in edge]
                assert (min(tops) > 120) if n % 2 else (max(tops) < 80), (n, tops)
                assert not [c for c in page.chars if c["top"] > page.height - 20 * mm and c["text"].isdigit()]
            else:
                foot = [c for c in page.chars if c["top"] > 255 * mm and c["text"].isdigit()]
                assert "".join(c["text"] for c in foot) == str(n), n
    assert turned >= 2


@pytest.mark.parametrize("seed", [1, 4])  # records whose 附件2 left one row alone on its last page
def test_no_page_of_a_table_holds_a_single_row(seed, tmp_path, monkeypatch):
    """The last two rows of a table keep together (as do the header and the first row), so no
    page of the rendered 通报 carries a table of its repeated header and one row."""
    import pdfplumber

    from kit.report import make_record
    from planbook.plans import seed_plan
    from planbook.report import write_pdf
    from planbook.report.document import build_document

    soffice_or_skip()
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts_conf()))
    plan = seed_plan()
    previous = make_record(plan, "2023Q1", seed=100 + seed)
    record = make_record(plan, "2023Q2", seed=seed, previous=previous, missing=seed % 5)
    path = tmp_path / "通报.docx"
    build_document(plan, record, previous=previous).save(str(path))
    with pdfplumber.open(write_pdf(path)) as pdf:
        rows = [(n, sum(len(t.rows) for t in page.find_tables())) for n, page in enumerate(pdf.pages, 1)]
    assert all(k == 0 or k > 2 for _, k in rows), rows
