"""A quarter's folder as one unit that cannot lose or mix data.

- One command at a time: :class:`FolderSession` holds the folder's lock (:mod:`planbook.base.lock`)
  for the whole command and, before anything else, finishes or clears what a killed run
  left (:func:`recover`).
- Outputs change together: a :class:`Commit` stages every file it writes under
  ``.planbook/``, writes a journal naming every move, then makes them current. A run killed
  before the journal leaves the previous set untouched (its staging is cleared later); one
  killed after it is rolled forward by the next command, before it reads anything.
- Registers under ``.planbook/``: what export wrote (so a file an agency filled in is never
  overwritten), which files were refused (listed once), which returns were withdrawn.
- Nothing is overwritten without a backup: :func:`backup` moves files to ``备份/<time>/``.
- The previous quarter is found by identity (:func:`find_previous`), not by folder name.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from planbook.base.files import atomic_write_bytes, ensure_dir, io_error, is_temp, replace, same_bytes, write_if_changed
from planbook.store.folder import RECORD_FILE, STATE_FOLDER, QuarterFolder
from planbook.base.lock import WAIT_SECONDS, FolderLock
from planbook.base.problems import PlanbookError
from planbook.core.quarter import Quarter

_JOURNAL = "commit.json"
_STAGING = "staging-"
_ISSUED = "issued.json"
_REFUSED = "refused.json"
_WITHDRAWN = "withdrawn.json"
_IDENTITY = "folder.json"
_QUARTER_FIELD = re.compile(rb'"quarter"\s*:\s*"([^"]*)"')


def checkpoint(name: str) -> None:
    """A point where the crash-safety tests kill this process (``PLANBOOK_KILL_AT=name``)."""
    if os.environ.get("PLANBOOK_KILL_AT") == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


# -- the unit of a command -----------------------------------------------------------------
class FolderSession:
    """``with FolderSession(folder, "collect") as session:`` — the lock held and the folder recovered."""

    def __init__(self, folder: QuarterFolder, command: str, *, wait: float = WAIT_SECONDS,
                 say: Callable[[str], None] | None = None):
        self.folder = folder
        self.lock = FolderLock(folder.state, command, wait=wait, say=say)
        self.recovered: list[str] = []

    def __enter__(self) -> "FolderSession":
        self.lock.__enter__()
        try:
            self.recovered = recover(self.folder)
        except BaseException:
            self.lock.__exit__(None, None, None)
            raise
        checkpoint("locked")
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock.__exit__(*exc)


def recover(folder: QuarterFolder) -> list[str]:
    """Finish a commit a killed run journaled, clear staging it did not, and remove the
    temporary files it left. Returns what was done, in words (empty: nothing to do)."""
    done: list[str] = []
    journal = folder.state / _JOURNAL
    if journal.is_file():
        try:
            moves = json.loads(journal.read_text(encoding="utf-8"))["moves"]
        except (OSError, ValueError, KeyError, TypeError):
            moves = []
        finished = _apply(folder, [(folder.path / a, folder.path / b) for a, b in moves])
        journal.unlink(missing_ok=True)
        done.append(f"完成了上次被中断的写入（{finished} 个文件）")
    if folder.state.is_dir():
        for staging in folder.state.glob(_STAGING + "*"):
            shutil.rmtree(staging, ignore_errors=True)
            done.append("清除了上次被中断、未完成的写入")
    temps = [p for p in _walk(folder.path) if is_temp(p.name)]
    for p in temps:
        p.unlink(missing_ok=True)
    if temps:
        done.append(f"清除了 {len(temps)} 个临时文件")
    return done


def _walk(root: Path) -> Iterable[Path]:
    if not root.is_dir():
        return
    for p in root.rglob("*"):
        if p.is_file():
            yield p


def _apply(folder: QuarterFolder, moves: list[tuple[Path, Path]],
           checkpoint: Callable[[str], None] = lambda _name: None) -> int:
    done = 0
    failed: list[PlanbookError] = []
    for staged, final in moves:
        if not staged.exists():
            continue  # moved before the kill
        ensure_dir(final.parent)
        try:
            replace(staged, final)
            done += 1
            checkpoint(f"moved-{done}")
        except PlanbookError as exc:  # a file held open on Windows: kept beside; go on
            failed.append(exc)
    if failed:
        raise PlanbookError([p for e in failed for p in e.problems])
    return done


class Commit:
    """Files staged together and made current in one step: ``commit.write(path, data)``,
    ``commit.make(path, fn)``, ``commit.remove(path)``, then ``commit.apply()``. Unchanged
    files are not touched."""

    def __init__(self, folder: QuarterFolder):
        self.folder = folder
        self.dir = folder.state / f"{_STAGING}{uuid.uuid4().hex[:12]}"
        self.moves: list[tuple[Path, Path]] = []
        self._count = 0

    def _staged(self, path: Path) -> Path:
        ensure_dir(self.dir)
        self._count += 1
        return self.dir / f"{self._count - 1:04d}{path.suffix}"

    def write(self, path: Path, data: bytes) -> bool:
        if same_bytes(path, data):
            return False
        staged = self._staged(path)
        try:
            staged.write_bytes(data)
        except OSError as exc:
            raise io_error(exc, path) from None
        self.moves.append((staged, path))
        return True

    def make(self, path: Path, make: Callable[[Path], object]) -> bool:
        staged = self._staged(path)
        try:
            make(staged)
            if same_bytes(path, staged.read_bytes()):
                staged.unlink()
                return False
        except OSError as exc:
            raise io_error(exc, path) from None
        self.moves.append((staged, path))
        return True

    def make_each(self, paths: Sequence[Path], make: Callable[[list[tuple[str, Any]]], list[Any]],
                  items: Sequence[Any], *, jobs: int, initializer: Callable[..., None],
                  initargs: tuple[Any, ...] = (), meanwhile: Callable[[], None] | None = None) -> int:
        """:meth:`make` for many files at once, made by ``jobs`` processes
        (:func:`planbook.base.pool.run_batches`): ``make`` receives a batch of (staged path,
        item) and writes each file; ``meanwhile`` runs here while they do. Returns how many
        files changed."""
        from planbook.base.pool import run_batches

        staged = [self._staged(p) for p in paths]
        work = list(zip(map(str, staged), items))
        for _ in run_batches(make, work, jobs=jobs, size=8 if jobs > 1 else 1, initializer=initializer,
                             initargs=initargs, meanwhile=meanwhile):
            pass
        changed = 0
        for path, made in zip(paths, staged):
            try:
                if same_bytes(path, made.read_bytes()):
                    made.unlink()
                    continue
            except OSError as exc:
                raise io_error(exc, path) from None
            self.moves.append((made, path))
            changed += 1
        return changed

    def remove(self, path: Path) -> bool:
        """Remove ``path`` in the same step: it is moved into the staging folder (a move
        like any other in the journal), which is cleared afterwards."""
        if not path.is_file():
            return False
        self.moves.append((path, self._staged(path).with_suffix(".removed")))
        return True

    def apply(self, checkpoint: Callable[[str], None] = lambda _name: None) -> int:
        """Journal every move, then make the staged files current. Returns how many changed."""
        if not self.moves:
            self.discard()
            return 0
        root = self.folder.path
        journal = {"moves": [[str(a.relative_to(root)), str(b.relative_to(root))] for a, b in self.moves]}
        atomic_write_bytes(self.folder.state / _JOURNAL, json.dumps(journal, ensure_ascii=False).encode("utf-8"))
        checkpoint("journaled")
        try:
            return _apply(self.folder, self.moves, checkpoint)
        finally:
            (self.folder.state / _JOURNAL).unlink(missing_ok=True)
            self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


# -- registers -------------------------------------------------------------------------------
def _read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default
    except (OSError, ValueError):
        return default


def _write_json(path: Path, data: Any) -> None:
    write_if_changed(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def issued_files(folder: QuarterFolder) -> dict[str, str]:
    """What export wrote: file name -> sha256 of the bytes it wrote."""
    data = _read_json(folder.state / _ISSUED, {})
    return data if isinstance(data, dict) else {}


def record_issued(folder: QuarterFolder, written: dict[str, str]) -> None:
    _write_json(folder.state / _ISSUED, {**issued_files(folder), **written})


def refused_files(folder: QuarterFolder) -> dict[str, dict[str, Any]]:
    """Files refused before: sha256 -> {file, kept_as, problem, at}."""
    data = _read_json(folder.state / _REFUSED, {})
    return data if isinstance(data, dict) else {}


def record_refused(folder: QuarterFolder, refused: dict[str, dict[str, Any]]) -> None:
    if not refused:
        return
    _write_json(folder.state / _REFUSED, {**refused_files(folder), **refused})


def withdrawals(folder: QuarterFolder) -> list[dict[str, Any]]:
    """Every withdrawal and reinstatement, in order: {sha256, file, agency, action, reason, at}."""
    data = _read_json(folder.state / _WITHDRAWN, [])
    return data if isinstance(data, list) else []


def withdrawn(folder: QuarterFolder) -> set[str]:
    """The sha256 of the returns withdrawn now (a later reinstatement undoes a withdrawal)."""
    state: dict[str, bool] = {}
    for w in withdrawals(folder):
        state[str(w.get("sha256", ""))] = w.get("action") == "withdraw"
    return {sha for sha, out in state.items() if out}


def record_withdrawal(folder: QuarterFolder, entry: dict[str, Any]) -> None:
    _write_json(folder.state / _WITHDRAWN, withdrawals(folder) + [{**entry, "at": now()}])


def note_identity(folder: QuarterFolder, plan_fingerprint: str) -> None:
    """Which quarter and plan the folder holds, so the next quarter can find it by identity."""
    _write_json(folder.state / _IDENTITY, {"quarter": str(folder.quarter), "plan": plan_fingerprint})


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def backup(folder: QuarterFolder, paths: Iterable[Path], why: str) -> Path:
    """Move ``paths`` into ``备份/<time>/`` (with a note of why); returns that folder."""
    target = folder.backups / datetime.now().strftime("%Y%m%d-%H%M%S")
    n = 1
    while target.exists():
        n += 1
        target = folder.backups / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{n}"
    ensure_dir(target)
    for path in paths:
        try:
            shutil.move(str(path), str(target / path.name))
        except OSError as exc:
            raise io_error(exc, path, "备份") from None
    (target / "说明.txt").write_text(f"{now()} {why}\n", encoding="utf-8")
    return target


# -- the previous quarter -----------------------------------------------------------------------
def folder_quarter(path: Path) -> str:
    """The quarter a folder's collected record belongs to ("" when it has none)."""
    identity = _read_json(path / STATE_FOLDER / _IDENTITY, {})
    if isinstance(identity, dict) and identity.get("quarter") and (path / RECORD_FILE).is_file():
        return str(identity["quarter"])
    try:
        with open(path / RECORD_FILE, "rb") as fh:
            head = fh.read(400)
    except OSError:
        return ""
    m = _QUARTER_FIELD.search(head)
    return m[1].decode("utf-8", "replace") if m else ""


