"""The workspace's plan of record: the plan file copied in (with its mapping), and the model
read from it stored as JSON, keyed by the file's and the mapping's sha256 and the reader's
version. Every command uses it, so none needs ``--plan`` again and none re-parses the plan.

A folder made before ``planbook init`` existed keeps working: its records name the plan they
were made for (a fingerprint); the embedded seed is recognised by its own, any other plan is
adopted from the one ``--plan`` whose fingerprint matches.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from planbook.base.files import atomic_write_bytes, ensure_dir
from planbook.store.folder import STATE_FOLDER
from planbook.core.model import Plan
from planbook.base.problems import PlanbookError, fail

PLAN_FOLDER = "方案"
"""Where ``init`` copies the plan file and its mapping, in the workspace."""
PLAN_RECORD = "plan.json"
"""The plan of record, under the workspace's ``.planbook/``."""
SEED = "seed"


def sha256_of(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def reader_version() -> str:
    """The version of planbook that read the plan (a newer reader may read a file differently)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("planbook")
    except PackageNotFoundError:  # run from a checkout
        return "0"


@dataclass(frozen=True)
class PlanOfRecord:
    """The workspace's plan and where it came from (``file`` empty: the embedded seed)."""

    plan: Plan
    file: str = ""
    sha256: str = ""
    mapping: str = ""
    mapping_sha256: str = ""
    reader: str = ""
    seed: bool = False  # the embedded seed, or a revision of it (Dalian's own plan)

    @property
    def name(self) -> str:
        """How messages name the plan: its file, or 内置的大连市方案."""
        if self.file:
            return self.file
        return "内置的大连市方案" + ("（修订）" if self.model_stored else "") if self.seed else "修订后的方案"

    @property
    def model_stored(self) -> bool:
        """False only for the embedded seed itself, which is read from the package."""
        from planbook.plans import seed_plan

        return self.plan.fingerprint != seed_plan().fingerprint

    def reader_note(self) -> str:
        """What to do when the plan was read by another planbook ("" : this one)."""
        if not self.file or not self.reader or self.reader == reader_version():
            return ""
        return (f"提示：方案由 planbook {self.reader} 读取，现在是 {reader_version()}；工作目录仍用当时读到的方案。"
                f"想用新版本重读，先用 planbook parse {self.file} 对照；读法不同时，用 planbook ledger --revise "
                f"{self.file} --plan {self.file} 把台账结转到重读的方案。")

    def describe(self) -> str:
        return f"{self.plan.title or self.name}（{self.name}，标识 {self.plan.fingerprint}）"


def record_path(root: Path) -> Path:
    return root / STATE_FOLDER / PLAN_RECORD


def store(root: Path, plan_file: str | Path | None, mapping_file: str | Path | None = None, *,
          title: str = "", progress: Callable[[str], None] | None = None, accept_doubts: bool = True) -> PlanOfRecord:
    """Copy the plan (and mapping) into ``root/方案/``, read it once, store the model: the plan
    of record. Without ``plan_file``: the embedded seed."""
    from planbook.plans import load_plan, seed_plan

    if plan_file is None:
        record = PlanOfRecord(seed_plan(), reader=reader_version(), seed=True)
        _save(root, record)
        return record
    source, mapping = Path(plan_file), Path(mapping_file) if mapping_file else None
    plan = load_plan(source, title=title, mapping=mapping, progress=progress, refuse_doubts=not accept_doubts)
    folder = ensure_dir(root / PLAN_FOLDER)
    copied = folder / source.name
    if source.resolve() != copied.resolve():
        shutil.copyfile(source, copied)
    mapped = ""
    if mapping is not None:
        mapped_path = folder / mapping.name
        if mapping.resolve() != mapped_path.resolve():
            shutil.copyfile(mapping, mapped_path)
        mapped = mapped_path.relative_to(root).as_posix()
    record = PlanOfRecord(plan, copied.relative_to(root).as_posix(), sha256_of(copied), mapped,
                          sha256_of(root / mapped) if mapped else "", reader_version())
    _save(root, record)
    return record


def store_model(root: Path, plan: Plan, *, from_seed: bool = False) -> PlanOfRecord:
    """A plan made in code (a script's revision, the demo's) as the plan of record
    (``from_seed``: a revision of the embedded seed)."""
    from planbook.plans import seed_plan

    record = PlanOfRecord(plan, reader=reader_version(), seed=from_seed or plan.fingerprint == seed_plan().fingerprint)
    _save(root, record)
    return record


def _save(root: Path, record: PlanOfRecord) -> None:
    data: dict[str, Any] = {SEED: record.seed, "file": record.file, "sha256": record.sha256, "mapping": record.mapping,
                            "mapping_sha256": record.mapping_sha256, "reader": record.reader,
                            "fingerprint": record.plan.fingerprint}
    if record.model_stored:
        data["model"] = record.plan.to_dict()
    atomic_write_bytes(record_path(root), json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def load(root: Path) -> PlanOfRecord | None:
    """The workspace's plan of record; None in a folder that has none (made before init)."""
    path = record_path(root)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise fail("ledger_unreadable", f"工作目录的方案记录 {path} 无法读取（{exc}）。请从 备份/ 恢复，"
                   "或删除它后用 planbook init --plan 方案文件 重新登记方案。", file=str(path)) from None
    if data.get(SEED) and "model" not in data:
        from planbook.plans import seed_plan

        return PlanOfRecord(seed_plan(), reader=str(data.get("reader", "")), seed=True)
    plan = Plan.from_dict(data["model"])
    return PlanOfRecord(plan, str(data["file"]), str(data["sha256"]), str(data.get("mapping", "")),
                        str(data.get("mapping_sha256", "")), str(data.get("reader", "")), bool(data.get(SEED)))


def fingerprints_in(root: Path, folder: Path | None = None) -> set[str]:
    """The plans an older folder's records were made for: the ledger's, each quarter folder's
    (a folder named by its quarter) and ``folder``'s (the quarter folder a command is about)."""
    from planbook.base.problems import PlanbookError
    from planbook.core.quarter import Quarter

    def is_quarter(path: Path) -> bool:
        try:
            Quarter.parse(path.name)
            return True
        except PlanbookError:
            return False

    found: set[str] = set()
    folders = [p for p in root.iterdir() if p.is_dir() and is_quarter(p)] if root.is_dir() else []
    folders += [folder] if folder is not None else []
    candidates = [root / "台账" / "ledger.json"]
    for quarter_folder in sorted(set(folders)):
        candidates += [quarter_folder / STATE_FOLDER / "folder.json", quarter_folder / "record.json"]
    for path in candidates:
        try:
            with open(path, "rb") as fh:
                head = fh.read(4000).decode("utf-8-sig", "replace")
        except OSError:
            continue
        for key in ('"plan_fingerprint"', '"plan"'):
            at = head.find(key)
            if at >= 0:
                value = head[at + len(key):].split('"')
                if len(value) > 1 and len(value[1]) == 16:
                    found.add(value[1])
    return found


def differs(root: Path, record: PlanOfRecord, given: Plan, given_file: str | Path) -> PlanbookError:
    """The refusal when a command names a plan that is not the workspace's."""
    return fail("workspace_plan_differs",
                f"工作目录 {root} 的方案是 {record.describe()}，命令中的 --plan {given_file} 是另一个方案"
                f"（标识 {given.fingerprint}）。未做任何改动。不写 --plan 即用工作目录的方案；"
                f"方案修订了，请用 planbook ledger --revise 修订前方案 --plan {given_file} 把台账结转到修订后的方案。",
                file=str(given_file), value=given.fingerprint, allowed=record.plan.fingerprint)


TARGETS = "targets.json"
"""The targets found in the plan of record, under ``.planbook/`` beside it."""


def with_targets(root: Path, plan: Plan) -> Plan:
    """The plan with the targets last found in it (:func:`planbook.core.measures.plan_targets`),
    kept under ``.planbook/``: finding them reads every milestone's text (0.3-0.5 s for a plan
    of 1,500 tasks), which export, collect and report would each pay again. The file is keyed
    by the plan's fingerprint and the finder's own code, so a newer planbook finds them anew;
    when it is missing or stale the targets are found when first needed and kept then."""
    from planbook.core.measures import Target, finder_version

    path = root / STATE_FOLDER / TARGETS
    key = {"fingerprint": plan.fingerprint, "finder": finder_version()}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if all(data.get(k) == v for k, v in key.items()):
            plan.__dict__["_plan_targets"] = {
                mid: tuple(Target(mid, t[0], t[1], float(t[2]), t[3], (int(t[4]), int(t[5])), t[6]) for t in found)
                for mid, found in data["targets"].items()}
            return plan
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        pass  # found again, and kept again

    def keep(found: dict[str, tuple[Target, ...]]) -> None:
        rows = {mid: [[t.metric, t.comparison, t.value, t.unit, t.span[0], t.span[1], t.text] for t in targets]
                for mid, targets in found.items()}
        try:
            atomic_write_bytes(path, json.dumps({**key, "targets": rows}, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a cache: a read-only folder only costs the time to find them again

    plan.__dict__["_keep_targets"] = keep
    return plan
