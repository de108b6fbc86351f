"""Instants and days as the screens show them: humanised ("3 days ago") and exact, in the
person's own time zone. pendulum is imported on first use, not when the app starts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pendulum

Clock = Callable[[], datetime]
"""Something that says what time it is now (tests pass a fixed one)."""

EXACT_FORMAT = "ddd D MMM YYYY HH:mm"
DAY_FORMAT = "ddd D MMM YYYY"


def system_now() -> pendulum.DateTime:
    """The current instant, from the system clock (the default `Clock`)."""
    import pendulum

    return pendulum.now("UTC")


def zone(tz: tzinfo | str | None) -> tzinfo:
    """`tz`, or the machine's time zone when None."""
    import pendulum

    from bounceback_tui.domain.dates import local_zone

    if tz is None:
        return local_zone()
    if isinstance(tz, str):
        return pendulum.timezone(tz)
    return tz


def in_zone(instant: datetime, tz: tzinfo | str | None = None) -> pendulum.DateTime:
    """`instant` as a pendulum DateTime in `tz` (the machine's zone by default)."""
    import pendulum

    return pendulum.instance(instant).in_timezone(zone(tz))  # type: ignore[arg-type]


def exact(instant: datetime, tz: tzinfo | str | None = None) -> str:
    """A local date and time, e.g. `Tue 3 Mar 2026 14:05`."""
    return in_zone(instant, tz).format(EXACT_FORMAT)


def day_text(day: date) -> str:
    """A calendar day, e.g. `Tue 3 Mar 2026`."""
    import pendulum

    return pendulum.date(day.year, day.month, day.day).format(DAY_FORMAT)


def humanised(instant: datetime | None, now: datetime) -> str:
    """How long ago (or ahead) `instant` is from `now`: `just now` within 45 seconds, else
    e.g. `3 days ago`, `in 2 hours`; "" for None. The one "how long ago" of the app."""
    if instant is None:
        return ""
    import pendulum

    when = instant if isinstance(instant, pendulum.DateTime) else pendulum.instance(instant)
    seconds = (now - when).total_seconds()
    if abs(seconds) < 45:
        return "just now"
    amount = pendulum.format_diff(when.diff(now), is_now=True, absolute=True)
    return f"{amount} ago" if seconds > 0 else f"in {amount}"


def relative_day(day: date, today: date) -> str:
    """`today`, `tomorrow`, `yesterday`, `in 12 days`, `3 days ago`; beyond a month, pendulum's
    rounding (`in 2 months`)."""
    import pendulum

    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if abs(delta) <= 31:
        return f"in {delta} days" if delta > 0 else f"{-delta} days ago"
    start = pendulum.datetime(day.year, day.month, day.day)
    end = pendulum.datetime(today.year, today.month, today.day)
    return pendulum.format_diff(start.diff(end), True)
