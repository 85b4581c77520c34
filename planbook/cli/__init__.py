"""The ``planbook`` command: a thin shell over the door (:mod:`.commands`), click in Chinese
(:mod:`.language`) and progress on stderr (:mod:`.progress`)."""

from planbook.cli.commands import main

__all__ = ["main"]
