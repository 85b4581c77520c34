"""Every number of every document, recounted by an independent path: the 通报's attachments
(附件1 by section and agency, 附件2 the list), the 专报, the 汇总表's 汇总 sheet, the 台账 and its
督办台账, and the 督办单 — on the demo's three quarters and on a three-quarter cycle of a plan
without deadlines (the ``cycle`` fixture of test_count). The recount is simple code over
entries.csv, record.json, the rules file and the plan; the product's figures all come from
planbook.count.standing, so any disagreement is a product bug (fixed there, not here)."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from planbook.core.model import Plan
from planbook.core.quarter import Quarter
from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK
from test_count import _body, _month_end, _sent_back_as_of, cycle, digits_of, recount  # noqa: F401 - the fixture

STATES = (DONE, ON_TRACK, BEHIND, NOT_STARTED, "未报送")


def pct(part: int, whole: int, digits: int = 1) -> str:
    """四舍五入, as an office rounds: 6.25% → 6.3%, 12.5% → 13%."""
    if not whole:
        return "—"
    q = Decimal(1).scaleb(-digits) if digits else Decimal(1)
    return f"{(Decimal(part * 100) / Decimal(whole)).quantize(q, rounding=ROUND_HALF_UP)}%"


def leads(plan: Plan, folder: Path, grace: int, mine: dict) -> dict[tuple[str, str], dict]:
    """(agency, milestone id) -> that lead's own state, by its own answer."""
    q = Quarter.parse(folder.name)
    answers = {(r["agency"], r["milestone_id"]): r for r in csv.DictReader(
        (folder / "entries.csv").open(encoding="utf-8-sig"))}
    record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    extended = {e["milestone_id"]: _month_end(e["deadline"]) for e in record.get("extensions", [])}
    sent_back = _sent_back_as_of(folder.parent, q)  # the office's 退回: counted 正常推进
    out = {}
    for task in plan.tasks:
        for m in task.milestones:
            deadline = extended.get(m.id, m.deadline)
            whole = mine["milestones"][m.id]
            for a in dict.fromkeys(task.responsible):
                r = answers.get((a, m.id), {})
                s = r.get("status") or ""
                s = ON_TRACK if s == DONE and (a, m.id) in sent_back else s
                overdue = (whole["due"] and s != DONE and not (m.ongoing and s == ON_TRACK)
                           and (q.end - deadline).days >= grace)
                month = r.get("done_month", "") if s == DONE else ""
                late = (month > deadline.strftime("%Y-%m") if month and deadline else
                        s == DONE and whole["late"])
                out[(a, m.id)] = dict(status=s, due=whole["due"], overdue=overdue, late=late,
                                      progress=r.get("progress", ""))
    return out


def by_agency(plan: Plan, lead: dict) -> dict[str, dict]:
    """Each lead agency's tally of its own answers."""
    out: dict[str, dict] = {}
    for name in plan.agency_names:
        own = [v for (a, _), v in lead.items() if a == name]
        out[name] = tally(own) | {"任务": sum(name in t.responsible for t in plan.tasks)}
    return out


def tally(states: list[dict]) -> dict:
    due = [s for s in states if s["due"]]
    t = {"节点": len(states), "到期节点": len(due), "逾期未完成": sum(s["overdue"] for s in states)}
    for name in STATES:
        t[f"到期{name}"] = sum((s["status"] or "未报送") == name for s in due)
        t[name] = sum((s["status"] or "未报送") == name for s in states)
    t["按期完成"] = t[f"到期{DONE}"] - sum(s["late"] for s in due)
    t["完成率"] = pct(t[f"到期{DONE}"], len(due))
    t["按时完成率"] = pct(t["按期完成"], len(due))
    return t


def _table(path: Path, wanted: str) -> list[dict[str, str]]:
    for table in docx.Document(str(path)).tables:
        head = [c.text for c in table.rows[0].cells]
        if wanted in head:
            return [dict(zip(head, (c.text for c in row.cells))) for row in table.rows[1:]]
    return []


