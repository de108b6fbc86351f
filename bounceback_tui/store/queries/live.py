"""The cheap reads behind the dashboard's live refresh (issue 13): whether a change can have
touched what the Reflection pane lists, and the header's numbers without every metric.

A change made elsewhere used to cost the open dashboard every metric (`Store.stats`, ~60 ms
at 10,000 applications) and the whole journal (~100 ms); these answer the same questions in a
few milliseconds. Plain SQL on the driver connection, inside one read transaction (like
`timeline_query`); read only. Stored instants are naive UTC text of fixed width, so text
order is time order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from ...domain.stages import ACTIVE_STAGES
from ..instants import to_stored

JOURNAL_MARK_SQL = (
    "SELECT"
    " (SELECT count(*) FROM reflections), (SELECT max(id) FROM reflections),"
    " (SELECT total(revision) FROM reflections), (SELECT max(updated_at) FROM reflections),"
    " (SELECT count(*) FROM wins), (SELECT max(id) FROM wins),"
    " (SELECT count(*) FROM growth_actions), (SELECT max(id) FROM growth_actions),"
    " (SELECT count(done_at) FROM growth_actions), (SELECT max(done_at) FROM growth_actions),"
    " (SELECT count(application_id) FROM reflections)"
)
"""Counts, newest ids and newest change instants of the journal's tables."""


def journal_mark(raw: sqlite3.Connection, labelled: Iterable[int] = ()) -> tuple[Any, ...]:
    """A value that differs whenever what the Reflection pane lists can have changed: a
    reflection added, saved (its revision goes up), deleted or left about no application;
    a win added or deleted; a growth action added, done, reopened or deleted (or rewritten
    with its reflection); one of the `labelled` applications (those whose names the list
    shows) renamed or deleted. A labelled application moved to another stage leaves it as
    it was: the list shows its name, not its stage (comparing `updated_at` re-read the whole
    journal, ~0.1 s at 10,000 applications, whenever one of them moved)."""
    ids = sorted(set(labelled))
    names = tuple(raw.execute(
        f"SELECT id, company, role FROM applications WHERE id IN "
        f"({', '.join('?' * len(ids))}) ORDER BY id", ids).fetchall()) if ids else ()
    return (*raw.execute(JOURNAL_MARK_SQL).fetchone(), names)


@dataclass(frozen=True)
class PulseFacts:
    """The header's numbers: the same values as `Stats` and `follow_ups_due` give."""

    follow_ups_due: int
    """Active applications whose follow-up day is today or earlier."""
    current_run: int
    """No's since the last yes (`Stats.runs.current`)."""
    has_yes: bool
    """Whether any yes has happened (`Stats.runs.completed` is not empty)."""
    streak: int
    """Consecutive active local days up to today (`Stats.activity.current`)."""
    next_interview: NextInterview | None = None
    """The first interview starting from now on (take-homes aside), if any."""
    started: bool = True
    """Whether the hunt holds any application yet (a new user's header says what to do)."""


@dataclass(frozen=True)
class NextInterview:
    company: str
    kind: str
    starts_at: datetime


def next_interview(raw: sqlite3.Connection, now: datetime) -> NextInterview | None:
    """The first interview (not a take-home) starting at `now` or later: one index seek."""
    row = raw.execute(
        "SELECT a.company, i.kind, i.starts_at FROM interviews i JOIN applications a "
        "ON a.id = i.application_id WHERE i.starts_at >= ? ORDER BY i.starts_at, i.id LIMIT 1",
        [to_stored(now)]).fetchone()
    return None if row is None else NextInterview(row[0], row[1], _parse(row[2]))


def pulse_facts(raw: sqlite3.Connection, *, now: datetime, tz: tzinfo,
                memo: StreakMemo | None = None) -> PulseFacts:
    """The header's numbers at `now` (local days in `tz`), from a few indexed reads; `memo`
    keeps what a long streak's older days add up to between calls."""
    local = now.astimezone(tz)
    today = date(local.year, local.month, local.day)  # plain: pendulum's day sums are slow
    started = raw.execute("SELECT EXISTS (SELECT 1 FROM applications)").fetchone()[0] == 1
    return PulseFacts(follow_ups_due(raw, now.date()), *_current_run(raw),
                      _streak(raw, today, tz, memo or StreakMemo(), now), next_interview(raw, now),
                      started=started)


def follow_ups_due(raw: sqlite3.Connection, today: date) -> int:
    """Active applications whose follow-up day is `today` or earlier."""
    stages = sorted(ACTIVE_STAGES)
    return int(raw.execute(
        "SELECT count(*) FROM applications WHERE follow_up_on IS NOT NULL AND follow_up_on <= ?"
        f" AND stage IN ({', '.join('?' * len(stages))})", [today.isoformat(), *stages]
    ).fetchone()[0])


