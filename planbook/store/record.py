"""The consolidated record of a quarter: what `planbook collect` writes and `planbook report`
(and the next quarter's `planbook export`) read. One JSON file, ``record.json``, in the
quarter's folder, so the stages meet at a file and never reach into each other.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planbook.store.folder import RECORD_FILE
from planbook.base.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

RECORD_VERSION = 1


@dataclass(frozen=True)
class Entry:
    """One agency's answer for one milestone, with where it came from."""

    agency: str
    task_id: str
    milestone_id: str
    status: str  # one of layout.STATUSES, or "" (not reported)
    progress: str = ""
    evidence: str = ""
    file: str = ""  # the return's original file name
    sha256: str = ""  # of the return file's bytes
    sheet: str = ""
    cell: str = ""  # the 完成状态 cell, e.g. "F5"
    done_month: str = ""  # 完成时间, "2023-06" (with 已完成)
    expected_month: str = ""  # 预计完成时间 (with 进度滞后)
    issues: str = ""  # 存在问题
    next_steps: str = ""  # 下步措施
    carried: bool = False  # 进展情况 still last quarter's, as pre-filled: not updated
    reported_in: str = ""  # "" this quarter; else the earlier quarter whose answer still stands
    actuals: dict[str, float] = field(default_factory=dict, hash=False)
    """完成值 of the milestone's targets, by target number ("1", "2" …), in each target's unit:
    this quarter's, and (see ``actuals_from``) earlier ones a blank cell did not erase."""
    actuals_from: dict[str, str] = field(default_factory=dict, hash=False)
    """Target number -> the earlier quarter an actual was reported in (absent: this entry's own)."""

    def actual(self, n: int) -> tuple[float, str] | None:
        """The n-th target's actual and the quarter it was reported in ("" for this quarter's)."""
        key = str(n)
        if key not in self.actuals:
            return None
        return self.actuals[key], self.actuals_from.get(key, self.reported_in)


@dataclass(frozen=True)
class MilestoneStatus:
    """The consolidated state of one milestone for the quarter."""

    milestone_id: str
    task_id: str
    status: str  # least advanced status among the lead agencies that answered; "" if none
    progress: str  # texts joined, each prefixed with its agency when there are several
    evidence: str
    light: str  # quarter.GREEN / YELLOW / RED
    due: bool
    overdue: bool
    upcoming: bool
    agencies: tuple[str, ...] = ()  # lead agencies
    reported_by: tuple[str, ...] = ()  # lead agencies that answered
    done_month: str = ""  # 完成时间 ("2023-06") when 已完成: the last of its agencies'
    extended_to: str = ""  # an approved extension's deadline ("2024-06"), judged by instead of the plan's


@dataclass(frozen=True)
class ReturnFile:
    """One returned workbook as received."""

    file: str  # original name
    sha256: str
    agency: str  # from its identity ("" when it could not be read)
    written_at: str  # ISO time written in the workbook (or the file's mtime)
    archived_as: str = ""  # path under returns/, relative to the quarter folder
    accepted: bool = True  # False: refused (unreadable, foreign, hostile)
    superseded_by: str = ""  # sha256 of the later return from the same agency
    problems: int = 0
    mtime: str = ""  # the file's modification time, ISO UTC (the tie-breaker after written_at)
    refusal: str = ""  # the problem kind that refused it ("" when accepted)
    withdrawn: bool = False  # the office withdrew it (``planbook collect --withdraw``): it counts for nothing
    refused_before: bool = False  # refused by an earlier run: listed, its problems not reported again


