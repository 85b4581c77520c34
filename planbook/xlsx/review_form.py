"""The 审核表: the office's own verdict on each line an agency reported 已完成 this quarter
(and, where the rules ask for them, on each 延期申请). Its layout is defined here once, as
data, for the writer below and the reader (:mod:`planbook.collection.verdicts`).

One sheet, a row per (milestone, lead agency): what the agency said, read-only, and the two
input columns 审核结论 (a dropdown: 认可 / 退回 / 存疑) and 审核意见. Like every workbook it
carries an identity (plan, quarter, layout :data:`REVIEW_LAYOUT`, and a fingerprint of its
read-only cells), so another quarter's 审核表 or one with edited read-only cells is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Sequence

from planbook.base.files import atomic_path
from planbook.core.statuses import VERDICTS
from planbook.xlsx.layout import Identity
from planbook.xlsx.saving import save

REVIEW_LAYOUT = "review-1"
"""The 审核表's layout tag in its identity (a return's reader refuses it: not a return layout)."""
REVIEW_MARK = "【审核退回】"
"""How the next export pre-fills a line the office sent back: its 进展情况 opens with the mark
and the office's 意见 (then the earlier text, marked 【上季度】); returned unchanged, the line
gets the 提示 未更新."""
REVIEW_SHEET = "审核表"
REVIEW_FOLDER = "审核"
COMPLETION, EXTENSION = "完成", "延期申请"
"""What a row asks the office to rule on: a reported completion, or a request for more time."""
COLUMNS: tuple[tuple[str, float], ...] = (
    ("事项", 8), ("节点", 7), ("单位", 16), ("节点目标", 36), ("完成时间", 11), ("进展情况", 46),
    ("佐证/备注", 28), ("审核结论", 10), ("审核意见", 32))
"""Header and width of each column; the last two are the office's input."""
READ_ONLY = len(COLUMNS) - 2
VERDICT_COL, OPINION_COL = READ_ONLY, READ_ONLY + 1
HEADER_ROW = 2  # 0-based: a title, a note, then the header
FIRST_ROW = HEADER_ROW + 1
EXTENSION_VERDICTS = {"认可": "批准", "退回": "不批准"}
"""In a 延期申请 row, 认可 grants the request and 退回 refuses it (存疑: not decided yet)."""


@dataclass(frozen=True)
class ReviewRow:
    """One line to rule on, as the 审核表 shows it."""

    kind: str  # COMPLETION or EXTENSION
    milestone_id: str
    agency: str
    target: str
    month: str  # 完成时间 (2023年6月), or for a 延期申请 the month asked for
    progress: str  # 进展情况, or the 延期理由
    evidence: str
    verdict: str = ""
    opinion: str = ""

    @property
    def cells(self) -> tuple[str, ...]:
        """The read-only cells, in column order."""
        return (self.kind, self.milestone_id, self.agency, self.target, self.month, self.progress, self.evidence)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.milestone_id, self.agency)


def review_path(quarter_folder: str | Path, quarter: str) -> Path:
    """Where a quarter's 审核表 is written: ``<quarter>/审核/<Q>_审核表.xlsx``."""
    return Path(quarter_folder) / REVIEW_FOLDER / f"{quarter}_审核表.xlsx"


def content_fingerprint(rows: Sequence[ReviewRow]) -> str:
    """A fingerprint of the read-only cells (in the identity: an edit is noticed)."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update("\x1f".join(row.cells).encode("utf-8") + b"\x1e")
    return digest.hexdigest()[:16]


def review_identity(plan_fingerprint: str, quarter: str, rows: Sequence[ReviewRow]) -> Identity:
    return Identity(plan_fingerprint, "", quarter, REVIEW_LAYOUT, content_fingerprint(rows))


def write_review_form(path: str | Path, rows: Sequence[ReviewRow], *, plan_fingerprint: str, quarter: str,
                      title: str, written_at: datetime | None = None) -> Path:
    """Write the 审核表 atomically: protected but for 审核结论 and 审核意见."""
    import xlsxwriter

    path = Path(path)
    identity = review_identity(plan_fingerprint, quarter, rows)
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"title": title, "subject": REVIEW_SHEET, "author": "planbook",
                           "comments": identity.encode(), "created": written_at or datetime.now().replace(microsecond=0)})
        identity.stamp(wb)
        base = {"font_name": "宋体", "font_size": 10, "valign": "top", "text_wrap": True, "border": 1}
        locked = wb.add_format({**base, "bg_color": "#F2F2F2"})
        unlocked = wb.add_format({**base, "locked": False})
        header = wb.add_format({**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"})
        ws = wb.add_worksheet(REVIEW_SHEET)
        for col, (_, width) in enumerate(COLUMNS):
            ws.set_column(col, col, width)
        ws.write_string(0, 0, title, wb.add_format({"font_name": "黑体", "font_size": 14, "bold": True}))
        ws.write_string(1, 0, "请在“审核结论”一栏选择 认可 / 退回 / 存疑（延期申请：认可即批准，退回即不批准），退回的须写"
                        "“审核意见”；其他单元格只读，不要改动。认可的节点销号；退回的节点下季度重新填报。",
                        wb.add_format({"font_name": "宋体", "font_size": 10}))
        for col, (name, _) in enumerate(COLUMNS):
            ws.write_string(HEADER_ROW, col, name, header)
        r = FIRST_ROW
        for row in rows:
            for col, text in enumerate(row.cells):
                ws.write_string(r, col, text, locked)
            ws.write_string(r, VERDICT_COL, row.verdict, unlocked)
            ws.write_string(r, OPINION_COL, row.opinion, unlocked)
            r += 1
        if rows:
            ws.data_validation(FIRST_ROW, VERDICT_COL, r - 1, VERDICT_COL, {
                "validate": "list", "source": list(VERDICTS), "error_title": "审核结论",
                "error_message": "请选择：" + "、".join(VERDICTS)})
        ws.freeze_panes(FIRST_ROW, 3)
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True,
                        "format_rows": True})
        save(wb)
    return path
