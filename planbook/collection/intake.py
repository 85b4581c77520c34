"""Open a returned workbook safely, before any spreadsheet library touches it.

A return arrives as bytes of unknown origin. This module says what kind of file it is
(an xlsx, an old .xls, an encrypted workbook, a macro workbook, something else), checks
the zip directory against bombs, refuses XML with a DTD or entities, and reads the few
package parts calamine does not expose — the identity (defined name ``PLANBOOK_ID`` and
custom property ``planbook``), the time written in ``docProps/core.xml``, the sheets and
which cells hold formulas — each part once. A plain zip (as Excel, WPS and LibreOffice
write them) is read in one pass with struct and zlib, every part checked against its
declared size and CRC; anything else goes through :mod:`zipfile`. Parts in UTF-8 without a
DTD are parsed by the C parser, others by defusedxml. calamine then reads the cells from the
checked parts (:meth:`ReturnPackage.open_book`), not from the file again.

A file that cannot be read is refused with :class:`~planbook.base.problems.RefusedReturn`, which
carries one :class:`~planbook.base.problems.Problem` the agency can act on.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from planbook.xlsx.layout import IDENTITY_NAME, IDENTITY_PROPERTY, Identity
from planbook.base.problems import WARNING, Problem, RefusedReturn

if TYPE_CHECKING:  # pragma: no cover
    from xml.etree.ElementTree import Element

    from python_calamine import CalamineWorkbook

# -- limits: an agency workbook is tens of kilobytes --------------------------------------
MAX_MEMBERS = 2000
"""Parts in one package; a real return has about fifteen."""
MAX_TOTAL_SIZE = 64 * 1024 * 1024
"""Declared uncompressed size of all parts together."""
MAX_PART_SIZE = 32 * 1024 * 1024
"""Declared uncompressed size of one part."""
MAX_RATIO = 100
"""Compression ratio allowed for a part larger than :data:`RATIO_FLOOR`."""
RATIO_FLOOR = 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DTD = re.compile(rb"<!(?i:doctype|entity)")
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_XML_SUFFIXES = (".xml", ".rels", ".vml")


@dataclass(frozen=True)
class SheetPart:
    name: str
    part: str  # path inside the zip, e.g. "xl/worksheets/sheet2.xml"
    state: str = "visible"


@dataclass
class ReturnPackage:
    """One returned xlsx: its bytes, its parts, its identity and where its formulas are."""

    name: str
    data: bytes
    sha256: str
    sheets: tuple[SheetPart, ...]
    identity: Identity | None
    written_at: str  # ISO, UTC, from core.xml (modified, else created); "" if none
    parts: dict[str, bytes] = field(repr=False, default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # warnings found while opening

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sheets)

    def open_book(self) -> CalamineWorkbook:
        """The workbook's cells, through python-calamine, read from the parts checked here
        (repacked uncompressed: calamine reads exactly the bytes that passed the checks,
        and does not inflate them a second time)."""
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_filelike(io.BytesIO(_stored_zip(self.parts)))

    def formula_cells(self, sheet: str) -> dict[tuple[int, int], str]:
        """0-based (row, col) of every cell of ``sheet`` that holds a formula -> the formula."""
        return self._formulas.get(sheet, {})

    @cached_property
    def _formulas(self) -> dict[str, dict[tuple[int, int], str]]:
        out = {}
        for s in self.sheets:
            xml = self.parts.get(s.part, b"")
            if _has_formula(xml):  # most returns have none: skip the parse
                out[s.name] = _scan_formulas(xml)
        return out


_NAME_END_F = re.compile(rb"f[\s>/]")


def _has_formula(xml: bytes) -> bool:
    """Whether a sheet's XML holds an ``<f>`` element (:data:`_FORMULA`). Every such tag has an
    ``f`` before a space, ``>`` or ``/``, which a sheet without formulas seldom has anywhere:
    looked for first, it spares most sheets the slower pattern."""
    return _NAME_END_F.search(xml) is not None and _FORMULA.search(xml) is not None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_return(data: bytes, name: str, *, sha256: str = "") -> ReturnPackage:
    """Check ``data`` (the bytes of a file called ``name``; ``sha256`` their digest when the
    caller has it) and read its package parts.

    Raises :class:`RefusedReturn` for anything that is not a plain, sane xlsx.
    """
    digest = sha256 or sha256_of(data)

    def refuse(kind: str, message: str, value: str = "", allowed: str = ".xlsx") -> RefusedReturn:
        return RefusedReturn(Problem(kind, message, file=name, value=value, allowed=allowed))

    if not data:
        raise refuse("file_empty", "文件是空的（0 字节），可能复制或下载未完成。请重新保存后报送。")
    if data.startswith(OLE_MAGIC):
        raise _refuse_ole(data, name)
    if not data.startswith(ZIP_MAGIC):
        if data.startswith(EMPTY_ZIP_MAGIC):
            raise refuse("not_xlsx", "文件是一个空的压缩包，不是填报表。请报送下发的 .xlsx 填报表。")
        if len(data) < 4 and ZIP_MAGIC.startswith(data):
            raise refuse("file_truncated", "文件不完整（只有几个字节），可能下载或复制中断。请重新保存后报送。")
        raise refuse("not_xlsx", f"文件不是 Excel 工作簿（.xlsx），{_sniff(data)}。请用下发的 .xlsx 填报表填写后报送。")
    listed = _plain_zip(data)  # a plain zip (as Excel, WPS and LibreOffice save): read in one pass below
    zf = None if listed is not None else _open_zip(data, name)
    infos: Sequence[zipfile.ZipInfo | _Member] = listed if listed is not None else zf.infolist() if zf else []
    _check_bomb(infos, name)
    lower = {i.filename.lower(): i for i in infos}
    if name.lower().endswith((".xlsm", ".xltm")) or "xl/vbaproject.bin" in lower:
        raise refuse("macro_enabled", "这是启用宏的工作簿（.xlsm），不予读取。请在 Excel/WPS 中“另存为”"
                     "Excel 工作簿（.xlsx）后报送。", value=name.rpartition(".")[2])
    blobs: Iterable[bytes] | None = _unpack(data, listed) if listed is not None else None
    if blobs is None:  # not plain, or a part that does not match its directory entry: zipfile says what
        zf = zf or _open_zip(data, name)
        infos = zf.infolist()
        blobs = (b"" if info.is_dir() else _read_member(zf, info, name) for info in infos)
    parts: dict[str, bytes] = {}
    try:
        for info, blob in zip(infos, blobs):  # every part, so calamine later reads only checked bytes
            if info.filename.endswith("/") or not _looks_like_xml(info.filename, blob):
                continue
            if _has_dtd(blob):
                raise refuse("xml_entities", f"文件中的“{info.filename}”含有 XML 文档类型定义或实体声明"
                             "（可能是恶意构造的文件），拒绝读取。请用下发的填报表重新填写后报送。",
                             allowed="不含 DTD/实体的 .xlsx")
            parts[info.filename] = blob
    finally:
        if zf is not None:
            zf.close()
    return _read_package(data, name, digest, parts, {n.lower(): n for n in parts}, lower)


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise RefusedReturn(Problem(
            "file_truncated", "文件不完整或已损坏（压缩包的目录缺失），多见于下载、复制或邮件附件中断。请重新保存后报送。",
            file=name, allowed=".xlsx")) from None


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    try:
        return zf.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, RuntimeError,
            NotImplementedError) as exc:
        raise RefusedReturn(Problem(
            "file_broken", f"文件已损坏，其中的“{info.filename}”无法解压（{type(exc).__name__}）。请重新保存后报送。",
            file=name, allowed=".xlsx")) from None


def _read_package(data: bytes, name: str, digest: str, parts: dict[str, bytes], members: dict[str, str],
                  all_members: Mapping[str, object]) -> ReturnPackage:
    def refuse(kind: str, message: str) -> RefusedReturn:
        return RefusedReturn(Problem(kind, message, file=name, allowed=".xlsx"))

    def part(path: str) -> bytes | None:
        real = members.get(path.lstrip("/").lower())
        return parts.get(real) if real else None

    root_rels = _parse(part("_rels/.rels"), name, "_rels/.rels") if part("_rels/.rels") else None
    targets = _relationship_targets(root_rels, "") if root_rels is not None else {}
    workbook_part = targets.get("officeDocument", "")
    if not workbook_part:
        if "mimetype" in all_members or "content.xml" in all_members:
            raise refuse("not_xlsx", "这是 OpenDocument 表格（.ods），不是 .xlsx。请在 WPS/LibreOffice 中“另存为”"
                         "Excel 工作簿（.xlsx）后报送。")
        if "word/document.xml" in all_members:
            raise refuse("not_xlsx", "这是 Word 文档，不是 Excel 工作簿（.xlsx）。请报送下发的填报表。")
        workbook_part = "xl/workbook.xml"
    if workbook_part.lower().endswith(".bin"):
        raise refuse("not_xlsx", "这是 Excel 二进制工作簿（.xlsb），不是 .xlsx。请“另存为”Excel 工作簿（.xlsx）后报送。")
    workbook_xml = part(workbook_part)
    if workbook_xml is None:
        raise refuse("not_xlsx", "文件是压缩包，但不是 Excel 工作簿（没有 xl/workbook.xml）。请报送下发的 .xlsx 填报表。")
    content_types = part("[Content_Types].xml")
    if content_types and b"macroEnabled" in content_types:
        raise RefusedReturn(Problem("macro_enabled", "这是启用宏的工作簿，不予读取。请“另存为”Excel 工作簿（.xlsx）后报送。",
                                    file=name, allowed=".xlsx"))

    workbook = _parse(workbook_xml, name, workbook_part)
    rels_path = posixpath.join(posixpath.dirname(workbook_part), "_rels", posixpath.basename(workbook_part) + ".rels")
    wb_rels_xml = part(rels_path)
    sheet_targets = _relationship_ids(_parse(wb_rels_xml, name, rels_path), posixpath.dirname(workbook_part)) if wb_rels_xml else {}
    sheets = []
    for el in workbook.iter(f"{{{_NS_MAIN}}}sheet"):
        rid = el.get(f"{{{_NS_REL}}}id", "")
        target = sheet_targets.get(rid, "")
        real = members.get(target.lower(), target)
        sheets.append(SheetPart(el.get("name", ""), real, el.get("state", "visible")))

    problems: list[Problem] = []
    from_name = _identity_from_workbook(workbook)
    custom_part = targets.get("custom-properties", "docProps/custom.xml")
    custom_xml = part(custom_part)
    from_property = _identity_from_custom(_parse(custom_xml, name, custom_part)) if custom_xml else None
    identity = from_name or from_property
    if from_name and from_property and from_name != from_property:
        problems.append(Problem(
            "identity_conflict", "工作簿的识别信息前后不一致（定义名称与文档属性不同），已按定义名称识别。"
            "请勿把内容复制到别的工作簿后报送。", WARNING, file=name,
            value=from_property.encode(), allowed=from_name.encode()))

    core_part = targets.get("core-properties", "docProps/core.xml")
    core_xml = part(core_part)
    written_at = _written_at(_parse(core_xml, name, core_part)) if core_xml else ""
    return ReturnPackage(name, data, digest, tuple(sheets), identity, written_at, parts, problems)


# -- kinds of files that are not an xlsx ---------------------------------------------------
def _refuse_ole(data: bytes, name: str) -> RefusedReturn:
    """An OLE compound file: a password-protected xlsx, an old .xls, or something else."""
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return RefusedReturn(Problem(
            "encrypted", "工作簿设置了打开密码（已加密），无法读取。请在 Excel/WPS 中取消“用密码进行加密”"
            "后重新保存为 .xlsx 报送。", file=name, allowed="未加密的 .xlsx"))
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return RefusedReturn(Problem(
            "old_xls", "这是旧版 Excel 97-2003 工作簿（.xls），不是 .xlsx，识别信息和下拉列表会丢失。请用下发的"
            ".xlsx 填报表填写，或“另存为”Excel 工作簿（.xlsx）后报送。", file=name, allowed=".xlsx"))
    return RefusedReturn(Problem(
        "ole_unknown", "这是旧版 Office 复合文档：可能是 Excel 97-2003 工作簿（.xls），也可能是设置了打开密码的"
        "工作簿，无法读取。请取消密码并“另存为”Excel 工作簿（.xlsx）后报送。", file=name, allowed="未加密的 .xlsx"))


def _sniff(data: bytes) -> str:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return "而是 PDF 文件"
    if head.startswith((b"<html", b"<!doctype html", b"mime-version")) or b"<html" in head:
        return "而是网页格式（WPS/Excel 另存的“网页”或“单个文件网页”）"
    if head.startswith(b"<?xml"):
        return "而是 XML 文件（可能是“XML 电子表格 2003”格式）"
    if head.startswith(b"rar!") or head.startswith(b"7z\xbc\xaf"):
        return "而是压缩包（RAR/7z）"
    try:
        data[:512].decode("utf-8")
        return "而是文本文件（可能是 CSV 或改了扩展名的文件）"
    except UnicodeDecodeError:
        return "无法识别文件格式（可能是改了扩展名的文件）"


# -- a plain zip, read in one pass --------------------------------------------------------------
@dataclass(frozen=True)
class _Member:
    """A part as the zip's central directory declares it (what the bomb check looks at)."""

    filename: str
    raw: bytes  # the name as the directory stores it
    file_size: int
    compress_size: int
    method: int
    crc: int
    offset: int


