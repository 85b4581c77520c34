"""The ledger (台账): what each lead agency reported for each milestone, quarter after quarter.

One line per milestone and agency that answers for it, kept in the workspace (``台账/`` beside
the quarter folders) and updated by every collect:

- an answer stands until a later return changes it: an agency that sends nothing keeps its
  last answers, shown as reported in the quarter they came from, so silence never turns a
  completed milestone overdue;
- a milestone 已完成 with its completion month is closed (销号): the next export shows it
  done and locked, not asked again; the office can reopen it (``planbook ledger --reopen``);
- an approved extension (延期) moves the deadline that overdue is judged by;
- the office's review (审核表, :mod:`planbook.collection.verdicts`) rules on 已完成: 退回 and
  存疑 keep the line open, 认可 closes it (and, with ``[review] required``, only 认可 does);
  a verdict stands until a later one supersedes it, and every verdict stays in the history;
- a regression from 已完成 is a problem that needs an explanation in 进展情况.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from planbook.base.files import json_lines, write_if_changed
from planbook.core.statuses import ACCEPTED, DONE, as_ruled, month_end, month_label, parse_month
from planbook.core.model import Milestone, Plan
from planbook.base.problems import Problem, fail
from planbook.core.quarter import Quarter
from planbook.store.record import Entry, QuarterRecord

if TYPE_CHECKING:  # pragma: no cover
    from planbook.base.lock import FolderLock
    from planbook.core.rules import Rules
    from planbook.xlsx.workbook import ExtraSheet

LEDGER_FOLDER = "台账"
LEDGER_FILE = "ledger.json"
LEDGER_WORKBOOK = "台账.xlsx"
LEDGER_VERSION = 1


@dataclass(frozen=True)
class Answer:
    """One quarter's answer of one agency for one milestone, and the return it came from."""

    quarter: str
    status: str
    done_month: str = ""
    expected_month: str = ""
    progress: str = ""
    issues: str = ""
    next_steps: str = ""
    evidence: str = ""
    file: str = ""
    sha256: str = ""
    actuals: dict[str, float] = field(default_factory=dict, hash=False)  # target number -> 完成值
    actuals_from: dict[str, str] = field(default_factory=dict, hash=False)  # an actual's earlier quarter

    @classmethod
    def of(cls, entry: Entry, quarter: str) -> "Answer":
        """The entry's own answer (actuals standing from earlier quarters stay theirs)."""
        own = {n: v for n, v in entry.actuals.items() if n not in entry.actuals_from}
        return cls(quarter, entry.status, entry.done_month, entry.expected_month, entry.progress, entry.issues,
                   entry.next_steps, entry.evidence, entry.file, entry.sha256, own)

    def entry(self, agency: str, task_id: str, milestone_id: str) -> Entry:
        """The answer as a record entry, marked with the quarter it was reported in."""
        return Entry(agency, task_id, milestone_id, self.status, self.progress, self.evidence, self.file, self.sha256,
                     done_month=self.done_month, expected_month=self.expected_month, issues=self.issues,
                     next_steps=self.next_steps, reported_in=self.quarter, actuals=dict(self.actuals),
                     actuals_from={n: self.actuals_from.get(n, self.quarter) for n in self.actuals})