def _current_run(raw: sqlite3.Connection) -> tuple[int, bool]:
    """No's after the last yes, in the metrics' order (instant, then application id), and
    whether there was a yes."""
    last_yes = raw.execute(
        "SELECT outcome_at, id FROM applications WHERE outcome = 'yes' AND outcome_at IS NOT "
        "NULL ORDER BY outcome_at DESC, id DESC LIMIT 1").fetchone()
    sql = "SELECT count(*) FROM applications WHERE outcome = 'no' AND outcome_at IS NOT NULL"
    if last_yes is None:
        return int(raw.execute(sql).fetchone()[0]), False
    at, application_id = last_yes
    count = raw.execute(f"{sql} AND (outcome_at > ? OR (outcome_at = ? AND id > ?))",
                        [at, at, application_id]).fetchone()[0]
    return int(count), True


ACTIVITY_SQL = (
    "SELECT min(at), max(at) FROM ("
    " SELECT at FROM stage_events WHERE at >= :since AND at < :until"
    " UNION ALL SELECT saved_at FROM reflections WHERE status = 'saved'"
    "  AND saved_at >= :since AND saved_at < :until"
    " UNION ALL SELECT at FROM wins WHERE at >= :since AND at < :until"
    " UNION ALL SELECT done_at FROM growth_actions WHERE done_at >= :since AND done_at < :until"
    " UNION ALL SELECT starts_at FROM interviews WHERE starts_at >= :since"
    "  AND starts_at < :until AND starts_at <= :held"
    ") GROUP BY substr(at, 1, 10)"
)
"""Instants covering every active local day in [since, until): each UTC day's first and last
(a UTC day spans at most two local days), as `Store.stats` reads them; interviews count once
held (started by `:held`)."""

RECENT_DAYS = 21
"""How far back the streak is read on every refresh; a longer streak adds the run before
those days, remembered (`StreakMemo`) while no write touches an instant before them."""


class StreakMemo:
    """Remembers how many consecutive days were active up to a day before the recent ones,
    for as long as no write touches an instant before that day (a generated or long hunt is
    active every day for years: reading all of it on every change would cost ~25 ms).

    Triggers log the earliest instant each write to an activity table touched
    (`activity_touches`, the newest 256); the memo keeps the newest touch it has seen and asks
    only about those after it: one seek, not a look at every older row."""

    def __init__(self) -> None:
        self._remembered: tuple[tuple[str, str], int, int] | None = None
        """(until, zone), the run, and the newest touch seen when it was counted."""

    def run_before(self, raw: sqlite3.Connection, day: date, tz: tzinfo) -> int:
        """Consecutive active local days ending the day before `day`."""
        until = to_stored(_midnight(day, tz))
        key = (until, str(tz))
        oldest, newest = raw.execute(
            "SELECT min(id), max(id) FROM activity_touches").fetchone()
        remembered = self._remembered
        if remembered is not None and remembered[0] == key and self._untouched(
                raw, until, seen=remembered[2], oldest=oldest):
            self._remembered = (key, remembered[1], newest or 0)
            return remembered[1]
        days = _active_days(raw, tz, since="", until=until)
        run, end = 0, day - timedelta(days=1)
        while end in days:
            run += 1
            end -= timedelta(days=1)
        self._remembered = (key, run, newest or 0)
        return run

    @staticmethod
    def _untouched(raw: sqlite3.Connection, until: str, *, seen: int,
                   oldest: int | None) -> bool:
        """Whether no write after touch `seen` touched an instant before `until` (and none
        the memo has not seen was dropped from the log meanwhile)."""
        if oldest is not None and oldest > seen + 1:
            return False  # more writes than the log keeps: look at everything again
        earliest = raw.execute("SELECT min(at) FROM activity_touches WHERE id > ?",
                               [seen]).fetchone()[0]
        return earliest is None or earliest >= until


def _streak(raw: sqlite3.Connection, today: date, tz: tzinfo, memo: StreakMemo,
            now: datetime) -> int:
    """`activity_streaks(...).current` (consecutive active local days ending today, or
    yesterday when today has nothing yet), reading only the recent days."""
    first = today - timedelta(days=RECENT_DAYS)
    days = _active_days(raw, tz, since=to_stored(_midnight(first, tz)), until="~",
                        held=to_stored(now))
    end = today if today in days else today - timedelta(days=1)
    streak = 0
    while end in days:
        streak += 1
        end -= timedelta(days=1)
    if end < first:  # active on every recent day: the run before them counts too
        streak += memo.run_before(raw, first, tz)
    return streak


def _active_days(raw: sqlite3.Connection, tz: tzinfo, *, since: str, until: str,
                 held: str | None = None) -> set[date]:
    rows = raw.execute(ACTIVITY_SQL, {"since": since, "until": until,
                                      "held": held or until}).fetchall()
    return {_parse(text).astimezone(tz).date() for pair in rows for text in pair}


def _midnight(day: date, tz: tzinfo) -> datetime:
    """The first instant of local day `day`."""
    import pendulum

    return pendulum.datetime(day.year, day.month, day.day, tz=tz)


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")  # stored text is UTC
