"""Reading days and times in the future as people say them (issue 14): `tomorrow 10:00`,
`next friday 3pm`, `in 3 days`, `in 3 days 10:00`, `in 2 hours`, `Dec 10 2pm`, `10 December`, `2026-12-10 14:30`,
and every form `dates.parse_when` reads (`today`, `YYYY-MM-DD`, ISO 8601 with an offset).

A small grammar rather than a general natural-language library: the forms are few, each must
mean one thing (a weekday is the first one after today, "next friday" too; a month and day
without a year is the next time that day comes), a local time the clocks skipped or repeated
is refused as everywhere else, and a status-bar command must not pay for a large import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from .dates import DateInputError, check_wall_time, local_zone

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")

_IN = re.compile(r"^in\s+(\d{1,4})\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)$")
_IN_DAYS = re.compile(r"^(\d{1,4})\s*(days?|d|weeks?|w)$")
"""`3 days`, `2w`: the day part of `in 3 days 10:00` (a time follows)."""
_TIME = re.compile(r"^(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})$")

HELP = ("write e.g. tomorrow 10:00, next friday 3pm, in 3 days, Dec 10 2pm or "
        "2026-12-10 14:30")


@dataclass(frozen=True)
class Moment:
    """A day, and the local time of day when one was given."""

    day: date
    at: time | None = None
    instant: datetime | None = None
    """Set when the text named an instant outright (an offset, or `in 2 hours`)."""


def read_moment(text: str, *, now: datetime, tz: tzinfo | None = None) -> Moment:
    """What `text` names, read in `tz` (the machine's zone by default) from `now`."""
    zone = tz or local_zone()
    current = now.astimezone(zone)
    raw = " ".join(text.strip().split())
    words = raw.lower().replace(",", " ").split()
    if not words:
        raise DateInputError(f"empty date: {HELP}")
    phrase = " ".join(words)
    if phrase == "now":
        return Moment(current.date(), None, current)
    if _OFFSET.match(phrase):
        try:
            instant = datetime.fromisoformat(raw)  # Python 3.11 reads Z and offsets
        except ValueError:
            raise DateInputError(f"cannot read {raw!r}: {HELP}") from None
        local = instant.astimezone(zone)
        return Moment(local.date(), local.time().replace(tzinfo=None), instant)
    match = _IN.match(phrase)
    if match:
        count, unit = int(match.group(1)), match.group(2)[0]
        if unit in "mh":
            delta = timedelta(minutes=count) if unit == "m" else timedelta(hours=count)
            instant = current + delta
            return Moment(instant.date(), instant.time().replace(tzinfo=None), instant)
        days = count * (7 if unit == "w" else 1)
        return Moment(current.date() + timedelta(days=days))
    day, rest = _read_day(words, current.date(), raw)
    if day is None:  # a time alone is today at that time
        try:
            return Moment(current.date(), _read_time(rest, raw))
        except DateInputError:
            raise DateInputError(f"cannot read {raw!r}: {HELP}") from None
    return Moment(day, _read_time(rest, raw) if rest else None)


def future_instant(text: str, *, now: datetime, tz: tzinfo | None = None,
                   default_time: time | None = None) -> datetime:
    """The aware instant `text` names. Without a time of day, `default_time` is used, and
    without that the text is refused (an interview needs its hour)."""
    zone = tz or local_zone()
    moment = read_moment(text, now=now, tz=zone)
    if moment.instant is not None:
        return moment.instant.astimezone(zone)
    at = moment.at or default_time
    if at is None:
        raise DateInputError(f"{text.strip()!r} names a day; add the time, e.g. "
                             f"{text.strip()} 10:00")
    wall = datetime.combine(moment.day, at)
    check_wall_time(wall.isoformat(sep=" ", timespec="minutes"), zone)
    return wall.replace(tzinfo=zone)


def future_day(text: str, *, now: datetime, tz: tzinfo | None = None) -> date:
    """The local day `text` names (a time, if given, only settles the day)."""
    zone = tz or local_zone()
    moment = read_moment(text, now=now, tz=zone)
    if moment.instant is not None:
        return moment.instant.astimezone(zone).date()
    return moment.day


def _read_day(words: list[str], today: date, raw: str) -> tuple[date | None, list[str]]:
    """The day the first words name, and the words left (a time, perhaps)."""
    first = words[0]
    if first in ("today", "tonight"):
        return today, words[1:]
    if first in ("tomorrow", "tmrw", "tmr"):
        return today + timedelta(days=1), words[1:]
    if first == "yesterday":
        return today - timedelta(days=1), words[1:]
    if first == "in":  # `in 3 days 10:00`, `in 2 weeks at 3pm`, `in 3d 9am`
        for taken in (2, 1):
            match = _IN_DAYS.match(" ".join(words[1:1 + taken]))
            if match and len(words) > 1 + taken:
                days = int(match.group(1)) * (7 if match.group(2)[0] == "w" else 1)
                return today + timedelta(days=days), words[1 + taken:]
    rest = words
    if first in ("next", "this", "on") and len(words) > 1:
        rest = words[1:]
    weekday = _weekday(rest[0])
    if weekday is not None:
        ahead = (weekday - today.weekday() - 1) % 7 + 1  # the first one after today
        return today + timedelta(days=ahead), rest[1:]
    match = _ISO_DAY.match(first)
    if match:
        return _real_day(raw, *(int(part) for part in match.groups())), words[1:]
    month_day = _month_day(words, today, raw)
    if month_day is not None:
        return month_day
    return None, words


def _month_day(words: list[str], today: date, raw: str) -> tuple[date, list[str]] | None:
    """`Dec 10`, `December 10th`, `10 Dec`, optionally with a year after."""
    if len(words) < 2:
        return None
    month = _month(words[0])
    number = _ordinal(words[1])
    if month is None or number is None:
        month, number = _month(words[1]), _ordinal(words[0])
        if month is None or number is None:
            return None
    rest = words[2:]
    if rest and re.fullmatch(r"\d{4}", rest[0]):
        return _real_day(raw, int(rest[0]), month, number), rest[1:]
    day = _real_day(raw, today.year, month, number)
    if day < today:
        day = _real_day(raw, today.year + 1, month, number)
    return day, rest


def _real_day(raw: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateInputError(f"{raw} is not a real date") from None


def _weekday(word: str) -> int | None:
    for number, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def _month(word: str) -> int | None:
    word = word.rstrip(".")
    for number, name in enumerate(MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def _ordinal(word: str) -> int | None:
    match = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", word)
    return int(match.group(1)) if match else None


def _read_time(words: list[str], raw: str) -> time:
    phrase = " ".join(words)
    if phrase in ("noon", "at noon", "midday"):
        return time(12, 0)
    match = _TIME.match(phrase)
    if not match:
        raise DateInputError(f"cannot read the time in {raw!r}: write e.g. 10:00, 3pm or 15:30")
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise DateInputError(f"{raw!r}: {hour}{half} is not a time; write 1 to 12 with am/pm")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    elif match.group(2) is None:
        raise DateInputError(f"cannot read the time in {raw!r}: write {hour}:00, {hour}am "
                             f"or {hour}pm")
    if hour > 23 or minute > 59:
        raise DateInputError(f"{raw!r}: {match.group(0)} is not a time of day")
    return time(hour, minute)
