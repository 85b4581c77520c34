"""Helpers shared by the tests, one module per stage they feed (``kit.collect``: returns to
collect; ``kit.report``: records and documents for the report)."""
