"""`planbook demo`: the whole quarterly cycle on the embedded seed plan, in seconds.

Export the workbooks, let the agencies "answer" (a seeded generator; where the 2023
progress article in ``seeds/`` reports a fact, the matching milestone's return quotes it),
leave a few agencies silent and put a few mistakes in, collect, and write the report.
The previous quarter is run first, silently, so the report can show the change.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from planbook.tools.answers import fill_agency
from planbook.store.folder import workbook_filename
from planbook.core.statuses import DONE, month_label
from planbook.xlsx.layout import workbook_layout
from planbook.ledger.lines import LEDGER_FOLDER, LEDGER_WORKBOOK
from planbook.core.model import Plan
from planbook.core.quarter import Quarter
from planbook.store.record import Entry, QuarterRecord

if TYPE_CHECKING:  # pragma: no cover
    from planbook.app.door import Workspace

DEMO_QUARTER = Quarter(2023, 4)
DEMO_STEPS = 3 * 5 + 1
"""The steps :func:`run_demo` reports: per quarter 下发, 模拟回执, 汇总, 通报, 驾驶舱; then 台账."""

# Facts from seeds/dalian-2023-progress-article.txt, by the milestone they report on.
ARTICLE_FACTS: dict[str, str] = {
    "1-1": "已建成政务服务主题库，归集业务办件、电子材料、电子证照等各类数据2451万余条，提供服务接口621类。",
    "2-2": "汇聚279个政策文件，实现惠企政策精准推送；29项“免申即享”政策事项惠及企业3万余户次，兑现资金支持6亿元。",
    "4-1": "上线“一件事一次办”211项，办件总量达2860件，平均减环节42.2%、减时限74.5%、减材料51.8%、减跑动39.1%；编制“一件事一次办”地方标准。",
    "4-2": "实现300个事项“全市通办”、40个事项沿海六市“区域通办”；辽事通“e大连频道”上线政务服务事项689项、公共服务事项148项。",
    "6-1": "企业开办时间最快2小时。",
    "9-1": "不动产登记最快20分钟。",
    "19-2": "国际贸易“单一窗口”已上线功能100余项，涵盖20多个领域。",
    "23-1": "全市建成便民服务站1726个，累计办理各类事项146万笔。",
    "29-1": "今年以来累计建立联合抽查任务284项，“双随机、一公开”与信用风险分类管理结合，实施信用监管领域超过30个。",
    "35-1": "省内率先制定知识产权纠纷行政调解协议司法确认制度实施办法，成功调解首例商标类“行政调解+司法确认”案件。",
    "39-1": "前5个月网上立案率超85%，诉前调解案件3万余件，同比增长25%。",
    "43-1": "推动12345热线集成办理，打造政务服务“总客服”和诉求办理“主渠道”。",
    "46-2": "截至5月底，全市普惠型小微企业贷款余额757.17亿元，高于各项贷款平均增速6.29个百分点。",
    "52-1": "今年以来全市累计新增减税降费及退税缓费24.7亿元。",
}

# Actuals from the same article, by milestone and words of the target's metric. 4-1 carries
# no number: the 200 "一件事" it is quoted for are a target of 1-3 (160 of 1-2).
ARTICLE_ACTUALS: dict[str, dict[str, str]] = {
    "1-2": {"一件事": "211种", "材料": "51.8%"},
    "1-3": {"一件事": "211项"},
    "4-2": {"掌上可办": "689项", "全市通办": "300项"},
    "39-1": {"网上立案率": "85%"},
}

SILENT_AGENCIES = ("市人大常委会法工委", "大连证监局", "市体育局")
"""Agencies that do not reply in the demo."""


@dataclass
class DemoResult:
    folder: Path
    quarter: Quarter
    outputs: dict[str, Path] = field(default_factory=dict)
    returns: int = 0
    problems: int = 0
    missing: list[str] = field(default_factory=list)


def _report_settings(quarter: Quarter) -> dict[str, Any]:
    """The demo's document number and date: issued ten days after the quarter ends."""
    issued = quarter.next.start.replace(day=10).isoformat()
    return {"document": {"number": str(3 * quarter.q + 3), "date": issued}, "imprint": {"date": issued}}


