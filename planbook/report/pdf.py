"""The report as a PDF, written by LibreOffice when it is installed (offices send and print
PDFs).

LibreOffice renders a copy tuned for it (:func:`~planbook.report.package.libreoffice_copy`),
so the PDF looks as the .docx does in Word and WPS; the .docx itself is never changed. It
runs headless with a profile of its own in a temporary folder, so it neither needs nor
disturbs a LibreOffice the user has open.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_S = 240


def pdf_path(docx: Path) -> Path:
    """The PDF beside the .docx: ``2023Q2_督查通报.pdf``."""
    return docx.with_suffix(".pdf")


def write_pdf(docx: str | Path, out: str | Path | None = None) -> Path:
    """Convert the written .docx into a PDF (atomically) and return its path. Without
    LibreOffice: :class:`~planbook.problems.PlanbookError` ``report_needs_office``."""
    from ..files import atomic_write_bytes
    from ..problems import fail
    from ..soffice import find_soffice
    from .package import libreoffice_copy

    docx = Path(docx)
    target = Path(out) if out is not None else pdf_path(docx)
    exe = find_soffice()
    if exe is None:
        raise fail("report_needs_office",
                   f"没有找到 LibreOffice，未生成 PDF：督查通报 {docx.name} 已写好，可以用 Word 或 WPS 打开后"
                   "另存为 PDF；或安装 LibreOffice（https://zh-cn.libreoffice.org）后再运行一次。",
                   file=str(docx))
    with tempfile.TemporaryDirectory(prefix="planbook-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"  # LibreOffice names its output after its input: keep it plain
        source.write_bytes(libreoffice_copy(docx.read_bytes()))
        profile = folder / "profile"
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "pdf", "--outdir", str(folder), str(source)]
        why = ""
        try:
            subprocess.run(cmd, timeout=TIMEOUT_S, capture_output=True, check=False,
                           env=dict(os.environ, HOME=os.environ.get("HOME", tmp)))
        except subprocess.TimeoutExpired:
            why = f"超过 {TIMEOUT_S} 秒没有完成"
        except OSError as exc:
            why = f"无法启动 LibreOffice：{exc.strerror or type(exc).__name__}"
        made = folder / "report.pdf"
        if not why and (not made.is_file() or made.stat().st_size == 0):
            why = "LibreOffice 没有生成 PDF"
        if why:
            raise fail("report_pdf_failed", f"督查通报 {docx.name} 已写好，但 PDF 未能生成（{why}）：可以用 Word 或 "
                       "WPS 打开它另存为 PDF，或关闭正在运行的 LibreOffice 后再试。", file=str(docx))
        return atomic_write_bytes(target, made.read_bytes())
