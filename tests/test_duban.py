"""`planbook duban` on the demo: a numbered 督办单 for every agency with overdue milestones,
listing exactly those of the ledger; 提醒函; the register in the 台账; re-runs that keep the
numbers; and the rules and score table of TOML changing what comes out."""

from __future__ import annotations

import shutil
from datetime import date

import openpyxl
import pytest

from planbook.tools.demo import RENAMED, _renamed
from planbook.store.folder import QuarterFolder
from planbook.core.statuses import month_end
from planbook.ledger.lines import Ledger
from planbook.plans import seed_plan as _seed_plan
from planbook.core.quarter import RED, Quarter, is_overdue
from planbook.store.record import QuarterRecord
from planbook.report.duban import issue_duban
from planbook.core.rules import WORKSPACE_RULES, load_rules
from planbook.supervision.register import DUBAN, REMINDER, Register

Q4 = Quarter(2023, 4)
DAY = date(2024, 1, 10)  # the demo's 交办 date for 2023Q4


@pytest.fixture(scope="module")
def demo(seed_demo):
    return seed_demo.folder  # read only: tests that change it take ``workspace``, a copy


@pytest.fixture()
def workspace(demo, tmp_path):
    """A copy of the demo's workspace, to change."""
    root = tmp_path / "ws"
    shutil.copytree(demo, root)
    return root


def _plan():
    return _renamed(_seed_plan(), *RENAMED)  # the demo revises the plan before its last quarter


def _docx_text(path) -> str:
    import docx

    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def _overdue_by_ledger(plan, root, quarter: Quarter) -> dict[str, set[str]]:
    ledger = Ledger.load(root)
    out: dict[str, set[str]] = {}
    for task in plan.tasks:
        for m in task.milestones:
            for agency in task.responsible:
                line = ledger.lines.get((m.id, agency))
                answer = line.as_of(quarter) if line else None
                extended = month_end(line.extended_to) if line and line.extended_to else None
                if is_overdue(m, answer.status if answer else "", quarter, extended):
                    out.setdefault(agency, set()).add(m.id)
    return out


def test_every_agency_with_overdue_milestones_has_a_numbered_duban_listing_exactly_them(demo):
    plan = _plan()
    expected = _overdue_by_ledger(plan, demo, Q4)
    assert len(expected) >= 10
    issues = {i.agency: i for i in Register.load(demo).issues if i.kind == DUBAN and i.quarter == str(Q4)}
    folder = QuarterFolder.of(Q4, demo / str(Q4))
    own = expected.pop("市营商局")  # the issuer's own unit ([options] own_units): counted, never urged by itself
    assert own and "市营商局" not in issues
    for agency, mids in expected.items():
        issue = issues[agency]
        assert {str(d["milestone_id"]) for d in issue.items if d["light"] == RED} == mids, agency
        assert issue.number == f"大营商督〔2024〕{issue.n}号"
        text = _docx_text(folder.duban_letter(agency))
        assert issue.number in text and agency in text
        for mid in mids:
            assert f"任务{mid.split('-')[0]}：" in text and f"【{mid}】" in text
    assert sorted(i.n for i in issues.values()) == list(range(1, len(issues) + 1))


def test_reminders_and_escalation_across_quarters(demo):
    reg = Register.load(demo)
    q3 = [i for i in reg.issues if i.quarter == "2023Q3"]
    assert any(i.kind == REMINDER for i in q3) and any(i.kind == DUBAN for i in q3)
    assert all(i.year == 2023 for i in q3) and all(i.year == 2024 for i in reg.issues if i.quarter == "2023Q4")
    folder = QuarterFolder.of("2023Q3", demo / "2023Q3")
    reminder = next(i for i in q3 if i.kind == REMINDER)
    text = _docx_text(folder.reminder(reminder.agency))
    assert reminder.number in text and "90天内到期" in text  # the demo's own 督查规则.toml
    urged_twice = [d for i in reg.issues if i.quarter == "2023Q4" for d in i.items if d["times"] > 1]
    assert urged_twice  # in 2023Q3's 督办单 and still not done
    book = openpyxl.load_workbook(Ledger.workbook_path(demo), read_only=True)
    rows = list(book["督办台账"].iter_rows(values_only=True))
    assert rows and len([r for r in rows if r[0] and "督" in str(r[0])]) == len(reg.issues)


