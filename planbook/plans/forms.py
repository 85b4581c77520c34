"""Which form a plan file is in, told by its content (a renamed file is still read), and the
reader for it: text, a Word document (paragraphs or tables), an Excel workbook, or an old
format through LibreOffice. A PDF, an image, an empty or broken file: a located Chinese
error saying what to do, never a traceback.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Callable

from planbook.base.problems import PlanError, Problem
from planbook.plans.draft import Draft
from planbook.plans.mapping import Mapping

WORD_LIKE = {".doc", ".wps", ".wpt", ".dot", ".rtf", ".odt", ".docx", ".docm", ".dotx"}
EXCEL_LIKE = {".xls", ".et", ".ett", ".xlt", ".ods", ".xlsx", ".xlsm", ".xltx"}


def sniff(path: Path) -> str:
    """The file's kind from its first bytes: zip-word, zip-excel, zip-odf, zip, ole, pdf, rtf,
    html, image, text, binary or empty."""
    with path.open("rb") as f:
        head = f.read(4096)
    if not head.strip(b"\x00 \t\r\n\xef\xbb\xbf"):
        return "empty"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            return "zip"
        if "word/document.xml" in names:
            return "zip-word"
        if "xl/workbook.xml" in names:
            return "zip-excel"
        if "mimetype" in names or "content.xml" in names:
            return "zip-odf"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")):
        return "image"
    lowered = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if lowered.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table", b"<meta")):
        return "html"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head:
        return "binary"
    return "text"


def _problem(kind: str, message: str, path: Path) -> PlanError:
    return PlanError([Problem(kind, message, file=path.name)])


def read_draft(path: Path, mapping: Mapping, step: Callable[[str], None] | None = None) -> tuple[Draft, str]:
    """The draft of the plan in the file at ``path``, and how it was converted ("" if not).
    ``step`` is told when reading starts (after the form is known)."""
    step = step or (lambda _name: None)
    if not path.is_file():
        raise _problem("plan_unreadable", "找不到方案文件（或它是一个文件夹）", path)
    try:
        kind = sniff(path)
    except OSError as exc:
        raise _problem("plan_unreadable", f"无法读取方案文件：{exc.strerror}", path) from None
    suffix = path.suffix.lower()
    if kind == "empty":
        raise _problem("plan_file_empty", "方案文件是空的", path)
    if kind == "pdf":
        raise _problem("plan_form_unknown", "PDF 文件不能直接读取：请用原来的 Word/WPS 文件，或把文字复制出来"
                                            "另存为 .txt（UTF-8）后再试", path)
    office = suffix in WORD_LIKE | EXCEL_LIKE
    if office and (kind in ("binary", "zip") or (kind == "text" and not _decodes(path))):
        raise _problem("plan_unreadable", f"文件损坏，或者不是真正的 {suffix} 文件：请在 Word、WPS 或 Excel 中打开它，"
                                          "重新另存后再试", path)
    if kind in ("image", "binary", "zip"):
        raise _problem("plan_form_unknown", "这不是方案文件能用的格式：请提供 .txt、.docx、.xlsx（或 .doc、.wps、"
                                            ".xls、.et）文件", path)
    step("用 LibreOffice 转换后读取" if kind in ("ole", "rtf", "zip-odf", "html") else "读取内容")
    if kind == "zip-word":
        return _word(path, mapping), ""
    if kind == "zip-excel":
        return _excel(path, mapping), ""
    if kind in ("ole", "rtf", "zip-odf", "html"):
        to = "xlsx" if suffix in EXCEL_LIKE else "docx"
        if kind == "html" and suffix not in WORD_LIKE | EXCEL_LIKE:
            to = "docx"
        from planbook.plans.convert import convert

        with tempfile.TemporaryDirectory(prefix="planbook-") as tmp:
            converted = convert(path, to, Path(tmp))
            draft = _word(converted, mapping, path.name) if to == "docx" else _excel(converted, mapping, path.name)
        return draft, f"由 {suffix or kind} 经 LibreOffice 转换为 .{to} 后读取"
    return _text(path, mapping), ""


def _decodes(path: Path) -> bool:
    from planbook.plans.plain_text import decode

    try:
        decode(path.read_bytes(), path.name)
    except PlanError:
        return False
    return True


def _text(path: Path, mapping: Mapping) -> Draft:
    from planbook.plans.table import read_grids
    from planbook.plans.plain_text import read_lines, read_text
    from planbook.plans.texttable import cell_per_line_grid, grid_from_lines, is_tab_table, key_value_grid, space_table_grid

    lines = read_text(path)
    tabbed = read_grids([grid_from_lines(lines)], mapping, "制表符或“|”分隔的表格（文本）") if is_tab_table(lines) else None
    if tabbed is not None and tabbed.tasks:
        return tabbed
    text = read_lines(lines, source=path.name, task_level=mapping.task_level, form="文本")
    if tabbed is not None and not text.tasks:
        return tabbed  # `|` lines that hold no table, and no numbered text either: the table's error says why
    spaced = None if mapping.task_level else space_table_grid(lines, mapping)
    if spaced is not None:
        table = read_grids([spaced], mapping, "空格分隔的表格（文本，一行一行）")
        if table.tasks and len(table.tasks) > len(text.tasks):
            return table
    found = None if mapping.task_level else cell_per_line_grid(lines, mapping)
    if found is not None:
        grid, problems = found
        table = read_grids([grid], mapping, "逐格复制的表格（文本，一格一行，已按序号拼回各行）")
        if table.tasks and (len(table.tasks) > len(text.tasks) or _named(table) > _named(text)):
            table.problems[:0] = [Problem(p.kind, p.message, p.severity, file=path.name, value=p.value) for p in problems]
            return table
    pairs = None if mapping.task_level else key_value_grid(lines, mapping)
    if pairs is not None:
        table = read_grids([pairs], mapping, "逐格复制的“栏目 | 内容”表（文本，一格一行）")
        if table.tasks and (not text.tasks or _named(table) > _named(text)):
            return table
    return text


def _named(draft: Draft) -> int:
    """How many of a reading's tasks name units (persons, such as a 牵头领导 field, are no units)."""
    from planbook.plans.units import OTHER, PERSON

    return sum(1 for task in draft.tasks if any(s.units and s.role not in (PERSON, OTHER) for s in task.statements))


def _word(path: Path, mapping: Mapping, name: str = "") -> Draft:
    from planbook.plans.docx import read_docx
    from planbook.plans.table import read_grids
    from planbook.plans.plain_text import read_lines

    document = read_docx(path)
    source = name or path.name
    paragraphs = read_lines(document.paragraphs, source=source, task_level=mapping.task_level, form="Word 段落")
    if not document.tables:
        return paragraphs
    tables = read_grids(document.tables, mapping, "Word 表格")
    if len(tables.tasks) >= len(paragraphs.tasks) and tables.tasks:
        if not tables.title:
            from planbook.plans.structure import find_title

            tables.title, at = find_title([p for p in document.paragraphs if p.strip()])
            tables.title_source = "文档开头" if at >= 0 else ""
        return tables
    return paragraphs


def _excel(path: Path, mapping: Mapping, name: str = "") -> Draft:
    from planbook.plans.table import read_grids
    from planbook.plans.spreadsheet import read_xlsx

    return read_grids(read_xlsx(path, mapping.sheets or None), mapping, "Excel 表格")
