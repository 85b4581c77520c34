"""Chinese numerals and the one width rule."""

from __future__ import annotations

import pytest

from planbook.base.words import cn_number, text_width, wide_count, wrapped_lines


@pytest.mark.parametrize("n, text", [(1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九"),
                                     (100, "100")])
def test_chinese_numerals(n, text):
    assert cn_number(n) == text


def test_wide_characters_are_chinese_text_and_its_punctuation():
    assert wide_count("政务环境") == 4
    assert wide_count("“一网通办”，12345热线…") == 9 + 1
    assert wide_count("abc 123") == 0
    assert text_width("政务abc") == 2 * 1.0 + 3 * 0.5
    assert text_width("政务abc", wide=1.45, narrow=0.8) == pytest.approx(2 * 1.45 + 3 * 0.8)


def test_wrapped_lines_grow_with_the_text_and_its_line_breaks():
    assert wrapped_lines("政务", 10) == 1
    assert wrapped_lines("政" * 10, 10) == 3  # 20 units over 10 per line
    assert wrapped_lines("政务\n环境", 10) == 2
    assert wrapped_lines("政" * 1000, 10, limit=30) == 30