def test_a_rerun_keeps_every_number_and_says_what_changed(workspace):
    plan = _plan()
    folder = QuarterFolder.of(Q4, workspace / str(Q4))
    before = {(i.kind, i.quarter, i.agency): i.number for i in Register.load(workspace).issues}
    again = issue_duban(plan, folder, day=DAY)
    assert {what for _, _, what in again.duban} == {"same"}
    assert {(i.kind, i.quarter, i.agency): i.number for i in Register.load(workspace).issues} == before
    # the office now allows a year's grace and urges only 红灯: items change, numbers do not
    (workspace / WORKSPACE_RULES).write_text("[lights]\ngrace_days = 400\n[duban]\ninclude = [\"红灯\"]\n",
                                             encoding="utf-8")
    changed = issue_duban(plan, folder, day=DAY, rules=load_rules(workspace))
    after = Register.load(workspace).issues
    numbers = [i.number for i in after]
    assert len(numbers) == len(set(numbers))
    assert {(i.kind, i.quarter, i.agency): i.number for i in after} == before
    assert changed.withdrawn or any(what == "revised" for _, _, what in changed.duban)
    assert changed.backed_up and all(not p.exists() or p.parent == folder.duban for p in changed.backed_up)
    # a later quarter continues the year's sequence
    q1 = QuarterFolder.of("2024Q1", workspace / "2024Q1")
    ledger = Ledger.load(workspace)
    for line in ledger.lines.values():
        if "2023Q4" in line.answers:
            line.answers["2024Q1"] = line.answers["2023Q4"]
    ledger.save(workspace)
    (workspace / WORKSPACE_RULES).unlink()
    later = issue_duban(plan, q1, day=date(2024, 4, 10))
    top = max(i.n for i in after if i.kind == DUBAN and i.year == 2024)
    assert sorted(i.n for i, _, _ in later.duban)[0] == top + 1


def test_duban_needs_the_quarter_collected(workspace):
    from planbook.base.problems import PlanbookError

    with pytest.raises(PlanbookError) as caught:
        issue_duban(_plan(), QuarterFolder.of("2025Q1", workspace / "2025Q1"), day=DAY)
    assert caught.value.problems[0].kind == "record_missing" and "planbook collect" in caught.value.problems[0].message


def test_the_light_rules_change_the_consolidated_master_and_the_ledger(workspace):
    from planbook.collection.workflow import collect_quarter
    from planbook.ledger.lines import ledger_workbook

    plan = _plan()
    folder = QuarterFolder.of(Q4, workspace / str(Q4))
    before = QuarterRecord.load(folder.record)
    red = next(m for m in before.milestones if m.light == RED and m.milestone_id in
               {mid for mids in _overdue_by_ledger(plan, workspace, Q4).values() for mid in mids})
    (workspace / WORKSPACE_RULES).write_text("[lights]\ngrace_days = 2000\n", encoding="utf-8")
    collect_quarter(plan, folder, rules=load_rules(workspace))
    after = QuarterRecord.load(folder.record)
    assert after.status_of(red.milestone_id).light == "yellow" and not after.status_of(red.milestone_id).overdue
    book = openpyxl.load_workbook(folder.consolidated)
    sections = [ws for ws in book.worksheets if "、" in ws.title]
    fills = {c.fill.fgColor.rgb[-6:] for ws in sections for row in ws.iter_rows() for c in row
             if c.fill and c.fill.fgColor and isinstance(c.fill.fgColor.rgb, str)}
    assert sections and "FFC7CE" not in fills and "FFEB9C" in fills  # no red left in the 汇总表: yellow
    legend = [c.value for row in book.worksheets[0].iter_rows() for c in row if c.value]
    assert any("2000天" in str(v) for v in legend)
    path = workspace / "台账.xlsx"
    ledger_workbook(Ledger.load(workspace), plan, path, as_of=Q4, rules=load_rules(workspace))
    rows = list(openpyxl.load_workbook(path, read_only=True)["台账"].iter_rows(values_only=True))
    light = rows[0].index("灯")
    lights = [r[light] for r in rows[1:]]
    assert "红灯" not in lights and "黄灯" in lights


