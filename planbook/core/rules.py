"""The office's supervision rules, read once from ``templates/supervision.toml`` and the
workspace's own ``督查规则.toml``: when a light turns 蓝/黄/红, what goes into a 督办单 or a
提醒函, and how agencies are scored.

One rule set drives every colour, count and letter. It is passed explicitly: the door
(:class:`planbook.app.Workspace`) loads the workspace's rules and hands them to every stage;
a function given no ``rules=`` judges by :func:`default_rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from planbook.base.problems import SettingsError

RULES_TEMPLATE = "supervision.toml"
WORKSPACE_RULES = "督查规则.toml"
"""The office's own rules, in the workspace (beside the quarter folders and 台账/)."""

LIGHT_WORDS = {"green": "绿灯", "blue": "蓝灯", "yellow": "黄灯", "red": "红灯"}


@dataclass(frozen=True)
class LightRules:
    blue_days: int = 31
    grace_days: int = 0
    honour_extensions: bool = True
    not_started_next_quarter: bool = True
    schedule: bool = True
    schedule_lag: float = 0.3
    red_after_duban: bool = True


@dataclass(frozen=True)
class DubanRules:
    form: str = "table"
    include: tuple[str, ...] = ("红灯", "黄灯")
    issuer: str = ""
    signature: str = ""
    number: str = "督〔{year}〕{n}号"
    title: str = "督办通知单"
    letter_title: str = ""
    source: str = "《{plan}》"
    requirements: str = ""
    answer_days: int = 15
    feedback: str = ""
    urgency_red: str = "特急"
    urgency_yellow: str = "加急"

    @property
    def lights(self) -> set[str]:
        """The lights (``red``, ``yellow``...) that put a milestone into a 督办单."""
        back = {w: k for k, w in LIGHT_WORDS.items()}
        return {back[w] for w in self.include}


@dataclass(frozen=True)
class ReminderRules:
    days: int = 30
    number: str = "督提〔{year}〕{n}号"
    title: str = "提醒函"
    requirements: str = ""


@dataclass(frozen=True)
class ScoreRules:
    ranking: bool = False  # the older switch: the 通报's ranking is ``[options] ranking`` of report.toml
    start: float = 100
    on_time: float = 2
    late: float = -5
    missing: float = -10
    unchanged: float = -3
    sent_back: float = -2
    review_sent_back: float = -3  # per milestone line 退回 by the office's review (not a refused file)
    cap: float = 120
    floor: float = 0
    praise_top: int = 0
    criticise: bool = False
    criticise_below: float = 60


@dataclass(frozen=True)
class ReviewRules:
    """``[review]``: whether 已完成 is closed (销号) only after the office's 认可, and whether
    the workbooks ask for 延期申请."""

    required: bool = False
    extension_requests: bool = False


@dataclass(frozen=True)
class Rules:
    lights: LightRules = LightRules()
    duban: DubanRules = DubanRules()
    reminders: ReminderRules = ReminderRules()
    scores: ScoreRules = ScoreRules()
    review: ReviewRules = ReviewRules()
    source: str = ""  # the files read, for messages


_TABLES: dict[str, type] = {"lights": LightRules, "duban": DubanRules, "reminders": ReminderRules,
                            "scores": ScoreRules, "review": ReviewRules}
_TYPE_WORDS = {int: "整数", float: "数", bool: "true 或 false", str: "文字", tuple: "文字列表"}


def _read(path: Path) -> dict[str, Any]:
    """A rules file as an office saves it (UTF-8 with or without a BOM, or GBK)."""
    from planbook.base.resources import read_toml

    return read_toml(path, "督查规则文件")


def _value(file: str, where: str, value: Any, default: Any) -> Any:
    kind = type(default)
    wrong = SettingsError(f"{file}：设置项 {where} 应为{_TYPE_WORDS.get(kind, kind.__name__)}，现为“{value}”", file=file)
    if kind is bool:
        if not isinstance(value, bool):
            raise wrong
        return value
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
            raise wrong
        return kind(value)
    if kind is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise wrong
        return tuple(value)
    if not isinstance(value, str):
        raise wrong
    return value


def _merge(tables: dict[str, dict[str, Any]], data: Mapping[str, Any], file: str) -> None:
    for name, table in data.items():
        if name not in _TABLES:
            raise SettingsError(f"{file}：未知的设置表 [{name}]；允许：" + "、".join(f"[{t}]" for t in _TABLES), file=file)
        if not isinstance(table, dict):
            raise SettingsError(f"{file}：{name} 应为一个表（[{name}]）", file=file)
        defaults = {f.name: f.default for f in fields(_TABLES[name])}
        for key, value in table.items():
            if key not in defaults:
                raise SettingsError(f"{file}：未知的设置项 {name}.{key}；[{name}] 中允许：" + "、".join(defaults),
                                    file=file)
            tables[name][key] = _value(file, f"{name}.{key}", value, defaults[key])


def _check(rules: Rules, file: str) -> None:
    def bad(key: str, value: object, allowed: str) -> SettingsError:
        return SettingsError(f"{file}：设置项 {key} 的值“{value}”不可用，应为{allowed}", file=file)

    lr, dr, rr, sr = rules.lights, rules.duban, rules.reminders, rules.scores
    for key, value in (("lights.blue_days", lr.blue_days), ("lights.grace_days", lr.grace_days),
                       ("duban.answer_days", dr.answer_days), ("reminders.days", rr.days),
                       ("scores.praise_top", sr.praise_top)):
        if not 0 <= value <= 3660:
            raise bad(key, value, "0 到 3660 之间的整数")
    if not 0 <= lr.schedule_lag <= 1:
        raise bad("lights.schedule_lag", lr.schedule_lag, "0 到 1 之间的比例，如 0.3")
    if dr.form not in ("table", "letter"):
        raise bad("duban.form", dr.form, "\"table\"（督办通知单）或 \"letter\"（督办函）")
    allowed = {"红灯", "黄灯", "蓝灯"}
    if not dr.include or not set(dr.include) <= allowed:
        raise bad("duban.include", "、".join(dr.include) or "（空）", "红灯、黄灯、蓝灯中的一个或几个")
    for key, text in (("duban.number", dr.number), ("reminders.number", rr.number)):
        if "{n}" not in text:
            raise bad(key, text, "含 {n}（顺序号）的编号，如 大营商督〔{year}〕{n}号")
    if sr.cap < sr.floor:
        raise bad("scores.cap", sr.cap, f"不小于下限 scores.floor（{sr.floor}）的分数")


def load_rules(workspace: str | Path | None = None, *, path: str | Path | None = None) -> Rules:
    """``templates/supervision.toml``, overridden by ``<workspace>/督查规则.toml`` when there is
    one and by ``path`` when given. Unknown keys, wrong types and impossible values raise a
    :class:`SettingsError` naming the file and the key."""
    from planbook.base.resources import template_path

    default = template_path(RULES_TEMPLATE)
    tables: dict[str, dict[str, Any]] = {name: {} for name in _TABLES}
    read = [default]
    _merge(tables, _read(default), str(default))
    extras = [Path(workspace) / WORKSPACE_RULES] if workspace is not None else []
    extras = [p for p in extras if p.is_file()] + ([Path(path)] if path is not None else [])
    for extra in extras:
        _merge(tables, _read(extra), str(extra))
        read.append(extra)
    rules = Rules(**{name: _TABLES[name](**tables[name]) for name in _TABLES},
                  source="、".join(str(p) for p in read))
    _check(rules, str(read[-1]))
    return rules


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The rules of ``templates/supervision.toml`` alone."""
    return load_rules()
