"""The office's own verdict (issue 23): the 审核表 written and read back, 认可 / 退回 / 存疑 in
the ledger, the count, the lists, the next workbooks and the 通报; and the demo's review."""

from __future__ import annotations

import re

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from planbook.app import Workspace
from planbook.base.problems import PlanbookError
from planbook.core.quarter import Quarter
from planbook.core.statuses import DONE
from planbook.count.standing import count_quarter
from planbook.ledger.lines import Ledger, Line, Answer
from planbook.store.record import QuarterRecord
from planbook.supervision.scores import agency_scores
from planbook.xlsx.review_form import FIRST_ROW, OPINION_COL, REVIEW_MARK, VERDICT_COL

Q3, Q4 = Quarter(2023, 3), Quarter(2023, 4)


# -- the demo reviews 2023Q3 ----------------------------------------------------------------------
def _sent_back(folder: Path) -> list[Line]:
    book = Ledger.load(folder)
    return [line for line in book.lines.values() if line.reviews and line.reviews[-1]["verdict"] != "认可"]


def test_the_demo_reviews_2023q3_and_keeps_four_lines_open(seed_demo):
    open_lines = _sent_back(seed_demo.folder)
    verdicts = sorted(line.reviews[-1]["verdict"] for line in open_lines)
    assert verdicts == ["存疑", "退回", "退回", "退回"]
    assert not any(line.closed_as_of(Q4) for line in open_lines)
    assert all(line.reviews[-1]["reviewer"] == "李明（演示）" and line.reviews[-1]["at"] for line in open_lines)
    accepted = [line for line in Ledger.load(seed_demo.folder).lines.values()
                if line.reviews and line.reviews[-1]["verdict"] == "认可"]
    assert accepted and all(line.closed_as_of(Q3) for line in accepted)


