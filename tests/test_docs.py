"""The README tells the truth: its quick start is two commands and its command reference is the
CLI's own (its library lines run in ``tests/test_door.py``, printed output included)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import click

from planbook.cli import main as cli

CHECKOUT = Path(__file__).resolve().parent.parent
README = (CHECKOUT / "README.md").read_text(encoding="utf-8")


def _generator():
    spec = importlib.util.spec_from_file_location("cli_reference", CHECKOUT / "docs" / "cli_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def section(title: str) -> str:
    """The README's text under ``## title``, up to the next ``## `` heading."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_the_quick_start_is_exactly_two_commands():
    lines = [ln for ln in blocks(section("Quick start"), "bash")[0].splitlines() if ln.strip()]
    assert len(lines) == 2
    assert lines[0].endswith("pip install . && planbook demo")
    assert lines[1].endswith('pip install ".[test]" && pytest')


def test_the_command_reference_is_the_clis_own():
    generator = _generator()
    assert generator.current(README) == generator.reference(cli), \
        "README.md's command reference is stale: run `python docs/cli_reference.py`"


def test_every_command_and_visible_long_option_is_in_the_readme():
    ctx = click.Context(cli, info_name="planbook")
    missing = []
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        if f"planbook {name}" not in README:
            missing.append(name)
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                missing += [f"{name} {o}" for o in param.opts if o.startswith("--") and o != "--help"
                            and o not in README]
    assert missing == []
