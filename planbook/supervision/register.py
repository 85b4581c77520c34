"""The register of 督办单 and 提醒函 issued (``台账/督办登记.json``, beside the ledger).

Numbers run in sequence through the year of issue, one sequence per kind, and are never
given twice: a re-run of the same quarter gives each agency the number it had (its
letter is rewritten with the items as they stand, and the register notes the revision);
an agency that no longer has items keeps its number, marked 撤回, and the number is not
reused. Written atomically, under the ledger's lock (:meth:`planbook.ledger.lines.Ledger.lock`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from planbook.base.files import write_if_changed
from planbook.ledger.lines import LEDGER_FOLDER, Answer, Ledger
from planbook.base.problems import fail
from planbook.core.quarter import Quarter

if TYPE_CHECKING:  # pragma: no cover
    from planbook.xlsx.workbook import ExtraSheet
    from planbook.supervision.selection import Item

REGISTER_FILE = "督办登记.json"
DUBAN = "督办单"
REMINDER = "提醒函"


@dataclass
class Issue:
    """One 督办单 or 提醒函 as issued."""

    kind: str  # DUBAN or REMINDER
    year: int
    n: int
    number: str  # as printed: 大营商督〔2023〕5号
    agency: str
    quarter: str
    items: list[dict[str, Any]] = field(default_factory=list)  # milestone_id, light, times, status
    issued: str = ""  # ISO date
    answer_by: str = ""  # ISO date ("" for a 提醒函)
    file: str = ""  # relative to the workspace
    withdrawn: bool = False
    revisions: list[str] = field(default_factory=list)  # ISO dates of re-runs that changed the items

    @property
    def milestone_ids(self) -> list[str]:
        return [str(i["milestone_id"]) for i in self.items]


def _said(answer: "Answer") -> tuple[str, str, str, str]:
    return answer.status, answer.done_month, answer.expected_month, answer.progress


def number_text(pattern: str, year: int, n: int) -> str:
    return pattern.replace("{year}", str(year)).replace("{n}", str(n))


@dataclass
class Register:
    issues: list[Issue] = field(default_factory=list)

    @staticmethod
    def path(workspace: str | Path) -> Path:
        return Path(workspace) / LEDGER_FOLDER / REGISTER_FILE

    @classmethod
    def load(cls, workspace: str | Path) -> "Register":
        path = cls.path(workspace)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            names = {f.name for f in fields(Issue)}
            return cls([Issue(**{k: v for k, v in d.items() if k in names}) for d in data.get("issues", [])])
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, TypeError) as exc:
            raise fail("ledger_unreadable", f"督办登记 {path} 无法读取（{exc}）。请从 备份/ 恢复；不要删除它，"
                       "否则督办单编号会重复。", file=str(path)) from None

    def save(self, workspace: str | Path) -> Path:
        path = self.path(workspace)
        data = {"version": 1, "issues": [asdict(i) for i in self.issues]}
        write_if_changed(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        return path

    # -- numbering ------------------------------------------------------------------------
    def find(self, kind: str, quarter: str, agency: str) -> Issue | None:
        return next((i for i in self.issues if (i.kind, i.quarter, i.agency) == (kind, quarter, agency)), None)

    def next_n(self, kind: str, year: int) -> int:
        return 1 + max((i.n for i in self.issues if i.kind == kind and i.year == year), default=0)

    def issue(self, kind: str, quarter: Quarter, agency: str, items: Sequence["Item"], *, day: date,
              answer_by: date | None, pattern: str, file: str) -> tuple[Issue, str]:
        """The agency's letter of this kind for ``quarter``: its number kept from an earlier
        run, else the next of the year. Returns it and ``new``, ``same`` or ``revised``."""
        listed = [{"milestone_id": i.milestone_id, "light": i.light, "times": i.times, "status": i.status}
                  for i in items]
        found = self.find(kind, str(quarter), agency)
        if found is None:
            n = self.next_n(kind, day.year)
            found = Issue(kind, day.year, n, number_text(pattern, day.year, n), agency, str(quarter), listed,
                          day.isoformat(), answer_by.isoformat() if answer_by else "", file)
            self.issues.append(found)
            return found, "new"
        what = "same" if found.items == listed and not found.withdrawn else "revised"
        if what == "revised":
            found.items, found.withdrawn = listed, False
            found.revisions.append(day.isoformat())
        found.file = file
        return found, what

    def withdraw_missing(self, kind: str, quarter: Quarter, agencies: Iterable[str]) -> list[Issue]:
        """Letters of an earlier run of this quarter whose agency has no items now: 撤回, the
        number kept and not reused."""
        keep = set(agencies)
        out = []
        for i in self.issues:
            if i.kind == kind and i.quarter == str(quarter) and i.agency not in keep and not i.withdrawn:
                i.withdrawn, i.items = True, []
                out.append(i)
        return out

    def earlier(self, quarter: Quarter) -> dict[tuple[str, str], int]:
        """(agency, milestone id) -> how many 督办单 of quarters before ``quarter`` listed it."""
        out: dict[tuple[str, str], int] = {}
        for i in self.issues:
            if i.kind == DUBAN and not i.withdrawn and Quarter.parse(i.quarter) < quarter:
                for mid in i.milestone_ids:
                    out[(i.agency, mid)] = out.get((i.agency, mid), 0) + 1
        return out

    # -- answers --------------------------------------------------------------------------
    @staticmethod
    def answered(issue: Issue, ledger: Ledger) -> int:
        """How many of the issue's items the agency answered: a later quarter's answer that
        changed the item (status, completion month, progress)."""
        quarter = Quarter.parse(issue.quarter)
        count = 0
        for mid in issue.milestone_ids:
            line = ledger.lines.get((mid, issue.agency))
            if line is None:
                continue
            before = line.as_of(quarter)
            if any(Quarter.parse(q) > quarter and (before is None or _said(a) != _said(before))
                   for q, a in line.answers.items()):
                count += 1
        return count

    def sheet(self, ledger: Ledger) -> "ExtraSheet":
        """The 督办台账 sheet of the 台账 workbook: what was issued, when, and whether answered."""
        from planbook.core.rules import LIGHT_WORDS
        from planbook.xlsx.workbook import ExtraSheet

        rows = []
        for i in sorted(self.issues, key=lambda i: (i.kind != DUBAN, i.year, i.n)):
            total = len(i.items)
            got = self.answered(i, ledger) if total else 0
            state = ("已撤回" if i.withdrawn else "已回复" if total and got == total
                     else f"部分回复（{got}/{total}）" if got else "未回复")
            items = "；".join(f"{d['milestone_id']}（{LIGHT_WORDS.get(str(d['light']), d['light'])}"
                             + (f"，第{d['times']}次督办" if int(d.get("times", 1)) > 1 else "") + "）"
                             for d in i.items)
            rows.append([i.number, i.kind, i.agency, i.quarter, str(total), items, i.issued, i.answer_by or "—",
                         state, "；".join(i.revisions)])
        return ExtraSheet("督办台账", ("编号", "类别", "单位", "督查季度", "事项数", "事项（节点）", "交办日期",
                                    "反馈时限", "是否回复", "重新生成"),
                          rows, (22, 8, 18, 9, 7, 50, 11, 11, 12, 12))