@dataclass
class QuarterRecord:
    quarter: str
    plan_fingerprint: str
    generated_at: str
    entries: list[Entry] = field(default_factory=list)
    milestones: list[MilestoneStatus] = field(default_factory=list)
    returns: list[ReturnFile] = field(default_factory=list)
    missing_agencies: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    version: int = RECORD_VERSION
    extensions: list[dict[str, str]] = field(default_factory=list)
    """Extensions granted (from the ledger): milestone_id, agency, deadline (YYYY-MM), reason, ref, granted."""
    reviews: list[dict[str, str]] = field(default_factory=list)
    """The office's verdicts standing at the quarter's end (from the ledger): milestone_id, agency,
    verdict (认可 / 退回 / 存疑), opinion, quarter reviewed, at, reviewer."""
    requests: list[dict[str, str]] = field(default_factory=list)
    """延期申请 filed in the quarter's returns: milestone_id, agency, deadline (YYYY-MM), reason,
    late ("1": filed after the deadline), decision ("" / granted / refused), opinion."""

    def verdict_of(self, agency: str, milestone_id: str) -> dict[str, str] | None:
        """The office's verdict standing on an agency's line, or None."""
        index = self.__dict__.get("_verdicts")
        if index is None or index[0] != len(self.reviews):
            index = self.__dict__["_verdicts"] = (len(self.reviews),
                                                  {(r["agency"], r["milestone_id"]): r for r in self.reviews})
        return index[1].get((agency, milestone_id))

    # -- lookups ----------------------------------------------------------------------
    def status_of(self, milestone_id: str) -> MilestoneStatus | None:
        """The consolidated status of ``milestone_id``; None when the record has no such milestone."""
        index = self.__dict__.get("_by_milestone")
        if index is None or len(index) != len(self.milestones):
            index = self.__dict__["_by_milestone"] = {m.milestone_id: m for m in self.milestones}
        return index.get(milestone_id)

    def agency_entries(self, agency: str) -> list[Entry]:
        """Every answer ``agency`` gave this quarter."""
        return [e for e in self.entries if e.agency == agency]

    def agency_status(self, agency: str, milestone_id: str) -> str:
        """How ``agency`` stands on a milestone, the one rule for every figure by agency (the
        汇总表's summary, the report, the ledger): its own answer (this quarter's, or an
        earlier one still standing); "" (未报送) when it has none, even if a co-lead answered."""
        index: dict[tuple[str, str], str] | None = self.__dict__.get("_by_agency")
        if index is None or len(index) != len(self.entries):
            index = self.__dict__["_by_agency"] = {(e.agency, e.milestone_id): e.status for e in self.entries}
        return index.get((agency, milestone_id), "")

    def actual_of(self, milestone_id: str, n: int, agencies: tuple[str, ...] = ()) -> tuple[float, str, str] | None:
        """The n-th target's actual standing for a milestone: (value, quarter reported in,
        agency). Of its lead agencies' actuals the latest reported wins, the first of
        ``agencies`` on a tie (a milestone has one figure, whoever of its leads reports it)."""
        index = self.__dict__.get("_actuals")
        if index is None or index[0] != len(self.entries):
            by: dict[str, list[Entry]] = {}
            for e in self.entries:
                if e.actuals:
                    by.setdefault(e.milestone_id, []).append(e)
            index = self.__dict__["_actuals"] = (len(self.entries), by)
        order = {a: i for i, a in enumerate(agencies)}
        best: tuple[tuple[str, int], tuple[float, str, str]] | None = None
        for e in index[1].get(milestone_id, ()):
            got = e.actual(n)
            if got is None:
                continue
            value, quarter = got
            quarter = quarter or self.quarter
            rank = (quarter, -order.get(e.agency, len(order)))  # 2023Q2 < 2023Q3 < 2024Q1 as text
            if best is None or rank > best[0]:
                best = (rank, (value, quarter, e.agency))
        return best[1] if best else None

    # -- files ------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data (``record.json``); :meth:`from_dict` reads it."""
        return {
            "version": self.version,
            "quarter": self.quarter,
            "plan_fingerprint": self.plan_fingerprint,
            "generated_at": self.generated_at,
            "entries": _rows(Entry, self.entries),
            "milestones": _rows(MilestoneStatus, self.milestones),
            "returns": _rows(ReturnFile, self.returns),
            "missing_agencies": list(self.missing_agencies),
            "problems": [p.to_dict() for p in self.problems],
            "extensions": [dict(e) for e in self.extensions],
            **({"reviews": [dict(r) for r in self.reviews]} if self.reviews else {}),
            **({"requests": [dict(r) for r in self.requests]} if self.requests else {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "QuarterRecord":
        """The record written by :meth:`to_dict`."""
        def build(kind: Any, rows: list[dict[str, Any]]) -> list[Any]:
            names = {f.name for f in fields(kind)}
            out = []
            for r in rows:
                r = {k: v for k, v in r.items() if k in names}
                for k in ("agencies", "reported_by"):
                    if k in r:
                        r[k] = tuple(r[k])
                out.append(kind(**r))
            return out

        return cls(
            quarter=d["quarter"],
            plan_fingerprint=d["plan_fingerprint"],
            generated_at=d.get("generated_at", ""),
            entries=build(Entry, d.get("entries", [])),
            milestones=build(MilestoneStatus, d.get("milestones", [])),
            returns=build(ReturnFile, d.get("returns", [])),
            missing_agencies=list(d.get("missing_agencies", [])),
            problems=build(Problem, d.get("problems", [])),
            version=d.get("version", RECORD_VERSION),
            extensions=[dict(e) for e in d.get("extensions", [])],
            reviews=[dict(r) for r in d.get("reviews", [])],
            requests=[dict(r) for r in d.get("requests", [])],
        )

    def to_json(self) -> bytes:
        """The bytes of ``record.json``: the one serialization of a record, one entry (return,
        problem...) a line. Written by the C encoder a line at a time: ``json.dumps`` with an
        indent runs the pure-Python one (1.5 s for the 7,650 entries of a x20 record)."""
        from planbook.base.files import json_lines

        return json_lines(self.to_dict())

    def save(self, folder: str | Path) -> Path:
        """Write ``record.json`` into ``folder`` atomically."""
        from planbook.base.files import atomic_write_bytes

        path = Path(folder) / RECORD_FILE
        atomic_write_bytes(path, self.to_json())
        return path

    @classmethod
    def load(cls, folder: str | Path) -> "QuarterRecord":
        """The record in ``folder`` (a quarter's folder) or at the ``record.json`` path given."""
        path = Path(folder)
        if path.is_dir():
            path = path / RECORD_FILE
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    # -- frames for office scripts ------------------------------------------------------
    def entries_frame(self) -> "pd.DataFrame":
        """Every answer as a pandas frame, one row per entry."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame([asdict(e) for e in self.entries], columns=[f.name for f in fields(Entry)])

        return frame

    def milestones_frame(self) -> "pd.DataFrame":
        """Every milestone's consolidated status as a pandas frame."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame([asdict(m) for m in self.milestones], columns=[f.name for f in fields(MilestoneStatus)])

        return frame

    def problems_frame(self) -> "pd.DataFrame":
        """Every problem as a pandas frame, with its location."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame([p.to_dict() for p in self.problems], columns=[f.name for f in fields(Problem)])

        return frame


_FIELDS: dict[type, tuple[str, ...]] = {}


def _rows(kind: type, items: list[Any]) -> list[dict[str, Any]]:
    """``asdict`` of each of ``items`` (dataclasses of ``kind`` whose fields hold text, numbers,
    tuples of text and flat dicts), without its recursive deep copy."""
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in fields(kind))
    return [{n: dict(v) if isinstance(v, dict) else v for n in names for v in (getattr(item, n),)} for item in items]
