"""The hand-written alternative: what an office programmer writes with pandas and python-docx.

The benchmark (``run.py``) times planbook against these three functions on the same data.
They do the same job in the plain way and nothing more: no layout, no protection, no
dropdowns, no identity, no check of who sent a file or whether a read-only cell changed.

* :func:`export`: one frame of milestones, ``groupby`` agency, ``DataFrame.to_excel`` per
  agency (openpyxl engine), and the whole frame as the master.
* :func:`collect`: ``pandas.read_excel(sheet_name=None, engine="openpyxl")`` on every
  returned workbook (the planbook workbooks the agencies filled), the four-column groups
  stacked, ``concat``, and the status checked against the list.
* :func:`report`: a python-docx document with one table row per entry (``add_table`` +
  ``add_row``).
* :func:`letters`: the 督办单 and 提醒函 of the same content as planbook's, one python-docx
  document each (heading, addressee, paragraphs, a table of the milestones, signature),
  built and saved the usual way. Added 2026-12 for issue 25; the three above stay as they are.
"""

from __future__ import annotations

from pathlib import Path

STATUSES = ("已完成", "正常推进", "进度滞后", "未启动")
"""The status list, as the office programmer copied it from the instructions."""

EXPORT_COLUMNS = {
    "section": "领域", "task_id": "序号", "milestone_id": "节点编号", "agency": "牵头单位",
    "deadline": "完成时限", "text": "节点目标",
}
INPUT_COLUMNS = ("完成状态", "进展情况", "佐证/备注")
FIXED_COLUMNS = 3  # 序号, 任务名称, 牵头单位 (the seed and the synthetic plans have no 配合单位)
GROUP = 8  # 节点目标, 完成状态, 完成时间, 预计完成时间, 进展情况, 存在问题, 下步措施, 佐证/备注
HEADER_ROW = 2  # the third row holds 节点目标 / 完成状态 / …


def export(plan, quarter: str, out_dir: str | Path) -> list[Path]:
    """One workbook per lead agency with its milestones and three empty columns to fill in,
    and the master with every milestone."""
    import pandas as pd  # noqa: F401  (what the script starts with)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frame = plan.milestones_frame().rename(columns=EXPORT_COLUMNS)
    frame["完成时限"] = frame["完成时限"].dt.strftime("%Y年%m月")
    frame = frame.drop(columns=["ongoing"])
    for column in INPUT_COLUMNS:
        frame[column] = ""
    written = []
    master = out / f"{quarter}_总表.xlsx"
    frame.to_excel(master, index=False, engine="openpyxl", sheet_name="总表")
    written.append(master)
    for agency, group in frame.groupby("牵头单位", sort=False):
        path = out / f"{quarter}_{agency}.xlsx"
        group.to_excel(path, index=False, engine="openpyxl", sheet_name="填报")
        written.append(path)
    return written


def collect(paths, plan=None, quarter: str = ""):
    """Every returned workbook read with pandas, the column groups stacked into one frame of
    entries (agency, task, milestone, status, progress, evidence), and the statuses checked.

    Returns ``(entries, problems)``: two DataFrames."""
    import pandas as pd

    frames = []
    for path in sorted(Path(p) for p in paths):
        agency = path.stem.split("_", 1)[1]
        sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl", header=HEADER_ROW)
        for sheet, df in sheets.items():
            if sheet == "填报说明":
                continue
            for start in range(FIXED_COLUMNS, df.shape[1] - GROUP + 1, GROUP):
                part = df.iloc[:, [0, start, start + 1, start + 4, start + 7]].copy()
                part.columns = ["task_id", "milestone", "status", "progress", "evidence"]
                part = part[part["milestone"].notna()]
                part["agency"] = agency
                part["sheet"] = sheet
                part["file"] = path.name
                frames.append(part)
    entries = pd.concat(frames, ignore_index=True)
    entries["milestone_id"] = entries["milestone"].str.extract(r"^【([0-9]+-[0-9]+)】", expand=False)
    entries["task_id"] = entries["task_id"].astype(str)
    for column in ("status", "progress", "evidence"):
        entries[column] = entries[column].fillna("").astype(str).str.strip()
    bad = entries[(entries["status"] != "") & ~entries["status"].isin(STATUSES)]
    problems = bad[["file", "sheet", "task_id", "milestone_id", "status"]].copy()
    problems["problem"] = "完成状态不在列表中"
    return entries, problems


def report(entries, out_path: str | Path, quarter: str = "", plan=None) -> Path:
    """A Word document with a heading and one table: a row per entry."""
    import docx

    document = docx.Document()
    document.add_heading(f"{quarter} 重点任务进展情况", level=1)
    document.add_paragraph(f"共收到 {entries['agency'].nunique()} 个单位的 {len(entries)} 条填报。")
    headers = ["牵头单位", "序号", "节点", "完成状态", "进展情况", "佐证/备注"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
    for row in entries.itertuples(index=False):
        cells = table.add_row().cells
        cells[0].text = row.agency
        cells[1].text = row.task_id
        cells[2].text = str(row.milestone)
        cells[3].text = row.status
        cells[4].text = row.progress
        cells[5].text = row.evidence
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


def letters(content, out_dir: str | Path) -> list[Path]:
    """One Word document per letter. ``content``: a list of dicts with ``file``, ``title``,
    ``number``, ``agency``, ``paragraphs`` (the letter's text) and ``rows`` (the milestones:
    序号, 任务, 节点目标, 完成时限, 当前状态, 等级), as planbook wrote them."""
    import docx

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for letter in content:
        document = docx.Document()
        document.add_heading(letter["title"], level=1)
        document.add_paragraph(letter["number"])
        document.add_paragraph(f"{letter['agency']}：")
        for text in letter["paragraphs"]:
            document.add_paragraph(text)
        headers = ["序号", "任务", "节点目标", "完成时限", "当前状态", "等级"]
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers):
            cell.text = text
        for row in letter["rows"]:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = str(text)
        document.add_paragraph(letter["signature"])
        path = out / letter["file"]
        document.save(str(path))
        written.append(path)
    return written
