"""The ``planbook`` command: a thin shell over the door (:mod:`.commands`), click in Chinese
(:mod:`.language`) and progress on stderr (:mod:`.progress`)."""

from planbook.cli.commands import main
from planbook.cli import review_command as review_command  # registers ``planbook review``

__all__ = ["main"]
