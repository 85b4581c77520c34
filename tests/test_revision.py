"""A revised plan: what changed, the ledger carried over to renamed agencies, and returns of
the earlier version read into the revised plan with a notice."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from kit.collect import cells_for, fill_xml
from planbook.cli import main
from planbook.collection.workflow import collect_quarter
from planbook.store.folder import QuarterFolder
from planbook.core.statuses import DONE, ON_TRACK
from planbook.ledger.lines import Ledger
from planbook.plans import parse_text
from planbook.base.problems import PlanbookError
from planbook.base.resources import seed_path
from planbook.core.revision import compare, read_renames
from planbook.issue.workbooks import export

OLD_NAME, NEW_NAME = "市营商局", "市营商环境建设局"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    """The seed, and a revision of it: 市营商局 renamed, 1-3 rewritten, a task added at the end."""
    root = tmp_path_factory.mktemp("plans")
    text = seed_path().read_text(encoding="utf-8")
    revised = text.replace(OLD_NAME, NEW_NAME).replace("上线200种多部门联办", "上线260种多部门联办")
    revised = revised.rstrip("\n|") + "\n76.新增的一项任务。完成一件事。(完成时限:2024年12月)(牵头单位:市大数据中心)\n"
    (root / "old.txt").write_text(text, encoding="utf-8")
    (root / "new.txt").write_text(revised, encoding="utf-8")
    (root / "改名.toml").write_text(f'[renames]\n"{OLD_NAME}" = "{NEW_NAME}"\n', encoding="utf-8")
    old, new = parse_text(text, source="old.txt").plan, parse_text(revised, source="new.txt").plan
    return root, old, new


def test_what_changed_is_listed(plans):
    root, old, new = plans
    rev = compare(old, new, read_renames(root / "改名.toml"))
    assert rev.added_tasks == ["76"] and "1-3" in rev.changed_text and not rev.reassigned
    assert "1-3" not in rev.matching() and "1-1" in rev.matching()
    text = "\n".join(rev.lines())
    assert f"单位改名：{OLD_NAME} → {NEW_NAME}" in text and "新增任务（1）：76" in text
    without = compare(old, new, {})
    assert without.reassigned  # without the rename map, the renamed agency's tasks look reassigned
    with pytest.raises(PlanbookError, match="不是修订前方案的牵头单位"):
        compare(old, new, {"没有这个局": "x"})


def test_the_diff_command(plans):
    root, _, _ = plans
    out = CliRunner().invoke(main, ["diff", str(root / "old.txt"), str(root / "new.txt"), "--renames",
                                    str(root / "改名.toml")])
    assert out.exit_code == 0, out.output
    assert f"单位改名：{OLD_NAME} → {NEW_NAME}" in out.output and "仍对应的节点" in out.output


def test_the_ledger_follows_the_revision_and_earlier_returns_still_count(plans, tmp_path):
    root, old, new = plans
    work = tmp_path / "output"
    q3 = QuarterFolder.of("2023Q3", work / "2023Q3")
    export(old, "2023Q3", q3.path, agencies=[OLD_NAME], master=False, jobs=1)
    q3.inbox.mkdir()
    values = {("", "reporter"): "张三", ("1-1", "status"): DONE, ("1-1", "done_month"): "2023年8月",
              ("1-1", "progress"): "已建成。", ("1-3", "status"): ON_TRACK, ("1-3", "progress"): "推进中。"}
    fill_xml(q3.workbook(OLD_NAME), q3.inbox / "营商局.xlsx", cells_for(old, OLD_NAME, values))
    collect_quarter(old, q3)

    ledger = Ledger.load(work)
    carried = ledger.revise(old, new, {OLD_NAME: NEW_NAME})
    ledger.save(work)
    ledger = Ledger.load(work)
    assert carried > 0 and ledger.plan_fingerprint == new.fingerprint
    assert (("1-1", NEW_NAME) in ledger.lines) and not any(a == OLD_NAME for _, a in ledger.lines)
    assert ("1-3", NEW_NAME) not in ledger.lines  # its text changed: not the same milestone

    # 2023Q4: the agency sends the earlier version's workbook again (it was never re-issued)
    q4 = QuarterFolder.of("2023Q4", work / "2023Q4")
    q4.inbox.mkdir(parents=True)
    export(old, "2023Q4", tmp_path / "old-q4", agencies=[OLD_NAME], master=False, jobs=1)
    fill_xml(QuarterFolder.of("2023Q4", tmp_path / "old-q4").workbook(OLD_NAME), q4.inbox / "旧表.xlsx",
             cells_for(old, OLD_NAME, {**values, ("1-2", "status"): ON_TRACK, ("1-2", "progress"): "推进中。"}))
    record = collect_quarter(new, q4).result.record
    notice = [p for p in record.problems if p.kind == "plan_revised"]
    assert len(notice) == 1 and not notice[0].is_error and "1-3" in notice[0].message
    answered = {e.milestone_id for e in record.entries if e.agency == NEW_NAME and not e.reported_in}
    assert {"1-1", "1-2"} <= answered and "1-3" not in answered
    assert NEW_NAME not in record.missing_agencies


def test_the_ledger_command_revises(plans, tmp_path):
    root, old, new = plans
    work = tmp_path / "output"
    old_dir = tmp_path
    Ledger(old.fingerprint).save(work)
    cwd = os.getcwd()
    os.chdir(old_dir)
    try:
        out = CliRunner().invoke(main, ["ledger", "--plan", str(root / "new.txt"), "--revise", str(root / "old.txt"),
                                        "--renames", str(root / "改名.toml")])
    finally:
        os.chdir(cwd)
    assert out.exit_code == 0, out.output
    assert "台账已结转到修订后的方案" in out.output
    assert Ledger.load(work).versions[-1]["renames"] == {OLD_NAME: NEW_NAME}
