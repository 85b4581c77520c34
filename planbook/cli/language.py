"""click in Chinese: help pages, parameter types and usage errors for office staff.

click's own texts (help headings, usage errors, bad values, Ctrl-C) are put into Chinese by
the classes below, not by a gettext catalogue: they work from the exception's fields (which
option, which file) rather than from click's English wording, so a new click release cannot
silently bring English back. :mod:`planbook.cli` builds its commands on :class:`Commands`.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import re
import stat
import sys
from typing import Any, Iterable, Iterator, NoReturn

import click

from planbook.app import wide_count

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130


# --- click in Chinese: help pages -----------------------------------------------------------

_TOKEN = re.compile(r"\s+|[\u0800-\U0010ffff]|[^\s\u0800-\U0010ffff]+")
_NO_LINE_START = set("，。、；：？！）》」』”’…%)]>.,;:!?/")
_NO_LINE_END = set("（《「『“‘([<")


def _columns(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    return len(text) + wide_count(text)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns: Chinese breaks between any two characters, other
    text at spaces; a closing mark never starts a line and an opening one never ends it (the
    character before moves down with it). click's wrapper counts characters, so Chinese help
    ran twice as wide as the terminal."""
    lines: list[str] = []
    line: list[str] = []
    for token in _TOKEN.findall(text):
        if token.isspace():
            line += [" "] if line else []
            continue
        if "".join(line).strip() and _columns("".join(line) + token) > width:
            keep = len(line)
            if token[0] in _NO_LINE_START:
                while keep and line[keep - 1][0] in _NO_LINE_START:
                    keep -= 1
                keep = max(keep - 1, 0)
            while keep and line[keep - 1][0] in _NO_LINE_END:
                keep -= 1
            if "".join(line[:keep]).strip():
                lines.append("".join(line[:keep]).rstrip())
                line = line[keep:]
                while line and line[0].isspace():
                    line.pop(0)
        line.append(token)
    lines.append("".join(line).rstrip())
    return lines


def _paragraphs(text: str) -> Iterable[tuple[bool, str]]:
    """(verbatim, text) per paragraph; click's ``\\b`` line keeps a paragraph as written.
    Lines of a paragraph are joined without a space between two Chinese characters."""
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.splitlines()
        if lines and lines[0].strip() == "\b":
            yield True, "\n".join(lines[1:])
            continue
        joined = ""
        for part in (ln.strip() for ln in lines):
            wide_join = joined and wide_count(joined[-1]) and wide_count(part[:1])
            joined += part if not joined or wide_join else " " + part
        yield False, joined


class _Formatter(click.HelpFormatter):
    """click's help layout with Chinese headings, measured in terminal columns."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        blocks = []
        for verbatim, body in _paragraphs(text):
            lines = body.splitlines() if verbatim else _wrap(body, self.width - self.current_indent)
            blocks.append("\n".join(indent + line for line in lines))
        self.write("\n\n".join(blocks) + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        if not rows:
            return
        first_col = min(max(_columns(first) for first, _ in rows), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(indent + first)
            if not second:
                self.write("\n")
                continue
            if _columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _columns(first)))
            else:
                self.write("\n" + indent + " " * first_col)
            lines = _wrap(second, max(self.width - self.current_indent - first_col, 10))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(indent + " " * first_col + line + "\n")


class _Context(click.Context):
    formatter_class = _Formatter


# --- click in Chinese: parameter types that say what is wrong -------------------------------

def _path_noun(kind: click.Path) -> str:
    return {(False, True): "文件夹", (True, False): "文件"}.get((kind.file_okay, kind.dir_okay), "文件或文件夹")


def _range_text(kind: click.IntRange) -> str:
    if kind.min is not None and kind.max is not None and not (kind.min_open or kind.max_open):
        return f"{kind.min}–{kind.max}"
    low = f"{'大于' if kind.min_open else '不小于'} {kind.min}" if kind.min is not None else ""
    high = f"{'小于' if kind.max_open else '不大于'} {kind.max}" if kind.max is not None else ""
    return "、".join(x for x in (low, high) if x)


def _why(kind: click.ParamType[Any], value: Any) -> str:
    """What is wrong with ``value``, worked out again from the type's settings (click says it
    in English and keeps no field saying which check failed)."""
    if isinstance(kind, click.Path):
        name = os.fsdecode(value)
        try:
            mode = os.stat(name).st_mode
        except OSError:
            return f"找不到{_path_noun(kind)} {name}，请检查名字和它所在的文件夹。"
        if stat.S_ISDIR(mode) and not kind.dir_okay:
            return f"{name} 是文件夹，这里要的是文件：请写出文件名。"
        if not stat.S_ISDIR(mode) and not kind.file_okay:
            return f"{name} 是文件，这里要的是文件夹。"
        if kind.readable and not os.access(name, os.R_OK):
            return f"没有权限读取 {name}：请检查它的权限，或复制一份到自己的文件夹再用。"
        if kind.writable and not os.access(name, os.W_OK):
            return f"没有权限写入 {name}：请检查它的权限，或换一个文件夹。"
        return f"{_path_noun(kind)} {name} 不能使用。"
    if isinstance(kind, click.Choice):
        return f"{value} 不是可选的值，可选：{'、'.join(map(str, kind.choices))}。"
    number, noun = (int, "整数") if isinstance(kind, click.types.IntParamType) else (float, "数字")
    try:
        number(value)
    except (TypeError, ValueError):
        return f"{value} 不是{noun}，请写一个{noun}。"
    return f"{value} 超出范围，应为 {_range_text(kind)} 的{noun}。"  # type: ignore[arg-type]


class _SaysWhy:
    """A click type whose refusals say, in Chinese, what is wrong with the value."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)  # type: ignore[misc]
        except click.BadParameter:
            self.fail(_why(self, value), param, ctx)  # type: ignore[attr-defined, arg-type]


