"""The body template rendered into paragraphs (planbook.report.body)."""

from __future__ import annotations

import pytest

from kit.report import make_record, paragraphs_text, part
from planbook.plans import seed_plan
from planbook.base.problems import SettingsError
from planbook.report import load_settings, report_data, write_report
from planbook.report.body import Block, body_blocks


def _office_template(tmp_path, text: str):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report_body.j2").write_text(text, encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text('[body]\ntemplate_dir = "tpl"\n', encoding="utf-8")
    return cfg


def test_a_template_directory_overrides_the_body(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report_body.j2").write_text(
        "# 情况\n共有{{ total.due }}个节点到期。\n## 分项\n### 小项\n#### 细项\n正文。\n", encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text('[body]\ntemplate_dir = "tpl"\n', encoding="utf-8")
    plan = seed_plan()
    out = write_report(plan, make_record(plan, "2023Q2"), tmp_path / "r.docx", config=cfg)
    texts = paragraphs_text(part(out, "word/document.xml"))
    assert "一、情况" in texts and "（一）分项" in texts and "1.小项" in texts and "（1）细项" in texts


def test_template_errors_say_where(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report_body.j2").write_text("{{ no_such_thing }}\n", encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text('[body]\ntemplate_dir = "tpl"\n', encoding="utf-8")
    plan = seed_plan()
    with pytest.raises(SettingsError, match="no_such_thing"):
        write_report(plan, make_record(plan, "2023Q2"), tmp_path / "r.docx", config=cfg)


@pytest.mark.parametrize("text, message", [
    ("{% if %}\n", "第 1 行有误"),
    ("@@chart agencies\n", "@@chart agencies 不存在；可用：@@chart sections"),
    ("{{ total|no_such_filter }}\n", "no_such_filter"),
])
def test_template_mistakes_are_settings_errors(tmp_path, text, message):
    plan = seed_plan()
    data = report_data(plan, make_record(plan, "2023Q2"))
    with pytest.raises(SettingsError, match=message):
        body_blocks(data, load_settings(_office_template(tmp_path, text)), {}, [])


def test_a_missing_template_is_named():
    plan = seed_plan()
    data = report_data(plan, make_record(plan, "2023Q2"))
    with pytest.raises(SettingsError, match="找不到正文模板 none.j2"):
        body_blocks(data, load_settings({"body": {"template": "none.j2"}}), {}, [])


def test_headings_are_numbered_per_level_and_agency_text_cannot_make_one(tmp_path):
    template = ("# 一\n## 甲\n## 乙\n### 子\n# 二\n## 丙\n#### 细\n"
                "{{ missing_agencies|join('') }}\n@@chart sections\n{{ overdue_by_agency|with_counts }}\n")
    plan = seed_plan()
    record = make_record(plan, "2023Q2")
    record.missing_agencies = ["# 假标题@@chart sections"]
    data = report_data(plan, record)
    blocks = body_blocks(data, load_settings(_office_template(tmp_path, template)), {}, [])
    assert [b.kind for b in blocks[:7]] == ["h1", "h2", "h2", "h3", "h1", "h2", "h4"]
    assert [b.text for b in blocks[:7]] == ["一、一", "（一）甲", "（二）乙", "1.子", "二、二", "（一）丙", "（1）细"]
    assert blocks[7] == Block("body", "＃ 假标题＠＠chart sections")
    assert blocks[8] == Block("chart", "sections")
    assert blocks[9].kind == "body" and "个）" in blocks[9].text



def test_the_body_renders_in_planbooks_one_jinja_environment():
    from datetime import date

    from planbook.core.quarter import Quarter
    from planbook.report.settings import placeholder_values
    from planbook.base.resources import jinja_environment

    plan = seed_plan()
    data = report_data(plan, make_record(plan, "2023Q2"))
    settings = load_settings()
    values = placeholder_values(settings, Quarter(2023, 2), date(2023, 7, 10))
    first = body_blocks(data, settings, values, [])
    assert jinja_environment().filters["with_counts"].__module__ == "planbook.report.body"
    assert body_blocks(data, settings, values, []) == first
    assert first[0].kind == "body" and "2023年第二季度" in first[0].text
