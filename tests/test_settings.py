"""The report's settings (planbook.report.settings): report.toml, an office's override, and
the mistakes an office can make in them."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from kit.report import make_record, paragraphs_text, part
from planbook.plans import seed_plan
from planbook.base.problems import PlanbookError, SettingsError
from planbook.core.quarter import Quarter
from planbook.report import Settings, cn_date, load_settings, write_report
from planbook.report.settings import fill, parse_day, placeholder_values


def test_settings_merge_an_override_file(tmp_path):
    cfg = tmp_path / "my.toml"
    cfg.write_text('[document]\nnumber = "7"\nissuer = "某市营商局"\n[imprint]\ncc = []\n', encoding="utf-8")
    s = load_settings(cfg)
    assert s.document.number == "7" and s.document.issuer == "某市营商局"
    assert s.document.signature == "大连市营商环境建设局"  # untouched keys stay
    assert s.imprint.cc == ()


@pytest.mark.parametrize("text, message", [
    ('[document]\nnumbr = "7"\n', "numbr"),
    ("[document]\nnumber = 7\n", "document.number"),
    ('[nonsense]\nx = 1\n', "nonsense"),
    ("[document\n", "格式有误"),
])
def test_bad_settings_name_the_file_and_key(tmp_path, text, message):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message) as exc:
        load_settings(cfg)
    assert "bad.toml" in str(exc.value)
    assert isinstance(exc.value, PlanbookError) and exc.value.problems[0].file == str(cfg)


def test_a_mapping_overrides_like_a_file_and_is_checked_the_same_way():
    s = load_settings({"document": {"number": "12", "date": "2023-07-10"}, "body": {"quote_chars": 30}})
    assert (s.document.number, s.document.date, s.body.quote_chars) == ("12", "2023-07-10", 30)
    with pytest.raises(SettingsError, match="报告设置：未知的设置项 document.numbr"):
        load_settings({"document": {"numbr": "12"}})
    with pytest.raises(SettingsError, match="设置项 body.quote_chars 应为整数"):
        load_settings({"body": {"quote_chars": True}})
    with pytest.raises(SettingsError, match=r"设置项 document 应为一个表（\[document\]）"):
        load_settings({"document": "x"})


def test_a_missing_settings_file_is_a_settings_error(tmp_path):
    with pytest.raises(SettingsError, match="不存在"):
        load_settings(tmp_path / "none.toml")


def test_settings_are_frozen_and_mirror_report_toml():
    import tomllib

    from planbook.base.resources import template_path

    s = load_settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.document.number = "1"  # type: ignore[misc]
    with open(template_path("report.toml"), "rb") as fh:
        toml = tomllib.load(fh)
    assert [f.name for f in dataclasses.fields(Settings) if f.name != "template_dirs"] == list(toml)
    for table, values in toml.items():
        assert [f.name for f in dataclasses.fields(getattr(s, table))] == list(values), table
    assert s.template_dirs == ()


def test_template_dir_is_found_beside_the_override_file(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[body]\ntemplate_dir = "tpl"\n', encoding="utf-8")
    assert load_settings(cfg).template_dirs == (str((tmp_path / "tpl").resolve()),)


def test_placeholders_and_dates_say_which_setting_is_wrong():
    values = placeholder_values(load_settings(), Quarter(2023, 2), date(2023, 7, 10))
    assert fill("{quarter_label}|{number}号", values, "[document] title") == "2023年第二季度|\u3000\u3000号"
    with pytest.raises(SettingsError, match=r"\[document\] title：未知的占位符 \{quartr\}"):
        fill("{quartr}", values, "[document] title")
    with pytest.raises(SettingsError, match="花括号用法有误"):
        fill("关于{", values, "[document] title")
    assert parse_day("2023年7月10日", "[document] date") == date(2023, 7, 10) and parse_day(" ", "x") is None
    with pytest.raises(SettingsError, match="格式不对"):
        parse_day("7/10", "[document] date")
    with pytest.raises(SettingsError, match="不存在"):
        parse_day("2023-02-30", "[document] date")


def test_settings_shape_the_document(tmp_path):
    plan = seed_plan()
    record = make_record(plan, "2023Q2")
    cfg = tmp_path / "office.toml"
    cfg.write_text(
        '[document]\nissuer = "某市营商局"\nnumber = "3"\ndoc_number = "某营商〔{year}〕{number}号"\n'
        'title = "关于{quarter_label}工作情况的通报"\ndate = "2024-01-05"\n'
        '[imprint]\ncc = []\nprinter = "某市营商局办公室"\n', encoding="utf-8")
    out = write_report(plan, record, tmp_path / "r.docx", config=cfg)
    texts = paragraphs_text(part(out, "word/document.xml"))
    assert "某市营商局文件" in texts and "某营商〔2024〕3号" in texts
    assert "关于2023年第二季度工作情况的通报" in texts and "2024年1月5日" in texts
    assert not any(t.startswith("抄送") for t in texts)
    assert "某市营商局办公室\t2024年1月5日印发" in texts or any(t.endswith("2024年1月5日印发") for t in texts)


def test_empty_number_leaves_room_and_date_defaults_to_the_day_collected(tmp_path):
    from planbook.report.document import record_day

    plan = seed_plan()
    record = make_record(plan, "2023Q2")
    out = write_report(plan, record, tmp_path / "r.docx")
    texts = paragraphs_text(part(out, "word/document.xml"))
    day = record_day(record)  # a re-run gives the same document, whatever day it is run
    assert day != date.today() and f"大营商发〔{day.year}〕\u3000\u3000号" in texts
    assert cn_date(day) in texts


def test_a_bad_date_in_the_settings_stops_the_report(tmp_path):
    plan = seed_plan()
    with pytest.raises(SettingsError, match=r"\[imprint\] date：日期“明天”格式不对"):
        write_report(plan, make_record(plan, "2023Q2"), tmp_path / "r.docx", config={"imprint": {"date": "明天"}})
    assert not (tmp_path / "r.docx").exists()
