"""Workbooks: the layout defined once, as data (:mod:`.layout`, used by the writer and by
collect's reader), the writer (:mod:`.workbook`) and the print set-up (:mod:`.printing`)."""