@dataclass
class Line:
    """A milestone and one agency answering for it."""

    milestone_id: str
    agency: str
    answers: dict[str, Answer] = field(default_factory=dict)  # quarter -> answer
    extensions: list[dict[str, str]] = field(default_factory=list)  # {deadline, reason, ref, granted}
    reopened: list[dict[str, str]] = field(default_factory=list)  # {quarter, reason, at}
    reviews: list[dict[str, str]] = field(default_factory=list)  # {quarter, verdict, opinion, at, reviewer, answer}
    requests: list[dict[str, str]] = field(default_factory=list)
    """延期申请 filed in a return: {quarter, deadline, reason, late ("1": filed after the deadline),
    decision ("" / granted / refused), opinion, at, reviewer}."""

    def as_of(self, quarter: Quarter) -> Answer | None:
        """The answer standing at the end of ``quarter``: the latest reported by then, with the
        latest actual of each target (a blank 完成值 does not erase an earlier one)."""
        got = sorted((q for q in self.answers if Quarter.parse(q) <= quarter), key=Quarter.parse)
        if not got:
            return None
        answer = self.answers[got[-1]]
        actuals, since = dict(answer.actuals), {}
        for q in reversed(got[:-1]):
            for n, value in self.answers[q].actuals.items():
                if n not in actuals:
                    actuals[n], since[n] = value, q
        return replace(answer, actuals=actuals, actuals_from=since) if since else answer

    def actual_history(self, n: int) -> dict[str, float]:
        """Quarter -> the n-th target's actual, as reported each quarter."""
        return {q: a.actuals[str(n)] for q, a in sorted(self.answers.items(), key=lambda qa: Quarter.parse(qa[0]))
                if str(n) in a.actuals}

    def verdict_as_of(self, quarter: Quarter) -> dict[str, str] | None:
        """The office's verdict standing at the end of ``quarter``: the latest given on a
        quarter up to it (a later one supersedes an earlier; both stay in :attr:`reviews`)."""
        got = [r for r in self.reviews if Quarter.parse(r["quarter"]) <= quarter]
        return got[-1] if got else None

    def closed_as_of(self, quarter: Quarter, required: bool = False) -> bool:
        """销号: 已完成 with its completion month, not 退回 or 存疑 by the office's review (with
        ``required``: 认可 by it), and not reopened since."""
        answer = self.as_of(quarter)
        if answer is None or answer.status != DONE or not answer.done_month:
            return False
        verdict = self.verdict_as_of(quarter) if self.reviews else None
        if (verdict["verdict"] if verdict else "") != ACCEPTED and (required or verdict is not None):
            return False
        return not any(Quarter.parse(r["quarter"]) >= Quarter.parse(answer.quarter)
                       and Quarter.parse(r["quarter"]) <= quarter for r in self.reopened)

    @property
    def extended_to(self) -> str:
        """The latest approved deadline (``YYYY-MM``), or ""."""
        return self.extensions[-1]["deadline"] if self.extensions else ""


def _stored(answer: Answer) -> dict[str, Any]:
    """An answer as ledger.json keeps it: its own actuals only, and none when it has none."""
    out = asdict(answer)
    out.pop("actuals_from")
    if not out["actuals"]:
        out.pop("actuals")
    return out


