#!/usr/bin/env python
"""Lay out the held-out plans' Word and Excel forms the way an office would, from the text
stored on the public pages (the pages give text only; EXPECTED.json says so per file).

    python tests/data/plans/office_forms.py     # rewrites the .docx/.xlsx/.doc below

Run once when the batch was made; the files are committed, so tests never run this.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from docx import Document
from openpyxl.styles import Alignment

HERE = Path(__file__).resolve().parent


def _paragraphs(txt: str, out: str) -> None:
    """Form a: every non-empty line of the text a Word paragraph."""
    doc = Document()
    for line in (HERE / txt).read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc.add_paragraph(line.strip())
    doc.save(str(HERE / out))


def _table(title: str, header: list[str], rows: list[list[str] | str], out: str) -> None:
    """Form b: a title paragraph and one table; a str row is merged across (section rows)."""
    doc = Document()
    doc.add_paragraph(title)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            merged.text = row
        else:
            for cell, text in zip(cells, row):
                cell.text = text
    doc.save(str(HERE / out))


def _sheet(ws, title: str, header: list[str], rows: list[list[str] | str]) -> None:
    wrap = Alignment(wrap_text=True, vertical="center")
    n = len(header)
    ws.append([title] + [None] * (n - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.append(header)
    for row in rows:
        if isinstance(row, str):
            ws.append([row] + [None] * (n - 1))
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=n)
        else:
            ws.append(row)
        for cell in ws[ws.max_row]:
            cell.alignment = wrap
    ws.column_dimensions["B"].width = 60


# -- 咸安区 2023 责任分解 ------------------------------------------------------------------
_XIANAN = re.compile(r"^(\d+)\.(.*?)\((.*)\)$")


def _xianan_rows() -> list[list[str] | str]:
    rows: list[list[str] | str] = []
    for line in (HERE / "xianan2023_zerenfenjie.txt").read_text(encoding="utf-8").splitlines()[1:]:
        line = line.strip()
        m = _XIANAN.match(line)
        if not m:
            if line:
                rows.append(line)
            continue
        fields = dict(part.split(":", 1) for part in m.group(3).split(";"))
        rows.append([m.group(1), m.group(2), fields.get("责任领导", ""), fields.get("牵头单位", ""),
                     fields.get("责任单位", "")])
    return rows


def xianan() -> None:
    rows = _xianan_rows()
    title = "2023年区《政府工作报告》确定的重点工作任务责任分解方案"
    _table(title, ["序号", "工作任务", "责任领导", "牵头单位", "责任单位"], rows, "xianan2023_zerenfenjie_table.docx")
    book = openpyxl.Workbook()
    first = book.active
    first.title = "预期目标"
    split = next(i for i, r in enumerate(rows) if isinstance(r, str) and r.startswith("二、"))
    header = ["序号", "工作任务", "责任领导", "推进单位", "协同单位"]
    _sheet(first, rows[0], header, rows[1:split])  # type: ignore[arg-type]
    second = book.create_sheet("工作安排")
    renumbered: list[list[str] | str] = []
    n = 0
    for r in rows[split + 1:]:
        if isinstance(r, str):
            renumbered.append(r)
        else:
            n += 1
            renumbered.append([str(n)] + r[1:])
    _sheet(second, rows[split], header, renumbered)  # type: ignore[arg-type]
    book.save(str(HERE / "xianan2023_fenjie_per_sheet.xlsx"))
    # LibreOffice drops tables writing .doc straight from .docx; through .odt it keeps them
    with tempfile.TemporaryDirectory() as tmp:
        for source, to in (("xianan2023_zerenfenjie_table.docx", "odt"), ("xianan2023_zerenfenjie_table.odt", "doc")):
            folder = HERE if to == "odt" else Path(tmp)
            subprocess.run(["soffice", "--headless", "--convert-to", to, "--outdir", tmp, str(folder / source)],
                           check=True, capture_output=True)
        (HERE / "xianan2023_zerenfenjie_table.doc").write_bytes((Path(tmp) / "xianan2023_zerenfenjie_table.doc").read_bytes())


def yuzhong() -> None:
    lines = [x.strip() for x in (HERE / "yuzhong2023_mubiao.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    rows: list[list[str] | str] = [lines[1]]
    for i in range(2, len(lines), 3):
        number, text = lines[i].split(".", 1)
        rows.append([number, text, lines[i + 1].split(":", 1)[1], lines[i + 2].split(":", 1)[1]])
    book = openpyxl.Workbook()
    _sheet(book.active, lines[0], ["序号", "目标任务", "承办单位", "协办单位"], rows)
    book.save(str(HERE / "yuzhong2023_mubiao.xlsx"))


def huoshan() -> None:
    lines = (HERE / "huoshan2025_zerenqingdan_copied.txt").read_text(encoding="utf-8").splitlines()
    header = lines[1].split("\t")
    rows: list[list[str] | str] = [x.split("\t") for x in lines[2:] if x.strip()]
    book = openpyxl.Workbook()
    book.active.title = "责任清单"
    _sheet(book.active, lines[0], header, rows)
    book.save(str(HERE / "huoshan2025_zerenqingdan.xlsx"))
    _table(lines[0], header, rows, "huoshan2025_zerenqingdan_table.docx")


def yuncheng() -> None:
    lines = [x.strip() for x in (HERE / "yuncheng2017_yingji.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    clauses = "".join(x for x in lines if x.startswith("(") and x[1].isdigit())
    units = lines[-1].strip("()").split(":", 1)[1]
    rows: list[list[str] | str] = [lines[3], ["1", lines[4].split(".", 1)[1], clauses, units]]
    _table(lines[0], ["序号", "建设任务", "具体内容", "责任单位"], rows, "yuncheng2017_yingji_table.docx")


def chongchuan() -> None:
    """The 崇川区 台账 rows 24-26 as the web table shows them (全年目标任务 empty there)."""
    header = ["序号", "主要任务", "全年目标任务", "分管领导", "牵头单位", "责任主体与协同单位", "1-10月推进情况",
              "1-11月推进情况", "是否达序", "说明"]
    rows: list[list[str] | str] = [
        ["24", "优化提升50条背街后巷交通组织。", "", "徐国江", "城管局", "市政局、相关街道", "已进场施工,完成30%。",
         "已进场施工,完成60%。", "是", ""],
        ["25", "新增四分类“三定一督”达标小区210个。", "", "徐国江", "城管局", "市政局、环卫处、崇川经济开发区、各街道",
         "已进场施工,正在推进点位选址、场地硬化,第一批451个厢房(亭房)正在加紧制作。", "在46个小区,建成38个厢房,70个分类亭。",
         "否", "前期配合区相关部门对该项目招标质疑、投诉处置,项目于9月28才签订合同,滞后了2个月,后期将加快推进。"],
        ["26", "新建建筑垃圾中转站8个、建筑垃圾分类池20个。", "", "徐国江", "城管局", "崇川经济开发区、相关街道",
         "已建成建筑垃圾中转站3个、分类池10个;其余点位已启动建设流程。", "已建成建筑垃圾中转站7个、分类池17个。", "是", ""]]
    book = openpyxl.Workbook()
    book.active.title = "推进情况"
    _sheet(book.active, "2023年区政府重点民生实事项目推进情况(1-11月)", header, rows)
    book.save(str(HERE / "chongchuan2023_shishi_taizhang.xlsx"))


def main() -> None:
    _paragraphs("lishan2023_fengong.txt", "lishan2023_fengong_paragraphs.docx")
    _paragraphs("sichuan2022_liutong.txt", "sichuan2022_liutong_paragraphs.docx")
    _paragraphs("dongguan2021_jiuye.txt", "dongguan2021_jiuye_paragraphs.docx")
    xianan()
    yuzhong()
    huoshan()
    yuncheng()
    chongchuan()


if __name__ == "__main__":
    main()
