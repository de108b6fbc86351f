"""Instants as the file holds them: UTC text, fixed width, so text order is time order.

Plain Python (no SQLAlchemy), shared by the column type and the quick pipeline reads.
"""

from __future__ import annotations

from datetime import UTC, datetime

INSTANT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
"""How an instant is written in the file: UTC, fixed width, so text order is time order."""


EARLIEST = datetime(1899, 12, 31, tzinfo=UTC)
"""The earliest instant kept (1 January 1900 anywhere on Earth): older ones are slips."""
LATEST = datetime(9999, 1, 1, tzinfo=UTC)
"""Instants from here on are refused: a few hours more and UTC would overflow year 9999."""


def out_of_range(value: datetime) -> str | None:
    """Why an aware instant cannot be kept (`before 1900`, `after 9998`), or None."""
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        return "before 1900" if value.year < 5000 else "after 9998"
    if utc < EARLIEST:
        return "before 1900"
    if utc >= LATEST:
        return "after 9998"
    return None


def to_stored(value: datetime) -> str:
    """The stored text of an aware instant (INSTANT_FORMAT, the year always four digits:
    strftime writes the year 110 as `110`, which would sort after `2026`). Naive datetimes
    are refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime refused: instants must carry a time zone")
    text = value.astimezone(UTC).strftime(INSTANT_FORMAT)
    return text if len(text) == 26 else text.zfill(26)  # zeros before a short year


def from_stored(text: str) -> datetime:
    """A stored instant as a pendulum DateTime in UTC (built directly: a page of the
    pipeline converts hundreds of these per keystroke, and `pendulum.instance` is 8x slower)."""
    import pendulum

    d = datetime.fromisoformat(text)
    return pendulum.DateTime(d.year, d.month, d.day, d.hour, d.minute, d.second,
                             d.microsecond, tzinfo=pendulum.UTC)