@dataclass
class Ledger:
    """Every line of the workspace's plan, with their history."""

    plan_fingerprint: str = ""
    lines: dict[tuple[str, str], Line] = field(default_factory=dict)
    versions: list[dict[str, Any]] = field(default_factory=list)  # earlier plans: {fingerprint, plan, renames, at}

    # -- reading and writing ------------------------------------------------------------------
    @staticmethod
    def path(workspace: str | Path) -> Path:
        return Path(workspace) / LEDGER_FOLDER / LEDGER_FILE

    @staticmethod
    def workbook_path(workspace: str | Path) -> Path:
        """Where ``planbook ledger`` writes the 台账 workbook."""
        return Path(workspace) / LEDGER_FOLDER / LEDGER_WORKBOOK

    @staticmethod
    def lock(workspace: str | Path, command: str) -> "FolderLock":
        """The ledger's lock: quarters collected at once share the ledger."""
        from planbook.store.folder import STATE_FOLDER
        from planbook.base.lock import FolderLock

        return FolderLock(Path(workspace) / LEDGER_FOLDER / STATE_FOLDER, command)

    @classmethod
    def load(cls, workspace: str | Path) -> "Ledger":
        path = cls.path(workspace)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            raise fail("ledger_unreadable", f"台账文件 {path} 无法读取（{exc}）。请从 备份/ 恢复或删除后重新汇总各季度。",
                       file=str(path)) from None
        names = {f.name for f in fields(Answer)}
        ledger = cls(data.get("plan_fingerprint", ""), versions=list(data.get("versions", [])))
        for d in data.get("lines", []):
            line = Line(d["milestone_id"], d["agency"],
                        {q: Answer(**{k: v for k, v in a.items() if k in names}) for q, a in d.get("answers", {}).items()},
                        list(d.get("extensions", [])), list(d.get("reopened", [])), list(d.get("reviews", [])),
                        list(d.get("requests", [])))
            ledger.lines[(line.milestone_id, line.agency)] = line
        return ledger

    def save(self, workspace: str | Path) -> Path:
        path = self.path(workspace)
        data = {"version": LEDGER_VERSION, "plan_fingerprint": self.plan_fingerprint,
                "lines": [{"milestone_id": line.milestone_id, "agency": line.agency,
                           "answers": {q: _stored(a) for q, a in sorted(line.answers.items())},
                           "extensions": line.extensions, "reopened": line.reopened,
                           **({"reviews": line.reviews} if line.reviews else {}),
                           **({"requests": line.requests} if line.requests else {})}
                          for _, line in sorted(self.lines.items())],
                "versions": self.versions}
        write_if_changed(path, json_lines(data))
        return path

    def line(self, milestone_id: str, agency: str) -> Line:
        key = (milestone_id, agency)
        if key not in self.lines:
            self.lines[key] = Line(milestone_id, agency)
        return self.lines[key]

    # -- what stands --------------------------------------------------------------------------
    def standing(self, quarter: Quarter) -> dict[tuple[str, str], Answer]:
        """(agency, milestone id) -> the answer standing at the end of ``quarter``."""
        out = {}
        for (mid, agency), line in self.lines.items():
            answer = line.as_of(quarter)
            if answer is not None:
                out[(agency, mid)] = answer
        return out

    def closed(self, quarter: Quarter, required: bool = False) -> set[tuple[str, str]]:
        """(agency, milestone id) closed (销号) by the end of ``quarter`` (``required``: the
        rules' ``[review] required``, 已完成 closed only once 认可)."""
        return {(agency, mid) for (mid, agency), line in self.lines.items() if line.closed_as_of(quarter, required)}

    @property
    def reviewed(self) -> bool:
        """Whether the office has ever reviewed a line."""
        return any(line.reviews for line in self.lines.values())

    def verdicts(self, quarter: Quarter) -> list[dict[str, str]]:
        """The verdicts standing at the end of ``quarter``, as a record keeps them
        (milestone_id, agency, verdict, opinion, quarter reviewed, at, reviewer)."""
        out = []
        for (mid, agency), line in sorted(self.lines.items()):
            verdict = line.verdict_as_of(quarter) if line.reviews else None
            if verdict is not None:
                out.append({"milestone_id": mid, "agency": agency, **verdict})
        return out

    def review(self, milestone_id: str, agency: str, quarter: Quarter, verdict: str, opinion: str, *,
               reviewer: str = "", at: str = "") -> bool:
        """Record the office's verdict on a line for ``quarter``; False (nothing added) when it
        is the verdict standing already, so reading the same 审核表 again changes nothing."""
        line = self.line(milestone_id, agency)
        standing = line.verdict_as_of(quarter)
        if standing is not None and standing["quarter"] == str(quarter) and standing["verdict"] == verdict \
                and standing.get("opinion", "") == opinion:
            return False
        answer = line.as_of(quarter)
        line.reviews.append({"quarter": str(quarter), "verdict": verdict, "opinion": opinion,
                             "at": at or date.today().isoformat(), "reviewer": reviewer,
                             "answer": answer.quarter if answer else ""})
        return True

    def deadlines(self, plan: Plan) -> dict[str, date]:
        """Milestone id -> the deadline overdue is judged by, where an extension moved it."""
        out: dict[str, date] = {}
        for (mid, _agency), line in self.lines.items():
            if line.extended_to:
                out[mid] = max(out.get(mid, date.min), month_end(line.extended_to))
        return out

    def earlier_plans(self) -> dict[str, tuple[Plan, dict[str, str]]]:
        """Earlier versions of the plan, by fingerprint, with the renames to the current one."""
        out = {}
        for v in self.versions:
            out[v["fingerprint"]] = (Plan.from_dict(v["plan"]), dict(v.get("renames", {})))
        return out

    # -- changes ------------------------------------------------------------------------------
    def revise(self, old: Plan, new: Plan, renames: Mapping[str, str]) -> int:
        """Carry the ledger over to a revised plan: lines follow their milestone (same id and
        text) and the renamed agency; merged agencies keep the later answer of each quarter.
        Returns how many lines were carried. Returns of the earlier version stay readable."""
        from planbook.core.revision import compare

        rev = compare(old, new, renames)
        keep = rev.matching()
        carried: dict[tuple[str, str], Line] = {}
        for (mid, agency), line in sorted(self.lines.items()):
            if mid not in keep:
                continue
            name = renames.get(agency, agency)
            if name not in new.task(new.milestone(mid).task_id).responsible:
                continue  # reassigned: the new lead starts afresh
            target = carried.setdefault((mid, name), Line(mid, name))
            for q, answer in line.answers.items():
                if q not in target.answers or Quarter.parse(q) >= Quarter.parse(answer.quarter):
                    target.answers[q] = answer
            target.extensions += line.extensions
            target.reopened += line.reopened
            target.reviews += line.reviews
            target.requests += line.requests
        self.lines = carried
        earlier = [v for v in self.versions if v["fingerprint"] != old.fingerprint]
        for v in earlier:  # older versions map through this revision too
            v["renames"] = {a: renames.get(b, b) for a, b in v.get("renames", {}).items()}
        self.versions = earlier + [{"fingerprint": old.fingerprint, "plan": old.to_dict(include_source=False),
                                    "renames": dict(renames), "at": date.today().isoformat()}]
        self.plan_fingerprint = new.fingerprint
        return len(carried)


    def record(self, record: QuarterRecord) -> None:
        """Take a collected quarter in: its own answers replace that quarter's answers (a
        re-collect of the quarter changes nothing else); carried answers are not new."""
        quarter = record.quarter
        self.plan_fingerprint = record.plan_fingerprint
        for line in self.lines.values():
            line.answers.pop(quarter, None)
        for e in record.entries:
            if e.reported_in or not e.status:
                continue
            self.line(e.milestone_id, e.agency).answers[quarter] = Answer.of(e, quarter)

    def file_requests(self, quarter: Quarter, requests: Iterable[Mapping[str, str]]) -> None:
        """The quarter's 延期申请 as collected (milestone_id, agency, deadline, reason, late):
        they replace the quarter's earlier ones, keeping a decision already taken on the same request."""
        for line in self.lines.values():
            line.requests = [r for r in line.requests if r["quarter"] != str(quarter) or r.get("decision")]
        for req in requests:
            line = self.line(req["milestone_id"], req["agency"])
            same = [r for r in line.requests if r["quarter"] == str(quarter) and r["deadline"] == req["deadline"]]
            if same:
                continue
            line.requests = [r for r in line.requests if r["quarter"] != str(quarter)]
            line.requests.append({"quarter": str(quarter), "deadline": req["deadline"], "reason": req.get("reason", ""),
                                  "late": req.get("late", ""), "decision": "", "opinion": "", "at": "", "reviewer": ""})

    def requests_of(self, quarter: Quarter) -> list[dict[str, str]]:
        """The 延期申请 filed in ``quarter``, each with its milestone_id and agency."""
        return [{"milestone_id": mid, "agency": agency, **r} for (mid, agency), line in sorted(self.lines.items())
                for r in line.requests if r["quarter"] == str(quarter)]

    def decide_request(self, plan: Plan, milestone_id: str, agency: str, quarter: Quarter, verdict: str,
                       opinion: str, *, reviewer: str = "", at: str = "") -> bool:
        """The office's decision on a 延期申请 (认可: granted, as :meth:`extend`; 退回: refused;
        存疑: not decided); False when it is the decision taken already."""
        line = self.line(milestone_id, agency)
        req = next((r for r in reversed(line.requests) if r["quarter"] == str(quarter)), None)
        if req is None:
            return False
        decision = {"认可": "granted", "退回": "refused"}.get(verdict, "")
        if req.get("decision", "") == decision and req.get("opinion", "") == opinion:
            return False
        if decision == "granted" and req.get("decision") != "granted":
            self.extend(plan, milestone_id, agency, req["deadline"], reason=req.get("reason") or "单位申请延期",
                        ref=f"{quarter}审核表")
        elif req.get("decision") == "granted" and decision != "granted":
            line.extensions = [e for e in line.extensions if e.get("ref") != f"{quarter}审核表"]
        req.update(decision=decision, opinion=opinion, at=at or date.today().isoformat(), reviewer=reviewer)
        return True

    def extend(self, plan: Plan, milestone_id: str, agency: str, deadline: str, *, reason: str, ref: str = "") -> Line:
        milestone = _milestone(plan, milestone_id)
        month = parse_month(deadline)
        if not month:
            raise fail("ledger_invalid", f"延期后的完成时限“{deadline}”不是年月，请写作 2024年6月。", value=deadline,
                       allowed="如 2024年6月")
        if milestone.deadline is not None and month_end(month) <= milestone.deadline:
            raise fail("ledger_invalid", f"延期后的完成时限 {month_label(month)} 不晚于原完成时限 "
                       f"{milestone.deadline_text or milestone.deadline}。", value=deadline)
        if not reason.strip():
            raise fail("ledger_invalid", "延期须写明原因（--reason）。", value="（空）")
        line = self.line(milestone_id, _agency(plan, milestone, agency))
        line.extensions.append({"deadline": month, "reason": reason.strip(), "ref": ref.strip(),
                                "granted": date.today().isoformat()})
        for req in line.requests:  # ``ledger --extend`` answers a pending 延期申请 of the line
            if not req.get("decision"):
                req.update(decision="granted", opinion=f"延期至{month_label(month)}", at=date.today().isoformat())
        return line

    def reopen(self, plan: Plan, milestone_id: str, agency: str, quarter: Quarter | str, *, reason: str) -> Line:
        milestone = _milestone(plan, milestone_id)
        line = self.line(milestone_id, _agency(plan, milestone, agency))
        if not reason.strip():
            raise fail("ledger_invalid", "重新打开（取消销号）须写明原因（--reason）。", value="（空）")
        line.reopened.append({"quarter": str(Quarter.parse(quarter)), "reason": reason.strip(),
                              "at": date.today().isoformat()})
        return line


