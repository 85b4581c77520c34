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


# -- second fresh batch (2026-12, after the last parser change) ---------------------------------
def cangnan() -> None:
    """苍南县 进度表: the page stores one cell a line (the .txt); laid out as the 台账 it is."""
    lines = [x.strip() for x in (HERE / "cangnan2022_shishi_jindu.txt").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    header = lines[1:6]
    rows: list[list[str] | str] = [lines[i:i + 5] for i in range(6, len(lines), 5)]
    book = openpyxl.Workbook()
    book.active.title = "进度表"
    _sheet(book.active, lines[0], header, rows)
    book.save(str(HERE / "cangnan2022_shishi_jindu.xlsx"))


def yangxian() -> None:
    """洋县 十大民生实事项目清单, rows 1-5 of the web table (traditional characters, OpenCC t2s)."""
    header = ["序号", "项目名称", "建设地点", "建设时间", "2024年建设内容", "年度投资金额 (万元)", "责任单位"]
    rows: list[list[str] | str] = [
        ["1", "洋县中小学幼儿园基础设施提升改造项目", "相关镇 (街道)", "2024", "对马畅中小、湑水中小、茅坪学校等学校运动场地进行改造。",
         "300", "教体局"],
        ["2", "城北小学门前道路建设项目", "纸坊街道", "2024", "建成唐塔北路延伸段(城北小学门前)道路。", "300", "住建局"],
        ["3", "洋县2024年老旧小区改造项目", "洋州街道", "2024",
         "实施西苑小区、金鑫二小区、宏昌小区三所老旧小区房屋功能改善和周边配套基础设施。", "1360", "住建局"],
        ["4", "2024年农村公路生命安全防护工程", "槐树关镇龙亭镇", "2024",
         "在龙亭镇实施农村公路生命防护工程31.656公里、在槐树关镇实施农村公路生命防护工程87.2公里,基本实现镇域主干道相关路段、"
         "邻水临崖危险路段安防工程全覆盖。", "3000", "交通局"],
        ["5", "高标准农田建设项目", "谢村镇", "2024",
         "实施田块整治500亩,修复堰塘1座、建设机电井7座、农桥5座、灌溉渠道50公里;新建田间道路38公里、农田林网241公里,"
         "种植桂花、紫薇等苗木8000株;实施土壤培肥、田间监测3万亩,布设耕地质量监测点30处。", "4930", "农业农村局"]]
    book = openpyxl.Workbook()
    book.active.title = "项目清单"
    _sheet(book.active, "洋县2024年十大民生实事项目清单", header, rows)
    book.save(str(HERE / "yangxian2024_shishi_qingdan.xlsx"))


def zhaoyuan() -> None:
    """招远市 民生事项 1-9月 台账, rows 14-16: the 类别 column merged down the rows of its section."""
    header = ["类别", "民生事项名称", "2022年度任务目标", "责任单位", "分管市领导", "1-9月份工作完成情况", "1-9月份工作取得成效",
              "监督电话"]
    rows = [
        ["四、教育文化", "14.改扩建泉山学校及庙后吕家初级中学", "完成泉山学校一期2座教学楼建设,庙后吕家初级中学主体建设并投入使用。",
         "教育体育局", "刘福利", "泉山学校:完成主体建筑结构施工、平板浇筑,其中1号教学楼完成墙板安装,开始装饰装修; 庙后吕家初级中学:"
         "食堂建成投用,教工宿舍楼完成主体钢结构施工,整体钢结构施工完成70%。", "两处学校改扩建项目目前正在加速推进施工进度。",
         "监督电话0535-8246306"],
        ["", "15.推进学校塑胶运动场地建设", "完成罗峰学校及13处农村学校塑胶运动场地建成并投入使用。", "教育体育局", "刘福利",
         "罗峰学校:9月份开始施工,完成基础施工30%; 农村学校塑胶运动场地:完成基础施工,其中邵家初中塑胶运动场地完成人工草坪铺设正在进行"
         "篮球场硅PU施工,十字道初中开始人工草坪铺设。", "罗峰学校正在全力推进基础施工;13处农村学校塑胶运动场地已完成基础建设,两处学校开始铺设面层。",
         "监督电话0535-8246306"],
        ["", "16.推进义务教育课后服务", "对全市34所义务教育学校实行课后服务全覆盖,对有课后需求的学生实行全覆盖,稳步提高课后服务质量。",
         "教育体育局", "刘福利", "2022年9月23日对全市义务教育学校课后服务课程超市开设情况进行调度,督促学校开设多彩课程,丰富课后服务内容,"
         "促进课后服务提质增效。", "1-9月份全市有课后服务需求的学生32402人,实际参与课后服务的学生32402人,有课后服务需求的学生参与率100%,"
         "课后服务计划拨付700万元,占年度计划投资总额的75%。", "监督电话0535-8246336"]]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "民生事项"
    _sheet(ws, "2022年民生事项1-9月份工作完成情况", header, rows)  # type: ignore[arg-type]
    ws.merge_cells(start_row=3, start_column=1, end_row=5, end_column=1)
    book.save(str(HERE / "zhaoyuan2022_minsheng_taizhang.xlsx"))


def guangdong() -> None:
    """广东 2021 分工方案 tasks 1-4 as a Word table (分管省领导 and 部门分工 columns)."""
    lines = [x.strip() for x in (HERE / "guangdong2021_fengong.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    rows: list[list[str] | str] = [lines[2]]
    for i in range(3, len(lines), 3):
        number, text = lines[i].split(".", 1)
        rows.append([number, text, lines[i + 1].split(":", 1)[1], lines[i + 2].split(":", 1)[1]])
    _table(lines[0], ["序号", "重点任务", "分管省领导", "部门分工"], rows, "guangdong2021_fengong_table.docx")


def fresh_2026_12b() -> None:
    _paragraphs("zhejiang2024_zeren_fenjie.txt", "zhejiang2024_zeren_fenjie_paragraphs.docx")
    cangnan()
    yangxian()
    zhaoyuan()
    guangdong()


# -- third fresh batch (2026-12-07c): written before any parser read them --------------------------
def guobanhan() -> None:
    """国办函〔2016〕38号 量化指标任务分工, rows 1-9 (row 10 is cut where the stored page ends)."""
    lines = (HERE / "guobanhan2016_lianghua_fengong.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("序号"))
    rows: list[list[str] | str] = []
    for line in lines[start + 1:]:
        if line.strip():
            number, rest = line.split(" ", 1)
            task, unit = rest.rsplit(" ", 1)
            rows.append([number, task, unit])
    book = openpyxl.Workbook()
    book.active.title = "量化指标"
    _sheet(book.active, "2016年《政府工作报告》量化指标任务分工", ["序号", "工作任务", "牵头负责部门"], rows)
    book.save(str(HERE / "guobanhan2016_lianghua_fengong.xlsx"))


def xialu() -> None:
    """下陆区 2020 重点工作责任分解 tasks 1-2 as a Word table, the section and sub-section as merged rows."""
    lines = [x.strip() for x in (HERE / "xialu2020_zhongdian_zeren.txt").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    rows: list[list[str] | str] = []
    for line in lines[lines.index("2020年区政府重点工作责任分解") + 3:]:
        if line[0].isdigit():
            number, rest = line.split("、", 1)
            text, units = rest.rstrip("]").split("[", 1)
            fields = dict(part.split(":", 1) for part in units.split(";"))
            rows.append([number, text, fields["牵头单位"], fields["责任单位"]])
        else:
            rows.append(line)
    _table("2020年区政府重点工作责任分解", ["序号", "重点工作", "牵头单位", "责任单位"], rows,
           "xialu2020_zhongdian_zeren_table.docx")


def kaihua() -> None:
    """开化县 2023 重点工作清单 rows 1-2 (row 3 is cut inside its 进展情况), the 台账 as the page shows it."""
    lines = (HERE / "kaihua2023_zhongdian_qingdan.txt").read_text(encoding="utf-8").splitlines()
    table = [[c.strip() for c in x.strip().strip("|").split("|")] for x in lines if x.startswith(("序号", "1 ", "2 "))]
    book = openpyxl.Workbook()
    book.active.title = "重点工作清单"
    _sheet(book.active, lines[0], table[0], table[1:])  # type: ignore[arg-type]
    book.save(str(HERE / "kaihua2023_zhongdian_qingdan.xlsx"))


def nanling() -> None:
    """南陵县 2024 目标任务分解表 rows 80-81 as the web table shows them (the first character of row 80 is
    missing on the stored page; its repeated sentence is kept); the two 分管县领导 of row 81 one a line."""
    header = ["序号", "目标与任务", "分管县领导", "牵头责任单位", "责任单位"]
    rows: list[list[str] | str] = [
        ["80", "极回应群众新期待新要求,加大普惠性托育供给,新增托位数400个以上,公办园在园幼儿占比60%以上。"
               "实施中小学办学能力提升工程,推动义务教育优质均衡发展。实施中小学办学能力提升工程,推动义务教育优质均衡发展。",
         "俞 悦", "县教育局", "县各有关单位"],
        ["81", "保障芜职院现代物流智造学院秋季开学,支持芜湖科技工程学校发展,探索职业教育赋能区域发展路径。",
         "陆 明\n俞 悦", "县教育局", "县各有关单位"]]
    book = openpyxl.Workbook()
    book.active.title = "分解表"
    _sheet(book.active, "2024年《政府工作报告》重点工作目标任务分解表", header, rows)
    book.save(str(HERE / "nanling2024_mubiao_fenjie.xlsx"))


def qiaocheng() -> None:
    """谯城区教育局 2025 任务分解表: the page stores one cell a line (the .txt); laid out as the table it is,
    the six section rows kept although four hold no task."""
    lines = [x.strip() for x in (HERE / "qiaocheng2025_jiaoyu_fenjie.txt").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    start = lines.index("序号")
    header = lines[start:start + 4]
    rows: list[list[str] | str] = []
    i = start + 4
    while i < len(lines):
        if lines[i].isdigit():
            rows.append(lines[i:i + 4])
            i += 4
        else:
            rows.append(lines[i])
            i += 1
    book = openpyxl.Workbook()
    book.active.title = "任务分解表"
    _sheet(book.active, lines[2], header, rows)
    book.save(str(HERE / "qiaocheng2025_jiaoyu_fenjie.xlsx"))


def minhang() -> None:
    """闵行区 2023 乡村振兴 任务表 rows 1-4 (row 5 is cut in its 责任街镇): the page stores one cell a line
    (a cell over several lines, '|' between cells); laid out with the 类别 cell merged down the rows of its group."""
    text = (HERE / "minhang2023_xiangcun_renwu.txt").read_text(encoding="utf-8")
    cells = ["".join(part.split()) for part in text.split("\n|\n")]
    cells = [c for c in cells if c and c != "|"]
    header, body = cells[:7], cells[7:]
    rows: list[list[str] | str] = []
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(body):
        if body[i].startswith("("):
            category, i = body[i], i + 1
            first = len(rows)
        else:
            category = ""
        rows.append([category] + body[i:i + 6])
        i += 6
        if category:
            groups.append((first, first))
        else:
            groups[-1] = (groups[-1][0], len(rows) - 1)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "任务表"
    _sheet(ws, "闵行区2023年乡村振兴重点工作任务", header, rows)
    for first, last in groups:
        if last > first:
            ws.merge_cells(start_row=first + 3, start_column=1, end_row=last + 3, end_column=1)
    book.save(str(HERE / "minhang2023_xiangcun_renwu.xlsx"))


def fresh_2026_12c() -> None:
    guobanhan()
    xialu()
    _paragraphs("qinxian2025_renwu_qingdan.txt", "qinxian2025_renwu_qingdan_paragraphs.docx")
    kaihua()
    nanling()
    qiaocheng()
    minhang()


# -- fourth fresh batch (2026-12-07d): written before any parser read them --------------------------
def gangcheng() -> None:
    """钢城区 2021 放管服 分工方案 tasks 1-4 as a Word table: the section and sub-section as merged rows, the
    bracket's 牵头单位 and 责任单位 fields as columns (the bracket taken out of the task text)."""
    lines = [x.strip() for x in (HERE / "gangcheng2021_fengong.txt").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    rows: list[list[str] | str] = []
    for line in lines[lines.index("深化“放管服”改革优化营商环境2021年重点任务分工方案") + 2:]:
        if line[0].isdigit():
            number, rest = line.split(".", 1)
            cut = min(i for i in (rest.rfind("("), rest.rfind("〔")) if i >= 0)
            text, bracket = rest[:cut], rest[cut + 1:-1]
            fields = dict(part.split(":", 1) for part in re.split(r"[;,](?=[^:,;]+:)", bracket))
            rows.append([number, text, fields["牵头单位"], fields["责任单位"]])
        else:
            rows.append(line)
    _table("深化“放管服”改革优化营商环境2021年重点任务分工方案", ["序号", "重点任务", "牵头单位", "责任单位"], rows,
           "gangcheng2021_fengong_table.docx")


def huzhou() -> None:
    """湖州市 2020 重点工作责任分解, section 一 task 1, as a 分解表: the lead rule in the unit column's header."""
    header = ["序号", "重点工作", "责任单位(列第一位者为工作牵头单位或汇总单位)"]
    lines = [x.strip() for x in (HERE / "huzhou2020_zeren_fenjie.txt").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    number, text = lines[-2].split(".", 1)
    units = lines[-1].split(":", 1)[1].split("(", 1)[0]
    book = openpyxl.Workbook()
    book.active.title = "重点工作"
    _sheet(book.active, "2020年政府工作报告重点工作责任分解", header, [lines[-3], [number, text, units]])
    book.save(str(HERE / "huzhou2020_zeren_fenjie.xlsx"))


def ningbo() -> None:
    """宁波市 2014 民生实事 1-6月 进展 items 1-4 (stored as one paragraph) laid out as the 台账 it describes;
    item 3's district table goes into its 完成情况 cell as written, item 4's 完成情况 is cut on the page (empty)."""
    text = (HERE / "ningbo2014_shishi_jinzhan.txt").read_text(encoding="utf-8").strip()
    items = re.split(r" (?=\d\.)", text)[1:]
    labels = ["牵头领导", "责任单位", "项目责任人", "配合单位", "实际完成情况"]
    rows: list[list[str] | str] = []
    for item in items:
        number, rest = item.split(".", 1)
        name, rest = rest.split(" 牵头领导:", 1)
        fields = dict.fromkeys(labels, "")
        rest = "牵头领导:" + rest
        parts = re.split(r" (?=(?:%s):)" % "|".join(labels), rest)
        for part in parts:
            label, value = part.split(":", 1)
            fields[label] = value.strip()
        if number == "3":  # the district table follows the 配合单位 list with no label
            units, table = fields["配合单位"].split(" ", 1)
            fields["配合单位"], fields["实际完成情况"] = units, table
        rows.append([number, name.strip()] + [fields[x] for x in labels])
    header = ["序号", "项目名称"] + labels[:4] + ["实际完成情况(1—6月)"]
    book = openpyxl.Workbook()
    book.active.title = "进展情况"
    _sheet(book.active, "2014年市政府民生实事项目1—6月份进展情况", header, rows)
    book.save(str(HERE / "ningbo2014_shishi_taizhang.xlsx"))


def zhonglou() -> None:
    """钟楼区 2021 重大民生实事 责任分解表 rows 1-4 (row 5 cut) from the copied text: row 3 has two sub-rows, each
    with its own 分管领导, 牵头单位 and 配合单位 (序号 and 项目名称 merged down); units in a cell one a line."""
    header = ["序号", "项目名称", "主要内容", "区政府分管领导", "牵头单位", "配合单位"]
    rows: list[list[str] | str] = [
        ["1", "增加教育资源供给", "实施新建、改扩建学校重点建设项目12个,计划竣工3个,其中幼儿园7个、小学4个、初中1个;"
         "增加学位5000个,其中幼儿园420个,中小学4580个。", "何海平", "教育局", "经开区\n高新园(邹区镇)\n各街道\n市国有公司"],
        ["2", "促进就业稳定增长", "落实就业优先战略。全区城镇新增就业15000人,失业人员再就业5800人,新增参保大学生5400人,"
         "城乡“零就业家庭”动态清零,城镇登记失业率控制在3%以内;支持成功自主创业2000人,支持大学生创业240人;"
         "开展职业技能补贴培训10000人次。", "何海平", "人社局", "高新园(邹区镇)\n各街道"],
        ["3", "老城厢复兴发展", "完成瞿秋白纪念馆整体提升工程对外开放,完成常州盛宣怀故居(本体)修缮展陈。", "何海平",
         "文体旅局", "晋陵公司\n轨道公司"],
        ["", "", "推进大庙弄核心区改造、瞿秋白纪念馆周边立面整治及三堡街、西横街、民元里、邮电路、北大街等老城厢道路整治。",
         "芮春祥", "住建局", "五星街道\n南大街街道\n荷花池街道"],
        ["4", "优化养老服务", "为全区23000名老年人提供居家上门服务。提升改造8家城乡社区居家养老服务中心(站)。"
         "对300户困难老人家庭进行居家适老化改造。提升康复辅具社区租赁服务点建设水平,为IO(X)人提供康复辅具社区租赁服务。",
         "张菁", "民政局", "高新园(邹区镇)\n各街道"]]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "责任分解表"
    _sheet(ws, "2021年重大民生实事项目目标任务责任分解表", header, rows)
    for column in (1, 2):
        ws.merge_cells(start_row=5, start_column=column, end_row=6, end_column=column)
    book.save(str(HERE / "zhonglou2021_shishi_fenjie.xlsx"))


def meili() -> None:
    """魅力文明城市创建行动方案 (copied from a PDF: spaces around numbers, a page break inside item 3) as Word
    paragraphs, one a paragraph, the item split by the page break joined again, the repeated title once."""
    lines = [x.strip() for x in (HERE / "meili2021_zhuanxiang_pdf_copy.txt").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    out: list[str] = []
    for line in lines:
        if out and line == out[-1]:
            continue
        if out and out[-1].endswith("生活") and line.startswith("服务设施"):
            out[-1] += line
        else:
            out.append(line)
    doc = Document()
    for line in out:
        doc.add_paragraph(line)
    doc.save(str(HERE / "meili2021_zhuanxiang_paragraphs.docx"))


def fresh_2026_12d() -> None:
    gangcheng()
    _paragraphs("xianyang2022_fangguanfu.txt", "xianyang2022_fangguanfu_paragraphs.docx")
    huzhou()
    ningbo()
    zhonglou()
    meili()


# -- fifth fresh batch (2026-12-07e): written before any parser read them ---------------------------
def _chengdu_rows() -> list[list[str] | str]:
    """成都 2022 目标任务责任分解方案 tasks 1-13: the bracket's three fields as columns (taken out of the text)."""
    rows: list[list[str] | str] = []
    for line in (HERE / "chengdu2022_mubiao_fenjie.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("一、"):
            rows.append(line)
        m = re.match(r"^(\d+)\.(.*?)\((.*)\)$", line)
        if m:
            fields = dict(part.split(":", 1) for part in m.group(3).split(";"))
            rows.append([m.group(1), m.group(2), fields.get("牵头单位", ""), fields.get("责任单位", ""),
                         fields.get("数据提供单位", "")])
    return rows


def chengdu() -> None:
    header = ["序号", "目标任务", "牵头单位", "责任单位", "数据提供单位"]
    title = "2022年《政府工作报告》目标任务责任分解方案"
    _table(title, header, _chengdu_rows(), "chengdu2022_mubiao_fenjie_table.docx")


def shapingba() -> None:
    """沙坪坝区 2022 附件1 预期目标任务分解表 rows 1-10 (the page stores one cell a line) as the table it is."""
    cells = [x.strip() for x in (HERE / "shapingba2022_yuqi_mubiao.txt").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    cells = cells[cells.index("责任单位") + 1:]
    rows: list[list[str] | str] = [cells[i:i + 3] for i in range(0, len(cells), 3)]
    book = openpyxl.Workbook()
    book.active.title = "附件1"
    _sheet(book.active, "2022年区政府工作报告经济社会发展预期目标任务分解表", ["序号", "2022年预期目标", "责任单位"], rows)
    book.save(str(HERE / "shapingba2022_yuqi_mubiao.xlsx"))


def dazhu() -> None:
    """大竹县 2016 民生实事 目标任务分解表 rows 1-10 (stored one cell a line, units one a line): row 5 has two
    sub-rows, 序号 and 责任单位 merged down as the web table shows; units in a cell one a line."""
    rows: list[list[str] | str] = [
        ["1", "启动建设东柳河城区段综合治理工程和东湖湿地公园。", "县水务局\n县住建局\n县护城河指挥部", "12月底前"],
        ["2", "新建2座人行天桥。", "县住建局", "9月投入使用"],
        ["3", "启动县图书馆新馆建设。", "县文体广新局\n县代建中心", "12月底前"],
        ["4", "建成县残疾人综合服务中心。", "县残联", "5月底前动工"],
        ["5", "开工建设县老年养护楼。", "县民政局", "5月底前动工"],
        ["", "开工建设老年大学。", "", "12月底前"],
        ["6", "迁建县政务服务中心。", "县政务服务中心\n县代建中心", "12月底前"],
        ["7", "加快推进土地滩水库建设。", "县水务局", "12月底前"],
        ["8", "启动大竹县第十二小学建设,新建中心幼儿园2所。", "县教科局\n县代建中心", "12月底前"],
        ["9", "完成棚户区改造2836户。", "县住建局", "12月底前"],
        ["10", "城区再新建1个农贸市场。", "县商务局", "12月底前"]]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "民生实事"
    _sheet(ws, "2016年民生实事目标任务分解表", ["序号", "民生实事", "责任单位", "完成时限"], rows)
    for column in (1, 3):
        ws.merge_cells(start_row=7, start_column=column, end_row=8, end_column=column)
    book.save(str(HERE / "dazhu2016_minsheng_shishi.xlsx"))


def tongxin() -> None:
    """同心县 2023 政府工作报告 任务分解: the page is one task as label / value lines; laid out as a 分解表 row."""
    lines = [x.strip() for x in (HERE / "tongxin2023_renwu_fenjie.txt").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    fields = dict(zip(lines[0::2], lines[1::2]))
    book = openpyxl.Workbook()
    book.active.title = "任务分解"
    _sheet(book.active, "同心县2023年《政府工作报告》任务分解", ["序号", "具体任务", "责任单位", "配合单位", "完成时限"],
           [["1", fields["具体任务"], fields["责任单位"], fields["配合单位"], fields["完成时限"]]])
    book.save(str(HERE / "tongxin2023_renwu_fenjie.xlsx"))


def fresh_2026_12e() -> None:
    chengdu()
    shapingba()
    dazhu()
    _paragraphs("luyang2020_jiaoti_jihua.txt", "luyang2020_jiaoti_jihua_paragraphs.docx")
    _paragraphs("huaian2022_shuikun_xize.txt", "huaian2022_shuikun_xize_paragraphs.docx")
    _paragraphs("changchun2012_shierwu_fengong.txt", "changchun2012_shierwu_fengong_paragraphs.docx")
    tongxin()


# -- the sixth fresh batch (2026-12-07f) --------------------------------------------------------
def _paragraph_lines(lines: list[str], out: str) -> None:
    """Form a from a page stored as one line: the paragraphs an office's document has."""
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(HERE / out))


def shangcheng() -> None:
    """上城区 2019 目标任务分解表 row 1 (row 2 is cut where the stored page ends), the 注 row above the header."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "附件1"
    _sheet(ws, "2019年《政府工作报告》目标任务分解表", ["序号", "任务名称", "指标要求", "牵头部门", "配合部门", "目标类型"],
           [["1", "地区生产总值", "增长5.5%(市下达指标)", "区发改经信局",
             "区财政局、区住房和城建局、区商务局、区文化和广电旅游体育局、区统计局、区投促局、区电子机械功能区管委会、各街道办事处",
             "A类"]])
    ws.insert_rows(2)
    ws["A2"] = "(注:A类指责任目标;B类指激励目标;C类指争先创优目标)"
    book.save(str(HERE / "shangcheng2019_mubiao_fenjie.xlsx"))


def henan() -> None:
    """河南 豫政〔2023〕5号 (the page stores it as one line) as the Word document's paragraphs."""
    text = (HERE / "henan2023_zhongdian_zeren.txt").read_text(encoding="utf-8").strip()
    marks = ["关于明确", "豫政〔2023〕5号", "现将《政府工作报告》", "一、加快", "(一)全面", "1.把恢复", "2.落实好", "3.激活", "4.加大"]
    lines, rest = [], text
    for mark in marks:
        head, _, tail = rest.partition(mark)
        if head.strip():
            lines.append(head.strip())
        rest = mark + tail
    lines.append(rest.strip())
    _paragraph_lines(lines, "henan2023_zhongdian_zeren_paragraphs.docx")


def banshishi() -> None:
    """“我为群众办实事”20个项目 items 01-02 (03 is cut) laid out as the 台账 the report describes."""
    lines = [x.strip() for x in (HERE / "banshishi2021_xiangmu_jinzhan.txt").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    rows: list[list[str] | str] = []
    for start in [i for i, x in enumerate(lines) if x[:2].isdigit()]:
        item = lines[start:]
        item = item[:next((i for i, x in enumerate(item[1:], 1) if x[:2].isdigit()), len(item))]
        number, name = item[0].split(" 项目名称:")
        unit_at = next(i for i, x in enumerate(item) if x.startswith("责任单位"))
        progress_at = next(i for i, x in enumerate(item) if x.startswith("进展与成效"))
        rows.append([number, name, "".join(item[2:unit_at]), item[unit_at + 1], "\n".join(item[progress_at + 1:])])
    book = openpyxl.Workbook()
    book.active.title = "办实事项目"
    _sheet(book.active, "全县“我为群众办实事”实践活动项目进展与成效情况",
           ["序号", "项目名称", "项目内容", "责任单位", "进展与成效"], rows)
    book.save(str(HERE / "banshishi2021_xiangmu_jinzhan.xlsx"))


def pingdingshan() -> None:
    """平顶山 平政办〔2013〕11号 tasks 1-4 as a Word table (task 5 is cut, so (三) is left out of the table)."""
    lines = [x.strip() for x in (HERE / "pingdingshan2013_zhongdian_fenjie.txt").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    rows: list[list[str] | str] = []
    for i, line in enumerate(lines):
        if line.startswith(("一、", "(一)", "(二)")):
            rows.append(line)
        elif re.match(r"^\d\.", line):
            lead = lines[i + 1].split(":", 1)[1]
            others = lines[i + 2].split(":", 1)[1]
            rows.append([line.split(".", 1)[0], line.split(".", 1)[1], lead, others])
    _table("平顶山市2013年市政府重点工作任务分解", ["序号", "重点工作", "牵头单位", "责任单位"], rows,
           "pingdingshan2013_zhongdian_fenjie_table.docx")


def fresh_2026_12f() -> None:
    shangcheng()
    _paragraphs("jiangsu2008_mubiao_fenjie.txt", "jiangsu2008_mubiao_fenjie_paragraphs.docx")
    henan()
    _paragraphs("wuhu2024_jiaoyu_yaodian.txt", "wuhu2024_jiaoyu_yaodian_paragraphs.docx")
    banshishi()
    pingdingshan()
    _paragraphs("shanghai2014_shishi.txt", "shanghai2014_shishi_paragraphs.docx")


# -- the seventh fresh batch (2026-12-07g) -------------------------------------------------------


def _cells(txt: str, header_last: str) -> list[str]:
    """The non-empty lines after the header cell `header_last` of a table copied one cell a line."""
    lines = [x.strip() for x in (HERE / txt).read_text(encoding="utf-8").splitlines() if x.strip()]
    return lines[lines.index(header_last) + 1:]


def taizhou() -> None:
    text = (HERE / "taizhou2019_yingshang_xingdong.txt").read_text(encoding="utf-8").splitlines()
    rows: list[list[str] | str] = ["一、开展行政审批提速行动"]
    for n, line in enumerate(x for x in text if x.startswith("（") or x.startswith("(")):
        m = re.match(r"^[（(][一二三四五六七八九十]+[）)](.*?)(?:[（(]责任单位[:：](.*)[）)])?$", line)
        assert m
        rows.append([str(n + 1), m.group(1), m.group(2) or ""])
    _table("泰州市聚焦企业关切进一步优化营商环境行动方案", ["序号", "重点任务", "责任单位"], rows,
           "taizhou2019_yingshang_xingdong_table.docx")


def yunyang() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "责任分解表"
    cells = _cells("yunyang2023_mubiao_zeren.txt", "责任人")
    _sheet(ws, "2023年区政府工作目标任务落实责任分解表", ["序号", "目标任务", "牵头单位", "责任单位", "责任人"],
           [cells[0], [cells[1], cells[2], cells[3], "", ""]])
    wb.save(str(HERE / "yunyang2023_mubiao_zeren.xlsx"))


def shaoxing() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "一季度进展"
    cells = _cells("shaoxing2020_zhongdian_jinzhan.txt", "责任单位")
    rows: list[list[str] | str] = [cells[i:i + 4] for i in range(0, len(cells), 4)]
    _sheet(ws, "市政府2020年重点工作(预下达)一季度进展情况表", ["序号", "内容与要求", "进展情况", "责任单位"], rows)
    wb.save(str(HERE / "shaoxing2020_zhongdian_jinzhan.xlsx"))


def pingdingshan_hzz() -> None:
    """2026-12-07i: the river-chief table, a row a line on the page, laid out as a sheet."""
    lines = (HERE / "pingdingshan2018_hezhang_fenjie.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("序号 类别"))
    rows: list[list[str] | str] = []
    names = [("加强水资源保护", "严守水资源开发利用控制红线"), ("", "严守用水效率控制红线"), ("", "")]  # as the page's cells read
    for line, (kind, task) in zip(lines[start + 1:], names):
        rest, lead, partners, towns = line.rsplit(" ", 3)
        number, *_, measures = rest.split(" ")
        rows.append([number, kind, task, measures, lead, partners, towns])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务分解表"
    _sheet(ws, "平顶山市全面推行河长制主要任务分解表", ["序号", "类别", "主要任务", "细化措施", "牵头单位", "参与单位", "责任单位"], rows)
    ws.merge_cells(start_row=3, start_column=2, end_row=5, end_column=2)
    wb.save(str(HERE / "pingdingshan2018_hezhang_fenjie.xlsx"))


def fresh_2026_12g() -> None:
    _paragraphs("zhengzhou2007_mubiao_guanli.txt", "zhengzhou2007_mubiao_guanli_paragraphs.docx")
    taizhou()
    yunyang()
    shaoxing()
    _paragraphs("tianjin2020_fengong.txt", "tianjin2020_fengong_paragraphs.docx")
    _paragraphs("beijing2016_zhengwu_yaodian.txt", "beijing2016_zhengwu_yaodian_paragraphs.docx")
    _paragraphs("sichuan2015_xianyu_tuijin.txt", "sichuan2015_xianyu_tuijin_paragraphs.docx")  # 2026-12-07h
    pingdingshan_hzz()  # 2026-12-07i


# -- the tenth fresh batch (2026-12-07j) ---------------------------------------------------------


def _lines_from(txt: str, first: str) -> list[str]:
    """The non-empty lines of a stored page from the line `first` on (the site's lines dropped)."""
    lines = [x.strip() for x in (HERE / txt).read_text(encoding="utf-8").splitlines() if x.strip()]
    return lines[lines.index(first):]


def wuhu2025() -> None:
    """芜湖市 2025 重点工作及责任分解, rows (1)-(9): the ' | ' table as a sheet, several units in a cell one a line."""
    rows: list[list[str] | str] = []
    for line in _lines_from("wuhu2025_zhongdian_zeren.txt", "一、主要预期目标 | |||"):
        cells = [c.strip() for c in line.split(" | ")]
        if line.endswith("| |||"):
            rows.append(cells[0])
            continue
        number, task, lead, partners = (cells + ["", "", ""])[:4]
        partners = partners.rstrip(" |").replace("、 ", "、")
        rows.append([number, task, "\n".join(lead.split(" ")) if lead != "||" else "",
                     "\n".join(partners.split(" ")) if partners not in ("", "||") else ""])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重点工作"
    _sheet(ws, "2025年市政府重点工作及责任分解", ["序号", "目标与任务", "牵头责任单位", "责任单位"], rows)
    wb.save(str(HERE / "wuhu2025_zhongdian_zeren.xlsx"))


def wuhu2019() -> None:
    """芜湖市 2019 重点工作任务分解表 rows 1-2 (one cell a line on the page) as a Word table."""
    cells = _cells("wuhu2019_zhongdian_fenjie.txt", "责任单位")
    rows: list[list[str] | str] = [cells[i:i + 4] for i in range(0, len(cells), 4)]
    _table("2019年度市政府重点工作任务分解表", ["序号", "目标与任务", "牵头责任单位", "责任单位"], rows,
           "wuhu2019_zhongdian_fenjie_table.docx")


def fresh_2026_12j() -> None:
    wuhu2025()
    wuhu2019()
    _paragraph_lines(_lines_from("wuhu_linye2022_fengong.txt", "芜湖市林业保护发展“十四五”规划任务分工方案"),
                     "wuhu_linye2022_fengong_paragraphs.docx")
    _paragraph_lines(["滁州市人民政府关于2020年市政府重点工作及责任分解的通知"]
                     + _lines_from("chuzhou2020_zhongdian_zeren.txt", "各县、市、区人民政府,市政府各部门、各直属机构:"),
                     "chuzhou2020_zhongdian_zeren_paragraphs.docx")


# -- the twelfth fresh batch (2026-12-07l) -------------------------------------------------------


def pinghu2024() -> None:
    """平湖市 2024 重点工作责任分解 rows 1-6 (one cell a line on the page) as the sheet it is."""
    cells = _cells("pinghu2024_zeren_fenjie.txt", "责 任 单 位")
    rows: list[list[str] | str] = [cells[i:i + 3] for i in range(0, len(cells), 3)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重点工作"
    _sheet(ws, "2024年政府工作报告重点工作责任分解", ["序号", "主要工作任务", "责任单位"], rows)
    wb.save(str(HERE / "pinghu2024_zeren_fenjie.xlsx"))


def pinghu2023() -> None:
    """平湖市 2023 重点工作 上半年完成情况 rows 1-5 (' | ' rows on the page) as the 台账 it is, ★ kept."""
    lines = (HERE / "pinghu2023_wancheng_qingkuang.txt").read_text(encoding="utf-8").splitlines()[1:]
    rows: list[list[str] | str] = [[c.strip() for c in line.rstrip(" |").split(" | ")] for line in lines if line.strip()]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "完成情况"
    _sheet(ws, "平湖市2023年政府工作报告重点工作完成情况", ["序号", "主要工作任务", "完成情况", "牵头单位"], rows)
    ws.column_dimensions["C"].width = 60
    wb.save(str(HERE / "pinghu2023_wancheng_qingkuang.xlsx"))


def jiayu() -> None:
    """嘉鱼县 2021 重点工作责任分解 (一)-(五) as a Word table: the bracket's two fields as columns."""
    rows: list[list[str] | str] = ["一、2021年经济社会发展主要目标"]
    for line in _lines_from("jiayu2021_zeren_fenjie.txt", "一、2021年经济社会发展主要目标")[1:]:
        m = re.match(r"^[（(][一二三四五六七八九十]+[）)](.*?。)[\[（(]牵头单位[:：](.*?)[;；]责任单位[:：](.*)[\]）)]$", line)
        assert m, line
        rows.append([str(len(rows)), m.group(1), m.group(2), m.group(3)])
    _table("县《政府工作报告》确定的2021年重点工作责任分解", ["序号", "重点工作", "牵头单位", "责任单位"], rows,
           "jiayu2021_zeren_fenjie_table.docx")


def yuhang2022() -> None:
    """余杭区 2022 重点工作分解 rows 1-5 (one cell a line on the page): the 项目 cells merged down, persons and
    units one a line in their cells, as the office's sheet has them."""
    g1, g2 = "厚植创新发展源动力", "壮大科技创新主力军"
    rows: list[list[str] | str] = ["一、在铸强发展引擎上大抓落实、勇当标杆"]
    cells = _cells("yuhang2022_zhongdian_fenjie.txt", "一、在铸强发展引擎上大抓落实、勇当标杆")
    i = 0
    for number, group, leaders, leads in [("1", g1, 2, 1), ("2", "", 1, 1), ("3", "", 1, 1), ("4", g2, 1, 1), ("5", "", 2, 3)]:
        assert cells[i] == number, cells[i]
        i += 1
        if group:
            assert cells[i] == group
            i += 1
        task = cells[i]
        people = "\n".join(cells[i + 1:i + 1 + leaders])
        units = "\n".join(cells[i + 1 + leaders:i + 1 + leaders + leads])
        partners = cells[i + 1 + leaders + leads]
        i += 2 + leaders + leads
        rows.append([number, group, task, people, units, partners])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重点工作分解"
    _sheet(ws, "2022年政府工作报告重点工作分解表", ["序号", "项目", "重点工作", "牵头领导", "牵头单位", "主要参与单位"], rows)
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 60
    ws.merge_cells(start_row=4, start_column=2, end_row=6, end_column=2)
    ws.merge_cells(start_row=7, start_column=2, end_row=8, end_column=2)
    wb.save(str(HERE / "yuhang2022_zhongdian_fenjie.xlsx"))


def fresh_2026_12l() -> None:
    _paragraph_lines(["2023年政府工作报告重点工作责任分解"]
                     + _lines_from("shengsi2023_zeren_fenjie.txt", "一、杨松县长牵头重点工作"),
                     "shengsi2023_zeren_fenjie_paragraphs.docx")
    pinghu2024()
    pinghu2023()
    jiayu()
    yuhang2022()
# -- the eleventh fresh batch (2026-12-07k): three national 意见 of 2018, full text (gov.cn, via a public crawl) ----------


_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）([^。]*)。(.*)$")
_UNITS = re.compile(r"（([^（）]*负责[^（）]*)）")


def _items(txt: str) -> list[tuple[str, str, str, str]]:
    """(section heading, number as written, title, the rest of the item's text) for every （一） item of a national 意见."""
    section, out = "", []
    for line in (HERE / txt).read_text(encoding="utf-8").splitlines():
        if re.match(r"^[一二三四五六七八九十]+、", line):
            section = line
        m = _ITEM.match(line)
        if m:
            out.append((section, f"（{m.group(1)}）", m.group(2), m.group(3)))
    return out


def _groups(rest: str) -> list[tuple[str, str]]:
    """The measures of an item cut at each unit bracket: (the measures before it, the units it names)."""
    groups, start = [], 0
    for m in _UNITS.finditer(rest):
        units = re.sub(r"(牵头)?负责.*$", "", m.group(1))
        groups.append((rest[start:m.start()].strip(), units))
        start = m.end()
    return groups


def _lead_split(units: str) -> tuple[str, str]:
    """A 国办 unit list with no stated rule, split as an office splits it: the first listed leads, the rest partner."""
    named, _, regions = units.partition("等和")
    first, _, others = named.partition("、")
    partners = (others + ("等" if regions else "")) + (("，" + regions) if regions else "")
    return first, partners


def nongji() -> None:
    """国发〔2018〕42号: tasks （三）–（二十） as a Word 分工 table, the lead rule stated once in the unit column's header."""
    rows: list[list[str] | str] = []
    section = ""
    for heading, number, title, rest in _items("guofa2018_nongji_fengong.txt"):
        groups = _groups(rest)
        if not groups:
            continue  # 一、总体要求 （一）（二）: no 分工 row
        if heading != section:
            section = heading
            rows.append(heading)
        measures, units = groups[0]
        rows.append([number, title, measures, units + ("牵头" if "牵头负责" in rest else "")])
    _table("国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见 重点任务分工",
           ["序号", "重点任务", "主要内容", "负责单位（列第一位者为牵头单位）"], rows, "guofa2018_nongji_fengong_table.docx")
    _paragraphs("guofa2018_nongji_fengong.txt", "guofa2018_nongji_fengong_paragraphs.docx")


def xiaofei_fupin() -> None:
    """国办发〔2018〕129号: Word paragraphs, and a 分工表 sheet numbered 1–17 with the units split into 牵头/配合."""
    _paragraphs("guobanfa2018_xiaofei_fupin.txt", "guobanfa2018_xiaofei_fupin_paragraphs.docx")
    rows: list[list[str] | str] = []
    section = ""
    for n, (heading, _number, title, rest) in enumerate(_items("guobanfa2018_xiaofei_fupin.txt"), 1):
        if heading != section:
            section = heading
            rows.append(heading)
        (measures, units), = _groups(rest)
        rows.append([str(n), title, measures, *_lead_split(units)])
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "分工表"
    _sheet(ws, "关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见 重点任务分工表",
           ["序号", "重点任务", "具体内容", "牵头单位", "配合单位"], rows)
    book.save(str(HERE / "guobanfa2018_xiaofei_fupin.xlsx"))


def tiyu_jingsai() -> None:
    """国办发〔2018〕121号: Word paragraphs, and a 分工表 sheet numbered 1–16 (the 总体要求 left out, as an office's
    分工表 does) in which an item with several unit brackets is a row in sub-rows, 序号 and 重点任务 merged down."""
    _paragraphs("guobanfa2018_tiyu_jingsai.txt", "guobanfa2018_tiyu_jingsai_paragraphs.docx")
    rows: list[list[str] | str] = []
    merges: list[tuple[int, int]] = []
    section, n = "", 0
    for heading, _number, title, rest in _items("guobanfa2018_tiyu_jingsai.txt"):
        groups = _groups(rest)
        if not groups:
            continue
        if heading != section:
            section = heading
            rows.append(heading)
        n += 1
        first_row = len(rows) + 3  # the title row and the header come first
        for i, (measures, units) in enumerate(groups):
            lead, partners = _lead_split(units)
            rows.append([str(n) if i == 0 else "", title if i == 0 else "", measures, lead, partners])
        if len(groups) > 1:
            merges.append((first_row, first_row + len(groups) - 1))
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "分工表"
    _sheet(ws, "关于加快发展体育竞赛表演产业的指导意见 重点任务分工表",
           ["序号", "重点任务", "具体举措", "牵头单位", "配合单位"], rows)
    for top, bottom in merges:
        for column in (1, 2):
            ws.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)
    book.save(str(HERE / "guobanfa2018_tiyu_jingsai.xlsx"))


def wuhan2023() -> None:
    """武汉市 2023 目标任务责任分解方案, the stored page's items 204–211: a sheet 序号 | 目标任务 | 牵头单位 | 责任单位, the
    ——headings as group rows, the notice's rule (无牵头单位的，责任单位即为牵头单位) in the title, units one a line."""
    rows: list[list[str] | str] = []
    for line in (HERE / "wuhan2023_mubiao_zeren.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("——"):
            rows.append(line)
        m = re.match(r"^(\d+)\.(.*?)\((?:牵头单位:(.*?);)?责任单位:(.*)\)$", line)
        if m:
            rows.append([m.group(1), m.group(2), m.group(3) or "", "\n".join(re.split("[、,]", m.group(4)))])
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "责任分解"
    _sheet(ws, "2023年市《政府工作报告》目标任务责任分解方案（无牵头单位的，责任单位即为牵头单位）",
           ["序号", "目标任务", "牵头单位", "责任单位"], rows)
    book.save(str(HERE / "wuhan2023_mubiao_zeren.xlsx"))


def fresh_2026_12k() -> None:
    nongji()
    xiaofei_fupin()
    tiyu_jingsai()
    wuhan2023()


# -- the thirteenth fresh batch (2026-12-07m) ----------------------------------------------------


def lianyungang2023() -> None:
    """连云港市 2023 民生实事项目, 一、items 1-5 (the notice's annex on the stored page) as a Word table: the bracket's
    two fields, 牵头单位 and 共同责任单位, as columns; the 领域 row merged across."""
    rows: list[list[str] | str] = []
    for line in _lines_from("lianyungang2023_minsheng_shishi.txt", "一、教育惠民领域"):
        m = re.match(r"^(\d+)\.\s*(.*)\(牵头单位:(.*?);共同责任单位:(.*)\)$", line)
        if m:
            rows.append([m.group(1), m.group(2), m.group(3), m.group(4)])
        else:
            rows.append(line)
    _table("2023年连云港市民生实事项目", ["序号", "民生实事项目", "牵头单位", "共同责任单位"], rows,
           "lianyungang2023_minsheng_shishi_table.docx")


_SZGD_ITEM = re.compile(r"^(\d+)\.(.*?)。(.*)（(.*)）$")


def _szgd_split(units: str) -> tuple[str, str]:
    """数字广东 2025's unit bracket split as an office splits it: the units before 牵头 lead; with no 牵头, the first
    listed (the plan states no rule) and the rest partner."""
    plain = re.sub(r"(等单位|等)?按职责分工负责|结合实际落实", "", units)
    if "牵头" in plain:
        lead, _, rest = plain.partition("牵头")
        return lead, rest.lstrip("，,")
    return _lead_split(plain)


def guangdong2025() -> None:
    """数字广东建设2025年工作要点, 一、二、tasks 1-22: Word paragraphs, and a 分工表 sheet with the section and
    sub-section rows merged across and each bracket split into 牵头单位 and 配合单位."""
    txt = "guangdong2025_shuzi_yaodian.txt"
    _paragraphs(txt, "guangdong2025_shuzi_yaodian_paragraphs.docx")
    rows: list[list[str] | str] = []
    for line in _lines_from(txt, "一、加快培育数字化发展引擎"):
        m = _SZGD_ITEM.match(line)
        if not m:
            rows.append(line)
            continue
        lead, partners = _szgd_split(m.group(4))
        rows.append([m.group(1), m.group(2), m.group(3), lead, partners])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务分工"
    _sheet(ws, "数字广东建设2025年工作要点任务分工表", ["序号", "重点任务", "工作内容", "牵头单位", "配合单位"], rows)
    ws.column_dimensions["C"].width = 80
    wb.save(str(HERE / "guangdong2025_shuzi_yaodian.xlsx"))


def _pipe_rows(txt: str) -> list[list[str] | str]:
    """The rows of a ' | ' table as stored (header line dropped), a cell wrapped on the page (`、 `) joined back."""
    rows: list[list[str] | str] = []
    for line in _lines_from(txt, "序号 | 主 要 工 作 任 务 | 责任单位 |")[1:]:
        cells = [c.strip() for c in line.rstrip(" |").split(" | ")]
        rows.append([cells[0], cells[1], cells[2].replace("、 ", "、")])
    return rows


def jiaxing2022() -> None:
    """嘉兴市 2022 重点工作责任分解, 一、未来五年主要工作任务 rows 1-15 as a sheet: the section row the original page
    carries (the mirror's stored text starts at the header) merged across, the * before a lead kept."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重点工作"
    rows: list[list[str] | str] = ["一、未来五年主要工作任务"] + _pipe_rows("jiaxing2022_weilai_wunian.txt")
    _sheet(ws, "2022年政府工作报告重点工作责任分解", ["序号", "主要工作任务", "责任单位"], rows)
    wb.save(str(HERE / "jiaxing2022_weilai_wunian.xlsx"))


def jiaxing2023() -> None:
    """嘉兴市 2023 重点工作责任分解 rows 1-15 as the Word table the annex is."""
    _table("2023年政府工作报告重点工作责任分解", ["序号", "主要工作任务", "责任单位"],
           _pipe_rows("jiaxing2023_zeren_fenjie.txt"), "jiaxing2023_zeren_fenjie_table.docx")


def fresh_2026_12m() -> None:
    lianyungang2023()
    guangdong2025()
    jiaxing2022()
    jiaxing2023()


def main() -> None:
    _paragraphs("lishan2023_fengong.txt", "lishan2023_fengong_paragraphs.docx")
    _paragraphs("sichuan2022_liutong.txt", "sichuan2022_liutong_paragraphs.docx")
    _paragraphs("dongguan2021_jiuye.txt", "dongguan2021_jiuye_paragraphs.docx")
    xianan()
    yuzhong()
    huoshan()
    yuncheng()
    chongchuan()
    fresh_2026_12b()
    fresh_2026_12c()
    fresh_2026_12d()
    fresh_2026_12e()
    fresh_2026_12f()
    fresh_2026_12g()
    fresh_2026_12j()
    fresh_2026_12l()
    fresh_2026_12k()
    fresh_2026_12m()


if __name__ == "__main__":
    main()
