"""The door: :class:`Workspace` (a workspace and its plan of record, office and ledger) and
:class:`QuarterRun` (one quarter of it). The command line, the demo, the tests and office
scripts all run a quarter through it; the few base names the command line needs besides
(a quarter, a refusal, an atomic write) are reached through here too."""

from __future__ import annotations

from ..files import atomic_write_bytes as write_file
from ..model import Plan
from ..problems import PlanbookError, fail
from ..quarter import Quarter
from ..resources import seed_path
from .quarter_run import QuarterRun, Written
from .door import Workspace

__all__ = ["Plan", "PlanbookError", "Quarter", "QuarterRun", "Workspace", "Written", "fail", "seed_path", "write_file"]
