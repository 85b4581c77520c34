"""The shipped files: the seed and the templates, found in a checkout and in an installed
wheel, with no symlinks (a Windows checkout cannot hold them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from planbook.resources import SEED_ARTICLE_FILE, SEED_PLAN_FILE, data_dir, render, seed_path, template_path

REPO = Path(__file__).resolve().parent.parent


def test_a_checkout_reads_the_top_level_folders():
    assert seed_path() == REPO / "seeds" / SEED_PLAN_FILE
    assert template_path("report.toml") == REPO / "templates" / "report.toml"
    assert data_dir("templates").is_dir() and (data_dir("seeds") / SEED_ARTICLE_FILE).is_file()


def test_the_package_holds_no_symlinks():
    links = [p for p in (REPO / "planbook").rglob("*") if p.is_symlink()]
    assert links == []


def test_one_environment_renders_every_template():
    text = render("instructions.j2", plan_title="方案", quarter_label="2023年第二季度", quarter_end="2023年6月30日",
                  agency="市营商局", task_count=2, milestone_count=3, statuses=("已完成",), grouping_note="",
                  layout_version="1",
                  plan_fingerprint="abc")
    assert "市营商局" in text


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the checkout (a build writes into its source tree)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("planbook", "seeds", "templates"):
        shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(out)],
                   check=True, capture_output=True, timeout=600)
    return next(out.glob("planbook-*.whl"))


def test_the_wheel_carries_the_seed_and_the_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (SEED_PLAN_FILE, SEED_ARTICLE_FILE):
        assert f"planbook/data/seeds/{name}" in names
    for name in ("instructions.j2", "report.toml", "report_body.j2"):
        assert f"planbook/data/templates/{name}" in names
    assert "planbook/py.typed" in names
    assert not any(n.startswith(("seeds/", "templates/", "tests/")) for n in names)


def test_an_installed_wheel_finds_its_data_away_from_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=600)
    probe = ("import planbook, planbook.resources as r; plan = planbook.load_plan(); "
             "print(r.data_dir('seeds')); print(r.data_dir('templates')); print(len(plan.tasks)); "
             "print(r.render('instructions.j2', plan_title='', quarter_label='', quarter_end='', agency='', "
             "task_count=0, milestone_count=0, statuses=(), grouping_note='', layout_version='1', "
             "plan_fingerprint='')[:4])")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert Path(out[0]) == target / "planbook" / "data" / "seeds"
    assert Path(out[1]) == target / "planbook" / "data" / "templates"
    assert out[2] == "75"
