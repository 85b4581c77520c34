"""The .docx as a package, tidied before it is saved: what Word, WPS and a file browser
read about the file rather than in it.

python-docx starts from a template saved by Word 2010 for Mac, and a document built on it
says so: Word opens it in 兼容模式 (compatibilityMode 14), its properties name python-docx
as author and 2013 as the time it was made, the template's thumbnail is shown as the
document's preview, and app.xml claims Microsoft Word wrote it. :func:`polish` makes each of
these true of the report.

The second tidying is for LibreOffice only: :func:`libreoffice_copy` turns the saved .docx
into the copy LibreOffice renders as Word shows the original (see :func:`libreoffice_copy`).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable
from xml.sax.saxutils import escape

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

WORD_URI = "http://schemas.microsoft.com/office/word"
COMPATIBILITY_MODE = "15"
"""Word 2013 and later: the document opens without 兼容模式."""
APPLICATION = "planbook"
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


def polish(doc: "Document", *, title: str, author: str, when: datetime | None = None) -> None:
    """The document's own compatibility mode, properties, preview and app.xml."""
    set_compatibility_mode(doc)
    set_core_properties(doc, title=title, author=author, when=when)
    drop_thumbnail(doc)
    set_app_properties(doc, company=author)


def set_compatibility_mode(doc: "Document") -> None:
    """``w:compat/w:compatSetting[@name=compatibilityMode]`` = 15, and no request to save a
    preview picture (Word would make a new thumbnail on every save)."""
    from docx.oxml.ns import qn

    settings = doc.settings.element
    for preview in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(preview)
    compat = settings.find(qn("w:compat"))
    if compat is None:
        from docx.oxml import OxmlElement

        compat = OxmlElement("w:compat")
        settings.append(compat)
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), COMPATIBILITY_MODE)
            return
    from docx.oxml import OxmlElement

    setting = OxmlElement("w:compatSetting")
    setting.set(qn("w:name"), "compatibilityMode")
    setting.set(qn("w:uri"), WORD_URI)
    setting.set(qn("w:val"), COMPATIBILITY_MODE)
    compat.append(setting)


def set_core_properties(doc: "Document", *, title: str, author: str, when: datetime | None = None) -> None:
    """Title, author (the issuing body), created and modified (now), revision 1; the
    template's description and keywords cleared."""
    when = (when or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0, tzinfo=None)
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = when
    props.modified = when
    props.revision = 1
    for name in ("comments", "subject", "keywords", "category", "content_status", "identifier", "language",
                 "version"):
        setattr(props, name, "")


def drop_thumbnail(doc: "Document") -> None:
    """The template's preview picture goes, with its relationship (an unreachable part is
    not saved)."""
    rels = doc.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype == _THUMBNAIL:
            rels.pop(rel_id)


def app_xml(company: str) -> bytes:
    """A minimal, truthful app.xml: the application that wrote the file and the issuing
    body; the counts Word keeps (pages, words) are left for Word to fill in."""
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
            f"<ScaleCrop>false</ScaleCrop><Company>{escape(company)}</Company>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>").encode("utf-8")


def set_app_properties(doc: "Document", *, company: str) -> None:
    """Replace the template's app.xml (which names Microsoft Macintosh Word 14)."""
    for rel in doc.part.package.rels.values():
        if rel.reltype == _EXTENDED:
            part: Any = rel.target_part
            part._blob = app_xml(company)  # a plain Part: its bytes are what is saved


# -- a package prepared once, many documents from it ----------------------------------------------
class PreparedPackage:
    """A .docx package whose parts are zipped once, for many documents that differ only in
    their body and core properties (the 督办单 and 提醒函 of a run: hundreds of letters).

    ``document`` is the prepared document (styles, page, footers, settings; :func:`polish` applied
    here for ``author``). :meth:`bytes_of` makes one document's .docx from it: a copy of the
    zipped constant parts with only ``word/document.xml`` and ``docProps/core.xml`` written,
    the same package python-docx would save, without reading or compressing the rest again."""

    def __init__(self, document: "Document", *, author: str) -> None:
        polish(document, title="", author=author)
        self.document = document
        self.author = author
        self._body_name = document.part.partname.lstrip("/")
        self._core = document.part.package._core_properties_part
        self._core_name = self._core.partname.lstrip("/")
        saved = io.BytesIO()
        document.save(saved)
        constant = io.BytesIO()
        with zipfile.ZipFile(saved) as src, zipfile.ZipFile(constant, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if info.filename not in (self._body_name, self._core_name):
                    dst.writestr(info, src.read(info))
        self._constant = constant.getvalue()

    def bytes_of(self, *, title: str, when: datetime | None = None) -> bytes:
        """The .docx of ``self.document`` as it stands now, titled ``title``."""
        from docx.opc.oxml import serialize_part_xml

        set_core_properties(self.document, title=title, author=self.author, when=when)
        out = io.BytesIO(self._constant)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as dst:
            dst.writestr(self._body_name, serialize_part_xml(self.document.element))
            dst.writestr(self._core_name, serialize_part_xml(self._core.element))
        return out.getvalue()


# -- the copy LibreOffice renders -----------------------------------------------------------------
_OVERFLOW = re.compile(rb'<w:overflowPunct w:val="(0|1|false|true)"/>')


def libreoffice_copy(docx: bytes) -> bytes:
    """The .docx as LibreOffice must read it to lay it out as Word does.

    LibreOffice reads ``w:overflowPunct`` the other way round from Word (its DOCX import
    sets hanging punctuation when the value is 0), so every value is flipped. The .docx the
    office sends keeps Word's meaning; only the copy handed to LibreOffice for the PDF
    differs."""
    flip = {b"0": b"1", b"false": b"1", b"1": b"0", b"true": b"0"}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in ("word/styles.xml", "word/document.xml"):
                data = _OVERFLOW.sub(lambda m: b'<w:overflowPunct w:val="' + flip[m[1]] + b'"/>', data)
            dst.writestr(info, data)
    return out.getvalue()


def save(document: "Document", out: Path) -> Path:
    """``document`` saved to ``out`` atomically (a reader never sees half a file)."""
    from planbook.base.files import atomic_path

    with atomic_path(out) as tmp:
        document.save(str(tmp))
    return out


def save_unless_edited(document: "Document", out: Path, quarter: str,
                       say: "Callable[[str], None] | None" = None) -> Path:
    """``document`` saved to ``out`` like :func:`save`; but a file there that differs from
    what planbook last wrote (an office edited the 通报) is moved to the quarter's 备份/ first,
    and ``say`` is told where. What is written is recorded, so the next run can tell."""
    import hashlib

    from planbook.store.folder import QuarterFolder
    from planbook.store.session import backup, issued_files, record_issued

    place = QuarterFolder.of(quarter, out.parent)
    if out.is_file():
        written = issued_files(place).get(out.name)
        if written != hashlib.sha256(out.read_bytes()).hexdigest():
            kept = backup(place, [out], f"report：{out.name} 在生成后被改动过，重新生成前移到这里")
            if say is not None:
                say(f"{out.name} 在生成后被改动过，已移到 {kept}，再重新生成。需要时可从那里取回改动。")
    save(document, out)
    record_issued(place, {out.name: hashlib.sha256(out.read_bytes()).hexdigest()})
    return out
