"""The report's charts (planbook.report.charts): what they show and how they are drawn."""

from __future__ import annotations

import io

from kit.report import make_record
from planbook.layout import BEHIND, DONE, ON_TRACK
from planbook.plans import seed_plan
from planbook.report import load_settings, report_data
from planbook.report.charts import chart_specs, stacked_bars


def test_chart_is_drawn_at_print_size():
    from PIL import Image

    png = stacked_bars(["政务环境", "法治环境"], [{DONE: 3, BEHIND: 1}, {ON_TRACK: 2}], [DONE, ON_TRACK, BEHIND],
                       width_mm=156, height_mm=60)
    im = Image.open(io.BytesIO(png))
    assert abs(im.width - 156 / 25.4 * 300) <= 1
    assert round(im.info["dpi"][0]) == 300


def test_the_agency_chart_shows_the_agencies_with_most_milestones_due():
    plan = seed_plan()
    data = report_data(plan, make_record(plan, "2023Q2"))
    specs = chart_specs(data, load_settings({"body": {"chart_max_agencies": 5}}))
    labels, counts, options = specs["agencies"]
    due = sorted((a.stats.due for a in data.agencies), reverse=True)
    assert len(labels) == 5 and sorted((sum(c.values()) for c in counts), reverse=True) == due[:5]
    assert options["width_mm"] == 225  # the turned type area
    assert specs["sections"][0] == [s.short_title for s in plan.sections]


def test_nothing_due_draws_no_section_chart():
    plan = seed_plan()
    data = report_data(plan, make_record(plan, "2021Q4"))
    assert data.total.due == 0 and chart_specs(data, load_settings()) == {}
