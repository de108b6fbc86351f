"""When an application needs a nudge: follow-up days, and the quiet and "ghosted?" rules.

Only labels: nothing is ever moved by itself.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date, datetime, timedelta
from typing import Any, Protocol

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
    (kind "quiet"), unless the current stage's date is unknown (an import). Only a label:
    nothing is ever moved.
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
    if record.stage in WAITING_STAGES and getattr(record, "stage_dated", True):
        # (a stage whose date is unknown cannot say how long it has been quiet)
        silent_days = (now - record.last_activity_at).total_seconds() // 86_400
        if silent_days >= ghost_days:
            return "ghosted?", "ghosted"
        if silent_days >= quiet_days:
            return "quiet", "quiet"
    return "", ""


SHORT_KINDS = {"phone screen": "phone", "technical": "tech", "other": "interview"}
"""How an interview's kind reads in the table's narrow "Next" cell."""

ASK_WINDOW_HOURS = 12
"""How long after an interview ends its row asks "how did it go?" (unless noted)."""


def next_label(record: Any, now: datetime, *, quiet_days: int, ghost_days: int,
               skipped: Container[int] = ()) -> tuple[str, str]:
    """The table's "Next" cell and its kind: an interview coming up wins ("tech tmrw 10:00",
    kind "interview"); then one that ended in the last hours without a note asks "how did
    it go?" (kind "ask"; not for an application in `skipped`); then the follow-up rules.
    `record.next_interview` is (instant, kind) or None; `record.unnoted_interview` is
    (start, minutes) or None; `now` is aware and local."""
    upcoming = getattr(record, "next_interview", None)
    if upcoming is not None and record.stage not in CLOSED_STAGES:
        at, kind = upcoming
        if at > now:
            return interview_cell(kind, at.astimezone(now.tzinfo), now), "interview"
    ended = getattr(record, "unnoted_interview", None)
    if ended is not None and record.id not in skipped:
        start, minutes = ended
        finish = start + timedelta(minutes=minutes or 60)
        if start <= now and now - timedelta(hours=ASK_WINDOW_HOURS) <= finish:
            return ("how did it go?", "ask") if finish <= now else ("on now", "interview")
    return follow_up_label(record, now, quiet_days=quiet_days, ghost_days=ghost_days)


def interview_cell(kind: str, at: datetime, now: datetime) -> str:
    """`tech today 10:00`, `video tmrw 09:30`, `onsite Fri 15:00`, `final 10 Dec`;
    a take-home by its due day (`take-home Fri`)."""
    short = SHORT_KINDS.get(kind, kind)
    days = (at.date() - now.date()).days
    day = ("today" if days == 0 else "tmrw" if days == 1 else
           f"{at:%a}" if days < 7 else f"{at.day} {at:%b}")
    if kind == "take-home" or days >= 7:
        return f"{short} {day}"
    return f"{short} {day} {at:%H:%M}"
