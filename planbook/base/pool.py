"""Work spread over processes, the one way planbook does it: each worker process receives the
shared state (the plan, the quarter) once, through an initializer, and then handles batches
of small items (agency names, file paths). Results come back batch by batch, in order.

A worker ends when its parent ends, however the parent ended (Ctrl-C, a kill, a crash):
it watches its parent and exits, so no planbook process is left behind.
"""

from __future__ import annotations

import os
import sys
import threading
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
    import gc
    from concurrent.futures import ProcessPoolExecutor

    # what this process holds (the plan above all) moved out of the collector's reach before the
    # workers are forked: their collections then never write to those objects' pages, which
    # the workers would otherwise each copy (3-4 % of a collect at x20). Only when nothing else
    # froze objects: unfreezing afterwards would release theirs too.
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(initializer, initargs))
    try:
        futures = [pool.submit(work, chunk) for chunk in chunks]
        if meanwhile:
            meanwhile()
        for future in futures:
            yield from future.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        if freeze:
            gc.unfreeze()


def _start_worker(initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    """In a worker: die with the parent, then take the shared state. A library's warning
    (openpyxl on a workbook's extensions, say) is not the user's business: workers report
    problems as values, never as printed warnings."""
    import warnings

    warnings.simplefilter("ignore")
    _die_with_parent()
    initializer(*initargs)


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        try:  # the kernel kills this process the moment its parent dies
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:  # everywhere else: wait on the parent's sentinel
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="planbook-parent-watch", daemon=True).start()
