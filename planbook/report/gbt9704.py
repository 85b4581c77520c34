"""The numbers of the official document format (GB/T 9704-2012), in one place.

What the standard fixes (page, type area, fonts and sizes per element, the red line, the
版记, page numbers) and what measuring LibreOffice's rendering showed is needed to hit it.
Nothing else in the report package writes such a number. Lengths are in twips (1/20 pt)
unless a name says otherwise; sizes in points; border widths in eighths of a point.
"""

from __future__ import annotations

MM_PER_INCH = 25.4


def mm_to_twips(mm: float) -> int:
    return round(mm * 1440 / MM_PER_INCH)


def twips_to_mm(twips: int) -> float:
    return twips * MM_PER_INCH / 1440


# -- fonts the standard names (offices have them; rendering tests map them) -----------------
FONT_TITLE = "方正小标宋简体"  # 发文机关标志, 标题
FONT_FANGSONG = "仿宋_GB2312"  # 正文, 三级/四级标题, 版记
FONT_HEITI = "黑体"  # 一级标题, 附件 label
FONT_KAITI = "楷体_GB2312"  # 二级标题
FONT_SONGTI = "宋体"  # page numbers

# -- Chinese 号 in points ----------------------------------------------------------------------
SIZE_2 = 22.0  # 二号
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_5 = 10.5  # 五号

# -- page and type area (§5.2) ------------------------------------------------------------------
A4_WIDTH = 11906  # 210 mm
A4_HEIGHT = 16838  # 297 mm
MARGIN_TOP = 2098  # 37 mm 天头
MARGIN_BOTTOM = 1984  # 35 mm
MARGIN_LEFT = 1588  # 28 mm 订口
MARGIN_RIGHT = 1474  # 26 mm
TYPE_WIDTH = A4_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
TYPE_HEIGHT = A4_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm
TYPE_WIDTH_MM = 156.0
LANDSCAPE_WIDTH_MM = 225.0  # the type area turned: attachments are landscape
HEADER_DISTANCE = 851  # 15 mm; an official document has no header text
LINES_PER_PAGE = 22  # §5.2.2: 22 lines of 28 characters
CHARS_PER_LINE = 28
LINE_PITCH = 579  # 28.95 pt: 22 lines fill the type area (measured in LibreOffice)
CHAR_SPACING = -5  # -0.25 pt on full-width runs: 28 characters fill a line
CHAR_WIDTH = 315  # one 三号 character as set: 16 pt - 0.25 pt
HALF_CHAR_WIDTH = 155  # a half-width 三号 character as set: 8 pt - 0.25 pt
AUTO_SPACE = 80  # the quarter em Word and LibreOffice add where Chinese meets Latin or digits
BODY_INDENT = 2 * CHAR_WIDTH  # §7.3.3: paragraphs start two characters in

# -- colours ------------------------------------------------------------------------------------------
RED = "FF0000"  # 发文机关标志 and the separator line
BLACK = "000000"

# -- 版头 (§7.2) ---------------------------------------------------------------------------------------
ISSUER_TOP_MM = 35.0  # the 发文机关标志's top edge under the top of the type area
ISSUER_SIZE = 36.0  # the 标志 style's size; the paragraph's size is chosen to fit (below)
ISSUER_MAX_SIZE = 42.0  # automatic size: at most this big
ISSUER_MIN_SIZE = 16.0  # and never smaller than the body text
ISSUER_FIT = 0.97  # the share of the type area's width an automatically sized 标志 may fill
ISSUER_LINE = 1.3  # the 标志's exact line height, in ems
ISSUER_INK = 0.21  # em from the top of the 标志's exact line to its glyphs' top (measured, LibreOffice)
ISSUER_GAP_LINES = 2  # blank lines between the 标志 and the 发文字号
RED_LINE_SIZE = 12  # the separator line: 1.5 pt
RED_LINE_SPACE = 6  # points between the 发文字号 paragraph and the red line: 4 mm under the glyphs
TITLE_GAP_LINES = 2  # blank lines between the red line and the title
ADDRESSEE_GAP_LINES = 1  # blank line between the title and the 主送机关
BULLETIN_GAP_LINES = 1  # 期刊式: blank line between the 刊名 and the 期数

