"""The mapping file (``--mapping FILE.toml``): what a guess got wrong, stated by the office.

It can say which column is what, which numbering is the task level, the lead rule, the year
of dates written without one, which sheets to read, and the title. ``--write-mapping``
writes the guesses of a parse as such a file, commented, ready to edit::

    title = "某市营商环境优化提升行动方案"
    year = 2024
    lead_rule = "first"        # first：排第一位的单位牵头；all：所列单位都牵头
    task_level = "（一）"       # 任务的编号：一、 （一） 1. （1） ① 段落
    sheets = ["任务分解表"]

    [columns]                  # 表头 = 角色
    "责任单位" = "lead"
    "备注" = "ignore"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planbook.base.problems import PlanError, Problem
from planbook.base.resources import parse_toml

if TYPE_CHECKING:  # pragma: no cover
    from planbook.plans.result import ParseResult

ROLES = ("number", "section", "subsection", "title", "text", "deadline", "period", "lead", "partner", "responsible",
         "listed", "person", "ignore")
ROLE_ALIASES = {
    "序号": "number", "领域": "section", "子领域": "subsection", "任务名称": "title", "任务": "title",
    "任务内容": "text", "内容": "text", "完成时限": "deadline", "季度节点": "period", "牵头单位": "lead", "配合单位": "partner",
    "责任单位": "responsible", "负责单位": "listed", "领导": "person", "不读": "ignore", "忽略": "ignore",
}
LEVEL_ALIASES = {
    "一、": "一、", "一": "一、", "cn": "一、", "（一）": "（一）", "(一)": "（一）", "1.": "1.", "1": "1.",
    "1、": "1.", "（1）": "（1）", "(1)": "（1）", "①": "①", "段落": "段落", "paragraph": "段落",
    "第一部分": "第一部分", "第一章": "第一部分",
}
RULE_ALIASES = {"first": "first", "第一位": "first", "排第一位": "first", "all": "all", "全部": "all", "都牵头": "all"}


@dataclass
class Mapping:
    """What the office states about its plan; empty fields leave the guess alone."""

    title: str = ""
    year: int | None = None
    lead_rule: str = ""
    task_level: str = ""
    sheets: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    file: str = ""


def _bad(path: Path, message: str) -> PlanError:
    return PlanError([Problem("mapping_invalid", message, file=path.name)])


def read_mapping(path: str | Path) -> Mapping:
    """The mapping in a TOML file; a located PlanError for anything it cannot use."""
    path = Path(path)
    try:
        data = parse_toml(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise _bad(path, f"无法读取映射文件：{exc.strerror}") from None
    except (UnicodeDecodeError, ValueError) as exc:  # TOMLDecodeError is a ValueError
        raise _bad(path, f"映射文件不是有效的 TOML（UTF-8）：{exc}") from None
    known = {"title", "year", "lead_rule", "task_level", "sheets", "columns"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise _bad(path, f"映射文件中有不认识的项：{'、'.join(unknown)}（可用：{'、'.join(sorted(known))}）")
    mapping = Mapping(file=path.name)
    mapping.title = str(data.get("title", "")).strip()
    year = data.get("year")
    if year not in (None, ""):
        if not isinstance(year, int) or not 1900 < year < 2200:
            raise _bad(path, f"year 应是四位年份，如 2024（写的是 {year!r}）")
        mapping.year = year
    rule = str(data.get("lead_rule", "")).strip()
    if rule:
        if rule.lower() not in RULE_ALIASES and rule not in RULE_ALIASES:
            raise _bad(path, f"lead_rule 应是 first（排第一位的单位牵头）或 all（所列单位都牵头），写的是“{rule}”")
        mapping.lead_rule = RULE_ALIASES.get(rule.lower(), RULE_ALIASES.get(rule, ""))
    level = str(data.get("task_level", "")).strip()
    if level:
        key = level.lower() if level.isascii() else level
        if key not in LEVEL_ALIASES:
            raise _bad(path, f"task_level 应是 一、 （一） 1. （1） ① 或 段落 之一，写的是“{level}”")
        mapping.task_level = LEVEL_ALIASES[key]
    sheets = data.get("sheets", [])
    if isinstance(sheets, str):
        sheets = [sheets]
    if not isinstance(sheets, list) or not all(isinstance(s, (str, int)) for s in sheets):
        raise _bad(path, "sheets 应是工作表名称的列表，如 [\"任务分解表\"]")
    mapping.sheets = [str(s) for s in sheets]
    columns = data.get("columns", {})
    if not isinstance(columns, dict):
        raise _bad(path, "[columns] 应是“表头 = 角色”的表")
    for header, role in columns.items():
        role = str(role).strip()
        role = ROLE_ALIASES.get(role, role.lower())
        if role not in ROLES:
            raise _bad(path, f"列“{header}”的角色“{role}”不认识（可用：{'、'.join(ROLES)}）")
        mapping.columns[_header_key(str(header))] = role
    return mapping


def _header_key(header: str) -> str:
    return "".join(header.split())


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mapping_toml(result: "ParseResult") -> str:
    """The guesses of ``result`` as a mapping file to edit: every guess stated, commented."""
    from planbook.plans.guesses import ROLE_LABELS

    g = result.guesses
    out = [
        "# planbook 方案映射文件：写明 planbook 猜错的地方，然后用",
        "#     planbook parse 方案文件 --mapping 本文件",
        "# 下面是这次读取时的推定，改对后保存（UTF-8）。不需要的项可以删掉或在行首加 # 。",
        "",
        f"title = {_quote(g.title)}    # 方案标题（推定自{g.title_source or '无'}）",
        (f"year = {g.year}    # 没写年份的日期（如“9月底前”）按此年（推定自{g.year_source}）" if g.year
         else "# year = 2024    # 没写年份的日期（如“9月底前”）按此年"),
        ("" if g.lead_rule_stated else "# ") + f"lead_rule = {_quote(g.lead_rule or 'first')}    "
        "# first：所列单位中排第一位的牵头；all：所列单位都牵头" + (f"（{g.lead_rule_how}）" if g.lead_rule_stated else
        "（方案没有写明：“负责”前所列单位取第一位牵头，只写“责任单位”的都牵头；写明后两者都按此规则）"),
    ]
    task_level = next((k for k, what in g.levels if what == "任务"), "")
    if task_level:
        out.append(f"task_level = {_quote(task_level)}    # 任务的编号：一、 （一） 1. （1） ① 段落（推定：{g.task_level_how}）")
    else:
        out.append("# task_level = \"1.\"    # 任务的编号：一、 （一） 1. （1） ① 段落")
    if g.sheets:
        out.append("sheets = [" + ", ".join(_quote(s) for s in g.sheets) + "]    # 要读的工作表")
    if g.columns:
        out += ["", "[columns]    # 表头 = 角色：" + "、".join(f"{r}（{ROLE_LABELS[r]}）" for r in ROLES)]
        seen = set()
        for table in g.columns:
            for _, header, role in table.columns:
                key = _header_key(header)
                if not key or key in seen:
                    continue
                seen.add(key)
                out.append(f"{_quote(key)} = {_quote(role or 'ignore')}")
    return "\n".join(out) + "\n"
