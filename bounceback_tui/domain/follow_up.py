"""When an application needs a nudge: follow-up days, and the quiet and "ghosted?" rules.

Only labels: nothing is ever moved by itself.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from .stages import CLOSED_STAGES


class Waiting(Protocol):
    """What the rules read of an application (the store's ApplicationRecord has it)."""

    @property
    def stage(self) -> str: ...
    @property
    def follow_up_on(self) -> date | None: ...
    @property
    def last_activity_at(self) -> datetime: ...

QUIET_DAYS = 14
"""Days without news after which an active application is marked quiet (the default)."""
GHOST_DAYS = 30
"""Days without news after which the row asks "ghosted?" (the default)."""

WAITING_STAGES: frozenset[str] = frozenset({"applied", "screening", "interviewing"})
"""Stages where silence means something: these can go quiet, then look ghosted."""


def follow_up_label(
    record: Waiting, now: datetime, *, quiet_days: int, ghost_days: int
) -> tuple[str, str]:
    """The follow-up cell of a row and its kind (a component class suffix).

    A follow-up day, when set, wins: "due today", "due tomorrow", "in 3 days",
    "1 day overdue" (kinds "due", "upcoming", "overdue"; "closed" once the application is
    closed). Otherwise an application waiting in applied, screening or interviewing with no
    event for `ghost_days` reads "ghosted?" (kind "ghosted"), for `quiet_days` "quiet"
    (kind "quiet"). Only a label: nothing is ever moved.
    """
    day = record.follow_up_on
    if day is not None:
        today = now.date() if isinstance(now, datetime) else now
        if isinstance(day, datetime):
            day = day.date()
        days = (day - today).days
        if days == 0:
            text, kind = "due today", "due"
        elif days == 1:
            text, kind = "due tomorrow", "upcoming"
        elif days > 1:
            text, kind = f"in {days} days", "upcoming"
        else:
            text, kind = f"{-days} day{'s' if days < -1 else ''} overdue", "overdue"
        if record.stage in CLOSED_STAGES:
            kind = "closed"
        return text, kind
    if record.stage in WAITING_STAGES:
        silent_days = (now - record.last_activity_at).total_seconds() // 86_400
        if silent_days >= ghost_days:
            return "ghosted?", "ghosted"
        if silent_days >= quiet_days:
            return "quiet", "quiet"
    return "", ""