def _state(plan: Plan, folder: Path, q: str) -> tuple[dict, dict, dict]:
    from planbook.core.rules import load_rules

    grace = load_rules(folder).lights.grace_days
    here = folder / q
    before = recount(plan, folder / str(Quarter.parse(q).previous), grace)
    mine = recount(plan, here, grace, before)
    return mine, leads(plan, here, grace, mine), before


def _expected_cells(t: dict, row: dict[str, str]) -> dict[str, str]:
    """What a row of 附件1 must say, by its header: the due milestones by state where the
    table has 到期节点, else every milestone by state."""
    dated = "到期节点" in row
    out = {}
    for head in row:
        if head in STATES:
            out[head] = str(t[f"到期{head}"] if dated else t[head])
        elif head in t:
            out[head] = str(t[head])
    return out


@pytest.mark.slow
@pytest.mark.parametrize("q", ["2023Q3", "2023Q4"])
def test_attachment_1_by_section_and_by_agency_is_the_recount(cycle, q):
    plan, folder, _ = cycle
    mine, lead, _ = _state(plan, folder, q)
    path = folder / q / f"{q}_督查通报.docx"
    sections = _table(path, "领域")
    assert len(sections) == len(plan.sections) + 1
    expected = [tally([mine["milestones"][m.id] for t in s.tasks for m in t.milestones]) | {"任务": len(s.tasks)}
                for s in plan.sections]
    expected.append(tally(list(mine["milestones"].values())) | {"任务": len(plan.tasks)})
    for row, t in zip(sections, expected):
        want = _expected_cells(t, row)
        assert {k: row[k] for k in want} == want, row["领域"]
    # nothing due (a plan without deadlines): every milestone by state, no due column, no rate
    assert ("到期节点" in sections[-1]) == any(s["due"] for s in mine["milestones"].values())
    assert sum(int(sections[-1][name]) for name in STATES) == (
        sections[-1].get("到期节点") and int(sections[-1]["到期节点"]) or len(mine["milestones"]))
    agencies = _table(path, "牵头单位")
    tallies = by_agency(plan, lead)
    assert [r["牵头单位"].removesuffix("（本单位）") for r in agencies] == list(plan.agency_names)
    for row in agencies:
        want = _expected_cells(tallies[row["牵头单位"].removesuffix("（本单位）")], row)
        assert {k: row[k] for k in want} == want, row["牵头单位"]


