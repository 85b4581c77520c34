"""The public API: a small table of names, each documented, loaded on first use."""

from __future__ import annotations

import ast
import inspect
import pydoc
import subprocess
import sys
from pathlib import Path

import planbook

INIT = Path(planbook.__file__)


def test_the_table_is_the_api():
    assert planbook.__all__ == list(planbook._API)
    assert 12 <= len(planbook.__all__) <= 15
    assert set(planbook.__all__) <= set(dir(planbook))


def test_the_type_checkers_imports_match_the_table():
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING")
    imported = {alias.name: node.module for node in block.body for alias in node.names}
    assert imported == planbook._API


def test_every_public_name_resolves_and_is_documented():
    for name, module in planbook._API.items():
        value = getattr(planbook, name)
        assert value.__module__.startswith(module), name
        assert inspect.getdoc(value), f"{name} has no docstring"


def test_help_shows_the_public_functions_and_nothing_of_str():
    text = pydoc.render_doc(planbook, renderer=pydoc.plaintext)
    for name in ("load_plan", "export", "collect", "write_report", "QuarterFolder"):
        assert name in text
    assert "str(object='')" not in text
    assert len(text.splitlines()) < 1000


def test_import_loads_no_heavy_library():
    probe = ("import sys, planbook; heavy = ('pandas', 'openpyxl', 'xlsxwriter', 'docx', 'matplotlib', "
             "'python_calamine', 'jinja2', 'lxml'); print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _public_callables():
    """Every public function, and every public method and property of the public classes."""
    for name in planbook.__all__:
        value = getattr(planbook, name)
        if inspect.isfunction(value):
            yield name, value
            continue
        for attr, member in vars(value).items():
            if attr.startswith("_") and attr != "__init__":
                continue
            if isinstance(member, (classmethod, staticmethod)):
                member = member.__func__
            elif isinstance(member, property):
                member = member.fget
            if inspect.isfunction(member) and member.__qualname__.startswith(value.__qualname__ + "."):
                yield f"{name}.{attr}", member


def test_every_public_function_and_method_is_typed_and_documented():
    untyped, undocumented = [], []
    for name, function in _public_callables():
        signature = inspect.signature(function)
        if signature.return_annotation is inspect.Signature.empty or any(
                p.annotation is inspect.Parameter.empty for p in signature.parameters.values()
                if p.name not in ("self", "cls")):
            untyped.append(name)
        if not name.endswith("__init__") and not inspect.getdoc(function):
            undocumented.append(name)
    assert not untyped, f"not typed: {untyped}"
    assert not undocumented, f"no docstring: {undocumented}"


def test_help_shows_no_object_addresses_and_names_every_public_name():
    text = pydoc.render_doc(planbook, renderer=pydoc.plaintext)
    assert " at 0x" not in text  # a default such as a lambda would show its address
    for name in planbook.__all__:
        assert name in text, name
