"""The Word form of a plan: a .docx whose paragraphs carry the plan's text, one line each."""

from __future__ import annotations

from pathlib import Path

from ..problems import PlanError, Problem


def read_docx(path: Path) -> list[str]:
    """The document's paragraphs as lines (python-docx loads only when a .docx is read)."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a broken or foreign file: say which
        raise PlanError(
            [Problem("plan_unreadable", f"无法读取方案文件（不是有效的 .docx）：{exc}", file=path.name)]
        ) from None
    return [p.text for p in document.paragraphs]
