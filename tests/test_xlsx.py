"""The xlsx writer's plain tables (problem lists, the 汇总表's extra sheets)."""

from __future__ import annotations

import openpyxl

from planbook.xlsx.workbook import write_table_workbook


def test_a_table_keeps_text_as_text_and_grows_its_rows(tmp_path):
    rows = [["=1+1", "短"], ["a\x01b", "长" * 300], ["+86 411", "@市营商局"]]
    path = write_table_workbook(tmp_path / "t.xlsx", "问题清单", ("甲", "乙"), rows, (10, 20), title="问题清单")
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "问题清单"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == ["甲", "乙"]
    assert values[1] == ["=1+1", "短"] and ws["A2"].data_type == "s"  # never a formula
    assert values[2][0] == "ab"  # control characters removed
    assert values[3] == ["+86 411", "@市营商局"]
    assert ws.row_dimensions[3].height > 5 * ws.row_dimensions[2].height  # 300 characters wrap
    assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"


def test_a_table_prints_on_a4_when_it_fits_and_on_a3_when_it_does_not(tmp_path):
    narrow = write_table_workbook(tmp_path / "n.xlsx", "表", ("甲", "乙"), [["1", "2"]], (20, 40), title="表")
    wide = write_table_workbook(tmp_path / "w.xlsx", "表", tuple("甲乙丙丁戊己"), [list("123456")], (40,) * 6,
                                title="表")
    for path, paper in ((narrow, 9), (wide, 8)):
        ws = openpyxl.load_workbook(path).active
        assert ws.page_setup.paperSize == paper and ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.scale or 100) >= 90 and not ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页" and ws.oddHeader.left.text == "表"


def test_without_the_parts_of_xlsxwriter_it_relies_on_the_cells_go_in_through_its_api(tmp_path, monkeypatch):
    """The rows are written as XML through a private part of XlsxWriter; another version
    without it gets the same workbook through XlsxWriter's own API."""
    from planbook.issue.workbooks import export
    from planbook.plans import seed_plan

    rows = [["=1+1", "短"], ["a\x01b", "长" * 300], ["_x0041_", " 前后有空格 "], ["", "x"]]
    fast = write_table_workbook(tmp_path / "fast.xlsx", "表", ("甲", "乙"), rows, (10, 20), title="表")
    export(seed_plan(), "2023Q2", tmp_path / "fast", jobs=1, agencies=["市营商局"])
    monkeypatch.setattr("planbook.xlsx.tables.can_defer", lambda ws: False)
    slow = write_table_workbook(tmp_path / "slow.xlsx", "表", ("甲", "乙"), rows, (10, 20), title="表")
    export(seed_plan(), "2023Q2", tmp_path / "slow", jobs=1, agencies=["市营商局"])
    pairs = [(fast, slow)] + [(tmp_path / "fast" / "下发" / p.name, p) for p in (tmp_path / "slow" / "下发").glob("*.xlsx")]
    assert len(pairs) == 3  # the table, the agency's workbook, the 总表
    for a, b in pairs:
        wa, wb = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
        assert wa.sheetnames == wb.sheetnames
        for x, y in zip(wa.worksheets, wb.worksheets):
            cells = lambda ws: [[(c.value or "", c.style_id and c.font.b, c.protection.locked, c.fill.fgColor.rgb)
                                 for c in row] for row in ws.iter_rows()]
            assert cells(x) == cells(y), (a.name, x.title)
            assert ({k: d.height for k, d in x.row_dimensions.items() if d.height}
                    == {k: d.height for k, d in y.row_dimensions.items() if d.height}), (a.name, x.title)
            assert x.dimensions == y.dimensions


def test_every_workbook_a_process_writes_has_the_same_styles_as_its_first(tmp_path):
    """XlsxWriter writes into the options it is given; each workbook gets its own copy, so the
    default 宋体 is never marked as the theme's font in the second workbook and after."""
    import zipfile

    from planbook.xlsx.workbook import ExtraSheet, write_tables_workbook

    styles = []
    for n in range(3):
        path = write_tables_workbook(tmp_path / f"{n}.xlsx", [ExtraSheet("表", ("单位", "数"), [("市营商局", "1")])],
                                     title="台账")
        with zipfile.ZipFile(path) as z:
            styles.append(z.read("xl/styles.xml"))
    assert styles[0] == styles[1] == styles[2]
    assert b"<scheme" not in styles[2].split(b"</font>")[0]  # 宋体 as set, not the theme's minor font


def _raw_deflate(data: bytes, level: int) -> bytes:
    import zlib

    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def test_workbooks_are_deflated_at_the_fastest_level_and_read_as_any_other(seed_plan, tmp_path):
    """planbook's workbooks (in memory and through temporary files) are zipped at zlib level 1;
    XlsxWriter's own names are put back after each save."""
    import zipfile

    import xlsxwriter.workbook

    from planbook.xlsx.layout import workbook_layout
    from planbook.xlsx.workbook import write_workbook

    agency = seed_plan.agency_names[0]
    written = [write_workbook(tmp_path / "agency.xlsx", workbook_layout(seed_plan, agency), "2023Q2"),
               write_table_workbook(tmp_path / "table.xlsx", "台账", ["序号", "事项"], [["1", "事项" * 400]] * 50, [6, 40],
                                    title="台账")]
    for path in written:
        with zipfile.ZipFile(path) as z:
            biggest = max(z.infolist(), key=lambda i: i.file_size)
            raw = path.read_bytes()
            start = biggest.header_offset + 30 + len(biggest.filename.encode()) + int.from_bytes(
                raw[biggest.header_offset + 28:biggest.header_offset + 30], "little")
            stored = raw[start:start + biggest.compress_size]
            assert stored == _raw_deflate(z.read(biggest), 1) != _raw_deflate(z.read(biggest), 6), path.name
        assert openpyxl.load_workbook(path).sheetnames
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile and xlsxwriter.workbook.ZipInfo is zipfile.ZipInfo
