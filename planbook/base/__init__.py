"""The base: what knows no plan. Atomic files, the process pool, the folder lock, Chinese
text widths and numerals, LibreOffice, the shipped files, and the one catalogue of problems."""
