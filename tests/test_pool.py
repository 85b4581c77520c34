"""Work spread over processes: the same results, in order, in one process or several."""

from __future__ import annotations

from planbook.base.pool import batches, run_batches

_STATE: dict = {}


def _start(offset: int) -> None:
    _STATE["offset"] = offset


def _work(batch: list[int]) -> list[int]:
    return [n + _STATE["offset"] for n in batch]


def test_batches_cover_every_item_in_order():
    assert batches(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert batches([], 3) == []


def test_one_process_and_two_give_the_same_results_in_order():
    items = list(range(50))
    seen = []
    one = list(run_batches(_work, items, jobs=1, size=4, initializer=_start, initargs=(100,),
                           meanwhile=lambda: seen.append("meanwhile")))
    two = list(run_batches(_work, items, jobs=2, size=4, initializer=_start, initargs=(100,)))
    assert one == two == [n + 100 for n in items]
    assert seen == ["meanwhile"]
