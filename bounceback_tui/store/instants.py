"""Instants as the file holds them: UTC text, fixed width, so text order is time order.

Plain Python (no SQLAlchemy), shared by the column type and the quick pipeline reads.
"""

from __future__ import annotations

from datetime import UTC, datetime

INSTANT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
"""How an instant is written in the file: UTC, fixed width, so text order is time order."""


def to_stored(value: datetime) -> str:
    """The stored text of an aware instant. Naive datetimes are refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime refused: instants must carry a time zone")
    return value.astimezone(UTC).strftime(INSTANT_FORMAT)


def from_stored(text: str) -> datetime:
    """A stored instant as a pendulum DateTime in UTC (built directly: a page of the
    pipeline converts hundreds of these per keystroke, and `pendulum.instance` is 8x slower)."""
    import pendulum

    d = datetime.fromisoformat(text)
    return pendulum.DateTime(d.year, d.month, d.day, d.hour, d.minute, d.second,
                             d.microsecond, tzinfo=pendulum.UTC)
