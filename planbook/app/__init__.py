"""The door: :class:`Workspace` (a workspace and its plan of record, office and ledger) and
:class:`QuarterRun` (one quarter of it). The command line, the demo, the tests and office
scripts all run a quarter through it; the few base names the command line needs besides
(a quarter, a refusal or a notice, an atomic write, how wide a text is drawn) are reached
through here too."""

from __future__ import annotations

from planbook.app.door import Workspace
from planbook.app.quarter_run import QuarterRun, Written
from planbook.base.files import atomic_write_bytes as write_file
from planbook.base.problems import PlanbookError, PlanbookNotice, fail
from planbook.base.resources import seed_path
from planbook.base.words import wide_count
from planbook.core.model import Plan
from planbook.core.quarter import Quarter

__all__ = ["Plan", "PlanbookError", "PlanbookNotice", "Quarter", "QuarterRun", "Workspace", "Written", "fail",
           "seed_path", "wide_count", "write_file"]
