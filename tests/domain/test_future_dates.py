"""Days and times in the future, typed as people say them (issue 14)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bounceback_tui.domain.dates import DateInputError
from bounceback_tui.domain.future_dates import future_day, future_instant, read_moment

BERLIN = ZoneInfo("Europe/Berlin")
# Sunday 6 December 2026, 09:30 in Berlin (a fixed instant: the tests pass on any date)
NOW = datetime(2026, 12, 6, 8, 30, tzinfo=UTC)


def local(text: str, **kwargs) -> datetime:
    return future_instant(text, now=NOW, tz=BERLIN, **kwargs).replace(tzinfo=None)


@pytest.mark.parametrize(("text", "expected"), [
    ("tomorrow 10:00", datetime(2026, 12, 7, 10, 0)),
    ("Tomorrow at 10am", datetime(2026, 12, 7, 10, 0)),
    ("next friday 3pm", datetime(2026, 12, 11, 15, 0)),
    ("friday 15:30", datetime(2026, 12, 11, 15, 30)),
    ("fri 3:30 pm", datetime(2026, 12, 11, 15, 30)),
    ("sunday 9am", datetime(2026, 12, 13, 9, 0)),  # today is Sunday: the next one
    ("Dec 10 2pm", datetime(2026, 12, 10, 14, 0)),
    ("10 December 14:00", datetime(2026, 12, 10, 14, 0)),
    ("December 10th, 2pm", datetime(2026, 12, 10, 14, 0)),
    ("Jan 5 9:15", datetime(2027, 1, 5, 9, 15)),  # no year: the next 5 January
    ("Dec 1 2027 noon", datetime(2027, 12, 1, 12, 0)),
    ("2026-12-10 14:30", datetime(2026, 12, 10, 14, 30)),
    ("2026-12-10 2pm", datetime(2026, 12, 10, 14, 0)),
    ("today 16:00", datetime(2026, 12, 6, 16, 0)),
    ("16:00", datetime(2026, 12, 6, 16, 0)),
    ("in 2 hours", datetime(2026, 12, 6, 11, 30)),
    ("in 90 minutes", datetime(2026, 12, 6, 11, 0)),
    ("2026-12-10T14:30+00:00", datetime(2026, 12, 10, 15, 30)),  # an offset: that instant
    ("tomorrow 12am", datetime(2026, 12, 7, 0, 0)),
    ("tomorrow 12pm", datetime(2026, 12, 7, 12, 0)),
    # what "'in 3 days' names a day; add the time, e.g. in 3 days 10:00" asks for
    ("in 3 days 10:00", datetime(2026, 12, 9, 10, 0)),
    ("in 2 weeks at 3pm", datetime(2026, 12, 20, 15, 0)),
    ("in 1 day 9am", datetime(2026, 12, 7, 9, 0)),
    ("in 3d 9:15", datetime(2026, 12, 9, 9, 15)),
])
def test_future_instants_people_type(text: str, expected: datetime) -> None:
    assert local(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("in 3 days", date(2026, 12, 9)),
    ("in 2 weeks", date(2026, 12, 20)),
    ("next friday", date(2026, 12, 11)),
    ("tomorrow", date(2026, 12, 7)),
    ("today", date(2026, 12, 6)),
    ("2026-12-24", date(2026, 12, 24)),
    ("24 dec", date(2026, 12, 24)),
    ("Mon", date(2026, 12, 7)),
])
def test_future_days_people_type(text: str, expected: date) -> None:
    assert future_day(text, now=NOW, tz=BERLIN) == expected


def test_a_day_without_a_time_takes_the_default_or_asks_for_one() -> None:
    assert local("tomorrow", default_time=time(9, 0)) == datetime(2026, 12, 7, 9, 0)
    with pytest.raises(DateInputError, match="add the time, e.g. tomorrow 10:00"):
        local("tomorrow")


@pytest.mark.parametrize("day", ["tomorrow", "in 3 days", "in 2 weeks", "next friday", "Dec 10",
                                 "2026-12-24"])
def test_the_example_a_day_alone_is_given_is_read(day: str) -> None:
    """Holds: the text the refusal of a day without a time suggests ("DAY 10:00") is read,
    at 10:00 on that day."""
    with pytest.raises(DateInputError, match="add the time, e.g. ") as refused:
        local(day)
    example = str(refused.value).split("e.g. ", 1)[1]
    assert local(example) == datetime.combine(future_day(day, now=NOW, tz=BERLIN), time(10, 0))


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty date"),
    ("someday", "cannot read 'someday'"),
    ("tomorrow 25:00", "not a time of day"),
    ("tomorrow 13pm", "not a time; write 1 to 12"),
    ("tomorrow 10", "write 10:00, 10am or 10pm"),
    ("Feb 30 10:00", "not a real date"),
    ("2026-02-30 10:00", "not a real date"),
    ("next blursday 3pm", "cannot read"),
    ("in 3 days 25:00", "not a time of day"),
    ("in 3 fortnights 10:00", "cannot read"),
])
def test_what_cannot_be_read_says_what_to_write(text: str, message: str) -> None:
    with pytest.raises(DateInputError, match=message):
        local(text)


def test_a_time_the_clocks_skip_or_repeat_is_refused() -> None:
    spring = datetime(2027, 3, 20, 12, 0, tzinfo=UTC)  # Berlin skips 02:00-03:00 on 28 March
    with pytest.raises(DateInputError, match="did not happen"):
        future_instant("Mar 28 2:30am", now=spring, tz=BERLIN)
    autumn = datetime(2027, 10, 25, 12, 0, tzinfo=UTC)  # and shows 02:00-03:00 twice on 31 Oct
    with pytest.raises(DateInputError, match="happens twice"):
        future_instant("Oct 31 2:30am", now=autumn, tz=BERLIN)


def test_the_day_is_read_in_the_given_zone() -> None:
    late = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # already Monday in Auckland
    auckland = ZoneInfo("Pacific/Auckland")
    assert future_day("tomorrow", now=late, tz=auckland) == date(2026, 12, 8)
    assert read_moment("tomorrow", now=late, tz=BERLIN).day == date(2026, 12, 8)
