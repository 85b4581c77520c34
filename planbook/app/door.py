"""The door: a workspace (the folder that holds the quarter folders, 台账/, the plan of record
and the office file) and the one way the command line, the demo, the tests and an office's
scripts run a quarter::

    ws = Workspace.create("output", plan="方案.xlsx")  # once; later: Workspace("output")
    q = ws.quarter("2023Q3")
    q.export(); q.collect(); q.report(); q.duban()
    ws.write_ledger_workbook()

Every path through it does what the command line does: the plan of record (an explicit plan
that differs is refused before any lock is taken or file touched), the office's identity in
every document (held back while it is the template's example), the previous quarter found by
identity, the folder's lock, workbooks exactly as issued skipped, withdrawals honoured, the
ledger updated. The stage functions (:func:`planbook.export`, :func:`planbook.collect`…)
stay public for power users who want one stage alone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from planbook.store.folder import DEFAULT_ROOT, QuarterFolder
from planbook.base.problems import fail
from planbook.core.quarter import Quarter
from planbook.app import plan_record
from planbook.app.office import OFFICE_FILE, OfficeIdentity, load_office, write_template
from planbook.app.plan_record import PlanOfRecord

if TYPE_CHECKING:  # pragma: no cover
    from planbook.ledger.lines import Ledger, Line
    from planbook.core.model import Plan
    from planbook.base.resources import Office
    from planbook.core.rules import Rules
    from planbook.app.quarter_run import QuarterRun
    from planbook.app.status import Status

Say = Callable[[str], None]


class Workspace:
    """A workspace and its plan of record: ``Workspace(root)``; ``plan=`` a plan file that must
    be the workspace's (or, in a folder made before ``init``, adopts it); ``draft=True`` lets
    documents out with example data, each page marked 草稿."""

    def __init__(self, root: str | Path = DEFAULT_ROOT, *, plan: str | Path | None = None, draft: bool = False,
                 say: Say | None = None, progress: Callable[[str], None] | None = None,
                 folder: str | Path | None = None, accept_doubts: bool = True) -> None:
        self.root = Path(root)
        self.say: Say = say or (lambda _text: None)
        self.draft = draft
        self.demo = False  # the demo's own office: never held back
        # ``folder``: the quarter folder a command is about, when not named by its quarter
        self.record: PlanOfRecord = _resolve(self.root, plan, self.say, progress,
                                             Path(folder) if folder is not None else None, accept_doubts)
        self.identity: OfficeIdentity = load_office(self.root)
        for notice in self.identity.notices:
            self.say(notice)

    @classmethod
    def create(cls, root: str | Path = DEFAULT_ROOT, plan: "str | Path | Plan | None" = None, *,
               mapping: str | Path | None = None, title: str = "", office: dict[str, str] | None = None,
               say: Say | None = None, progress: Callable[[str], None] | None = None,
               accept_doubts: bool = False) -> "Workspace":
        """``planbook init``: the plan copied in and stored as the plan of record (``plan``
        None: the embedded seed), the commented office file (``office`` sets its keys, e.g.
        ``{"name": …, "contact": …}``); a :class:`Plan` made in code is stored as it is. A
        workspace whose plan differs is refused untouched, and so is a plan whose reading
        :func:`planbook.plans.doubts` questions, unless ``accept_doubts`` or a ``mapping``."""
        from planbook.core.model import Plan

        root = Path(root)
        existing = plan_record.load(root)
        if isinstance(plan, Plan):
            if existing is not None and existing.plan.fingerprint != plan.fingerprint:
                raise plan_record.differs(root, existing, plan, "（脚本给出的方案）")
            plan_record.store_model(root, plan)
            write_template(root, office)
            return cls(root, say=say)
        if existing is not None and plan is not None:
            same = existing.file and plan_record.sha256_of(plan) == existing.sha256
            if not same:
                from planbook.plans import load_plan

                given = load_plan(plan, title=title, mapping=mapping, progress=progress)
                if given.fingerprint != existing.plan.fingerprint:
                    raise plan_record.differs(root, existing, given, plan)
        if existing is None or plan is not None:
            plan_record.store(root, plan, mapping, title=title, progress=progress, accept_doubts=accept_doubts)
        write_template(root, office)
        return cls(root, say=say)

    # -- what the workspace holds ----------------------------------------------------------
    @property
    def plan(self) -> "Plan":
        """The plan of record (with its targets as last found, :func:`plan_record.with_targets`)."""
        plan = self.record.plan
        if "_plan_targets" not in plan.__dict__ and "_keep_targets" not in plan.__dict__:
            plan_record.with_targets(self.root, plan)
        return plan

    @property
    def office_file(self) -> Path:
        """The workspace's office file (本单位.toml), whether written yet or not."""
        return self.root / OFFICE_FILE

    @property
    def rules(self) -> "Rules":
        """The office's rules (templates/supervision.toml under the workspace's 督查规则.toml),
        with the office file's identity in the 督办单 and 提醒函."""
        from planbook.core.rules import load_rules

        rules = load_rules(self.root)
        ident = self.identity
        return replace(rules, duban=replace(rules.duban, issuer=ident.name, signature=ident.unit,
                                            number=ident.duban_number),
                       reminders=replace(rules.reminders, number=ident.reminder_number))

    def office(self) -> "Office":
        """templates/office.toml (改正期限, 时区) with the office file's 督查室, 联系人 and 电话."""
        from planbook.base.problems import SettingsError
        from planbook.base.resources import OfficeSettingsError, office_settings

        try:
            base = office_settings()
        except OfficeSettingsError as exc:
            raise SettingsError(exc.args[0], file=exc.args[1]) from None
        return replace(base, name=self.identity.unit, contact=self.identity.contact, phone=self.identity.phone)

    def held_back(self) -> str:
        """Why documents naming the issuer may not go out ("" : they may): the office file
        still holds the template's example, or another office's names."""
        if self.demo:
            return ""
        found = self.identity.example_data(self.record.seed)
        if not found:
            return ""
        where = self.identity.file or str(self.office_file)
        return (f"本单位信息文件 {where} 中仍是示例或其他单位的信息（{'、'.join(found)}）：问题清单、督办单、提醒函、"
                f"督查通报和督查专报暂不生成。请把它改成本单位的机关名称、督查室、联系人和电话后重新运行"
                + ("" if Path(where).is_file() else "（先运行 planbook init 写出这个文件）")
                + "；只想先看看效果，可加 --draft（每页标明“草稿”）。")

    def hold_back(self) -> bool:
        """True when a document naming the issuer must not be written (see :meth:`held_back`)."""
        return bool(self.held_back()) and not self.draft

    def check_documents(self) -> None:
        """Stop before a document naming the issuer is written with example data."""
        if self.hold_back():
            raise fail("office_example", self.held_back(), file=self.identity.file or str(self.office_file))

    # -- a quarter -------------------------------------------------------------------------
    def quarter(self, quarter: Quarter | str, folder: str | Path | None = None) -> "QuarterRun":
        """One quarter of the workspace (its folder: ``folder``, default ``<root>/<quarter>``)."""
        from planbook.app.quarter_run import QuarterRun

        q = Quarter.parse(quarter)
        return QuarterRun(self, QuarterFolder.of(q, folder if folder is not None else self.root / str(q)))

    # -- the ledger ------------------------------------------------------------------------
    @property
    def ledger(self) -> "Ledger":
        """The workspace's 台账 (ledger.json), as it stands."""
        from planbook.ledger.lines import Ledger

        return Ledger.load(self.root)

    def _ledger_of_plan(self) -> "Ledger":
        book = self.ledger
        if not self.plan.owns(book.plan_fingerprint):
            from planbook.ledger.lines import Ledger

            raise fail("ledger_invalid", f"{Ledger.path(self.root)} 中的台账属于另一个方案（{book.plan_fingerprint}），"
                       f"不是工作目录的方案 {self.record.describe()}。方案修订了，请用 planbook ledger --revise。",
                       file=str(Ledger.path(self.root)))
        book.plan_fingerprint = self.plan.fingerprint
        return book

    def extend(self, milestone_id: str, agency: str, to_month: str, *, reason: str, ref: str = "") -> "Line":
        """Register an approved extension (the next collect judges by the new deadline)."""
        from planbook.ledger.lines import Ledger

        with Ledger.lock(self.root, "ledger"):
            book = self._ledger_of_plan()
            line = book.extend(self.plan, milestone_id, agency, to_month, reason=reason, ref=ref)
            book.save(self.root)
        return line

    def reopen(self, milestone_id: str, agency: str, quarter: Quarter | str | None = None, *, reason: str) -> "Line":
        """Reopen a closed (销号) milestone: it is filled in again from the next export."""
        from planbook.ledger.lines import Ledger

        with Ledger.lock(self.root, "ledger"):
            book = self._ledger_of_plan()
            line = book.reopen(self.plan, milestone_id, agency, quarter or Quarter.of(date.today()), reason=reason)
            book.save(self.root)
        return line

    def revise(self, new_plan: "str | Path | Plan", renames: "str | Path | dict[str, str] | None" = None) -> int:
        """A revised plan: the ledger carried over to it (``renames``: old agency name -> new,
        or a TOML file of them), which becomes the plan of record. Returns the lines carried."""
        from planbook.ledger.lines import Ledger
        from planbook.core.model import Plan
        from planbook.core.revision import read_renames

        names = renames if isinstance(renames, dict) else read_renames(str(renames) if renames else None)
        with Ledger.lock(self.root, "ledger"):
            book = self.ledger
            if not self.plan.owns(book.plan_fingerprint):
                raise fail("ledger_invalid", f"台账属于方案 {book.plan_fingerprint}，不是工作目录的方案 "
                           f"{self.record.describe()}。", file=str(Ledger.path(self.root)))
            if isinstance(new_plan, Plan):
                record = plan_record.store_model(self.root, new_plan, from_seed=self.record.seed)
            else:
                record = plan_record.store(self.root, new_plan)
            carried = book.revise(self.plan, record.plan, names)
            book.save(self.root)
        self.record = record
        return carried

    @property
    def ledger_workbook_path(self) -> Path:
        """Where :meth:`write_ledger_workbook` writes 台账.xlsx."""
        from planbook.ledger.lines import Ledger

        return Ledger.workbook_path(self.root)

    def write_ledger_workbook(self, as_of: Quarter | str | None = None) -> Path:
        """台账.xlsx: every milestone and lead agency by quarter, with the 督办台账 when letters were sent."""
        from planbook.ledger.lines import Ledger, ledger_workbook
        from planbook.supervision.register import Register

        with Ledger.lock(self.root, "ledger"):
            book = self._ledger_of_plan()
            register = [Register.load(self.root).sheet(book)] if Register.path(self.root).is_file() else []
            return ledger_workbook(book, self.plan, Ledger.workbook_path(self.root),
                                   as_of=Quarter.parse(as_of) if as_of else None, extra=register, rules=self.rules)

    def status(self) -> "Status":
        """Where the workspace stands: its plan and office, each quarter, the next step."""
        from planbook.app.status import workspace_status

        return workspace_status(self.root, self.record, self.identity, self.held_back())


