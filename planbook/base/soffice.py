"""LibreOffice for the stages that hand it files (the plans of old formats, the report's
PDF): where its ``soffice`` is (on the PATH, or where its installer puts it on Windows,
macOS and Linux), and one conversion run headless with a profile of its own in a temporary
folder, so it neither needs nor disturbs a LibreOffice the user has open. Each stage says in
its own words what a failure means to its user."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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


def convert(exe: str, source: Path, to: str, out_dir: Path, timeout: float) -> Path | None:
    """``source`` saved as ``to`` (``docx``, ``xlsx``, ``pdf``) into ``out_dir`` by LibreOffice
    (``exe``): the file it wrote (named after ``source``), or ``None`` when it wrote nothing.
    ``subprocess.TimeoutExpired`` and ``OSError`` (it could not start) pass to the caller."""
    with tempfile.TemporaryDirectory(prefix="planbook-lo-") as profile:
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={Path(profile).as_uri()}",
               "--convert-to", to, "--outdir", str(out_dir), str(source)]
        subprocess.run(cmd, timeout=timeout, capture_output=True, check=False,
                       env=dict(os.environ, HOME=os.environ.get("HOME", profile)))
    made = out_dir / f"{source.stem}.{to}"
    return made if made.is_file() and made.stat().st_size > 0 else None
