"""The door (issue 19): a workspace made by ``planbook init`` runs a quarter with no --plan,
signs every letter with its own office, refuses another plan without touching a file, and
holds back documents while its office file is the template's example."""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import random
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kit.office import TEST_OFFICE, write_office
from planbook.tools.answers import fill_agency
from planbook.cli import main
from planbook.store.folder import QuarterFolder, workbook_filename
from planbook.xlsx.layout import workbook_layout
from planbook.plans import load_plan
from planbook.core.quarter import Quarter
from planbook.xlsx.workbook import write_workbook

DATA = Path(__file__).parent / "data" / "plans"
PLAN = DATA / "shandong2022_yshj_chuangxin.txt"  # 3 milestones due in 2022, 2 lead agencies: not the seed
OTHER = DATA / "kunming_guandu2016_wenzengzhang.txt"
QUARTER = "2022Q3"
DAY = "2022-10-10"
EXAMPLE = ("张三", "0411-00000000", "大连")


def cli(*args: object) -> "object":
    return CliRunner().invoke(main, [str(a) for a in args])


def answer(folder: QuarterFolder, plan_file: Path = PLAN, *, mistake: bool = True) -> None:
    """Every lead agency's return in 回执/: all behind (督办单 follow), the first agency's
    first status not in the list (a 问题清单 follows)."""
    plan = load_plan(plan_file)
    quarter = Quarter.parse(QUARTER)
    rng = random.Random(19)
    for i, agency in enumerate(plan.agency_names):
        values = fill_agency(plan, agency, quarter, rng)
        values[("", "reporter")], values[("", "phone")] = "王明", "0000-83630000"
        for key in [k for k in values if k[1] == "status"]:
            values[key] = "进度滞后"
            values[(key[0], "issues")], values[(key[0], "next_steps")] = "资金未到位。", "下季度完成。"
        if mistake and i == 0:
            key = sorted(k for k in values if k[1] == "status")[0]
            values[key] = "完成"
        write_workbook(folder.inbox / workbook_filename(quarter, agency), workbook_layout(plan, agency), quarter,
                       values=values, written_at=datetime(2022, 9, 28, 17))


def docx_text(path: Path) -> str:
    """Every word of a .docx, body, headers and footers."""
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))


def xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def tree_hash(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """init with a plan of its own, the office file filled in, then a whole quarter with no --plan."""
    root = tmp_path_factory.mktemp("door") / "ws"
    done = cli("init", "--plan", PLAN, "--workspace", root)
    assert done.exit_code == 0, done.output
    write_office(root)  # the office writes its own name and contact into 本单位.toml
    folder = QuarterFolder.of(QUARTER, root / QUARTER)
    outputs = {"export": cli("export", "-q", QUARTER, "-d", folder.path)}
    answer(folder)
    outputs["collect"] = cli("collect", "-q", QUARTER, "-d", folder.path)
    outputs["report"] = cli("report", "-q", QUARTER, "-d", folder.path)
    outputs["duban"] = cli("duban", "-q", QUARTER, "-d", folder.path, "--date", DAY)
    outputs["ledger"] = cli("ledger", "--workspace", root)
    return root, folder, outputs


def test_init_then_a_quarter_runs_with_no_plan(workspace):
    root, folder, outputs = workspace
    assert (root / "方案" / PLAN.name).read_bytes() == PLAN.read_bytes()
    for name, done in outputs.items():
        assert done.exit_code in (0, 1), (name, done.output)  # 1: the return with a mistake
    assert outputs["collect"].exit_code == 1 and "完成" in outputs["collect"].output
    assert len(list(folder.issued.glob("*.xlsx"))) == 1 + len(load_plan(PLAN).agency_names)
    assert folder.report.is_file() and (root / "台账" / "台账.xlsx").is_file()


def test_every_letter_carries_the_office_s_own_name_and_contact(workspace):
    root, folder, _ = workspace
    letters = sorted(folder.duban.glob("*.docx"))
    lists = sorted(folder.problem_lists.glob("*.xlsx"))
    assert letters and lists
    for path in letters:
        text = docx_text(path)
        assert TEST_OFFICE["name"] in text and TEST_OFFICE["contact"] in text and TEST_OFFICE["phone"] in text, path
        assert not any(word in text for word in EXAMPLE), path
    for path in lists:
        text = xlsx_text(path)
        assert TEST_OFFICE["unit"] in text and TEST_OFFICE["contact"] in text, path
        assert not any(word in text for word in EXAMPLE), path
    report = docx_text(folder.report)
    assert TEST_OFFICE["name"] in report and TEST_OFFICE["printer"] in report and "大连" not in report


@pytest.mark.parametrize("command", ["collect", "report", "export", "duban"])
def test_another_plan_is_refused_and_no_file_changes(workspace, command):
    root, folder, _ = workspace
    before = tree_hash(root)
    done = cli(command, "-q", QUARTER, "-d", folder.path, "--plan", OTHER)
    assert done.exit_code == 2, done.output
    assert PLAN.name in done.output and OTHER.name in done.output and "planbook ledger --revise" in done.output
    assert "Traceback" not in done.output
    assert tree_hash(root) == before


def test_the_same_plan_named_again_is_accepted(workspace):
    root, folder, _ = workspace
    before = tree_hash(root)
    done = cli("report", "-q", QUARTER, "-d", folder.path, "--plan", PLAN)
    assert done.exit_code == 0, done.output
    assert set(tree_hash(root)) == set(before)


def test_status_says_where_each_quarter_stands(workspace):
    root, _, _ = workspace
    done = cli("status", "--workspace", root)
    assert done.exit_code == 0, done.output
    assert PLAN.name in done.output and TEST_OFFICE["name"] in done.output
    assert f"{QUARTER}（" in done.output and "已汇总" in done.output and "已生成通报" in done.output
    assert "下一步" in done.output


def test_status_of_a_fresh_init_says_to_fill_in_the_office(tmp_path):
    assert cli("init", "--workspace", tmp_path).exit_code == 0
    done = cli("status", "--workspace", tmp_path)
    assert done.exit_code == 0 and "内置的大连市方案" in done.output
    assert "本单位.toml" in done.output and "还没有任何季度的文件夹" in done.output


def test_an_old_folder_adopts_the_one_plan_its_records_name(workspace, tmp_path):
    root, _, _ = workspace
    old = tmp_path / "old"
    shutil.copytree(root, old)
    shutil.rmtree(old / "方案")
    (old / ".planbook" / "plan.json").unlink()
    refused = cli("ledger", "--workspace", old)  # the seed would be wrong here
    assert refused.exit_code == 2 and "--plan" in refused.output
    adopted = cli("ledger", "--workspace", old, "--plan", PLAN)
    assert adopted.exit_code == 0 and "已登记为工作目录" in adopted.output, adopted.output
    assert (old / "方案" / PLAN.name).is_file()
    assert cli("ledger", "--workspace", old).exit_code == 0
    assert cli("ledger", "--workspace", old, "--plan", OTHER).exit_code == 2


def test_example_office_holds_documents_back_and_draft_marks_them(tmp_path):
    root = tmp_path / "ws"
    assert cli("init", "--plan", PLAN, "--workspace", root).exit_code == 0  # 本单位.toml left as the example
    folder = QuarterFolder.of(QUARTER, root / QUARTER)
    assert cli("export", "-q", QUARTER, "-d", folder.path).exit_code == 0
    answer(folder)
    collected = cli("collect", "-q", QUARTER, "-d", folder.path)
    assert collected.exit_code == 1 and "本单位.toml" in collected.output
    assert folder.record.is_file() and folder.consolidated.is_file()  # the record and the 汇总表 still
    assert not list(folder.problem_lists.glob("*.xlsx")) if folder.problem_lists.is_dir() else True
    for command in ("report", "duban"):
        held = cli(command, "-q", QUARTER, "-d", folder.path, "--date", DAY) if command == "duban" else \
            cli(command, "-q", QUARTER, "-d", folder.path)
        assert held.exit_code == 2 and "本单位.toml" in held.output, held.output
    assert not folder.report.exists() and not folder.duban.exists()
    assert cli("collect", "-q", QUARTER, "-d", folder.path, "--draft").exit_code == 1
    lists = list(folder.problem_lists.glob("*.xlsx"))
    for path in lists:
        with zipfile.ZipFile(path) as z:
            sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
            assert sheets and all("<oddHeader>&L草稿" in html.unescape(z.read(n).decode("utf-8")) for n in sheets), path
    assert cli("report", "-q", QUARTER, "-d", folder.path, "--draft").exit_code == 0
    assert cli("duban", "-q", QUARTER, "-d", folder.path, "--date", DAY, "--draft").exit_code == 0
    documents = [folder.report, *folder.duban.glob("*.docx")]
    assert len(documents) > 1
    for path in documents:
        with zipfile.ZipFile(path) as z:
            headers = [n for n in z.namelist() if n.startswith("word/header")]
            assert headers and all("草稿" in z.read(n).decode("utf-8") for n in headers), path


def _readme_library_code() -> tuple[str, str]:
    """The first Python block of the README's "Library use" and the output block after it."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Library use", 1)[1].split("\n## ", 1)[0]
    code, rest = section.split("```python\n", 1)[1].split("```", 1)
    printed = rest.split("```text\n", 1)[1].split("```", 1)[0] if "```text\n" in rest.split("```python", 1)[0] else ""
    return code, printed


def _prepared(root: Path) -> QuarterFolder:
    """A workspace (init, its office, rules that change lights) with the agencies' returns in 回执/."""
    assert cli("init", "--plan", PLAN, "--workspace", root).exit_code == 0
    write_office(root)
    (root / "督查规则.toml").write_text("[lights]\ngrace_days = 365\n", encoding="utf-8")
    folder = QuarterFolder.of(QUARTER, root / QUARTER)
    answer(folder)
    return folder


def _record(folder: QuarterFolder) -> dict:
    import json

    data = json.loads(folder.record.read_text(encoding="utf-8"))
    data.pop("generated_at")
    return data


def _sheets(path: Path) -> dict:
    book = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [row for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _paragraphs(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_the_readme_s_library_lines_and_the_five_commands_agree(tmp_path):
    code, printed = _readme_library_code()
    assert len(code.strip().splitlines()) <= 15
    by_script = _prepared(tmp_path / "script")
    shutil.copytree(by_script.path.parent, tmp_path / "cli")
    by_cli = QuarterFolder.of(QUARTER, tmp_path / "cli" / QUARTER)
    shutil.copytree(by_script.path.parent, tmp_path / "strict")
    (tmp_path / "strict" / "督查规则.toml").unlink()
    script = (code.replace('"output"', repr(str(tmp_path / "script"))).replace('"方案.docx"', repr(str(PLAN)))
              .replace('"2023Q4"', repr(QUARTER)).replace("date(2024, 1, 10)", "date(2022, 10, 10)"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script, "README.md", "exec"), {})
    assert printed.strip(), "the README shows what its library lines print: " + out.getvalue()
    assert out.getvalue().strip() == printed.strip()  # what the README says the lines print
    for args in (("export",), ("collect",), ("report",), ("duban", "--date", DAY)):
        done = cli(args[0], "-q", QUARTER, "-d", by_cli.path, *args[1:])
        assert done.exit_code in (0, 1), done.output
    assert cli("ledger", "--workspace", by_cli.path.parent).exit_code == 0
    record = _record(by_script)
    assert record == _record(by_cli)
    lights = [m["light"] for m in record["milestones"]]
    assert lights and "red" not in lights  # 督查规则.toml's grace of a year, applied by both
    strict = QuarterFolder.of(QUARTER, tmp_path / "strict" / QUARTER)
    assert cli("collect", "-q", QUARTER, "-d", strict.path).exit_code == 1
    assert "red" in [m["light"] for m in _record(strict)["milestones"]]  # without it: red
    assert _sheets(by_script.consolidated) == _sheets(by_cli.consolidated)
    assert _paragraphs(by_script.report) == _paragraphs(by_cli.report)
    for name in ("ledger.json", "台账.xlsx"):
        a, b = by_script.path.parent / "台账" / name, by_cli.path.parent / "台账" / name
        assert (_sheets(a) == _sheets(b)) if name.endswith(".xlsx") else a.read_bytes() == b.read_bytes()
    letters = sorted(p.name for p in by_script.duban.glob("*.docx"))
    assert letters == sorted(p.name for p in by_cli.duban.glob("*.docx"))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_files_saved_with_notepad_are_read(tmp_path, encoding):
    from planbook.app import Workspace
    from planbook.app.office import OFFICE_FILE
    from planbook.core.rules import load_rules

    write_office(tmp_path)
    text = (tmp_path / OFFICE_FILE).read_text(encoding="utf-8")
    (tmp_path / OFFICE_FILE).write_bytes(text.encode(encoding))
    (tmp_path / "督查规则.toml").write_bytes("# 本单位的规则\n[lights]\ngrace_days = 45\n".encode(encoding))
    ws = Workspace(tmp_path)
    assert ws.identity.name == TEST_OFFICE["name"] and ws.identity.contact == TEST_OFFICE["contact"]
    assert load_rules(tmp_path).lights.grace_days == 45


def test_a_file_in_neither_encoding_is_refused_with_its_line(tmp_path):
    from planbook.app.office import OFFICE_FILE

    (tmp_path / OFFICE_FILE).write_bytes(b'[office]\nname = "ok"\ncontact = "\xff\xfe\xff"\n')
    done = cli("status", "--workspace", tmp_path)
    assert done.exit_code == 2 and OFFICE_FILE in done.output and "第 3 行" in done.output, done.output


def test_an_older_rules_file_s_issuer_still_signs_the_letters_with_a_notice(tmp_path):
    from planbook.app import Workspace

    write_office(tmp_path)
    (tmp_path / "督查规则.toml").write_text('[duban]\nissuer = "某市督查局"\n', encoding="utf-8")
    said: list[str] = []
    ws = Workspace(tmp_path, say=said.append)
    assert ws.rules.duban.issuer == "某市督查局" and ws.identity.report_config()["document"]["issuer"] == "某市督查局"
    assert any("本单位.toml" in line and "督查规则.toml" in line for line in said)


def test_a_wrong_report_setting_is_named_with_its_file(workspace, tmp_path):
    root, folder, _ = workspace
    config = tmp_path / "本期.toml"
    config.write_text('[document]\nnumbr = "12"\n', encoding="utf-8")
    done = cli("report", "-q", QUARTER, "-d", folder.path, "--config", config)
    assert done.exit_code == 2 and "本期.toml" in done.output and "numbr" in done.output, done.output


def test_a_re_collect_that_forgets_the_plan_is_refused_untouched(workspace, tmp_path):
    """The bug of issue 19: a folder made for another plan, collected without --plan."""
    _, folder, _ = workspace
    mine = tmp_path / "督查" / "三季度"  # made before init, not named by its quarter
    shutil.copytree(folder.path, mine)
    before = tree_hash(tmp_path)
    done = cli("collect", "-q", QUARTER, "-d", mine)
    assert done.exit_code == 2 and "--plan" in done.output and "Traceback" not in done.output, done.output
    assert tree_hash(tmp_path) == before


def test_init_can_set_the_office_s_contact_and_keeps_the_file_s_comments(tmp_path):
    done = cli("init", "--workspace", tmp_path, "--contact", "赵六", "--phone", "0411-88889999")
    assert done.exit_code == 0, done.output
    text = (tmp_path / "本单位.toml").read_text(encoding="utf-8")
    assert 'contact = "赵六"' in text and "# 联系人和电话" in text
    status = cli("status", "--workspace", tmp_path)
    assert "赵六" in status.output and "注意" not in status.output  # the seed's own office: nothing held back
    again = cli("init", "--workspace", tmp_path, "--unit", "大连市营商环境建设局督查一处")
    assert again.exit_code == 0 and 'contact = "赵六"' in (tmp_path / "本单位.toml").read_text(encoding="utf-8")
    assert (tmp_path / "本单位.toml.bak").is_file()


DOUBTFUL = DATA / "wuhan2021_yian.txt"  # a plan whose reading the preview questions (one task from 500 字)


def test_a_doubtful_plan_is_not_taken_into_a_workspace_without_yes(tmp_path):
    """init and export of a plan whose preview says 请核对: exit 2 with the doubts and what to
    do (no prompt without a terminal), nothing written; ``--yes`` takes it, as a mapping would."""
    root = tmp_path / "ws"
    done = cli("init", "--plan", DOUBTFUL, "--workspace", root)
    assert done.exit_code == 2 and "--yes" in done.output and "planbook parse" in done.output, done.output
    assert not (root / ".planbook").exists() and not (root / "方案").exists()
    done = cli("export", "-q", QUARTER, "--plan", DOUBTFUL, "-d", tmp_path / "bare" / QUARTER)
    assert done.exit_code == 2 and "--yes" in done.output and not (tmp_path / "bare").exists(), done.output
    assert cli("init", "--plan", DOUBTFUL, "--workspace", root, "--yes").exit_code == 0
    assert cli("export", "-q", QUARTER, "--plan", DOUBTFUL, "-d", tmp_path / "bare" / QUARTER, "--yes").exit_code == 0
    assert cli("init", "--plan", PLAN, "--workspace", tmp_path / "clear").exit_code == 0  # no doubts: no --yes
