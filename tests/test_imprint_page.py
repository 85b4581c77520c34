"""The 版记 on an even page by construction (GB/T 9704 §7.5), whatever the fonts: ``write_report``
(``even_imprint``, as ``planbook report`` writes it) lays the 通报 out in LibreOffice and, when
the 版记 would land on an odd page, puts an empty page before it, neither page numbered. Checked
in LibreOffice with two font sets (tests/fonts.conf, and the same names mapped to another face)
on two records whose 通报 differ in length, as planbook's PDF renders it (LibreOffice lays out a
copy corrected to read as Word does, :func:`planbook.report.docx_package.libreoffice_copy`)."""

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
    from planbook.report import write_pdf, write_report

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
        path = write_report(plan, record, folder / "通报.docx", previous=before, even_imprint=True)
        pdf = write_pdf(path)  # as planbook renders it (the copy laid out as Word does), with these fonts
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
