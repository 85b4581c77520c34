"""An official document being written top to bottom: python-docx's document with the
GB/T 9704 styles, one per role (body, headings, title, 版记...), portrait and landscape
sections, paragraphs, tables and pictures placed when they are drawn.

What the report says is :mod:`planbook.report.document`'s business; how each role looks is
:mod:`planbook.report.gbt9704`'s; the XML is :mod:`planbook.report.wordml`'s.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, Iterable, Protocol

from planbook.report import gbt9704 as std
from planbook.report import wordml

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

STYLE_NAMES: dict[str, str] = {
    "body": "GW Body",
    "h1": "GW Heading 1",
    "h2": "GW Heading 2",
    "h3": "GW Heading 3",
    "h4": "GW Heading 4",
    "plain": "GW Plain",
    "title": "GW Title",
    "issuer": "GW Issuer",
    "docno": "GW Document Number",
    "figure": "GW Figure",
    "caption": "GW Caption",
    "label": "GW Attachment Label",
    "table": "GW Table",
    "imprint": "GW Imprint",
}
"""Role -> paragraph style name (Word derives the style id by dropping the spaces)."""
TABLE_STYLE_ID = "GWTable"
_UNSPACED = ("title", "issuer", "caption", "table", "imprint")  # roles set without character spacing


class Pictures(Protocol):
    def png(self, key: str) -> bytes: ...


def set_portrait(section: Any) -> None:
    """A4 upright, the official margins, the 22-line grid."""
    wordml.set_page(section, width=std.A4_WIDTH, height=std.A4_HEIGHT, top=std.MARGIN_TOP,
                    bottom=std.MARGIN_BOTTOM, left=std.MARGIN_LEFT, right=std.MARGIN_RIGHT,
                    header=std.HEADER_DISTANCE, footer=std.footer_distance(std.MARGIN_BOTTOM))
    wordml.set_doc_grid(section, std.LINE_PITCH)


def set_landscape(section: Any) -> None:
    """A4 turned, with the same type area turned (the 订口 at the top), no line grid."""
    wordml.set_page(section, width=std.A4_HEIGHT, height=std.A4_WIDTH, top=std.MARGIN_LEFT,
                    bottom=std.MARGIN_RIGHT, left=std.MARGIN_TOP, right=std.MARGIN_BOTTOM,
                    header=std.HEADER_DISTANCE, footer=std.footer_distance(std.MARGIN_RIGHT),
                    landscape=True)
    wordml.set_doc_grid(section, std.LINE_PITCH, None)


def turned_number_boxes() -> tuple[tuple[int, int, int, int, str], tuple[int, int, int, int, str]]:
    """Where a turned page's number goes (odd, even), in EMU on the turned page: the sheet's
    foot (upright pages' number line, 7 mm under the type area) is the turned page's left edge;
    on odd pages the number ends one character in from the type area's far side (the turned
    page's bottom), on even pages it starts one character in from the 订口 side (its top)."""
    emu = 36000  # per mm
    char = std.PAGE_NUMBER_SIZE * 25.4 / 72  # one 四号 character, in mm
    left = std.twips_to_mm(std.MARGIN_TOP) - std.PAGE_NUMBER_GAP_MM - char  # the number's line
    top, height = std.twips_to_mm(std.MARGIN_LEFT), std.twips_to_mm(std.TYPE_WIDTH)
    length = 40.0
    odd = (round(left * emu), round((top + height - char - length) * emu), round(char * emu), round(length * emu), "right")
    even = (round(left * emu), round((top + char) * emu), round(char * emu), round(length * emu), "left")
    return odd, even


class Writer:
    """Builds the document top to bottom; knows the official styles by role."""

    _blank: bytes | None = None  # the set-up empty document, saved once per process
    _style_ids: dict[str, str] = {}  # role -> style id in that document (looked up once per process)

    def __init__(self, pictures: Pictures) -> None:
        import io

        import docx

        if Writer._blank is None:  # styles and page set up once; each later document loads the result
            self.doc: "Document" = docx.Document()
            self._setup()
            buffer = io.BytesIO()
            self.doc.save(buffer)
            Writer._blank = buffer.getvalue()
        else:  # a third of the time of setting up (a 督办单 per agency is a hundred documents)
            self.doc = docx.Document(io.BytesIO(Writer._blank))
        self.pictures = pictures
        self._pictures: list[tuple[Any, str, float]] = []
        self._turned = False  # the current section is landscape

    # -- styles and page ------------------------------------------------------------------
    def _style(self, role: str, *, align: str = "both", first_line: int = 0,
               exact: int | None = std.LINE_PITCH, spacing: int = std.CHAR_SPACING,
               outline: int | None = None, snap: bool = True, color: str | None = None) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        font, size = std.ELEMENTS[role]
        style = self.doc.styles.add_style(STYLE_NAMES[role], WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.doc.styles["Normal"]
        style.quick_style = True
        wordml.set_run_format(style, font, size, color=color, spacing=spacing)
        wordml.set_bold(style, False)
        wordml.set_language(style)
        wordml.set_line_spacing(style, exact=exact)
        wordml.set_indent(style, first_line=first_line)
        wordml.set_alignment(style, align)
        wordml.set_snap_to_grid(style, snap)
        if outline is not None:
            wordml.set_outline_level(style, outline)
            wordml.set_keep_next(style)

    def _setup(self) -> None:
        doc = self.doc
        font, size = std.ELEMENTS["body"]
        wordml.set_doc_defaults(doc, font, size)
        wordml.set_theme_font_lang(doc)
        normal = doc.styles["Normal"]
        wordml.set_run_format(normal, font, size, spacing=std.CHAR_SPACING)
        wordml.set_language(normal)
        wordml.set_line_spacing(normal, exact=std.LINE_PITCH)
        wordml.set_alignment(normal, "both")
        wordml.set_overflow_punct(normal, False)
        indent = std.BODY_INDENT
        self._style("body", first_line=indent)
        self._style("h1", first_line=indent, outline=0)
        self._style("h2", first_line=indent, outline=1)
        self._style("h3", first_line=indent, outline=2)
        self._style("h4", first_line=indent, outline=3)
        self._style("plain")
        self._style("title", align="center", spacing=0, snap=False)
        self._style("issuer", align="center", spacing=0, snap=False, color=std.RED)
        self._style("docno", align="center", snap=False)
        self._style("figure", align="center", exact=None, snap=False)
        self._style("caption", align="center", spacing=0)
        self._style("label", align="left")
        self._style("table", exact=std.TABLE_LINE, spacing=0, snap=False)
        self._style("imprint", align="left", spacing=0, snap=False)
        footer = doc.styles["Footer"]
        wordml.set_run_format(footer, std.PAGE_NUMBER_FONT, std.PAGE_NUMBER_SIZE)
        wordml.set_language(footer)
        # Word 2010's second copy of the styles still names theme fonts: drop it
        for rel_id, rel in list(doc.part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                doc.part.drop_rel(rel_id)
        wordml.enable_odd_even_footers(doc)
        section = doc.sections[0]
        set_portrait(section)
        before, after = std.PAGE_NUMBER_DASHES
        wordml.page_number_footers(section, font=std.PAGE_NUMBER_FONT, size=std.PAGE_NUMBER_SIZE,
                                   indent=std.PAGE_NUMBER_INDENT, line=std.FOOTER_LINE,
                                   before=before, after=after)

    def new_section(self, *, landscape: bool = False) -> Any:
        """Close the section so far; what follows starts a new page, upright or turned. A
        turned section numbers its pages where the upright ones are numbered on the sheet
        (GB/T 9704 §10.1); an upright one after it numbers them upright again."""
        turned_before = self._turned
        section = wordml.end_section(self.doc)
        (set_landscape if landscape else set_portrait)(section)
        before, after = std.PAGE_NUMBER_DASHES
        if landscape:
            wordml.turned_page_number_footers(section, font=std.PAGE_NUMBER_FONT, size=std.PAGE_NUMBER_SIZE,
                                              boxes=turned_number_boxes(), before=before, after=after)
        elif turned_before:
            wordml.page_number_footers(section, font=std.PAGE_NUMBER_FONT, size=std.PAGE_NUMBER_SIZE,
                                       indent=std.PAGE_NUMBER_INDENT, line=std.FOOTER_LINE,
                                       before=before, after=after)
        self._turned = landscape
        return section

    def blank_page(self) -> None:
        """An empty page without a page number (before a 版记 that would land on an odd page):
        the current section gets empty footers and one empty paragraph, and is closed. The
        section after it inherits the empty footers, so it is not numbered either."""
        section = self.doc.sections[-1]
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            for p in footer.paragraphs:
                for run in list(p.runs):
                    run._r.getparent().remove(run._r)
        self.para("plain")
        self.new_section()

    # -- blocks -------------------------------------------------------------------------
    def para(self, role: str, text: str = "", *, size: float | None = None, color: str | None = None,
             spacing: int | None = None) -> Any:
        """A paragraph of the role's style whose runs name the style's font too."""
        font, style_size = std.ELEMENTS[role]
        p = self.doc.add_paragraph()
        p._p.style = self._style_id(role)  # python-docx's own lookup by name scans every style, every time
        if text:
            if spacing is None:
                spacing = 0 if role in _UNSPACED else std.CHAR_SPACING
            wordml.add_text_run(p, text, font, size or style_size, color=color, spacing=spacing)
        return p

    def _style_id(self, role: str) -> str:
        ids = Writer._style_ids
        if role not in ids:
            ids[role] = self.doc.styles[STYLE_NAMES[role]].style_id
        return ids[role]

    def blank(self, n: int = 1, *, snap: bool = True) -> None:
        for _ in range(n):
            p = self.para("plain")
            if not snap:
                wordml.set_snap_to_grid(p, False)

    def spacer(self, height: int) -> Any:
        """An empty off-grid paragraph exactly ``height`` twips tall."""
        p = self.para("plain")
        wordml.set_snap_to_grid(p, False)
        wordml.set_line_spacing(p, exact=max(int(height), 20))
        return p

    def picture_later(self, key: str, width_mm: float) -> Any:
        """The paragraph of a picture; :meth:`finish` puts it in."""
        p = self.para("figure")
        wordml.set_keep_next(p)
        self._pictures.append((p, key, width_mm))
        return p

    def table(self, headers: list[str], rows: Iterable[list[object]], widths: list[int],
              align: list[str], *, cant_split: bool = True, valign: str = "center") -> Any:
        return wordml.append_block(self.doc, wordml.table_element(
            headers, rows, widths, style=TABLE_STYLE_ID, font=std.TABLE_FONT,
            header_font=std.TABLE_HEADER_FONT, align=align, header_shade=std.TABLE_HEADER_SHADE,
            border_size=std.TABLE_BORDER, cell_margins=std.TABLE_CELL_MARGINS,
            cant_split=cant_split, valign=valign, inherit_font=True))

    def finish(self) -> "Document":
        from docx.shared import Mm

        for p, key, width_mm in self._pictures:
            png = self.pictures.png(key)
            wordml.zero_picture_distance(p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm)))
        wordml.strip_theme_fonts(self.doc.styles.element)
        wordml.strip_theme_fonts(self.doc.element)
        return self.doc
