"""The mutation test (issue 22, point 9): valid filled returns, edited at random as agencies edit
them (:mod:`kit.mutate`), then read. For every answer a return holds, it is either in the record
or named in a problem; no read raises; messages about one return never contradict each other.
A small sample runs in the fast lane, 300 and more in the slow one (``-m slow``), with an x20
plan and returns saved through LibreOffice in batches."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

from kit.mutate import EDITS, lost_answers, mutated_return
from planbook.collection import read_return
from planbook.collection.reading import contradictions
from planbook.issue.workbooks import export

QUARTER = "2023Q2"


def _run(plan, blank: dict[str, Path], folder: Path, n: int, seed: int, *, libreoffice: bool = False) -> dict:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    agencies = sorted(blank)
    made = [mutated_return(plan, agency, blank[agency], folder / f"m{i:04d}.xlsx", rng, QUARTER)
            for i, agency in enumerate(rng.choice(agencies) for _ in range(n))]
    if libreoffice:  # saved through LibreOffice, in batches, as an office would
        from libreoffice import convert

        saved = folder / "saved"
        for start in range(0, len(made), 25):
            batch = made[start:start + 25]
            for m, path in zip(batch, convert([m.path for m in batch], "xlsx", saved / str(start))):
                m.path = Path(path)
    edits: Counter[str] = Counter()
    messages: Counter[str] = Counter()
    lost, tracebacks, contradicting = [], [], []
    for m in made:
        edits.update(m.edits)
        try:
            read = read_return(m.path, plan, QUARTER)
        except Exception as exc:  # pragma: no cover - the test fails and says which
            tracebacks.append((m.path.name, m.edits, repr(exc)))
            continue
        assert read.accepted, (m.path.name, [str(p) for p in read.problems[:3]])
        messages.update(p.kind for p in read.problems)
        lost += [(m.path.name, m.edits, *x) for x in lost_answers(m, read)]
        contradicting += [(m.path.name, m.edits, *x) for x in contradictions(read)]
    report = {"returns": len(made), "edits": dict(sorted(edits.items())), "messages": dict(sorted(messages.items())),
              "lost": lost, "tracebacks": tracebacks, "contradictions": contradicting}
    print(f"\nmutated returns: {len(made)}\nedits: {report['edits']}\nmessages: {report['messages']}")
    return report


@pytest.fixture(scope="module")
def blank(seed_plan, tmp_path_factory) -> dict[str, Path]:
    return export(seed_plan, QUARTER, tmp_path_factory.mktemp("blank"), master=False, jobs=1).agency_files


def _check(report: dict) -> None:
    assert not report["tracebacks"], report["tracebacks"][:5]
    assert not report["lost"], report["lost"][:10]
    assert not report["contradictions"], report["contradictions"][:10]


def test_a_sample_of_mutated_returns_loses_nothing_without_a_word(seed_plan, blank, tmp_path):
    report = _run(seed_plan, blank, tmp_path / "m", 24, seed=22)
    _check(report)
    assert len(report["edits"]) >= 10


@pytest.mark.slow
def test_three_hundred_mutated_returns_of_the_seed(seed_plan, blank, tmp_path):
    report = _run(seed_plan, blank, tmp_path / "m", 320, seed=2024)
    _check(report)
    assert set(report["edits"]) == set(EDITS)


@pytest.mark.slow
def test_mutated_returns_of_an_x20_plan(tmp_path):
    from planbook.tools.synth import SCALES, synthetic_plan

    plan = synthetic_plan(*SCALES["x20"])
    agencies = random.Random(20).sample(list(plan.agency_names), 12)
    blank = export(plan, QUARTER, tmp_path / "blank", agencies=agencies, master=False, jobs=2).agency_files
    _check(_run(plan, blank, tmp_path / "m", 60, seed=20))


@pytest.mark.slow
@pytest.mark.libreoffice
def test_mutated_returns_saved_through_libreoffice(seed_plan, blank, tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    _check(_run(seed_plan, blank, tmp_path / "m", 50, seed=7, libreoffice=True))
