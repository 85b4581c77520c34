#!/usr/bin/env python
"""Benchmark: planbook against the hand-written alternative (``baseline.py``), stage by stage.

    python tests/benchmarks/run.py                      # seed, x20 and x100 (x100: 1 round)
    python tests/benchmarks/run.py --scale x20 --rounds 5 --markdown bench.md
    python tests/benchmarks/run.py --scale seed --rounds 1     # the CI smoke test

Scales: ``seed`` (the Dalian plan: 75 tasks, 50 agencies), ``x20`` (1,500 tasks, 500
agencies) and ``x100`` (7,500 tasks, 1,000 agencies), the synthetic plans of
:mod:`planbook.tools.synth`. For each scale the plan and the agencies' filled returns (planbook
workbooks with realistic answers, written once) are prepared under ``--workdir``; then,
round after round, each stage (export, collect, report) runs on each side, planbook then
baseline, every run in its own fresh Python process. A run measures inside that process:
wall time of the stage (including importing the libraries the stage uses, as a fresh
``planbook <stage>`` would), CPU time (its own and its worker processes'), and peak
resident memory (``ru_maxrss`` of the process, and of its largest worker process).
The whole cycle of a round is the sum of its three stages (peak: the largest). planbook's
stages run as its commands do on a workspace: export finds the plan's targets (every
milestone's text read for figures) and keeps them beside the plan (``.planbook/targets.json``,
removed before every export), and collect, report and duban load them from there, in
their timing.

Two limits are measured beside: the raw read (every cell of every sheet of the same returns
read with python-calamine in one process, nothing checked: the bare read), against which
collect's read-and-validate phase (in all its processes) is set; and the ``duban`` stage, planbook's whole
``duban`` (selection, register, 台账 and the letters) against python-docx letters of the same
content (``baseline.letters``), compared per letter.

The printed report: the Markdown table of medians and ratios, growth x100 / x20, start-up
figures, per-file costs and what they imply for a national round, and the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

QUARTER = "2023Q2"
FILL_SEED = 1
WRITTEN_AT = datetime(2023, 7, 5, 9, 0)
SCALE_NAMES = ("seed", "x20", "x100")
STAGES = ("export", "collect", "report", "duban")
CYCLE = ("export", "collect", "report")  # the whole cycle of the table (duban is compared per letter)
SIDES = ("planbook", "baseline")
HEAVY_MODULES = ("pandas", "numpy", "openpyxl", "xlsxwriter", "docx", "matplotlib", "python_calamine", "lxml", "jinja2")
NATIONAL = (300, 60)  # cities x agencies per city
MARK = "BENCH-RESULT "
TARGETS = {"collect": 25.0, "report": 8.0, "export": 2.0, "cycle": 15.0}
RAW_READ_LIMIT = 2.0  # collect's read-and-validate phase at most this times the raw read
DUBAN_PER_LETTER = 3.0  # planbook's duban per letter at least this times faster than python-docx letters
GROWTH_LIMIT = 5.0
MEMORY_LIMIT_MB = 400
HELP_LIMIT_S = 0.15
DUBAN_DAY = "2023-07-10"


# -- the data of a scale ------------------------------------------------------------------------
def scale_plan(scale: str):
    if scale == "seed":
        from planbook.plans import seed_plan

        return seed_plan()
    from planbook.tools.synth import SCALES, synthetic_plan

    return synthetic_plan(*SCALES[scale])


def _write_returns(args) -> int:
    folder, plan, agencies = args
    from planbook.xlsx.workbook import write_workbook
    from planbook.store.folder import workbook_filename
    from planbook.xlsx.layout import workbook_layout
    from planbook.tools.synth import fill_values

    for agency in agencies:
        write_workbook(Path(folder) / workbook_filename(QUARTER, agency), workbook_layout(plan, agency), QUARTER,
                       values=fill_values(plan, agency, FILL_SEED), protect=True, written_at=WRITTEN_AT)
    return len(agencies)


def prepare(scale: str, workdir: Path, log) -> tuple[Path, dict]:
    """The scale's folder: ``plan.pickle`` and ``returns/`` (reused when already made for
    the same plan). Outputs of earlier runs are removed."""
    folder = workdir / scale
    folder.mkdir(parents=True, exist_ok=True)
    plan = scale_plan(scale)
    (folder / "plan.pickle").write_bytes(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))
    for name in ("planbook", "baseline"):
        shutil.rmtree(folder / name, ignore_errors=True)
    info = {"tasks": len(plan.tasks), "sections": len(plan.sections), "agencies": len(plan.agencies),
            "milestones": len(plan.milestones), "entries": sum(len(t.milestones) * len(t.leads) for t in plan.tasks)}
    returns = folder / "returns"
    stamp = folder / "returns.stamp"
    wanted = f"{plan.fingerprint} {QUARTER} {FILL_SEED} {len(plan.agencies)}"
    if not (stamp.is_file() and stamp.read_text() == wanted and returns.is_dir()):
        shutil.rmtree(returns, ignore_errors=True)
        returns.mkdir()
        start = time.perf_counter()
        names = list(plan.agency_names)
        jobs = max(1, min(os.cpu_count() or 1, len(names) // 20))
        batches = [(str(returns), plan, names[i::jobs]) for i in range(jobs)]
        if jobs == 1:
            list(map(_write_returns, batches))
        else:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(jobs) as pool:
                list(pool.map(_write_returns, batches))
        stamp.write_text(wanted)
        log(f"[{scale}] wrote {len(names)} filled returns in {time.perf_counter() - start:.1f} s")
    info["files"] = len(list(returns.glob("*.xlsx")))
    return folder, info


# -- one run of one stage on one side, in a fresh process ----------------------------------------
def _usage() -> dict:
    try:
        import resource
    except ImportError:  # not on Windows: times only
        return {"cpu": time.process_time(), "peak_mb": 0.0, "worker_peak_mb": 0.0}
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
            "peak_mb": me.ru_maxrss / 1024, "worker_peak_mb": kids.ru_maxrss / 1024}


def worker(side: str, stage: str, folder: Path, jobs: int | None) -> dict:
    plan = pickle.loads((folder / "plan.pickle").read_bytes())
    out = folder / side
    out.mkdir(exist_ok=True)
    returns = folder / "returns"
    record_dir = out / "record"
    entries_file = out / "entries.pickle"
    extra: dict = {}
    handoff = None

    if stage == "export":
        shutil.rmtree(out / "export", ignore_errors=True)
    elif stage == "duban":
        if side == "planbook":  # a workspace whose ledger holds the collected quarter
            from planbook.ledger.lines import Ledger
            from planbook.store.record import QuarterRecord

            if not (record_dir / "record.json").is_file():
                raise SystemExit("no record: planbook collect did not run")
            workspace = out / "duban"
            shutil.rmtree(workspace, ignore_errors=True)
            workspace.mkdir()
            ledger = Ledger()
            ledger.record(QuarterRecord.load(record_dir))
            ledger.save(workspace)
        else:
            letters_file = folder / "letters.pickle"
            if not letters_file.is_file():
                raise SystemExit("no letters: planbook duban did not run (it gives the letters' content)")
            content = pickle.loads(letters_file.read_bytes())
            shutil.rmtree(out / "letters", ignore_errors=True)
    elif stage == "report":
        if side == "planbook":
            from planbook.store.record import QuarterRecord

            if not (record_dir / "record.json").is_file():
                raise SystemExit("no record: planbook collect did not run")
            record = QuarterRecord.load(record_dir)
        else:
            import pandas as pd

            if not entries_file.is_file():
                raise SystemExit("no entries: baseline collect did not run")
            entries = pd.read_pickle(entries_file)

    before = _usage()
    start = time.perf_counter()
    if side == "planbook":  # as every command on a workspace: the targets found at export, kept beside the plan
        from planbook.app.plan_record import TARGETS, with_targets
        from planbook.store.folder import STATE_FOLDER

        if stage == "export":  # the first command on a fresh workspace finds the targets
            (out / STATE_FOLDER / TARGETS).unlink(missing_ok=True)
        plan = with_targets(out, plan)
    if side == "raw":  # the raw-read limit: every cell of every return, nothing checked
        extra["cells"] = raw_read(sorted(returns.glob("*.xlsx")), 1)
    elif side == "planbook" and stage == "export":
        from planbook.issue.workbooks import export

        result = export(plan, QUARTER, out / "export", jobs=jobs)
        extra["files"] = len(result.agency_files) + (result.master is not None)
    elif side == "planbook" and stage == "collect":
        import planbook.collection.consolidation as consolidation
        from planbook.collection import collect

        read_returns = consolidation.read_returns

        def timed_read(*args, **kwargs):  # the read-and-validate phase (every file, in the processes)
            at = time.perf_counter()
            try:
                return read_returns(*args, **kwargs)
            finally:
                extra["read_s"] = time.perf_counter() - at

        consolidation.read_returns = timed_read
        result = collect(returns, plan, QUARTER, jobs=jobs)
        extra.update(files=len(result.record.returns), entries=len(result.record.entries),
                     problems=len(result.record.problems))
        handoff = result.record
    elif side == "planbook" and stage == "report":
        from planbook.report import write_report

        write_report(plan, record, out / f"{QUARTER}_report.docx")
    elif side == "planbook" and stage == "duban":
        from datetime import date

        from planbook.report.duban import issue_duban
        from planbook.store.folder import QuarterFolder

        issued = issue_duban(plan, QuarterFolder.of(QUARTER, out / "duban" / QUARTER),
                             day=date.fromisoformat(DUBAN_DAY))
        extra["letters"] = len(issued.duban) + len(issued.reminders)
        handoff = issued
    elif side == "baseline":
        import baseline  # beside this script (the script's folder is on sys.path)

        if stage == "export":
            extra["files"] = len(baseline.export(plan, QUARTER, out / "export"))
        elif stage == "collect":
            paths = sorted(returns.glob("*.xlsx"))
            handoff, problems = baseline.collect(paths, plan, QUARTER)
            extra.update(files=len(paths), entries=len(handoff), problems=len(problems))
        elif stage == "duban":
            extra["letters"] = len(baseline.letters(content, out / "letters"))
        else:
            baseline.report(entries, out / f"{QUARTER}_report.docx", QUARTER, plan)
    seconds = time.perf_counter() - start
    after = _usage()

    if handoff is not None:  # the next stage's input, saved outside the timing
        if side == "planbook" and stage == "duban":
            (folder / "letters.pickle").write_bytes(pickle.dumps(letter_content(plan, handoff)))
        elif side == "planbook" and not (record_dir / "record.json").is_file():
            handoff.save(record_dir)
        elif side == "baseline" and not entries_file.is_file():
            handoff.to_pickle(entries_file)
    return {"seconds": seconds, "cpu": after["cpu"] - before["cpu"], "peak_mb": after["peak_mb"],
            "worker_peak_mb": after["worker_peak_mb"], **extra}


def _raw_read_files(paths: list[str]) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in paths:
        book = CalamineWorkbook.from_path(path)
        for name in book.sheet_names:
            cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
    return cells


def raw_read(paths: list[Path], jobs: int) -> int:
    """Every cell of every sheet of ``paths`` read with python-calamine, in ``jobs`` processes
    (the benchmark uses one: at x20 a process pool costs more than the whole read). Returns
    the cells read."""
    names = [str(p) for p in paths]
    if jobs <= 1:
        return _raw_read_files(names)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        return sum(pool.map(_raw_read_files, [names[i::jobs] for i in range(jobs)]))


def letter_content(plan, issued) -> list[dict]:
    """What planbook's letters said, for python-docx to write the same: per letter its file,
    title, number, agency, paragraphs and the rows of its milestones."""
    from planbook.core.rules import default_rules

    rules = default_rules()
    out = []
    for kind, letters in (("duban", issued.duban), ("reminder", issued.reminders)):
        title = rules.duban.title if kind == "duban" else rules.reminders.title
        for issue, path, _what in letters:
            rows = []
            for n, item in enumerate(issue.items, 1):
                m = plan.milestone(str(item["milestone_id"]))
                rows.append([n, f"{m.task_id}. {plan.task(m.task_id).title}", m.text, m.deadline_text,
                             str(item.get("status") or "未报送"), str(item.get("light", ""))])
            out.append({"file": Path(path).name, "title": title, "number": issue.number, "agency": issue.agency,
                        "paragraphs": [f"根据《{plan.title}》，你单位牵头的以下{len(rows)}个节点需要督办或提醒，现予通知：",
                                       "办理要求：" + rules.duban.requirements,
                                       "联系人：张三，电话：0411-00000000。"],
                        "rows": rows, "signature": f"{rules.duban.issuer}\n{DUBAN_DAY}"})
    return out


def run_worker(side: str, stage: str, folder: Path, jobs: int | None) -> tuple[dict | None, str]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", side, stage, str(folder)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(folder))
    for line in proc.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):]), ""
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return None, " / ".join(tail) or f"exit code {proc.returncode}"


def availability() -> dict[str, str]:
    """Stage -> why planbook cannot run it ("" when it can): a stage still being written is skipped."""
    import importlib

    wanted = {"export": ("planbook.issue.workbooks", "export"), "collect": ("planbook.collection", "collect"),
              "report": ("planbook.report", "write_report"), "duban": ("planbook.report.duban", "issue_duban")}
    out = {}
    for stage, (module, name) in wanted.items():
        try:
            ok = callable(getattr(importlib.import_module(module), name, None))
            out[stage] = "" if ok else f"{module}.{name} not available"
        except Exception as exc:  # a module mid-edit: report it, run the rest
            out[stage] = f"{module} not available ({type(exc).__name__}: {exc})"
    return out


# -- start-up ------------------------------------------------------------------------------------
def startup(runs: int = 10) -> dict:
    exe = shutil.which("planbook")
    help_cmd = [exe, "--help"] if exe else [sys.executable, "-m", "planbook.cli", "--help"]

    def median_time(cmd) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True, cwd=tempfile.gettempdir())
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    probe = ("import json, sys, planbook; "
             f"print(json.dumps(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules)))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                       check=True, cwd=tempfile.gettempdir()).stdout)
    bare = median_time([sys.executable, "-c", "pass"])
    return {"help": median_time(help_cmd), "help_cmd": "planbook --help" if exe else "python -m planbook.cli --help",
            "import": median_time([sys.executable, "-c", "import planbook"]) - bare, "python": bare,
            "heavy": loaded}


# -- the report ----------------------------------------------------------------------------------
def code_state() -> str:
    """Which planbook was measured: the commit, and a hash of uncommitted changes to planbook/."""
    import hashlib

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=str(ROOT), timeout=30).stdout

    try:
        head = git("rev-parse", "--short", "HEAD").strip()
        diff = git("diff", "HEAD", "--", "planbook")
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    if not head:
        return "unknown (not a git checkout)"
    if not diff:
        return f"commit {head}"
    return f"commit {head} + uncommitted changes to planbook/ (diff {hashlib.sha1(diff.encode()).hexdigest()[:8]})"


def machine() -> str:
    from importlib import metadata

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        ram = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    libs = []
    for dist in ("pandas", "openpyxl", "XlsxWriter", "python-docx", "python-calamine", "lxml"):
        try:
            libs.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    return (f"{cpu}, {os.cpu_count()} cores{ram}, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; " + ", ".join(libs))


def _median(runs: list[dict], key: str = "seconds") -> float | None:
    values = [r[key] for r in runs if r is not None]
    return statistics.median(values) if values else None


def _cycle(results: dict) -> dict:
    """Per side, per round: the three stages' sum (seconds, cpu) and largest peaks."""
    out = {}
    for side in SIDES:
        stage_runs = [results.get(stage, {}).get(side, []) for stage in CYCLE]
        rounds = min((len(r) for r in stage_runs), default=0)
        cycle = []
        for i in range(rounds):
            runs = [r[i] for r in stage_runs]
            if any(r is None for r in runs):
                continue
            cycle.append({"seconds": sum(r["seconds"] for r in runs), "cpu": sum(r["cpu"] for r in runs),
                          "peak_mb": max(r["peak_mb"] for r in runs),
                          "worker_peak_mb": max(r["worker_peak_mb"] for r in runs)})
        out[side] = cycle
    return out


