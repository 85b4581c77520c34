"""下发 (``planbook export``): the master workbook and one workbook per lead agency, issued
to the agencies (the package is named for the stage, ``issue``, so that the public function
:func:`planbook.export` keeps its name)."""
