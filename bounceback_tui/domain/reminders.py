"""Which reminders are due (issue 14): an interview some minutes before it starts (60 and 10
by default), a follow-up on the morning of its day. Never twice for the same thing, never at
night (22:00 to 08:00 local) unless the interview itself is then. Pure: the dashboard's
`ReminderWatch` reads the plan and shows what this returns."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

NIGHT_FROM, NIGHT_UNTIL = 22, 8
"""Local hours of the night: no reminder then, unless for an interview then."""


@dataclass(frozen=True)
class Reminder:
    keys: tuple[tuple[Any, ...], ...]
    """What it stands for; once shown, none of these is shown again."""
    title: str
    message: str


def at_night(moment: datetime) -> bool:
    return moment.hour >= NIGHT_FROM or moment.hour < NIGHT_UNTIL


ASK_AFTER_HOURS = 12
"""How long after an interview ends "how did it go?" may still be asked (once)."""


def due_reminders(*, now: datetime, interviews: Iterable[Any], follow_ups: Iterable[Any],
                  minutes_before: Sequence[int], shown: Collection[tuple[Any, ...]],
                  ended: Iterable[Any] = ()) -> list[Reminder]:
    """The reminders to show at `now` (aware, local). `interviews` have id, company, kind and
    starts_at; `follow_ups` have id, company and role (those due today); `ended` are
    interviews (also with minutes and how_it_went) that may have ended: each that has, in
    the last hours and without a note yet, is asked about once."""
    from .user_text import visible

    due: list[Reminder] = []
    night = at_night(now)
    asks = []
    for interview in ended if not night else ():
        finish = interview.starts_at.astimezone(now.tzinfo) + timedelta(
            minutes=interview.minutes or 60)
        key = ("how", interview.id)
        if (interview.how_it_went or key in shown or finish > now
                or now - finish > timedelta(hours=ASK_AFTER_HOURS)):
            continue
        asks.append((key, f"{visible(interview.company)} · {interview.kind}"))
    if len(asks) == 1:
        due.append(Reminder((asks[0][0],), "How did it go?",
                            f"{asks[0][1]}: h on its row keeps a line about it, if you like."))
    elif asks:  # one question for all of them, not a toast each
        due.append(Reminder(tuple(key for key, _ in asks), "How did they go?",
                            f"{_listed([name for _, name in asks])}: h on a row keeps a "
                            "line about each, if you like."))
    coming = []
    for interview in interviews:
        start = interview.starts_at.astimezone(now.tzinfo)
        left = (start - now).total_seconds() / 60
        if left <= 0:
            continue
        keys = tuple(("interview", interview.id, m) for m in minutes_before if left <= m)
        if not keys or all(key in shown for key in keys):
            continue
        if night and not at_night(start):
            continue  # the morning will do: the reminder is still due then
        soon = f"{round(left)} min" if left < 60 else (
            f"{left / 60:.0f} h" if left < 48 * 60 else f"{left / 1440:.0f} days")
        coming.append((keys, f"{visible(interview.company)} · {interview.kind} in {soon}, "
                             f"at {start:%H:%M}"))
    if coming:  # two at once (a panel day): one toast that names both
        due.append(Reminder(tuple(key for keys, _ in coming for key in keys), "Coming up",
                            "; ".join(line for _, line in coming[:3])
                            + (f"; and {len(coming) - 3} more" if len(coming) > 3 else "")
                            + ". You have prepared for this."))
    if not night:
        waiting = [(("follow_up", application.id, now.date().isoformat()), application)
                   for application in follow_ups]
        waiting = [(key, application) for key, application in waiting if key not in shown]
        if len(waiting) == 1:
            application = waiting[0][1]
            due.append(Reminder((waiting[0][0],), "Follow up today",
                                f"{visible(application.company)} — "
                                f"{visible(application.role)}: a short, friendly note "
                                "is enough."))
        elif waiting:  # one reminder for all of them, not a toast each
            names = [visible(application.company) for _, application in waiting]
            due.append(Reminder(tuple(key for key, _ in waiting), "Follow up today",
                                f"{_listed(names)}: a short, friendly note to each is "
                                "enough."))
    return due


def _listed(names: list[str]) -> str:
    """`A and B`, `A, B and C`, `A, B and 3 more`."""
    if len(names) <= 3:
        return ", ".join(names[:-1]) + f" and {names[-1]}"
    return f"{', '.join(names[:2])} and {len(names) - 2} more"