def test_the_score_table_changes_the_ranking_and_the_report(workspace):
    from planbook.report.document import build_document
    from planbook.report.ranking import agency_ranking

    plan = _plan()
    record = QuarterRecord.load(QuarterFolder.of(Q4, workspace / str(Q4)).record)
    assert agency_ranking(plan, record) is None  # off by default: an option of the report's settings
    default = agency_ranking(plan, record, wanted=True)
    assert default is not None and not default.paragraphs
    silent = set(record.missing_agencies)
    assert all(s.missing for s in default.scores if s.agency in silent)
    (workspace / WORKSPACE_RULES).write_text(
        "[scores]\nranking = true\nmissing = -50\nlate = 0\nfloor = -100\npraise_top = 3\ncriticise = true\ncriticise_below = 60\n",
        encoding="utf-8")
    rules = load_rules(workspace)
    harsh = agency_ranking(plan, record, rules)  # the rules' older switch is honoured
    assert harsh is not None
    assert {s.agency for s in harsh.scores[-len(silent):]} == silent
    assert all(s.score == 50 for s in harsh.scores if s.agency in silent)
    assert [s.agency for s in harsh.scores] != [s.agency for s in default.scores]
    text = "\n".join(p.text for p in build_document(plan, record, today=DAY, rules=rules).paragraphs)
    assert "予以表扬" in text and "予以通报批评" in text and "单位得分排名表" in text
    (workspace / WORKSPACE_RULES).write_text("[scores]\nranking = false\n", encoding="utf-8")
    assert agency_ranking(plan, record, load_rules(workspace)) is None


def test_the_letter_form_is_chosen_in_the_rules(workspace):
    (workspace / WORKSPACE_RULES).write_text("[duban]\nform = \"letter\"\n", encoding="utf-8")
    folder = QuarterFolder.of(Q4, workspace / str(Q4))
    done = issue_duban(_plan(), folder, day=DAY, rules=load_rules(workspace))
    issue, path, _ = done.duban[0]
    text = _docx_text(path)
    assert "关于督促办理重点任务逾期节点的函" in text and issue.agency + "：" in text and "办理时限" in text


def test_the_command_in_chinese(workspace):
    """On a copy of the demo's own workspace, with no --plan: the demo keeps every plan it used
    (its revised plan too) where the commands find it."""
    from click.testing import CliRunner

    from planbook.cli import main

    tmp_path = workspace
    folder = str(tmp_path / "2023Q4")
    result = CliRunner().invoke(main, ["duban", "-q", "2023Q4", "-d", folder, "--date", "2024-01-10"])
    assert result.exit_code == 0, result.output
    # the demo issued them already: the same numbers, said so
    assert "督办单" in result.output and "大营商督〔2024〕1号" in result.output
    assert "沿用原编号，内容未变" in result.output and "新编号" not in result.output
    bad = CliRunner().invoke(main, ["duban", "-q", "2023Q4", "-d", folder, "--date", "明天"])
    assert bad.exit_code == 2 and "交办日期" in bad.output and "Traceback" not in bad.output
    (tmp_path / WORKSPACE_RULES).write_text("[duban]\nform = \"表\"\n", encoding="utf-8")
    wrong = CliRunner().invoke(main, ["duban", "-q", "2023Q4", "-d", folder])
    assert wrong.exit_code == 2 and "duban.form" in wrong.output and WORKSPACE_RULES in wrong.output


def test_the_letters_are_their_own_word_documents(demo):
    """Like the 通报: no 兼容模式, the letter's own title and issuer as properties, no preview."""
    import re
    import zipfile
    from xml.etree import ElementTree

    letters = sorted((demo / "2023Q4" / "督办").glob("*督办单*.docx"))[:1] + \
        sorted((demo / "2023Q3" / "督办").glob("*提醒函*.docx"))[:1]
    assert len(letters) == 2
    for path in letters:
        with zipfile.ZipFile(path) as z:
            settings = z.read("word/settings.xml").decode()
            core = ElementTree.fromstring(z.read("docProps/core.xml"))
            assert not [n for n in z.namelist() if "thumbnail" in n]
        assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
        title = core.findtext("{http://purl.org/dc/elements/1.1/}title")
        creator = core.findtext("{http://purl.org/dc/elements/1.1/}creator")
        assert ("督办" in title or "提醒" in title) and "〔" in title
        assert creator == "大连市营商环境建设局"
