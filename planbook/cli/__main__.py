"""``python -m planbook.cli``: the same command as ``planbook``."""

from planbook.cli.commands import main

main()
