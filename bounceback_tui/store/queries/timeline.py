"""The journey's reads in plain sqlite3: a timeline of everything that happened, the facts
the charts draw, and the story of the no's that led to an offer.

Read only, no SQLAlchemy: the store runs these on its driver connection inside one read
transaction (`Store.timeline`, `Store.chart_data`, `Store.offer_story`). Stored instants are
naive UTC text of fixed width, so text order is time order; every instant handed out is an
aware `datetime` in UTC.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from ...domain.stages import NO_STAGES, YES_STAGES
from ..instants import to_stored

if TYPE_CHECKING:
    from ...domain.metrics import ApplicationSummary, Stats

KINDS = ("applied", "moved", "no", "yes", "reflection", "win", "action")
"""Every kind of timeline item."""

SOURCE_ORDER = {"event": 0, "reflection": 1, "win": 2, "action": 3, "interview": 4}
"""The second part of an item's key: which table it comes from. Items at the same instant
list newest first as actions, wins, reflections, then stage events (those by id, newest
first, so an application's history keeps its order)."""


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")  # stored text is UTC; 5x faster than replace


def _stage_kind(stage: str) -> str:
    if stage == "applied":
        return "applied"
    if stage in NO_STAGES:
        return "no"
    if stage in YES_STAGES:
        return "yes"
    return "moved"


# --- the timeline ----------------------------------------------------------------------------


class TimelineItem(NamedTuple):
    """One thing that happened, for the journey's timeline."""

    kind: str
    """applied | moved | no | yes | reflection | win | action | interview (one held: its
    kind is in `stage`, how it went in `text`)"""
    at: datetime
    """When, aware, in UTC."""
    stage: str
    """The stage, for stage events ("" otherwise)."""
    application_id: int | None
    """The application of a stage event or reflection (of an action: its reflection's)."""
    reflection_id: int | None
    """For a reflection (for an action made from a reflection's commitment: that one)."""
    company: str
    """"" when there is none."""
    role: str
    text: str
    """The event's note, the win, the action, or a reflection's next step (may be "")."""
    bounce_days: float | None
    """For a no: fractional days to the first job-hunt action strictly after it; None when
    there is none yet (and for every other kind)."""
    key: tuple[str, int, int]
    """Paging cursor (pass the last item's key as `before`); opaque to callers."""
    dated: bool = True
    """False for a stage event whose date is unknown (shown so; `at` is only its place)."""


# One branch per source, with {where} for its bounds.
_EVENTS = (
    "SELECT e.at AS at, 0 AS ord, e.id AS id, e.stage AS stage, e.application_id AS app,"
    " NULL AS ref, a.company AS company, a.role AS role, e.note AS text, e.dated AS dated"
    " FROM stage_events e JOIN applications a ON a.id = e.application_id WHERE {where}"
)
_REFLECTIONS = (  # no index on saved_at: pick the page's ids first, then read those rows
    "SELECT r.saved_at, 1, r.id, '', r.application_id, r.id, coalesce(a.company, ''),"
    " coalesce(a.role, ''), r.next_step, 1"
    " FROM (SELECT r.id FROM reflections r"
    "  WHERE r.status = 'saved' AND r.saved_at IS NOT NULL AND {where}"
    "  ORDER BY r.saved_at DESC, r.id DESC LIMIT :limit) page"
    " JOIN reflections r ON r.id = page.id LEFT JOIN applications a ON a.id = r.application_id"
)
_WINS = "SELECT w.at, 2, w.id, '', NULL, NULL, '', '', w.text, 1 FROM wins w WHERE {where}"
_ACTIONS = (  # a completed growth action, with the application of the reflection it came from
    "SELECT g.done_at, 3, g.id, '', r.application_id, g.reflection_id,"
    " coalesce(a.company, ''), coalesce(a.role, ''), g.text, 1"
    " FROM growth_actions g LEFT JOIN reflections r ON r.id = g.reflection_id"
    " LEFT JOIN applications a ON a.id = r.application_id"
    " WHERE g.done_at IS NOT NULL AND {where}"
)
_INTERVIEWS = (  # an interview once it has started (`now` bounds it: the plan is not a story)
    "SELECT i.starts_at, 4, i.id, i.kind, i.application_id, NULL, a.company, a.role,"
    " i.how_it_went, 1 FROM interviews i JOIN applications a ON a.id = i.application_id"
    " WHERE i.starts_at IS NOT NULL AND i.starts_at <= :now AND {where}"
)
_ARMS = (  # (branch, its instant column, its id column, its source order)
    (_EVENTS, "e.at", "e.id", SOURCE_ORDER["event"]),
    (_REFLECTIONS, "r.saved_at", "r.id", SOURCE_ORDER["reflection"]),
    (_WINS, "w.at", "w.id", SOURCE_ORDER["win"]),
    (_ACTIONS, "g.done_at", "g.id", SOURCE_ORDER["action"]),
)

NEXT_ACTION_SQL = (
    "SELECT min(t) FROM ("
    " SELECT (SELECT at FROM stage_events WHERE stage = 'applied' AND at > ?1"
    "  ORDER BY at LIMIT 1) AS t"
    " UNION ALL SELECT (SELECT min(at) FROM wins WHERE at > ?1)"
    " UNION ALL SELECT (SELECT min(done_at) FROM growth_actions WHERE done_at > ?1))"
)
"""The first job-hunt action strictly after an instant, reflections aside: an applied event,
a win or a completed action (each one index seek)."""


def timeline_sql(*, since: bool, before: bool, interviews: bool = False) -> str:
    """The one UNION ALL query of a timeline page. Each branch carries the bounds itself, so
    SQLite walks each table's index on its instant (newest first) and merges the branches,
    stopping at the page's end instead of sorting the whole history. With `interviews`, the
    interviews held up to `:now` too."""
    arms = []
    chosen = _ARMS + ((_INTERVIEWS, "i.starts_at", "i.id", SOURCE_ORDER["interview"]),
                      ) if interviews else _ARMS
    for sql, column, id_column, order in chosen:
        terms = []
        if before:
            # `<= ?` is what the index can seek; the row value settles ties at that instant.
            terms.append(f"{column} <= :b_at AND ({column}, {order}, {id_column})"
                         " < (:b_at, :b_ord, :b_id)")
        if since:
            terms.append(f"{column} >= :since")
        arms.append(sql.format(where=" AND ".join(terms) or "1"))
    return " UNION ALL ".join(arms) + " ORDER BY 1 DESC, 2 DESC, 3 DESC LIMIT :limit"


def timeline_page(
    conn: sqlite3.Connection,
    *,
    since: datetime | None = None,
    before: tuple[str, int, int] | None = None,
    limit: int = 200,
    now: datetime | None = None,
) -> list[TimelineItem]:
    """One page of the timeline, newest first (by instant, then source, then id); with
    `now`, the interviews held by then are part of it.

    `before` is the previous page's last item's `key`; `since` keeps items at or after that
    instant. `limit` is at most how many items come back.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError("limit must be a whole number, 1 or more")
    params: dict[str, object] = {"limit": limit}
    if before is not None:
        try:
            b_at, b_ord, b_id = before
        except (TypeError, ValueError):
            raise ValueError("before must be a key of a timeline item") from None
        if not (isinstance(b_at, str) and isinstance(b_ord, int) and isinstance(b_id, int)):
            raise ValueError("before must be a key of a timeline item")
        params.update(b_at=b_at, b_ord=b_ord, b_id=b_id)
    if since is not None:
        params["since"] = to_stored(since)
    if now is not None:
        params["now"] = to_stored(now)
    rows = conn.execute(
        timeline_sql(since=since is not None, before=before is not None,
                     interviews=now is not None), params
    ).fetchall()
    items: list[TimelineItem] = []
    reflections: list[str] | None = None
    for at, ord_, key, stage, app, ref, company, role, text, dated in rows:
        bounce = None
        if ord_ == 0:
            kind = _stage_kind(stage)
            if kind == "no" and dated:  # a no whose date is unknown has no bounce-back
                if reflections is None:
                    oldest = min(r[0] for r in rows if r[1] == 0 and r[3] in NO_STAGES)
                    reflections = saved_reflections_after(conn, oldest)
                bounce = _bounce_days(conn, at, reflections)
        else:
            kind = ("reflection", "win", "action", "interview")[ord_ - 1]
        items.append(TimelineItem(kind, _parse(at), stage, app, ref, company or "", role or "",
                                  text or "", bounce, (at, ord_, key), bool(dated)))
    return items


def saved_reflections_after(conn: sqlite3.Connection, stored: str) -> list[str]:
    """Stored instants of saved reflections strictly after `stored`, sorted (reflections have
    no index on saved_at: one scan per page, not one per no)."""
    return [value for (value,) in conn.execute(
        "SELECT saved_at FROM reflections WHERE status = 'saved' AND saved_at > ?"
        " ORDER BY saved_at", (stored,))]


def _bounce_days(conn: sqlite3.Connection, stored: str, reflections: Sequence[str]
                 ) -> float | None:
    (found,) = conn.execute(NEXT_ACTION_SQL, (stored,)).fetchone()
    i = bisect.bisect_right(reflections, stored)
    if i < len(reflections) and (found is None or reflections[i] < found):
        found = reflections[i]
    if found is None:
        return None
    return (_parse(found) - _parse(stored)).total_seconds() / 86400


# --- the charts ------------------------------------------------------------------------------


class ChartData(NamedTuple):
    """What the journey's charts draw, read in one transaction."""

    marks: tuple[tuple[str, str, date], ...]
    """(current stage, company, local outcome day) for each application with an outcome,
    ordered by outcome instant, ties by application id (as the metrics order them)."""
    bounce: tuple[tuple[datetime, float], ...]
    """(outcome instant, bounce-back days) for each no outcome followed by a job-hunt action,
    in the same order; their median is `stats.bounce_back.median_days`."""
    day_counts: dict[date, int]
    """Job-hunt actions per local day, for days on or after `since_day` (days with none are
    absent)."""
    stats: Stats
    """Every metric (`Store.stats`), from the same read."""


def chart_data_from(
    summaries: Iterable[ApplicationSummary],
    action_instants: Sequence[datetime],
    stats: Stats,
    *,
    tz: tzinfo,
    since_day: date,
) -> ChartData:
    """Chart data from what `Store.stats` reads: the application summaries, the sorted
    job-hunt action instants, and the stats computed from them."""
    stages = {s.id: s.stage or "" for s in summaries}
    marks = tuple((stages[o.application_id], o.company, o.at.astimezone(tz).date())
                  for o in stats.outcomes)
    bounce = []
    for outcome in stats.outcomes:  # as metrics.bounce_back counts them
        if outcome.kind != "no" or not outcome.dated:
            continue
        i = bisect.bisect_right(action_instants, outcome.at)
        if i < len(action_instants):
            elapsed = action_instants[i].astimezone(UTC) - outcome.at.astimezone(UTC)
            bounce.append((outcome.at, elapsed.total_seconds() / 86400))
    # A local day starts within a day of the UTC midnight of the same date: bisect from a
    # day before, then keep the instants whose local day counts.
    start = datetime.combine(since_day, time(), tzinfo=UTC) - timedelta(days=1)
    day_counts: dict[date, int] = {}
    for instant in action_instants[bisect.bisect_left(action_instants, start):]:
        day = instant.astimezone(tz).date()
        if day >= since_day:
            day_counts[day] = day_counts.get(day, 0) + 1
    return ChartData(marks, tuple(bounce), day_counts, stats)


# --- the story of an offer -------------------------------------------------------------------


class StoryNo(NamedTuple):
    """One no on the way to an offer."""

    company: str
    role: str
    stage: str
    """Its current stage (rejected or ghosted)."""
    day: date
    """The local day of its outcome."""


class KeptLine(NamedTuple):
    """One line the story of a yes keeps: something that went well, a reason that was not
    about the person, something learned, a win, a growth action done. Text the person wrote
    is quoted a sentence at a time, and only a sentence with no thinking trap in it."""

    company: str
    """The no it is about ("" for a win or an action)."""
    kind: str
    """One of `KEPT_KINDS`."""
    text: str


KEPT_KINDS = ("went well", "not about me", "learned", "win", "done")
"""What a kept line is, in the order a story tells them."""


class OfferStory(NamedTuple):
    """The run of no's that ended at one yes ("From no to next")."""

    company: str
    role: str
    application_id: int
    day: date
    """The local day of the yes outcome."""
    nos: tuple[StoryNo, ...]
    """The no's between the previous yes (or the start) and this one, oldest first; as many
    as the matching `Stats.runs.completed` run counts."""
    kept: tuple[KeptLine, ...]
    """What the run leaves to keep, by kind (`KEPT_KINDS`), each kind in time order: from
    the saved reflections about those no's (in the no's order), the wins logged and the
    growth actions done between the previous yes and this one."""


def offer_story(conn: sqlite3.Connection, application_id: int | None, *, tz: tzinfo
                ) -> OfferStory | None:
    """The story of the yes of `application_id` (None: the latest yes), cut exactly as the
    metrics cut rejection-to-offer runs; None when that application's outcome is not a yes
    (or there is no yes at all).

    Outcomes are ordered by (outcome instant, application id), as `metrics.order_outcomes`
    orders them: stored instants are fixed-width UTC text, so SQL compares them in time order.
    """
    if application_id is None:
        yes = conn.execute(
            "SELECT id, company, role, outcome_at FROM applications WHERE outcome = 'yes'"
            " AND outcome_at IS NOT NULL ORDER BY outcome_at DESC, id DESC LIMIT 1").fetchone()
    else:
        yes = conn.execute(
            "SELECT id, company, role, outcome_at FROM applications WHERE id = ?"
            " AND outcome = 'yes' AND outcome_at IS NOT NULL", (application_id,)).fetchone()
    if yes is None:
        return None
    yes_id, company, role, yes_at = yes
    previous = conn.execute(
        "SELECT outcome_at, id FROM applications WHERE outcome = 'yes'"
        " AND outcome_at IS NOT NULL AND (outcome_at, id) < (?, ?)"
        " ORDER BY outcome_at DESC, id DESC LIMIT 1", (yes_at, yes_id)).fetchone()
    after = previous or ("", 0)
    run = conn.execute(
        "SELECT id, company, role, stage, outcome_at FROM applications WHERE outcome = 'no'"
        " AND outcome_at IS NOT NULL AND (outcome_at, id) > (?, ?) AND (outcome_at, id) < (?, ?)"
        " ORDER BY outcome_at, id", (*after, yes_at, yes_id)).fetchall()
    nos = tuple(StoryNo(no_company, no_role, stage, _parse(at).astimezone(tz).date())
                for _, no_company, no_role, stage, at in run)
    position = {row[0]: (i, row[1]) for i, row in enumerate(run)}
    kept = _kept(conn, position, after[0], yes_at)
    return OfferStory(company, role, yes_id, _parse(yes_at).astimezone(tz).date(), nos, kept)


def _kept(conn: sqlite3.Connection, position: dict[int, tuple[int, str]], since: str,
          until: str) -> tuple[KeptLine, ...]:
    """The lines a story keeps (see `OfferStory.kept`): reflections about the no's of the
    run, wins and growth actions done in (since, until]."""
    from ...domain.traps import untrapped_sentences

    lines: list[tuple[int, tuple[Any, ...], KeptLine]] = []
    rank = {kind: number for number, kind in enumerate(KEPT_KINDS)}
    reflections = sorted(
        (position[app_id][0], saved_at, ref_id, position[app_id][1], *answers)
        for ref_id, app_id, saved_at, *answers in conn.execute(
            "SELECT id, application_id, saved_at, coalesce(went_well, ''),"
            " coalesce(reasons, '[]'), coalesce(reasons_text, ''),"
            " coalesce(taught_me, ''), coalesce(do_differently, '') FROM reflections"
            " WHERE status = 'saved' AND saved_at IS NOT NULL AND application_id IS NOT NULL")
        if app_id in position)
    for order, _saved, _id, company, went_well, reasons, reasons_text, taught, differ in \
            reflections:
        found = [("went well", line) for line in untrapped_sentences(went_well)]
        found += [("not about me", reason) for reason in json.loads(reasons)]
        found += [("not about me", line) for line in untrapped_sentences(reasons_text)]
        found += [("learned", line) for line in (*untrapped_sentences(taught),
                                                 *untrapped_sentences(differ))]
        lines += [(rank[kind], (order,), KeptLine(company, kind, text)) for kind, text in found]
    for at, text in conn.execute("SELECT at, text FROM wins WHERE at > ? AND at <= ?"
                                 " ORDER BY at, id", (since, until)):
        lines += [(rank["win"], (at,), KeptLine("", "win", line))
                  for line in untrapped_sentences(text)]
    for at, text in conn.execute(
            "SELECT done_at, text FROM growth_actions WHERE done_at > ? AND done_at <= ?"
            " ORDER BY done_at, id", (since, until)):
        lines += [(rank["done"], (at,), KeptLine("", "done", line))
                  for line in untrapped_sentences(text)]
    seen: set[tuple[str, str]] = set()
    kept = []
    for _rank, _order, line in sorted(lines, key=lambda found: (found[0], found[1])):
        if (line.kind, line.text.casefold()) not in seen:  # a reason chosen twice: once
            seen.add((line.kind, line.text.casefold()))
            kept.append(line)
    return tuple(kept)
