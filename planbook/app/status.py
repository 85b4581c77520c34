"""``planbook status``: where a workspace stands, in the words an office uses — its plan and
office, each quarter's folder (下发, 汇总, 通报, 督办), and the next step."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planbook.store.folder import QuarterFolder
from planbook.base.problems import PlanbookError
from planbook.core.quarter import Quarter

if TYPE_CHECKING:  # pragma: no cover
    from planbook.app.plan_record import PlanOfRecord
    from planbook.app.office import OfficeIdentity


@dataclass
class QuarterStatus:
    """One quarter's folder: what has been done in it."""

    quarter: Quarter
    folder: Path
    issued: int = 0  # agencies' workbooks in 下发/
    returns: int = 0  # returns accepted
    missing: list[str] = field(default_factory=list)
    collected: bool = False
    reported: bool = False
    brief: bool = False
    duban: int = 0  # 督办单 and 提醒函 in 督办/

    def next_step(self) -> str:
        q = self.quarter
        if not self.issued:
            return f"下发：planbook export -q {q}"
        if not self.collected:
            return f"各单位交回的填报表放进 {self.folder / '回执'}，然后汇总：planbook collect -q {q}"
        if not self.reported:
            if self.missing:
                return (f"催报未报送的 {len(self.missing)} 个单位，收到后重新汇总（planbook collect -q {q}）；"
                        f"或生成通报：planbook report -q {q}")
            return f"通报：planbook report -q {q}"
        if not self.duban:
            return f"督办：planbook duban -q {q}"
        return f"本季度已完成；下一季度：planbook export -q {q.next}"

    def lines(self) -> list[str]:
        done = [f"下发 {self.issued} 个单位" if self.issued else "未下发"]
        if self.collected:
            done.append(f"已汇总（采用回执 {self.returns} 份，未报送 {len(self.missing)} 个单位"
                        + (f"：{'、'.join(self.missing[:8])}{'等' if len(self.missing) > 8 else ''}" if self.missing else "")
                        + "）")
        else:
            done.append("未汇总")
        done.append(("已生成通报" if self.reported else "未生成通报") + ("、专报" if self.brief else ""))
        done.append(f"督办单和提醒函 {self.duban} 份" if self.duban else "未督办")
        return [f"{self.quarter}（{self.folder}）：" + "；".join(done), f"  下一步：{self.next_step()}"]


@dataclass
class Status:
    """The workspace as a whole."""

    root: Path
    plan: str
    office: str
    held_back: str
    quarters: list[QuarterStatus]
    plan_note: str = ""  # the plan was read by another planbook

    def next_step(self) -> str:
        if self.held_back:
            return "先填好本单位信息文件（见上面的说明），再下发或生成文件"
        if not self.quarters:
            return "下发第一个季度的填报表：planbook export -q 2023Q2（季度按实际填写）"
        return self.quarters[-1].next_step()

    def lines(self) -> list[str]:
        out = [f"工作目录：{self.root}", f"方案：{self.plan}"] + ([self.plan_note] if self.plan_note else [])
        out.append(f"本单位：{self.office}")
        if self.held_back:
            out.append("注意：" + self.held_back)
        out += [line for q in self.quarters for line in q.lines()] or ["还没有任何季度的文件夹。"]
        out.append(f"下一步：{self.next_step()}")
        return out


def workspace_status(root: Path, plan: "PlanOfRecord", ident: "OfficeIdentity", held_back: str) -> Status:
    """The status of the workspace at ``root``, with its plan, office and what holds documents back."""
    office = f"{ident.name}，{ident.unit}，联系人 {ident.contact}，电话 {ident.phone}（{ident.file or '未写本单位信息文件'}）"
    quarters = [quarter_status(QuarterFolder(p, q)) for q, p in _quarter_folders(root)]
    return Status(root, plan.describe(), office, held_back, quarters, plan.reader_note())


def _quarter_folders(root: Path) -> list[tuple[Quarter, Path]]:
    if not root.is_dir():
        return []
    found = []
    for path in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            found.append((Quarter.parse(path.name), path))
        except PlanbookError:
            continue
    return sorted(found, key=lambda qp: (qp[0].year, qp[0].q))


def quarter_status(folder: QuarterFolder) -> QuarterStatus:
    status = QuarterStatus(folder.quarter, folder.path)
    if folder.issued.is_dir():
        status.issued = sum(1 for p in folder.issued.glob("*.xlsx") if p != folder.master and not p.name.startswith("~$"))
    if folder.has_record():
        try:
            data = json.loads(folder.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        status.collected = True
        status.returns = sum(1 for r in data.get("returns", []) if r.get("accepted"))
        status.missing = list(data.get("missing_agencies", []))
    status.reported = folder.report.is_file()
    status.brief = any(folder.path.glob("*督查专报.docx"))
    if folder.duban.is_dir():
        status.duban = sum(1 for _ in folder.duban.glob("*.docx"))
    return status