def _resolve(root: Path, plan_file: str | Path | None, say: Say,
             progress: Callable[[str], None] | None, folder: Path | None, accept_doubts: bool = True) -> PlanOfRecord:
    """The plan a command uses, decided before it takes a lock or touches a file. A plan new
    to the folder (no plan of record, no records) with doubts about its reading is refused
    unless ``accept_doubts`` (``export --yes``)."""
    record = plan_record.load(root)
    if record is not None and plan_file is None:
        return record  # the stored plan: the plan readers are not even imported
    from planbook.plans import load_plan, seed_plan

    if record is not None and plan_file is not None:
        if record.file and plan_record.sha256_of(plan_file) == record.sha256:
            return record
        given = load_plan(plan_file, progress=progress)
        if given.fingerprint != record.plan.fingerprint:
            raise plan_record.differs(root, record, given, plan_file)
        return record
    known = plan_record.fingerprints_in(root, folder)  # a folder made before init
    seed = seed_plan()
    if plan_file is None:
        others = known - {seed.fingerprint}
        if others:
            raise fail("workspace_plan_differs", f"工作目录 {root} 中的汇总结果或台账属于方案（标识 "
                       f"{'、'.join(sorted(others))}），不是内置的大连市方案。请写一次 --plan 该方案的文件"
                       "（工作目录会记住它，以后不用再写），或用 planbook init --plan 方案文件 登记。", file=str(root))
        return PlanOfRecord(seed, seed=True)
    given = load_plan(plan_file, progress=progress, refuse_doubts=not (accept_doubts or known))
    if not known:
        return PlanOfRecord(given, file=str(plan_file))
    if known == {given.fingerprint}:
        adopted = plan_record.store(root, plan_file)
        say(f"提示：{plan_file} 已登记为工作目录 {root} 的方案，以后的命令不用再写 --plan。")
        return adopted
    raise fail("workspace_plan_differs", f"工作目录 {root} 中的汇总结果或台账属于方案（标识 {'、'.join(sorted(known))}），"
               f"--plan {plan_file} 是另一个方案（标识 {given.fingerprint}）。未做任何改动。请给出原来的方案文件；"
               "方案修订了，请用 planbook ledger --revise。", file=str(plan_file), value=given.fingerprint)