_CHINESE_TYPES: dict[type, type] = {kind: type(kind.__name__, (_SaysWhy, kind), {}) for kind in (
    click.Path, click.IntRange, click.types.IntParamType, click.FloatRange, click.types.FloatParamType, click.Choice)}


def _chinese_type(kind: click.ParamType[Any]) -> click.ParamType[Any]:
    """The same type (all its settings kept) with Chinese messages; exact classes only, so a
    subclass with checks of its own is never replaced."""
    chinese = _CHINESE_TYPES.get(type(kind))
    if chinese is None:
        return kind
    twin: click.ParamType[Any] = object.__new__(chinese)
    twin.__dict__.update(vars(kind))
    return twin


def _type_noun(kind: click.ParamType[Any]) -> str:
    if isinstance(kind, click.Path):
        return _path_noun(kind)
    if isinstance(kind, click.types.IntParamType):
        return "整数"
    if isinstance(kind, click.types.FloatParamType):
        return "数字"
    if isinstance(kind, click.Choice):
        return "[" + "|".join(map(str, kind.choices)) + "]"
    return "文本"


class Option(click.Option):
    """An option with old spellings kept working for scripts but not shown
    (``--out`` for ``--folder``)."""

    def __init__(self, *args: Any, hidden_opts: Iterable[str] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.hidden_opts = tuple(hidden_opts)


def _names(param: click.Parameter) -> str:
    """``--quarter / -q``; an argument by its name (``方案文件``)."""
    if isinstance(param, click.Argument):
        return (param.metavar or param.name or "").strip("[].")
    hidden = getattr(param, "hidden_opts", ())
    return " / ".join(o for o in [*param.opts, *param.secondary_opts] if o not in hidden)


def _help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """One line of the options list, with 默认/必填/range in Chinese (any click.Option)."""
    if not isinstance(param, click.Option) or param.hidden:
        return None
    hidden = getattr(param, "hidden_opts", ())
    names = click.formatting.join_options([o for o in param.opts if o not in hidden])[0]
    if not param.is_flag and not param.count:
        names += " " + (param.metavar or _type_noun(param.type))
    extra = []
    if param.show_default:
        default = param.show_default if isinstance(param.show_default, str) else param.get_default(ctx, call=False)
        unset = type(default).__module__.startswith("click.")  # click's UNSET sentinel: no default
        if not unset and default is not None and default is not False and default not in ("", ()) \
                and not callable(default):
            extra.append(f"默认：{default}")
    if isinstance(param.type, click.IntRange):
        extra.append(_range_text(param.type))
    if param.required:
        extra.append("必填")
    text = param.help or ""
    if extra:
        text = f"{text}  [{'；'.join(extra)}]" if text else f"[{'；'.join(extra)}]"
    return names, text


# --- click in Chinese: commands and the group -----------------------------------------------

class _Chinese:
    """What every planbook command shares: the Chinese context, help layout and types."""

    context_class: type[click.Context] = _Context

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        for param in self.params:  # type: ignore[attr-defined]
            param.type = _chinese_type(param.type)
            if isinstance(param, click.Argument) and param.metavar is None:
                noun = _type_noun(param.type)
                param.metavar = (noun if param.required else f"[{noun}]") + ("..." if param.nargs != 1 else "")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """The parser's own errors (``-q`` without a value) carry no context: give them this
        command's, so the message ends with its usage line."""
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except click.UsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
                setattr(exc, "cmd", ctx.command)  # noqa: B010 (click >= 8.5 types it Final; set once, here)
            raise

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示本说明并退出。"
        return option  # type: ignore[no-any-return]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for p in self.get_params(ctx) if (row := _help_record(p, ctx))]  # type: ignore[attr-defined]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first sentence of the help, without its 。"""
        if self.short_help:  # type: ignore[attr-defined]
            return inspect.cleandoc(self.short_help)  # type: ignore[attr-defined]
        text = inspect.cleandoc(self.help or "")  # type: ignore[attr-defined]
        return next(iter(_paragraphs(text)), (False, ""))[1].split("。")[0]


class _Command(_Chinese, click.Command):
    pass


_CLICK_ENGLISH = [  # click's usage errors that carry no fields to work from, by their wording
    (r"Option '(.+)' requires an argument\.", "选项 {0} 后面要写一个值。"),
    (r"Option '(.+)' requires (\d+) arguments\.", "选项 {0} 后面要写 {1} 个值。"),
    (r"Option '(.+)' does not take a value\.", "选项 {0} 不带值，请去掉它后面的值。"),
    (r"Got unexpected extra arguments? \((.+)\)", "多余的参数：{0}。这个命令不接受它们；是不是漏写了前面的选项名？"),
    (r"Argument '(.+)' takes (\d+) values\.", "参数 {0} 要写 {1} 个值。"),
    (r"Missing command\.", "缺少命令：请在 planbook 后面写一个命令。"),
]


def _did_you_mean(possibilities: Iterable[str] | None) -> str:
    found = sorted(possibilities or ())
    return f"是不是要写 {' 或 '.join(found)}？" if found else ""


def _has_chinese(text: str) -> bool:
    return wide_count(text) > 0


def _message(exc: click.ClickException) -> str:
    """The Chinese message for one of click's exceptions: which option, file or command, and
    what to do."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.NoSuchOption):
        return f"没有选项 {exc.option_name}。" + _did_you_mean(exc.possibilities)
    if isinstance(exc, click.exceptions.NoSuchCommand):
        group = ctx.command if ctx is not None and isinstance(ctx.command, click.Group) else None
        listed = "、".join(group.list_commands(ctx)) if group is not None and ctx is not None else ""
        return (f"没有命令 {exc.command_name}。" + _did_you_mean(exc.possibilities)
                + (f"可用的命令：{listed}。" if listed else ""))
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        hint = exc.param_hint if isinstance(exc.param_hint, str) else (_names(param) if param else "")
        if isinstance(param, click.Argument):
            return f"缺少参数 {hint}。"
        help_text = ((param.help if isinstance(param, click.Option) else "") or "").rstrip("。")
        return f"缺少选项 {hint}（{help_text}）。" if help_text else f"缺少选项 {hint}。"
    if isinstance(exc, click.BadParameter):
        if exc.param_hint is not None:
            hint = exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint)
        else:
            hint = _names(exc.param) if exc.param is not None else ""
        text = exc.message if _has_chinese(exc.message) else f"值不对（{exc.message}）。"
        return f"{hint}：{text}" if hint else text
    if isinstance(exc, click.FileError):
        return f"无法打开文件 {exc.ui_filename}：{exc.message}"
    message = exc.format_message()
    for pattern, template in _CLICK_ENGLISH:
        match = re.fullmatch(pattern, message)
        if match:
            return template.format(*match.groups())
    return message


def _show(exc: click.ClickException) -> None:
    """The error first, then the command's usage line and where to read more."""
    lines = [f"[错误] {_message(exc)}"]
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(f"运行 {ctx.command_path} --help 查看说明。")
    click.echo("\n".join(lines), err=True)


def _interrupted() -> NoReturn:
    from planbook.app import fail

    click.echo(str(fail("interrupted", "已中断。没有写了一半的文件：已写完的保留，未写完的下次运行时自动清理；"
                        "季度的汇总结果仍是上一次完整的那一套。")), err=True)
    sys.exit(EXIT_INTERRUPTED)


@contextlib.contextmanager
def notices_only() -> Iterator[None]:
    """While a command runs, planbook's own notices (:class:`~planbook.base.problems.PlanbookNotice`)
    print once each as ``[提示] …`` on stderr; every other warning — a library's ``UserWarning:
    Glyph … missing`` say — is dropped: it is not the user's to act on, and planbook checks what
    matters (fonts, files) itself."""
    import warnings

    from planbook.app import PlanbookNotice

    said: set[str] = set()

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        text = str(message)
        if issubclass(category, PlanbookNotice) and text not in said:
            said.add(text)
            click.echo(f"[提示] {text}", err=True)

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show
        yield


class Commands(_Chinese, click.Group):
    """The planbook group: commands listed in the order of a quarter, every command run inside
    one guard (a PlanbookError is the user's to fix), click's messages in Chinese."""

    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str()))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from planbook.app import PlanbookError

        with notices_only():
            try:
                return super().invoke(ctx)
            except PlanbookError as exc:
                click.echo(str(exc), err=True)
                sys.exit(EXIT_USAGE)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """click's standalone mode, with its messages in Chinese and Ctrl-C as exit 130."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.format_message(), err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            _show(exc)
            sys.exit(exc.exit_code)
        except click.Abort:  # Ctrl-C (click turns KeyboardInterrupt into Abort)
            _interrupted()
        sys.exit(code if isinstance(code, int) else EXIT_OK)
