"""Helpers for the collect tests: real agency workbooks from ``export``, filled and broken on
copies — by editing the sheet XML inside the zip (what an editor would save) or, for row and
sheet surgery, with openpyxl on a copy (it drops validation extensions; values survive)."""

from __future__ import annotations

import os
import random
import re
import shutil
import zipfile
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Callable, Mapping
from xml.sax.saxutils import escape


from planbook.xlsx.layout import (ACTUAL, CONTACT_FIELDS, INSTRUCTIONS_SHEET, LAYOUT_VERSION, TARGET_COLUMNS, TARGETS_SHEET,
                             actual_key, contact_cell)
from planbook.core.statuses import BEHIND, DONE, ON_TRACK, STATUSES
from planbook.xlsx.layout import STATUS, cell_name, task_slots, workbook_layout

QUARTER = "2023Q2"

Values = dict[tuple[str, str], str]
"""(milestone id, field key) -> text, as export's ``values=`` takes them."""


# -- values ------------------------------------------------------------------------------------
_PIECES = [
    "已完成平台建设", "正常推进中", "完成率达到100%", "2023年6月", "007", "NA", "N/A", "TRUE", "1e5", "+86 411",
    "-", "@市营商局", "=1+1", "=HYPERLINK(\"http://x\",\"点击\")", "《关于优化营商环境的通知》（大政发〔2023〕5号）",
    "ｆｕｌｌ－ｗｉｄｔｈ", "“引号”", "a<b>&c", "😀", "第一项；第二项", "line\nbreak", "http://example.gov.cn/a?b=1",
    "0.1", "3.14159", "  内部  空格  ", "\t缩进", "、，。；：",
]


def random_text(rng: random.Random, long: bool = False) -> str:
    n = rng.randint(1, 40 if long else 5)
    text = "".join(rng.choice(_PIECES) for _ in range(n))
    if long and rng.random() < 0.3:
        text += "长" * rng.randint(1000, 5000)
    return text.strip()


def random_values(plan, agency: str, rng: random.Random, *, fill_all: bool = True) -> Values:
    """A valid answer for every input cell of the agency's workbook: 已完成 always has 进展 and
    a 完成时间 (in 2023Q2 or before), 进度滞后 a 预计完成时间; month cells hold months."""
    values: Values = {}
    for cell in workbook_layout(plan, agency).input_cells():
        key = (cell.milestone.id, cell.field.key)
        if cell.field.key == "status":
            values[key] = rng.choice(STATUSES + (("",) if not fill_all else ()))
        elif cell.field.key in ("done_month", "expected_month"):
            values[key] = ""
        else:
            values[key] = random_text(rng, long=cell.field.key == "progress") if fill_all or rng.random() < 0.7 else ""
    for (mid, key), text in list(values.items()):
        if key == "status" and text == DONE:
            if not values.get((mid, "progress")):
                values[(mid, "progress")] = "按期完成"
            values[(mid, "done_month")] = rng.choice(["2023年6月", "2023-05", "2022年12月", "2023.4"])
        if key == "status" and text == BEHIND:
            values[(mid, "expected_month")] = rng.choice(["2023年12月", "2024-03"])
        if key == "progress" and text.startswith("【上季度】"):
            values[(mid, key)] = "本季度" + text
    values[("", "reporter")] = rng.choice(["张三", "李四（综合处）"])
    values[("", "phone")] = rng.choice(["0411-83630000", "13800000000"])
    return {k: v for k, v in values.items() if v or k[1] not in ("done_month", "expected_month")}


