"""Reading the dates people type (bounceback_tui.domain.dates), with an explicit `now` and zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pendulum
import pytest

from bounceback_tui.domain.dates import DateInputError, parse_day, parse_when

UTC = pendulum.timezone("UTC")
BERLIN = pendulum.timezone("Europe/Berlin")
LOS_ANGELES = pendulum.timezone("America/Los_Angeles")

# Thursday 2026-11-26 09:00 UTC = 10:00 in Berlin (CET) = 01:00 in Los Angeles (PST).
NOW = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")
# 2026-11-26 23:30 UTC = Friday 2026-11-27 00:30 in Berlin = 2026-11-26 15:30 in Los Angeles.
LATE_NOW = pendulum.datetime(2026, 11, 26, 23, 30, tz="UTC")


def local(year, month, day, hour=12, minute=0, tz=BERLIN) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, minute, tz=tz)


# --------------------------------------------------------------------------------------
# Accepted input.
# --------------------------------------------------------------------------------------

ACCEPTED = [
    # Today and now mean the current instant.
    pytest.param("today", BERLIN, NOW, id="today"),
    pytest.param("now", BERLIN, NOW, id="now"),
    pytest.param("  Today ", BERLIN, NOW, id="today-any-case-spaces"),
    pytest.param("NOW", BERLIN, NOW, id="now-upper"),
    # Past days are that local day's noon.
    pytest.param("yesterday", BERLIN, local(2026, 11, 25), id="yesterday-berlin-noon"),
    pytest.param("Yesterday", UTC, local(2026, 11, 25, tz=UTC), id="yesterday-utc-noon"),
    pytest.param("1 day ago", BERLIN, local(2026, 11, 25), id="1-day-ago"),
    pytest.param("3 days ago", BERLIN, local(2026, 11, 23), id="3-days-ago"),
    pytest.param("3  days   ago", BERLIN, local(2026, 11, 23), id="extra-spaces"),
    pytest.param("3d ago", BERLIN, local(2026, 11, 23), id="3d-ago"),
    pytest.param("40 days ago", BERLIN, local(2026, 10, 17), id="40-days-ago-across-dst"),
    pytest.param("0 days ago", BERLIN, NOW, id="0-days-ago-is-now"),
    pytest.param("1 week ago", BERLIN, local(2026, 11, 19), id="1-week-ago"),
    pytest.param("2 weeks ago", BERLIN, local(2026, 11, 12), id="2-weeks-ago"),
    pytest.param("2w ago", BERLIN, local(2026, 11, 12), id="2w-ago"),
    pytest.param("2 Weeks Ago", BERLIN, local(2026, 11, 12), id="weeks-any-case"),
    # YYYY-MM-DD: a past day is its local noon; today is now.
    pytest.param("2026-11-20", BERLIN, local(2026, 11, 20), id="past-day-berlin"),
    pytest.param(
        "2026-11-20", LOS_ANGELES, local(2026, 11, 20, tz=LOS_ANGELES), id="past-day-la"
    ),
    pytest.param("2026-07-01", BERLIN, local(2026, 7, 1), id="past-day-in-summer-time"),
    pytest.param("2024-02-29", BERLIN, local(2024, 2, 29), id="leap-day"),
    pytest.param("2026-11-26", BERLIN, NOW, id="today-as-date-is-now"),
    pytest.param(" 2026-11-25 ", BERLIN, local(2026, 11, 25), id="date-with-spaces"),
    # ISO 8601 with an offset: that instant.
    pytest.param(
        "2026-03-10T09:00+05:00", BERLIN, pendulum.datetime(2026, 3, 10, 4, tz="UTC"),
        id="iso-with-offset",
    ),
    pytest.param(
        "2026-03-10T09:00:30-08:00", BERLIN, pendulum.datetime(2026, 3, 10, 17, 0, 30, tz="UTC"),
        id="iso-negative-offset-seconds",
    ),
    pytest.param(
        "2026-03-10T09:00Z", LOS_ANGELES, pendulum.datetime(2026, 3, 10, 9, tz="UTC"),
        id="iso-zulu",
    ),
    pytest.param(
        "2026-11-26T08:59+00:00", BERLIN, pendulum.datetime(2026, 11, 26, 8, 59, tz="UTC"),
        id="iso-just-before-now",
    ),
    # ISO 8601 without an offset: local time in the given zone.
    pytest.param("2026-03-10T09:00", BERLIN, local(2026, 3, 10, 9), id="iso-local-berlin-cet"),
    pytest.param("2026-07-10T09:00", BERLIN, local(2026, 7, 10, 9), id="iso-local-berlin-cest"),
    pytest.param("2026-03-10 09:00", BERLIN, local(2026, 3, 10, 9), id="iso-local-space"),
    pytest.param(
        "2026-03-10T09:00", LOS_ANGELES, pendulum.datetime(2026, 3, 10, 16, tz="UTC"),
        id="iso-local-la-pdt",
    ),
    pytest.param(
        "2026-03-10T09:00", UTC, pendulum.datetime(2026, 3, 10, 9, tz="UTC"), id="iso-local-utc"
    ),
]


@pytest.mark.parametrize(("text", "tz", "expected"), ACCEPTED)
def test_parse_when_accepts(text, tz, expected):
    result = parse_when(text, now=NOW, tz=tz)
    assert isinstance(result, pendulum.DateTime)
    assert result == expected  # the same instant
    # Returned in the zone it was read in, so its local day and time are the person's.
    assert result.utcoffset() == result.in_timezone(tz).utcoffset()
    assert (result.date(), result.hour, result.minute) == (
        expected.in_timezone(tz).date(),
        expected.in_timezone(tz).hour,
        expected.in_timezone(tz).minute,
    )


def test_past_day_is_local_noon_in_the_given_zone():
    berlin = parse_when("2026-11-20", now=NOW, tz=BERLIN)
    la = parse_when("2026-11-20", now=NOW, tz=LOS_ANGELES)
    assert (berlin.hour, berlin.minute, berlin.second) == (12, 0, 0)
    assert berlin.in_timezone("UTC") == pendulum.datetime(2026, 11, 20, 11, tz="UTC")
    assert la.in_timezone("UTC") == pendulum.datetime(2026, 11, 20, 20, tz="UTC")


@pytest.mark.parametrize(
    ("text", "tz", "expected_day", "expected"),
    [
        # LATE_NOW is already Friday Nov 27 in Berlin but still Thursday Nov 26 in LA.
        pytest.param("today", BERLIN, date(2026, 11, 27), LATE_NOW, id="today-berlin"),
        pytest.param("today", LOS_ANGELES, date(2026, 11, 26), LATE_NOW, id="today-la"),
        pytest.param(
            "yesterday", BERLIN, date(2026, 11, 26), local(2026, 11, 26), id="yesterday-berlin"
        ),
        pytest.param(
            "yesterday", LOS_ANGELES, date(2026, 11, 25), local(2026, 11, 25, tz=LOS_ANGELES),
            id="yesterday-la",
        ),
        pytest.param(
            "yesterday", UTC, date(2026, 11, 25), local(2026, 11, 25, tz=UTC), id="yesterday-utc"
        ),
        pytest.param(
            "2026-11-27", BERLIN, date(2026, 11, 27), LATE_NOW, id="nov-27-is-today-berlin"
        ),
        pytest.param(
            "2026-11-26", BERLIN, date(2026, 11, 26), local(2026, 11, 26),
            id="nov-26-is-a-past-day-in-berlin",
        ),
        pytest.param(
            "2026-11-26", LOS_ANGELES, date(2026, 11, 26), LATE_NOW, id="nov-26-is-today-la"
        ),
        pytest.param(
            "2026-11-26", ZoneInfo("Europe/Berlin"), date(2026, 11, 26),
            local(2026, 11, 26), id="stdlib-zoneinfo",
        ),
    ],
)
def test_date_only_lands_on_the_local_day(text, tz, expected_day, expected):
    result = parse_when(text, now=LATE_NOW, tz=tz)
    assert result == expected
    assert result.date() == expected_day
    assert pendulum.instance(result).in_timezone(tz).date() == expected_day


def test_iso_with_offset_is_returned_in_the_given_zone():
    result = parse_when("2026-11-20T23:30+00:00", now=NOW, tz=BERLIN)
    assert result == pendulum.datetime(2026, 11, 20, 23, 30, tz="UTC")
    assert result.timezone_name == "Europe/Berlin"
    assert result.date() == date(2026, 11, 21)


def test_now_defaults_to_the_clock_and_naive_now_is_utc():
    naive = datetime(2026, 11, 26, 9, 0)
    assert parse_when("today", now=naive, tz=BERLIN) == NOW
    assert parse_when("yesterday", now=naive, tz=BERLIN) == local(2026, 11, 25)
    before = pendulum.now("UTC")
    result = parse_when("now", tz=BERLIN)
    assert before <= result <= pendulum.now("UTC")


# --------------------------------------------------------------------------------------
# Future dates.
# --------------------------------------------------------------------------------------

FUTURE = [
    pytest.param("2026-11-27", BERLIN, id="tomorrow-as-date"),
    pytest.param("2027-01-01", BERLIN, id="next-year"),
    pytest.param("2026-11-26T09:01+00:00", BERLIN, id="instant-a-minute-ahead"),
    pytest.param("2026-11-26T10:01", BERLIN, id="local-time-a-minute-ahead"),
    pytest.param("2026-11-26T01:01", LOS_ANGELES, id="local-time-ahead-in-la"),
]


@pytest.mark.parametrize(("text", "tz"), FUTURE)
def test_future_refused_by_default(text, tz):
    with pytest.raises(DateInputError, match="in the future"):
        parse_when(text, now=NOW, tz=tz)


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        pytest.param("2026-11-27", BERLIN, local(2026, 11, 27), id="day-noon"),
        pytest.param("2027-01-01", BERLIN, local(2027, 1, 1), id="next-year-noon"),
        pytest.param(
            "2026-11-26T09:01+00:00", BERLIN, pendulum.datetime(2026, 11, 26, 9, 1, tz="UTC"),
            id="instant",
        ),
        pytest.param("2026-11-26T10:01", BERLIN, local(2026, 11, 26, 10, 1), id="local-time"),
    ],
)
def test_future_allowed_when_asked(text, tz, expected):
    assert parse_when(text, now=NOW, tz=tz, allow_future=True) == expected


@pytest.mark.parametrize(
    ("text", "tz"),
    [
        # 10:00 local in Berlin is exactly now: not in the future.
        pytest.param("2026-11-26T10:00", BERLIN, id="exactly-now-local"),
        pytest.param("2026-11-26T09:00+00:00", BERLIN, id="exactly-now-offset"),
        # 2026-11-26 in LA while it is 01:00 there: today, not future.
        pytest.param("2026-11-26", LOS_ANGELES, id="today-in-la"),
    ],
)
def test_not_future_at_the_edge(text, tz):
    assert parse_when(text, now=NOW, tz=tz) <= NOW


def test_a_date_is_future_or_not_by_the_local_calendar():
    # At LATE_NOW it is already Nov 27 in Berlin but only Nov 26 in Los Angeles.
    assert parse_when("2026-11-27", now=LATE_NOW, tz=BERLIN) == LATE_NOW
    with pytest.raises(DateInputError, match="in the future"):
        parse_when("2026-11-27", now=LATE_NOW, tz=LOS_ANGELES)


# --------------------------------------------------------------------------------------
# Refusals, with messages that say why and what to write.
# --------------------------------------------------------------------------------------

REFUSED = [
    pytest.param("01/02/2024", ["ambiguous", "YYYY-MM-DD", "01/02/2024"], id="slash-ambiguous"),
    pytest.param("1/2/2024", ["ambiguous", "YYYY-MM-DD"], id="short-slash-ambiguous"),
    pytest.param("02.01.2024", ["ambiguous", "YYYY-MM-DD"], id="dot-ambiguous"),
    pytest.param("01-02-2024", ["ambiguous", "YYYY-MM-DD"], id="dash-ambiguous"),
    pytest.param("2026-02-30", ["2026-02-30", "not a real date"], id="feb-30"),
    pytest.param("2026-02-29", ["2026-02-29", "not a real date"], id="feb-29-not-leap"),
    pytest.param("2026-13-01", ["2026-13-01", "not a real date"], id="month-13"),
    pytest.param("2026-00-10", ["not a real date"], id="month-0"),
    pytest.param("2026-04-31", ["not a real date"], id="april-31"),
    pytest.param("2026-02-30T10:00", ["cannot read", "ISO 8601"], id="impossible-datetime"),
    pytest.param("2026-03-10T25:00", ["cannot read", "ISO 8601"], id="hour-25"),
    pytest.param("2026-03-10T09:00 lunch", ["cannot read", "ISO 8601"], id="datetime-trailing"),
    pytest.param("banana", ["cannot read the date", "banana", "YYYY-MM-DD"], id="garbage"),
    pytest.param("next tuesday", ["cannot read the date", "YYYY-MM-DD"], id="words"),
    pytest.param("3 days", ["cannot read the date"], id="days-without-ago"),
    pytest.param("-1 days ago", ["cannot read the date"], id="negative"),
    pytest.param("tomorrow", ["cannot read the date"], id="tomorrow-not-a-when"),
    pytest.param("20261120", ["cannot read the date"], id="compact"),
    pytest.param("", ["empty", "YYYY-MM-DD"], id="empty"),
    pytest.param("   ", ["empty", "YYYY-MM-DD"], id="blank"),
]


@pytest.mark.parametrize(("text", "fragments"), REFUSED)
def test_parse_when_refuses(text, fragments):
    with pytest.raises(DateInputError) as caught:
        parse_when(text, now=NOW, tz=BERLIN, allow_future=True)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert "Traceback" not in message


def test_date_input_error_is_a_value_error():
    assert issubclass(DateInputError, ValueError)
    with pytest.raises(ValueError):
        parse_when("01/02/2024", now=NOW, tz=BERLIN)


# --------------------------------------------------------------------------------------
# parse_day: local calendar days, future allowed by default.
# --------------------------------------------------------------------------------------

PARSE_DAY = [
    pytest.param("today", NOW, BERLIN, date(2026, 11, 26), id="today"),
    pytest.param("today", LATE_NOW, BERLIN, date(2026, 11, 27), id="today-late-berlin"),
    pytest.param("today", LATE_NOW, LOS_ANGELES, date(2026, 11, 26), id="today-late-la"),
    pytest.param("yesterday", LATE_NOW, BERLIN, date(2026, 11, 26), id="yesterday-late-berlin"),
    pytest.param("tomorrow", NOW, BERLIN, date(2026, 11, 27), id="tomorrow"),
    pytest.param("Tomorrow", LATE_NOW, BERLIN, date(2026, 11, 28), id="tomorrow-late-berlin"),
    pytest.param("tomorrow", LATE_NOW, LOS_ANGELES, date(2026, 11, 27), id="tomorrow-late-la"),
    pytest.param("in 3 days", NOW, BERLIN, date(2026, 11, 29), id="in-3-days"),
    pytest.param("in 1 day", NOW, BERLIN, date(2026, 11, 27), id="in-1-day"),
    pytest.param("in 2 weeks", NOW, BERLIN, date(2026, 12, 10), id="in-2-weeks"),
    pytest.param("in a week", NOW, BERLIN, date(2026, 12, 3), id="in-a-week"),
    pytest.param("next week", NOW, BERLIN, date(2026, 12, 3), id="next-week"),
    pytest.param("next month", NOW, BERLIN, date(2026, 12, 26), id="next-month"),
    pytest.param("in 2 months", NOW, BERLIN, date(2027, 1, 26), id="in-2-months"),
    pytest.param("next friday", NOW, BERLIN, date(2026, 11, 27), id="next-friday"),
    pytest.param("3 days ago", NOW, BERLIN, date(2026, 11, 23), id="3-days-ago"),
    pytest.param("2026-11-20", NOW, BERLIN, date(2026, 11, 20), id="past-date"),
    pytest.param("2026-12-24", NOW, BERLIN, date(2026, 12, 24), id="future-date-allowed"),
    pytest.param("2026-11-20T23:30+00:00", NOW, BERLIN, date(2026, 11, 21), id="iso-berlin"),
    pytest.param("2026-11-20T23:30+00:00", NOW, UTC, date(2026, 11, 20), id="iso-utc"),
    pytest.param("2026-11-21T03:00+00:00", NOW, LOS_ANGELES, date(2026, 11, 20), id="iso-la"),
]


@pytest.mark.parametrize(("text", "now", "tz", "expected"), PARSE_DAY)
def test_parse_day(text, now, tz, expected):
    result = parse_day(text, now=now, tz=tz)
    assert result == expected
    assert not isinstance(result, datetime)  # a calendar day, not an instant


def test_parse_day_refuses_future_when_asked():
    with pytest.raises(DateInputError, match="in the future"):
        parse_day("2026-12-24", now=NOW, tz=BERLIN, allow_future=False)
    assert parse_day("2026-11-26", now=NOW, tz=BERLIN, allow_future=False) == date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param("01/02/2024", "ambiguous", id="ambiguous"),
        pytest.param("2026-02-30", "not a real date", id="impossible"),
        pytest.param("soon", "cannot read the day 'soon': write e.g. tomorrow, next friday",
                     id="garbage"),
        pytest.param("next blursday", "cannot read the day", id="not-a-weekday"),
        pytest.param("", "empty", id="empty"),
    ],
)
def test_parse_day_refuses(text, fragment):
    with pytest.raises(DateInputError, match=fragment):
        parse_day(text, now=NOW, tz=BERLIN)


def test_parse_day_reads_days_people_say() -> None:
    """Follow-ups and due days take what people say (issue 14); NOW is Thursday 26 Nov."""
    assert parse_day("next friday", now=NOW, tz=BERLIN) == date(2026, 11, 27)
    assert parse_day("Dec 10", now=NOW, tz=BERLIN) == date(2026, 12, 10)
    assert parse_day("in 2 weeks", now=NOW, tz=BERLIN) == date(2026, 12, 10)