def _fmt_s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 100 else f"{x:.0f}"


def _fmt_mb(runs: list[dict]) -> str:
    peak, worker = _median(runs, "peak_mb"), _median(runs, "worker_peak_mb")
    if peak is None:
        return "–"
    return f"{peak:.0f}" + (f" (workers {worker:.0f})" if worker and worker > 1 else "")


def _fmt_span(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds >= 90 else f"{seconds:.0f} s"


def _ratio(a: float | None, b: float | None) -> float | None:
    return b / a if a and b else None


def render(all_results: dict, infos: dict, notes: list[str], start: dict | None, args, jobs_label: str,
           load: tuple[float, float] | None = None, code: str = "") -> str:
    lines = ["## Benchmark: planbook against the hand-written alternative", ""]
    lines.append(f"Machine: {machine()}.  ")
    lines.append(f"planbook measured: {code}.  ")
    if load:
        lines.append(f"Load average (1 min) at start / end: {load[0]:.2f} / {load[1]:.2f} "
                     "(other work on the machine shows here; medians and alternation damp it).  ")
    rounds = ", ".join(f"{scale} {max((len(runs) for st in res.values() for runs in st.values()), default=0)}"
                       for scale, res in all_results.items())
    command = " ".join(["python tests/benchmarks/run.py", *args])
    lines.append(f"Medians of rounds: {rounds}; planbook jobs: {jobs_label}; quarter {QUARTER}; `{command}`.")
    lines.append("")
    lines.append("| scale | tasks | agencies | files | entries |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for scale, info in infos.items():
        lines.append(f"| {scale} | {info['tasks']:,} | {info['agencies']:,} | {info['files']:,} | {info['entries']:,} |")
    lines.append("")
    lines.append("| scale | stage | planbook s | baseline s | speed-up (baseline / planbook) | planbook peak MB | baseline peak MB |")
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    medians: dict = {}
    for scale, results in all_results.items():
        rows = dict(results)
        rows["cycle"] = _cycle(results)
        for stage in (*STAGES, "cycle"):
            pb, bl = rows.get(stage, {}).get("planbook", []), rows.get(stage, {}).get("baseline", [])
            p, b = _median(pb), _median(bl)
            medians[(scale, stage)] = (p, b, pb, bl)
            r = _ratio(p, b)
            name = "whole cycle" if stage == "cycle" else stage
            lines.append(f"| {scale} | {name} | {_fmt_s(p)} | {_fmt_s(b)} | {f'{r:.1f}x' if r else '–'} | "
                         f"{_fmt_mb(pb)} | {_fmt_mb(bl)} |")
    lines.append("")
    lines.append("CPU seconds (all processes of a run; on a busy machine these move less than wall times):")
    lines.append("")
    lines.append("| scale | stage | planbook CPU s | baseline CPU s | ratio |")
    lines.append("| --- | --- | ---: | ---: | ---: |")
    for (scale, stage), (_p, _b, pb, bl) in medians.items():
        pc, bc = _median(pb, "cpu"), _median(bl, "cpu")
        r = _ratio(pc, bc)
        lines.append(f"| {scale} | {'whole cycle' if stage == 'cycle' else stage} | {_fmt_s(pc)} | {_fmt_s(bc)} | "
                     f"{f'{r:.1f}x' if r else '–'} |")
    lines.append("")

    for scale, results in all_results.items():
        lines += _limits(scale, results)

    if ("x20", "export") in medians and ("x100", "export") in medians:
        lines.append("Growth, time at x100 / time at x20 (5x the tasks, 2x the agencies):")
        lines.append("")
        lines.append("| stage | planbook | baseline |")
        lines.append("| --- | ---: | ---: |")
        for stage in (*STAGES, "cycle"):
            p20, b20, *_ = medians[("x20", stage)]
            p100, b100, *_ = medians[("x100", stage)]
            g = lambda a, b: f"{b / a:.2f}" if a and b else "–"  # noqa: E731
            lines.append(f"| {'whole cycle' if stage == 'cycle' else stage} | {g(p20, p100)} | {g(b20, b100)} |")
        lines.append("")

    if start:
        heavy = ", ".join(start["heavy"]) or "none"
        lines.append(f"Start-up: `{start['help_cmd']}` {start['help']:.3f} s (median of 10; bare `python -c pass` "
                     f"{start['python']:.3f} s); `import planbook` adds {start['import']:.3f} s and loads "
                     f"these heavy modules: {heavy}.")
        lines.append("")

    per_file = []
    for scale in all_results:
        for stage in ("export", "collect"):
            p, _b, pb, _bl = medians.get((scale, stage), (None, None, [], []))
            files = _median(pb, "files") if pb and any(r for r in pb) else None
            cpu = _median(pb, "cpu") if pb and any(r for r in pb) else None
            if p and files:
                per_file.append((scale, stage, p / files, cpu / files if cpu else None, int(files)))
    if per_file:
        lines.append("Per-file cost of planbook (wall with all jobs; CPU = core-seconds, all processes):")
        lines.append("")
        lines.append("| scale | stage | files | wall ms/file | CPU ms/file |")
        lines.append("| --- | --- | ---: | ---: | ---: |")
        for scale, stage, wall, cpu, files in per_file:
            lines.append(f"| {scale} | {stage} | {files:,} | {wall * 1000:.1f} | {cpu * 1000:.1f} |" if cpu
                         else f"| {scale} | {stage} | {files:,} | {wall * 1000:.1f} | – |")
        lines.append("")
        cities, agencies = NATIONAL
        n = cities * agencies
        cores = os.cpu_count() or 1
        lines.append(f"National round: {cities} cities x {agencies} agencies = {n:,} files per stage, "
                     "each city with its own plan. CPU per file x files = CPU time; divided by the cores:")
        lines.append("")
        for scale, stage, wall, cpu, files in per_file:
            per = cpu or wall
            core_s = per * n
            size = "a city-sized plan" if scale == "seed" else f"a {scale} plan (pessimistic: wider sheets)"
            lines.append(f"- {stage}, {size}: {n:,} x {per * 1000:.1f} ms = {_fmt_span(core_s)} of CPU: "
                         f"{_fmt_span(core_s / cores)} on this {cores}-core machine, "
                         f"{_fmt_span(core_s / 16)} on 16 cores.")
        lines.append("- Memory does not add up over cities: each city's returns are collected against its own plan, "
                     "so the peak is that of one plan (the peak MB above), whatever the number of cities.")
        lines.append("- A national round therefore fits on one ordinary machine in minutes, parallel per file "
                     "(`--jobs`); a distributed engine (Spark, Dask, a cluster) would only add scheduling and "
                     "data movement to it.")
        lines.append("")

    checks = _targets(medians, start, all_results)
    if checks:
        lines.append("Targets:")
        lines.append("")
        lines.append("| target | measured | met |")
        lines.append("| --- | --- | --- |")
        for target, measured, ok in checks:
            lines.append(f"| {target} | {measured} | {'yes' if ok else 'NO'} |")
        lines.append("")
    for note in notes:
        lines.append(f"Note: {note}  ")
    return "\n".join(lines).rstrip() + "\n"


def _limits(scale: str, results: dict) -> list[str]:
    """The raw-read limit and collect's ratio to it; duban per letter against python-docx letters."""
    out = []
    collect = results.get("collect", {})
    raw, pb = _median(collect.get("raw", [])), collect.get("planbook", [])
    read = _median([r for r in pb if r and "read_s" in r], "read_s")
    whole = _median(pb)
    if raw and read and whole:
        cells = _median(collect.get("raw", []), "cells")
        out.append(f"Raw-read limit at {scale}: python-calamine reads every cell of the returns ({cells:,.0f} cells, "
                   f"one process) in {_fmt_s(raw)} s ({_fmt_s(_median(collect.get('raw', []), 'cpu'))} s CPU). planbook "
                   f"collect's read-and-validate phase: {_fmt_s(read)} s = {read / raw:.1f}x the limit; the whole "
                   f"collect (consolidation included, {_fmt_s(_median(pb, 'cpu'))} s CPU): {_fmt_s(whole)} s = "
                   f"{whole / raw:.1f}x.")
        out.append("")
    duban = results.get("duban", {})
    p, b = duban.get("planbook", []), duban.get("baseline", [])
    n_p, n_b = _median(p, "letters"), _median(b, "letters")
    if _median(p) and _median(b) and n_p and n_b:
        per_p, per_b = _median(p) / n_p, _median(b) / n_b
        out.append(f"Letters at {scale}: planbook `duban` writes {n_p:.0f} 督办单 and 提醒函 in {_fmt_s(_median(p))} s "
                   f"(the whole command: selection, register, 台账 workbook), {per_p * 1000:.1f} ms a letter "
                   f"({_median(p, 'cpu') / n_p * 1000:.1f} ms CPU); python-docx letters of the same content: "
                   f"{per_b * 1000:.1f} ms a letter ({_median(b, 'cpu') / n_b * 1000:.1f} ms CPU): "
                   f"{per_b / per_p:.1f}x.")
        out.append("")
    return out


def _targets(medians: dict, start: dict | None, all_results: dict | None = None) -> list[tuple[str, str, bool]]:
    out = []
    for scale, results in (all_results or {}).items():
        if scale != "x20":
            continue
        collect = results.get("collect", {})
        raw = _median(collect.get("raw", []))
        read = _median([r for r in collect.get("planbook", []) if r and "read_s" in r], "read_s")
        if raw and read:
            out.append((f"collect's read-and-validate phase at {scale}: at most {RAW_READ_LIMIT:g}x the raw read",
                        f"{read / raw:.1f}x", read / raw <= RAW_READ_LIMIT))
        duban = results.get("duban", {})
        p, b = duban.get("planbook", []), duban.get("baseline", [])
        if _median(p) and _median(b) and _median(p, "letters") and _median(b, "letters"):
            r = (_median(b) / _median(b, "letters")) / (_median(p) / _median(p, "letters"))
            out.append((f"duban at {scale}: per letter at least {DUBAN_PER_LETTER:g}x faster than python-docx letters",
                        f"{r:.1f}x", r >= DUBAN_PER_LETTER))

    def speedup(scale, stage):
        p, b, *_ = medians.get((scale, stage), (None, None))
        return _ratio(p, b)

    for stage, scales in (("collect", ("x20", "x100")), ("report", ("x20",)), ("export", ("x20",)),
                          ("cycle", ("x20",))):
        for scale in scales:
            r = speedup(scale, stage)
            if r is not None:
                want = TARGETS[stage]
                label = "whole cycle" if stage == "cycle" else stage
                goal = "no slower than" if want == 1 else f"at least {want:g}x faster than"
                out.append((f"{label} at {scale}: {goal} the baseline", f"{r:.1f}x", r >= want))
    for stage in (*STAGES, "cycle"):
        p20 = medians.get(("x20", stage), (None,))[0]
        p100 = medians.get(("x100", stage), (None,))[0]
        if p20 and p100:
            g = p100 / p20
            label = "whole cycle" if stage == "cycle" else stage
            out.append((f"growth of {label}: x100 / x20 at most {GROWTH_LIMIT}", f"{g:.2f}", g <= GROWTH_LIMIT))
    peaks = [max(r["peak_mb"], r["worker_peak_mb"]) for stage in STAGES
             for r in medians.get(("x100", stage), (None, None, [], []))[2] if r]
    if peaks:
        out.append((f"peak memory at x100 under {MEMORY_LIMIT_MB} MB (largest process, any stage)",
                    f"{max(peaks):.0f} MB", max(peaks) < MEMORY_LIMIT_MB))
    if start:
        out.append((f"`planbook --help` under {HELP_LIMIT_S} s", f"{start['help']:.3f} s", start["help"] < HELP_LIMIT_S))
        heavy = [m for m in start["heavy"] if m in ("pandas", "openpyxl", "docx", "matplotlib")]
        out.append(("`import planbook` loads no pandas, openpyxl, python-docx, matplotlib",
                    ", ".join(start["heavy"]) or "none", not heavy))
    return out


# -- main ----------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        p = argparse.ArgumentParser(prog="run.py --worker")
        p.add_argument("side", choices=(*SIDES, "raw"))
        p.add_argument("stage", choices=STAGES)
        p.add_argument("folder", type=Path)
        p.add_argument("--jobs", type=int, default=None)
        a = p.parse_args(argv[1:])
        print(MARK + json.dumps(worker(a.side, a.stage, a.folder, a.jobs)), flush=True)
        return 0

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", choices=(*SCALE_NAMES, "all"), default="all")
    p.add_argument("--rounds", type=int, default=3, help="rounds per scale (default 3)")
    p.add_argument("--rounds-x100", type=int, default=1, help="rounds at x100 (default 1: the baseline takes minutes)")
    p.add_argument("--jobs", type=int, default=None, help="planbook's --jobs for export and collect (default: all cores)")
    p.add_argument("--stages", default=",".join(STAGES), help="comma-separated subset of export,collect,report,duban")
    p.add_argument("--sides", default=",".join(SIDES), help="comma-separated subset of planbook,baseline (for profiling)")
    p.add_argument("--workdir", type=Path, default=None, help="where the data and outputs go (default: a temp dir, removed)")
    p.add_argument("--markdown", type=Path, default=None, help="also write the report to this file")
    p.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    args = p.parse_args(argv)
    stages = [s for s in args.stages.split(",") if s]
    unknown = set(stages) - set(STAGES)
    if unknown:
        p.error(f"unknown stage(s): {', '.join(sorted(unknown))}")
    if {"report", "duban"} & set(stages) and "collect" not in stages:
        p.error("the report and duban stages read what the collect stage wrote: add collect to --stages")
    sides = [s for s in args.sides.split(",") if s]
    if set(sides) - set(SIDES) or not sides:
        p.error("--sides takes planbook, baseline or both")
    scales = SCALE_NAMES if args.scale == "all" else (args.scale,)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    temp = None
    workdir = args.workdir
    if workdir is None:
        temp = tempfile.mkdtemp(prefix="planbook-bench-")
        workdir = Path(temp)
    workdir.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    missing = availability()
    for stage in stages:
        if missing[stage]:
            notes.append(f"planbook {stage}: not available ({missing[stage]}); its rows show only the baseline.")
            log(f"planbook {stage}: not available: {missing[stage]}")
    jobs_label = str(args.jobs) if args.jobs else f"all cores ({os.cpu_count()})"

    all_results: dict = {}
    infos: dict = {}
    load_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    code = code_state()
    try:
        for scale in scales:
            folder, infos[scale] = prepare(scale, workdir, log)
            results = all_results.setdefault(scale, {})
            rounds = args.rounds_x100 if scale == "x100" else args.rounds
            for rnd in range(1, rounds + 1):
                for stage in stages:
                    for side in sides:
                        if side == "planbook" and missing[stage]:
                            continue
                        run, error = run_worker(side, stage, folder, args.jobs)
                        results.setdefault(stage, {}).setdefault(side, []).append(run)
                        if run is None:
                            notes.append(f"{scale} {stage} {side} round {rnd} failed: {error}")
                            log(f"[{scale} {rnd}/{rounds}] {stage:8} {side:9} FAILED: {error}")
                        else:
                            log(f"[{scale} {rnd}/{rounds}] {stage:8} {side:9} {run['seconds']:8.2f} s "
                                f"{run['peak_mb']:6.0f} MB" + (f"  entries {run['entries']}" if "entries" in run else ""))
                    if stage == "collect" and "planbook" in sides:  # the raw-read limit, beside
                        run, error = run_worker("raw", stage, folder, args.jobs)
                        results.setdefault(stage, {}).setdefault("raw", []).append(run)
                        if run is None:
                            notes.append(f"{scale} raw read round {rnd} failed: {error}")
                        else:
                            log(f"[{scale} {rnd}/{rounds}] {'raw read':8} {'calamine':9} {run['seconds']:8.2f} s")
            _check_same_work(scale, results, notes)
        start = None if args.no_startup else startup()
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)

    load = (load_start, os.getloadavg()[0]) if load_start is not None else None
    if code_state() != code:
        notes.append("planbook/ changed while the benchmark ran: the runs measured more than one version.")
    text = render(all_results, infos, notes, start, argv, jobs_label, load, code)
    print(text)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text, encoding="utf-8")
    failed = any(run is None for r in all_results.values() for s in r.values() for runs in s.values() for run in runs)
    return 1 if failed else 0


def _check_same_work(scale: str, results: dict, notes: list[str]) -> None:
    """Both collects must have read the same number of entries, or the comparison is void."""
    got = {side: {r.get("entries") for r in results.get("collect", {}).get(side, []) if r} for side in SIDES}
    if got["planbook"] and got["baseline"] and got["planbook"] != got["baseline"]:
        notes.append(f"{scale}: the two collects read different numbers of entries: "
                     f"planbook {sorted(got['planbook'])}, baseline {sorted(got['baseline'])}.")
    problems = {r.get("problems") for r in results.get("collect", {}).get("planbook", []) if r}
    if problems - {0}:
        notes.append(f"{scale}: planbook collect found problems in the synthetic returns: {sorted(problems)}.")


if __name__ == "__main__":
    sys.exit(main())