@pytest.mark.slow
@pytest.mark.parametrize("q", ["2023Q3", "2023Q4"])
def test_attachment_2_lists_each_item_with_its_recounted_state_and_its_laggards_words(cycle, q):
    plan, folder, _ = cycle
    mine, lead, _ = _state(plan, folder, q)
    end = Quarter.parse(q).end
    tasks = {m.id: t for t in plan.tasks for m in t.milestones}
    rows = _table(folder / q / f"{q}_督查通报.docx", "状态")
    assert rows or not any(s["overdue"] for s in mine["milestones"].values())
    overdue = {i for i, s in mine["milestones"].items() if s["overdue"]}
    listed = set()
    for row in rows:
        mid = re.match(r"[\w-]+", row["节点"])[0]  # noqa: the id leads the cell
        listed.add(mid)
        s = mine["milestones"][mid]
        assert s["status"] != DONE, mid
        assert row["状态"] == ("逾期未完成" if s["overdue"] else s["status"] or "未报送"), (mid, row["状态"])
        deadline = re.search(r"(\d{4})年(\d{1,2})月", row["完成时限（逾期时长）"])
        months = re.search(r"(?<!不足)(?<!\d)(\d+)个月", row["完成时限（逾期时长）"])
        if s["overdue"]:
            d = [m for m in tasks[mid].milestones if m.id == mid][0].deadline
            extended = json.loads((folder / q / "record.json").read_text(encoding="utf-8")).get("extensions", [])
            d = next((_month_end(e["deadline"]) for e in extended if e["milestone_id"] == mid), d)
            gone = (end.year - d.year) * 12 + end.month - d.month
            assert (int(months[1]) if months else 0) == gone and (gone or "不足1个月" in row["完成时限（逾期时长）"])
            assert deadline is not None
        else:
            assert months is None
        responsible = list(dict.fromkeys(tasks[mid].responsible))
        slow = [a for a in responsible if lead[(a, mid)]["status"] not in (DONE, ON_TRACK)]
        charged = [a for a in responsible if lead[(a, mid)]["overdue"]] if s["overdue"] else \
            slow or [a for a in responsible if lead[(a, mid)]["status"] != DONE]  # a co-lead on track is not blamed
        named = [re.sub(r"（[^）]*）$", "", u.removesuffix("（本单位）")).removesuffix("（本单位）")
                 for u in row["牵头单位"].split("、")]
        assert named == charged, (mid, named, charged)
        for u in row["牵头单位"].split("、"):
            said = re.search(r"（(已完成|正常推进|进度滞后|未启动|未报送)）$", u)
            if said:
                name = re.sub(r"（[^）]*）$", "", u).removesuffix("（本单位）")
                assert said[1] == (lead[(name, mid)]["status"] or "未报送"), (mid, u)
        quoted = re.findall(r"【([^】]+)】", row["情况说明"])
        assert set(quoted) <= set(charged), (mid, quoted, charged)  # the laggards' own words, never a finisher's
    assert overdue <= listed


@pytest.mark.slow
@pytest.mark.parametrize("q", ["2023Q3", "2023Q4"])
def test_the_masters_summary_sheet_is_the_recount(cycle, q):
    plan, folder, _ = cycle
    mine, lead, _ = _state(plan, folder, q)
    ws = openpyxl.load_workbook(folder / q / f"{q}_汇总表.xlsx", read_only=True)["汇总"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r and r[0] == "类别")
    head = list(rows[start])
    names = {"到期已完成": f"到期{DONE}", "按期完成率": "按时完成率"}
    sections = {s.label: tally([mine["milestones"][m.id] for t in s.tasks for m in t.milestones])
                | {"任务": len(s.tasks)} for s in plan.sections}
    agencies = by_agency(plan, lead)
    seen = 0
    for r in rows[start + 1:]:
        if not r or r[0] is None:
            continue
        kind, name = r[0], r[1]
        t = (tally(list(mine["milestones"].values())) | {"任务": len(plan.tasks)} if kind == "合计"
             else sections.get(name) if kind == "领域" else agencies.get(name))
        assert t is not None, (kind, name)
        seen += 1
        for h, v in zip(head, r):
            key = names.get(h, h.removesuffix("数") if h in ("任务数", "节点数") else h)
            if key in ("完成率", "按时完成率"):
                want = t[key]
                got = "—" if v in (None, "", "—") else pct(round(float(v) * 10**6), 10**6)
                assert got == want, (name, h, v, want)
            elif key in t and h not in ("类别", "名称"):
                assert int(v) == t[key], (name, h, v, t[key])
    assert seen == 1 + len(plan.sections) + len(plan.agency_names)


