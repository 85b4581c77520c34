"""One planbook command at a time on a quarter's folder, on Windows and Linux alike.

The lock is the operating system's own lock on ``.planbook/lock`` (``fcntl.flock`` on
Linux and macOS, ``msvcrt.locking`` on Windows), so a process that dies, however it dies,
lets go of it at once: the next command takes it over. Beside it, ``.planbook/lock.json``
says who holds it, for the message a second command gives after waiting.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import IO, Callable

from planbook.base.problems import fail

WAIT_SECONDS = 30.0
"""How long a second command waits for the first before it stops."""
_POLL = 0.2
_HELD: dict[Path, int] = {}
"""Locks this process holds, and how many times: a command's library calls take the lock
their command already holds."""


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class FolderLock:
    """``with FolderLock(state_dir, "collect"):`` — held for the whole command."""

    def __init__(self, state_dir: Path, command: str, *, wait: float = WAIT_SECONDS,
                 say: Callable[[str], None] | None = None):
        self.state_dir = Path(state_dir)
        self.command = command
        self.wait = wait
        self.say = say
        self._handle: IO[bytes] | None = None

    @property
    def path(self) -> Path:
        return self.state_dir / "lock"

    @property
    def holder_path(self) -> Path:
        return self.state_dir / "lock.json"

    def holder(self) -> dict[str, object]:
        """Who holds the lock, as the holder wrote it ({} when unknown)."""
        try:
            data = json.loads(self.holder_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def __enter__(self) -> "FolderLock":
        from planbook.base.files import ensure_dir

        ensure_dir(self.state_dir)
        key = self.state_dir.resolve()
        if _HELD.get(key):
            _HELD[key] += 1
            self._nested = True
            return self
        folder = self.state_dir.parent
        try:
            handle = open(self.path, "a+b")
        except OSError as exc:
            raise fail("folder_unwritable", f"无法在文件夹 {folder} 中建立锁文件（{exc.strerror}）。请检查该文件夹是否"
                       "可写（权限、只读共享、磁盘已满）。", file=str(self.path)) from None
        deadline = time.monotonic() + self.wait
        told = False
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                handle.close()
                raise fail("folder_locked", f"季度文件夹 {folder} 正由另一个 planbook 命令使用（{self._describe()}），"
                           f"已等待 {self.wait:.0f} 秒。请等它结束后再运行；如果那个程序已经不在运行，锁会自动释放。",
                           file=str(folder), value=self._describe())
            if self.say and not told:
                self.say(f"等待另一个 planbook 命令结束（{self._describe()}）……")
                told = True
            time.sleep(_POLL)
        self._handle = handle
        self._nested = False
        _HELD[key] = 1
        info = {"pid": os.getpid(), "host": socket.gethostname(), "command": self.command,
                "since": datetime.now().astimezone().isoformat(timespec="seconds")}
        try:
            self.holder_path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass  # the lock holds without its label
        return self

    def _describe(self) -> str:
        h = self.holder()
        if not h:
            return "未知进程"
        return f"{h.get('command', 'planbook')}，进程 {h.get('pid', '?')}，计算机 {h.get('host', '?')}，开始于 {h.get('since', '?')}"

    def __exit__(self, *exc: object) -> None:
        key = self.state_dir.resolve()
        if getattr(self, "_nested", False):
            _HELD[key] -= 1
            self._nested = False
            return
        if self._handle is None:
            return
        _HELD.pop(key, None)
        try:
            self.holder_path.unlink()
        except OSError:
            pass
        try:
            _unlock(self._handle)
        finally:
            self._handle.close()
            self._handle = None