MISTAKES = ("status_invalid", "done_without_progress", "status_normalized")
"""The mistakes offices really see, one agency each: a status not in the list, 已完成 with no
progress, a status with a full-width space (forgiven)."""


def _with_mistakes(agency: str, values: dict[tuple[str, str], str],
                   mistaken: dict[str, str]) -> dict[tuple[str, str], str]:
    values = dict(values)
    keys = sorted(k for k in values if k[1] == "status")
    if not keys:
        return values
    if agency == mistaken.get("status_invalid"):
        values[keys[0]] = "完成"
    if agency == mistaken.get("done_without_progress"):
        values[keys[0]] = DONE
        values.pop((keys[0][0], "progress"), None)
    if agency == mistaken.get("status_normalized"):
        values[keys[0]] = values[keys[0]] + "\u3000"
    return values


def run_demo(
    folder: str | Path = "output/demo",
    quarter: Quarter | str = DEMO_QUARTER,
    *,
    seed: int = 2023,
    jobs: int | None = None,
    say: Callable[[str], None] | None = None,
    plan: Plan | None = None,
    plan_file: str | Path | None = None,
    step: Callable[[str], None] | None = None,
) -> DemoResult:
    """Run three quarters, ``quarter`` and the two before it (2023Q2-Q4 by default), into
    ``folder``, as an office would: export (pre-filled from the quarter before, done work
    closed), the agencies' returns, collect (the ledger carries answers forward), report, and
    the 台账 at the end. What happens on the way: three agencies never reply; one agency skips
    the last quarter (its answers stand); one reports a milestone done before as behind (a
    regression, explained); an extension is granted before the last collect; the plan is
    revised before the last quarter (市金融发展局 renamed 市委金融办: the ledger carries over, and
    the workbook sent before still counts; the embedded seed only); three mistakes and one
    corrected return in the last quarter. ``plan`` defaults to the embedded seed,
    whose returns quote the 2023 progress article; ``plan_file`` is the file it was read from
    (copied in as the demo workspace's plan of record, so every command finds it). The demo
    runs through the door (:class:`planbook.app.Workspace`) with its own demo office. Returns
    where each output is.

    ``say`` receives what happened on the way, ``step`` the name of each of the
    :data:`DEMO_STEPS` steps as it starts (for a progress bar)."""
    from planbook.plans import seed_plan
    from planbook.xlsx.workbook import write_workbook

    say = say or (lambda _text: None)
    step = step or (lambda _name: None)
    seeded = plan is None or plan.fingerprint == seed_plan().fingerprint
    renamed = RENAMED if plan is None else None  # the embedded seed's demo shows a plan revision
    plan = plan or seed_plan()
    facts = ARTICLE_FACTS if seeded else {}
    known = ARTICLE_ACTUALS if seeded else {}
    names = list(plan.agency_names)
    silent = set(SILENT_AGENCIES) if seeded else set(names[-3:] if len(names) > 6 else ())
    mistaken = dict(zip(MISTAKES, ("市司法局", "市税务局", "市商务局") if seeded else names[:3]))
    corrected = "市营商局" if seeded else names[0]
    talkers = [a for a in names if a not in silent and a not in mistaken.values() and a != corrected]
    skipper = ("市文化和旅游局" if seeded else (talkers[0] if talkers else ""))
    regressor = next((a for a in talkers if a != skipper), "")
    quarter = Quarter.parse(quarter)
    quarters = [quarter.previous.previous, quarter.previous, quarter]
    folder = Path(folder)
    _fresh_ledger(folder, say)
    _demo_rules(folder)
    ws = _demo_workspace(folder, plan, plan_file)
    result = DemoResult(folder, quarter)
    previous: QuarterRecord | None = None
    sent_back: list[tuple[str, str]] = []  # (agency, milestone id) the review sent back
    for q in quarters:
        final = q == quarter
        rng = random.Random(f"{seed}-{q}")
        run = ws.quarter(q)
        out = run.folder
        earlier: Plan | None = None
        if final and renamed is not None and previous is not None:  # the plan is revised before the last quarter
            earlier = plan
            ws.revise(_renamed(plan, *renamed), dict([renamed]))
            plan = ws.plan
            names = list(plan.agency_names)
            say(f"{q}：方案修订：{renamed[0]}更名为{renamed[1]}，台账已结转")
        step(f"{q} 下发")
        exported = run.export(jobs=jobs)
        inbox = out.inbox
        written = datetime(q.end.year, q.end.month, q.end.day, 17, 0)
        standing = {(e.agency, e.milestone_id): e for e in previous.entries} if previous is not None else {}
        step(f"{q} 模拟回执")
        for agency in names:
            if agency in silent or (final and agency == skipper):
                continue
            if earlier is not None and renamed is not None and agency == renamed[1]:
                # it still fills in the workbook it was sent before the revision
                values = fill_agency(earlier, renamed[0], q, rng, facts=facts, actuals=known)
                values[("", "reporter")], values[("", "phone")] = "王明", "0411-83630000"
                write_workbook(inbox / workbook_filename(q, renamed[0]), workbook_layout(earlier, renamed[0]), q,
                               values=values, written_at=written)
                continue
            values = _keep_what_is_done(fill_agency(plan, agency, q, rng, facts=facts, actuals=known), agency, standing)
            if final:
                values = _answer_review(values, agency, sent_back, previous)
            if final:
                values = _with_mistakes(agency, values, mistaken)
            if final and agency == regressor:
                values = _regress(values, agency, standing, q)
            values[("", "reporter")], values[("", "phone")] = "王明", "0411-83630000"
            write_workbook(inbox / workbook_filename(q, agency), workbook_layout(plan, agency), q,
                           values=values, written_at=written)
        if final:  # one agency sends a corrected return later that day: it supersedes the first
            agency = corrected
            values = _keep_what_is_done(fill_agency(plan, agency, q, random.Random(f"{seed}-{q}-again"), facts=facts,
                                                    actuals=known),
                                        agency, standing)
            values[("", "reporter")], values[("", "phone")] = "王明", "0411-83630000"
            write_workbook(inbox / ("更正_" + workbook_filename(q, agency)), workbook_layout(plan, agency), q,
                           values=values, written_at=written.replace(hour=18, minute=30))
            _extend_one(ws, previous, q, say)
        step(f"{q} 汇总")
        _fresh_review(run.folder.path)
        done = run.collect([inbox], jobs=jobs)
        if q == quarters[1]:  # the office reviews what became 已完成 in the middle quarter
            sent_back = _review(ws, q, set(silent) | set(mistaken.values()) | {skipper, regressor, corrected}
                                | (set(renamed) if renamed else set()), say)
            done.result.record = QuarterRecord.load(run.folder.record)
        record = done.result.record
        step(f"{q} 通报")
        # the 版记 laid out on an even page (a LibreOffice layout) for the quarter shown; the
        # quarters run before it only for the comparison are written without that pass
        docx = run.report(config=_report_settings(q)).path
        if q != quarters[0]:  # the 督办单 and 提醒函 (dated as the report), and the 台账 with its 督办台账
            run.duban(day=date.fromisoformat(_report_settings(q)["document"]["date"]))
        step(f"{q} 驾驶舱")
        page = run.dashboard()
        if final:
            step("台账")
            ledger_book = folder / LEDGER_FOLDER / LEDGER_WORKBOOK  # as the user named it, like the other outputs
            assert done.written is not None and exported.master is not None
            result.outputs = {"总表": exported.master, "填报表": out.issued, "回执": inbox, **done.written,
                              "督查通报": docx, "驾驶舱": page, "督办单和提醒函": out.duban, "台账": ledger_book}
            result.returns = len([r for r in record.returns if r.accepted])
            result.problems = len(record.problems)
            result.missing = list(record.missing_agencies)
        else:
            say(f"{q}：已汇总并生成通报和驾驶舱，台账已更新")
        previous = record
    return result


