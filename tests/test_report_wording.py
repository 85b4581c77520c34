"""Agencies' text made safe for the report, and dates the Chinese way (planbook.report.wording)."""

from __future__ import annotations

from datetime import date

from planbook.core.model import cn_number
from planbook.core.statuses import cn_date
from planbook.report import wording as text


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


# -- quoting agencies in their own words -----------------------------------------------------------
MILESTONE = "修订《大连区域性金融中心建设若干政策措施》，制定配套实施细则，并向社会公布。"


def test_own_words_drop_clauses_that_repeat_the_milestone():
    from planbook.report.wording import own_words

    said = "按计划推进，修订《大连区域性金融中心建设若干政策措施》，制定配套实施细则，并向社会公布。已完成征求意见。"
    assert own_words(said, MILESTONE, 60) == "按计划推进。已完成征求意见。"
    assert own_words("修订《大连区域性金融中心建设若干政策措施》，制定配套实施细则……", MILESTONE, 60) == ""
    clipped = "已于2023年5月完成。制定配套实施细……已印发实施方案。"
    assert own_words(clipped, MILESTONE, 60) == "已于2023年5月完成。已印发实施方案。"


def test_own_words_are_cut_at_a_sentence_end_and_keep_agency_marks():
    from planbook.report.wording import own_words

    said = "【市税务局】已完成第一阶段工作；第二阶段正在推进！【市财政局】资金已拨付。"
    assert own_words(said, MILESTONE, 100) == said
    assert own_words(said, MILESTONE, 20) == "【市税务局】已完成第一阶段工作；"
    cut = own_words(said, MILESTONE, 28)
    assert cut.endswith(("。", "；", "！", "？")) and len(cut) <= 28
    long = "一二三四五六七八九十，" * 5 + "完。"
    short = own_words(long, MILESTONE, 25)
    assert short.endswith("……") and len(short) <= 25