def _milestone(plan: Plan, milestone_id: str) -> Milestone:
    try:
        return plan.milestone(milestone_id)
    except (KeyError, IndexError, ValueError):
        raise fail("ledger_invalid", f"方案中没有节点“{milestone_id}”。节点写作“任务号-序号”，如 7-2。",
                   value=milestone_id) from None


def _agency(plan: Plan, milestone: Milestone, agency: str) -> str:
    responsible = plan.task(milestone.task_id).responsible
    if agency not in responsible:
        raise fail("ledger_invalid", f"“{agency}”不是节点 {milestone.id} 的牵头单位（{'、'.join(responsible)}）。",
                   value=agency, allowed="、".join(responsible))
    return agency


def regressions(entries: Iterable[Entry], before: Mapping[tuple[str, str], Answer]) -> list[Problem]:
    """A milestone reported 已完成 before and something else now: a problem, an error unless
    the 进展情况 says why."""
    out = []
    for e in entries:
        if e.reported_in or not e.status or e.status == DONE:
            continue
        was = before.get((e.agency, e.milestone_id))
        if was is None or was.status != DONE:
            continue
        explained = bool(e.progress) and not e.carried
        out.append(Problem(
            "status_regressed", f"节点 {e.milestone_id} 在 {was.quarter} 报为“已完成”"
            + (f"（{month_label(was.done_month)}完成）" if was.done_month else "")
            + f"，本季度报为“{e.status}”。" + ("进展情况中已作说明，请核实。" if explained else
                                             "请在“进展情况”中说明原因，或更正完成状态。"),
            "warning" if explained else "error", file=e.file, sheet=e.sheet, cell=e.cell, agency=e.agency,
            task_id=e.task_id, milestone_id=e.milestone_id, field="完成状态", value=e.status, allowed=DONE))
    return out


