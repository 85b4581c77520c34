"""A quarter's folder: every name under it, spelt here and nowhere else.

    output/2023Q2/
        2023Q2_总表.xlsx              export: the blank master workbook
        2023Q2_<单位>.xlsx            export: one blank workbook per lead agency
        returns/<sha256[:12]>_<name>  collect: every return as received
        record.json                   collect: the consolidated record (read by report, next export)
        entries.csv                   collect: every answer with its source
        2023Q2_汇总表.xlsx            collect: the master with the answers
        问题清单/2023Q2_<单位>_问题清单.xlsx
        2023Q2_督查通报.docx          report

The stages meet here and at ``record.json``, never in each other's code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .quarter import Quarter

DEFAULT_ROOT = Path("output")

RETURNS_FOLDER = "returns"
RECORD_FILE = "record.json"
ENTRIES_FILE = "entries.csv"
PROBLEMS_FOLDER = "问题清单"
REPORT_SUFFIX = "督查通报"

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
        quarter = Quarter.parse(quarter)
        return cls(Path(path) if path else DEFAULT_ROOT / str(quarter), quarter)

    # -- export --------------------------------------------------------------------------
    @property
    def master(self) -> Path:
        """The blank master workbook (the 总表)."""
        return self.path / f"{self.quarter}_总表.xlsx"

    def workbook(self, agency: str) -> Path:
        """An agency's blank workbook."""
        return self.path / workbook_filename(self.quarter, agency)

    # -- collect ---------------------------------------------------------------------------
    @property
    def archive(self) -> Path:
        """Every return as received, by content hash."""
        return self.path / RETURNS_FOLDER

    @staticmethod
    def archived(file: str, sha256: str) -> str:
        """Where a return is archived, relative to its quarter's folder (as the record keeps it)."""
        return f"{RETURNS_FOLDER}/{archive_name(file, sha256)}"

    @property
    def record(self) -> Path:
        return self.path / RECORD_FILE

    @property
    def entries(self) -> Path:
        return self.path / ENTRIES_FILE

    @property
    def consolidated(self) -> Path:
        """The master with the agencies' answers (the 汇总表)."""
        return self.path / f"{self.quarter}_汇总表.xlsx"

    @property
    def problem_lists(self) -> Path:
        return self.path / PROBLEMS_FOLDER

    def problem_list(self, agency: str) -> Path:
        """``2023Q2_市营商局_问题清单.xlsx``; files of no known agency: ``2023Q2_未识别单位_问题清单.xlsx``."""
        name = workbook_filename(self.quarter, agency or "未识别单位")[: -len(".xlsx")]
        return self.problem_lists / f"{name}_问题清单.xlsx"

    # -- report ------------------------------------------------------------------------------
    @property
    def report(self) -> Path:
        return self.path / f"{self.quarter}_{REPORT_SUFFIX}.docx"

    # -- neighbours ------------------------------------------------------------------------
    def previous(self) -> "QuarterFolder":
        """The previous quarter's folder beside this one (``output/2023Q1`` for ``output/2023Q2``)."""
        return QuarterFolder(self.path.parent / str(self.quarter.previous), self.quarter.previous)

    def has_record(self) -> bool:
        return self.record.is_file()
