"""``planbook export``: the master workbook and one workbook per lead agency."""