def find_previous(folder: QuarterFolder, given: str | Path | None = None) -> QuarterFolder | None:
    """The previous quarter's folder: ``given`` when named (it must hold that quarter's
    record), else the folder beside this one named after it, else any folder beside this one
    whose record is of the previous quarter. None when there is none."""
    wanted = folder.quarter.previous
    if given is not None:
        path = Path(given)
        found = folder_quarter(path)
        if not found:
            raise _previous_error(path, f"{path} 中没有汇总结果（record.json）")
        if found != str(wanted):
            raise _previous_error(path, f"{path} 的汇总结果是 {found} 的，不是上一季度 {wanted} 的")
        return QuarterFolder(path, wanted)
    beside = folder.previous()
    if folder_quarter(beside.path) == str(wanted):
        return beside
    parent = folder.path.parent
    if parent.is_dir():
        for candidate in sorted(p for p in parent.iterdir() if p.is_dir() and p != folder.path):
            if folder_quarter(candidate) == str(wanted):
                return QuarterFolder(candidate, wanted)
    return None


def _previous_error(path: Path, message: str) -> PlanbookError:
    from planbook.base.problems import fail

    return fail("previous_invalid", message + "。请用 --previous 指定上一季度的季度文件夹。", file=str(path))


def previous_notice(folder: QuarterFolder, found: QuarterFolder | None) -> str:
    if found is None:
        return f"未找到上一季度（{Quarter.parse(folder.quarter).previous}）的汇总记录，本次不预填、不对比。"
    return ""
