"""Writing files so that a crash never leaves half a file: write beside, then rename. A
file whose new bytes equal the old ones is left alone (its time too), so repeating a run
changes nothing. Files get the permissions the user's umask gives (0644 under umask 022),
not the 0600 of a temporary file, so colleagues on a shared folder can open them.

Every failure of the file system becomes a :class:`~planbook.base.problems.PlanbookError` that
names the file and says what to do: a folder that cannot be written, a full disk, a file
held open by Excel or WPS (Windows refuses to replace it: the new file is kept beside it).
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from planbook.base.problems import PlanbookError, fail

TEMP_PREFIX = ".~"
TEMP_SUFFIX = ".tmp"


def file_mode() -> int:
    """What a new file's permissions are: read and write as the umask allows (0644 under 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def io_error(exc: OSError, path: str | Path, doing: str = "写入") -> PlanbookError:
    """The Chinese message for a failed file operation on ``path``."""
    path = str(path)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return fail("disk_full", f"磁盘空间不足，无法{doing}文件 {path}。请清理磁盘或换一个输出文件夹后重新运行；"
                    "已有的文件没有改动。", file=path)
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return fail("file_unwritable", f"没有权限{doing}文件 {path}（{exc.strerror or '拒绝访问'}）。请检查文件夹权限，"
                    "或确认该文件没有被 Excel、WPS 等程序打开，然后重新运行。", file=path)
    return fail("file_unwritable", f"无法{doing}文件 {path}（{exc.strerror or type(exc).__name__}）。请检查磁盘和文件夹后"
                "重新运行。", file=path)


def ensure_dir(path: str | Path) -> Path:
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise fail("file_unwritable", f"{path} 已存在，但它是一个文件，不是文件夹。请换一个输出文件夹。",
                   file=str(path)) from None
    except OSError as exc:
        raise io_error(exc, path, "建立文件夹") from None
    return path


def temp_beside(path: Path) -> Path:
    """A new empty temporary file in ``path``'s folder, named so a later run can clean it."""
    ensure_dir(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX + path.stem[:40], suffix=path.suffix + TEMP_SUFFIX,
                                   dir=path.parent)
    except OSError as exc:
        raise io_error(exc, path) from None
    os.close(fd)
    return Path(tmp)


def is_temp(name: str) -> bool:
    """A temporary file of planbook's, left by a run that was killed."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def replace(tmp: Path, path: Path) -> None:
    """Make ``tmp`` the file ``path`` (with the umask's permissions). When Windows refuses
    because another program holds ``path`` open, the new file is kept beside it."""
    try:
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except PermissionError as exc:
        if path.exists():  # Windows refuses while Excel or WPS holds the file open
            beside = path.with_name(f"{path.stem}（新）{path.suffix}")
            try:
                os.replace(tmp, beside)
            except OSError:
                pass
            else:
                raise fail("file_locked", f"文件 {path} 正被其他程序（如 Excel、WPS）打开，无法替换。新的内容已保存为 "
                           f"{beside.name}。请关闭该文件后重新运行，或直接使用新文件。", file=str(path),
                           value=beside.name) from None
        raise io_error(exc, path) from None
    except OSError as exc:
        raise io_error(exc, path) from None


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces ``path``."""
    path = Path(path)
    tmp = temp_beside(path)
    try:
        try:
            yield tmp
        except OSError as exc:
            raise io_error(exc, path) from None
        replace(tmp, path)
    finally:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_if_changed(path: str | Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds exactly it; True if written."""
    path = Path(path)
    if same_bytes(path, data):
        return False
    atomic_write_bytes(path, data)
    return True


def make_if_changed(path: str | Path, make: Callable[[Path], object]) -> bool:
    """``make(tmp)`` writes the file beside ``path``; it replaces ``path`` unless the bytes are
    the same as the file already there. True if ``path`` changed."""
    path = Path(path)
    tmp = temp_beside(path)
    try:
        try:
            make(tmp)
            if same_bytes(path, tmp.read_bytes()):
                return False
        except OSError as exc:
            raise io_error(exc, path) from None
        replace(tmp, path)
        return True
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass


def json_lines(data: Mapping[str, Any]) -> bytes:
    """``data`` (a JSON object) as UTF-8 JSON with each item of its lists on a line of its own,
    written by the C encoder: ``json.dumps`` with an indent runs the pure-Python one, seconds
    for the records of a large plan. Read back with ``json.loads`` as ever."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            parts.append(f" {encode(key)}: [\n  " + ",\n  ".join(map(encode, value)) + "\n ]")
        else:
            parts.append(f" {encode(key)}: {encode(value)}")
    return ("{\n" + ",\n".join(parts) + "\n}").encode("utf-8")
