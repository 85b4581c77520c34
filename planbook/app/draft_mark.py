"""草稿: a document let out with example data says so on every page (``--draft``): the
header of each section of a .docx, of each sheet of an .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DRAFT = "草稿"


def mark_draft(path: Path) -> None:
    """Put 草稿 in the header of every page of the .docx or .xlsx at ``path`` (saved atomically)."""
    if path.suffix.lower() == ".xlsx":
        _mark_workbook(path)
        return
    import docx

    from planbook.base.files import atomic_path

    document = docx.Document(str(path))
    mark_document(document)
    with atomic_path(path) as tmp:
        document.save(str(tmp))


def mark_document(document: Any) -> None:
    """Put 草稿 in the header of every section of a python-docx document."""
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.text = DRAFT
        if section.different_first_page_header_footer:
            first = section.first_page_header
            (first.paragraphs[0] if first.paragraphs else first.add_paragraph()).text = DRAFT


def _mark_workbook(path: Path) -> None:
    import openpyxl

    from planbook.base.files import atomic_path

    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for header in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
            if header is None or header.left is None:
                continue
            left = header.left.text or ""
            if not left.startswith(DRAFT):  # the left part: the sheet's own header keeps the rest
                header.left.text = f"{DRAFT}\u3000{left}".rstrip()
    with atomic_path(path) as tmp:
        book.save(str(tmp))
