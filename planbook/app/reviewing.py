"""``planbook review``: the office's own verdict on a collected quarter, through the door
(:meth:`planbook.app.quarter_run.QuarterRun.review`).

Without a file it writes ``<quarter>/审核/<Q>_审核表.xlsx`` (the verdicts already read kept
in it); with one (or the quarter's own 审核表 found by collect) it reads the verdicts, puts
them into the ledger and the quarter's record, and writes the 问题清单 of the agencies whose
lines were sent back again. A quarter may be reviewed until the next one is collected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from planbook.base.problems import fail

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.quarter import Quarter
    from planbook.ledger.lines import Ledger
    from planbook.store.folder import QuarterFolder


class QuarterRun(Protocol):
    """What a review needs of a quarter of the workspace (:class:`planbook.app.quarter_run.QuarterRun`)."""

    workspace: Any
    folder: "QuarterFolder"
    quarter: "Quarter"

    def _documents_allowed(self, what: str) -> bool: ...  # noqa: D102


@dataclass
class Reviewed:
    """What ``planbook review`` did: the 审核表 written (``rows`` lines), or read (``read``
    verdicts, ``changed`` of them new; ``counts`` by verdict)."""

    path: Path
    rows: int = 0
    read: int = 0
    changed: int = 0
    counts: dict[str, int] | None = None
    lists: list[Path] | None = None


def _check_open(run: QuarterRun, book: "Ledger | None" = None) -> None:
    """A quarter may be reviewed until the next one is collected (into the ledger)."""
    nxt = str(run.quarter.next)
    book = book if book is not None else run.workspace.ledger
    if any(nxt in line.answers for line in book.lines.values()):
        raise fail("review_invalid", f"{nxt} 已经汇总，{run.quarter} 的审核已截止，未做任何改动。如需改变结论，"
                   "请用 planbook ledger --reopen 重新打开节点。", file=str(run.folder.path.parent / nxt))
    if not run.folder.has_record():
        raise fail("record_missing", f"{run.folder.path} 中没有汇总结果：请先运行 planbook collect -q {run.quarter}，"
                   "再审核。", file=str(run.folder.record))


def write_review(run: QuarterRun) -> Reviewed:
    """The quarter's 审核表, from the ledger (what became 已完成 this quarter, the 延期申请)."""
    from planbook.collection.verdicts import rows_to_review
    from planbook.store.session import FolderSession
    from planbook.xlsx.review_form import review_path, write_review_form

    ws = run.workspace
    rules = ws.rules
    with FolderSession(run.folder, "review", say=ws.say):
        book = ws.ledger
        _check_open(run, book)
        requests = book.requests_of(run.quarter) if rules.review.extension_requests else []
        rows = rows_to_review(ws.plan, book, run.quarter, rules.review.required,
                              [{**r, "verdict": {"granted": "认可", "refused": "退回"}.get(r.get("decision", ""), ""),
                                "note": "逾期申请（完成时限后提出）" if r.get("late") else ""} for r in requests])
        path = write_review_form(review_path(run.folder.path, str(run.quarter)), rows,
                                 plan_fingerprint=ws.plan.fingerprint, quarter=str(run.quarter),
                                 title=f"{ws.plan.title or '重点任务'} {run.quarter.label}审核表")
    return Reviewed(path, rows=len(rows))


def read_review(run: QuarterRun, file: str | Path, *, at: date | None = None) -> Reviewed:
    """Read a filled 审核表 of the quarter: the ledger, the record and the lists updated."""
    from planbook.collection.outputs import write_reviewed
    from planbook.collection.verdicts import apply_verdicts, read_review_form, rows_to_review, with_reviews
    from planbook.ledger.lines import Ledger, workspace_of
    from planbook.store.record import QuarterRecord
    from planbook.store.session import FolderSession

    ws = run.workspace
    rules = ws.rules
    ident = ws.identity
    reviewer = ident.reviewer or ident.contact
    with FolderSession(run.folder, "review", say=ws.say):
        root = workspace_of(run.folder.path)
        with Ledger.lock(root, "review"):
            book = Ledger.load(root)
            _check_open(run, book)
            requests = book.requests_of(run.quarter) if rules.review.extension_requests else []
            expected = rows_to_review(ws.plan, book, run.quarter, rules.review.required,
                                      [{**r, "verdict": "", "opinion": "",
                                        "note": "逾期申请（完成时限后提出）" if r.get("late") else ""} for r in requests])
            rows = read_review_form(file, ws.plan, run.quarter, expected)
            changed = apply_verdicts(book, ws.plan, run.quarter, rows, reviewer=reviewer,
                                     at=(at or date.today()).isoformat())
            if changed:
                book.save(root)
        record = QuarterRecord.load(run.folder.record)
        before = {(p.agency, p.kind, p.milestone_id) for p in record.problems}
        with_reviews(record, book, ws.plan)
        after = {(p.agency, p.kind, p.milestone_id) for p in record.problems}
        agencies = sorted({a for a, _, _ in before ^ after})
        lists = write_reviewed(run.folder, record, agencies, plan=ws.plan, rules=rules, office=ws.office(),
                               write_lists=run._documents_allowed("问题清单"))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.verdict] = counts.get(row.verdict, 0) + 1
    return Reviewed(Path(file), read=len(rows), changed=changed, counts=counts, lists=lists)