def test_the_2023q4_workbooks_carry_three_review_prefills(seed_demo):
    found = []
    for path in sorted((seed_demo.folder / "2023Q4" / "下发").glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                found += [(path.name, v) for v in row if isinstance(v, str) and v.startswith(REVIEW_MARK)]
    assert len(found) == 3
    opinions = {line.reviews[-1]["opinion"] for line in _sent_back(seed_demo.folder) if line.reviews[-1]["verdict"] == "退回"}
    assert {v.splitlines()[0][len(REVIEW_MARK):] for _, v in found} == opinions


def test_a_line_returned_unchanged_gets_the_notice(seed_demo):
    q4 = QuarterRecord.load(seed_demo.folder / "2023Q4")
    notices = [p for p in q4.problems if p.kind == "review_not_updated"]
    assert len(notices) == 1 and not notices[0].is_error
    assert notices[0].cell and notices[0].milestone_id and "审核退回" in notices[0].message
    line = Ledger.load(seed_demo.folder).lines[(notices[0].milestone_id, notices[0].agency)]
    assert line.reviews[-1]["verdict"] == "退回"
    entry = next(e for e in q4.entries if (e.agency, e.milestone_id) == (notices[0].agency, notices[0].milestone_id))
    assert entry.carried and not entry.progress.startswith(REVIEW_MARK)


def test_sent_back_lines_count_as_not_done_and_score_minus_nine(seed_demo):
    ws = Workspace(seed_demo.folder)
    for q in ("2023Q3", "2023Q4"):
        record = QuarterRecord.load(seed_demo.folder / q)
        count = count_quarter(ws.plan, record, rules=ws.rules)
        assert count.review is not None
        assert len(count.review.sent_back) == 3 and len(count.review.doubtful) == 1
        assert count.review.reported - count.review.accepted == 4
        for state, lead in count.review.sent_back:
            assert lead.status != DONE and state.status != DONE
            assert lead.overdue == state.due
        scores = agency_scores(ws.plan, record, ws.rules)
        assert sum(s.review_sent_back * ws.rules.scores.review_sent_back for s in scores) == -9


def test_the_2023q4_report_states_n1_n2_and_the_lines_sent_back(seed_demo):
    ws = Workspace(seed_demo.folder)
    count = count_quarter(ws.plan, QuarterRecord.load(seed_demo.folder / "2023Q4"), rules=ws.rules)
    assert count.review is not None
    text = "\n".join(p.text for p in docx.Document(seed_demo.outputs["督查通报"]).paragraphs)
    assert (f"自报已完成的节点任务{count.review.reported}项（按牵头单位计），"
            f"经审核认定完成{count.review.accepted}项") in text
    document = docx.Document(seed_demo.outputs["督查通报"])
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "审核意见见问题清单和附件2" in text
    for line in (x for x in _sent_back(seed_demo.folder) if x.reviews[-1]["verdict"] == "退回"):
        opinion = line.reviews[-1]["opinion"].rstrip("。")
        assert f"节点{line.milestone_id}{line.agency}" in text
        # listed in 附件2, its 意见 beside the item
        assert any(re.search(rf"审核退回(（{re.escape(line.agency)}）)?：{re.escape(opinion)}。", c) for c in cells), opinion
    assert "存疑待核实1项" in text


# -- reading a 审核表: each case of point 2 ---------------------------------------------------------
@pytest.fixture()
def reviewable(seed_demo, tmp_path):
    """A copy of the demo, whose 2023Q4 (the last quarter collected) may be reviewed."""
    folder = tmp_path / "demo"
    shutil.copytree(seed_demo.folder, folder, ignore=shutil.ignore_patterns("备份", "驾驶舱*", "*.docx", "督办"))
    ws = Workspace(folder)
    ws.demo = True
    return ws


def _fill(path: Path, verdicts: dict[int, tuple[str, str]], out: Path | None = None) -> Path:
    """Fill the 审核表 as an office does in Excel: row n (0 = the first line) -> (结论, 意见)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for n, (verdict, opinion) in verdicts.items():
        ws.cell(FIRST_ROW + n + 1, VERDICT_COL + 1).value = verdict
        ws.cell(FIRST_ROW + n + 1, OPINION_COL + 1).value = opinion
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out or path)
    return out or path


def _row(path: Path, n: int) -> tuple[str, str]:
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    cells = list(ws.iter_rows(min_row=FIRST_ROW + n + 1, max_row=FIRST_ROW + n + 1, values_only=True))[0]
    return str(cells[1]), str(cells[2])


def test_accepted_lines_are_closed_with_date_and_reviewer(reviewable):
    run = reviewable.quarter(Q4)
    sheet = run.review().path
    assert sheet == reviewable.root / "2023Q4" / "审核" / "2023Q4_审核表.xlsx"
    mid, agency = _row(sheet, 0)
    assert not reviewable.ledger.lines[(mid, agency)].closed_as_of(Q4, required=True)
    got = run.review(_fill(sheet, {0: ("认可", "")}), day=__import__("datetime").date(2024, 1, 10))
    assert got.changed == 1 and got.counts == {"认可": 1}
    line = reviewable.ledger.lines[(mid, agency)]
    assert line.closed_as_of(Q4, required=True)
    assert line.reviews[-1] == {"quarter": "2023Q4", "verdict": "认可", "opinion": "", "at": "2024-01-10",
                                "reviewer": "李明（演示）", "answer": "2023Q4"}
    # written again, the 审核表 keeps what was read
    again = run.review().path
    assert openpyxl.load_workbook(again).worksheets[0].cell(FIRST_ROW + 1, VERDICT_COL + 1).value == "认可"


def test_sent_back_without_an_opinion_is_a_located_error(reviewable):
    run = reviewable.quarter(Q4)
    sheet = _fill(run.review().path, {0: ("认可", ""), 2: ("退回", "")})
    before = Ledger.path(reviewable.root).read_bytes()
    with pytest.raises(PlanbookError) as caught:
        run.review(sheet)
    [problem] = caught.value.problems
    assert problem.kind == "review_invalid" and problem.cell == f"I{FIRST_ROW + 3}"
    assert problem.milestone_id and problem.agency and "审核意见" in problem.message
    assert Ledger.path(reviewable.root).read_bytes() == before  # nothing half applied


def test_sent_back_stays_open_is_listed_and_prefilled_next_quarter(reviewable):
    run = reviewable.quarter(Q4)
    sheet = run.review().path
    mid, agency = _row(sheet, 1)
    run.review(_fill(sheet, {1: ("退回", "佐证不足，请补充验收报告。")}))
    line = reviewable.ledger.lines[(mid, agency)]
    assert not line.closed_as_of(Q4)
    record = QuarterRecord.load(run.folder.record)
    lead = count_quarter(reviewable.plan, record, rules=reviewable.rules).state(mid).lead(agency)  # type: ignore[union-attr]
    assert lead is not None and lead.status != DONE and lead.verdict == "退回"
    listed = [p for p in record.problems if p.kind == "review_sent_back"]
    assert [(p.agency, p.milestone_id) for p in listed] == [(agency, mid)]
    problem_list = run.folder.problem_list(agency)
    texts = [c for row in openpyxl.load_workbook(problem_list, read_only=True).worksheets[0].iter_rows(values_only=True)
             for c in row if isinstance(c, str)]
    assert any("佐证不足，请补充验收报告。" in t for t in texts)
    nxt = reviewable.quarter(Q4.next).export(agencies=[agency], master=False)
    values = [c for ws in openpyxl.load_workbook(nxt.agency_files[agency], read_only=True).worksheets
              for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert [v for v in values if v.startswith(REVIEW_MARK)] == [
        next(v for v in values if v.startswith(REVIEW_MARK + "佐证不足"))]


def test_doubtful_stays_open_and_the_report_says_to_verify(reviewable):
    run = reviewable.quarter(Q4)
    sheet = run.review().path
    mid, agency = _row(sheet, 0)
    run.review(_fill(sheet, {0: ("存疑", "请补充第三方评估。")}))
    assert not reviewable.ledger.lines[(mid, agency)].closed_as_of(Q4)
    text = "\n".join(p.text for p in docx.Document(run.report().path).paragraphs)
    assert "存疑待核实2项" in text and f"节点{mid}{agency}" in text


def test_reading_the_same_file_again_changes_nothing(reviewable):
    run = reviewable.quarter(Q4)
    sheet = _fill(run.review().path, {0: ("认可", ""), 1: ("退回", "请补充。")})
    assert run.review(sheet).changed == 2
    ledger_bytes = Ledger.path(reviewable.root).read_bytes()
    record_bytes = run.folder.record.read_bytes()
    again = run.review(sheet)
    assert again.changed == 0 and again.read == 2
    assert Ledger.path(reviewable.root).read_bytes() == ledger_bytes
    assert run.folder.record.read_bytes() == record_bytes


def test_a_later_verdict_supersedes_and_both_stay(reviewable):
    run = reviewable.quarter(Q4)
    sheet = run.review().path
    mid, agency = _row(sheet, 0)
    run.review(_fill(sheet, {0: ("认可", "")}))
    assert reviewable.ledger.lines[(mid, agency)].closed_as_of(Q4)
    run.review(_fill(sheet, {0: ("退回", "复核发现未完成。")}))
    line = reviewable.ledger.lines[(mid, agency)]
    assert [r["verdict"] for r in line.reviews] == ["认可", "退回"] and not line.closed_as_of(Q4)


def test_another_quarters_sheet_is_refused(reviewable):
    other = reviewable.root / "2023Q3" / "审核" / "2023Q3_审核表.xlsx"
    assert other.is_file()
    with pytest.raises(PlanbookError) as caught:
        reviewable.quarter(Q4).review(other)
    [problem] = caught.value.problems
    assert problem.kind == "review_other_quarter" and "2023Q3 的审核表，不是 2023Q4 的" in problem.message


def test_edited_read_only_cells_are_refused(reviewable):
    run = reviewable.quarter(Q4)
    sheet = _fill(run.review().path, {0: ("认可", "")})
    wb = openpyxl.load_workbook(sheet)
    wb.worksheets[0].cell(FIRST_ROW + 2, 6).value = "改过的进展情况"
    wb.save(sheet)
    with pytest.raises(PlanbookError) as caught:
        run.review(sheet)
    [problem] = caught.value.problems
    assert problem.kind == "review_edited" and problem.cell == f"F{FIRST_ROW + 2}" and problem.field == "进展情况"
    assert "只读" in problem.message


def test_a_return_is_not_a_review_sheet(reviewable):
    a_return = next((reviewable.root / "2023Q4" / "回执").glob("*.xlsx"))
    with pytest.raises(PlanbookError) as caught:
        reviewable.quarter(Q4).review(a_return)
    assert caught.value.problems[0].kind == "review_invalid" and "不是 planbook 写出的审核表" in str(caught.value)


def test_a_quarter_is_reviewed_until_the_next_is_collected(reviewable):
    with pytest.raises(PlanbookError) as caught:
        reviewable.quarter(Q3).review()
    assert caught.value.problems[0].kind == "review_invalid" and "2023Q4 已经汇总" in str(caught.value)


def test_collect_reads_the_quarters_sheet_in_review_folder(reviewable):
    run = reviewable.quarter(Q4)
    sheet = run.review().path
    mid, agency = _row(sheet, 0)
    _fill(sheet, {0: ("退回", "请补充。")})
    run.collect()
    assert reviewable.ledger.lines[(mid, agency)].reviews[-1]["verdict"] == "退回"
    assert any(p.kind == "review_sent_back" for p in QuarterRecord.load(run.folder.record).problems)


@pytest.mark.libreoffice
def test_a_libreoffice_save_reads_the_same(reviewable, tmp_path):
    from libreoffice import convert

    run = reviewable.quarter(Q4)
    sheet = _fill(run.review().path, {0: ("认可", ""), 1: ("退回", "请补充验收材料。"), 2: ("存疑", "")},
                  out=tmp_path / "filled" / "2023Q4_审核表.xlsx")
    [saved] = convert([sheet], "xlsx", tmp_path / "lo")
    from planbook.collection.verdicts import read_review_form, rows_to_review

    expected = rows_to_review(reviewable.plan, reviewable.ledger, Q4)
    assert read_review_form(saved, reviewable.plan, Q4, expected) == read_review_form(sheet, reviewable.plan, Q4, expected)
    assert run.review(saved).counts == {"认可": 1, "退回": 1, "存疑": 1}


# -- the rules: optional by default ---------------------------------------------------------------
def test_required_review_closes_only_after_accepted():
    line = Line("7-2", "市营商局", {"2023Q3": Answer("2023Q3", DONE, "2023-08")})
    assert line.closed_as_of(Q3) and not line.closed_as_of(Q3, required=True)
    line.reviews.append({"quarter": "2023Q3", "verdict": "认可", "opinion": "", "at": "", "reviewer": "", "answer": ""})
    assert line.closed_as_of(Q3, required=True)


def test_without_review_nothing_changes(seed_plan):
    from planbook.core.rules import default_rules

    rules = default_rules()
    assert rules.review.required is False and rules.review.extension_requests is False
    assert rules.scores.review_sent_back == -3
    record = QuarterRecord("2023Q3", seed_plan.fingerprint, "")
    assert count_quarter(seed_plan, record, rules=rules).review is None
    assert "reviews" not in record.to_dict()


# -- 延期申请 in the return -----------------------------------------------------------------------
def _answer(ws: Workspace, quarter: Quarter, agency: str, values: dict[tuple[str, str], str], day: int) -> None:
    from datetime import datetime

    from planbook.store.folder import workbook_filename
    from planbook.xlsx.layout import workbook_layout
    from planbook.xlsx.workbook import write_workbook

    run = ws.quarter(quarter)
    values = {**values, ("", "reporter"): "王明", ("", "phone"): "0411-83630000"}
    write_workbook(run.folder.inbox / workbook_filename(quarter, agency), workbook_layout(ws.plan, agency), quarter,
                   values=values, written_at=datetime(quarter.end.year, quarter.end.month, day, 10), requests=True)


def test_extension_requests_are_filed_judged_approved_and_move_the_deadline(tmp_path):
    from datetime import date

    from planbook.xlsx.requests_sheet import REQUESTS_SHEET

    root = tmp_path / "ws"
    Workspace.create(root, office={"contact": "王五", "phone": "0411-12345678"})
    (root / "督查规则.toml").write_text("[review]\nextension_requests = true\n", encoding="utf-8")
    ws = Workspace(root)
    ws.demo = True
    q3 = ws.quarter(Q3)
    exported = q3.export(agencies=["市税务局", "市水务集团"], master=False)
    assert REQUESTS_SHEET in openpyxl.load_workbook(exported.agency_files["市税务局"], read_only=True).sheetnames
    # 14-2 is due 2023-12 (asked in time), 12-2 was due 2023-06 (asked after its deadline)
    _answer(ws, Q3, "市税务局", {("14-2", "status"): "正常推进", ("14-2", "progress"): "系统联调中。",
                                ("14-2", "extension_to"): "2024年6月", ("14-2", "extension_reason"): "需等待省级系统升级。"}, 20)
    _answer(ws, Q3, "市水务集团", {("12-2", "status"): "进度滞后", ("12-2", "progress"): "施工受阻。",
                                 ("12-2", "expected_month"): "2024年3月", ("12-2", "extension_to"): "2024年3月",
                                 ("12-2", "extension_reason"): "征地未完成。"}, 20)
    record = q3.collect().result.record
    requests = {r["milestone_id"]: r for r in record.requests}
    assert requests["14-2"]["deadline"] == "2024-06" and not requests["14-2"]["late"]
    assert requests["12-2"]["late"] == "1"
    listed = openpyxl.load_workbook(q3.folder.consolidated, read_only=True)["延期申请"]
    assert [r[:3] for r in listed.iter_rows(min_row=2, values_only=True) if r[0]] == [
        ("12-2", "市水务集团", "2024年3月"), ("14-2", "市税务局", "2024年6月")]
    [late] = [p for p in record.problems if p.kind == "extension_late"]
    assert late.milestone_id == "12-2" and late.sheet == REQUESTS_SHEET and late.cell and "超时办结" in late.message

    sheet = q3.review().path
    book = openpyxl.load_workbook(sheet)
    rows = {(c[0].value, c[1].value): c[0].row for c in book.worksheets[0].iter_rows(min_row=FIRST_ROW + 1)}
    book.worksheets[0].cell(rows[("延期申请", "14-2")], VERDICT_COL + 1).value = "认可"
    book.worksheets[0].cell(rows[("延期申请", "12-2")], VERDICT_COL + 1).value = "退回"
    book.worksheets[0].cell(rows[("延期申请", "12-2")], OPINION_COL + 1).value = "逾期提出，不予延期。"
    book.save(sheet)
    q3.review(sheet)
    ledger = ws.ledger
    assert ledger.lines[("14-2", "市税务局")].extended_to == "2024-06"
    assert ledger.lines[("12-2", "市水务集团")].extended_to == ""
    assert ledger.lines[("12-2", "市水务集团")].requests[-1]["decision"] == "refused"
    refused = [p for p in QuarterRecord.load(q3.folder.record).problems if p.kind == "extension_refused"]
    assert [(p.agency, p.milestone_id) for p in refused] == [("市水务集团", "12-2")]
    ledger_book = openpyxl.load_workbook(ws.write_ledger_workbook(), read_only=True)
    row = next(r for r in ledger_book["台账"].iter_rows(values_only=True) if r[1] == "14-2")
    assert row[4] == "2024年6月"  # 延期至

    q4 = ws.quarter(Q4)
    q4.export(agencies=["市税务局"], master=False)
    _answer(ws, Q4, "市税务局", {("14-2", "status"): "正常推进", ("14-2", "progress"): "省级系统已升级，正在对接。"}, 20)
    q4.collect()
    count = count_quarter(ws.plan, QuarterRecord.load(q4.folder.record), rules=ws.rules)
    moved, kept = count.state("14-2"), count.state("12-2")
    assert moved is not None and moved.deadline == date(2024, 6, 30) and not moved.overdue
    assert kept is not None and kept.overdue


def test_a_review_after_the_next_export_prefills_through_a_re_export(reviewable):
    run = reviewable.quarter(Q4)
    sheet = run.review().path
    mid, agency = _row(sheet, 0)
    nxt = reviewable.quarter(Q4.next)

    def marked() -> list[str]:
        path = nxt.folder.workbook(agency)
        return [c for ws in openpyxl.load_workbook(path, read_only=True).worksheets
                for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str) and c.startswith(REVIEW_MARK)]

    nxt.export(agencies=[agency], master=False)
    before = marked()
    run.review(_fill(sheet, {0: ("退回", "请补充验收报告。")}))
    nxt.export(agencies=[agency], master=False)  # the workbook as issued, not yet answered: written again
    after = marked()
    assert len(after) == len(before) + 1 and any(v.startswith(REVIEW_MARK + "请补充验收报告。\n") for v in after)


def test_ledger_extend_answers_a_pending_request(seed_plan):
    book = Ledger(seed_plan.fingerprint)
    book.file_requests(Q3, [{"milestone_id": "14-2", "agency": "市税务局", "deadline": "2024-06", "reason": "待升级。"}])
    book.file_requests(Q3, [{"milestone_id": "14-2", "agency": "市税务局", "deadline": "2024-06", "reason": "待升级。"}])
    assert [r["decision"] for r in book.requests_of(Q3)] == [""]  # collected again: one request
    book.extend(seed_plan, "14-2", "市税务局", "2024年6月", reason="经批准。")
    [req] = book.requests_of(Q3)
    assert req["decision"] == "granted" and book.lines[("14-2", "市税务局")].extended_to == "2024-06"


def test_with_review_required_unreviewed_completions_are_pending(reviewable):
    (reviewable.root / "督查规则.toml").write_text("[review]\nrequired = true\n", encoding="utf-8")
    ws = Workspace(reviewable.root)
    count = count_quarter(ws.plan, QuarterRecord.load(reviewable.root / "2023Q4"), rules=ws.rules)
    assert count.review is not None and count.review.pending > 0
    accepted = sum(1 for line in ws.ledger.lines.values()
                   if line.reviews and line.reviews[-1]["verdict"] == "认可" and line.as_of(Q4).status == DONE)
    assert count.review.accepted == accepted
    closed = ws.ledger.closed(Q4, required=True)
    assert closed and all(ws.ledger.lines[(mid, a)].reviews[-1]["verdict"] == "认可" for a, mid in closed)
