"""The office's review of a collected quarter (``planbook review``): which lines it rules on,
reading its 审核表 back, and what the verdicts change.

- the lines: each (milestone, lead agency) whose answer became 已完成 this quarter (reported
  this quarter, not closed before it), and each 延期申请 filed in the quarter's returns;
- reading: the 审核表's identity (plan, quarter, layout) and its read-only cells are checked
  first; every problem is located (row, cell, milestone, agency) and collected, and a file
  with one is refused as a whole, so a verdict is never half applied;
- the verdicts go into the ledger (:meth:`planbook.ledger.lines.Ledger.review`; reading the
  same file again adds nothing), and the quarter's record takes the verdicts standing, so the
  one count, the 问题清单 and the 通报 all see them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from planbook.base.problems import WARNING, PlanbookError, Problem, RefusedReturn
from planbook.core.model import Plan
from planbook.core.quarter import Quarter
from planbook.core.statuses import DONE, DOUBTFUL, SENT_BACK, VERDICTS, month_key, month_label
from planbook.ledger.lines import Ledger
from planbook.store.record import QuarterRecord
from planbook.xlsx.layout import cell_name
from planbook.xlsx.review_form import (COLUMNS, COMPLETION, EXTENSION, FIRST_ROW, HEADER_ROW, OPINION_COL, READ_ONLY,
                                       REVIEW_LAYOUT, REVIEW_MARK, REVIEW_SHEET, VERDICT_COL, ReviewRow, content_fingerprint)

if TYPE_CHECKING:  # pragma: no cover
    from planbook.xlsx.layout import Identity



@dataclass
class ReviewApplied:
    """What reading a 审核表 did."""

    file: Path
    rows: int = 0  # rows with a verdict
    changed: int = 0  # verdicts new to the ledger (0: the same file read again)
    counts: dict[str, int] = field(default_factory=dict)  # verdict -> rows


def rows_to_review(plan: Plan, ledger: Ledger, quarter: Quarter, required: bool = False,
                   requests: Sequence[dict[str, str]] = ()) -> list[ReviewRow]:
    """The lines the office rules on for ``quarter``, in plan order, each with the verdict
    already given on it for the quarter (a 审核表 written again keeps what was read)."""
    out = []
    for task in plan.tasks:
        for m in task.milestones:
            for agency in dict.fromkeys(task.responsible):
                line = ledger.lines.get((m.id, agency))
                answer = line.as_of(quarter) if line is not None else None
                if line is None or answer is None or answer.status != DONE or answer.quarter != str(quarter) \
                        or line.closed_as_of(quarter.previous, required):
                    continue
                given = [r for r in line.reviews if r["quarter"] == str(quarter)]
                out.append(ReviewRow(COMPLETION, m.id, agency, m.text,
                                     month_label(answer.done_month) if answer.done_month else "", answer.progress,
                                     answer.evidence, given[-1]["verdict"] if given else "",
                                     given[-1].get("opinion", "") if given else ""))
    for req in requests:
        m = plan.milestone(req["milestone_id"])
        out.append(ReviewRow(EXTENSION, m.id, req["agency"], m.text, month_label(req["deadline"]),
                             req.get("reason", ""), req.get("note", ""), req.get("verdict", ""), req.get("opinion", "")))
    return out


def _texts(row: Sequence[Any], width: int) -> list[str]:
    from planbook.collection.cells import cell_text

    return [(cell_text(row[c])[0] if c < len(row) and row[c] is not None else "").replace("\r\n", "\n").strip()
            for c in range(width)]


def read_review_form(path: str | Path, plan: Plan, quarter: Quarter, expected: Sequence[ReviewRow]) -> list[ReviewRow]:
    """The verdicts of a filled 审核表, checked against the lines it was written for
    (``expected``); raises a :class:`PlanbookError` with every problem found."""
    from planbook.collection.intake import open_return

    path = Path(path)
    name = path.name
    try:
        package = open_return(path.read_bytes(), name)
    except OSError as exc:
        raise PlanbookError([Problem("review_invalid", f"审核表无法打开（{exc.strerror or type(exc).__name__}）。",
                                     file=str(path))]) from None
    except RefusedReturn as refused:
        raise PlanbookError([refused.problem]) from None
    refusal = _check_identity(package.identity, plan, quarter, name)
    if refusal is not None:
        raise PlanbookError([refusal])
    assert package.identity is not None
    if REVIEW_SHEET not in package.sheet_names:
        raise PlanbookError([Problem("review_invalid", f"审核表中没有“{REVIEW_SHEET}”工作表（被改名或删除），未读取。"
                                     f"请用 planbook review -q {quarter} 重新写出审核表后填写。", file=name,
                                     sheet=REVIEW_SHEET)])
    book = package.open_book()
    grid = book.get_sheet_by_name(REVIEW_SHEET).to_python(skip_empty_area=False)
    problems: list[Problem] = []
    header = _texts(grid[HEADER_ROW] if len(grid) > HEADER_ROW else [], len(COLUMNS))
    if header != [c for c, _ in COLUMNS]:
        raise PlanbookError([Problem("review_edited", "审核表的表头被改动（列被插入、删除或移动），未读取。请用 planbook "
                                     f"review -q {quarter} 重新写出审核表后填写。", file=name, sheet=REVIEW_SHEET,
                                     line=HEADER_ROW + 1, value="、".join(header), allowed="、".join(c for c, _ in COLUMNS))])
    found = [_texts(row, len(COLUMNS)) for row in grid[FIRST_ROW:]]
    while found and not any(found[-1]):
        found.pop()
    read_only = [ReviewRow(*cells[:READ_ONLY]) for cells in found]
    if content_fingerprint(read_only) == package.identity.content and \
            package.identity.content != content_fingerprint(expected):
        raise PlanbookError([Problem(
            "review_invalid", f"审核表写出后，{quarter} 又重新汇总过（或台账有变化），表中要审核的内容已不是现在的。"
            f"请重新运行 planbook review -q {quarter} 写出新的审核表（已读取的结论会保留）后再填写。",
            file=name, value=package.identity.content, allowed=content_fingerprint(expected))])
    by_key = {r.key: r for r in expected}
    out: list[ReviewRow] = []
    for n, cells in enumerate(found):
        r = FIRST_ROW + n
        where: dict[str, Any] = dict(file=name, sheet=REVIEW_SHEET, milestone_id=cells[1], agency=cells[2])
        want = by_key.get((cells[0], cells[1], cells[2])) if n >= len(expected) or expected[n].key != (
            cells[0], cells[1], cells[2]) else expected[n]
        if want is None:
            if any(cells):
                problems.append(Problem("review_edited", f"第 {r + 1} 行不是写出审核表时的行（行被插入、改动或移动），未读取。",
                                        cell=cell_name(r, 1), value="、".join(c for c in cells[:3] if c),
                                        allowed="写出时的节点和单位", **where))
            continue
        for col, (now, then) in enumerate(zip(cells[:READ_ONLY], want.cells)):
            if now != then.strip():
                problems.append(Problem("review_edited", f"只读单元格“{COLUMNS[col][0]}”被改动，审核表未读取。请只填写"
                                        "“审核结论”和“审核意见”，或重新写出审核表。", cell=cell_name(r, col),
                                        field=COLUMNS[col][0], value=now or "（空）", allowed=then or "（空）", **where))
        verdict, opinion = cells[VERDICT_COL], cells[OPINION_COL]
        if not verdict:
            continue
        if verdict not in VERDICTS:
            problems.append(Problem("review_invalid", f"审核结论只能选 {'、'.join(VERDICTS)}。", cell=cell_name(r, VERDICT_COL),
                                    field="审核结论", value=verdict, allowed="、".join(VERDICTS), **where))
            continue
        if verdict == SENT_BACK and not opinion:
            problems.append(Problem("review_invalid", "审核结论为“退回”，但没有写审核意见。请写明退回的理由和整改要求。",
                                    cell=cell_name(r, OPINION_COL), field="审核意见", value="（空）",
                                    allowed="退回须写审核意见", **where))
            continue
        out.append(replace(want, verdict=verdict, opinion=opinion))
    if problems:
        raise PlanbookError(problems, f"审核表 {name} 有 {len(problems)} 处问题，未读取任何审核结论：")
    return out


def _check_identity(identity: "Identity | None", plan: Plan, quarter: Quarter, name: str) -> Problem | None:
    if identity is None or identity.layout != REVIEW_LAYOUT:
        what = "没有识别信息" if identity is None else (
            f"是{identity.agency}的填报表" if identity.agency else "是填报表或汇总表")
        return Problem("review_invalid", f"这不是 planbook 写出的审核表（{what}），未读取。请用 planbook review -q "
                       f"{quarter} 写出的审核表填写。", file=name, value=identity.layout if identity else "",
                       allowed=REVIEW_LAYOUT)
    if identity.quarter != str(quarter):
        return Problem("review_other_quarter", f"这是 {identity.quarter} 的审核表，不是 {quarter} 的，未读取。请用 "
                       f"planbook review -q {identity.quarter} 读取它，或读取 {quarter} 的审核表。", file=name,
                       value=identity.quarter, allowed=str(quarter))
    if identity.plan != plan.fingerprint:
        return Problem("review_invalid", f"审核表属于另一个方案（{identity.plan}），不是本方案（{plan.fingerprint}），未读取。",
                       file=name, value=identity.plan, allowed=plan.fingerprint)
    return None


def apply_verdicts(ledger: Ledger, plan: Plan, quarter: Quarter, rows: Sequence[ReviewRow], *,
                   reviewer: str, at: str) -> int:
    """Put the verdicts into the ledger; returns how many were new. A 延期申请 认可 is
    granted as an extension (:meth:`Ledger.extend`), 退回 is recorded refused."""
    changed = 0
    for row in rows:
        if row.kind == COMPLETION:
            changed += ledger.review(row.milestone_id, row.agency, quarter, row.verdict, row.opinion,
                                     reviewer=reviewer, at=at)
        else:
            changed += ledger.decide_request(plan, row.milestone_id, row.agency, quarter, row.verdict, row.opinion,
                                             reviewer=reviewer, at=at)
    return changed


def review_problems(record: QuarterRecord) -> list[Problem]:
    """The lines the office sent back (or doubts) in the record's own quarter, for each
    agency's 问题清单, and the 延期申请 it refused."""
    out = []
    for r in record.reviews:
        if r["quarter"] != record.quarter or r["verdict"] not in (SENT_BACK, DOUBTFUL):
            continue
        said = f"（审核意见：{r['opinion']}）" if r.get("opinion") else ""
        where: dict[str, Any] = dict(severity=WARNING, sheet=REVIEW_SHEET, agency=r["agency"], milestone_id=r["milestone_id"],
                     field="审核结论", value=r["verdict"], allowed="认可")
        if r["verdict"] == SENT_BACK:
            out.append(Problem("review_sent_back", f"节点 {r['milestone_id']} 报“已完成”，经审核退回{said}。该节点不销号，"
                               f"按未完成计；请按意见整改，在下季度填报表中更新进展情况（预填以“{REVIEW_MARK}”开头）。", **where))
        else:
            out.append(Problem("review_doubtful", f"节点 {r['milestone_id']} 报“已完成”，审核存疑{said}，暂不销号，待核实。"
                               "请补充佐证材料。", **where))
    for e in record.requests:
        if e.get("decision") == "refused":
            out.append(Problem("extension_refused", f"节点 {e['milestone_id']} 申请延期至 {month_label(e['deadline'])}，"
                               "经审核不予批准" + (f"（审核意见：{e['opinion']}）" if e.get("opinion") else "")
                               + "，仍按原完成时限督查。", WARNING, sheet=REVIEW_SHEET, agency=e["agency"],
                               milestone_id=e["milestone_id"], field="申请延期至", value=month_label(e["deadline"])))
    return out


