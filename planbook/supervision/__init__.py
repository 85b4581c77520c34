"""Supervision beyond the quarterly report: which milestones an agency is urged on (督办单)
or reminded of (提醒函), the register of what was issued and its numbers, and the agencies'
scores. Logic only, below the stages: the documents are written by :mod:`planbook.report`.
"""
