"""Work spread over processes, the one way planbook does it: each worker process receives the
shared state (the plan, the quarter) once, through an initializer, and then handles batches
of small items (agency names, file paths). Results come back batch by batch, in order.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def batches(items: Sequence[T], size: int) -> list[list[T]]:
    size = max(1, size)
    return [list(items[i: i + size]) for i in range(0, len(items), size)]


def run_batches(
    work: Callable[[list[T]], list[R]],
    items: Sequence[T],
    *,
    jobs: int,
    size: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...] = (),
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[R]:
    """Yield ``work(batch)``'s results for every batch of ``items``, in order.

    With ``jobs`` 1 everything runs in this process (the initializer too). Otherwise ``jobs``
    processes share the batches. ``meanwhile`` runs in this process once the batches are
    handed out (the master workbook is written while the workers write the agencies').
    ``work`` and ``initializer`` must be module-level functions (they are pickled by name).
    """
    chunks = batches(items, size)
    if jobs <= 1:
        initializer(*initargs)
        if meanwhile:
            meanwhile()
        for chunk in chunks:
            yield from work(chunk)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs, initializer=initializer, initargs=initargs) as pool:
        futures = [pool.submit(work, chunk) for chunk in chunks]
        if meanwhile:
            meanwhile()
        for future in futures:
            yield from future.result()
