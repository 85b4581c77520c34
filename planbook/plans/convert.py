"""Old and foreign office formats (.doc, .wps, .rtf, .xls, .et, ...) converted to .docx or
.xlsx through LibreOffice, when it is installed; otherwise a Chinese message naming the
file and what to do (save it as .docx or .xlsx in Word, WPS or Excel).

LibreOffice runs as :mod:`planbook.base.soffice` runs it, apart from any the user has open.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from planbook.base.problems import PlanError, Problem

TIMEOUT_S = 180


def convert(path: Path, to: str, out_dir: Path) -> Path:
    """``path`` saved as ``to`` ("docx" or "xlsx") into ``out_dir`` by LibreOffice."""
    kind = "Word（.docx）" if to == "docx" else "Excel（.xlsx）"
    app = "Word 或 WPS 文字" if to == "docx" else "Excel 或 WPS 表格"
    from planbook.base.soffice import convert as run_libreoffice
    from planbook.base.soffice import find_soffice  # looked up at each call (tests stand in a missing LibreOffice)

    exe = find_soffice()
    if exe is None:
        raise PlanError([Problem(
            "plan_needs_office",
            f"{path.suffix or '这种'}格式需要 LibreOffice 才能读取，本机没有找到 LibreOffice：请用{app}打开它，"
            f"另存为 {kind} 后再试，或安装 LibreOffice", file=path.name)])
    source = out_dir / ("source" + path.suffix.lower())
    shutil.copyfile(path, source)  # LibreOffice names its output after the input: keep it plain
    try:
        out = run_libreoffice(exe, source, to, out_dir, TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _failed(path, app, kind, type(exc).__name__) from None
    if out is None:
        raise _failed(path, app, kind, "LibreOffice 没有生成文件（文件可能已加密或损坏）")
    return out


def _failed(path: Path, app: str, kind: str, why: str) -> PlanError:
    return PlanError([Problem("plan_needs_office", f"LibreOffice 未能转换这个文件（{why}）：请用{app}打开它，"
                                                   f"另存为 {kind} 后再试", file=path.name)])
