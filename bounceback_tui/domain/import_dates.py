"""Dates as other trackers write them (issue 15): `12/3/26, 9:41 AM` (LinkedIn),
`November 10, 2026 9:41 AM` (Notion), `2026-03-05` (JobSync), `2026-03-09T16:02:44.120Z`
(Huntr's activity log), `2026/11/30`, `30.11.2026`, `9/19` (a sheet without years), and the
placeholders people leave in empty cells (`N/A`, `-`, `—`, `TBD`).

Day and month order is decided per column from all its values: one `13/01/2026` makes the
column day-first; a column whose every value could be read both ways is *ambiguous*, and only
then is the person asked (`--dates dmy|mdy`). Pure: no clock but the one passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

PLACEHOLDERS = frozenset({"", "n/a", "na", "n.a.", "-", "--", "—", "–", "tbd", "tba",
                          "none", "null", "nil"})
"""What an empty cell says in other people's sheets."""

_NUMERIC = re.compile(
    r"^(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{2}|\d{4}))?"
    r"(?:,?\s+(?P<time>.+))?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([ap]\.?m\.?)?$",
                   re.IGNORECASE)


class DateCellError(ValueError):
    """A cell that is not a date (the message says how it was read)."""


@dataclass(frozen=True)
class DateCell:
    """A date read from a cell: the day, the wall time when given, its offset when given."""

    day: date
    at: time | None = None
    offset: timezone | None = None


def is_placeholder(text: str) -> bool:
    return text.strip().lower() in PLACEHOLDERS


def _parts(text: str) -> tuple[int, int, int | None, str, str | None] | None:
    """(first, second, year or None, separator, time text) of a numeric date, year last;
    None when the text is not one (or is year first)."""
    match = _NUMERIC.match(text.strip())
    if match is None or len(match.group("a")) > 2:
        return None
    year = match.group("c")
    return (int(match.group("a")), int(match.group("b")), int(year) if year else None,
            match.group("sep"), match.group("time"))


def order_hint(text: str) -> str | None:
    """What one value says of its column's day/month order: "dmy" (it reads only day
    first), "mdy" (only month first), "either" (both ways, to different days), None
    (nothing: not a numeric date, or the day and month are the same number)."""
    parts = _parts(text)
    if parts is None:
        return None
    first, second = parts[0], parts[1]
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return "either" if first != second else None


def column_order(texts: Iterable[str]) -> str | None:
    """`dmy` or `mdy` for a column of dates, from all its values; None when every numeric
    value could be read both ways and two of them would differ (ask the person).
    DateCellError when the values disagree (one is only day first, another month first)."""
    day_first = month_first = None
    undecided = False
    for text in texts:
        hint = order_hint(text)
        if hint == "dmy":
            day_first = day_first or text.strip()
        elif hint == "mdy":
            month_first = month_first or text.strip()
        elif hint == "either":
            undecided = True
    if day_first and month_first:
        raise DateCellError(f"holds both {day_first!r} (day first) and {month_first!r} "
                            "(month first)")
    if day_first:
        return "dmy"
    if month_first or not undecided:
        return "mdy"  # month first seen, or the order changes nothing
    return None


def both_readings(text: str) -> tuple[str, str]:
    """How an ambiguous value reads day first and month first (`3 Apr 2026`, `4 Mar 2026`)."""
    parts = _parts(text)
    assert parts is not None
    first, second, year, _sep, _time = parts
    shown_year = "" if year is None else f" {year + 2000 if year < 100 else year}"

    def one(day: int, month: int) -> str:
        return f"{day} {date(2000, month, 1):%b}{shown_year}"

    return one(first, second), one(second, first)


def read_date(text: str, *, order: str | None, today: date) -> DateCell | None:
    """The date in a cell (None for a placeholder), its month and day in `order` when they
    are numbers. A year left out is the latest such day not after `today`."""
    raw = text.strip()
    if raw.lower() in PLACEHOLDERS:
        return None
    raw = raw.split("→")[0].strip()  # a Notion range: its start
    raw = re.sub(r"\s*\([A-Za-z]{2,5}\)$", "", raw)  # "9:41 AM (PST)": the zone is dropped
    if _ISO.match(raw) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return _iso(raw)
    year_first = re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", raw)
    if year_first:
        return DateCell(_real(int(year_first[1]), int(year_first[2]), int(year_first[3]), raw))
    parts = _parts(raw)
    if parts is not None:
        first, second, year, _sep, time_text = parts
        if order is None:
            raise DateCellError(f"{raw!r} could be day or month first")
        day, month = (first, second) if order == "dmy" else (second, first)
        if year is None:
            year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
        elif year < 100:
            year += 2000
        return DateCell(_real(year, month, day, raw), _time(time_text, raw))
    return _named(raw)


def _iso(raw: str) -> DateCell:
    text = raw.replace("Z", "+00:00").replace(" ", "T", 1)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise DateCellError(f"{raw!r} is not a real date") from None
    if len(raw) == 10:
        return DateCell(moment.date())
    offset = moment.tzinfo if isinstance(moment.tzinfo, timezone) else None
    return DateCell(moment.date(), moment.time().replace(tzinfo=None), offset)


def _real(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateCellError(f"{raw!r} is not a real date") from None


def _time(text: str | None, raw: str) -> time | None:
    if not text:
        return None
    match = _TIME.match(text.replace("\u202f", " ").strip())
    if match is None:
        raise DateCellError(f"cannot read the time in {raw!r}")
    hour, minute = int(match[1]), int(match[2])
    meridiem = (match[4] or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise DateCellError(f"{raw!r}: {hour} is not an hour of a 12-hour clock")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateCellError(f"{raw!r} is not a real time")
    return time(hour, minute)


_NAMED = re.compile(
    r"^(?:(?P<wd>[A-Za-z]{3,9}),?\s+)?(?:(?P<m1>[A-Za-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[A-Za-z]{3,9})\.?),?\s+(?P<y>\d{4})"
    r"(?:,?\s+(?:at\s+)?(?P<time>.+))?$")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _named(raw: str) -> DateCell:
    """`November 10, 2026`, `Nov 10 2026 9:41 AM`, `10 November 2026`, `Tue, 3 Mar 2026`."""
    match = _NAMED.match(raw)
    if match is None:
        raise DateCellError(f"cannot read the date {raw!r}")
    name = (match["m1"] or match["m2"]).lower()
    month = next((n for n, short in enumerate(_MONTHS, start=1) if name.startswith(short)
                  and (len(name) == 3 or _full(name))), None)
    if month is None:
        raise DateCellError(f"cannot read the month in {raw!r}")
    day = int(match["d1"] or match["d2"])
    return DateCell(_real(int(match["y"]), month, day, raw), _time(match["time"], raw))


def _full(name: str) -> bool:
    return name in ("january", "february", "march", "april", "may", "june", "july",
                    "august", "september", "sept", "october", "november", "december")


def local_instant(cell: DateCell, tz: object) -> datetime:
    """The instant a cell with a time names: its wall time where the person is (or at its
    offset, when it has one)."""
    import pendulum

    if cell.at is None:
        raise ValueError("a day without a time has no instant of its own")
    if cell.offset is not None:
        return datetime.combine(cell.day, cell.at, cell.offset)
    return pendulum.datetime(cell.day.year, cell.day.month, cell.day.day, cell.at.hour,
                             cell.at.minute, tz=tz)  # type: ignore[arg-type]

