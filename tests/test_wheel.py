"""What ships is what is tested: the wheel built from this checkout carries every module of
``planbook/`` and every data file the code opens, and an installed copy runs away from the
checkout. (0.1.0's hand-written package list forgot ``planbook.supervision``: every test passed
against the checkout while ``pip install . && planbook demo`` ended in a traceback.)"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA_FOLDERS = {"seeds": "planbook/data/seeds", "templates": "planbook/data/templates"}
_FILE_NAME = re.compile(r"^[\w\-\u4e00-\u9fff]+\.(j2|toml|txt|html|css|js|docx|xlsx|json)$")
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".git", ".venv", "build", "dist", "*.egg-info", "output",
                               ".mypy_cache", ".pytest_cache", ".hypothesis")


def build_wheel(source: Path, out: Path) -> Path:
    """The wheel pip builds from ``source`` (a copy: a build writes into its source tree)."""
    src = out / "src"
    shutil.copytree(source, src, ignore=_SKIP)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q",
                    "-w", str(out)], check=True, capture_output=True, timeout=600)
    return next(out.glob("planbook-*.whl"))


def missing_from(wheel: Path, checkout: Path) -> list[str]:
    """Every file of ``checkout`` that planbook needs at run time and ``wheel`` lacks: the
    modules of ``planbook/``, the files of ``seeds/`` and ``templates/``, and every data file
    whose name the code spells."""
    names = set(zipfile.ZipFile(wheel).namelist())
    needed = {p.relative_to(checkout).as_posix() for p in (checkout / "planbook").rglob("*.py")
              if "__pycache__" not in p.parts}
    needed.add("planbook/py.typed")
    for folder, packaged in DATA_FOLDERS.items():
        needed |= {f"{packaged}/{p.name}" for p in (checkout / folder).iterdir() if p.is_file()}
    for name in spelt_file_names(checkout / "planbook"):
        needed.add(f"{DATA_FOLDERS['templates']}/{name}" if not (checkout / "seeds" / name).exists()
                   else f"{DATA_FOLDERS['seeds']}/{name}")
    workspace_files = {"督查规则.toml", "映射.toml", "办公室.toml"}  # an office's own, never shipped
    return sorted(n for n in needed - names if n.rsplit("/", 1)[-1] not in workspace_files)


def spelt_file_names(package: Path) -> set[str]:
    """The data file names the code spells as string constants (``"report.toml"``) that exist in
    ``templates/`` or ``seeds/`` — or are templates (``.j2``) whatever exists."""
    root = package.parent
    found: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _FILE_NAME.match(node.value):
                name = node.value
                if name.endswith(".j2") or (root / "templates" / name).exists() or (root / "seeds" / name).exists():
                    found.add(name)
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(REPO, tmp_path_factory.mktemp("wheel"))


def test_the_wheel_carries_every_module_and_data_file(wheel: Path) -> None:
    assert missing_from(wheel, REPO) == []
    names = zipfile.ZipFile(wheel).namelist()
    assert not any(n.startswith(("seeds/", "templates/", "tests/", "output/")) for n in names)


@pytest.mark.slow
def test_a_forgotten_package_is_caught(tmp_path: Path) -> None:
    """The check itself can fail: a package list that leaves a package out (0.1.0's
    ``pyproject.toml``, which had no ``planbook.supervision``) is named."""
    source = tmp_path / "checkout"
    shutil.copytree(REPO, source, ignore=_SKIP)
    (source / "setup.py").unlink()
    text = (source / "pyproject.toml").read_text(encoding="utf-8")
    listed = ('packages = ["planbook", "planbook.plans", "planbook.collection", "planbook.report", '
              '"planbook.data.seeds", "planbook.data.templates"]\n')
    text = text.replace("[tool.setuptools]\n", "[tool.setuptools]\n" + listed, 1)
    text += '\n[tool.setuptools.package-dir]\n"planbook.data.seeds" = "seeds"\n"planbook.data.templates" = "templates"\n'
    (source / "pyproject.toml").write_text(text, encoding="utf-8")
    old = build_wheel(source, tmp_path / "out")
    missing = missing_from(old, source)
    assert any(m.startswith("planbook/supervision/") for m in missing), missing


def test_the_installed_copy_runs_away_from_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """Installed into a bare folder (no checkout on the path), planbook finds its seed and its
    templates inside the package, and the console entry point parses the seed."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=600)
    probe = ("import sys; sys.argv = ['planbook', 'parse', '--json', '-']; "
             "import planbook.base.resources as r; print(r.data_dir('seeds')); print(r.data_dir('templates')); "
             "import planbook.supervision, planbook.report, planbook.collection; "
             "from planbook.cli import main; main()")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)  # the bare install folder, never the checkout
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert Path(lines[0]) == target / "planbook" / "data" / "seeds"
    assert Path(lines[1]) == target / "planbook" / "data" / "templates"
    assert '"tasks"' in done.stdout
