"""The report as a PDF, written by LibreOffice when it is installed (offices send and print
PDFs).

LibreOffice renders a copy tuned for it (:func:`~planbook.report.docx_package.libreoffice_copy`),
so the PDF looks as the .docx does in Word and WPS; the .docx itself is never changed.
LibreOffice runs as :mod:`planbook.base.soffice` runs it, apart from any the user has open.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Callable

TIMEOUT_S = 240


def pdf_path(docx: Path) -> Path:
    """The PDF beside the .docx: ``2023Q2_督查通报.pdf``."""
    return docx.with_suffix(".pdf")


def write_pdf(docx: str | Path, out: str | Path | None = None) -> Path:
    """Convert the written .docx into a PDF (atomically) and return its path. Without
    LibreOffice: :class:`~planbook.base.problems.PlanbookError` ``report_needs_office``."""
    from planbook.base.files import atomic_write_bytes

    docx = Path(docx)
    target = Path(out) if out is not None else pdf_path(docx)
    return atomic_write_bytes(target, rendered(docx.read_bytes(), docx))


def write_even_pdf(build: "Callable[[str], bytes]", docx: Path, out: str | Path | None = None) -> Path:
    """The 通报's PDF with its 版记 on an even page by construction (GB/T 9704 §7.5): the
    document ``build("next")`` makes is laid out by LibreOffice; when its pages come out odd,
    that of ``build("blank")`` (an unnumbered empty page before the 版记) is taken instead.
    With two cores both are laid out at once (the PDF of a large plan takes LibreOffice
    seconds). ``docx`` is the .docx already written (named in the messages)."""
    from planbook.base.files import atomic_write_bytes

    import os
    from concurrent.futures import ThreadPoolExecutor

    target = Path(out) if out is not None else pdf_path(docx)
    plain = build("next")
    if (os.cpu_count() or 1) < 2:
        made = rendered(plain, docx)
        return atomic_write_bytes(target, rendered(build("blank"), docx) if pages(made) % 2 else made)
    # two cores: both forms laid out at once, each LibreOffice with a profile of its own
    with ThreadPoolExecutor(2) as both:
        first = both.submit(rendered, plain, docx)
        second = both.submit(rendered, build("blank"), docx)
        made = first.result()
        if pages(made) % 2:
            made = second.result()
    return atomic_write_bytes(target, made)


def pages(pdf: bytes) -> int:
    """The number of pages of a PDF LibreOffice wrote."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def rendered(docx_bytes: bytes, docx: Path) -> bytes:
    """The PDF LibreOffice makes of a .docx's bytes (the copy corrected to lay out as Word
    does); its failures are Chinese messages naming ``docx``, which is already written."""
    from planbook.base.problems import fail
    from planbook.base.soffice import convert, find_soffice
    from planbook.report.docx_package import libreoffice_copy

    exe = find_soffice()
    if exe is None:
        raise fail("report_needs_office",
                   f"没有找到 LibreOffice，未生成 PDF：督查通报 {docx.name} 已写好，可以用 Word 或 WPS 打开后"
                   "另存为 PDF；或安装 LibreOffice（https://zh-cn.libreoffice.org）后再运行一次。",
                   file=str(docx))
    with tempfile.TemporaryDirectory(prefix="planbook-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"  # LibreOffice names its output after its input: keep it plain
        source.write_bytes(libreoffice_copy(docx_bytes))
        why, made = "", None
        try:
            made = convert(exe, source, "pdf", folder, TIMEOUT_S)
        except subprocess.TimeoutExpired:
            why = f"超过 {TIMEOUT_S} 秒没有完成"
        except OSError as exc:
            why = f"无法启动 LibreOffice：{exc.strerror or type(exc).__name__}"
        if made is None:
            raise fail("report_pdf_failed", f"督查通报 {docx.name} 已写好，但 PDF 未能生成（{why or 'LibreOffice 没有生成 PDF'}）："
                       "可以用 Word 或 WPS 打开它另存为 PDF，或关闭正在运行的 LibreOffice 后再试。", file=str(docx))
        return made.read_bytes()
