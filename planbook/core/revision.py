"""Plans change on the way: agencies are renamed or merged (the 2023-2024 institutional
reform renamed many), tasks are reassigned, added or cancelled, deadlines are moved. A
revision compares the earlier plan with the revised one by milestone identity (its id, and
its text for "still the same milestone"), with a rename map the office writes once::

    # 改名.toml
    [renames]
    "市营商局" = "市营商环境建设局"
    "市金融发展局" = "市委金融办"

The ledger carries its lines over to the new names (:meth:`planbook.ledger.lines.Ledger.revise`),
and returns of the earlier version whose milestones still match are read into the revised
plan with a notice (:mod:`planbook.collection.reading`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from planbook.core.model import Milestone, Plan
from planbook.base.problems import fail
from planbook.base.resources import parse_toml

_SPACE = re.compile(r"\s+")


def read_renames(path: str | Path | None) -> dict[str, str]:
    """The ``[renames]`` table of a TOML file: earlier name -> revised name."""
    if path is None:
        return {}
    path = Path(path)
    try:
        data = parse_toml(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise fail("revision_invalid", f"改名文件 {path.name} 无法读取（{exc}）。应写作：[renames] 下一行一个 "
                   "\"旧名\" = \"新名\"。", file=str(path)) from None
    renames = data.get("renames", {})
    if not isinstance(renames, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in renames.items()):
        raise fail("revision_invalid", f"改名文件 {path.name} 的 [renames] 应为 \"旧名\" = \"新名\" 的列表。",
                   file=str(path))
    return {k.strip(): v.strip() for k, v in renames.items() if k.strip() and v.strip()}


def same_milestone(a: Milestone, b: Milestone) -> bool:
    """Still the same milestone: the same id and the same text (spaces aside)."""
    return a.id == b.id and _SPACE.sub("", a.text) == _SPACE.sub("", b.text)


@dataclass
class Revision:
    """What changed from ``old`` to ``new``."""

    old: Plan
    new: Plan
    renames: dict[str, str] = field(default_factory=dict)
    added_tasks: list[str] = field(default_factory=list)
    cancelled_tasks: list[str] = field(default_factory=list)
    added_milestones: list[str] = field(default_factory=list)
    cancelled_milestones: list[str] = field(default_factory=list)
    changed_text: list[str] = field(default_factory=list)
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # milestone, old deadline, new deadline
    reassigned: list[tuple[str, str, str]] = field(default_factory=list)  # task, old leads, new leads
    merged: dict[str, list[str]] = field(default_factory=dict)  # revised name -> earlier names

    @property
    def unchanged(self) -> bool:
        return not (self.renames or self.added_tasks or self.cancelled_tasks or self.added_milestones
                    or self.cancelled_milestones or self.changed_text or self.moved or self.reassigned)

    def matching(self) -> set[str]:
        """Milestone ids that are still the same milestone in the revised plan."""
        new = {m.id: m for m in self.new.milestones}
        return {m.id for m in self.old.milestones if m.id in new and same_milestone(m, new[m.id])}

    def lines(self) -> list[str]:
        """What changed, in words, for ``planbook diff``."""
        out = [f"修订前：{self.old.title or self.old.source}（标识 {self.old.fingerprint}）",
               f"修订后：{self.new.title or self.new.source}（标识 {self.new.fingerprint}）"]
        if self.unchanged:
            return out + ["两个方案的任务、节点和牵头单位相同。"]
        for old, new in sorted(self.renames.items()):
            out.append(f"单位改名：{old} → {new}")
        for new, olds in sorted(self.merged.items()):
            out.append(f"单位合并：{'、'.join(olds)} → {new}")
        for label, ids in (("新增任务", self.added_tasks), ("取消任务", self.cancelled_tasks),
                           ("新增节点", self.added_milestones), ("取消节点", self.cancelled_milestones),
                           ("节点内容改变", self.changed_text)):
            if ids:
                out.append(f"{label}（{len(ids)}）：" + "、".join(ids))
        for mid, before, after in self.moved:
            out.append(f"完成时限调整：{mid} {before} → {after}")
        for tid, before, after in self.reassigned:
            out.append(f"牵头单位调整：任务 {tid} {before} → {after}")
        out.append(f"仍对应的节点 {len(self.matching())} 个：修订前下发的回执中这些节点照常读取，台账照常结转。")
        return out


def compare(old: Plan, new: Plan, renames: Mapping[str, str] | None = None) -> Revision:
    """The revision from ``old`` to ``new``; ``renames`` maps earlier agency names to revised ones."""
    renames = dict(renames or {})
    unknown = [a for a in renames if a not in old.agency_names]
    if unknown:
        raise fail("revision_invalid", "改名文件中的这些单位不是修订前方案的牵头单位：" + "、".join(unknown) + "。",
                   value="、".join(unknown), allowed="修订前方案的牵头单位")
    rev = Revision(old, new, renames)
    for new_name in set(renames.values()):
        olds = sorted(a for a, n in renames.items() if n == new_name)
        if len(olds) > 1:
            rev.merged[new_name] = olds
    old_tasks, new_tasks = {t.id: t for t in old.tasks}, {t.id: t for t in new.tasks}
    rev.added_tasks = [t for t in new_tasks if t not in old_tasks]
    rev.cancelled_tasks = [t for t in old_tasks if t not in new_tasks]
    old_ms, new_ms = {m.id: m for m in old.milestones}, {m.id: m for m in new.milestones}
    rev.added_milestones = [m for m in new_ms if m not in old_ms]
    rev.cancelled_milestones = [m for m in old_ms if m not in new_ms]
    for mid, m in old_ms.items():
        if mid not in new_ms:
            continue
        n = new_ms[mid]
        if not same_milestone(m, n):
            rev.changed_text.append(mid)
        if m.deadline != n.deadline:
            rev.moved.append((mid, m.deadline_text or "无", n.deadline_text or "无"))
    for tid, t in old_tasks.items():
        if tid in new_tasks:
            before = tuple(renames.get(a, a) for a in t.leads)
            if set(before) != set(new_tasks[tid].leads):
                rev.reassigned.append((tid, "、".join(t.leads), "、".join(new_tasks[tid].leads)))
    return rev