# -- 署名 and 成文日期 (§7.3.5.2) --------------------------------------------------------------------
SIGNATURE_INDENT = 2 * CHAR_WIDTH  # 署名 two characters in from the right; 成文日期 starts
# two characters right of the 署名's first character

# -- attachment tables (the standard fixes none of these: sizes that fit a turned type area) -----
TABLE_FONT = FONT_FANGSONG
TABLE_HEADER_FONT = FONT_HEITI
TABLE_SIZE = SIZE_5  # 五号 in attachment tables
TABLE_LINE = 300  # exact 15 pt lines in table cells
TABLE_BORDER = 4  # ½ pt
TABLE_HEADER_SHADE = "E7E6E6"  # light grey behind the header row
TABLE_CELL_MARGINS = (28, 57)  # top/bottom, left/right: 0.5 mm and 1 mm

# -- 版记 (§7.4) ------------------------------------------------------------------------------------
IMPRINT_CHAR = 280  # one 四号 character: the texts are indented one character
IMPRINT_RULE = 20  # the empty paragraph that carries a 版记 line: exact 1 pt
IMPRINT_RULE_OUTER = 8  # first and last lines: 0.35 mm
IMPRINT_RULE_INNER = 6  # the line between 抄送 and 印发: 0.25 mm
IMPRINT_CC_HANGING = 3  # 抄送： hangs; its continuation lines start under the first name

# -- page numbers (§7.5) -------------------------------------------------------------------------------
PAGE_NUMBER_FONT = FONT_SONGTI
PAGE_NUMBER_SIZE = SIZE_4  # 四号半角宋体阿拉伯数字
PAGE_NUMBER_DASHES = ("— ", " —")  # a 一字线 either side of the number
PAGE_NUMBER_INDENT = 280  # one 四号 character in from the outer edge: right on odd pages, left on even
PAGE_NUMBER_GAP_MM = 7.0  # the number's top edge 7 mm under the type area
FOOTER_LINE = 320  # the page-number line: exact 16 pt, a 四号 glyph fits with its descent
FOOTER_INK_MM = 0.9  # the digits' top under the top of that line (measured, LibreOffice)


def footer_distance(bottom_margin: int) -> int:
    """Footer distance from the page edge so the page number's top sits 7 mm under the
    type area: the footer paragraph (one exact line) ends that far from the bottom edge."""
    gap = mm_to_twips(PAGE_NUMBER_GAP_MM - FOOTER_INK_MM)
    return max(bottom_margin - gap - FOOTER_LINE, 0)


# -- font and size per element ----------------------------------------------------------------------
ELEMENTS: dict[str, tuple[str, float]] = {
    "body": (FONT_FANGSONG, SIZE_3),  # 正文: 3号仿宋
    "h1": (FONT_HEITI, SIZE_3),  # 一级标题 “一、”: 黑体
    "h2": (FONT_KAITI, SIZE_3),  # 二级标题 “（一）”: 楷体
    "h3": (FONT_FANGSONG, SIZE_3),  # 三级标题 “1.”: 仿宋
    "h4": (FONT_FANGSONG, SIZE_3),  # 四级标题 “（1）”: 仿宋
    "plain": (FONT_FANGSONG, SIZE_3),  # 主送机关, 署名, 成文日期, 附件说明
    "title": (FONT_TITLE, SIZE_2),  # 标题: 2号小标宋
    "issuer": (FONT_TITLE, ISSUER_SIZE),  # 发文机关标志: 小标宋, red
    "docno": (FONT_FANGSONG, SIZE_3),  # 发文字号: 3号仿宋
    "figure": (FONT_FANGSONG, SIZE_3),  # the paragraph that holds a chart
    "caption": (FONT_FANGSONG, SIZE_4),  # a chart's caption
    "label": (FONT_HEITI, SIZE_3),  # “附件1”: 3号黑体
    "table": (TABLE_FONT, TABLE_SIZE),
    "imprint": (FONT_FANGSONG, SIZE_4),  # 版记: 4号仿宋
}
"""Element (the writer's role) -> (font, size in points)."""
