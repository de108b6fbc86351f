"""Column types: instants stored as UTC text, returned as pendulum DateTimes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, types
from sqlalchemy.engine.interfaces import Dialect

from .instants import INSTANT_FORMAT, from_stored, to_stored

__all__ = ["INSTANT_FORMAT", "Instant", "from_stored", "to_stored"]


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
