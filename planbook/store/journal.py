"""What export wrote, file by file, as it goes: ``.planbook/issued.log`` in the quarter's folder.

Each workbook export writes is appended to the log (one JSON line) by the process that wrote
it, worker processes included, after its bytes are complete and before it takes its name: so
a run stopped at any point — Ctrl-C, a SIGKILL, a crash, a batch in flight in a worker — has
every file it wrote on record. A re-run recognises them as export's own (only a file changed
after export wrote it is an agency's) and, when it is asked for the same workbooks, finishes
the interrupted run instead of writing them again.

    {"run": "3f2a…", "begin": "2023-07-01T10:00:00+08:00", "params": "<what the run writes>"}
    {"run": "3f2a…", "file": "2023Q2_市营商局.xlsx", "sha256": "…"}
    {"run": "3f2a…", "done": true}
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planbook.store.folder import QuarterFolder

LOG = "issued.log"


def log_path(folder: QuarterFolder) -> Path:
    return folder.state / LOG


def _append(path: Path, record: dict[str, Any]) -> None:
    """One line, in one write to a file opened for appending: lines written by several
    processes at once never interleave; a kill leaves at most a torn last line."""
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def records(folder: QuarterFolder) -> list[dict[str, Any]]:
    """Every line of the log that reads (a torn line, from a kill mid-write, is skipped)."""
    try:
        data = log_path(folder).read_bytes()
    except OSError:
        return []
    out = []
    for line in data.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            out.append(record)
    return out


def written_digests(folder: QuarterFolder) -> dict[str, set[str]]:
    """File name -> the sha256 of every version export wrote under it (the log's)."""
    out: dict[str, set[str]] = {}
    for r in records(folder):
        if isinstance(r.get("file"), str) and isinstance(r.get("sha256"), str):
            out.setdefault(r["file"], set()).add(r["sha256"])
    return out


def params_of(*parts: Any) -> str:
    """A fingerprint of what a run writes (plan, quarter, pre-fill ...): a run is resumed only
    by a run asked for the same."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def interrupted(folder: QuarterFolder, params: str) -> dict[str, str]:
    """The files the last run wrote (name -> sha256) when it stopped before its end and was
    asked for the same as ``params``; {} otherwise."""
    last: str | None = None
    begun: dict[str, str] = {}
    for r in records(folder):
        if "begin" in r and isinstance(r.get("run"), str):
            last = r["run"]
            begun[last] = str(r.get("params", ""))
    if last is None or begun.get(last) != params:
        return {}
    out: dict[str, str] = {}
    for r in records(folder):
        if r.get("run") != last:
            continue
        if r.get("done"):
            return {}
        if isinstance(r.get("file"), str) and isinstance(r.get("sha256"), str):
            out[r["file"]] = r["sha256"]
    return out


@dataclass(frozen=True)
class ExportRun:
    """One run of export, as the log knows it (picklable: worker processes append too)."""

    path: Path
    run: str
    params: str

    @classmethod
    def start(cls, folder: QuarterFolder, params: str) -> "ExportRun":
        from planbook.store.session import now

        run = cls(log_path(folder), uuid.uuid4().hex[:16], params)
        _append(run.path, {"run": run.run, "begin": now(), "params": params})
        return run

    def wrote(self, name: str, sha256: str) -> None:
        _append(self.path, {"run": self.run, "file": name, "sha256": sha256})

    def done(self) -> None:
        _append(self.path, {"run": self.run, "done": True})


def issued_digests(folder: QuarterFolder) -> dict[str, set[str]]:
    """File name -> every version export wrote under it: the register of finished runs and the
    log of every file written (runs stopped half way included)."""
    from planbook.store.session import issued_files

    out = written_digests(folder)
    for name, digest in issued_files(folder).items():
        out.setdefault(name, set()).add(digest)
    return out
