"""`planbook demo`: the whole quarterly cycle on the embedded seed plan, in seconds.

Export the workbooks, let the agencies "answer" (a seeded generator; where the 2023
progress article in ``seeds/`` reports a fact, the matching milestone's return quotes it),
leave a few agencies silent and put a few mistakes in, collect, and write the report.
The previous quarter is run first, silently, so the report can show the change.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from .answers import fill_agency
from .folder import QuarterFolder, workbook_filename
from .layout import DONE, workbook_layout
from .model import Plan
from .quarter import Quarter

DEMO_QUARTER = Quarter(2023, 2)

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


def _report_settings(quarter: Quarter) -> dict:
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
    say: Callable[[str], None] = lambda _s: None,
    plan: Plan | None = None,
) -> DemoResult:
    """Run the quarter before ``quarter`` (silently, for the comparison) and ``quarter`` into
    ``folder``: export, simulated returns (three agencies silent, three mistakes, one
    corrected return), collect, report. ``plan`` defaults to the embedded seed, whose returns
    quote the 2023 progress article. Returns where each output is."""
    from .collection import collect, write_collect_outputs
    from .workbooks import export
    from .xlsx import write_workbook
    from .record import QuarterRecord
    from .report import write_report
    from .plans import seed_plan

    seeded = plan is None or plan.fingerprint == seed_plan().fingerprint
    plan = plan or seed_plan()
    facts = ARTICLE_FACTS if seeded else {}
    names = list(plan.agency_names)
    silent = set(SILENT_AGENCIES) if seeded else set(names[-3:] if len(names) > 6 else ())
    mistaken = dict(zip(MISTAKES, ("市司法局", "市税务局", "市商务局") if seeded else names[:3]))
    corrected = "市营商局" if seeded else names[0]
    quarter = Quarter.parse(quarter)
    folder = Path(folder)
    result = DemoResult(folder, quarter)
    previous: QuarterRecord | None = None
    for q in (quarter.previous, quarter):
        final = q == quarter
        rng = random.Random(f"{seed}-{q}")
        out = QuarterFolder.of(q, folder / str(q))
        exported = export(plan, q, out.path, previous_record=previous, jobs=jobs)
        inbox = folder / "inbox" / str(q)
        written = datetime(q.end.year, q.end.month, q.end.day, 17, 0)
        for agency in names:
            if agency in silent:
                continue
            values = fill_agency(plan, agency, q, rng, facts=facts)
            if final:
                values = _with_mistakes(agency, values, mistaken)
            write_workbook(inbox / workbook_filename(q, agency), workbook_layout(plan, agency), q,
                           values=values, written_at=written)
        if final:  # one agency sends a corrected return later that day: it supersedes the first
            agency = corrected
            values = fill_agency(plan, agency, q, random.Random(f"{seed}-{q}-again"), facts=facts)
            write_workbook(inbox / ("更正_" + workbook_filename(q, agency)), workbook_layout(plan, agency), q,
                           values=values, written_at=written.replace(hour=18, minute=30))
        collected = collect(sorted(inbox.glob("*.xlsx")), plan, q)
        outputs = write_collect_outputs(collected, out.path)
        record = collected.record
        docx = write_report(plan, record, out.report, previous=previous, config=_report_settings(q))
        if final:
            result.outputs = {"总表": exported.master, "填报表": out.path, "回执": inbox, **outputs, "督查通报": docx}
            result.returns = len([r for r in record.returns if r.accepted])
            result.problems = len(record.problems)
            result.missing = list(record.missing_agencies)
        else:
            say(f"{q}：已生成上一季度的汇总结果，用于对比和预填")
        previous = record
    return result
