"""LibreOffice, the real client: convert files with it, one profile per call, with the
rendering fonts (``tests/fonts.conf``, a copy of the project's font stand-ins: a test never
reads outside the repository)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

def fonts_conf() -> Path:
    return Path(__file__).resolve().parent / "fonts.conf"


def soffice_or_skip() -> str:
    """The soffice executable; skips the test without it, except in CI, where it fails."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("soffice (LibreOffice) is required in CI")
        pytest.skip("soffice (LibreOffice) not installed")
    return exe


def convert(files: list[Path], to: str, out_dir: Path, *, timeout: int = 240) -> list[Path]:
    """Open each file in LibreOffice and save it as ``to`` (xlsx, xls, pdf) into ``out_dir``,
    as an agency or a printer would. Returns the new files, in order."""
    exe = soffice_or_skip()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        env = dict(os.environ, FONTCONFIG_FILE=str(fonts_conf()))
        cmd = [exe, "--headless", "--norestore", f"-env:UserInstallation={Path(profile).as_uri()}",
               "--convert-to", to, "--outdir", str(out_dir), *map(str, files)]
        subprocess.run(cmd, env=env, timeout=timeout, check=True, capture_output=True)
    out = [out_dir / (Path(f).stem + "." + to) for f in files]
    missing = [p for p in out if not p.is_file()]
    assert not missing, f"LibreOffice did not write {missing}"
    return out