def _brief_figures(plan: Plan, mine: dict, lead: dict, folder: Path, q: str, named: list[dict]) -> set[int]:
    quarter = Quarter.parse(q)
    states = list(mine["milestones"].values())
    t = tally(states)
    figures = {v for v in t.values() if isinstance(v, int)} | {len(plan.tasks), t[f"到期{DONE}"] - t["按期完成"]}
    for part, whole in ((t[f"到期{DONE}"], t["到期节点"]), (t["按期完成"], t["到期节点"])):
        if whole:
            figures.add(int(pct(part, whole, 0).rstrip("%")))
    # the year's pace: milestones due in the quarter's calendar year
    year = [(m, mine["milestones"][m.id]) for t_ in plan.tasks for m in t_.milestones
            if m.deadline is not None and m.deadline.year == quarter.year]
    later = [(m, s) for m, s in year if not s["due"]]
    figures |= {len(later), sum(s["status"] in (NOT_STARTED, "") for _, s in later),
                int(pct(quarter.end.month, 12, 0).rstrip("%"))}
    if year:
        figures.add(int(pct(sum(s["status"] == DONE for _, s in year), len(year), 0).rstrip("%")))
    months: dict[int, int] = {}
    for m, _ in later:
        months[m.deadline.month] = months.get(m.deadline.month, 0) + 1
    figures |= set(months) | set(months.values())
    # the named items: months overdue, how many more, how many units
    for row in named:
        figures |= {int(x) for x in re.findall(r"(?<!不足)(?<!\d)(\d+)个月", row["完成时限（逾期时长）"])}
    figures |= {len(named) - k for k in range(len(named) + 1)}
    units = {re.sub(r"（[^）]*）$", "", u).removesuffix("（本单位）") for row in named for u in row["牵头单位"].split("、")}
    record = json.loads((folder / q / "record.json").read_text(encoding="utf-8"))
    figures.add(len(units | set(record["missing_agencies"])))
    return figures


@pytest.mark.slow
def test_every_figure_of_the_brief_is_recounted(cycle):
    from planbook.report import write_brief
    from planbook.store.record import QuarterRecord

    plan, folder, _ = cycle
    for q in ("2023Q3", "2023Q4"):
        here = folder / q
        path = write_brief(plan, QuarterRecord.load(here), here,
                           previous=QuarterRecord.load(folder / str(Quarter.parse(q).previous)))
        mine, lead, _ = _state(plan, folder, q)
        figures = _brief_figures(plan, mine, lead, folder, q, _table(here / f"{q}_督查通报.docx", "状态"))
        text = _body(path)
        start = next(i for i, p in enumerate(text) if p.startswith("一、"))
        unmatched = [(n, p[:40]) for p in text[start:] for n in digits_of(re.sub(r"节点\d+-\d+", "", p))
                     if n not in figures]
        assert not unmatched, (q, unmatched)


@pytest.mark.slow
@pytest.mark.parametrize("q", ["2023Q3", "2023Q4"])
def test_every_duban_lists_only_what_the_bulletin_names_with_its_recounted_state(cycle, q):
    plan, folder, _ = cycle
    here = folder / q
    mine, lead, _ = _state(plan, folder, q)
    named = {re.match(r"[\w-]+", r["节点"])[0]: r for r in _table(here / f"{q}_督查通报.docx", "状态")}
    letters = sorted((here / "督办").glob("*督办单*.docx")) if (here / "督办").is_dir() else []
    for path in letters:
        agency = path.stem.split("_督办单_")[1]
        items = _table(path, "督办等级")
        said = next(c.text for t in docx.Document(str(path)).tables for row in t.rows for c in row.cells
                    if "现予督办" in c.text)
        counts = [int(n) for n in re.findall(r"(\d+)项", said)]
        assert sum(counts) == len(items), (path.name, said)
        assert not re.search(r"[\u4e00-\u9fff] \d|\d [\u4e00-\u9fff]", said), said
        assert items, path.name
        for item in items:
            mid = re.match(r"【([\w-]+)】", item["节点目标"])
            assert mid, item  # the letter names the milestone by the plan's id
            mid = mid[1]
            assert mid in named and agency in named[mid]["牵头单位"], (path.name, mid)
            status = item["当前状态"].split("（")[0]
            assert status == (lead[(agency, mid)]["status"] or "未报送"), (path.name, mid, status)
            assert mine["milestones"][mid]["status"] != DONE