def with_reviews(record: QuarterRecord, ledger: Ledger, plan: Plan | None = None) -> QuarterRecord:
    """The record with the ledger's verdicts standing at its quarter's end, the decisions on
    its 延期申请, and the problems they make (those of an earlier reading replaced); with the
    ``plan``, the extensions granted since it was collected too (the deadlines it is judged by)."""
    quarter = Quarter.parse(record.quarter)
    record.reviews = ledger.verdicts(quarter)
    decided = {(r["milestone_id"], r["agency"], r["deadline"]): r for r in ledger.requests_of(quarter)}
    record.requests = [{**r, **{k: decided[key].get(k, "") for k in ("decision", "opinion", "at", "reviewer")}}
                       if (key := (r["milestone_id"], r["agency"], r["deadline"])) in decided else r
                       for r in record.requests]
    kinds = {"review_sent_back", "review_doubtful", "extension_refused"}
    record.problems = [p for p in record.problems if p.kind not in kinds] + review_problems(record)
    if plan is not None:
        deadlines = ledger.deadlines(plan)
        record.milestones = [replace(m, extended_to=month_key(deadlines[m.milestone_id]))
                             if m.milestone_id in deadlines else m for m in record.milestones]
        record.extensions = [{"milestone_id": line.milestone_id, "agency": line.agency, **ext}
                             for _, line in sorted(ledger.lines.items()) for ext in line.extensions]
    return record
