"""Reading the dates people type, and showing instants back to them.

`parse_when` accepts `today`, `yesterday`, `N days ago` (or weeks), `YYYY-MM-DD`, and ISO 8601
date-times (with an offset, or read as local time without one). It refuses ambiguous forms
such as `01/02/2024`, dates that do not exist, dates before 1900 (a typing slip, never a
job hunt), a local time the clocks skipped or repeated that night (the offset says which),
and, unless asked, dates in the future.
A date without a time means that local day: today is "now", an earlier day is its local noon
(noon keeps the day the same if the machine's zone later moves a few hours).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pendulum

_DAYS_AGO = re.compile(r"^(\d{1,5})\s*(day|days|d|week|weeks|w)\s+ago$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_AMBIGUOUS = re.compile(r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}$")

EARLIEST_DAY = date(1900, 1, 1)
"""The earliest day accepted: anything before is a slip (`99999 days ago`, `0001-01-01`)."""


class DateInputError(ValueError):
    """A date someone typed could not be read; the message says why and what to write."""


def local_zone() -> tzinfo:
    """The machine's time zone."""
    import pendulum

    return pendulum.local_timezone()


def parse_when(
    text: str,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    allow_future: bool = False,
) -> pendulum.DateTime:
    """Turn what a person typed into an aware instant (in `tz`, the machine's zone by default)."""
    import pendulum

    zone = tz or local_zone()
    current = pendulum.instance(now or pendulum.now("UTC")).in_timezone(zone)
    raw = text.strip()
    word = raw.lower()
    if not raw:
        raise DateInputError("empty date: write today, yesterday, N days ago or YYYY-MM-DD")
    if word in ("today", "now"):
        return current
    if word == "yesterday":
        return _day_instant(current.date().subtract(days=1), current)
    match = _DAYS_AGO.match(word)
    if match:
        count = int(match.group(1)) * (7 if match.group(2).startswith("w") else 1)
        day_value = current.date().subtract(days=count)
        _check_not_too_old(raw, day_value)
        return _day_instant(day_value, current)
    match = _ISO_DATE.match(raw)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            day_value = pendulum.date(year, month, day)
        except ValueError:
            raise DateInputError(f"{raw} is not a real date") from None
        if day_value > current.date() and not allow_future:
            raise DateInputError(f"{raw} is in the future; give the day it happened")
        _check_not_too_old(raw, day_value)
        return _day_instant(day_value, current)
    if _ISO_DATETIME.match(raw):
        try:
            parsed = pendulum.parse(raw, tz=zone, strict=True, exact=False)
        except (ValueError, pendulum.parsing.exceptions.ParserError):
            raise DateInputError(
                f"cannot read {raw!r}: write YYYY-MM-DD or an ISO 8601 time such as "
                "2026-03-10T09:00+01:00"
            ) from None
        if not isinstance(parsed, pendulum.DateTime):
            raise DateInputError(f"cannot read {raw!r} as a date and time")
        if parsed > current and not allow_future:
            raise DateInputError(f"{raw} is in the future; give the time it happened")
        try:
            in_zone = parsed.in_timezone(zone)
            utc_day = parsed.in_timezone("UTC").date()
        except (OverflowError, ValueError):  # beyond year 1 or 9999 once in UTC
            raise DateInputError(f"{raw} is before 1900; give the time it happened") from None
        _check_not_too_old(raw, min(utc_day, in_zone.date()))
        check_wall_time(raw, zone)
        return in_zone
    if _AMBIGUOUS.match(raw):
        raise DateInputError(
            f"{raw!r} is ambiguous (day and month could be swapped): write it as YYYY-MM-DD"
        )
    raise DateInputError(
        f"cannot read the date {raw!r}: write today, yesterday, N days ago or YYYY-MM-DD"
    )


def _check_not_too_old(raw: str, day: date) -> None:
    if day < EARLIEST_DAY:
        raise DateInputError(f"{raw} is before 1900; give the day it happened")


def check_wall_time(raw: str, zone: tzinfo) -> None:
    """Refuse a local time (typed without an offset) that the clocks skipped, or that they
    showed twice when they went back: it names no single instant."""
    try:
        wall = datetime.fromisoformat(raw)
    except ValueError:
        return
    if wall.tzinfo is not None:  # an offset says which instant
        return
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return
    name = getattr(zone, "name", None) or getattr(zone, "key", None) or "your time zone"
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != wall:
        raise DateInputError(f"{raw} did not happen in {name} (the clocks went forward "
                             "that night); give a time before or after the skipped hour")
    choices = " or ".join(f"{raw}{moment.isoformat()[-6:]}" for moment in (first, second))
    raise DateInputError(f"{raw} happens twice in {name} (the clocks went back that night); "
                         f"add the offset: {choices}")


def _day_instant(day: date, current: pendulum.DateTime) -> pendulum.DateTime:
    """The instant that stands for a local day: now for today, noon for another day."""
    import pendulum

    if day == current.date():
        return current
    return pendulum.datetime(day.year, day.month, day.day, 12, tz=current.timezone)


def parse_day(text: str, *, now: datetime | None = None, tz: tzinfo | None = None,
              allow_future: bool = True) -> date:
    """A local calendar day (for due dates and follow-ups); future days allowed by default."""
    import pendulum

    zone = tz or local_zone()
    raw = text.strip().lower()
    current = pendulum.instance(now or pendulum.now("UTC")).in_timezone(zone)
    if raw == "tomorrow":
        return current.date().add(days=1)
    if raw in ("next week", "next month"):  # the same weekday (or day) a week (month) on
        return current.date().add(**{raw.split()[1] + "s": 1})
    match = re.match(r"^in\s+(a|an|one|\d{1,4})\s*(day|days|d|week|weeks|w|month|months)$",
                     raw)
    if match:
        count = 1 if match.group(1) in ("a", "an", "one") else int(match.group(1))
        if match.group(2).startswith("month"):
            return current.date().add(months=count)
        return current.date().add(days=count * (7 if match.group(2).startswith("w") else 1))
    try:
        return parse_when(text, now=now, tz=zone,
                          allow_future=allow_future).in_timezone(zone).date()
    except DateInputError as error:
        if not allow_future or not str(error).startswith("cannot read the date"):
            raise  # ambiguous, not a real date, too old: the first answer is the right one
    from .future_dates import future_day  # next friday, Dec 10, in 2 weeks (issue 14)

    try:
        return future_day(text, now=current, tz=zone)
    except DateInputError as error:
        if "not a real date" in str(error):
            raise
        raise DateInputError(f"cannot read the day {text.strip()!r}: write e.g. tomorrow, "
                             "next friday, in 3 days, Dec 10 or YYYY-MM-DD") from None