@pytest.mark.slow
def test_the_ledgers_rows_and_its_register_are_the_recount(cycle):
    plan, folder, _ = cycle
    mine, lead, _ = _state(plan, folder, "2023Q4")
    book = openpyxl.load_workbook(folder / "台账" / "台账.xlsx", read_only=True)
    rows = list(book["台账"].iter_rows(values_only=True))
    head = list(rows[0])
    seen = set()
    for r in rows[1:]:
        if not r or r[0] is None:
            continue
        row = dict(zip(head, r))
        key = (row["牵头单位"], row["节点"])
        seen.add(key)
        want = lead[key]
        assert row["当前状态"].removesuffix("（自报已完成，审核退回）") == (want["status"] or "未报送"), (
            key, row["当前状态"], want["status"])
        if want["overdue"]:
            assert row["灯"] == "红灯", key
    assert seen == set(lead)
    # each quarter's column: the agency's own answer of that quarter, "—" when it gave none then
    own = {}
    for q in ("2023Q2", "2023Q3", "2023Q4"):
        for r in csv.DictReader((folder / q / "entries.csv").open(encoding="utf-8-sig")):
            if not r["reported_in"] and r["status"]:
                own[(q, r["agency"], r["milestone_id"])] = r["status"]
    for r in rows[1:]:
        if r and r[0] is not None:
            row = dict(zip(head, r))
            for q in ("2023Q2", "2023Q3", "2023Q4"):
                assert row[f"{q}状态"] == own.get((q, row["牵头单位"], row["节点"]), "—"), (q, row["节点"], row["牵头单位"])
    if "督办台账" in book.sheetnames:
        urged: dict[tuple[str, str], list[str]] = {}
        for r in list(book["督办台账"].iter_rows(values_only=True))[1:]:
            if r and r[0]:
                listed = [x for x in str(r[5]).split("；") if x]
                assert int(r[4]) == len(listed), r
                if r[1] == "督办单":
                    for x in listed:
                        urged.setdefault((r[2], x.split("（")[0]), []).append(r[3])
        # 第N次: 1 + the 督办单 of earlier quarters that listed it
        here = folder / "2023Q4"
        for path in sorted((here / "督办").glob("*督办单*.docx")) if (here / "督办").is_dir() else []:
            agency = path.stem.split("_督办单_")[1]
            for item in _table(path, "督办等级"):
                mid = re.match(r"【([\w-]+)】", item["节点目标"])[1]
                times = 1 + sum(q < "2023Q4" for q in urged.get((agency, mid), []))
                said = re.search(r"第(\d+)次", item["督办等级"])
                assert (int(said[1]) if said else 1) == times, (agency, mid, item["督办等级"])


# -- citing tasks by the number the plan prints ----------------------------------------------------
def test_a_plan_numbering_each_section_afresh_is_cited_by_section_and_number():
    """guobanfa2019_youeryuan numbers its tasks 1, 2, 3 in each part: documents say 第二部分第1项,
    never 任务4 (planbook's own running number, which the plan does not print)."""
    from kit.report import make_record
    from planbook.plans import load_plan
    from planbook.report.document import build_document

    plan = load_plan(Path(__file__).resolve().parent / "data" / "plans" / "guobanfa2019_youeryuan.txt")
    assert plan.restarts_numbering
    later = next(t for t in plan.tasks if t.section_index == 2)
    assert plan.citation(later) == f"第{plan.sections[1].numeral}部分第1项"
    record = make_record(plan, "2023Q4", seed=5, missing=0)
    document = build_document(plan, record)
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    cited = re.findall(r"(?<!重点)任务(\d+)(?![\d项])", text + cells)
    assert not cited, cited  # never planbook's own running number
    assert re.search(r"第[一二三四五六七八九十]+部分第\d+项", text + cells)
    from test_count import lint

    assert not [x for p in document.paragraphs for x in lint(p.text)]



