"""planbook.collection.intake: a file's bytes become a safe package, or one refusal the
agency can act on, before any spreadsheet library reads them."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest

from planbook.collection.intake import (
    MAX_MEMBERS,
    MAX_PART_SIZE,
    MAX_TOTAL_SIZE,
    ReturnPackage,
    iso_utc,
    open_return,
)
from planbook.xlsx.layout import IDENTITY_PROPERTY, LAYOUT_VERSION, Identity, workbook_layout
from planbook.base.problems import PlanbookError, RefusedReturn
from planbook.issue.workbooks import export

from kit.collect import QUARTER, zip_parts

AGENCY = "市营商局"

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zipped(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def declare_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with ``member``'s uncompressed size in the central directory changed to ``size``."""
    out = bytearray(data)
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        name_len = int.from_bytes(out[central + 28: central + 30], "little")
        if out[central + 46: central + 46 + name_len] == member.encode():
            out[central + 24: central + 28] = size.to_bytes(4, "little")
            return bytes(out)
        central = out.find(b"PK\x01\x02", central + 46)
    raise AssertionError(f"{member} is not in the zip")


def ole(*streams: str) -> bytes:
    """An OLE compound file header with directory entries named ``streams``."""
    head = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    head += bytes(512 - len(head))
    return head + b"".join(s.encode("utf-16-le").ljust(128, b"\0") for s in ("Root Entry", *streams))


def refusal(data: bytes, name: str = "回执.xlsx"):
    with pytest.raises(RefusedReturn) as caught:
        open_return(data, name)
    problem = caught.value.problem
    assert problem.file == name and problem.is_error
    assert re.search(r"[\u4e00-\u9fff]", problem.message)
    return problem


@pytest.fixture(scope="module")
def blank(plan, tmp_path_factory) -> Path:
    """One agency's workbook as export writes it."""
    folder = tmp_path_factory.mktemp("package")
    return export(plan, QUARTER, folder, agencies=[AGENCY], master=False, jobs=1).agency_files[AGENCY]


def rezipped(blank: Path, edits: dict[str, bytes | None]) -> bytes:
    """The blank workbook's bytes with parts replaced (bytes) or removed (None)."""
    parts = zip_parts(blank)
    for name, value in edits.items():
        if value is None:
            parts.pop(name)
        else:
            parts[name] = value
    return zipped(parts)


# -- not a zip at all -------------------------------------------------------------------------------
def test_an_empty_file_is_refused_as_empty():
    problem = refusal(b"")
    assert problem.kind == "file_empty" and "0 字节" in problem.message


@pytest.mark.parametrize("data, kind, says", [
    ("单位,状态\n市营商局,已完成\n".encode("utf-8"), "not_xlsx", "文本文件"),
    (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "not_xlsx", "PDF"),
    (b"<html><body><table></table></body></html>", "not_xlsx", "网页"),
    (b'<?xml version="1.0"?><Workbook/>', "not_xlsx", "XML"),
    (b"Rar!\x1a\x07\x00", "not_xlsx", "RAR/7z"),
    (b"\x00\x01\x02\xff\xfe\x80" * 10, "not_xlsx", "无法识别"),
    (b"PK\x05\x06" + bytes(18), "not_xlsx", "空的压缩包"),
    (b"PK", "file_truncated", "不完整"),
])
def test_a_file_that_is_not_a_zip_says_what_it_is(data, kind, says):
    problem = refusal(data)
    assert problem.kind == kind and says in problem.message and problem.allowed == ".xlsx"


