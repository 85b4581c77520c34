"""The office file: who the workspace's documents are from, in one commented TOML file
(``本单位.toml``, beside the quarter folders).

It is the one source of every document's identity: the 问题清单 (督查室, 联系人, 电话), the
督办单 and 提醒函 (发文机关, 署名, 编号), the 督查通报 and 督查专报 (发文机关, 发文字号, 主送,
抄送, 印发). Precedence, lowest first: the templates' examples; this file; an office's older
``督查规则.toml`` that still sets ``[duban] issuer``/``signature``/``number`` or
``[reminders] number`` (it keeps working, with a notice to move them here); for one report,
``planbook report --config``.

TOML an office saved with Notepad (UTF-8 with a BOM, or GBK) is read; anything else is
refused with the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from planbook.base.problems import SettingsError
from planbook.base.resources import read_toml, toml_text_of

OFFICE_FILE = "本单位.toml"

EXAMPLE_CONTACT = ("张三", "0411-00000000")
"""The template's example 联系人 and 电话: a document carrying them is not sent out."""
SEED_OFFICE_WORDS = ("大连", "大营商")
"""Words of the seed plan's office (Dalian): in another plan's workspace they are another office's data."""

TEMPLATE = """\
# 本单位信息：planbook 写的每一份文件（问题清单、督办单、提醒函、督查通报、督查专报）
# 都从这里取发文机关、联系人和发文字号。下面是示例（大连市），请改成本单位的，改完保存即生效。
# 用记事本编辑时，“另存为”选 UTF-8 编码。

[office]
# 机关全称：督办单、提醒函、督查通报的发文机关和署名
name = "大连市营商环境建设局"
# 方案中对本机关的简称（牵头单位一栏的写法）
short_name = "市营商局"
# 督查室：问题清单的落款、督办单的署名
unit = "大连市营商环境建设局督查室"
# 联系人和电话：写在问题清单、督办单和提醒函上（下面是示例，请改为实际的）
contact = "张三"
phone = "0411-00000000"
# 审核人：审核表读入时记入台账（留空则记联系人）
reviewer = ""

[numbers]
# 发文字号：{year} 年份；通报、专报用 {number}（发文序号），督办单、提醒函用 {n}（顺序号）
report = "大营商发〔{year}〕{number}号"
brief = "第{number}期"
duban = "大营商督〔{year}〕{n}号"
reminder = "大营商督提〔{year}〕{n}号"

[send]
# 主送机关（以全角冒号结尾）
to = "各有关单位："
# 抄送机关（留空则不排抄送行）
cc = ["市委办公室", "市人大常委会办公室", "市政府办公室", "市政协办公室"]
# 印发机关
printer = "大连市营商环境建设局办公室"
"""


@dataclass(frozen=True)
class OfficeIdentity:
    """The office's identity, as the office file states it."""

    name: str = "大连市营商环境建设局"
    short_name: str = "市营商局"
    unit: str = "大连市营商环境建设局督查室"
    contact: str = EXAMPLE_CONTACT[0]
    phone: str = EXAMPLE_CONTACT[1]
    reviewer: str = ""  # 审核人 of the 审核表 ("": the contact)
    report_number: str = "大营商发〔{year}〕{number}号"
    brief_number: str = "第{number}期"
    duban_number: str = "大营商督〔{year}〕{n}号"
    reminder_number: str = "大营商督提〔{year}〕{n}号"
    to: str = "各有关单位："
    cc: tuple[str, ...] = ("市委办公室", "市人大常委会办公室", "市政府办公室", "市政协办公室")
    printer: str = "大连市营商环境建设局办公室"
    file: str = ""  # where it was read ("" : the template's example)
    notices: tuple[str, ...] = field(default=(), compare=False)

    def example_data(self, seed_plan: bool) -> list[str]:
        """What in it is the template's example or, for another plan, Dalian's (empty: none)."""
        found = [f"{label}“{value}”" for label, value in (("联系人", self.contact), ("电话", self.phone))
                 if value in EXAMPLE_CONTACT]
        if not seed_plan:
            found += [f"{label}“{value}”" for label, value in (
                ("机关全称", self.name), ("督查室", self.unit), ("印发机关", self.printer),
                ("通报的发文字号", self.report_number), ("督办单编号", self.duban_number))
                if any(w in value for w in SEED_OFFICE_WORDS)]
        return found

    def report_config(self) -> dict[str, Any]:
        """The identity keys of ``templates/report.toml`` ([document], [imprint], [bulletin], [brief])."""
        return {"document": {"issuer": self.name, "signature": self.name, "doc_number": self.report_number,
                             "addressees": self.to},
                "imprint": {"cc": list(self.cc), "printer": self.printer},
                "bulletin": {"editor": f"{self.printer}编"},
                "brief": {"issue": self.brief_number}}


