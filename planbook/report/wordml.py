"""Low-level WordprocessingML: what python-docx has no API for, behind small named helpers,
so that the report reads as "add heading, add table" and never as XML:

* East Asian fonts (``w:rFonts/@w:eastAsia``) and the removal of theme font attributes,
  which would otherwise override the explicit names;
* Chinese language (``w:lang/@w:eastAsia``, ``w:themeFontLang``);
* page size and margins, the line grid (``w:docGrid``), sections;
* hand-built ``PAGE`` fields in odd and even footers;
* paragraph borders (the red separator line, the lines of the 版记);
* tables built as XML, linear in the rows, header rows repeated (``w:tblHeader``).

No number of the standard lives here: sizes, fonts and distances come as arguments (from
:mod:`planbook.report.gbt9704`). python-docx is imported inside the functions that need it,
so importing this module is cheap. Lengths are in twips (1/20 pt).
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape

from planbook.report.wording import clean_text, one_line

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")

# Element order inside property elements (ECMA-376 Part 1), for schema-valid insertion.
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
    "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
    "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
    "eastAsianLayout", "specVanish", "oMath",
)
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
    "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
    "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
    "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)
_SECTPR_ORDER = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
    "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
    "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
    "printerSettings", "sectPrChange",
)
_PBDR_ORDER = ("top", "left", "bottom", "right", "between", "bar")


def qn(tag: str) -> str:
    """``w:rFonts`` -> ``{namespace}rFonts`` (only the ``w`` prefix is needed here)."""
    prefix, _, local = tag.partition(":")
    if prefix != "w":
        from docx.oxml.ns import qn as docx_qn

        return docx_qn(tag)
    return f"{{{W_NS}}}{local}"


# -- generic property elements ---------------------------------------------------------------
def _local(el: Any) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _child(parent: Any, name: str, order: Sequence[str], *, create: bool = True) -> Any:
    """The ``w:<name>`` child of ``parent``, created at its schema position if missing."""
    from docx.oxml import OxmlElement

    found = parent.find(qn(f"w:{name}"))
    if found is not None or not create:
        return found
    el = OxmlElement(f"w:{name}")
    later = set(order[order.index(name) + 1:]) if name in order else set()
    for existing in parent:
        if _local(existing) in later:
            existing.addprevious(el)
            return el
    parent.append(el)
    return el


def _rpr(target: Any) -> Any:
    """The ``w:rPr`` of a Run, a style, a paragraph (its mark), or an rPr element itself."""
    if hasattr(target, "_r"):  # docx.text.run.Run
        return target._r.get_or_add_rPr()
    el = getattr(target, "element", target)
    if _local(el) == "rPr":
        return el
    if _local(el) in ("style", "r"):
        return el.get_or_add_rPr()
    if _local(el) == "rPrDefault":
        return _child(el, "rPr", ("rPr",))
    raise TypeError(f"no run properties on {type(target).__name__}")


def _ppr(target: Any) -> Any:
    if hasattr(target, "_p"):  # docx.text.paragraph.Paragraph
        return target._p.get_or_add_pPr()
    el = getattr(target, "element", target)
    if _local(el) == "pPr":
        return el
    if _local(el) in ("style", "p"):
        return el.get_or_add_pPr()
    raise TypeError(f"no paragraph properties on {type(target).__name__}")


def _set(el: Any, **attrs: object) -> Any:
    for k, v in attrs.items():
        if v is None:
            el.attrib.pop(qn(f"w:{k}"), None)
        else:
            el.set(qn(f"w:{k}"), str(v))
    return el


# -- fonts and language ------------------------------------------------------------------------
def set_fonts(target: Any, east_asia: str, latin: str | None = None, *, hint: bool = True) -> None:
    """Name the font in every slot of ``w:rFonts`` and drop theme attributes.

    ``latin`` defaults to the East Asian font, so quotes “ ” and dashes — (which Word puts
    in the Latin slot) still come out in the Chinese face; ``hint`` adds
    ``w:hint="eastAsia"`` for the same reason.
    """
    rfonts = _child(_rpr(target), "rFonts", _RPR_ORDER)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    latin = latin or east_asia
    _set(rfonts, ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin,
         hint="eastAsia" if hint else None)


def strip_theme_fonts(root: Any) -> int:
    """Remove ``w:asciiTheme``/``w:hAnsiTheme``/``w:eastAsiaTheme``/``w:cstheme`` from every
    ``w:rFonts`` under ``root``; returns how many attributes went."""
    removed = 0
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            if rfonts.attrib.pop(qn(f"w:{attr}"), None) is not None:
                removed += 1
    return removed


def set_language(target: Any, east_asia: str = "zh-CN", latin: str = "en-US") -> None:
    _set(_child(_rpr(target), "lang", _RPR_ORDER), val=latin, eastAsia=east_asia, bidi="ar-SA")


def set_size(target: Any, pt: float) -> None:
    half_points = str(round(pt * 2))
    rpr = _rpr(target)
    _set(_child(rpr, "sz", _RPR_ORDER), val=half_points)
    _set(_child(rpr, "szCs", _RPR_ORDER), val=half_points)


def set_color(target: Any, hex_rgb: str) -> None:
    _set(_child(_rpr(target), "color", _RPR_ORDER), val=hex_rgb)


def set_char_spacing(target: Any, twentieths: int) -> None:
    """Character spacing (``w:spacing`` in run properties), in 1/20 pt: -5 is -0.25 pt."""
    _set(_child(_rpr(target), "spacing", _RPR_ORDER), val=twentieths)


def set_bold(target: Any, on: bool = False) -> None:
    """Explicit bold on/off (off cancels the bold of inherited heading styles)."""
    rpr = _rpr(target)
    for name in ("b", "bCs"):
        _set(_child(rpr, name, _RPR_ORDER), val="1" if on else "0")


def set_run_format(target: Any, font: str, size: float, *, color: str | None = None,
                   spacing: int | None = None, latin: str | None = None) -> None:
    """Font (all slots), size, optional colour and character spacing in one call."""
    set_fonts(target, font, latin)
    set_size(target, size)
    if color:
        set_color(target, color)
    if spacing is not None:
        set_char_spacing(target, spacing)


def set_doc_defaults(document: Any, font: str, size: float, *, lang: str = "zh-CN") -> None:
    """The document defaults (``w:docDefaults``): font in every slot, size, zh-CN, and no
    space after paragraphs (python-docx's template adds 10 pt and 1.15 line spacing)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = _child(defaults, "rPrDefault", ("rPrDefault", "pPrDefault"))
    rpr = _child(rpr_default, "rPr", ("rPr",))
    set_fonts(rpr, font, hint=False)
    set_size(rpr, size)
    set_language(rpr, lang)
    ppr_default = _child(defaults, "pPrDefault", ("rPrDefault", "pPrDefault"))
    ppr = _child(ppr_default, "pPr", ("pPr",))
    _set(_child(ppr, "spacing", _PPR_ORDER), before=0, after=0, line=240, lineRule="auto")
    set_overflow_punct(ppr, False)


def set_theme_font_lang(document: Any, east_asia: str = "zh-CN", latin: str = "en-US") -> None:
    """``w:themeFontLang`` in settings.xml: python-docx's template says ja-JP."""
    settings = document.settings.element
    el = settings.find(qn("w:themeFontLang"))
    if el is None:
        from docx.oxml import OxmlElement

        el = OxmlElement("w:themeFontLang")
        settings.append(el)  # order matters little to Word here; LibreOffice ignores it
    _set(el, val=latin, eastAsia=east_asia)


# -- paragraph properties -----------------------------------------------------------------------
def set_overflow_punct(target: Any, on: bool) -> None:
    """Whether punctuation may hang into the right margin (Word's and LibreOffice's
    default). Off keeps every character inside the type area."""
    _set(_child(_ppr(target), "overflowPunct", _PPR_ORDER), val="1" if on else "0")


def set_snap_to_grid(target: Any, on: bool) -> None:
    """Whether lines of the paragraph snap to the document grid (off for pictures and for
    the header block, whose heights are not multiples of a grid line)."""
    _set(_child(_ppr(target), "snapToGrid", _PPR_ORDER), val="1" if on else "0")


def set_line_spacing(target: Any, *, exact: int | None = None, before: int = 0, after: int = 0) -> None:
    """Space before/after (twips) and exact line spacing (twips) or single when ``None``."""
    sp = _child(_ppr(target), "spacing", _PPR_ORDER)
    for k in ("beforeLines", "afterLines", "beforeAutospacing", "afterAutospacing"):
        sp.attrib.pop(qn(f"w:{k}"), None)
    if exact is None:
        _set(sp, before=before, after=after, line=240, lineRule="auto")
    else:
        _set(sp, before=before, after=after, line=exact, lineRule="exact")


def set_indent(target: Any, *, left: int = 0, right: int = 0, first_line: int = 0, hanging: int = 0) -> None:
    """Indents in twips (character-unit attributes are removed: LibreOffice ignores some)."""
    ind = _child(_ppr(target), "ind", _PPR_ORDER)
    for k in list(ind.attrib):
        ind.attrib.pop(k)
    _set(ind, left=left, right=right)
    if hanging:
        _set(ind, hanging=hanging)
    else:
        _set(ind, firstLine=first_line)


def set_alignment(target: Any, value: str) -> None:
    """``both`` (justified), ``left``, ``center``, ``right``."""
    _set(_child(_ppr(target), "jc", _PPR_ORDER), val=value)


def set_page_break_before(target: Any, on: bool = True) -> None:
    _set(_child(_ppr(target), "pageBreakBefore", _PPR_ORDER), val="1" if on else "0")


def set_keep_next(target: Any, on: bool = True) -> None:
    _set(_child(_ppr(target), "keepNext", _PPR_ORDER), val="1" if on else "0")


def set_outline_level(target: Any, level: int) -> None:
    """Outline level 0-8: the heading shows in Word's navigation pane."""
    _set(_child(_ppr(target), "outlineLvl", _PPR_ORDER), val=level)


def add_right_tab(target: Any, position: int) -> None:
    from docx.oxml import OxmlElement

    tabs = _child(_ppr(target), "tabs", _PPR_ORDER)
    tab = OxmlElement("w:tab")
    _set(tab, val="right", pos=position)
    tabs.append(tab)


def set_border(target: Any, side: str, *, size: int, color: str = "000000", space: int = 0) -> None:
    """A paragraph border line: ``size`` in eighths of a point (8 ≈ 0.35 mm, 6 ≈ 0.25 mm),
    ``space`` in points between text and line. ``w:pBdr`` goes before spacing/ind/jc."""
    pbdr = _child(_ppr(target), "pBdr", _PPR_ORDER)
    line = _child(pbdr, side, _PBDR_ORDER)
    _set(line, val="single", sz=size, space=space, color=color)


# -- runs --------------------------------------------------------------------------------------
def add_text_run(paragraph: Any, text: str, font: str, size: float, *, color: str | None = None,
                 spacing: int | None = None, latin: str | None = None) -> Any:
    """A run of cleaned text with its fonts named on the run itself; ``spacing`` is the
    character spacing in 1/20 pt (``None``: none set)."""
    run = paragraph.add_run(clean_text(text))
    set_run_format(run, font, size, color=color, spacing=spacing, latin=latin)
    return run


def add_page_field(paragraph: Any, font: str, size: float, *, latin: str | None = None) -> None:
    """``PAGE`` as a complex field (begin, instruction, separate, placeholder, end)."""
    from docx.oxml import OxmlElement

    def run() -> Any:
        r = paragraph.add_run()
        set_run_format(r, font, size, latin=latin)
        return r

    begin = OxmlElement("w:fldChar")
    _set(begin, fldCharType="begin")
    run()._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    sep = OxmlElement("w:fldChar")
    _set(sep, fldCharType="separate")
    run()._r.append(sep)
    placeholder = run()
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    _set(end, fldCharType="end")
    run()._r.append(end)


def zero_picture_distance(inline_shape: Any) -> None:
    """``distT/B/L/R="0"`` on a ``wp:inline``: without them LibreOffice keeps 0.32 cm
    around the picture, pushing a full-width chart past the right edge of the type area."""
    inline = inline_shape._inline
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")


# -- document settings, sections ------------------------------------------------------------------
def enable_odd_even_footers(document: Any) -> None:
    """``w:evenAndOddHeaders`` in settings.xml."""
    document.settings.odd_and_even_pages_header_footer = True


def set_page(section: Any, *, width: int, height: int, top: int, bottom: int, left: int, right: int,
             header: int, footer: int, landscape: bool = False) -> None:
    """Page size and margins in twips; ``landscape`` marks a page whose ``width`` and
    ``height`` the caller has swapped."""
    sect = section._sectPr
    pgsz = _child(sect, "pgSz", _SECTPR_ORDER)
    _set(pgsz, w=width, h=height, orient="landscape" if landscape else None)
    pgmar = _child(sect, "pgMar", _SECTPR_ORDER)
    _set(pgmar, top=top, right=right, bottom=bottom, left=left, header=header, footer=footer, gutter=0)


def set_doc_grid(section: Any, line_pitch: int | None, grid_type: str | None = "lines") -> None:
    """``w:docGrid``: ``lines`` snaps lines to ``line_pitch``; ``None`` removes the grid type.
    (``linesAndChars`` would make LibreOffice give each character two cells.)"""
    grid = _child(section._sectPr, "docGrid", _SECTPR_ORDER)
    for k in list(grid.attrib):
        grid.attrib.pop(k)
    _set(grid, type=grid_type, linePitch=line_pitch)


def set_section_start(section: Any, kind: str = "nextPage") -> None:
    _set(_child(section._sectPr, "type", _SECTPR_ORDER), val=kind)


def end_section(document: Any) -> Any:
    """Close the current section at the last paragraph (no extra empty paragraph, which
    could spill onto a blank page) and return the new last section, which starts on a new
    page and inherits the headers and footers."""
    from docx.section import Section

    body = document.element.body
    sentinel = body.sectPr
    last = sentinel.getprevious()
    if last is None or _local(last) != "p" or last.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
        last = document.add_paragraph()._p
        set_line_spacing(last, exact=20)
        set_snap_to_grid(last, False)
    last.set_sectPr(sentinel.clone())
    for ref in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(ref)
    set_section_start(Section(sentinel, document.part), "nextPage")
    return Section(sentinel, document.part)


def append_block(document: Any, element: Any) -> Any:
    """Add a block element (a table built as XML) at the end of the body."""
    document.element.body.sectPr.addprevious(element)
    return element


# -- footers ----------------------------------------------------------------------------------------
def page_number_footers(section: Any, *, font: str, size: float, indent: int, line: int,
                        before: str = "", after: str = "") -> None:
    """Odd pages: right-aligned, ``indent`` in from the right; even pages: left-aligned,
    the same in from the left. ``before`` and ``after`` frame the number (``— N —``), on
    one exact ``line``."""
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        for r in list(p.runs):
            r._r.getparent().remove(r._r)
        set_line_spacing(p, exact=line)
        set_snap_to_grid(p, False)
        set_alignment(p, align)
        set_indent(p, left=indent if align == "left" else 0, right=indent if align == "right" else 0)
        # the dashes sit in the East Asian slot (hint), the digits in the Latin one
        add_text_run(p, before, font, size, spacing=None)
        add_page_field(p, font, size)
        add_text_run(p, after, font, size, spacing=None)


_DRAWING_NS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
               'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
_shape_ids = iter(range(7001, 100000))


def turned_page_number_footers(section: Any, *, font: str, size: float, boxes: Sequence[tuple[int, int, int, int, str]],
                               before: str = "", after: str = "") -> None:
    """The page number of a turned (landscape) page where the upright pages have theirs
    (GB/T 9704 §10.1: the same place on the sheet): in a text box at ``boxes`` (odd, even:
    x, y, width, height in EMU from the page's corner, and the alignment along the box),
    its text running down the page's edge, so it reads upright when the sheet is held as the
    others are."""
    from docx.oxml import parse_xml

    rpr = (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:hint="eastAsia"/>'
           f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/></w:rPr>')

    def run(inner: str) -> str:
        return f"<w:r>{rpr}{inner}</w:r>"

    field = (run('<w:fldChar w:fldCharType="begin"/>') + run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
             + run('<w:fldChar w:fldCharType="separate"/>') + run("<w:t>1</w:t>") + run('<w:fldChar w:fldCharType="end"/>'))
    text = (run(f'<w:t xml:space="preserve">{escape(before)}</w:t>') + field
            + run(f'<w:t xml:space="preserve">{escape(after)}</w:t>'))
    for footer, (x, y, cx, cy, align) in zip((section.footer, section.even_page_footer), boxes):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        n = next(_shape_ids)
        element.append(parse_xml(
            f'<w:p xmlns:w="{W_NS}" {_DRAWING_NS}><w:pPr><w:spacing w:line="20" w:lineRule="exact"/></w:pPr><w:r>'
            f'<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{n}" '
            'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f'<wp:docPr id="{n}" name="页码{n}"/><wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
            '<a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent>'
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="{align}"/>'
            f'</w:pPr>{text}</w:p></w:txbxContent></wps:txbx>'
            '<wps:bodyPr rot="0" vert="vert" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr" '
            'anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></w:r></w:p>'))


# -- tables -------------------------------------------------------------------------------------------
def _run_xml(text: str, font: str | None, *, bold: bool = False) -> str:
    """A run; ``font`` None inherits the paragraph style's fonts (data cells: a big table
    holds fewer elements, and so less memory)."""
    fonts = (f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" '
             f'w:cs="{font}" w:hint="eastAsia"/>') if font else ""
    b = "<w:b/><w:bCs/>" if bold else ""
    rpr = f"<w:rPr>{fonts}{b}</w:rPr>" if fonts or b else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _cell_xml(text: str, width: int, style: str, font: str | None, align: str, *, shade: str = "",
              bold: bool = False, valign: str = "center") -> str:
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    run = _run_xml(text, font, bold=bold) if text else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}<w:vAlign w:val="{valign}"/>'
            f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{align}"/></w:pPr>'
            f'{run}</w:p></w:tc>')


