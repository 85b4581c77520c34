"""The report as a package (planbook.report.docx_package): what Word, WPS and a file browser read
about the file — compatibility mode, properties, preview, app.xml — checked in the zip."""

from __future__ import annotations

import zipfile
from datetime import datetime, timezone

import pytest

from kit.report import REPORT_CONFIG, W, make_record, part, val
from planbook.plans import seed_plan
from planbook.report import write_brief, write_report
from planbook.report.docx_package import libreoffice_copy

CP = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
EP = {"ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}


@pytest.fixture(scope="module", params=["report", "brief"])
def written(request, tmp_path_factory):
    plan = seed_plan()
    record = make_record(plan, "2023Q2")
    write = write_report if request.param == "report" else write_brief
    before = datetime.now(timezone.utc).replace(microsecond=0)
    path = write(plan, record, tmp_path_factory.mktemp("package") / "r.docx", config=REPORT_CONFIG)
    return path, before


def test_word_opens_it_without_compatibility_mode(written):
    settings = part(written[0], "word/settings.xml")
    modes = [c for c in settings.iterfind("w:compat/w:compatSetting", W) if val(c, "name") == "compatibilityMode"]
    assert [val(c, "val") for c in modes] == ["15"]
    assert settings.find("w:savePreviewPicture", W) is None


def test_core_properties_are_the_reports_own(written):
    path, before = written
    core = part(path, "docProps/core.xml")
    assert core.findtext("dc:title", namespaces=CP).startswith("2023年第二季度") or \
        "2023年第二季度" in core.findtext("dc:title", namespaces=CP)
    assert core.findtext("dc:creator", namespaces=CP) == "大连市营商环境建设局"
    assert core.findtext("cp:lastModifiedBy", namespaces=CP) == "大连市营商环境建设局"
    created = datetime.fromisoformat(core.findtext("dcterms:created", namespaces=CP).replace("Z", "+00:00"))
    assert before <= created <= datetime.now(timezone.utc)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            assert b"python-docx" not in z.read(name), name


def test_no_thumbnail_is_left_from_the_template(written):
    with zipfile.ZipFile(written[0]) as z:
        names = z.namelist()
        assert not any("thumbnail" in n for n in names)
        assert b"thumbnail" not in z.read("_rels/.rels")
        assert b"jpeg" not in z.read("[Content_Types].xml") or b"thumbnail" not in z.read("[Content_Types].xml")


def test_app_xml_is_truthful_and_minimal(written):
    app = part(written[0], "docProps/app.xml")
    assert app.findtext("ep:Application", namespaces=EP) == "planbook"
    assert app.findtext("ep:Company", namespaces=EP) == "大连市营商环境建设局"
    for claim in ("Template", "Pages", "Words", "Characters", "AppVersion", "TotalTime"):
        assert app.find(f"ep:{claim}", EP) is None, claim


def test_the_libreoffice_copy_flips_overflow_punct_and_nothing_else(written):
    original = written[0].read_bytes()
    copy = libreoffice_copy(original)
    with zipfile.ZipFile(written[0]) as a, zipfile.ZipFile(__import__("io").BytesIO(copy)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            old, new = a.read(name), b.read(name)
            if b"overflowPunct" in old:
                assert old.count(b'w:overflowPunct w:val="0"') == new.count(b'w:overflowPunct w:val="1"') > 0
                assert old.replace(b'w:overflowPunct w:val="0"', b'w:overflowPunct w:val="1"') == new
            else:
                assert old == new, name