DEMO_OFFICE = {"contact": "李明（演示）", "phone": "0411-83630001"}
"""The demo office's own contact: the demo's letters never carry the template's example."""


def _demo_workspace(folder: Path, plan: Plan, plan_file: str | Path | None) -> "Workspace":
    """The demo's workspace: its plan of record (the file given, else the plan in hand) and its own office."""
    from planbook.app import plan_record
    from planbook.app.office import OFFICE_FILE, write_template
    from planbook.app.door import Workspace

    if plan_file is not None:
        plan_record.store(folder, plan_file)
    else:
        plan_record.store_model(folder, plan)
    (folder / OFFICE_FILE).unlink(missing_ok=True)
    write_template(folder, DEMO_OFFICE)
    ws = Workspace(folder)
    ws.demo = True
    return ws


def _demo_rules(folder: Path) -> None:
    """The demo office's own rules (督查规则.toml in the workspace, read by every command):
    reminders 90 days ahead, so the 2023Q3 run writes 提醒函 for the year-end milestones."""
    from planbook.core.rules import WORKSPACE_RULES

    folder.mkdir(parents=True, exist_ok=True)
    (folder / WORKSPACE_RULES).write_text("# 演示用的本单位督查规则：只写与 templates/supervision.toml 不同的设置项\n"
                                          "[reminders]\ndays = 90  # 提醒函：90 天内到期的节点\n", encoding="utf-8")


