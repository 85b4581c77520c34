"""The office's rules: read from templates/supervision.toml and the workspace's 督查规则.toml,
checked with located Chinese messages, and driving every light."""

from __future__ import annotations

from datetime import date

import pytest

from planbook.store.folder import QuarterFolder
from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK
from planbook.core.model import Milestone
from planbook.base.problems import SettingsError
from planbook.core.quarter import BLUE, GREEN, RED, YELLOW, Quarter, is_overdue, legend, light
from planbook.core.rules import WORKSPACE_RULES, default_rules, load_rules
from planbook.store.session import FolderSession

Q = Quarter(2023, 2)  # ends 2023-06-30


def _m(deadline: date | None, ongoing: bool = False) -> Milestone:
    return Milestone("1", 1, "建设平台", deadline, "", ongoing)


def _rules(tmp_path, text: str):
    (tmp_path / WORKSPACE_RULES).write_text(text, encoding="utf-8")
    return load_rules(tmp_path)


def test_the_defaults_are_documented_in_the_template():
    r = default_rules()
    assert (r.lights.blue_days, r.lights.grace_days, r.lights.honour_extensions) == (31, 0, True)
    assert r.reminders.days == 30 and r.duban.form == "table" and r.duban.lights == {"red", "yellow"}
    assert (r.scores.start, r.scores.cap, r.scores.floor, r.scores.praise_top, r.scores.criticise) == (100, 120, 0, 0, False)


def test_a_workspace_file_overrides_only_what_it_names(tmp_path):
    r = _rules(tmp_path, "[lights]\ngrace_days = 30\n[reminders]\ndays = 60\n")
    assert r.lights.grace_days == 30 and r.reminders.days == 60 and r.lights.blue_days == 31
    assert WORKSPACE_RULES in r.source


@pytest.mark.parametrize("text, key", [
    ("[lights]\ngrace_days = \"三十\"\n", "lights.grace_days"),
    ("[lights]\ngrace_days = -1\n", "lights.grace_days"),
    ("[lights]\nschedule_lag = 1.5\n", "lights.schedule_lag"),
    ("[lights]\nhonour_extensions = 1\n", "lights.honour_extensions"),
    ("[lights]\nblue = 3\n", "lights.blue"),
    ("[colours]\nred = 1\n", "colours"),
    ("[duban]\nform = \"表格\"\n", "duban.form"),
    ("[duban]\ninclude = [\"紫灯\"]\n", "duban.include"),
    ("[duban]\nnumber = \"大营商督〔{year}〕号\"\n", "duban.number"),
    ("[scores]\ncap = 50\nfloor = 60\n", "scores.cap"),
    ("[lights\n", "格式有误"),
])
def test_a_bad_value_is_a_located_chinese_settings_error(tmp_path, text, key):
    with pytest.raises(SettingsError) as caught:
        _rules(tmp_path, text)
    problem = caught.value.problems[0]
    assert problem.kind == "settings_invalid" and problem.file.endswith(WORKSPACE_RULES)
    assert key in problem.message


def test_grace_days_turn_a_fresh_overdue_yellow_until_a_duban_was_issued(tmp_path):
    late = _m(date(2023, 6, 30))
    assert light(late, ON_TRACK, Q) == RED and is_overdue(late, ON_TRACK, Q)
    graced = _rules(tmp_path, "[lights]\ngrace_days = 31\n")
    assert light(late, ON_TRACK, Q, rules=graced) == YELLOW and not is_overdue(late, ON_TRACK, Q, rules=graced)
    assert light(late, ON_TRACK, Q, rules=graced, supervised=True) == RED
    older = _m(date(2023, 4, 30))
    assert light(older, ON_TRACK, Q, rules=graced) == RED  # 61 days past: the grace is over


def test_blue_marks_a_deadline_within_the_days_after_the_quarter():
    soon, later = _m(date(2023, 7, 31)), _m(date(2023, 8, 31))
    assert light(soon, ON_TRACK, Q) == BLUE and light(later, ON_TRACK, Q) == GREEN
    assert light(soon, DONE, Q) == GREEN


def test_extensions_are_honoured_only_when_the_rules_say_so(tmp_path):
    m = _m(date(2023, 3, 31))
    extended = date(2024, 6, 30)
    assert light(m, ON_TRACK, Q, extended) == GREEN
    strict = _rules(tmp_path, "[lights]\nhonour_extensions = false\n")
    assert light(m, ON_TRACK, Q, extended, rules=strict) == RED


def test_a_long_milestone_is_judged_by_the_time_elapsed(tmp_path):
    m = _m(date(2023, 12, 31))  # half the year gone at 2023Q2's end
    assert light(m, NOT_STARTED, Q) == YELLOW
    assert light(m, ON_TRACK, Q, progress="已完成40%") == GREEN
    assert light(m, ON_TRACK, Q, progress="目前完成进度10%") == YELLOW
    assert light(m, ON_TRACK, Q) == GREEN  # nothing measurable reported: trusted
    assert light(m, NOT_STARTED, Q, start=date(2023, 6, 1)) == GREEN  # the span starts later
    off = _rules(tmp_path, "[lights]\nschedule = false\n")
    assert light(m, NOT_STARTED, Q, rules=off) == GREEN


def test_the_legend_follows_the_rules(tmp_path):
    words = {name: meaning for _, name, meaning in legend()}
    assert "蓝灯" in words and "31天" in words["蓝灯"]
    graced = _rules(tmp_path, "[lights]\ngrace_days = 15\nblue_days = 0\n")
    words = {name: meaning for _, name, meaning in legend(graced)}
    assert "蓝灯" not in words and "15天" in words["红灯"] and "15天" in words["黄灯"]


def test_the_workspace_passes_its_rules_and_nothing_is_ambient(tmp_path):
    from planbook.app import Workspace

    (tmp_path / WORKSPACE_RULES).write_text("[lights]\ngrace_days = 45\n", encoding="utf-8")
    folder = QuarterFolder.of("2023Q2", tmp_path / "2023Q2")
    milestone = _m(date(2023, 6, 30))
    strict = light(milestone, BEHIND, Q)
    rules = Workspace(tmp_path).rules
    assert rules.lights.grace_days == 45 and WORKSPACE_RULES in rules.source
    assert light(milestone, BEHIND, Q, rules=rules) == YELLOW != strict
    with FolderSession(folder, "test"):  # a quarter folder's lock puts nothing in force
        assert light(milestone, BEHIND, Q) == strict