def with_standing_actuals(entry: Entry, standing: Answer | None) -> Entry:
    """This quarter's entry with the actuals it left blank taken from the answer standing
    before, each marked with the quarter it was reported in."""
    if standing is None or not standing.actuals:
        return entry
    missing = {n: v for n, v in standing.actuals.items() if n not in entry.actuals}
    if not missing:
        return entry
    return replace(entry, actuals={**entry.actuals, **missing},
                   actuals_from={**entry.actuals_from,
                                 **{n: standing.actuals_from.get(n, standing.quarter) for n in missing}})


def carried_entries(plan: Plan, before: Mapping[tuple[str, str], Answer],
                    answered: Iterable[tuple[str, str]]) -> list[Entry]:
    """The standing answers of agencies that did not answer a milestone this quarter, as
    entries marked with the quarter they were reported in."""
    have = set(answered)
    out = []
    for task in plan.tasks:
        for m in task.milestones:
            for agency in task.responsible:
                if (agency, m.id) in have:
                    continue
                was = before.get((agency, m.id))
                if was is not None:
                    out.append(was.entry(agency, task.id, m.id))
    return out


def carried_record(record: QuarterRecord, old: Plan, plan: Plan, renames: Mapping[str, str]) -> QuarterRecord:
    """A record of an earlier version of the plan, as the revised plan reads it (to pre-fill
    the next workbooks): agencies renamed, answers of milestones that are still the same
    milestone and still led by the agency kept, the office's verdicts with them."""
    from dataclasses import replace as _replace

    from planbook.core.revision import same_milestone

    def kept(mid: str, agency: str) -> bool:
        new_m = plan.find_milestone(mid)
        return (new_m is not None and old.find_milestone(mid) is not None
                and same_milestone(old.milestone(mid), new_m) and agency in plan.task(new_m.task_id).responsible)

    entries = [_replace(e, agency=renames.get(e.agency, e.agency)) for e in record.entries]
    reviews = [{**r, "agency": renames.get(r["agency"], r["agency"])} for r in record.reviews]
    return QuarterRecord(record.quarter, plan.fingerprint, record.generated_at,
                         entries=[e for e in entries if kept(e.milestone_id, e.agency)],
                         reviews=[r for r in reviews if kept(r["milestone_id"], r["agency"])])