def test_a_zip_cut_short_is_refused_as_truncated(blank):
    data = blank.read_bytes()
    assert refusal(data[: len(data) // 2]).kind == "file_truncated"


# -- OLE compound files -------------------------------------------------------------------------------
def test_an_ole_file_with_encryption_info_is_an_encrypted_workbook():
    problem = refusal(ole("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))
    assert problem.kind == "encrypted" and "密码" in problem.message and problem.allowed == "未加密的 .xlsx"


def test_an_ole_file_with_a_workbook_stream_is_an_old_xls():
    problem = refusal(ole("Workbook", "\x05SummaryInformation"), "回执.xls")
    assert problem.kind == "old_xls" and ".xls" in problem.message


def test_an_ole_file_with_neither_cannot_be_told_apart():
    assert refusal(ole("WordDocument")).kind == "ole_unknown"


# -- zip bombs: declared sizes are checked before anything is decompressed -------------------------
def test_a_part_declared_larger_than_the_limit_is_a_zip_bomb():
    data = declare_size(zipped({"xl/workbook.xml": b"<workbook/>"}), "xl/workbook.xml", MAX_PART_SIZE + 1)
    problem = refusal(data)
    assert problem.kind == "zip_bomb" and "xl/workbook.xml" in problem.message and problem.value == "32 MB"


def test_parts_declared_larger_together_than_the_limit_are_a_zip_bomb():
    names = [f"xl/p{i}.xml" for i in range(3)]
    data = zipped({n: b"<a/>" + b" " * (256 * 1024) for n in names}, zipfile.ZIP_STORED)  # not a ratio bomb
    for name in names:
        data = declare_size(data, name, MAX_TOTAL_SIZE // 3 + 1)
    problem = refusal(data)
    assert problem.kind == "zip_bomb" and "合计" in problem.message


def test_a_part_compressed_too_well_is_a_zip_bomb():
    problem = refusal(zipped({"xl/worksheets/sheet1.xml": b" " * (2 * 1024 * 1024)}))
    assert problem.kind == "zip_bomb" and "压缩比" in problem.message and problem.value.endswith(":1")


def test_too_many_parts_are_a_zip_bomb():
    problem = refusal(zipped({f"xl/media/p{i}.xml": b"" for i in range(MAX_MEMBERS + 1)}, zipfile.ZIP_STORED))
    assert problem.kind == "zip_bomb" and problem.value == f"{MAX_MEMBERS + 1} 个部件"


# -- hostile XML --------------------------------------------------------------------------------------
@pytest.mark.parametrize("xml", [
    b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol "lol">]><sst><si><t>&lol;</t></si></sst>',
    b'<?xml version="1.0"?><!doctype sst SYSTEM "file:///etc/passwd"><sst/>',
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE sst [<!ENTITY x "x">]><sst/>'.encode("utf-16"),
])
def test_a_part_with_a_dtd_is_refused_before_it_is_parsed(xml):
    problem = refusal(zipped({"[Content_Types].xml": _CONTENT_TYPES, "xl/sharedStrings.xml": xml}))
    assert problem.kind == "xml_entities" and "xl/sharedStrings.xml" in problem.message


def test_a_part_that_is_not_xml_is_refused_as_broken(blank):
    problem = refusal(rezipped(blank, {"xl/workbook.xml": b"<workbook><sheets>"}))
    assert problem.kind == "file_broken" and "xl/workbook.xml" in problem.message


# -- macro workbooks and other office files ---------------------------------------------------------
def test_an_xlsm_is_refused_by_its_name(blank):
    problem = refusal(blank.read_bytes(), "回执.xlsm")
    assert problem.kind == "macro_enabled" and problem.value == "xlsm"


def test_a_vba_project_is_refused_whatever_the_name(blank):
    assert refusal(rezipped(blank, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})).kind == "macro_enabled"


def test_a_macro_content_type_is_refused(blank):
    types = zip_parts(blank)["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    assert b"macroEnabled" in types
    assert refusal(rezipped(blank, {"[Content_Types].xml": types})).kind == "macro_enabled"


@pytest.mark.parametrize("parts, says", [
    ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<a/>"}, "OpenDocument"),
    ({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": b"<w/>"}, "Word"),
    ({"[Content_Types].xml": _CONTENT_TYPES, "readme.txt": b"hello"}, "没有 xl/workbook.xml"),
])
def test_another_zip_says_what_it_is(parts, says):
    problem = refusal(zipped(parts))
    assert problem.kind == "not_xlsx" and says in problem.message


def test_a_refusal_is_a_planbook_error_carrying_its_problem():
    with pytest.raises(PlanbookError) as caught:
        open_return(b"", "回执.xlsx")
    assert caught.value.problems == [caught.value.problem]


# -- a sane workbook ------------------------------------------------------------------------------------
def test_a_blank_agency_workbook_gives_its_identity(plan, blank):
    data = blank.read_bytes()
    package = open_return(data, blank.name)
    assert isinstance(package, ReturnPackage)
    assert package.identity == Identity(plan.fingerprint, AGENCY, QUARTER, LAYOUT_VERSION,
                                        workbook_layout(plan, AGENCY).content_fingerprint)
    assert package.name == blank.name and package.data == data
    assert package.sha256 == hashlib.sha256(data).hexdigest()
    assert package.sheet_names == workbook_layout(plan, AGENCY).sheet_names
    assert all(s.part in package.parts and s.state == "visible" for s in package.sheets)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", package.written_at)
    assert package.problems == []
    assert all(package.formula_cells(s) == {} for s in package.sheet_names)


def test_the_identity_survives_without_the_defined_name(plan, blank):
    workbook = zip_parts(blank)["xl/workbook.xml"]
    without = re.sub(rb"<definedName [^>]*>[^<]*planbook=[^<]*</definedName>", b"", workbook)
    assert without != workbook
    package = open_return(rezipped(blank, {"xl/workbook.xml": without}), blank.name)
    assert package.identity is not None and package.identity.agency == AGENCY and package.problems == []


def test_a_defined_name_and_a_property_that_disagree_are_a_warning(plan, blank):
    custom = zip_parts(blank)["docProps/custom.xml"]
    assert IDENTITY_PROPERTY.encode() in custom
    changed = custom.replace(f"agency={AGENCY}".encode(), "agency=市总工会".encode())
    package = open_return(rezipped(blank, {"docProps/custom.xml": changed}), blank.name)
    assert package.identity.agency == AGENCY
    [problem] = package.problems
    assert problem.kind == "identity_conflict" and not problem.is_error and "市总工会" in problem.value


def test_no_identity_at_all_gives_none(blank):
    workbook = re.sub(rb"<definedNames>.*</definedNames>", b"", zip_parts(blank)["xl/workbook.xml"], flags=re.S)
    package = open_return(rezipped(blank, {"xl/workbook.xml": workbook, "docProps/custom.xml": None}), blank.name)
    assert package.identity is None


def test_formulas_are_located_by_sheet_and_cell(blank):
    parts = zip_parts(blank)
    sheet = parts["xl/worksheets/sheet2.xml"].replace(
        b"</sheetData>", b'<row r="900"><c r="C900"><f>1+1</f><v>2</v></c></row></sheetData>')
    package = open_return(rezipped(blank, {"xl/worksheets/sheet2.xml": sheet}), blank.name)
    assert package.formula_cells(package.sheets[1].name) == {(899, 2): "=1+1"}
    assert package.formula_cells(package.sheets[2].name) == {}


@pytest.mark.parametrize("text, iso", [
    ("2023-07-01T10:00:00Z", "2023-07-01T10:00:00Z"),
    ("2023-07-01T10:00:00+08:00", "2023-07-01T02:00:00Z"),
    ("2023-07-01T10:00:00.123Z", "2023-07-01T10:00:00Z"),
    ("1899-12-31T00:00:00Z", ""),
    ("yesterday", ""),
    ("", ""),
])
def test_times_are_read_as_utc(text, iso):
    assert iso_utc(text) == iso


# -- the one-pass reader of plain zips ------------------------------------------------------------
def _parts_by_zipfile(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist() if not i.is_dir()}


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_a_plain_zip_is_read_in_one_pass_to_the_bytes_zipfile_reads(blank, compression):
    from planbook.collection.intake import _plain_zip, _unpack

    data = zipped(zip_parts(blank), compression)
    members = _plain_zip(data)
    assert members is not None and len(members) == len(_parts_by_zipfile(data))
    blobs = _unpack(data, members)
    assert blobs is not None and dict(zip((m.filename for m in members), blobs)) == _parts_by_zipfile(data)
    assert open_return(data, "回执.xlsx").parts == {
        k: v for k, v in _parts_by_zipfile(data).items() if k.endswith((".xml", ".rels"))}


def test_a_zip_written_as_a_stream_is_read_in_one_pass(blank):
    """Sizes and CRC after the data (a data descriptor, as some writers stream): the central
    directory is what counts."""
    from planbook.collection.intake import _plain_zip, _unpack

    buffer = io.BytesIO()

    class Unseekable(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, b) -> int:  # type: ignore[override]
            return buffer.write(b)

    with zipfile.ZipFile(Unseekable(), "w", zipfile.ZIP_DEFLATED) as z:
        for name, part in zip_parts(blank).items():
            z.writestr(name, part)
    data = buffer.getvalue()
    members = _plain_zip(data)
    assert members is not None
    assert dict(zip((m.filename for m in members), _unpack(data, members) or [])) == _parts_by_zipfile(data)


def test_a_part_that_does_not_match_its_directory_entry_is_left_to_zipfile(blank):
    """A CRC that does not match: the one-pass reader gives up and zipfile refuses the file,
    saying which part."""
    from planbook.collection.intake import _plain_zip, _unpack

    data = bytearray(zipped(zip_parts(blank), zipfile.ZIP_STORED))
    at = data.find(b"<sheetData")
    data[at + 1:at + 2] = b"S"  # one byte of a stored sheet changed: its CRC no longer matches
    members = _plain_zip(bytes(data))
    assert members is not None and _unpack(bytes(data), members) is None
    problem = refusal(bytes(data))
    assert problem.kind == "file_broken" and "xl/worksheets/" in problem.message


def test_a_zip_with_bytes_before_it_is_left_to_zipfile(blank):
    """A zip with something in front of it (a self-extractor's stub): not plain, read by
    zipfile as before."""
    from planbook.collection.intake import _plain_zip

    data = b"\0" * 64 + blank.read_bytes()
    assert _plain_zip(data) is None
    assert _plain_zip(blank.read_bytes()) is not None


def test_formulas_are_found_by_byte_search_as_the_pattern_finds_them():
    """The byte search that spares most sheets the regular expression finds exactly what it finds."""
    import random

    from planbook.collection.intake import _FORMULA, _has_formula

    rng = random.Random(5)
    pieces = [b"<f>", b"<f ", b"<f/>", b"<f\t", b"<x:f>", b"<x:f ", b"<formula1>", b"a:f", b":f>", b"<c>", b"</f>",
              b"<v>1</v>", b"x", b"<", b"f", b":", b" ", b"<fx>", b"<a:fo>"]
    for _ in range(3000):
        xml = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert _has_formula(xml) == (_FORMULA.search(xml) is not None), xml


def test_the_cells_are_read_from_the_checked_parts_not_from_the_file_again(blank):
    """calamine opens the parts the checks passed (repacked), so what it reads is what was checked."""
    package = open_return(blank.read_bytes(), "回执.xlsx")
    sheet = package.sheets[0]
    book = package.open_book()
    before = book.get_sheet_by_name(sheet.name).to_python()
    assert before == __import__("python_calamine").CalamineWorkbook.from_path(str(blank)).get_sheet_by_name(
        sheet.name).to_python()
    title = before[0][0].encode("utf-8")
    part = next(name for name, xml in package.parts.items() if title in xml)  # the sheet, or the shared strings
    package.parts[part] = package.parts[part].replace(title, "核对过的".encode("utf-8"))
    after = package.open_book().get_sheet_by_name(sheet.name).to_python()
    assert after[0][0] == "核对过的"
