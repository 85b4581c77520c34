"""A quarter of a workspace, run as the office runs it (:meth:`Workspace.quarter`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol, Sequence

from planbook.store.folder import QuarterFolder
from planbook.base.problems import PlanbookError, fail

if TYPE_CHECKING:  # pragma: no cover
    from planbook.collection.workflow import QuarterCollect as QuarterCollect  # the CLI prints it
    from planbook.ledger.lines import Ledger
    from planbook.core.model import Plan
    from planbook.store.record import QuarterRecord, ReturnFile
    from planbook.report.duban import Issued
    from planbook.base.resources import Office
    from planbook.core.rules import Rules
    from planbook.issue.workbooks import ExportResult
    from planbook.app.office import OfficeIdentity
    from planbook.app.reviewing import Reviewed

Progress = Callable[[str], None] | None


class Door(Protocol):
    """What a quarter needs of its workspace (:class:`planbook.app.Workspace`)."""

    say: Callable[[str], None]
    draft: bool
    identity: "OfficeIdentity"

    @property
    def plan(self) -> "Plan": ...  # noqa: D102
    @property
    def ledger(self) -> "Ledger": ...  # noqa: D102
    @property
    def rules(self) -> "Rules": ...  # noqa: D102
    def office(self) -> "Office": ...  # noqa: D102
    def held_back(self) -> str: ...  # noqa: D102
    def check_documents(self) -> None: ...  # noqa: D102


@dataclass
class Written:
    """A report written: the .docx, its PDF, and the quarter it was compared with."""

    path: Path
    pdf: Path | None = None
    compared: "QuarterRecord | None" = None


class QuarterRun:
    """One quarter of the workspace: :meth:`export`, :meth:`collect`, :meth:`report`,
    :meth:`duban`, each under the folder's lock, by the workspace's plan, office and rules."""

    def __init__(self, workspace: Door, folder: QuarterFolder) -> None:
        self.workspace = workspace
        self.folder = folder
        self.quarter = folder.quarter

    def previous(self, given: str | Path | None = None, *, revised: bool = False) -> "QuarterRecord | None":
        """The previous quarter's record, found by identity (``given``: its folder); None,
        with a notice, when there is none or it belongs to another plan (``revised``: of an
        earlier version of the plan the ledger carried over, it is read as the revised plan
        reads it, for pre-filling)."""
        from planbook.store.record import QuarterRecord
        from planbook.store.session import find_previous, previous_notice

        found = find_previous(self.folder, given)
        if found is None:
            self.workspace.say(previous_notice(self.folder, None))
            return None
        record = QuarterRecord.load(found.record)
        if record.plan_fingerprint != self.workspace.plan.fingerprint:
            earlier = self.workspace.ledger.earlier_plans() if revised else {}
            if record.plan_fingerprint in earlier:
                from planbook.ledger.lines import carried_record

                return carried_record(record, earlier[record.plan_fingerprint][0], self.workspace.plan,
                                      earlier[record.plan_fingerprint][1])
            self.workspace.say(f"提示：{found.path} 的汇总结果属于另一个方案，不用于预填和对比。")
            return None
        return record

    def export(self, *, agencies: Sequence[str] | None = None, password: str | None = None, jobs: int | None = None,
               prefill: bool = True, previous: str | Path | None = None, force: bool = False, master: bool = True,
               progress: Progress = None) -> "ExportResult":
        """下发: the master and each agency's workbook (``agencies``: only these), pre-filled
        from the previous quarter, closed (销号) milestones locked."""
        from contextlib import nullcontext

        from planbook.store.session import FolderSession

        plan = self.workspace.plan
        known = agencies is None or all(a in plan.agency_names for a in agencies)  # else export refuses, touching nothing
        with FolderSession(self.folder, "export", say=self.workspace.say) if known else nullcontext():
            from planbook.issue.workbooks import export  # (loaded under the lock, held from the start)

            before = self.previous(previous, revised=True) if prefill else None
            closed: set[tuple[str, str]] = set()
            if before is not None:
                book = self.workspace.ledger
                if book.plan_fingerprint == plan.fingerprint:
                    closed = book.closed(self.quarter.previous, self.workspace.rules.review.required)
            return export(plan, self.quarter, self.folder.path, agencies=agencies, password=password, master=master,
                          previous_record=before, jobs=jobs, progress=progress, force=force, closed=closed,
                          requests=self.workspace.rules.review.extension_requests)

    def review(self, file: str | Path | None = None, *, day: date | None = None) -> "Reviewed":
        """审核: without ``file``, write ``<quarter>/审核/<Q>_审核表.xlsx`` (a row per line that
        became 已完成 this quarter, and the 延期申请); with it, read the office's verdicts (认可
        销号, 退回 stays open and is pre-filled 【审核退回】 next quarter, 存疑 stays open) into
        the ledger, the quarter's record and the agencies' 问题清单. ``day``: the 审核日期."""
        from planbook.app.reviewing import read_review, write_review

        return write_review(self) if file is None else read_review(self, file, at=day)

    def collect(self, returns: Sequence[str | Path] = (), *, jobs: int | None = None, dry_run: bool = False,
                progress: Progress = None, counted: Callable[[int], None] | None = None) -> "QuarterCollect":
        """汇总: the returns in 回执/ and 下发/ (or ``returns``), read and checked; the record, the
        汇总表, the problem lists (held back while the office file is an example) and the 台账."""
        from contextlib import nullcontext

        from planbook.store.session import FolderSession

        ws = self.workspace
        # the folder export made: its lock held from the start (a dry run takes none; a new folder is left to collect)
        early = not dry_run and self.folder.path.is_dir()
        with FolderSession(self.folder, "collect", say=ws.say) if early else nullcontext():
            from planbook.collection.workflow import collect_quarter

            lists = self._documents_allowed("问题清单")
            office, rules = ws.office(), ws.rules  # a wrong setting is named before anything is read or written

            done = collect_quarter(ws.plan, self.folder, returns, jobs=jobs, dry_run=dry_run, say=ws.say,
                                   counted=counted, progress=progress, office=office, write_lists=lists, rules=rules)
        if done.written is not None:
            self._mark_draft(list(done.written.problem_lists.values()))
            self._review_found()
        return done

    def _review_found(self) -> None:
        """A filled 审核表 of the quarter in 审核/ is read again after a collect (its verdicts
        were read before: the record takes them again); a problem in it is told, not raised."""
        from planbook.xlsx.review_form import review_path

        path = review_path(self.folder.path, str(self.quarter))
        if not path.is_file():
            return
        try:
            got = self.review(path)
        except PlanbookError as exc:
            self.workspace.say(f"提示：审核表 {path.name} 未读取：{exc}")
            return
        if got.changed:
            self.workspace.say(f"已读取审核表 {path.name}：{got.read} 条审核结论，新增 {got.changed} 条。")

    def withdraw(self, key: str, *, reason: str = "", reinstate: bool = False,
                 jobs: int | None = None) -> "tuple[ReturnFile, QuarterCollect]":
        """Withdraw an accepted return (or reinstate one) and collect the quarter again."""
        from planbook.collection.workflow import withdraw

        ws = self.workspace
        target, done = withdraw(ws.plan, self.folder, key, reason=reason, reinstate=reinstate, jobs=jobs, say=ws.say,
                                office=ws.office(), write_lists=self._documents_allowed("问题清单"), rules=ws.rules)
        if done.written is not None:
            self._mark_draft(list(done.written.problem_lists.values()))
        return target, done

    def report(self, *, brief: bool = False, pdf: bool = False, config: str | Path | Mapping[str, Any] | None = None,
               previous: str | Path | None = None, progress: Progress = None) -> Written:
        """通报 (or, ``brief``, the one-page 专报) from the quarter's record, compared with the
        previous quarter's; the office file's issuer, numbers and addressees, ``config`` over them.
        The 版记 falls on an even page by construction, in the .docx and in the PDF
        (:func:`planbook.report.write_report`)."""
        from planbook.store.session import FolderSession

        ws = self.workspace
        if not self.folder.has_record():
            raise self._no_record()
        ws.check_documents()
        step = progress or (lambda _name: None)
        settings = self.report_settings(config)
        with FolderSession(self.folder, "report", say=ws.say):  # held first: the report's libraries load under it
            from planbook.report import brief_path, pdf_path, write_brief, write_pdf, write_report
            from planbook.store.record import QuarterRecord

            if not self.folder.has_record():
                raise self._no_record()
            record = QuarterRecord.load(self.folder.record)
            before = self.previous(previous)
            step("读取汇总结果")
            if brief:
                path = write_brief(ws.plan, record, brief_path(self.folder.path, self.quarter), previous=before,
                                   config=settings, rules=ws.rules, say=ws.say)
            else:
                path = write_report(ws.plan, record, self.folder.report, previous=before, config=settings,
                                    rules=ws.rules, say=ws.say, pdf=pdf, finish=self._draft_marker())
            if brief:
                self._mark_draft([path])
            step("写入文件")
            written = Written(path, (pdf_path(path) if not brief else write_pdf(path)) if pdf else None, before)
            if pdf:
                step("转换为 PDF")
        return written

    def _no_record(self) -> PlanbookError:
        return fail("record_missing", f"{self.folder.path} 中没有汇总结果 {self.folder.record.name}：请先运行 "
                    f"planbook collect --quarter {self.quarter}。", file=str(self.folder.record))

    def report_settings(self, config: str | Path | Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The report's settings: the office file's identity, ``config`` (a TOML file, or a
        mapping of the same shape) over it."""
        from planbook.base.resources import read_toml

        settings = self.workspace.identity.report_config()
        if config is not None:
            if not isinstance(config, Mapping):
                from planbook.report import load_settings

                load_settings(config)  # a wrong key or value is named with its file
            over = dict(config) if isinstance(config, Mapping) else read_toml(Path(config), "报告设置文件")
            settings = _deep_merge(settings, over)
        return settings

    def duban(self, *, day: date | None = None, progress: Progress = None) -> "Issued":
        """督办: 督办单 for overdue or lagging milestones, 提醒函 for those due soon, numbered for
        the year in the register; then the 台账 again with its 督办台账."""
        from planbook.store.session import FolderSession

        ws = self.workspace
        rules, office = ws.rules, ws.office()  # a wrong setting is named before anything else
        ws.check_documents()
        with FolderSession(self.folder, "duban", say=ws.say):  # held first: the letters' libraries load under it
            from planbook.report.duban import issue_duban

            issued = issue_duban(ws.plan, self.folder, day=day, say=ws.say, progress=progress, rules=rules,
                                 office=office)
        self._mark_draft([path for _, path, what in issued.duban + issued.reminders if what != "same"])
        return issued

    def dashboard(self, *, previous: str | Path | None = None) -> Path:
        """驾驶舱: ``<Q>_驾驶舱.html``, one offline page from the quarter's record by the same
        count and rules as the 通报, with the ledger's history and the 督办 register; earlier
        quarters' trends from the counts kept when each was reported."""
        from planbook.store.session import FolderSession

        ws = self.workspace
        if not self.folder.has_record():
            raise self._no_record()
        with FolderSession(self.folder, "dashboard", say=ws.say):  # held first: the page's libraries load under it
            from planbook.ledger.lines import workspace_of
            from planbook.report.dashboard import write_dashboard
            from planbook.store.record import QuarterRecord
            from planbook.supervision.register import Register

            record = QuarterRecord.load(self.folder.record)
            return write_dashboard(ws.plan, record, self.folder.path, previous=self.previous(previous),
                                   ledger=ws.ledger, register=Register.load(workspace_of(self.folder.path)),
                                   office_name=ws.identity.name, rules=ws.rules)

    def _documents_allowed(self, what: str) -> bool:
        ws = self.workspace
        if not ws.held_back():
            return True
        if ws.draft:
            ws.say(f"提示：草稿：本单位信息仍是示例，{what}照常生成，仅供核对。")
            return True
        ws.say(ws.held_back())
        return False

    def _draft_marker(self) -> "Callable[[Any], None] | None":
        """What marks a document being built as 草稿 (``None`` when it is not one)."""
        if self.workspace.draft and self.workspace.held_back():
            from planbook.app.draft_mark import mark_document

            return mark_document
        return None

    def _mark_draft(self, paths: list[Path]) -> None:
        if self.workspace.draft and self.workspace.held_back():
            from planbook.app.draft_mark import mark_draft

            for path in paths:
                mark_draft(path)


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _deep_merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out
