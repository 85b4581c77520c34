"""A quarter's folder: every name under it, spelt here and nowhere else.

    output/2023Q2/
        下发/2023Q2_总表.xlsx          export: the blank master workbook
        下发/2023Q2_<单位>.xlsx        export: one workbook per lead agency, to send out
        回执/                          the returns as the office receives them (collect reads
                                       here and in 下发/, where an agency's file may be saved)
        returns/<sha256[:12]>_<name>   collect: every accepted return as received
        拒收/<sha256[:12]>_<name>      collect: every refused file, kept once, apart
        record.json                    collect: the consolidated record (read by report, next export)
        entries.csv                    collect: every answer with its source
        2023Q2_汇总表.xlsx             collect: the master with the answers
        问题清单/2023Q2_<单位>_问题清单.xlsx
        2023Q2_督查通报.docx           report
        督办/2023Q2_督办单_<单位>.docx  duban: one 督办单 per agency with overdue or at-risk milestones
        督办/2023Q2_提醒函_<单位>.docx  duban: one 提醒函 per agency with milestones due soon
        备份/<time>/                   what a command replaced (export --force, ...)
        .planbook/                     the lock, a commit in progress, what export wrote,
                                       withdrawn returns (see :mod:`planbook.store.session`)

The stages meet here and at ``record.json``, never in each other's code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from planbook.core.quarter import Quarter

DEFAULT_ROOT = Path("output")

RETURNS_FOLDER = "returns"
RECORD_FILE = "record.json"
ENTRIES_FILE = "entries.csv"
PROBLEMS_FOLDER = "问题清单"
REPORT_SUFFIX = "督查通报"
ISSUED_FOLDER = "下发"
INBOX_FOLDER = "回执"
REFUSED_FOLDER = "拒收"
BACKUP_FOLDER = "备份"
DUBAN_FOLDER = "督办"
STATE_FOLDER = ".planbook"

_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_ARCHIVED_NAME = re.compile(r"^([0-9a-f]{12})_(.+)$")


def safe_name(text: str, fallback: str = "单位") -> str:
    """A file-name part readable in Chinese and valid on Windows (no <>:"/\\|?*, no CON...)."""
    name = _WINDOWS_FORBIDDEN.sub("_", text).strip(" .") or fallback
    if name.upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return name[:80]


def workbook_filename(quarter: str | Quarter, agency: str) -> str:
    """``2023Q2_市营商局.xlsx``: an agency's workbook (and the name its return usually keeps)."""
    return f"{Quarter.parse(quarter)}_{safe_name(agency)}.xlsx"


def archive_name(file: str, sha256: str) -> str:
    """``<sha256[:12]>_<original name>``, kept within a file system's 255-byte name limit."""
    stem, dot, suffix = file.rpartition(".")
    if not dot:
        stem, suffix = file, ""
    name = f"{sha256[:12]}_{file}"
    while len(name.encode("utf-8")) > 240 and stem:
        stem = stem[:-1]
        name = f"{sha256[:12]}_{stem}{dot}{suffix}"
    return name.replace("/", "_").replace("\\", "_")


def original_name(file_name: str, sha256: str) -> str:
    """``1a2b3c4d5e6f_2023Q2_市营商局.xlsx`` (an archived return) -> ``2023Q2_市营商局.xlsx``."""
    m = _ARCHIVED_NAME.match(file_name)
    return m[2] if m and sha256.startswith(m[1]) else file_name


@dataclass(frozen=True)
class QuarterFolder:
    """The folder of one quarter's files (default ``output/<quarter>``)."""

    path: Path
    quarter: Quarter

    @classmethod
    def of(cls, quarter: str | Quarter, path: str | Path | None = None) -> "QuarterFolder":
        """The folder of ``quarter``: ``path``, or ``output/<quarter>`` when None."""
        quarter = Quarter.parse(quarter)
        return cls(Path(path) if path else DEFAULT_ROOT / str(quarter), quarter)

    # -- export --------------------------------------------------------------------------
    @property
    def issued(self) -> Path:
        """The workbooks export writes, to send to the agencies."""
        return self.path / ISSUED_FOLDER

    @property
    def master(self) -> Path:
        """The blank master workbook (the 总表)."""
        return self.issued / f"{self.quarter}_总表.xlsx"

    def workbook(self, agency: str) -> Path:
        """An agency's blank workbook."""
        return self.issued / workbook_filename(self.quarter, agency)

    @property
    def inbox(self) -> Path:
        """Where the office saves the returns it receives."""
        return self.path / INBOX_FOLDER

    # -- collect ---------------------------------------------------------------------------
    @property
    def archive(self) -> Path:
        """Every return as received, by content hash."""
        return self.path / RETURNS_FOLDER

    @staticmethod
    def archived(file: str, sha256: str, *, refused: bool = False) -> str:
        """Where a file received is kept, relative to its quarter's folder (as the record keeps
        it): an accepted return in the archive, a refused file in 拒收/."""
        return f"{REFUSED_FOLDER if refused else RETURNS_FOLDER}/{archive_name(file, sha256)}"

    @property
    def refused(self) -> Path:
        """Files refused by collect, each kept once (by content hash)."""
        return self.path / REFUSED_FOLDER

    @property
    def record(self) -> Path:
        """``record.json``: the consolidated record that report and next export read."""
        return self.path / RECORD_FILE

    @property
    def entries(self) -> Path:
        """``entries.csv``: every answer with its source file and hash."""
        return self.path / ENTRIES_FILE

    @property
    def consolidated(self) -> Path:
        """The master with the agencies' answers (the 汇总表)."""
        return self.path / f"{self.quarter}_汇总表.xlsx"

    @property
    def problem_lists(self) -> Path:
        """``问题清单/``: one problem list per agency."""
        return self.path / PROBLEMS_FOLDER

    def problem_list(self, agency: str) -> Path:
        """``2023Q2_市营商局_问题清单.xlsx``; files of no known agency: ``2023Q2_未识别单位_问题清单.xlsx``."""
        name = workbook_filename(self.quarter, agency or "未识别单位")[: -len(".xlsx")]
        return self.problem_lists / f"{name}_问题清单.xlsx"

    # -- report ------------------------------------------------------------------------------
    @property
    def report(self) -> Path:
        """``2023Q2_督查通报.docx``: the report."""
        return self.path / f"{self.quarter}_{REPORT_SUFFIX}.docx"

    # -- duban ---------------------------------------------------------------------------------
    @property
    def duban(self) -> Path:
        """The 督办单 and 提醒函 of the quarter."""
        return self.path / DUBAN_FOLDER

    def duban_letter(self, agency: str) -> Path:
        """``督办/2023Q2_督办单_市营商局.docx``"""
        return self.duban / f"{self.quarter}_督办单_{safe_name(agency)}.docx"

    def reminder(self, agency: str) -> Path:
        """``督办/2023Q2_提醒函_市营商局.docx``"""
        return self.duban / f"{self.quarter}_提醒函_{safe_name(agency)}.docx"

    # -- the workspace's own --------------------------------------------------------------
    @property
    def backups(self) -> Path:
        """``备份/``: what a command replaced, by time."""
        return self.path / BACKUP_FOLDER

    @property
    def state(self) -> Path:
        """planbook's own files: lock, commit journal, staging, registers (not for people)."""
        return self.path / STATE_FOLDER

    # -- neighbours ------------------------------------------------------------------------
    def previous(self) -> "QuarterFolder":
        """The previous quarter's folder beside this one (``output/2023Q1`` for ``output/2023Q2``)."""
        return QuarterFolder(self.path.parent / str(self.quarter.previous), self.quarter.previous)

    def has_record(self) -> bool:
        """Whether the quarter was collected (its ``record.json`` exists)."""
        return self.record.is_file()
