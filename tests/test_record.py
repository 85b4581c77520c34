"""The quarter's record: one serialization, read back exactly, and frames for scripts."""

from __future__ import annotations

import json

from planbook.store.folder import RECORD_FILE
from planbook.base.problems import Problem
from planbook.store.record import Entry, MilestoneStatus, QuarterRecord, ReturnFile


def _record() -> QuarterRecord:
    return QuarterRecord(
        quarter="2023Q2", plan_fingerprint="abc", generated_at="2023-07-01T02:00:00Z",
        entries=[Entry("市营商局", "1", "1-1", "已完成", "已上线“一网通办”。", "", "a.xlsx", "f" * 64, "一、政务环境", "F4")],
        milestones=[MilestoneStatus("1-1", "1", "已完成", "已上线", "", "green", True, False, False,
                                    ("市营商局",), ("市营商局",))],
        returns=[ReturnFile("a.xlsx", "f" * 64, "市营商局", "2023-06-30T09:00:00Z", "returns/ffffffffffff_a.xlsx")],
        missing_agencies=["市体育局"],
        problems=[Problem("status_normalized", "含空格", file="a.xlsx", agency="市营商局")],
    )


def test_saved_and_loaded_it_is_the_same_record(tmp_path):
    record = _record()
    path = record.save(tmp_path)
    assert path == tmp_path / RECORD_FILE
    assert path.read_bytes() == record.to_json()
    again = QuarterRecord.load(tmp_path)
    assert again.to_dict() == record.to_dict()
    assert again.status_of("1-1").agencies == ("市营商局",) and again.status_of("9-9") is None
    assert again.problems[0].severity == "warning"
    assert json.loads(record.to_json())["entries"][0]["progress"] == "已上线“一网通办”。"  # not \\u-escaped


def test_fields_it_does_not_know_are_ignored(tmp_path):
    data = _record().to_dict()
    data["entries"][0]["from_a_later_version"] = 1
    (tmp_path / RECORD_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert QuarterRecord.load(tmp_path / RECORD_FILE).entries[0].milestone_id == "1-1"


def test_frames_for_office_scripts():
    record = _record()
    assert list(record.entries_frame()["agency"]) == ["市营商局"]
    assert record.milestones_frame().shape[0] == 1 and record.problems_frame().shape[0] == 1
    assert record.agency_entries("市营商局")[0].cell == "F4"