def workspace_of(quarter_folder: str | Path) -> Path:
    """The workspace of a quarter's folder: the folder that holds the quarters (and 台账/)."""
    return Path(quarter_folder).resolve().parent


def as_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


# -- the 台账 workbook ---------------------------------------------------------------------------
def ledger_workbook(ledger: Ledger, plan: Plan, path: str | Path, *, as_of: Quarter | None = None,
                    extra: "Iterable[ExtraSheet]" = (), rules: "Rules | None" = None) -> Path:
    """The 台账 an office keeps by hand today: a row per milestone and lead agency, a column
    per quarter's status, the completion month, the extension, the light as of ``as_of``
    (default: the latest quarter collected); a sheet per agency; the extensions granted;
    ``extra`` sheets after them (the 督办台账 of :mod:`planbook.supervision`)."""
    from planbook.core.quarter import light, span_starts
    from planbook.core.rules import LIGHT_WORDS
    from planbook.xlsx.workbook import ExtraSheet, write_tables_workbook

    quarters = sorted({q for line in ledger.lines.values() for q in line.answers}, key=Quarter.parse)
    as_of = as_of or (Quarter.parse(quarters[-1]) if quarters else None)
    shown = [q for q in quarters if as_of is None or Quarter.parse(q) <= as_of]
    reviewed = ledger.reviewed
    header = ("任务", "节点", "节点目标", "完成时限", "延期至", "牵头单位", *(f"{q}状态" for q in shown),
              "当前状态", "完成时间", "灯", "销号", "最近报送", *(REVIEW_COLUMNS if reviewed else ()))
    widths = (6, 7, 40, 12, 10, 16, *(9 for _ in shown), 9, 9, 6, 6, 10, *((8, 30, 11, 10) if reviewed else ()))
    required = rules.review.required if rules is not None else False
    lights = LIGHT_WORDS
    rows: dict[str, list[list[str]]] = {}
    everything: list[list[str]] = []
    for task in plan.tasks:
        starts = span_starts(task.milestones)
        for m in task.milestones:
            for agency in task.responsible:
                line = ledger.lines.get((m.id, agency)) or Line(m.id, agency)
                now = line.as_of(as_of) if as_of else None
                status = now.status if now else ""
                verdict = (line.verdict_as_of(as_of) if as_of and line.reviews else None) or {}
                ruled = as_ruled(status, verdict.get("verdict", ""))  # counted, lit and shown as the count does
                sent_back, status = ruled != status, ruled
                extended = month_end(line.extended_to) if line.extended_to else None
                row = [task.id, m.id, m.text, m.deadline_text or "无", month_label(line.extended_to)
                       if line.extended_to else "", agency,
                       *(line.answers[q].status if q in line.answers else "—" for q in shown),
                       (status or "未报送") + ("（自报已完成，审核退回）" if sent_back else ""),
                       month_label(now.done_month) if now and now.done_month and not sent_back else "",
                       _light_word(lights[light(m, status, as_of, extended, rules=rules,
                                                progress=now.progress if now else "",
                                                start=starts.get(m.id))], status) if as_of else "",
                       "是" if as_of and line.closed_as_of(as_of, required) else "",
                       now.quarter if now else ""]
                if reviewed:
                    row += [verdict.get("verdict", ""), verdict.get("opinion", ""), verdict.get("at", ""),
                            verdict.get("reviewer", "")]
                everything.append(row)
                rows.setdefault(agency, []).append(row)
    sheets = [ExtraSheet("台账", header, everything, widths)]
    used = {"台账", "延期登记", "量化目标"}
    for agency in plan.agency_names:
        name = agency[:31]
        while name in used:
            name = name[:29] + "_"
        used.add(name)
        sheets.append(ExtraSheet(name, header, rows.get(agency, []), widths))
    extensions = [[line.milestone_id, line.agency, month_label(e["deadline"]), e.get("reason", ""), e.get("ref", ""),
                   e.get("granted", "")] for _, line in sorted(ledger.lines.items()) for e in line.extensions]
    sheets.insert(1, ExtraSheet("延期登记", ("节点", "单位", "延期至", "原因", "批准文号", "登记日期"), extensions,
                                (8, 20, 10, 40, 24, 12)))
    if reviewed or any(line.requests for line in ledger.lines.values()):
        sheets.insert(2, _history_sheet(ledger))
    targets = _targets_sheet(ledger, plan, shown, as_of, rules)
    if targets is not None:
        sheets.insert(2, targets)
    sheets += list(extra)
    title = f"{plan.title or '重点任务'}台账" + (f"（截至{as_of.label}）" if as_of else "")
    return write_tables_workbook(path, sheets, title=title, paper=8)


