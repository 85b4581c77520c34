"""The plan's own terms: the model (sections, tasks, milestones, agencies), the status words
and months, quarter arithmetic and lights, the office's rules, measurable targets, revisions."""
