"""Where LibreOffice's ``soffice`` is: on the PATH, or where its installer puts it on
Windows, macOS and Linux. Shared by the stages that hand files to LibreOffice (the report's
PDF, the plans of old formats); nothing here runs it."""

from __future__ import annotations

import shutil
from pathlib import Path

INSTALLED = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/opt/libreoffice/program/soffice",
)


def find_soffice() -> str | None:
    """LibreOffice's ``soffice``, or ``None`` when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in INSTALLED:
        if Path(candidate).is_file():
            return candidate
    return None
