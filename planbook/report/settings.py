"""The report's settings: ``templates/report.toml`` merged with an office's override, as one
typed, frozen :class:`Settings`; and the helpers that read settings text (placeholders,
dates).

An office changes the wording in ``templates/report.toml``, or in a TOML file holding only
the keys it changes (``planbook report --config``). The override may name only keys that
``report.toml`` has, with values of the same type; every mistake, in either file or in a
placeholder, raises :class:`~planbook.base.problems.SettingsError` naming the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from planbook.base.problems import SettingsError
from planbook.core.quarter import Quarter
from planbook.core.statuses import cn_date

SETTINGS_FILE = "report.toml"
MAPPING_SOURCE = "报告设置"  # how messages name an override given as a mapping


@dataclass(frozen=True)
class DocumentSettings:
    """``[document]``: the issuing form, the 版头, the title, the addressees, the 署名 and
    the 成文日期."""

    form: str  # FILE_FORM or BULLETIN_FORM
    issuer: str
    issuer_suffix: str
    issuer_size: float  # 0: as large as fits
    doc_number: str
    number: str
    title: str  # | breaks the line
    addressees: str
    signature: str
    date: str  # "" : the day the report is written


FILE_FORM = "文件式"
BULLETIN_FORM = "期刊式"
FORMS = (FILE_FORM, BULLETIN_FORM)


@dataclass(frozen=True)
class BulletinSettings:
    """``[bulletin]``: the 版头 of the numbered bulletin (期刊式): its name, issue and 编印单位."""

    name: str
    name_size: float  # 0: as large as fits
    issue: str
    editor: str


@dataclass(frozen=True)
class BriefSettings:
    """``[brief]``: the one-page 督查专报 for the city's leaders (``planbook report --brief``)."""

    name: str
    name_size: float  # 0: as large as fits
    number: str
    issue: str
    title: str  # | breaks the line
    max_risks: int
    max_agencies: int
    advice: str


@dataclass(frozen=True)
class ImprintSettings:
    """``[imprint]``: the 版记."""

    cc: tuple[str, ...]
    printer: str
    date: str  # "": the 成文日期


@dataclass(frozen=True)
class HeadingSettings:
    """``[headings]``: the first-level headings of the body."""

    overall: str
    sections: str
    problems: str
    next_steps: str


@dataclass(frozen=True)
class AttachmentSettings:
    """``[attachments]``: the attachments' titles and the charts' captions."""

    stats: str
    overdue: str
    upcoming: str
    chart_sections: str
    chart_agencies: str
    targets: str


@dataclass(frozen=True)
class BodySettings:
    """``[body]``: the body template and how much of the agencies' text it quotes."""

    template: str
    template_dir: str  # relative to the override file (or to templates/)
    quote_chars: int
    max_quotes_per_section: int
    table_progress_chars: int
    table_milestone_chars: int
    chart_max_agencies: int


@dataclass(frozen=True)
class OptionSettings:
    """``[options]``: what the 通报 carries beyond its two attachments (附件1 the progress by
    agency, 附件2 the milestones it names), and who is ranked."""

    targets: bool  # the targets table (always in the 汇总表 and the 台账)
    upcoming: bool  # the list of milestones due next quarter
    charts: bool  # the charts of the body and of 附件1
    ranking: bool  # the 单位得分排名表 (``[scores] ranking = true`` in the rules still turns it on)
    own_units: tuple[str, ...]  # the issuing body's own units in the plan: counted, marked, never urged or ranked
    unranked: tuple[str, ...]  # name patterns of units left out of the ranking


def is_own(settings: "Settings", agency: str) -> bool:
    """Whether ``agency`` is one of the issuing body's own units (``[options] own_units``)."""
    return agency in settings.options.own_units


def is_ranked(settings: "Settings", agency: str) -> bool:
    """Whether ``agency`` is ranked: not the issuer's own, and matching no ``unranked`` pattern."""
    return not is_own(settings, agency) and not any(p and p in agency for p in settings.options.unranked)


@dataclass(frozen=True)
class Settings:
    """Everything ``report.toml`` says, after the override."""

    document: DocumentSettings
    bulletin: BulletinSettings
    brief: BriefSettings
    imprint: ImprintSettings
    headings: HeadingSettings
    attachments: AttachmentSettings
    body: BodySettings
    options: OptionSettings
    template_dirs: tuple[str, ...] = ()
    """Folders searched for templates before ``templates/``: the resolved ``template_dir``."""


_TABLES: dict[str, type] = {
    "document": DocumentSettings,
    "bulletin": BulletinSettings,
    "brief": BriefSettings,
    "imprint": ImprintSettings,
    "headings": HeadingSettings,
    "attachments": AttachmentSettings,
    "body": BodySettings,
    "options": OptionSettings,
}
_TYPE_NAMES = {str: "文字", int: "整数", float: "数字", list: "列表", bool: "true 或 false"}