_KEYS: dict[str, dict[str, str]] = {
    "office": {"name": "name", "short_name": "short_name", "unit": "unit", "contact": "contact", "phone": "phone",
               "reviewer": "reviewer"},
    "numbers": {"report": "report_number", "brief": "brief_number", "duban": "duban_number",
                "reminder": "reminder_number"},
    "send": {"to": "to", "cc": "cc", "printer": "printer"},
}


def load_office(root: Path) -> OfficeIdentity:
    """The workspace's office (its ``本单位.toml``, else the template's example), with an older
    ``督查规则.toml``'s issuer keys over it."""
    from planbook.core.rules import WORKSPACE_RULES

    path = root / OFFICE_FILE
    identity = OfficeIdentity()
    if path.is_file():
        values: dict[str, Any] = {"file": str(path)}
        for table, data in read_toml(path, "本单位信息文件").items():
            keys = _KEYS.get(table)
            if keys is None or not isinstance(data, dict):
                raise SettingsError(f"本单位信息文件 {path}：未知的设置表 [{table}]；允许："
                                    + "、".join(f"[{t}]" for t in _KEYS), file=str(path))
            for key, value in data.items():
                if key not in keys:
                    raise SettingsError(f"本单位信息文件 {path}：[{table}] 中没有 {key} 这一项；允许："
                                        + "、".join(keys), file=str(path))
                values[keys[key]] = _typed(path, f"{table}.{key}", value, getattr(identity, keys[key]))
        identity = replace(identity, **values)
    return _with_older_rules(identity, root / WORKSPACE_RULES)


def _typed(path: Path, key: str, value: Any, default: Any) -> Any:
    if isinstance(default, tuple):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise SettingsError(f"本单位信息文件 {path}：{key} 应为文字列表，如 [\"市委办公室\"]，现为“{value}”", file=str(path))
    if not isinstance(value, str):
        raise SettingsError(f"本单位信息文件 {path}：{key} 应为文字（加英文双引号），现为“{value}”", file=str(path))
    return value


def _with_older_rules(identity: OfficeIdentity, rules_file: Path) -> OfficeIdentity:
    if not rules_file.is_file():
        return identity
    data = read_toml(rules_file, "督查规则文件")
    duban = data.get("duban", {}) if isinstance(data.get("duban"), dict) else {}
    reminders = data.get("reminders", {}) if isinstance(data.get("reminders"), dict) else {}
    given = {"name": duban.get("issuer"), "unit": duban.get("signature"), "duban_number": duban.get("number"),
             "reminder_number": reminders.get("number")}
    found: dict[str, str] = {k: v for k, v in given.items() if isinstance(v, str) and v}
    if not found:
        return identity
    notice = (f"提示：{rules_file} 中的发文机关、署名或编号仍然有效（优先于 {OFFICE_FILE}）；"
              f"请把它们移到工作目录的 {OFFICE_FILE}，并从 {rules_file.name} 中删去。")
    return replace(identity, notices=identity.notices + (notice,), **found)  # type: ignore[arg-type]


def write_template(root: Path, overrides: Mapping[str, str] | None = None) -> Path:
    """Write the commented office file into ``root`` with ``overrides`` (``{"contact": …}``)
    set; an existing file keeps everything but the keys overridden (a backup is kept beside)."""
    from planbook.base.files import atomic_write_bytes

    path = root / OFFICE_FILE
    if path.exists() and not overrides:
        return path
    if path.exists():
        old = path.read_bytes()
        atomic_write_bytes(path.with_name(path.name + ".bak"), old)
        text = toml_text_of(path, old, "本单位信息文件")
    else:
        text = TEMPLATE
    for key, value in (overrides or {}).items():
        text = _set_line(text, key, value)
    atomic_write_bytes(path, text.encode("utf-8"))
    return path


def _set_line(text: str, key: str, value: str) -> str:
    """``key = "…"`` in the template set to ``value`` (its comment kept)."""
    import json

    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.split("=")[0].strip() == key:
            lines[i] = f"{key} = {json.dumps(value, ensure_ascii=False)}"
            break
    else:
        raise SettingsError(f"本单位信息文件中没有 {key} 这一项", file=OFFICE_FILE)
    return "\n".join(lines) + "\n"

