"""Checking and converting the values a `Store` writes: instants that must carry a zone and
fit a real date, text that must be valid UTF-8, a reflection's answers, and the undo log's
JSON form of a row. Shared by the store's parts (`service`, `planning`, `journal`,
`insight`, `interchange`); no database here."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from .errors import InvalidInput
from .instants import out_of_range
from .records import ACTION_KINDS, FEEDBACK_STATUSES, REFLECTION_ANSWERS
from .types import to_stored


def utc_now() -> datetime:
    """Now, in UTC. Through pendulum once it is loaded (so `pendulum.travel_to` freezes the
    store's clock in tests and the dashboard); quick CLI commands skip importing it."""
    pendulum = sys.modules.get("pendulum")
    if pendulum is not None:
        return pendulum.now("UTC")
    return datetime.now(UTC)


def aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{what} needs a time zone (naive datetimes are refused)")
    problem = out_of_range(value)
    if problem:
        raise InvalidInput(f"{what} {value.isoformat()} is {problem}; give the real date")
    return value


def label(company: str, role: str) -> str:
    return f"{company} — {role}" if role else company


def valid_id(key: object) -> bool:
    """An id SQLite can hold (a larger number would overflow the query, not just miss)."""
    return isinstance(key, int) and not isinstance(key, bool) and 0 < key < 2**63


def check_text(values: Mapping[str, Any]) -> None:
    """Refuse text that cannot be stored as UTF-8 (lone surrogates from undecodable bytes)."""
    for name, value in values.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise InvalidInput(
                    f"{name.replace('_', ' ')} holds bytes that are not valid UTF-8; "
                    "check the terminal's encoding") from None


def columns(model: type) -> list[str]:
    return [c.name for c in model.__table__.columns]


def jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values ready for the undo log: instants as stored text, days as ISO text."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, datetime):
            out[name] = {"instant": to_stored(value)}
        elif isinstance(value, date):
            out[name] = {"day": value.isoformat()}
        else:
            out[name] = value
    return out


def from_jsonable(model: type, values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dict) and "instant" in value:
            out[name] = parse_stored(value["instant"])
        elif isinstance(value, dict) and "day" in value:
            out[name] = date.fromisoformat(value["day"])
        else:
            out[name] = value
    return out


def parse_stored(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")  # 5x faster than .replace(tzinfo=UTC)


def check_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(answers) - set(REFLECTION_ANSWERS)
    if unknown:
        raise InvalidInput(f"unknown reflection fields: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for name, value in answers.items():
        if name in ("feelings", "reasons", "mismatches"):
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise InvalidInput(f"{name} must be a list of words")
            values[name] = list(value)
        elif name in ("mood_before", "mood_after"):
            if value is not None and (isinstance(value, bool) or value not in range(1, 6)):
                raise InvalidInput(f"{name.replace('_', ' ')} must be 1 to 5")
            values[name] = value
        elif name == "feedback_status":
            if value not in FEEDBACK_STATUSES:
                raise InvalidInput(
                    f"feedback status must be one of: {', '.join(FEEDBACK_STATUSES)}")
            values[name] = value
        elif name == "commitment_kind":
            if value and value not in ACTION_KINDS:
                raise InvalidInput(f"commitment kind must be one of: {', '.join(ACTION_KINDS)}")
            values[name] = value or ""
        elif name == "commitment_due":
            if value is not None and not isinstance(value, date):
                raise InvalidInput("commitment due must be a day")
            values[name] = value
        else:
            if not isinstance(value, str):
                raise InvalidInput(f"{name.replace('_', ' ')} must be text")
            values[name] = value
    return values