@pytest.mark.slow
def test_units_that_did_not_report_are_said_to_be_counted_as_they_are(cycle):
    """"相关节点按未报送统计" only of units with no standing answer; the others' earlier answers stand."""
    plan, folder, _ = cycle
    for q in ("2023Q3", "2023Q4"):
        here = folder / q
        record = json.loads((here / "record.json").read_text(encoding="utf-8"))
        rows = list(csv.DictReader((here / "entries.csv").open(encoding="utf-8-sig")))
        standing = {a for a in record["missing_agencies"] if any(r["agency"] == a and r["status"] for r in rows)}
        said = next((p for p in _body(here / f"{q}_督查通报.docx") if "未按时报送本季度推进情况" in p), "")
        assert bool(said) == bool(record["missing_agencies"])
        if not said:
            continue
        if "均按此前报送的情况统计" in said:
            assert standing == set(record["missing_agencies"]), (q, said)
            continue
        kept = said.split("其中", 1)[1].split("按此前报送的情况")[0] if "按此前报送的情况" in said else ""
        assert set(filter(None, kept.split("、"))) == standing, (q, said)


def test_no_table_row_of_the_bulletin_splits_and_no_page_holds_a_single_row():
    """Every row whole (w:cantSplit), the header repeated (w:tblHeader) and kept with the first
    row, the last two rows kept together (keepNext), in the 通报 with every option on."""
    from docx.oxml.ns import qn

    from kit.report import make_record
    from planbook.plans import seed_plan
    from planbook.report import load_settings
    from planbook.report.document import build_document

    plan = seed_plan()
    previous = make_record(plan, "2023Q1", seed=101)
    record = make_record(plan, "2023Q2", seed=1, previous=previous)
    settings = load_settings({"options": {"targets": True, "upcoming": True, "ranking": True}})
    document = build_document(plan, record, previous=previous, settings=settings)
    tables = document.element.body.findall(qn("w:tbl"))
    assert len(tables) >= 4
    for tbl in tables:
        rows = tbl.findall(qn("w:tr"))
        assert all(r.find(qn("w:trPr")) is not None and r.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
                   for r in rows)
        assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None

        def kept(row) -> bool:
            return all(p.find(qn("w:pPr")) is not None and p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
                       for p in row.iter(qn("w:p")))
        assert kept(rows[0]) and (len(rows) < 3 or kept(rows[-2])) and not kept(rows[-1])


@pytest.mark.slow
def test_the_master_and_the_ledger_print_at_9_pt_or_more(cycle):
    """Every sheet's smallest text, at the sheet's print scale, is 9 pt or more (no fit-to-page,
    which would shrink it to whatever fits)."""
    plan, folder, _ = cycle
    for path in (folder / "2023Q4" / "2023Q4_汇总表.xlsx", folder / "台账" / "台账.xlsx"):
        book = openpyxl.load_workbook(path)
        for ws in book.worksheets:
            fit = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
            assert not fit, (path.name, ws.title)
            scale = (ws.page_setup.scale or 100) / 100
            sizes = [c.font.sz or 11 for row in ws.iter_rows() for c in row if c.value not in (None, "")]
            if sizes:
                assert min(sizes) * scale >= 9, (path.name, ws.title, min(sizes), scale)


