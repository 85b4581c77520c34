"""Three quarters of an x20 plan (1,500 tasks, 500 agencies) through the ledger: the 台账,
the 汇总表's summary and the report count every agency the same way."""

from __future__ import annotations

import random
from datetime import datetime

import openpyxl
import pytest

from planbook.tools.answers import fill_agency
from planbook.app import Workspace
from planbook.store.folder import QuarterFolder
from planbook.core.statuses import DONE, STATUSES
from planbook.xlsx.layout import workbook_layout
from planbook.ledger.lines import Ledger
from planbook.core.quarter import Quarter, is_due, is_overdue
from planbook.store.record import QuarterRecord
from planbook.report.figures import report_data
from planbook.tools import SCALES, synthetic_plan
from planbook.xlsx.workbook import write_workbook

pytestmark = pytest.mark.slow  # x20, three quarters: the slow lane


QUARTERS = ("2023Q2", "2023Q3", "2023Q4")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    plan = synthetic_plan(*SCALES["x20"])
    root = tmp_path_factory.mktemp("x20ledger")
    ws = Workspace.create(root, plan)  # the door, as the command line runs a quarter
    names = list(plan.agency_names)
    records: list[QuarterRecord] = []
    for i, q in enumerate(QUARTERS):
        quarter = Quarter.parse(q)
        run = ws.quarter(q)
        place = run.folder
        run.export(master=False, agencies=[])
        place.inbox.mkdir(parents=True, exist_ok=True)
        rng = random.Random(q)
        skipping = set(names[i * 40:(i + 1) * 40])  # 40 different agencies skip each quarter
        for agency in names:
            if agency in skipping:
                continue
            values = fill_agency(plan, agency, quarter, rng, unreported=0.05)
            values[("", "reporter")] = "张三"
            write_workbook(place.inbox / f"{names.index(agency):03d}.xlsx", workbook_layout(plan, agency), quarter,
                           values=values, written_at=datetime(quarter.end.year, quarter.end.month, 28, 17))
        done = run.collect()
        records.append(done.result.record)
    return plan, root, records


def test_the_ledger_the_summary_and_the_report_agree(scenario):
    plan, root, records = scenario
    q4 = records[-1]
    quarter = Quarter.parse(q4.quarter)
    standing = Ledger.load(root).standing(quarter)
    deadlines = Ledger.load(root).deadlines(plan)
    data = report_data(plan, q4, records[-2])
    by_report = {a.name: a.stats for a in data.agencies}
    ws = openpyxl.load_workbook(QuarterFolder.of(q4.quarter, root / q4.quarter).consolidated, read_only=True)["汇总"]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "类别")
    summary = {r[1]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "牵头单位"}
    carried = 0
    for a in plan.agencies:
        ms = [m for t in a.task_ids for m in plan.task(t).milestones]
        got = [standing[(a.name, m.id)].status if (a.name, m.id) in standing else "" for m in ms]
        carried += sum(1 for m in ms if (a.name, m.id) in standing and standing[(a.name, m.id)].quarter != q4.quarter)
        # the 汇总表's summary: every status, and 未报送
        for status in STATUSES:
            assert summary[a.name][status] == got.count(status), (a.name, status)
        assert summary[a.name]["未报送"] == got.count("")
        # the report: done (due or early), unreported and overdue among the due
        stats = by_report[a.name]
        assert stats.done + stats.early == got.count(DONE), a.name
        due = [(m, s) for m, s in zip(ms, got) if is_due(m, quarter, deadlines.get(m.id))]
        assert stats.unreported == sum(1 for _, s in due if not s), a.name
        assert stats.overdue == sum(1 for m, s in due if is_overdue(m, s, quarter, deadlines.get(m.id))), a.name
    assert carried > 0  # the agencies that skipped 2023Q4 kept their answers


def test_answers_stand_across_quarters_and_done_work_is_closed(scenario):
    plan, root, records = scenario
    ledger = Ledger.load(root)
    names = list(plan.agency_names)
    skipped_q4 = names[80:120]
    assert all(a in records[-1].missing_agencies for a in skipped_q4)
    carried = [e for e in records[-1].entries if e.agency in skipped_q4]
    quarters = {e.reported_in for e in carried}
    assert carried and "2023Q3" in quarters and quarters <= {"2023Q2", "2023Q3"}
    assert len(ledger.closed(Quarter.parse("2023Q4"))) > 1000


@pytest.mark.libreoffice
def test_the_ledger_workbook_of_an_x20_plan_renders(scenario, tmp_path):
    from libreoffice import convert

    plan, root, _ = scenario
    path = Workspace(root).write_ledger_workbook()  # the 台账 composed once, by the door
    from planbook.core.measures import plan_targets

    extra = 3 if plan_targets(plan) else 2  # 台账, 延期登记 (and 量化目标), then a sheet per agency
    assert len(openpyxl.load_workbook(path, read_only=True).sheetnames) == extra + len(plan.agencies)
    pdf = convert([path], "pdf", tmp_path, timeout=600)[0]
    assert pdf.stat().st_size > 10_000
