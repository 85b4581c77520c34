"""The Word form of a plan: a .docx's paragraphs (one line each, with Word's automatic
numbering written out, as the reader sees it) and its tables (merged cells expanded: a cell
merged down, ``vMerge``, or across, ``gridSpan``, is one value in every cell it covers).

python-docx loads only when a .docx is read; the body is walked once, in document order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from planbook.base.problems import PlanError, Problem
from planbook.base.words import cn_number
from planbook.plans.table import Grid, make_grid

if TYPE_CHECKING:  # pragma: no cover - python-docx loads only when a .docx is read
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement


@dataclass
class WordDocument:
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Grid] = field(default_factory=list)


def read_docx(path: Path) -> WordDocument:
    """The document's paragraphs and tables."""
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a broken or foreign file: say which, never a traceback
        raise PlanError([Problem("plan_unreadable", f"无法打开这个 Word 文件（文件损坏或不是 .docx）：{type(exc).__name__}",
                                 file=path.name)]) from None
    numbering = _Numbering(document)
    out = WordDocument()
    tags = {"p": qn("w:p"), "tbl": qn("w:tbl"), "sdt": qn("w:sdt"), "sdtContent": qn("w:sdtContent")}

    def walk(parent: BaseOxmlElement) -> None:
        for child in parent.iterchildren():
            if child.tag == tags["p"]:
                out.paragraphs.append(numbering.label(child) + _text(child))
            elif child.tag == tags["tbl"]:
                name = f"表 {len(out.tables) + 1}"
                grid = _grid(child, name)
                grid.before = [p for p in out.paragraphs[-3:] if p.strip()]
                out.tables.append(grid)
            elif child.tag == tags["sdt"]:
                content = child.find(tags["sdtContent"])
                if content is not None:
                    walk(content)

    walk(document.element.body)
    return out


def _text(element: BaseOxmlElement) -> str:
    """A paragraph's or cell's text: its runs, tabs and line breaks, not deleted text."""
    from docx.oxml.ns import qn

    t, tab, br, cr, p = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:p")
    txbx = qn("w:txbxContent")
    parts: list[str] = []
    for node in element.iter(t, tab, br, cr, p):
        if node.tag == p:
            if node is not element and parts:
                parts.append("\n")
            continue
        if any(a.tag == txbx for a in node.iterancestors(txbx)):
            continue
        if node.tag == t:
            parts.append(node.text or "")
        elif node.tag == tab:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _grid(tbl: BaseOxmlElement, name: str) -> Grid:
    """A Word table as a grid: gridSpan spreads a cell across, vMerge continues one down."""
    from docx.oxml.ns import qn

    tr, tc, tcPr = qn("w:tr"), qn("w:tc"), qn("w:tcPr")
    span_tag, vmerge_tag, val = qn("w:gridSpan"), qn("w:vMerge"), qn("w:val")
    trPr, before_tag = qn("w:trPr"), qn("w:gridBefore")
    values: list[list[object]] = []
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    open_at: dict[int, list[int]] = {}  # column -> [first row, last row, last column, merged down (0/1)]
    for r, row in enumerate(tbl.iter(tr)):
        if any(a.tag == tc for a in row.iterancestors(tc)):
            continue  # a row of a table nested in a cell belongs to that cell's text
        r = len(values)
        cells: list[object] = []
        props = row.find(trPr)
        if props is not None and props.find(before_tag) is not None:
            cells.extend([None] * int(props.find(before_tag).get(val, "0")))
        for cell in row.findall(tc):
            pr = cell.find(tcPr)
            span, vmerge = 1, None
            if pr is not None:
                if pr.find(span_tag) is not None:
                    span = int(pr.find(span_tag).get(val, "1") or 1)
                if pr.find(vmerge_tag) is not None:
                    vmerge = pr.find(vmerge_tag).get(val, "continue")
            c = len(cells)
            if vmerge == "continue" and c in open_at and open_at[c][3]:
                open_at[c][1] = r
                cells.extend([None] * span)
                continue
            if c in open_at:
                first, last, end, _ = open_at.pop(c)
                merges.append(((first, c), (last, end)))
            cells.append(_text(cell).strip())
            cells.extend([None] * (span - 1))
            if vmerge == "restart" or span > 1:
                open_at[c] = [r, r, c + span - 1, int(vmerge == "restart")]
        values.append(cells)
    for c, (first, last, end, _) in open_at.items():
        merges.append(((first, c), (last, end)))
    return make_grid(values, merges, name)


