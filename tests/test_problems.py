"""The one catalogue of problem kinds, and the exception family."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from planbook.base.problems import (
    CATALOGUE, ERROR, STAGES, WARNING, PlanbookError, PlanError, Problem, RefusedReturn, SettingsError, fail,
    title_of,
)

REPO = Path(__file__).resolve().parent.parent
_FINDERS = {"Problem", "problem", "refuse", "report", "bomb", "fail", "_problem", "note", "SettingsError"}


def kinds_used(root: Path) -> dict[str, list[str]]:
    """Every string given as a problem kind in the code under ``root``: the first argument of
    ``Problem(...)`` and of the local finders (``self.problem(...)``, ``refuse(...)``...), or
    its ``kind=`` keyword."""
    used: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in _FINDERS:
                continue
            args = list(node.args[:1]) + [k.value for k in node.keywords if k.arg == "kind"]
            if name == "SettingsError":  # its message comes first; its kind is a keyword with a default
                args = [k.value for k in node.keywords if k.arg == "kind"] or [ast.Constant("settings_invalid")]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.isidentifier():
                    used.setdefault(arg.value, []).append(f"{path.relative_to(REPO)}:{node.lineno}")
    return used


def test_every_kind_the_code_uses_is_catalogued():
    used = kinds_used(REPO / "planbook")
    used.update({k: v for k, v in kinds_used(REPO / "tests").items() if k not in used})
    missing = {k: where for k, where in used.items() if k not in CATALOGUE}
    assert not missing, f"未登记的问题类型：{missing}"


def test_every_catalogued_kind_is_used_by_the_code():
    used = kinds_used(REPO / "planbook")
    assert sorted(set(CATALOGUE) - set(used)) == []


def test_the_scan_sees_a_kind_that_is_not_catalogued(tmp_path):
    (tmp_path / "m.py").write_text('Problem("progress_missing", "x")\nself.problem(kind="status_invalid")\n')
    global REPO
    saved, REPO = REPO, tmp_path
    try:
        assert set(kinds_used(tmp_path)) == {"progress_missing", "status_invalid"}
    finally:
        REPO = saved


def test_each_kind_has_a_stage_a_severity_and_a_short_unique_title():
    for code, kind in CATALOGUE.items():
        assert kind.code == code and kind.stage in STAGES and kind.severity in (ERROR, WARNING)
        assert 1 <= len(kind.title) <= 28  # "问题-" + title must fit a 31-character sheet name
    titles = [k.title for k in CATALOGUE.values()]
    assert len(set(titles)) == len(titles)
    assert title_of("status_invalid") == "状态不在列表中" and title_of("gone_kind") == "gone_kind"


def test_a_problem_takes_its_kinds_severity_unless_told():
    assert Problem("stray_line", "x").severity == WARNING
    assert Problem("status_invalid", "x").severity == ERROR
    assert Problem("sheet_missing", "x", WARNING).severity == WARNING


def test_a_problem_says_where_what_and_what_is_allowed():
    p = Problem("status_invalid", "完成状态“完成”不在可选范围内。", file="a.xlsx", sheet="一、政务环境", cell="I4",
                task_id="28", milestone_id="28-1", field="完成状态", value="完成", allowed="已完成")
    assert str(p) == ("[错误] 文件 a.xlsx，工作表 一、政务环境，单元格 I4，任务 28，节点 28-1，栏目 完成状态："
                      "完成状态“完成”不在可选范围内。（填写内容：完成）（允许：已完成）")


def test_every_stage_error_is_a_planbook_error():
    for error in (PlanError([Problem("plan_empty", "没有任务")]), SettingsError("设置有误", file="x.toml"),
                  RefusedReturn(Problem("file_empty", "空文件")), fail("agency_unknown", "没有这个单位")):
        assert isinstance(error, PlanbookError) and error.problems
    with pytest.raises(PlanbookError, match="文件 x.toml：设置有误"):
        raise SettingsError("设置有误", file="x.toml")
