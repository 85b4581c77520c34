"""The files planbook ships: the seed plan and article (``seeds/``) and the editable wording
(``templates/``: jinja2 templates and TOML settings a clerk may change without touching code).

One resolver finds them wherever planbook runs: in an installed wheel they lie in
``planbook/data/<folder>/`` (copied there by the build, see ``pyproject.toml``); in a
checkout, editable install included, in the top-level ``seeds/`` and ``templates/``.
One jinja2 environment renders every template.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

SEEDS = "seeds"
TEMPLATES = "templates"

SEED_PLAN_FILE = "dalian-2022-2024-business-environment-plan.txt"
SEED_ARTICLE_FILE = "dalian-2023-progress-article.txt"

_PACKAGE = Path(__file__).resolve().parent.parent  # planbook/ (this module lives in planbook/base/)


@lru_cache(maxsize=4)
def data_dir(folder: str) -> Path:
    """``seeds`` or ``templates``: the folder in the installed package, else the checkout's."""
    packaged = _PACKAGE / "data" / folder
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / folder


def seed_path(name: str = SEED_PLAN_FILE) -> Path:
    return data_dir(SEEDS) / name


def template_path(name: str) -> Path:
    return data_dir(TEMPLATES) / name


def seed_article() -> str:
    """The 2023 progress article that the demo's returns quote."""
    return seed_path(SEED_ARTICLE_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def jinja_environment(*extra_dirs: str) -> "jinja2.Environment":
    """The environment for ``templates/``; ``extra_dirs`` (an office's own templates) are
    searched first. Autoescape is off: the output is plain text, never HTML. Undefined names
    are errors, so a misspelt placeholder does not print as nothing."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([*extra_dirs, str(data_dir(TEMPLATES))]),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(name: str, **context: object) -> str:
    """Render ``templates/<name>`` (compiled once per process: exporting 1,000 workbooks
    renders the instructions 1,000 times)."""
    return jinja_environment().get_template(name).render(**context)


OFFICE_FILE = "office.toml"


@dataclass(frozen=True)
class Office:
    """``templates/office.toml``: who the agencies call, how long they have to correct a
    return, and the time zone times are shown in (records keep UTC)."""

    name: str
    contact: str
    phone: str
    correction_days: int
    timezone: str


class OfficeSettingsError(ValueError):
    """office.toml cannot be used: ``args`` are the Chinese message and the file."""


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document ``text`` (tomllib, or the tomli backport on Python 3.10); a
    ``ValueError`` (``TOMLDecodeError``) names the line when it is not valid TOML."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


def toml_text(raw: bytes) -> str:
    """The text of a TOML file as an office saves it with Notepad: UTF-8 (a BOM or none) or
    GBK. A ``UnicodeDecodeError`` whose ``start`` is where neither reads."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8:
        try:
            return raw.decode("gbk")
        except UnicodeDecodeError:
            raise utf8 from None


def toml_line(raw: bytes, error: UnicodeDecodeError) -> int:
    """The line of ``raw`` where ``error`` is (for the message)."""
    return raw[:error.start].count(b"\n") + 1


def toml_text_of(path: Path, raw: bytes, what: str) -> str:
    """:func:`toml_text`, or a ``SettingsError`` naming ``what`` (报告设置文件…), the file and
    the line an office's editor saved in neither UTF-8 nor GBK."""
    from planbook.base.problems import SettingsError

    try:
        return toml_text(raw)
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{what} {path} 第 {toml_line(raw, exc)} 行的文字编码无法识别：请用记事本打开，"
                            "“另存为”时编码选 UTF-8", file=str(path)) from None


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """A TOML file an office saved (UTF-8 with or without a BOM, or GBK, as Notepad saves it):
    every settings file planbook reads comes through here. A file that is missing, unreadable,
    in neither encoding or not TOML raises ``SettingsError`` naming ``what``, the file and the line."""
    from planbook.base.problems import SettingsError

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SettingsError(f"{what} {path} 不存在", file=str(path)) from None
    except OSError as exc:
        raise SettingsError(f"{what} {path} 无法读取（{exc.strerror or exc}）", file=str(path)) from None
    text = toml_text_of(path, raw, what)
    try:
        return parse_toml(text)
    except ValueError as exc:
        raise SettingsError(f"{what} {path} 格式有误（{exc}）：请对照文件中的说明，按 TOML 格式改正这一行",
                            file=str(path)) from None


def office_settings(path: str | Path | None = None) -> Office:
    """The office's settings (``path``: another office.toml). A wrong file or value raises
    :class:`OfficeSettingsError` (message, file), which a stage turns into its
    ``SettingsError`` (this base module sits below the problem catalogue)."""
    file = Path(path) if path is not None else template_path(OFFICE_FILE)
    try:
        raw = file.read_bytes()
        data = parse_toml(toml_text(raw))
    except OSError as exc:
        raise OfficeSettingsError(f"无法读取办公室设置文件：{exc.strerror or exc}。", str(file)) from None
    except UnicodeDecodeError as exc:
        raise OfficeSettingsError(f"办公室设置文件第 {toml_line(raw, exc)} 行的文字编码无法识别：请用记事本打开，"
                                  "“另存为”时编码选 UTF-8。", str(file)) from None
    except ValueError as exc:
        raise OfficeSettingsError(f"办公室设置文件格式有误（{exc}），请按 TOML 格式改正。", str(file)) from None
    defaults = {"name": "", "contact": "", "phone": "", "correction_days": 5, "timezone": "Asia/Shanghai"}
    unknown = sorted(set(data) - set(defaults))
    if unknown:
        raise OfficeSettingsError(f"办公室设置中没有“{unknown[0]}”这一项，可以设置的是："
                                  + "、".join(defaults) + "。", str(file))
    values = {**defaults, **data}
    for key, default in defaults.items():
        if type(values[key]) is not type(default):
            raise OfficeSettingsError(f"办公室设置“{key}”应为{'整数' if isinstance(default, int) else '文字'}，"
                                      f"现为 {values[key]!r}。", str(file))
    if not 0 <= values["correction_days"] <= 60:
        raise OfficeSettingsError(f"办公室设置“correction_days”（改正期限，工作日）应在 0 到 60 之间，现为 "
                                  f"{values['correction_days']}。", str(file))
    return Office(**values)