def load_settings(config: str | Path | Mapping[str, Any] | Settings | None = None) -> Settings:
    """``templates/report.toml`` merged with the override: a TOML file (only the keys it
    changes) or, for scripts and tests, a mapping of the same shape. Unknown keys and
    wrong types raise :class:`SettingsError` naming the file and the key."""
    from planbook.base.resources import template_path

    if isinstance(config, Settings):
        return config
    default_path = template_path(SETTINGS_FILE)
    defaults = _read_toml(default_path)
    base_dir = default_path.parent
    if config is None:
        return _build(defaults, base_dir, str(default_path))
    if isinstance(config, Mapping):
        return _build(_merge(defaults, config, MAPPING_SOURCE), base_dir, str(default_path))
    path = Path(config)
    merged = _merge(defaults, _read_toml(path), str(path), file=str(path))
    return _build(merged, path.resolve().parent, str(default_path))


def _read_toml(path: Path) -> dict[str, Any]:
    from planbook.base.resources import read_toml

    return read_toml(path, "报告设置文件")


def _merge(base: dict[str, Any], override: Mapping[str, Any], where: str, path: str = "", *,
           file: str = "") -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        name = f"{path}.{key}" if path else key
        if key not in base:
            allowed = "、".join(base) or "（无）"
            raise SettingsError(f"{where}：未知的设置项 {name}；此处允许的设置项：{allowed}", file=file)
        if isinstance(base[key], dict):
            if not isinstance(value, Mapping):
                raise SettingsError(f"{where}：设置项 {name} 应为一个表（[{name}]）", file=file)
            out[key] = _merge(base[key], value, where, name, file=file)
        else:
            expected = type(base[key])
            ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
            if not ok or (expected is int and isinstance(value, bool)):
                raise SettingsError(f"{where}：设置项 {name} 应为{_TYPE_NAMES.get(expected, expected.__name__)}，"
                                    f"实际是 {value!r}", file=file)
            out[key] = value
    return out


def _build(merged: dict[str, Any], override_dir: Path, default_file: str) -> Settings:
    """The typed settings; ``report.toml`` itself must have exactly the keys they declare."""
    tables: dict[str, Any] = {}
    for table, cls in _TABLES.items():
        values = merged.get(table)
        if not isinstance(values, dict):
            raise SettingsError(f"{default_file}：缺少设置表 [{table}]", file=default_file)
        names = [f.name for f in fields(cls)]
        unknown = [k for k in values if k not in names]
        if unknown:
            raise SettingsError(f"{default_file}：未知的设置项 {table}.{unknown[0]}；此处允许的设置项："
                                + "、".join(names), file=default_file)
        missing = [n for n in names if n not in values]
        if missing:
            raise SettingsError(f"{default_file}：缺少设置项 " + "、".join(f"{table}.{n}" for n in missing),
                                file=default_file)
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        tables[table] = cls(**values)
    unknown = [k for k in merged if k not in _TABLES]
    if unknown:
        raise SettingsError(f"{default_file}：未知的设置项 {unknown[0]}；此处允许的设置项："
                            + "、".join(_TABLES), file=default_file)
    form = tables["document"].form
    if form not in FORMS:
        raise SettingsError("设置项 document.form 应为" + " 或 ".join(f"“{f}”" for f in FORMS)
                            + f"，实际是“{form}”")
    extra = tables["body"].template_dir
    dirs = (str((override_dir / extra).resolve()),) if extra else ()
    return Settings(**tables, template_dirs=dirs)


# -- reading settings text ---------------------------------------------------------------------
class _Placeholders(dict[str, object]):
    def __init__(self, values: Mapping[str, object], where: str):
        super().__init__(values)
        self.where = where

    def __missing__(self, key: str) -> str:  # noqa: D105
        raise SettingsError(f"{self.where}：未知的占位符 {{{key}}}；可用：" + "、".join("{%s}" % k for k in self))


def fill(text: str, values: Mapping[str, object], where: str) -> str:
    """``text`` with its ``{placeholders}`` filled; ``where`` (``[document] title``) names
    the setting in the message when a placeholder is unknown or a brace is wrong."""
    try:
        return text.format_map(_Placeholders(values, where))
    except (IndexError, ValueError, AttributeError, TypeError) as exc:
        raise SettingsError(f"{where}：花括号用法有误（{exc}）：{text}") from None


def placeholder_values(settings: Settings, quarter: Quarter, day: date) -> dict[str, object]:
    """What ``{year}``, ``{number}``, ``{quarter}``, ``{quarter_label}``,
    ``{next_quarter_label}`` and ``{quarter_end_text}`` stand for; ``day`` is the 成文日期."""
    return {"year": day.year, "number": str(settings.document.number).strip() or "\u3000\u3000",
            "quarter": str(quarter), "quarter_label": quarter.label,
            "next_quarter_label": quarter.next.label, "quarter_end_text": cn_date(quarter.end)}


def parse_day(text: str, where: str) -> date | None:
    """A date setting (``2023-07-10``, ``2023年7月10日``...); ``None`` when left empty."""
    text = text.strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?", text)
    if not m:
        raise SettingsError(f"{where}：日期“{text}”格式不对，应写作 2023-07-10")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise SettingsError(f"{where}：日期“{text}”不存在") from None
