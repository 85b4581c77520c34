"""The raw WordprocessingML helpers (planbook.report.wordml), on compact XML."""

from __future__ import annotations

import time

from lxml import etree

from kit.report import W
from planbook.report import gbt9704 as std
from planbook.report import wordml


def test_table_building_is_linear():
    rows = [["1", "x" * 30, "y" * 30]] * 2000
    t0 = time.perf_counter()
    wordml.table_element(["a", "b", "c"], rows, [1000, 2000, 3000], style="GWTable", font=std.FONT_FANGSONG)
    small = time.perf_counter() - t0
    t0 = time.perf_counter()
    tbl = wordml.table_element(["a", "b", "c"], rows * 8, [1000, 2000, 3000], style="GWTable", font=std.FONT_FANGSONG)
    big = time.perf_counter() - t0
    assert len(tbl.findall("w:tr", W)) == 16_001
    print(f"table 2,000 rows {small:.3f} s, 16,000 rows {big:.3f} s")
    assert big < max(small, 0.05) * 40  # 8x the rows; quadratic would be ~64x


def test_set_fonts_names_every_slot_and_drops_theme_attributes():
    from docx.oxml import parse_xml

    rpr = parse_xml(f'<w:rPr xmlns:w="{wordml.W_NS}"><w:rFonts w:asciiTheme="minorHAnsi" '
                    'w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/>'
                    '<w:sz w:val="22"/></w:rPr>')
    wordml.set_fonts(rpr, "黑体")
    rfonts = rpr.find("w:rFonts", W)
    assert {k.split("}")[1]: v for k, v in rfonts.attrib.items()} == {
        "ascii": "黑体", "hAnsi": "黑体", "eastAsia": "黑体", "cs": "黑体", "hint": "eastAsia"}
    wordml.set_language(rpr)
    wordml.set_char_spacing(rpr, -5)
    assert [etree.QName(c).localname for c in rpr] == ["rFonts", "spacing", "sz", "lang"]


def test_border_goes_before_spacing_indent_and_alignment():
    import docx

    doc = docx.Document()
    p = doc.add_paragraph()
    wordml.set_alignment(p, "center")
    wordml.set_indent(p, left=0)
    wordml.set_line_spacing(p, exact=579)
    wordml.set_border(p, "bottom", size=8, color="FF0000", space=4)
    wordml.set_border(p, "top", size=6)
    ppr = p._p.pPr
    assert [etree.QName(c).localname for c in ppr] == ["pBdr", "spacing", "ind", "jc"]
    assert [etree.QName(c).localname for c in ppr.find("w:pBdr", W)] == ["top", "bottom"]
