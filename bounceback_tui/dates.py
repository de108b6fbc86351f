"""Reading the dates people type, and showing instants back to them.

`parse_when` accepts `today`, `yesterday`, `N days ago` (or weeks), `YYYY-MM-DD`, and ISO 8601
date-times (with an offset, or read as local time without one). It refuses ambiguous forms
such as `01/02/2024`, dates that do not exist, and, unless asked, dates in the future.
A date without a time means that local day: today is "now", an earlier day is its local noon
(noon keeps the day the same if the machine's zone later moves a few hours).
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pendulum

_DAYS_AGO = re.compile(r"^(\d{1,5})\s*(day|days|d|week|weeks|w)\s+ago$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_AMBIGUOUS = re.compile(r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}$")


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
        return _day_instant(current.date().subtract(days=count), current)
    match = _ISO_DATE.match(raw)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            day_value = pendulum.date(year, month, day)
        except ValueError:
            raise DateInputError(f"{raw} is not a real date") from None
        if day_value > current.date() and not allow_future:
            raise DateInputError(f"{raw} is in the future; give the day it happened")
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
        return parsed.in_timezone(zone)
    if _AMBIGUOUS.match(raw):
        raise DateInputError(
            f"{raw!r} is ambiguous (day and month could be swapped): write it as YYYY-MM-DD"
        )
    raise DateInputError(
        f"cannot read the date {raw!r}: write today, yesterday, N days ago or YYYY-MM-DD"
    )


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
    match = re.match(r"^in\s+(\d{1,4})\s*(day|days|d|week|weeks|w)$", raw)
    if match:
        count = int(match.group(1)) * (7 if match.group(2).startswith("w") else 1)
        return current.date().add(days=count)
    return parse_when(text, now=now, tz=zone, allow_future=allow_future).in_timezone(zone).date()
