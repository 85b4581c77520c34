"""延期申请 in a return: the 延期申请 sheet (:mod:`planbook.xlsx.requests_sheet`) read, each
request checked (a month later than the deadline, a reason), and, when the quarter is
consolidated, judged filed in time or not: a request must be filed before the deadline
(an approved extension's, where there is one); one filed after it is flagged (超时办结).
A workbook without the sheet — the office does not ask for requests, or an earlier layout —
has none.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from planbook.base.problems import WARNING, Problem
from planbook.core.model import Plan
from planbook.core.quarter import Quarter
from planbook.core.statuses import month_end, month_label
from planbook.xlsx.layout import FIRST_TASK_ROW, HEADER_ROW, WorkbookLayout, cell_name
from planbook.xlsx.requests_sheet import MONTH_COL, REASON_COL, REQUEST_COLUMNS, REQUESTS_SHEET

if TYPE_CHECKING:  # pragma: no cover
    from planbook.collection.intake import ReturnPackage


def read_requests(package: ReturnPackage, layout: WorkbookLayout, quarter: Quarter, *, file: str,
                  agency: str, filed: str) -> tuple[list[dict[str, str]], list[Problem]]:
    """The requests of one return (``filed``: when it was written, ISO) and their problems."""
    if REQUESTS_SHEET not in package.sheet_names:
        return [], []
    from planbook.collection.cells import cell_text, read_month

    grid = package.open_book().get_sheet_by_name(REQUESTS_SHEET).to_python(skip_empty_area=False)
    where: dict[str, Any] = dict(file=file, sheet=REQUESTS_SHEET, agency=agency)

    def text(row: list[Any], col: int) -> str:
        return cell_text(row[col])[0].strip() if col < len(row) and row[col] not in (None, "") else ""

    header = [text(grid[HEADER_ROW], c) if len(grid) > HEADER_ROW else "" for c in range(len(REQUEST_COLUMNS))]
    if header != [c for c, _ in REQUEST_COLUMNS]:
        return [], [Problem("columns_changed", "“延期申请”工作表的表头被改动，其中的延期申请未读取。请勿修改表头。",
                            cell=cell_name(HEADER_ROW, 0), value="、".join(header),
                            allowed="、".join(c for c, _ in REQUEST_COLUMNS), **where)]
    own = {m.id: m for s in layout.sheets for t in s.tasks for m in t.milestones}
    requests: list[dict[str, str]] = []
    problems: list[Problem] = []
    for r in range(FIRST_TASK_ROW, len(grid)):
        row = grid[r]
        raw_month, reason = row[MONTH_COL] if MONTH_COL < len(row) else None, text(row, REASON_COL)
        if raw_month in (None, "") and not reason:
            continue
        mid = text(row, 1)
        at = dict(where, milestone_id=mid, task_id=text(row, 0))
        if mid not in own:
            problems.append(Problem("readonly_edited", "“节点”一栏被改动，这一行的延期申请未读取。", cell=cell_name(r, 1),
                                    field="节点", value=mid or "（空）", allowed="下发时的节点", **at))
            continue
        got = read_month(raw_month, start=quarter.start, expected=True)
        if not got.month:
            problems.append(Problem("month_invalid", f"“申请延期至”不是年月{('（' + got.note + '）') if got.note else ''}，"
                                    "这一行的延期申请未读取。请写作 2024年6月。", cell=cell_name(r, MONTH_COL),
                                    field="申请延期至", value=text(row, MONTH_COL) or "（空）", allowed="如 2024年6月", **at))
            continue
        m = own[mid]
        if m.deadline is not None and month_end(got.month) <= m.deadline:
            problems.append(Problem("extension_invalid", f"申请延期至 {month_label(got.month)}，不晚于原完成时限"
                                    f"{m.deadline_text or m.deadline}，不是延期，未读取。", WARNING,
                                    cell=cell_name(r, MONTH_COL), field="申请延期至", value=month_label(got.month), **at))
            continue
        if not reason:
            problems.append(Problem("extension_invalid", "申请延期须写明延期理由（原因和目前进展），这一行的延期申请未读取。",
                                    cell=cell_name(r, REASON_COL), field="延期理由", value="（空）",
                                    allowed="延期的原因和目前进展", **at))
            continue
        requests.append({"milestone_id": mid, "agency": agency, "deadline": got.month, "reason": reason,
                         "filed": filed[:10], "file": file, "cell": cell_name(r, MONTH_COL)})
    return requests, problems


def judge_requests(requests: Sequence[dict[str, str]], plan: Plan, quarter: Quarter,
                   deadlines: Mapping[str, date]) -> tuple[list[dict[str, str]], list[Problem]]:
    """The requests with ``late`` ("1": filed after the deadline, or the approved extension's)
    and a 提示 for each late one."""
    out, problems = [], []
    for req in requests:
        m = plan.milestone(req["milestone_id"])
        deadline = deadlines.get(m.id) or m.deadline
        filed = date.fromisoformat(req["filed"]) if req.get("filed") else quarter.end
        late = deadline is not None and filed > deadline
        out.append({k: v for k, v in req.items() if k not in ("file", "cell")} | {"late": "1" if late else ""})
        if late:
            problems.append(Problem(
                "extension_late", f"节点 {m.id} 的完成时限是 {m.deadline_text or deadline}，延期申请在 {filed.isoformat()} "
                "才提出（完成时限之后），按超时办结统计；是否批准由督查室审核。", WARNING, file=req.get("file", ""),
                sheet=REQUESTS_SHEET, cell=req.get("cell", ""), agency=req["agency"], milestone_id=m.id,
                field="申请延期至", value=month_label(req["deadline"]), allowed="完成时限之前提出"))
    return out, problems
