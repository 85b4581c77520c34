"""草稿: a document let out with example data says so on every page (``--draft``)."""

from __future__ import annotations

from pathlib import Path

DRAFT = "草稿"


def mark_draft(path: Path) -> None:
    """Put 草稿 in the header of every section of the .docx at ``path`` (saved atomically)."""
    import docx

    from ..files import atomic_path

    document = docx.Document(str(path))
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.text = DRAFT
        if section.different_first_page_header_footer:
            first = section.first_page_header
            (first.paragraphs[0] if first.paragraphs else first.add_paragraph()).text = DRAFT
    with atomic_path(path) as tmp:
        document.save(str(tmp))