def _cell_margins_xml(margins: tuple[int, int] | None) -> str:
    if margins is None:
        return ""
    v, h = margins
    return (f'<w:tblCellMar><w:top w:w="{v}" w:type="dxa"/><w:left w:w="{h}" w:type="dxa"/>'
            f'<w:bottom w:w="{v}" w:type="dxa"/><w:right w:w="{h}" w:type="dxa"/></w:tblCellMar>')


def table_element(headers: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[int], *,
                  style: str, font: str, header_font: str | None = None,
                  align: Sequence[str] | None = None, header_shade: str = "",
                  border_size: int = 4, cell_margins: tuple[int, int] | None = None,
                  cant_split: bool = True, valign: str = "center", inherit_font: bool = False) -> Any:
    """A whole ``w:tbl`` built as one XML string and parsed once: linear in the rows
    (``table.cell(i, j)`` in a loop is quadratic). The header row repeats on every page
    (``w:tblHeader``); with ``cant_split`` no row splits across pages (``w:cantSplit``); the header
    keeps with the first row and the last two rows keep together.
    ``valign`` places the data cells (``top`` suits long rows that may split).

    Cell texts are cleaned and put on one line; ``style`` is the paragraph style id of the
    cell paragraphs. ``font`` is named on every run, unless ``inherit_font``: then the data
    rows' runs take the style's fonts (which must name the same font in every slot).
    ``header_shade`` fills the header row (hex RGB, "" for none); ``border_size`` is in
    eighths of a point; ``cell_margins`` are (top and bottom, left and right) in twips."""
    from docx.oxml import parse_xml

    if len(widths) != len(headers):
        raise ValueError(f"{len(headers)} columns but {len(widths)} widths")
    align = list(align or ["center"] * len(headers))
    header_font = header_font or font
    total = sum(widths)
    border = f'w:val="single" w:sz="{border_size}" w:space="0" w:color="000000"'
    parts = [
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblBorders>'
        f'<w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>'
        f'<w:insideH {border}/><w:insideV {border}/></w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>',
        _cell_margins_xml(cell_margins),
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        '</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>',
        *(_cell_xml(one_line(h), w, style, header_font, "center", shade=header_shade)
          for h, w in zip(headers, widths)),
        "</w:tr>",
    ]
    parts.append("</w:tbl>")
    table = parse_xml("".join(parts))
    row_head = "<w:tr><w:trPr><w:cantSplit/></w:trPr>" if cant_split else "<w:tr>"
    data_font = None if inherit_font else font
    n = len(headers)
    chunk: list[str] = []
    rows_in_chunk = 0

    def flush() -> None:
        # parsed a few hundred rows at a time: a 10,000-row table never exists twice as text
        fragment = parse_xml(f'<w:tbl xmlns:w="{W_NS}">' + "".join(chunk) + "</w:tbl>")
        table.extend(list(fragment))
        chunk.clear()

    for row in rows:
        cells = list(row)[:n] + [""] * (n - len(row))
        chunk.append(row_head)
        chunk.extend(_cell_xml(one_line(v), w, style, data_font, a, valign=valign)
                     for v, w, a in zip(cells, widths, align))
        chunk.append("</w:tr>")
        rows_in_chunk += 1
        if rows_in_chunk == 500:
            flush()
            rows_in_chunk = 0
    if chunk:
        flush()
    # the header row stays with the first data row, the last two rows together: no page holds a
    # header alone or a single row (Word and WPS keep a row whose paragraphs keep with the next)
    trs = table.findall(qn("w:tr"))
    for tr in trs[:1] + trs[-2:-1] if len(trs) > 2 else trs[:1] if len(trs) > 1 else []:
        for p in tr.iter(qn("w:p")):
            set_keep_next(p)
    return table


def is_repeated_header(row_element: Any) -> bool:
    trpr = row_element.find(qn("w:trPr"))
    return trpr is not None and trpr.find(qn("w:tblHeader")) is not None