class _Numbering:
    """Word's automatic numbering (一、 （一） 1. written by Word, not typed): the label each
    numbered paragraph shows, counted as Word counts it."""

    _FORMATS: dict[str, Callable[[int], str]] = {
        "decimal": str,
        "decimalZero": lambda n: f"{n:02d}",
        "chineseCounting": cn_number,
        "chineseCountingThousand": cn_number,
        "chineseLegalSimplified": cn_number,
        "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
        "japaneseCounting": cn_number,
        "taiwaneseCounting": cn_number,
        "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
        "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
        "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
        "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1),
        "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1),
        "lowerRoman": lambda n: _roman(n).lower(),
        "upperRoman": lambda n: _roman(n),
    }

    def __init__(self, document: Document) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (format, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int] | None] = {}
        self.document = document
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.findall(qn("w:abstractNum")):
            lvls = {}
            for lvl in a.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                lvls[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                )
            abstract[a.get(qn("w:abstractNumId"))] = lvls
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"))] = dict(abstract.get(ref.get(qn("w:val")), {}))

    def _style_numbering(self, style_id: str) -> tuple[str, int] | None:
        if style_id in self.styles:
            return self.styles[style_id]
        qn = self.qn
        found = None
        try:
            style = self.document.styles.element.get_by_id(style_id)
        except Exception:  # a document without a styles part
            style = None
        if style is not None:
            pPr = style.find(qn("w:pPr"))
            numPr = pPr.find(qn("w:numPr")) if pPr is not None else None
            if numPr is not None and numPr.find(qn("w:numId")) is not None:
                ilvl = numPr.find(qn("w:ilvl"))
                found = (numPr.find(qn("w:numId")).get(qn("w:val")), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0)
            else:
                based = style.find(qn("w:basedOn"))
                if based is not None and based.get(qn("w:val")) != style_id:
                    self.styles[style_id] = None
                    found = self._style_numbering(based.get(qn("w:val")))
        self.styles[style_id] = found
        return found

    def label(self, p: BaseOxmlElement) -> str:
        """The number Word shows before paragraph ``p`` ("" for none or a bullet)."""
        if not self.levels:
            return ""
        qn = self.qn
        pPr = p.find(qn("w:pPr"))
        num_id, ilvl = None, 0
        if pPr is not None:
            numPr = pPr.find(qn("w:numPr"))
            if numPr is not None and numPr.find(qn("w:numId")) is not None:
                num_id = numPr.find(qn("w:numId")).get(qn("w:val"))
                level = numPr.find(qn("w:ilvl"))
                ilvl = int(level.get(qn("w:val"), "0")) if level is not None else 0
            elif pPr.find(qn("w:pStyle")) is not None:
                found = self._style_numbering(pPr.find(qn("w:pStyle")).get(qn("w:val")))
                if found:
                    num_id, ilvl = found
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        fmt, text, start = levels.get(ilvl, ("decimal", "", 1))
        if fmt in ("bullet", "none") or not text:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        out = text
        for k in range(ilvl + 1):
            k_fmt, _, k_start = levels.get(k, ("decimal", "", 1))
            value = counters.get(k, k_start)
            out = out.replace(f"%{k + 1}", self._FORMATS.get(k_fmt, str)(value))
        return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out

