"""Column types: instants stored as UTC text, returned as pendulum DateTimes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, types
from sqlalchemy.engine.interfaces import Dialect

INSTANT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
"""How an instant is written in the file: UTC, fixed width, so text order is time order."""


def to_stored(value: datetime) -> str:
    """The stored text of an aware instant. Naive datetimes are refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime refused: instants must carry a time zone")
    return value.astimezone(UTC).strftime(INSTANT_FORMAT)


def from_stored(text: str) -> datetime:
    """A stored instant as a pendulum DateTime in UTC."""
    import pendulum

    return pendulum.instance(datetime.fromisoformat(text + "+00:00"))


class Instant(types.TypeDecorator[datetime]):
    """An aware instant, kept in UTC; comes back as a pendulum DateTime."""

    impl = String(26)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return to_stored(datetime.fromisoformat(value))
        return to_stored(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return from_stored(value)

    def __repr__(self) -> str:
        return "Instant()"
