"""The shipped files: the seed and the templates, found in a checkout and in an installed
wheel, with no symlinks (a Windows checkout cannot hold them)."""

from __future__ import annotations

from pathlib import Path

from planbook.base.resources import SEED_ARTICLE_FILE, SEED_PLAN_FILE, data_dir, render, seed_path, template_path

REPO = Path(__file__).resolve().parent.parent


def test_the_files_found_are_the_checkouts_own():
    """Installed or not, planbook finds the seed and templates that this checkout holds."""
    assert seed_path().read_bytes() == (REPO / "seeds" / SEED_PLAN_FILE).read_bytes()
    assert template_path("report.toml").read_bytes() == (REPO / "templates" / "report.toml").read_bytes()
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
