"""Read returned workbooks back and consolidate them: ``planbook collect``.

    >>> result = planbook.collect(["returns/"], plan, "2023Q2")
    >>> result.record.status_of("7-2").status
    >>> write_collect_outputs(result, "output/2023Q2")

Data flows one way, one module per step: :mod:`.intake` (a file's bytes -> a safe package
or a refusal) -> :mod:`.sheets` (its sheets read at the positions :mod:`planbook.xlsx.layout`
gives, every problem located) -> :mod:`.reading` (finding the files, identity checks, many
files in worker processes) -> :mod:`.consolidation` (latest return per agency, one status
per milestone) -> :mod:`.outputs` (archive, 汇总表, 问题清单, ``record.json``,
``entries.csv``). A broken file gives a problem, never an exception, and a return with
problems still contributes every value that could be read.
"""

from planbook.collection.consolidation import CollectResult, collect, consolidate
from planbook.collection.outputs import PROBLEM_LIST_HEADER, CollectOutputs, write_collect_outputs
from planbook.collection.reading import ReturnRead, find_returns, read_return, read_returns

__all__ = [
    "CollectOutputs", "CollectResult", "ReturnRead", "collect", "consolidate", "find_returns",
    "read_return", "read_returns", "write_collect_outputs", "PROBLEM_LIST_HEADER",
]