def _fresh_ledger(folder: Path, say: Callable[[str], None]) -> None:
    """The demo starts its ledger afresh; one left by an earlier demo run is kept in 备份/."""
    import shutil

    from planbook.ledger.lines import LEDGER_FOLDER

    old = folder / LEDGER_FOLDER
    if old.is_dir():
        target = folder / "备份" / datetime.now().strftime("%Y%m%d-%H%M%S-%f") / LEDGER_FOLDER
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(old), str(target))
        say(f"上次演示的台账已移到 {target.parent}")


RENAMED = ("市金融发展局", "市委金融办")
"""The revision between the demo's last two quarters: an agency renamed in the institutional reform."""


def _renamed(plan: Plan, old: str, new: str) -> Plan:
    """The plan with one agency renamed (the demo's plan revision)."""
    from dataclasses import replace

    def name(a: str) -> str:
        return new if a == old else a

    sections = tuple(replace(s, tasks=tuple(replace(t, leads=tuple(map(name, t.leads)),
                                                    partners=tuple(map(name, t.partners))) for t in s.tasks))
                     for s in plan.sections)
    return Plan(plan.title, sections, plan.source)


def _keep_what_is_done(values: dict[tuple[str, str], str], agency: str,
                       standing: Mapping[tuple[str, str], Entry]) -> dict[tuple[str, str], str]:
    """What was done stays done: an agency does not re-invent a milestone it closed."""
    out = dict(values)
    for (a, mid), e in standing.items():
        if a != agency or e.status != DONE:
            continue
        for key in ("status", "progress", "evidence", "done_month", "expected_month", "issues", "next_steps"):
            out.pop((mid, key), None)
        for cell in [k for k in out if k[0] == mid and k[1].startswith("actual")]:
            del out[cell]  # its 完成值 stands as reported (a blank cell erases nothing)
        out[(mid, "status")] = DONE
        out[(mid, "done_month")] = month_label(e.done_month) if e.done_month else ""
        out[(mid, "progress")] = e.progress
        if not out[(mid, "done_month")]:
            out.pop((mid, "done_month"))
    return out


def _regress(values: dict[tuple[str, str], str], agency: str, standing: Mapping[tuple[str, str], Entry],
             quarter: Quarter) -> dict[tuple[str, str], str]:
    """One milestone reported done last quarter is reported behind now, with the reason."""
    done = sorted(mid for (a, mid), e in standing.items() if a == agency and e.status == DONE)
    if not done:
        return values
    mid = done[0]
    out = {k: v for k, v in values.items() if k[0] != mid}
    later = quarter.next.end
    out.update({(mid, "status"): "进度滞后", (mid, "expected_month"): f"{later.year}年{later.month}月",
                (mid, "progress"): "复核发现部分数据尚未归集，已重新组织补录。", (mid, "issues"): "数据归集不全。",
                (mid, "next_steps"): "下季度完成补录并验收。"})
    return out