@pytest.mark.slow
def test_the_ranking_is_the_recount_by_the_rules_score_table(cycle):
    """The 单位得分排名表 (an option), every column recounted from entries.csv, record.json and the
    rules file's [scores] table."""
    from planbook.core.rules import load_rules
    from planbook.report import load_settings
    from planbook.report.document import build_document
    from planbook.store.record import QuarterRecord

    plan, folder, _ = cycle
    q = "2023Q4"
    here = folder / q
    mine, lead, _ = _state(plan, folder, q)
    rules = load_rules(folder)
    table = rules.scores
    quarter = Quarter.parse(q)
    first, last = quarter.start.strftime("%Y-%m"), quarter.end.strftime("%Y-%m")
    record = json.loads((here / "record.json").read_text(encoding="utf-8"))
    extended = {e["milestone_id"]: e["deadline"] for e in record.get("extensions", [])}
    deadline = {m.id: extended.get(m.id, m.deadline.strftime("%Y-%m") if m.deadline else "")
                for m in plan.milestones}
    on_time: dict[str, int] = {}
    review_sent_back: dict[str, int] = {}
    returned = _sent_back_as_of(folder, quarter)
    for r in csv.DictReader((here / "entries.csv").open(encoding="utf-8-sig")):
        month = r["done_month"]
        if r["status"] == DONE and (r["agency"], r["milestone_id"]) in returned:
            review_sent_back[r["agency"]] = review_sent_back.get(r["agency"], 0) + 1
            continue
        if (r["status"] == DONE and not r["reported_in"] and first <= month <= last
                and not (deadline[r["milestone_id"]] and month > deadline[r["milestone_id"]])):
            on_time[r["agency"]] = on_time.get(r["agency"], 0) + 1
    late = {a: sum(v["overdue"] for (b, _), v in lead.items() if b == a) for a in plan.agency_names}
    unchanged = {p["agency"] for p in record["problems"] if p.get("kind") == "return_not_updated"}
    sent_back: dict[str, set] = {}
    for r in record["returns"]:
        if r.get("agency") and not r.get("accepted") and not r.get("refused_before"):
            sent_back.setdefault(r["agency"], set()).add(r.get("sha256") or r.get("file"))
    for p in record["problems"]:
        if p.get("agency") and p.get("severity", "error") == "error" and p.get("file"):
            sent_back.setdefault(p["agency"], set()).add(p["file"])
    document = build_document(plan, QuarterRecord.load(here), rules=rules,
                              settings=load_settings({"options": {"ranking": True}}))
    rows = []
    for tbl in document.tables:
        head = [c.text for c in tbl.rows[0].cells]
        if "得分" in head:
            rows = [dict(zip(head, (c.text for c in row.cells))) for row in tbl.rows[1:]]
    assert rows
    for row in rows:
        a = row["牵头单位"].removesuffix("（本单位）")
        counts = (on_time.get(a, 0), late[a], int(a in record["missing_agencies"]), int(a in unchanged),
                  len(sent_back.get(a, ())))
        assert [int(row[h]) for h in ("按时完成", "逾期未完成", "未报送", "未更新", "退回改正")] == list(counts), a
        value = table.start + sum(c * p for c, p in zip(counts, (table.on_time, table.late, table.missing,
                                                                   table.unchanged, table.sent_back)))
        value += review_sent_back.get(a, 0) * table.review_sent_back
        assert float(row["得分"]) == round(min(max(value, table.floor), table.cap), 2), a
    scores = [float(r["得分"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    ranks = [int(r["排名"]) for r in rows]
    assert ranks == [1 + sum(s > x for s in scores) for x in scores]


@pytest.mark.slow
def test_every_generated_documents_tables_pass_the_lint_too(cycle):
    """The lint of an official text over the tables' cells as well (附件, 督办单, 专报), but for
    the agencies' own words quoted in them (情况说明, 进展情况: theirs, as they wrote them)."""
    from test_count import lint

    _, folder, _ = cycle
    found = []
    for path in sorted(folder.rglob("*.docx")):
        if "下发" in path.parts or "回执" in path.parts or "returns" in path.parts:
            continue
        for table in docx.Document(str(path)).tables:
            head = [c.text for c in table.rows[0].cells]
            quoted = {i for i, h in enumerate(head) if h in ("情况说明", "进展情况", "节点目标", "节点")}
            for row in table.rows:
                for i, cell in enumerate(row.cells):
                    if i not in quoted:
                        found += [f"{path.name}: {x}" for x in lint(cell.text)]
    assert not found, found[:20]


@pytest.mark.slow
def test_the_masters_section_sheets_and_silent_units_are_the_recount(cycle):
    """Each milestone's 完成状态 on the section sheets is its state by the multi-lead rule (blank,
    in the 未报送 colour, when a lead has not reported); the 未报送单位 sheet lists each silent unit
    with the tasks it leads."""
    plan, folder, _ = cycle
    q = "2023Q4"
    mine, _, _ = _state(plan, folder, q)
    book = openpyxl.load_workbook(folder / q / f"{q}_汇总表.xlsx", read_only=True)
    checked = 0
    for ws in book.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        head = next((r for r in rows[:6] if r and "完成状态" in r), None)
        if head is None:
            continue
        for r in rows[rows.index(head) + 1:]:
            for i, h in enumerate(head):
                if h == "节点目标" and r[i]:
                    mid = re.match(r"【([\w-]+)】", str(r[i]))[1]
                    status = r[head.index("完成状态", i)] or ""
                    assert status == mine["milestones"][mid]["status"], (mid, status)
                    checked += 1
    assert checked == len(plan.milestones)
    record = json.loads((folder / q / "record.json").read_text(encoding="utf-8"))
    silent = [r for r in book["未报送单位"].iter_rows(values_only=True)][1:]
    silent = [r for r in silent if r and r[0]]
    assert [r[0] for r in silent] == record["missing_agencies"]
    for name, n, tasks in silent:
        led = [t.id for t in plan.tasks if name in t.responsible]
        assert int(n) == len(led) and str(tasks).split("、") == led, name


@pytest.mark.slow
def test_the_workbooks_own_texts_pass_the_lint(cycle):
    """Titles, legends and the 填报说明 of the 汇总表, the 总表 and the 台账: no ASCII space
    between a CJK character and a digit, no zero count (the plan's and the agencies' own words
    and the problem lists' messages aside)."""
    from test_count import lint

    _, folder, _ = cycle
    theirs = {"节点目标", "任务名称", "进展情况", "存在问题", "下步措施", "佐证/备注", "方案原文", "指标", "目标",
              "完成时间", "预计完成时间", "任务"}
    found = []
    for path in (folder / "2023Q4" / "2023Q4_汇总表.xlsx", folder / "2023Q4" / "下发" / "2023Q4_总表.xlsx",
                 folder / "台账" / "台账.xlsx"):
        book = openpyxl.load_workbook(path, read_only=True)
        for ws in book.worksheets:
            if ws.title.startswith("问题") or ws.title == "回执清单":
                continue
            head: tuple = ()
            for r in ws.iter_rows(values_only=True):
                if r and any(v in theirs for v in r):
                    head = r
                for i, v in enumerate(r or ()):
                    column = str(head[i]) if i < len(head) else ""
                    if column in theirs or "完成值" in column or column == "最近报送":
                        continue  # the plan's and the agencies' words and figures, as they gave them
                    if isinstance(v, str) and not v.startswith("【"):
                        found += [f"{path.name}/{ws.title}: {x}" for x in lint(v)]
    assert not found, found[:20]


def test_a_plan_of_many_sections_gets_one_sentence_for_them_all():
    """More than four sections: 二、 is one sentence of each section's rate (附件1 has the rest),
    so the body stays a few pages; its figures are the sections' own."""
    from kit.report import make_record
    from planbook.report.document import build_document
    from planbook.report.figures import report_data
    from planbook.tools.synth import synthetic_plan

    plan = synthetic_plan(80, 6, 20, seed=3)
    record = make_record(plan, "2023Q4", seed=2, missing=1)
    text = [p.text for p in build_document(plan, record).paragraphs if p.text.strip()]
    start = text.index("二、各领域推进情况")
    assert text[start + 2] == "三、存在的问题"
    said = text[start + 1]
    data = report_data(plan, record)
    for section, stats, _ in data.sections:
        assert f"{section.short_title}{stats.rate_whole}" in said
        assert (f"{section.short_title}{stats.rate_whole}（逾期未完成{stats.overdue}个）" in said) == bool(stats.overdue)
    assert not any(re.match(r"（[一二三四五六七]）", p) for p in text[start:])