REVIEW_COLUMNS = ("审核结论", "审核意见", "审核日期", "审核人")
"""The 台账's columns for the office's verdict standing on each line (where it reviews)."""


def _history_sheet(ledger: Ledger) -> "ExtraSheet":
    """审核和延期申请: every verdict given (a later one supersedes, both stay) and every
    延期申请 filed, with its decision."""
    from planbook.xlsx.workbook import ExtraSheet

    rows = []
    for _, line in sorted(ledger.lines.items()):
        for r in line.reviews:
            rows.append([line.milestone_id, line.agency, r["quarter"], "已完成审核", r["verdict"], r.get("opinion", ""),
                         r.get("at", ""), r.get("reviewer", "")])
        for r in line.requests:
            decision = {"granted": "批准", "refused": "不批准"}.get(r.get("decision", ""), "待审核")
            rows.append([line.milestone_id, line.agency, r["quarter"],
                         f"延期申请至{month_label(r['deadline'])}" + ("（逾期提出）" if r.get("late") else ""),
                         decision, r.get("opinion", "") or r.get("reason", ""), r.get("at", ""), r.get("reviewer", "")])
    return ExtraSheet("审核记录", ("节点", "单位", "季度", "事项", "审核结论", "意见或理由", "审核日期", "审核人"), rows,
                      (8, 20, 9, 18, 9, 40, 11, 10))


def _light_word(word: str, status: str) -> str:
    """The 台账's 灯 column: a line not reported says 未报送, never 绿灯 or 蓝灯 (the legend's
    green is done or on track)."""
    return word if status or word in ("红灯", "黄灯") else "未报送"


def _targets_sheet(ledger: Ledger, plan: Plan, shown: list[str], as_of: Quarter | None,
                   rules: "Rules | None") -> "ExtraSheet | None":
    """量化目标: a row per target and lead agency, its 完成值 each quarter, the latest with
    the quarter it was reported in, and whether it meets the target."""
    from planbook.core.quarter import is_due
    from planbook.core.measures import format_value, judge, plan_targets
    from planbook.xlsx.workbook import ExtraSheet

    found = plan_targets(plan)
    if not found:
        return None
    rows: list[list[str]] = []
    for task in plan.tasks:
        for m in task.milestones:
            for n, t in enumerate(found.get(m.id, ()), 1):
                for agency in task.responsible:
                    line = ledger.lines.get((m.id, agency)) or Line(m.id, agency)
                    history = {q: v for q, v in line.actual_history(n).items()
                               if as_of is None or Quarter.parse(q) <= as_of}
                    latest = max(history, key=Quarter.parse) if history else ""
                    verdict = judge(t, history[latest]) if latest else "未填报"
                    if as_of is not None and not is_due(m, as_of, rules=rules):
                        verdict += "（未到期）"
                    rows.append([m.id, agency, t.metric, t.goal, m.deadline_text or "无",
                                 *(format_value(history[q]) + t.unit if q in history else "—" for q in shown),
                                 format_value(history[latest]) + t.unit if latest else "", latest, verdict])
    header = ("节点", "牵头单位", "指标", "目标", "完成时限", *(f"{q}完成值" for q in shown), "最新完成值", "报送季度",
              "达标情况")
    widths = (7, 16, 24, 14, 10, *(10 for _ in shown), 10, 9, 12)
    return ExtraSheet("量化目标", header, rows, widths)
