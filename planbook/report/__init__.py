"""The quarterly supervision report (督查通报) as a Word document in the official format
(GB/T 9704-2012).

Reads the consolidated :class:`~planbook.store.record.QuarterRecord` of a quarter (and the
previous quarter's, when there is one) and writes one .docx::

    >>> from planbook.report import write_report, report_path
    >>> write_report(plan, record, report_path("output/2023Q2", "2023Q2"))

One module per reason to change:

* :mod:`~planbook.report.figures` — the numbers, and how each is counted;
* :mod:`~planbook.report.settings` — ``templates/report.toml`` and an office's override;
* :mod:`~planbook.report.body` — the body template rendered into paragraphs;
* :mod:`~planbook.report.document` — the document assembled, part by part;
* :mod:`~planbook.report.writer` — the official styles by role, sections, tables;
* :mod:`~planbook.report.gbt9704` — every number the standard fixes;
* :mod:`~planbook.report.wordml` — the WordprocessingML python-docx lacks;
* :mod:`~planbook.report.charts` — the charts, drawn in a worker process;
* :mod:`~planbook.report.wording` — agencies' text made safe, quoted in their own words, dates, widths;
* :mod:`~planbook.report.brief` — the one-page 督查专报 for the city's leaders;
* :mod:`~planbook.report.docx_package` — the .docx's own properties, and the copy LibreOffice renders;
* :mod:`~planbook.report.pdf` — the PDF, through LibreOffice.

Importing the package loads none of python-docx, jinja2, lxml or matplotlib.
"""

from __future__ import annotations

from planbook.store.folder import REPORT_SUFFIX
from planbook.report.brief import brief_path, build_brief, write_brief
from planbook.report.document import build_document, report_path, write_report
from planbook.report.figures import UNREPORTED, AgencyRow, MilestoneRow, ReportData, Stats, YearPace, report_data
from planbook.report.pdf import pdf_path, write_pdf
from planbook.report.settings import Settings, load_settings
from planbook.core.statuses import cn_date

__all__ = [
    "write_report", "report_path", "build_document", "REPORT_SUFFIX",
    "write_brief", "brief_path", "build_brief", "write_pdf", "pdf_path",
    "report_data", "ReportData", "Stats", "MilestoneRow", "AgencyRow", "YearPace", "UNREPORTED",
    "load_settings", "Settings", "cn_date",
]
