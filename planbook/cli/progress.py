"""Progress on the command line: a bar on stderr for work of named steps, and one that shows
only once the work has taken a second. stdout stays for what a command prints as its result."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import click


@contextmanager
def steps(label: str, length: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for work done in ``length`` named steps: the function it yields
    is called with each step's name as the step starts. On a terminal the bar shows the step;
    elsewhere (a log, a test) click prints the label once."""
    with click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True, show_eta=False,
                           item_show_func=lambda name: name) as bar:
        started = False

        def step(name: str) -> None:
            nonlocal started
            bar.update(1 if started else 0, name)
            started = True

        yield step
        bar.update(length - bar.pos, "完成")  # the last step is done too


class LateBar:
    """A click progress bar on stderr that appears only once the work has taken a second
    (a quick run prints nothing extra)."""

    DELAY_S = 1.0

    def __init__(self, length: int, label: str) -> None:
        import time

        self.length, self.label, self.done = length, label, 0
        self.started = time.monotonic()
        self.bar: Any = None

    def step(self) -> None:
        """One step is done."""
        import time

        self.done += 1
        if self.bar is None and time.monotonic() - self.started >= self.DELAY_S:
            self.bar = click.progressbar(length=self.length, label=self.label, file=sys.stderr, show_pos=True)
            self.bar.__enter__()
            self.bar.update(self.done)
        elif self.bar is not None:
            self.bar.update(1)

    def __enter__(self) -> "LateBar":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