def cells_for(plan, agency: str, values: Mapping[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """(sheet, cell name) -> text for the values, at the positions the layout gives (the
    contact fields ``("", "reporter")`` on the instructions sheet)."""
    out = {}
    for cell in workbook_layout(plan, agency).input_cells():
        text = values.get((cell.milestone.id, cell.field.key), "")
        if text:
            out[(cell.sheet, cell.name)] = text
    targets = workbook_layout(plan, agency).targets
    for r in targets.rows if targets is not None else ():  # 完成值 ("1-3", "actual3") on the 量化目标 sheet
        text = values.get((r.milestone.id, actual_key(r.n)), "")
        if text:
            out[(TARGETS_SHEET, cell_name(r.row, TARGET_COLUMNS.index(ACTUAL)))] = text
    for field in CONTACT_FIELDS:
        text = values.get(("", field.key), "")
        if text:
            out[(INSTRUCTIONS_SHEET, cell_name(*contact_cell(field)))] = text
    return out


# -- zip surgery ---------------------------------------------------------------------------------
def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def write_zip(path: Path, parts: Mapping[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def zip_edit(src: Path, dst: Path, edits: Mapping[str, Callable[[bytes], bytes] | bytes | None]) -> Path:
    """Copy ``src`` to ``dst`` with parts replaced (bytes), rewritten (callable) or removed (None)."""
    parts = zip_parts(src)
    for name, edit in edits.items():
        if edit is None:
            parts.pop(name, None)
        elif callable(edit):
            parts[name] = edit(parts[name])
        else:
            parts[name] = edit
    return write_zip(dst, parts)


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> part path, from workbook.xml and its rels (written by XlsxWriter)."""
    parts = zip_parts(path)
    wb = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
    out = {}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"', wb):
        target = targets[rid].lstrip("/")
        out[name] = target if target.startswith("xl/") else "xl/" + target
    return out


def _xml_text(text: str) -> str:
    text = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", text)
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m[0]):04X}_", text)
    return escape(text)


def set_cells_xml(xml: bytes, cells: Mapping[str, str | None], *, formulas: Mapping[str, str] = {}) -> bytes:
    """Put inline strings (or formulas) into existing cells of a sheet written by XlsxWriter."""
    s = xml.decode("utf-8")
    for ref, text in list(cells.items()) + [(r, None) for r in formulas]:
        pattern = re.compile(rf'<c r="{ref}"( s="\d+")?(?: t="\w+")?(?:/>|>.*?</c>)', re.S)

        def cell(m: re.Match, ref=ref, text=text) -> str:
            style = m[1] or ""
            if ref in formulas:
                return f'<c r="{ref}"{style} t="str"><f>{escape(formulas[ref])}</f><v>2</v></c>'
            if not text:
                return f'<c r="{ref}"{style}/>'
            return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{_xml_text(text)}</t></is></c>'

        s, n = pattern.subn(cell, s, count=1)
        assert n == 1, f"cell {ref} not found"
    return s.encode("utf-8")


def fill_xml(src: Path, dst: Path, cells: Mapping[tuple[str, str], str], *,
             formulas: Mapping[tuple[str, str], str] = {}) -> Path:
    """A filled copy of an exported workbook, edited at the XML level (keeps everything else)."""
    where = sheet_parts(src)
    by_sheet: dict[str, dict[str, str]] = {}
    for (sheet, ref), text in cells.items():
        by_sheet.setdefault(sheet, {})[ref] = text
    f_by_sheet: dict[str, dict[str, str]] = {}
    for (sheet, ref), text in formulas.items():
        f_by_sheet.setdefault(sheet, {})[ref] = text
    edits = {where[s]: (lambda b, c=by_sheet.get(s, {}), f=f_by_sheet.get(s, {}): set_cells_xml(b, c, formulas=f))
             for s in set(by_sheet) | set(f_by_sheet)}
    return zip_edit(src, dst, edits)


def fill_openpyxl(src: Path, dst: Path, cells: Mapping[tuple[str, str], object], *,
                  edit: Callable | None = None) -> Path:
    """A filled copy through openpyxl (load + save of a copy: test fixtures only)."""
    import openpyxl

    work = dst.with_name(dst.stem + ".copy.xlsx")
    shutil.copyfile(src, work)
    wb = openpyxl.load_workbook(work)
    for (sheet, ref), value in cells.items():
        _set_text(wb[sheet][ref], value)
    if edit:
        edit(wb)
    wb.save(dst)
    work.unlink()
    return dst


def _set_text(cell, value) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text


def set_core_times(path: Path, modified: str | None, created: str | None = "keep") -> Path:
    """Rewrite dcterms:modified (and created) of a workbook in place; None removes the element."""
    def edit(xml: bytes) -> bytes:
        s = xml.decode()
        for tag, value in (("modified", modified), ("created", created)):
            if value == "keep":
                continue
            pattern = rf"<dcterms:{tag}[^>]*>[^<]*</dcterms:{tag}>"
            new = "" if value is None else f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{value}</dcterms:{tag}>'
            s = re.sub(pattern, new, s)
        return s.encode()

    tmp = path.with_name(".tmp_" + path.name)
    zip_edit(path, tmp, {"docProps/core.xml": edit})
    os.replace(tmp, path)
    return path


# -- the corpus of broken and hostile returns ------------------------------------------------------

@dataclass
class Case:
    """One broken return: the file, and the problem it must give."""

    name: str  # file name in the corpus folder
    kind: str  # the Problem.kind expected
    agency: str = ""  # whose return it is ("" when it cannot be told)
    accepted: bool = False  # read despite the problem
    sheet: str = ""
    cell: str = ""
    task_id: str = ""
    milestone_id: str = ""
    severity: str = "error"
    lost: set[str] = dc_field(default_factory=set)  # milestones whose answer the defect changes


def _ole(*streams: str) -> bytes:
    """An OLE compound file header with directory entries named ``streams`` (enough to sniff)."""
    head = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    head += bytes(512 - len(head))
    entries = b"".join(s.encode("utf-16-le").ljust(64, b"\0") + bytes(64) for s in ("Root Entry", *streams))
    return head + entries + bytes(4096)


def _identity_edit(old: str, new: str) -> dict:
    def edit(xml: bytes) -> bytes:
        assert old.encode() in xml
        return xml.replace(old.encode(), new.encode())

    return {"xl/workbook.xml": edit, "docProps/custom.xml": edit}


_BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    '<si><t>&lol9;</t></si></sst>'
).encode()


def _xxe(xml: bytes) -> bytes:
    s = xml.decode()
    s = s.replace('<workbook ', '<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><workbook ', 1)
    return s.replace('name="填报说明"', 'name="&xxe;"').encode()


def build_corpus(plan, blank: Mapping[str, Path], folder: Path, *, master: Path, other_quarter: Mapping[str, Path],
                 seed: int = 2023) -> tuple[list[Case], dict[str, Values]]:
    """Write into ``folder`` one valid return for each agency not used by a case, and every
    broken or hostile case. Returns the cases and the values each agency's return was filled with."""
    import datetime

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    values = {a: random_values(plan, a, rng) for a in plan.agency_names}
    cases: list[Case] = []

    def layout(agency):
        return workbook_layout(plan, agency)

    def filled(agency: str, name: str, *, change: Mapping[tuple[str, str], object] = {}, formulas={}, edit=None,
               openpyxl: bool = False) -> Path:
        cells: dict = dict(cells_for(plan, agency, values[agency]))
        cells.update(change)
        if openpyxl or edit:
            return fill_openpyxl(blank[agency], folder / name, cells, edit=edit)
        return fill_xml(blank[agency], folder / name, cells, formulas=formulas)

    def first(agency: str, key: str, sheet_index: int = 0, task_index: int = 0):
        sheet = layout(agency).sheets[sheet_index]
        return next(c for c in sheet.input_cells() if c.field.key == key and c.task is sheet.tasks[task_index])

    def case(name, kind, agency="", *args, **kw) -> Case:
        c = Case(name, kind, agency, *args, **kw)
        cases.append(c)
        return c

    source = blank["市营商局"]

    # -- files that are not a sane xlsx: refused, each with its own message ---------------------------
    (folder / "01_文本改名.xlsx").write_bytes("单位,状态\n市营商局,已完成\n".encode("utf-8"))
    case("01_文本改名.xlsx", "not_xlsx")
    (folder / "02_PDF改名.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    case("02_PDF改名.xlsx", "not_xlsx")
    parts = zip_parts(source)
    parts["xl/worksheets/sheet2.xml"] = parts["xl/worksheets/sheet2.xml"] + b" " * (20 * 1024 * 1024)
    write_zip(folder / "03_压缩炸弹.xlsx", parts)
    case("03_压缩炸弹.xlsx", "zip_bomb")
    write_zip(folder / "04_部件过多.xlsx", {**zip_parts(source), **{f"xl/media/p{i}.xml": b"<a/>" for i in range(2100)}})
    case("04_部件过多.xlsx", "zip_bomb")
    zip_edit(source, folder / "05_十亿笑声.xlsx", {"xl/sharedStrings.xml": _BILLION_LAUGHS})
    case("05_十亿笑声.xlsx", "xml_entities")
    zip_edit(source, folder / "06_外部实体.xlsx", {"xl/workbook.xml": _xxe})
    case("06_外部实体.xlsx", "xml_entities")
    (folder / "07_加密.xlsx").write_bytes(_ole("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))
    case("07_加密.xlsx", "encrypted")
    (folder / "08_旧版.xls").write_bytes(_ole("Workbook", "\x05SummaryInformation"))
    case("08_旧版.xls", "old_xls")
    (folder / "09_空文件.xlsx").write_bytes(b"")
    case("09_空文件.xlsx", "file_empty")
    data = source.read_bytes()
    (folder / "10_下载中断.xlsx").write_bytes(data[: len(data) // 2])
    case("10_下载中断.xlsx", "file_truncated")
    zip_edit(source, folder / "11_启用宏.xlsm", {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    case("11_启用宏.xlsm", "macro_enabled")
    zip_edit(blank["市法院"], folder / "12_其他方案.xlsx", _identity_edit(f"plan={plan.fingerprint}", "plan=0123456789abcdef"))
    case("12_其他方案.xlsx", "wrong_plan", "市法院")
    shutil.copyfile(other_quarter["市财政局"], folder / "13_上季度.xlsx")
    case("13_上季度.xlsx", "wrong_quarter", "市财政局")
    zip_edit(blank["市检察院"], folder / "14_其他版式.xlsx", _identity_edit(f"planbook={LAYOUT_VERSION};", "planbook=9;"))
    case("14_其他版式.xlsx", "wrong_layout", "市检察院")

    def strip_identity(xml: bytes) -> bytes:
        return re.sub(rb'<definedName name="PLANBOOK_ID">[^<]*</definedName>', b"", xml)

    def strip_property(xml: bytes) -> bytes:
        return re.sub(rb'<property [^>]*name="planbook">.*?</property>', b"", xml)

    zip_edit(blank["市大数据中心"], folder / "15_无识别信息.xlsx",
             {"xl/workbook.xml": strip_identity, "docProps/custom.xml": strip_property})
    case("15_无识别信息.xlsx", "no_identity")
    shutil.copyfile(master, folder / "16_总表.xlsx")
    case("16_总表.xlsx", "master_workbook")
    zip_edit(source, folder / "17_ODS.xlsx", {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office/>",
        "_rels/.rels": None, "xl/workbook.xml": None})
    case("17_ODS.xlsx", "not_xlsx")

    # -- returns that are read, with located problems --------------------------------------------------
    a = "市自然资源局"
    c = first(a, "status")
    filled(a, "20_状态乱填.xlsx", change={(c.sheet, c.name): "基本完成"})
    case("20_状态乱填.xlsx", "status_invalid", a, True, c.sheet, c.name, c.task.id, c.milestone.id, lost={c.milestone.id})

    a = "市交通运输局"
    c = first(a, "status")
    values[a][(c.milestone.id, "status")] = DONE
    values[a][(c.milestone.id, "progress")] = ""
    p = first(a, "progress")
    filled(a, "21_已完成无进展.xlsx", change={(c.sheet, c.name): DONE, (p.sheet, p.name): ""})
    case("21_已完成无进展.xlsx", "done_without_progress", a, True, p.sheet, p.name, c.task.id, c.milestone.id)

    a = "市法院"
    sheet = layout(a).sheets[0]
    gone = sheet.tasks[1]
    filled(a, "22_删除行.xlsx", edit=lambda wb: wb[sheet.name].delete_rows(sheet.task_row(1) + 1))
    case("22_删除行.xlsx", "row_deleted", a, True, sheet.name, f"A{sheet.task_row(1) + 1}", gone.id,
         lost={m.id for m in gone.milestones})

    a = "市司法局"
    sheet = layout(a).sheets[0]

    def insert(wb):
        ws = wb[sheet.name]
        ws.insert_rows(sheet.task_row(1) + 1)
        ws.cell(sheet.task_row(1) + 1, 2).value = "补充：另有一项工作"
        ws.cell(sheet.task_row(1) + 1, 6).value = "自行加的说明"

    filled(a, "23_插入行.xlsx", edit=insert)
    case("23_插入行.xlsx", "row_inserted", a, True, sheet.name, f"A{sheet.task_row(1) + 1}")

    a = "市工业和信息化局"
    sheet = layout(a).sheets[0]

    def swap(wb):
        ws = wb[sheet.name]
        r1, r2 = sheet.task_row(0) + 1, sheet.task_row(2) + 1
        for col in range(1, sheet.width + 1):
            v1, v2 = ws.cell(r1, col).value, ws.cell(r2, col).value
            _set_text(ws.cell(r1, col), v2)
            _set_text(ws.cell(r2, col), v1)

    filled(a, "24_移动行.xlsx", edit=swap)
    case("24_移动行.xlsx", "row_moved", a, True, sheet.name, severity="warning")  # task 1 or 3: either moved

    a = "市财政局"
    sheet = layout(a).sheets[0]
    dup_row = sheet.task_row(len(sheet.tasks))

    def duplicate(wb):
        ws = wb[sheet.name]
        for col in range(1, sheet.width + 1):
            _set_text(ws.cell(dup_row + 1, col), ws.cell(sheet.task_row(0) + 1, col).value)

    filled(a, "25_重复行.xlsx", edit=duplicate)
    case("25_重复行.xlsx", "row_duplicated", a, True, sheet.name, f"A{dup_row + 1}", sheet.tasks[0].id)

    a = "市住房城乡建设局"
    sheet = layout(a).sheets[0]
    filled(a, "26_改名工作表.xlsx", edit=lambda wb: setattr(wb[sheet.name], "title", "政务（已填）"))
    case("26_改名工作表.xlsx", "sheet_renamed", a, True, "政务（已填）", severity="warning")

    a = "市税务局"
    sheet = layout(a).sheets[1]
    filled(a, "27_删除工作表.xlsx", edit=lambda wb: wb.remove(wb[sheet.name]))
    case("27_删除工作表.xlsx", "sheet_missing", a, True, sheet.name,
         lost={m.id for t in sheet.tasks for m in t.milestones})

    a = "市公安局"
    filled(a, "28_添加工作表.xlsx", edit=lambda wb: wb.create_sheet("我的备注").cell(1, 1, "备注"))
    case("28_添加工作表.xlsx", "sheet_added", a, True, "我的备注", severity="warning")

    a = "大连银保监局"
    sheet = layout(a).sheets[0]
    slot, col0, m = next((s, c, m) for s, c, m in sheet.milestone_cells(0) if m is not None)
    label = cell_name(sheet.task_row(0), col0)
    filled(a, "29_篡改节点.xlsx", change={(sheet.name, label): "【%s】已全部完成（改写）" % m.id}, openpyxl=True)
    case("29_篡改节点.xlsx", "readonly_edited", a, True, sheet.name, label, sheet.tasks[0].id, m.id)

    a = "市金融发展局"
    c = first(a, "status")
    filled(a, "30_状态公式.xlsx", formulas={(c.sheet, c.name): "1+1"})
    case("30_状态公式.xlsx", "formula", a, True, c.sheet, c.name, c.task.id, c.milestone.id, lost={c.milestone.id})

    a = "市文化和旅游局"
    c = first(a, "progress")
    filled(a, "31_超链接公式.xlsx", formulas={(c.sheet, c.name): 'HYPERLINK("http://evil.example","详情")'})
    case("31_超链接公式.xlsx", "formula", a, True, c.sheet, c.name, c.task.id, c.milestone.id, lost={c.milestone.id})

    a = "市科技局"
    c = first(a, "progress")
    filled(a, "32_超长文字.xlsx", change={(c.sheet, c.name): "长" * 40000})
    case("32_超长文字.xlsx", "text_too_long", a, True, c.sheet, c.name, c.task.id, c.milestone.id, lost={c.milestone.id})

    a = "市民政局"
    c = first(a, "evidence")
    filled(a, "33_控制字符.xlsx", change={(c.sheet, c.name): "文号\x07\x1b附件"})
    case("33_控制字符.xlsx", "control_chars", a, True, c.sheet, c.name, c.task.id, c.milestone.id, lost={c.milestone.id})

    a = "市发展改革委"
    c = first(a, "progress")
    e = first(a, "evidence")
    filled(a, "34_日期数字.xlsx", change={(c.sheet, c.name): datetime.date(2023, 6, 30), (e.sheet, e.name): 2023.6},
           openpyxl=True)
    case("34_日期数字.xlsx", "value_converted", a, True, c.sheet, c.name, c.task.id, c.milestone.id,
         severity="warning", lost={c.milestone.id})
    case("34_日期数字.xlsx", "value_converted", a, True, e.sheet, e.name, e.task.id, e.milestone.id,
         severity="warning", lost={e.milestone.id})

    a = "市人力资源社会保障局"
    c = first(a, "status")
    values[a][(c.milestone.id, "status")] = ON_TRACK
    filled(a, "35_全角空格.xlsx", change={(c.sheet, c.name): "\u3000正常推进\u3000 "})
    case("35_全角空格.xlsx", "status_normalized", a, True, c.sheet, c.name, c.task.id, c.milestone.id,
         severity="warning")

    a = "市委组织部"
    own = layout(a).sheets[0]
    foreign = next(t for t in own.section.tasks if a not in t.leads and t.milestones)
    fslot, fmilestone = next(iter(task_slots(foreign).items()))
    status_col = own.slot_col(own.slot_index[fslot], STATUS)
    row = own.task_row(len(own.tasks))

    def not_lead(wb):
        ws = wb[own.name]
        ws.cell(row + 1, 1).value = foreign.id
        ws.cell(row + 1, 2).value = foreign.title
        ws.cell(row + 1, status_col + 1).value = DONE

    filled(a, "36_非牵头单位.xlsx", edit=not_lead)
    case("36_非牵头单位.xlsx", "not_lead", a, True, own.name, cell_name(row, status_col), foreign.id, fmilestone.id)

    a = "市水务局"
    filled(a, "37_空白回执.xlsx", change={k: "" for k in cells_for(plan, a, values[a])})
    values[a] = {}
    case("37_空白回执.xlsx", "nothing_reported", a, True, severity="warning")

    a = "市卫生健康委"
    filled(a, "38_表头上方插行.xlsx", edit=lambda wb: wb[layout(a).sheets[0].name].insert_rows(1, 2))
    case("38_表头上方插行.xlsx", "rows_shifted", a, True, layout(a).sheets[0].name, severity="warning")

    a = "市城市管理局"
    sheet = layout(a).sheets[0]
    filled(a, "39_插入列.xlsx", edit=lambda wb: wb[sheet.name].insert_cols(5))
    case("39_插入列.xlsx", "columns_moved", a, True, sheet.name, severity="warning")  # read by header, in full

    a = "市市场监管局"
    sheet = layout(a).sheets[0]
    filled(a, "42_删除表头.xlsx", edit=lambda wb: wb[sheet.name].delete_rows(2, 2))
    case("42_删除表头.xlsx", "columns_changed", a, True, sheet.name, severity="warning")  # read where export put it

    a = "市体育局"
    def other_agency(xml: bytes) -> bytes:
        return re.sub(rb'(<property [^>]*name="planbook"><vt:lpwstr>[^<]*agency=)[^<]*', "\\1市总工会".encode(), xml)

    path = filled(a, "40_识别信息不一致.xlsx")
    zip_edit(path, path.with_name("tmp.xlsx"), {"docProps/custom.xml": other_agency})
    os.replace(path.with_name("tmp.xlsx"), path)
    case("40_识别信息不一致.xlsx", "identity_conflict", a, True, severity="warning")

    a = "市应急局"
    sheet = layout(a).sheets[0]
    extra = cell_name(sheet.task_row(0), sheet.width + 1)
    filled(a, "41_表格外填写.xlsx", change={(sheet.name, extra): "写在表外的说明"}, openpyxl=True)
    case("41_表格外填写.xlsx", "outside_table", a, True, sheet.name, extra, sheet.tasks[0].id, severity="warning")

    # -- the valid returns of every other agency ------------------------------------------------------
    used = {c.agency for c in cases if c.accepted}
    for agency in plan.agency_names:
        if agency not in used:
            filled(agency, f"ok_{agency}.xlsx")
    return cases, values

