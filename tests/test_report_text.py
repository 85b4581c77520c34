"""Agencies' text made safe for the report, and dates the Chinese way (planbook.report.text)."""

from __future__ import annotations

from datetime import date

from planbook.model import cn_number
from planbook.report import cn_date, text


def test_cn_helpers():
    assert [cn_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]
    assert cn_date(date(2023, 7, 10)) == "2023年7月10日"


def test_clean_text_removes_what_xml_cannot_hold():
    dirty = "a\x00b\x07c\x0bd\x1fe\ud800f\udfffg\ufffeh\uffffi\r\nj\tk"
    assert text.clean_text(dirty) == "abcdefghi\nj\tk"
    assert text.one_line("  a\n\n b\tc ") == "a b c"
    assert text.clip("一二三四五六七八九十", 5) == "一二三四……"
    assert text.clean_text(None) == ""


def test_widths_count_full_width_characters_and_the_space_before_digits():
    assert text.em("市营商局") == 4 and text.em("2023") == 2
    assert text.width_twips("市营商局") == 4 * 315
    assert text.width_twips("2023年") == 4 * 155 + 315 + 80  # a quarter em where digits meet Chinese
