"""Quarter arithmetic: parsing, bounds, neighbours, and when a milestone is due, overdue,
upcoming, and its light."""

from __future__ import annotations

from datetime import date

import pytest

from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK
from planbook.core.model import Milestone
from planbook.base.problems import PlanbookError
from planbook.core.quarter import GREEN, RED, YELLOW, Quarter, is_due, is_overdue, is_upcoming, light


@pytest.mark.parametrize("text", ["2023Q2", "2023q2", " 2023-Q2 ", "2023 Q2", "2023_Q2"])
def test_quarters_are_read_in_the_usual_spellings(text):
    assert Quarter.parse(text) == Quarter(2023, 2)


@pytest.mark.parametrize("text", ["2023Q5", "2023", "Q2", "二季度", ""])
def test_a_bad_quarter_is_a_located_planbook_error(text):
    with pytest.raises(PlanbookError, match="2023Q2") as caught:
        Quarter.parse(text)
    assert caught.value.problems[0].kind == "quarter_invalid"


def test_bounds_labels_and_neighbours():
    q = Quarter(2023, 4)
    assert (q.start, q.end) == (date(2023, 10, 1), date(2023, 12, 31))
    assert str(q) == "2023Q4" and q.label == "2023年第四季度"
    assert q.next == Quarter(2024, 1) and Quarter(2024, 1).previous == q
    assert Quarter.of(date(2023, 5, 20)) == Quarter(2023, 2)
    assert Quarter(2023, 1) < Quarter(2023, 2) < Quarter(2024, 1)


def _milestone(deadline: date, ongoing: bool = False) -> Milestone:
    return Milestone("1", 1, "建设平台", deadline, f"{deadline.year}年{deadline.month}月", ongoing)


def test_due_overdue_upcoming_and_lights():
    q = Quarter(2023, 2)
    past, now, soon, later = (_milestone(date(2022, 12, 31)), _milestone(date(2023, 6, 30)),
                              _milestone(date(2023, 9, 30)), _milestone(date(2024, 12, 31)))
    assert is_due(past, q) and is_due(now, q) and not is_due(soon, q)
    assert is_upcoming(soon, q) and not is_upcoming(later, q) and not is_upcoming(now, q)
    assert is_overdue(now, ON_TRACK, q) and not is_overdue(now, DONE, q) and is_overdue(now, "", q)
    assert light(now, DONE, q) == GREEN and light(now, BEHIND, q) == RED
    assert light(later, BEHIND, q) == YELLOW and light(later, NOT_STARTED, q) == GREEN
    assert light(soon, NOT_STARTED, q) == YELLOW and light(soon, "", q) == YELLOW and light(soon, ON_TRACK, q) == GREEN


def test_an_ongoing_milestone_on_track_is_not_overdue():
    q = Quarter(2023, 2)
    ongoing = _milestone(date(2022, 12, 31), ongoing=True)
    assert not is_overdue(ongoing, ON_TRACK, q) and light(ongoing, ON_TRACK, q) == GREEN
    assert is_overdue(ongoing, BEHIND, q)