def _extend_one(ws: "Workspace", previous: QuarterRecord | None, quarter: Quarter, say: Callable[[str], None]) -> None:
    """The office grants one agency an extension of an overdue milestone before the last collect."""
    plan = ws.plan
    if previous is None:
        return
    overdue = next(((e.agency, e.milestone_id) for e in previous.entries
                    if e.status and e.status != DONE and (m := plan.milestone(e.milestone_id)).deadline is not None
                    and m.deadline <= quarter.start), None)
    if overdue is None:
        return
    agency, mid = overdue
    later = quarter.next.next.end
    ws.extend(mid, agency, f"{later.year}年{later.month}月", reason="涉及跨部门协调，经市政府同意延期",
              ref="大营商督〔2023〕12号")
    say(f"{quarter}：已登记延期：节点 {mid}（{agency}）延至 {later.year}年{later.month}月")


REVIEW_OPINIONS = ("佐证材料只有工作方案，缺少验收或上线运行的证明，请补充后重新报送。",
                   "完成时间与进展情况不符，所述事项尚在试点阶段，请据实填报。",
                   "进展情况未说明量化目标的完成值，请补充数据来源。")
"""The demo office's 审核意见 on the three lines it sends back."""


def _fresh_review(folder: Path) -> None:
    """An earlier demo run's 审核表 is not read again: the demo reviews afresh."""
    import shutil

    from planbook.xlsx.review_form import REVIEW_FOLDER

    shutil.rmtree(folder / REVIEW_FOLDER, ignore_errors=True)


def _review(ws: "Workspace", quarter: Quarter, busy: set[str], say: Callable[[str], None]) -> list[tuple[str, str]]:
    """The office reviews ``quarter``: the 审核表 written, filled (three lines 退回, one 存疑,
    the rest 认可, picked in plan order among agencies doing nothing else in the demo) and read
    back. Returns the (agency, milestone id) sent back."""
    from dataclasses import replace

    from planbook.collection.verdicts import rows_to_review
    from planbook.xlsx.review_form import write_review_form

    run = ws.quarter(quarter)
    written = run.review()
    rows = rows_to_review(ws.plan, ws.ledger, quarter, ws.rules.review.required)
    picked = [i for i, r in enumerate(rows) if r.agency not in busy]
    picked = [i for n, i in enumerate(picked) if rows[i].agency not in {rows[j].agency for j in picked[:n]}][:4]
    filled = []
    for i, row in enumerate(rows):
        if i in picked[:3]:
            row = replace(row, verdict="退回", opinion=REVIEW_OPINIONS[picked.index(i)])
        elif picked[3:] and i == picked[3]:
            row = replace(row, verdict="存疑", opinion="请补充第三方评估报告。")
        else:
            row = replace(row, verdict="认可")
        filled.append(row)
    write_review_form(written.path, filled, plan_fingerprint=ws.plan.fingerprint, quarter=str(quarter),
                      title=f"{ws.plan.title or '重点任务'} {quarter.label}审核表")
    day = date.fromisoformat(_report_settings(quarter)["document"]["date"])
    got = run.review(written.path, day=day)
    counts = got.counts or {}
    say(f"{quarter}：审核表已读取：认可 {counts.get('认可', 0)} 条、退回 {counts.get('退回', 0)} 条、"
        f"存疑 {counts.get('存疑', 0)} 条")
    return [(rows[i].agency, rows[i].milestone_id) for i in picked[:3]]


def _answer_review(values: dict[tuple[str, str], str], agency: str, sent_back: list[tuple[str, str]],
                   previous: QuarterRecord | None) -> dict[tuple[str, str], str]:
    """The agencies answer the lines sent back: the first returns its line as pre-filled
    (unchanged: the 提示 未更新), the others report what they did about the 意见."""
    from planbook.issue.workbooks import agency_values

    out = dict(values)
    for n, (a, mid) in enumerate(sent_back):
        if a != agency:
            continue
        if n == 0 and previous is not None:
            out[(mid, "progress")] = agency_values(previous, agency).get((mid, "progress"), "")
        else:
            out[(mid, "progress")] = "已按审核意见补充验收材料和运行数据，相关事项已全部完成。"
    return out
