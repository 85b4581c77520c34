"""The shape of the package: modules of a readable size, imports that run one way, and
stages that meet at files (record.json) instead of importing each other."""

from __future__ import annotations

import ast
from pathlib import Path

import planbook

PACKAGE = Path(planbook.__file__).resolve().parent

LAYERS: dict[str, int] = {
    "base": 0,  # knows no plan: files, pool, lock, words, LibreOffice, shipped files, problems
    "core": 1,  # the plan's own terms: model, status words and months, quarters and lights, rules, measures
    "xlsx": 2,  # the workbook layout, defined once, and the writer
    "store": 3,  # what a quarter keeps: its folder, the lock session, the record
    "ledger": 4,  # the 台账 across quarters
    "count": 5,  # the quarter's one count
    "supervision": 6,  # 督办 register, selection, scores
    "plans": 7, "issue": 7, "collection": 7, "report": 7,  # the stages (issue: 下发, planbook export)
    "app": 8,  # the door: a workspace and its quarters
    "tools": 9,  # what runs through the door: the demo, synthetic plans
    "cli": 10,  # the command line over the door
    "__init__": 11, "__main__": 11,
}
"""Layers by folder: a module imports only from its own folder and the folders below it."""
STAGES = {"plans", "issue", "collection", "report"}
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


def test_no_two_modules_share_a_name():
    """A name says which module it is: ``text.py`` twice would mean two things."""
    seen: dict[str, list[str]] = {}
    for name in modules():
        base = name.rsplit(".", 1)[-1]
        if base not in ("__init__", "__main__"):
            seen.setdefault(base, []).append(name)
    assert {base: names for base, names in seen.items() if len(names) > 1} == {}


def test_the_tree_shows_the_layers():
    """``ls planbook/`` reads as the architecture: a folder per layer or stage, no loose modules."""
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == []
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name not in ("__pycache__", "data")}
    assert folders == set(LAYERS) - {"__init__", "__main__"}  # data/: the seed and templates of a wheel


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


CLI_MAY_IMPORT = {"app", "plans", "tools", "cli"}
"""The command line is options, one call of the door and printing: it imports the door
(:mod:`planbook.app`, and the tools reached beside it), ``plans`` to parse and preview a
plan, and its own helpers."""
CLI_COMMAND_LINES = 32


def test_the_command_line_goes_through_the_door():
    wrong = {f"{name} -> {target}" for name, path in modules().items() if top(name) == "cli"
             for target in imports_of(name, path) if top(target) not in CLI_MAY_IMPORT}
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
