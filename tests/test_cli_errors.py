"""Every command against bad arguments and bad files: never a traceback, the exit code the
README promises (2 for usage and environment, 1 for problems in the data), and the file
named in the message."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from planbook.cli import main


def _files(root: Path) -> None:
    (root / "plan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 this is not a complete zip")
    with zipfile.ZipFile(root / "notword.docx", "w") as z:
        z.writestr("hello.txt", "hi")
    (root / "empty.txt").write_bytes(b"")
    (root / "latin1.txt").write_bytes("一 政务环境\n1.建设。\xff\xfe\xfd".encode("utf-8", "surrogateescape")[:-3] + b"\xff\xfe")
    (root / "afile").write_text("x")
    (root / "adir").mkdir()


CASES = [
    # (arguments, exit code, what the message must name)
    (["nope"], 2, "nope"),
    (["parse", "--nope"], 2, "--nope"),
    (["parse", "missing.txt"], 2, "missing.txt"),
    (["parse", "adir"], 2, "adir"),
    (["parse", "plan.pdf"], 2, "plan.pdf"),
    (["parse", "broken.docx"], 2, "broken.docx"),
    (["parse", "notword.docx"], 2, "notword.docx"),
    (["parse", "empty.txt"], 2, "empty.txt"),
    (["parse", "latin1.txt"], 2, "latin1.txt"),
    (["export"], 2, "--quarter"),
    (["export", "-q", "2023Q5"], 2, "2023Q5"),
    (["export", "-q", "2023Q2", "--plan", "missing.txt"], 2, "missing.txt"),
    (["export", "-q", "2023Q2", "--plan", "plan.pdf"], 2, "plan.pdf"),
    (["export", "-q", "2023Q2", "--plan", "broken.docx"], 2, "broken.docx"),
    (["export", "-q", "2023Q2", "--out", "afile"], 2, "afile"),
    (["export", "-q", "2023Q2", "--agency", "不存在的局"], 2, "不存在的局"),
    (["export", "-q", "2023Q2", "-j", "0"], 2, "-j"),
    (["collect"], 2, "--quarter"),
    (["collect", "nowhere", "-q", "2023Q2"], 2, "nowhere"),
    (["collect", "adir", "-q", "2023Q2"], 2, "adir"),
    (["collect", "adir", "-q", "2023Q2", "--plan", "plan.pdf"], 2, "plan.pdf"),
    (["collect", "-q", "2023Q2", "--withdraw", "abc"], 2, "record.json"),
    (["collect", "adir", "-q", "2023Q2", "--out", "afile"], 2, "afile"),
    (["report"], 2, "--quarter"),
    (["report", "-q", "2023Q2"], 2, "record.json"),
    (["report", "-q", "2023Q2", "--config", "missing.toml"], 2, "missing.toml"),
    (["report", "-q", "2023Q2", "--previous", "nowhere"], 2, "nowhere"),
    (["demo", "--out", "afile"], 2, "afile"),
    (["demo", "-q", "Q9"], 2, "Q9"),
    (["synth", "--out", "afile/plan.txt"], 2, "afile"),
    (["synth", "--tasks", "0"], 2, "--tasks"),
    (["synth", "--tasks", "2", "--agencies", "9"], 2, "--agencies"),
    (["targets", "--plan", "missing.txt"], 2, "missing.txt"),
    (["targets", "--plan", "plan.pdf"], 2, "plan.pdf"),
    (["targets", "--json", "adir"], 2, "adir"),
    (["ledger", "--workspace", "afile"], 2, "afile"),
    (["ledger", "--plan", "broken.docx"], 2, "broken.docx"),
    (["ledger", "--extend", "99-9", "--agency", "市营商局", "--to", "2024年6月", "--reason", "x"], 2, "99-9"),
    (["ledger", "--revise", "missing.txt"], 2, "missing.txt"),
    (["ledger", "-q", "2023Q9"], 2, "2023Q9"),
    (["diff"], 2, "修订前方案"),
    (["diff", "missing.txt", "afile"], 2, "missing.txt"),
    (["diff", "plan.pdf", "empty.txt"], 2, "plan.pdf"),
    (["diff", "afile", "afile", "--renames", "missing.toml"], 2, "missing.toml"),
]


@pytest.mark.parametrize("args, code, named", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_arguments_and_files_get_a_message_not_a_traceback(tmp_path, args, code, named):
    _files(tmp_path)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    assert named in result.output, result.output