_END = struct.Struct("<4s4H2LH")  # end of central directory
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # a central directory entry (as zipfile reads it)
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # a local file header


def _plain_zip(data: bytes) -> list[_Member] | None:
    """The members of a zip with nothing unusual about it (one disk, no zip64, no encryption,
    stored or deflated parts, the central directory where the end record says), or None:
    anything else is left to :mod:`zipfile`, which says what is wrong with it."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if end < 0 or end + _END.size > len(data):
        return None
    _, disk, disk_cd, on_disk, total, cd_size, cd_offset, comment = _END.unpack_from(data, end)
    if disk or disk_cd or on_disk != total or cd_offset + cd_size != end or end + _END.size + comment != len(data) \
            or data[max(0, end - 20):end - 16] == b"PK\x06\x07":
        return None
    members: list[_Member] = []
    at = cd_offset
    for _ in range(total):
        if at + _CENTRAL.size > end or data[at:at + 4] != b"PK\x01\x02":
            return None
        fields = _CENTRAL.unpack_from(data, at)
        flags, method, crc, csize, size, n_name, n_extra, n_comment, offset = (
            fields[5], fields[6], fields[9], fields[10], fields[11], fields[12], fields[13], fields[14], fields[18])
        if flags & 0x41 or method not in (0, 8) or 0xFFFFFFFF in (csize, size, offset):  # encrypted, zip64: zipfile
            return None
        raw = data[at + _CENTRAL.size:at + _CENTRAL.size + n_name]
        try:
            filename = raw.decode("utf-8" if flags & 0x800 else "cp437")
        except UnicodeDecodeError:
            return None
        filename = filename.split("\x00", 1)[0]
        if os.sep != "/":
            filename = filename.replace(os.sep, "/")
        members.append(_Member(filename, raw, size, csize, method, crc, offset))
        at += _CENTRAL.size + n_name + n_extra + n_comment
    return members if at == end else None


def _unpack(data: bytes, members: list[_Member]) -> list[bytes] | None:
    """Every member's bytes, each checked against its declared size and CRC; None when one
    does not match (the zipfile path then refuses the file, saying why)."""
    out = []
    for m in members:
        at = m.offset
        if data[at:at + 4] != b"PK\x03\x04":
            return None
        head = _LOCAL.unpack_from(data, at)
        if head[3] & 0x41 or data[at + _LOCAL.size:at + _LOCAL.size + head[10]] != m.raw:
            return None
        start = at + _LOCAL.size + head[10] + head[11]
        chunk = data[start:start + m.compress_size]
        if len(chunk) != m.compress_size:
            return None
        if m.method == 0:
            blob = chunk
        else:
            try:
                blob = zlib.decompressobj(-15).decompress(chunk, m.file_size + 1)
            except zlib.error:
                return None
        if len(blob) != m.file_size or zlib.crc32(blob) != m.crc:
            return None
        out.append(blob)
    return out


def _stored_zip(parts: Mapping[str, bytes]) -> bytes:
    """``parts`` as a zip whose members are stored, not compressed."""
    out: list[bytes] = []
    central: list[bytes] = []
    at = 0
    for name, blob in parts.items():
        raw = name.encode("utf-8")
        flags = 0 if raw.isascii() else 0x800
        crc = zlib.crc32(blob)
        head = _LOCAL.pack(b"PK\x03\x04", 20, 0, flags, 0, 0, 0x21, crc, len(blob), len(blob), len(raw), 0)
        out += (head, raw, blob)
        central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 0, 20, 0, flags, 0, 0, 0x21, crc, len(blob), len(blob),
                                     len(raw), 0, 0, 0, 0, 0, at) + raw)
        at += len(head) + len(raw) + len(blob)
    directory = b"".join(central)
    return b"".join(out) + directory + _END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), at, 0)


def _check_bomb(infos: Sequence[zipfile.ZipInfo | _Member], name: str) -> None:
    """Declared sizes and ratios are checked before anything is decompressed."""

    def bomb(detail: str, value: str) -> RefusedReturn:
        return RefusedReturn(Problem(
            "zip_bomb", f"文件的压缩结构异常（{detail}），可能是恶意构造的“压缩炸弹”，拒绝读取。请用下发的填报表"
            "重新填写后报送。", file=name, value=value, allowed=f"解压后合计不超过 {MAX_TOTAL_SIZE // 2**20} MB"))

    if len(infos) > MAX_MEMBERS:
        raise bomb(f"含 {len(infos)} 个部件", f"{len(infos)} 个部件")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_SIZE:
            raise bomb(f"“{info.filename}”解压后 {info.file_size // 2**20} MB", f"{info.file_size // 2**20} MB")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise bomb(f"“{info.filename}”压缩比 {ratio}:1", f"{ratio}:1")
    if total > MAX_TOTAL_SIZE:
        raise bomb(f"解压后合计 {total // 2**20} MB", f"{total // 2**20} MB")


def _looks_like_xml(name: str, blob: bytes) -> bool:
    return name.lower().endswith(_XML_SUFFIXES) or blob[:1] == b"<" or blob[:3] == b"\xef\xbb\xbf" or \
        blob[:2] in (b"\xff\xfe", b"\xfe\xff")


def _has_dtd(blob: bytes) -> bool:
    if blob[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            blob = blob.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return True
    return b"!" in blob and b"<!" in blob and _DTD.search(blob) is not None  # one byte first: the quickest search


# -- XML parts, parsed with defusedxml -------------------------------------------------------
_DECLARED = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


def _parse(xml: bytes | None, name: str, part: str) -> Element:
    """A part that :func:`_has_dtd` passed, in UTF-8 (as every writer stores them), is parsed
    by the C parser: with no DTD it can hold no entity to expand. Anything else goes through
    defusedxml."""
    from xml.etree.ElementTree import XMLParser

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    xml = xml or b""
    declared = _DECLARED.match(xml, 3 if xml.startswith(b"\xef\xbb\xbf") else 0)
    plain = xml[:1] in (b"<", b"\xef") and not _has_dtd(xml) and (
        declared is None or declared[1].lower() in (b"utf-8", b"utf8"))
    try:
        if plain:
            parser = XMLParser()
            parser.feed(xml)
            root: Element = parser.close()
            return root
        return fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise RefusedReturn(Problem(
            "xml_entities", f"文件中的“{part}”含有 XML 文档类型定义或实体声明，拒绝读取。", file=name,
            allowed="不含 DTD/实体的 .xlsx")) from None
    except (ParseError, ValueError, TypeError):
        raise RefusedReturn(Problem(
            "file_broken", f"文件已损坏：“{part}”不是有效的 XML。请重新保存为 .xlsx 后报送。", file=name,
            allowed=".xlsx")) from None


def _relationship_targets(rels: Element, base: str) -> dict[str, str]:
    """Relationship type (last path segment) -> target part, from a .rels element."""
    out: dict[str, str] = {}
    for el in rels.iter(f"{{{_NS_PKG_REL}}}Relationship"):
        kind = el.get("Type", "").rstrip("/").rpartition("/")[2]
        out.setdefault(kind, _resolve(base, el.get("Target", "")))
    return out


def _relationship_ids(rels: Element, base: str) -> dict[str, str]:
    return {el.get("Id", ""): _resolve(base, el.get("Target", ""))
            for el in rels.iter(f"{{{_NS_PKG_REL}}}Relationship")}


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target)) if base else target


def _identity_from_workbook(workbook: Element) -> Identity | None:
    found = None
    for el in workbook.iter(f"{{{_NS_MAIN}}}definedName"):
        if el.get("name", "").upper() != IDENTITY_NAME:
            continue
        identity = Identity.decode(_unquote_formula(el.text or ""))
        if identity and el.get("localSheetId") is None:
            return identity
        found = found or identity
    return found


def _unquote_formula(text: str) -> str:
    """``="planbook=1;..."`` or ``"planbook=1;..."`` -> ``planbook=1;...``."""
    text = text.strip()
    if text.startswith("="):
        text = text[1:].strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    return text


def _identity_from_custom(custom: Element) -> Identity | None:
    for el in custom:
        if el.tag.rpartition("}")[2] == "property" and el.get("name") == IDENTITY_PROPERTY:
            for value in el:
                return Identity.decode(value.text or "")
    return None


def _written_at(core: Element) -> str:
    times = {}
    for el in core:
        local = el.tag.rpartition("}")[2]
        if local in ("modified", "created") and el.text:
            times[local] = el.text.strip()
    for key in ("modified", "created"):
        iso = iso_utc(times.get(key, ""))
        if iso:
            return iso
    return ""


def iso_utc(text: str) -> str:
    """A W3CDTF time (``2023-07-01T10:00:00Z``, ``...+08:00``, fractions) -> ``2023-07-01T02:00:00Z``."""
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    if moment.year < 1990:  # 1899/1970 placeholders some writers leave
        return ""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _scan_formulas(xml: bytes) -> dict[tuple[int, int], str]:
    """Where the ``<f>`` elements of a sheet are, following ``r`` or counting when absent."""
    from defusedxml.ElementTree import ParseError, iterparse

    out: dict[tuple[int, int], str] = {}
    row, col = -1, -1
    try:
        for event, el in iterparse(io.BytesIO(xml), events=("start", "end"), forbid_dtd=True):
            local = el.tag.rpartition("}")[2]
            if event == "start":
                if local == "row":
                    r = el.get("r")
                    row = int(r) - 1 if r and r.isdigit() else row + 1
                    col = -1
                elif local == "c":
                    ref = _CELL_REF.match(el.get("r", ""))
                    if ref:
                        row = int(ref[2]) - 1
                        col = _column_index(ref[1])
                    else:
                        col += 1
            elif local == "f":
                out[(row, col)] = "=" + (el.text or "")
            elif local == "c":
                el.clear()
            elif local == "row":
                el.clear()
    except (ParseError, ValueError):
        pass
    return out


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


__all__ = ["ReturnPackage", "SheetPart", "open_return", "sha256_of", "iso_utc"]
