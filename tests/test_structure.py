"""The shape of the package: modules of a readable size, imports that run one way, and
stages that meet at files (record.json) instead of importing each other."""

from __future__ import annotations

import ast
from pathlib import Path

import planbook

PACKAGE = Path(planbook.__file__).resolve().parent

LAYERS: dict[str, int] = {
    # the base: words, the model, problems, and small utilities
    "words": 0, "problems": 0, "pool": 0, "resources": 0, "soffice": 0, "model": 1, "files": 1, "lock": 2, "targets": 2,
    # what every stage shares (the layout holds the targets' rows, so it sits above them)
    "layout": 3, "rules": 2, "quarter": 4, "printing": 4, "folder": 5, "record": 6, "xlsx": 6, "answers": 6,
    "workspace": 6, "journal": 7, "ledger": 7, "standing": 7, "revision": 6, "supervision": 8,
    # the stages
    "plans": 9, "workbooks": 9, "collection": 9, "report": 9,
    # what drives the stages
    "synth": 10,
    # the door (a workspace and its quarters), what runs through it, and the command line over it
    "app": 11, "demo": 12, "tools": 13, "cli_language": 13, "cli_progress": 13, "cli": 14, "__init__": 15, "__main__": 15,
}
STAGES = {"plans", "workbooks", "collection", "report"}
MAX_LINES = 650


def modules() -> dict[str, Path]:
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): p for p in sorted(PACKAGE.rglob("*.py"))}


def top(name: str) -> str:
    return name.split(".")[0]


def imports_of(name: str, path: Path) -> set[str]:
    """planbook modules imported by ``name`` (at any depth: lazy imports count too)."""
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("planbook."):
                target = node.module[len("planbook."):]
            else:
                continue
            out.add(target if target else "__init__")
        elif isinstance(node, ast.Import):
            out |= {a.name[len("planbook."):] for a in node.names if a.name.startswith("planbook.")}
    return {t for t in out if t}


def test_every_module_has_a_layer():
    assert {top(m) for m in modules()} <= set(LAYERS)


def test_no_module_is_too_long_to_read():
    long = {m: n for m, p in modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_imports_run_one_way_and_stages_never_import_each_other():
    wrong = []
    for name, path in modules().items():
        here = top(name)
        for target in imports_of(name, path):
            there = top(target)
            if there == here:
                continue
            if there in STAGES and here in STAGES:
                wrong.append(f"{name} -> {target} (stages meet at record.json, not in code)")
            elif LAYERS[there] >= LAYERS[here] and here != "__init__":
                wrong.append(f"{name} -> {target}")
    assert not wrong


def test_no_import_circle_inside_a_package():
    graph = {name: {t for t in imports_of(name, path) if t in modules() and t != name}
             for name, path in modules().items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if top(nxt) != top(node) or nxt.endswith("__init__") or nxt == top(node):
                continue
            if state.get(nxt) == 1:
                raise AssertionError(" -> ".join(trail + [node, nxt]))
            if not state.get(nxt):
                visit(nxt, trail + [node])
        state[node] = 2

    for name in graph:
        if not state.get(name):
            visit(name, [])


CLI_MAY_IMPORT = {"app", "plans", "tools", "cli_language", "cli_progress"}
"""The command line is options, one call of the door and printing: it imports the door
(:mod:`planbook.app`, and the tools reached beside it), ``plans`` to parse and preview a
plan, and its own helpers."""
CLI_COMMAND_LINES = 32


def test_the_command_line_goes_through_the_door():
    wrong = {f"cli -> {target}" for target in imports_of("cli", modules()["cli"]) if top(target) not in CLI_MAY_IMPORT}
    assert not wrong


def test_every_command_is_short():
    """Each command function, its docstring aside, fits on a screen: the work is in the door."""
    import click

    from planbook.cli import main

    long = {}
    for name, command in main.commands.items():
        function = command.callback
        assert function is not None and isinstance(command, click.Command)
        node = ast.parse(Path(function.__code__.co_filename).read_text(encoding="utf-8"))
        definition = next(n for n in ast.walk(node) if isinstance(n, ast.FunctionDef) and n.name == function.__name__)
        body = definition.body[1:] if isinstance(definition.body[0], ast.Expr) else definition.body
        lines = definition.end_lineno - body[0].lineno + 1
        if lines > CLI_COMMAND_LINES:
            long[name] = lines
    assert not long
